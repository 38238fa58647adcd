"""The one write path of a project: :func:`execute` a typed command for a viewer.

Importing this package registers every command's handler."""

from . import accounts, basket, codebook, codings, history, memos, project, texts  # noqa: F401
from .core import execute, wordless
from .history import Replayed

__all__ = ["Replayed", "execute", "wordless"]
