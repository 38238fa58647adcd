"""The codebook and the whole project in and out of other tools (REFI-QDA)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import PassphraseFile, ProjectArg, UserOpt, app, fail, passphrase, read, signed_in

codebook_app = typer.Typer(help="The project's codebook in and out (REFI-QDA .qdc, YAML).",
                           no_args_is_help=True)
app.add_typer(codebook_app, name="codebook")


@codebook_app.command("export")
def codebook_export(
    project: ProjectArg,
    user: UserOpt,
    out: Annotated[Path, typer.Option("--out", help="FILE.qdc (REFI-QDA) or FILE.yaml.")],
) -> None:
    """Write the project's codebook for another tool (.qdc) or for a new project (.yaml)."""
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
    typer.echo(f"{len(book.codes)} codes written to {out}")


@codebook_app.command("import")
def codebook_import(
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="A .qdc codebook, or a .qde / .qdpx project "
                                         "from NVivo, ATLAS.ti, MAXQDA, QualCoder...")],
    user: UserOpt,
) -> None:
    """Add the codes of another tool's codebook that the project does not have yet (matched
    by GUID, else by name under the same parent); one transaction."""
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
    typer.echo(f"{added} code(s) added ({len(book.codes) - added} already in the codebook)")


# -- the whole project through REFI-QDA ------------------------------------------------------
qdpx_app = typer.Typer(help="The project in and out of NVivo, ATLAS.ti, MAXQDA, QualCoder... "
                       "(REFI-QDA .qdpx).", no_args_is_help=True)
app.add_typer(qdpx_app, name="qdpx")


@qdpx_app.command("export")
def qdpx_export(
    project: ProjectArg,
    user: UserOpt,
    out: Annotated[Path, typer.Option("--out", help="FILE.qdpx")],
) -> None:
    """Write the pseudonymised texts, codebook, codings, memos and participants' attributes
    (as cases) for another tool; never the pseudonym key."""
    from ..refi import to_qdpx

    try:
        p, viewer = signed_in(project, user)
        out.write_bytes(to_qdpx(p, viewer))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{len(p.documents())} documents written to {out}")


@qdpx_app.command("import")
def qdpx_import(
    project: ProjectArg,
    file: Annotated[Path, typer.Argument(help="A .qdpx (or .qde) from another tool.")],
    user: UserOpt,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Bring another tool's project in: codebook, text sources (pseudonymised at the door,
    read into turns) and their codings; one transaction per document."""
    from ..refi import import_qdpx

    try:
        p, viewer = signed_in(project, user)
        data = read(file)
        done = import_qdpx(p, data, file.name, passphrase(passphrase_file), viewer)
    except TupsalcoError as exc:
        fail(exc)
    for s in done.sources:
        how = f"  [{s.document_kind}; {s.language}; positions: {s.reading}]" \
            if s.document_kind else ""
        typer.echo(f"{s.status:10} {s.name}: {s.codings_imported}/{s.codings_in_file} "
                   f"coding(s){how}" + (f"  ({s.why})" if s.why else ""))
    for why in done.left_out:
        typer.echo(f"left out   {why}")
    for warning in done.warnings:
        typer.echo(f"review     {warning}")
    for t in done.tallies:
        typer.echo(f"{t.what:19} {t.imported} of {t.in_file} in the file" +
                   (f" ({t.how})" if t.how else ""))
    imported = sum(r.status == "imported" for r in done.documents)
    typer.echo(f"{done.codes_added} code(s) added, {imported} document(s) imported with "
               f"{done.codings} coding(s), {done.memos} memo(s), {len(done.left_out)} item(s) "
               "left out")
    if done.nothing_in:
        typer.echo(f"{file.name} : rien de ce fichier n'est entré dans le projet.", err=True)
    if done.nothing_in or any(r.status == "failed" for r in done.documents):
        raise typer.Exit(1)
