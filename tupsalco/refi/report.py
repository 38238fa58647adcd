"""What importing another tool's project did, item by item: nothing is dropped silently."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree as ET

from ..records import ImportResult
from .xml import child, children, listed, local, norm_guid


@dataclass(frozen=True, slots=True)
class SourceReport:
    """One source of the file: what it was, what became of it, and its codings."""

    name: str
    kind: str  # the REFI-QDA element: TextSource, PDFSource, PictureSource...
    status: str  # imported, unchanged, failed, left out
    codings_in_file: int
    codings_imported: int = 0
    document_kind: str = ""  # interview, observation, text: how its text was read
    reading: str = ""  # how its selections' positions were counted
    language: str = ""
    why: str = ""  # why it failed or was left out


@dataclass(frozen=True, slots=True)
class Tally:
    """How many of one kind of item the file held, and how many came in."""

    what: str
    in_file: int
    imported: int
    how: str = ""  # what they became, or why they did not come in


@dataclass(frozen=True, slots=True)
class ProjectImport:
    """What importing another tool's project did."""

    codes_added: int
    documents: tuple[ImportResult, ...]
    codings: int
    left_out: tuple[str, ...]  # what could not come in, each said with its source's name
    memos: int = 0
    sources: tuple[SourceReport, ...] = ()
    tallies: tuple[Tally, ...] = ()
    warnings: tuple[str, ...] = ()  # what came in but needs a reviewer (a foreign language)
    codes_in_file: int = 0

    @property
    def nothing_in(self) -> bool:
        """The file brought nothing: no code, no document (new or already here), no memo."""
        return (self.codes_in_file == 0 and self.memos == 0
                and not any(r.status in ("imported", "unchanged") for r in self.documents))


def graphs_and_links(root: ET.Element) -> tuple[list[Tally], list[str]]:
    """Links and graphs are not kept by the workbench: counted, and each listed by what it
    joins (kinds of items, never their names)."""
    kinds = {norm_guid(el.get("guid")): local(el.tag) for el in root.iter()
             if isinstance(el.tag, str) and el.get("guid")}
    lines = []
    links = list(listed(root, "Links", "Link"))
    for n, link in enumerate(links, 1):
        origin = kinds.get(norm_guid(link.get("originGUID")), "inconnu")
        target = kinds.get(norm_guid(link.get("targetGUID")), "inconnu")
        lines.append(f"lien {n} ({link.get('direction') or 'sans direction'}) : d'un élément "
                     f"{origin} à un élément {target} ; Tupsalco ne garde pas les liens.")
    graphs = list(listed(root, "Graphs", "Graph"))
    for n, graph in enumerate(graphs, 1):
        lines.append(f"graphe {n} : {sum(1 for _ in children(graph, 'Vertex'))} sommet(s), "
                     f"{sum(1 for _ in children(graph, 'Edge'))} arête(s) ; Tupsalco ne garde "
                     "pas les graphes.")
    return [Tally("links", len(links), 0, "listés dans ce rapport, non gardés"),
            Tally("graphs", len(graphs), 0, "listés dans ce rapport, non gardés")], lines


def description(el: ET.Element) -> str:
    desc = child(el, "Description")
    return (desc.text or "").strip() if desc is not None else ""
