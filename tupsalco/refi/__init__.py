"""REFI-QDA exchange (qdasoftware.org): the codebook (``.qdc``) and the project (``.qdpx``)."""

from .codebook import from_qdc, read_codebook, to_qdc
from .project_export import to_qdpx
from .project_import import import_qdpx
from .report import ProjectImport

__all__ = ["ProjectImport", "from_qdc", "import_qdpx", "read_codebook", "to_qdc", "to_qdpx"]
