"""ELAN ``.eaf``, read with pympi-ling: one top-level tier per speaker, time slots in ms.

A tier's ``TIER_ID`` and ``PARTICIPANT`` are compared with the study's labels only (a
participant is often a real name). Dependent tiers (``PARENT_REF``: translations, glosses,
comments on a speaker's tier) are not speech and are not read. Annotations of all speakers are
put in time order.
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from xml.etree import ElementTree as ET

from pympi.Elan import Eaf

from ...errors import UnreadableDocumentError
from ..speakers import Speaker, Speech, Utterance
from .xml import parse_xml

_XSI = "{http://www.w3.org/2001/XMLSchema-instance}noNamespaceSchemaLocation"


def read(path: Path, data: bytes) -> Speech:
    eaf = _load(path, data)
    speakers: list[Speaker] = []
    timed: list[tuple[int, int, Utterance]] = []
    for ordinal, (tier_id, (aligned, _refs, attributes, _n)) in enumerate(eaf.tiers.items()):
        if attributes.get("PARENT_REF") or not aligned:
            continue
        speakers.append(Speaker(tier_id, (tier_id, attributes.get("PARTICIPANT", ""))))
        start = 0
        for ts1, _ts2, value, *_ in aligned.values():
            # an unaligned slot (no TIME_VALUE) keeps its place after the one before it
            start = eaf.timeslots.get(ts1) if eaf.timeslots.get(ts1) is not None else start
            timed.append((start, ordinal, Utterance(tier_id, value or "", start / 1000)))
    timed.sort(key=lambda t: (t[0], t[1]))
    return Speech(tuple(speakers), tuple(u for _, _, u in timed))


def _load(path: Path, data: bytes) -> Eaf:
    """pympi reads a file path with the standard XML parser: it is given a copy written
    from the tree defusedxml parsed, so what it reads has no entity and is well-formed."""
    root = parse_xml(path, data, "ELAN")
    # pympi 1.71 needs the schema location that ELAN writes and other tools leave out
    root.set(_XSI, root.get(_XSI, "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"))
    with tempfile.TemporaryDirectory(prefix="tupsalco-eaf-") as tmp:
        copy = Path(tmp) / "document.eaf"
        copy.write_bytes(ET.tostring(root, encoding="utf-8"))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "unknown version of ELAN spec"
                return Eaf(str(copy), suppress_version_warning=True)
        except Exception as exc:  # pympi raises bare Exception, KeyError, ValueError...
            raise UnreadableDocumentError(
                f"{path.name} : le fichier ELAN ne se lit pas ({type(exc).__name__}) ; "
                "ouvrez-le dans ELAN et enregistrez-le de nouveau."
            ) from None
