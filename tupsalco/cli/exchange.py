"""The codebook and the whole project in and out of other tools (REFI-QDA)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import STATUS, PassphraseFile, ProjectArg, UserOpt, app, fail, passphrase, read, signed_in

# the kinds of item a REFI-QDA project holds, as the import's report names them
TALLIES = {"codes": "codes", "sources": "sources", "codings": "codages", "links": "liens",
           "graphs": "graphes", "notes": "notes", "note titles": "titres de notes",
           "quotation comments": "commentaires de citations", "sets": "ensembles"}

codebook_app = typer.Typer(help="Le codebook du projet, exporté ou importé (REFI-QDA .qdc, "
                           "YAML).",
                           no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


@codebook_app.command("export")
def codebook_export(
    project: ProjectArg,
    user: UserOpt,
    out: Annotated[Path, typer.Option("--out", help="FICHIER.qdc (REFI-QDA) ou FICHIER.yaml.")],
) -> None:
    """Écrire le codebook du projet pour un autre logiciel (.qdc) ou pour un nouveau projet
    (.yaml)."""
    from ..accounts import require
    from ..codebook import dump_codebook
    from ..coding import codebook
    from ..records import AccountRole
    from ..refi import to_qdc

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        book = codebook(p)
    except TupsalcoError as exc:
        fail(exc)
    if out.suffix.lower() in (".yaml", ".yml"):
        out.write_text(dump_codebook(book), encoding="utf-8")
    else:
        out.write_bytes(to_qdc(book))
    typer.echo(f"{len(book.codes)} code(s) écrit(s) dans {out}")


@codebook_app.command("import")
def codebook_import(
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="Un codebook .qdc, ou un projet .qde / .qdpx "
                                         "de NVivo, ATLAS.ti, MAXQDA, QualCoder…")],
    user: UserOpt,
) -> None:
    """Ajouter les codes du codebook d'un autre logiciel que le projet n'a pas encore
    (reconnus par leur GUID, sinon par leur nom sous le même parent), en une seule fois."""
    from ..accounts import require
    from ..coding import codebook, import_codebook
    from ..records import AccountRole
    from ..refi import from_qdc

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        data = read(file)
        book = from_qdc(data, file.name, codebook(p).codes)
        added = import_codebook(p, viewer, book)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{added} code(s) ajouté(s) ({len(book.codes) - added} déjà dans le codebook)")


# -- the whole project through REFI-QDA ------------------------------------------------------
qdpx_app = typer.Typer(help="Le projet exporté vers NVivo, ATLAS.ti, MAXQDA, QualCoder… ou "
                       "importé depuis eux (REFI-QDA .qdpx).", no_args_is_help=True)
app.add_typer(qdpx_app, name="qdpx")


@qdpx_app.command("export")
def qdpx_export(
    project: ProjectArg,
    user: UserOpt,
    out: Annotated[Path, typer.Option("--out", help="FICHIER.qdpx")],
) -> None:
    """Écrire pour un autre logiciel les textes pseudonymisés, le codebook, les codages, les
    mémos et les attributs des participant·e·s (en cas) ; jamais la clé des pseudonymes."""
    from ..refi import to_qdpx

    try:
        p, viewer = signed_in(project, user)
        out.write_bytes(to_qdpx(p, viewer))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{len(p.documents())} document(s) écrit(s) dans {out}")


@qdpx_app.command("import")
def qdpx_import(
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="Un .qdpx (ou .qde) d'un autre logiciel.")],
    user: UserOpt,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Faire entrer le projet d'un autre logiciel : codebook, sources textuelles
    (pseudonymisées dès l'entrée, découpées en tours de parole) et leurs codages ; chaque
    document entre en une seule fois."""
    from ..query import KIND_NAMES
    from ..refi import import_qdpx

    try:
        p, viewer = signed_in(project, user)
        data = read(file)
        done = import_qdpx(p, data, file.name, passphrase(passphrase_file), viewer)
    except TupsalcoError as exc:
        fail(exc)
    for s in done.sources:
        kind = KIND_NAMES.get(s.document_kind, s.document_kind)
        how = f"  [{kind} ; {s.language} ; positions : {s.reading}]" if s.document_kind else ""
        typer.echo(f"{STATUS.get(s.status, s.status):14} {s.name} : {s.codings_imported}/"
                   f"{s.codings_in_file} codage(s){how}" + (f"  ({s.why})" if s.why else ""))
    for why in done.left_out:
        typer.echo(f"{'laissé de côté':14} {why}")
    for warning in done.warnings:
        typer.echo(f"{'à relire':14} {warning}")
    for t in done.tallies:
        typer.echo(f"{TALLIES.get(t.what, t.what):25} {t.imported} sur {t.in_file} dans le "
                   "fichier" + (f" ({t.how})" if t.how else ""))
    imported = sum(r.status == "imported" for r in done.documents)
    typer.echo(f"{done.codes_added} code(s) ajouté(s), {imported} document(s) importé(s) avec "
               f"{done.codings} codage(s), {done.memos} mémo(s), {len(done.left_out)} "
               "élément(s) laissé(s) de côté")
    if done.nothing_in:
        typer.echo(f"{file.name} : rien de ce fichier n'est entré dans le projet.", err=True)
    if done.nothing_in or any(r.status == "failed" for r in done.documents):
        raise typer.Exit(1)
