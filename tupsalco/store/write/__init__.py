"""The one write path of a project: :func:`execute` a typed command for a viewer.

Importing this package registers every command's handler."""

from . import (  # noqa: F401
    accounts,
    basket,
    codebook,
    codings,
    history,
    memos,
    project,
    rounds,
    texts,
)
from .core import execute, wordless
from .history import Replayed

__all__ = ["Replayed", "execute", "wordless"]
