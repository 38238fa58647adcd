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
    text: str, turns: list[dict[str, Any]], codings: list[dict[str, Any]], key: str
) -> Selection | None:
    """Render ``text`` turn by turn with highlighted codings; return the last selection."""
    return _component(text=text, turns=turns, codings=codings, key=key, default=None)
