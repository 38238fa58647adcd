"""Another tool's project in through REFI-QDA ``.qdpx``: codebook, text sources, codings, notes.

Sources are read (as transcripts, observation notes or plain documents) and pseudonymised at
the door like any file; a coding's positions, counted as the other tool counts them, are
carried through the reading and the pseudonymisation. What cannot come in is listed and
counted, never silently dropped, and never with the paths other tools write (they name users'
folders).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import coding
from ..accounts import require
from ..errors import ExchangeError, TupsalcoError
from ..folding import fold
from ..ingest import ParticipantSheet
from ..ingest.files import content_hash, read_paragraphs
from ..ingest.language import check_french
from ..ingest.sources import plain_document, read_text_source
from ..ingest.turns import build_turns, segments
from ..offsets import align
from ..project import Progress, Project
from ..pseudonymise.engine import PseudonymisedText, Pseudonymiser
from ..pseudonymise.languages import LanguageAwarePseudonymiser
from ..pseudonymise.names import DocumentNamer
from ..pseudonymise.vault import KeyData
from ..records import (
    AccountRole,
    DocumentKind,
    ImportResult,
    ObservationHeader,
    ParsedDocument,
    Participant,
    Viewer,
)
from ..store import repository as repo
from ..store.commands import StoredCoding
from .codebook import read_codebook
from .memos import Imported, import_memos
from .report import ProjectImport, SourceReport, Tally, graphs_and_links
from .sources import (
    Budget,
    Selection,
    SourceSelections,
    count_codings,
    position_reading,
    read_selections,
    source_text,
)
from .xml import check_namespace, child, children, listed, local, norm_guid, parse, qde_bytes

__all__ = ["ProjectImport", "import_qdpx", "position_reading"]
_KINDS = {"PDFSource": "un PDF", "PictureSource": "une image", "AudioSource": "un fichier audio",
          "VideoSource": "une vidéo"}


def external_coder(keys: KeyData, name: str, team: Set[str]) -> str:
    """The coder a project file's user becomes: an account of this project by its user name
    (a round trip through .qdpx keeps the team's coders), anyone else ``externe-1``,
    ``externe-2``..., kept in the key so that only the key's holders can tell who coded, and
    a user met again takes the same label."""
    if name.strip().lower() in team:
        return name.strip().lower()
    entry = f"CODER|{fold(name.strip())}"
    if entry not in keys.lexicon:
        keys.counters["CODER"] = keys.counters.get("CODER", 0) + 1
        label = f"externe-{keys.counters['CODER']}"
        keys.lexicon[entry] = label
        keys.originals.setdefault(label, []).append(name.strip())
    return keys.lexicon[entry]


@dataclass
class _Plan:
    """The sources read from the file, before they are stored."""

    docs: list[ParsedDocument | ImportResult] = field(default_factory=list)
    source_of: list[str | None] = field(default_factory=list)  # GUID behind each of docs
    pending: dict[str, tuple[str, SourceSelections]] = field(default_factory=dict)
    reports: list[SourceReport] = field(default_factory=list)  # one per source, in order
    placed: dict[str, list[tuple[Selection, int, int]]] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def import_qdpx(project: Project, data: bytes, name: str, passphrase: str, viewer: Viewer,
                progress: Progress | None = None, pseudonymiser: Pseudonymiser | None = None,
                ) -> ProjectImport:
    """Bring another tool's project in: its codebook (codes matched by GUID, else by name),
    its text sources as documents (read and pseudonymised at the door, each in its own
    transaction with its codings), its codings (positions read as the tool counted them),
    and its notes, quotation comments and sets as memos. A source in another language than
    French is pseudonymised by the rules that do not depend on the language, and reported
    for review. What cannot come in is listed and counted."""
    require(viewer, AccountRole.ADMIN, AccountRole.CODER)
    vault, keys = project.open_vault(passphrase)  # a wrong passphrase stops before any change
    archive = _archive(data, name)
    root = parse(qde_bytes(data, name, ExchangeError), name, ExchangeError)
    check_namespace(root, name, ExchangeError)
    if local(root.tag) != "Project":
        raise ExchangeError(f"{name} : ce n'est pas un projet REFI-QDA (élément racine "
                            f"{local(root.tag)}) ; un codebook (.qdc) s'importe sur la page "
                            "Codebook.", file=name)
    known = coding.codebook(project).codes
    book, code_ids = read_codebook(root, name, known)
    code_ids = {c.guid: c.id for c in known} | code_ids
    added = coding.import_codebook(project, viewer, book) if book.codes else 0
    # another tool's users are people's names: the project's own accounts keep theirs, anyone
    # else comes in as "externe-N", the key keeping who (the same person, the same label)
    with project.db.session() as s:
        team = {a.username for a in repo.accounts(s)}
    users = {norm_guid(u.get("guid")): external_coder(keys, u.get("name") or u.get("id") or "",
                                                      team)
             for u in listed(root, "Users", "User")}
    budget = Budget()
    plan = _read_sources(project, root, archive, keys, code_ids, users, viewer.username,
                         budget)

    engine = pseudonymiser or project.pseudonymiser(keys, LanguageAwarePseudonymiser)
    results = project.import_parsed(viewer, plan.docs, passphrase,
                                    progress=progress, pseudonymiser=engine,
                                    codings=lambda d, r: _codings_for(plan, d, r),
                                    opened=(vault, keys))
    where = _landed(project, viewer, plan, results, code_ids)
    n_memos, memo_tallies = import_memos(project, root, archive, (vault, keys), engine, where,
                                         viewer, name, budget, plan.left_out,
                                         plan.warnings)
    sources = _final_reports(plan, results)
    imported = {r.document_id for r in results if r.status == "imported"}
    n_codings = sum(1 for c in coding.codings(project, viewer) if c.document_id in imported)
    link_tallies, link_lines = graphs_and_links(root)
    tallies = [*_tallies(len(book.codes), added, sources), *memo_tallies, *link_tallies]
    return ProjectImport(added, tuple(results), n_codings,
                         tuple(plan.left_out + link_lines), n_memos, tuple(sources),
                         tuple(tallies), tuple(plan.warnings), len(book.codes))


def _tallies(n_codes: int, added: int, sources: Sequence[SourceReport]) -> list[Tally]:
    return [
        Tally("codes", n_codes, n_codes, f"{added} ajouté(s), les autres déjà là"),
        Tally("sources", len(sources),
              sum(s.status in ("imported", "unchanged") for s in sources),
              "documents (nouveaux, ou déjà là)"),
        Tally("codings", sum(s.codings_in_file for s in sources),
              sum(s.codings_imported for s in sources), "codages des nouveaux documents"),
    ]


def _archive(data: bytes, name: str) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(f"{name} : archive .qdpx illisible ({exc}) ; exportez de "
                            "nouveau le projet.", file=name) from None


def _read_sources(project: Project, root: ET.Element, archive: zipfile.ZipFile | None,
                  keys: KeyData, code_ids: dict[str, str], users: dict[str | None, str],
                  importer: str, budget: Budget) -> _Plan:
    """Every source of the file, read (text sources and PDFs' text representations) or
    reported as left out with its codings."""
    plan = _Plan()
    sheet = ParticipantSheet(tuple(project.participants()))
    variables = {norm_guid(v.get("guid")): (v.get("name") or "").strip()
                 for v in listed(root, "Variables", "Variable")}
    cases: dict[str | None, list[str]] = {}  # source GUID: names of the cases it belongs to
    for case in listed(root, "Cases", "Case"):
        for ref in children(case, "SourceRef"):
            cases.setdefault(norm_guid(ref.get("targetGUID")), []).append(case.get("name", ""))
    names: set[str] = set()
    # a name the key knows or that looks like one is replaced, as in a file's name
    rename = DocumentNamer(keys, [p.id for p in sheet.participants], project.allow_terms())
    for source in listed(root, "Sources"):
        # NFC: macOS tools write names decomposed ("e" and a combining accent)
        label = rename(unicodedata.normalize(
            "NFC", (source.get("name") or source.get("guid") or "?").strip()))
        base, n = label, 2
        while label in names:  # tools allow two sources of one name; documents do not
            label, n = f"{base} ({n})", n + 1
        names.add(label)
        _read_source(plan, source, label, archive, budget, sheet,
                     _values(source, variables), cases, code_ids, users, importer)
    return plan


def _read_source(plan: _Plan, source: ET.Element, label: str,
                 archive: zipfile.ZipFile | None, budget: Budget, sheet: ParticipantSheet,
                 values: dict[str, str], cases: dict[str | None, list[str]],
                 code_ids: dict[str, str], users: dict[str | None, str], importer: str) -> None:
    kind, n_codings = local(source.tag), count_codings(source)
    guid = norm_guid(source.get("guid"))

    def leave(why: str) -> None:
        plan.left_out.append(f"{why} ({n_codings} codage(s) laissé(s) de côté avec elle)")
        plan.reports.append(SourceReport(label, kind, "left out", n_codings, why=why))

    text_el = source if kind == "TextSource" else _representation(source)
    if text_el is None:
        what = _KINDS.get(kind, "une source d'un autre type")
        leave(f"{label} : {what} sans texte ; seul le texte est importé.")
        return
    try:
        text = source_text(text_el, archive, label, budget)
    except ExchangeError as exc:
        leave(str(exc))
        return
    try:
        path = Path(label if label.lower().endswith(".txt") else f"{label}.txt")
        doc = _parse(path, text.text, values)
    except TupsalcoError as exc:
        plan.docs.append(ImportResult(label, "failed", error=str(exc)))
        plan.source_of.append(None)
        plan.reports.append(SourceReport(label, kind, "failed", n_codings, why=str(exc)))
        return
    person = _participant(sheet, cases.get(guid, []), path) \
        if doc.kind is DocumentKind.INTERVIEW else None
    doc = replace(doc, name=label, source_format="qdpx",
                  participant_id=person.id if person else None)
    selections = read_selections(text_el, text, label, code_ids, users, importer)
    plan.left_out.extend(selections.left_out)
    others = n_codings - count_codings(text_el)
    if others:
        plan.left_out.append(f"{label} : {others} codage(s) de zones de la source "
                             f"({_KINDS.get(kind, kind)}) et non de son texte, laissé(s) de "
                             "côté.")
    language = check_french(doc.text)
    if not language.french:
        plan.warnings.append(
            f"{label} : pas en français ({language.share:.0%} de ses mots sont des mots "
            "français courants) : pseudonymisé par les règles qui ne dépendent pas de la langue "
            "(courriels, pseudos, numéros de téléphone, dates, adresses, noms que le projet "
            "connaît), et non par le modèle français ; relisez-le sur la page Pseudonymisation "
            "avant de l'utiliser.")
    plan.pending[doc.name] = (text.text, selections)
    plan.docs.append(doc)
    plan.source_of.append(guid)
    plan.reports.append(SourceReport(label, kind, "", n_codings, document_kind=doc.kind.value,
                                     reading=selections.reading.name
                                     if selections.codings else "",
                                     language=language.label))


def _representation(source: ET.Element) -> ET.Element | None:
    """A PDF's text representation (ATLAS.ti, MAXQDA), which text selections are made on."""
    rep = child(source, "Representation")
    if rep is not None and (rep.get("plainTextPath") or child(rep, "PlainTextContent")
                            is not None):
        return rep
    return None


def _codings_for(plan: _Plan, doc: ParsedDocument,
                 result: PseudonymisedText) -> list[StoredCoding]:
    """A document's codings, from the source's positions to the stored text's: through the
    reading (labels, timestamps, blank lines dropped) and the pseudonymisation."""
    text, selections = plan.pending[doc.name]
    alignment = align(text, doc.text)
    rows, placed = [], []
    for sel in selections.codings:
        span = alignment.span(sel.start, sel.end)
        if span is None:
            plan.left_out.append(f"{doc.name} : un codage de « {sel.code_id} » en {sel.start}"
                                 f"-{sel.end} ne portait que sur un nom de locuteur·rice ou un "
                                 "horodatage.")
            continue
        start = result.offsets.to_new(span[0], inside="start")
        end = result.offsets.to_new(span[1])
        rows.append(StoredCoding(sel.code_id, start, end, sel.coder))
        placed.append((sel, start, end))
    plan.placed[doc.name] = placed
    return rows


def _landed(project: Project, viewer: Viewer, plan: _Plan, results: Sequence[ImportResult],
            code_ids: dict[str, str]) -> Imported:
    """Where the file's sources, selections and codes are in the project now."""
    documents: dict[str, int] = {}
    selections: dict[str, int] = {}
    selection_documents: dict[str, int] = {}
    for guid, doc, result in zip(plan.source_of, plan.docs, results, strict=True):
        if guid is None or result.document_id is None:
            continue
        documents[guid] = result.document_id
        if result.status != "imported":
            continue  # imported before: its comments and quotation notes came in then
        ids = {(c.code_id, c.start, c.end): c.id
               for c in coding.codings(project, viewer, result.document_id)}
        for sel, start, end in plan.placed.get(result.name, []):
            if sel.selection is not None and (sel.code_id, start, end) in ids:
                selections.setdefault(sel.selection, ids[(sel.code_id, start, end)])
        if isinstance(doc, ParsedDocument):
            for sel_guid, *_ in plan.pending[doc.name][1].comments:
                if sel_guid is not None:
                    selection_documents[sel_guid] = result.document_id
            for sel in plan.pending[doc.name][1].codings:
                if sel.selection is not None:
                    selection_documents[sel.selection] = result.document_id
    labels = {c.id: c.label for c in coding.codebook(project).codes}
    names = {r.document_id: r.name for r in results if r.document_id is not None}
    return Imported(documents, selections, selection_documents, code_ids, names, labels)


def _final_reports(plan: _Plan, results: Sequence[ImportResult]) -> list[SourceReport]:
    """The sources' reports with what storing them did."""
    by_name = {r.name: r for r in results}
    out = []
    for report in plan.reports:
        result = by_name.get(report.name)
        if report.status or result is None:
            out.append(report)
            continue
        placed = len(plan.placed.get(report.name, [])) if result.status == "imported" else 0
        out.append(replace(report, status=result.status, codings_imported=placed,
                           why=result.error or ""))
    return out


def _values(el: ET.Element, variables: dict[str | None, str]) -> dict[str, str]:
    out = {}
    for value in children(el, "VariableValue"):
        ref, text = child(value, "VariableRef"), child(value, "TextValue")
        if ref is not None and text is not None and text.text:
            out[variables.get(norm_guid(ref.get("targetGUID")), "")] = text.text.strip()
    return out


def _parse(path: Path, text: str, values: dict[str, str]) -> ParsedDocument:
    """A source read as its variables say when they are ours (our export writes the kind of
    document, and an observation note's header, as the source's variables); else as a
    transcript, an observation note or a plain document, whichever it looks like."""
    data = text.encode("utf-8")
    kind = values.get("type de document")  # the variables project_export writes
    if kind == "entretien":
        body, turns = build_turns(path, read_paragraphs(path, data), unknown_labels=True)
        return ParsedDocument(name=path.name, kind=DocumentKind.INTERVIEW, text=body,
                              turns=turns, content_hash=content_hash(data))
    if kind == "texte":
        return plain_document(path, text, content_hash(data))
    if kind != "observation":
        return read_text_source(path, data)
    body, turns = segments([p.text for p in read_paragraphs(path, data)])
    header = ObservationHeader(
        values.get("période", ""), values.get("site d'observation", ""),
        values.get("activité", ""),
        tuple(x.strip() for x in values.get("présent·e·s", "").split(",") if x.strip()),
    ) if values.get("période") else None
    return ParsedDocument(name=path.name, kind=DocumentKind.OBSERVATION, text=body,
                          turns=turns, content_hash=content_hash(data), header=header,
                          source_format="qdpx")


def _participant(sheet: ParticipantSheet, case_names: Sequence[str], path: Path
                 ) -> Participant | None:
    """The participant a source belongs to: named by one of its cases (NVivo, MAXQDA and
    ATLAS.ti attach attributes to cases), else by its file name; None if neither says."""
    for name in [*case_names, path.stem]:
        found = sheet.match_file(Path(f"{name}.txt"))
        if found is not None:
            return found
    return None

