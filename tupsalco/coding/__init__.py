"""Coding: the project's codebook, codings, memos, and undo/redo of one's own changes.

Every change is a typed command run by ``Project.execute`` for a viewer (``store.write``);
reads apply what the viewer may see (blind coding)."""

from .codes import (
    add_code,
    codebook,
    delete_code,
    import_codebook,
    merge_codes,
    move_code,
    rename_code,
)
from .codings import (
    add_coding,
    add_coding_many,
    code_turn,
    coders,
    coding,
    codings,
    codings_by_id,
    compared_codings,
    import_reference_codings,
    recode,
    reconcile,
    reject_suggestion,
    rejected_codes,
    remove_coding,
    set_aside_pass,
)
from .history import KIND_NAMES, redo, said, undo
from .memos import MEMO_TARGETS, add_memo, delete_memo, edit_memo, memos

__all__ = [
    "KIND_NAMES", "MEMO_TARGETS", "add_code", "add_coding", "add_coding_many", "add_memo",
    "code_turn", "codebook", "coders", "compared_codings", "coding", "codings", "codings_by_id",
    "delete_code", "delete_memo",
    "edit_memo", "import_codebook", "import_reference_codings", "memos", "merge_codes",
    "move_code", "recode", "reconcile", "redo", "reject_suggestion", "rejected_codes",
    "remove_coding", "rename_code", "said", "set_aside_pass", "undo",
]
