"""A transcript whose mouse selections come back as character offsets (Streamlit component).

The front end is one static HTML file speaking Streamlit's component protocol: nothing to
build at install time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

import streamlit.components.v1 as components

_component = components.declare_component("tupsalco_selectable_text",
                                          path=str(Path(__file__).parent))


class Selection(TypedDict):
    start: int
    end: int
    text: str
    nonce: int


def selectable_text(
    text: str, turns: list[dict[str, Any]], codings: list[dict[str, Any]], key: str,
    surrogates: list[list[int]] | None = None,
) -> Selection | None:
    """Render ``text`` turn by turn with highlighted codings and surrogates (``[start, end]``
    code-point spans, shown as on the Lecture page); return the last selection."""
    return _component(text=text, turns=turns, codings=codings, surrogates=surrogates or [],
                      key=key, default=None)
