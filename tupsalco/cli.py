"""The ``tupsalco`` command line: each command only calls the library."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import TupsalcoError

app = typer.Typer(help="Tupsalco workbench: import, pseudonymise and explore interviews.",
                  no_args_is_help=True, pretty_exceptions_enable=False)

ProjectArg = Annotated[Path, typer.Argument(help="The project folder.")]
PassphraseFile = Annotated[
    Path | None,
    typer.Option("--passphrase-file", help="File holding the passphrase (else "
                 "$TUPSALCO_PASSPHRASE, else a prompt)."),
]


def _passphrase(path: Path | None, confirm: bool = False) -> str:
    if path is not None:
        return path.read_text(encoding="utf-8").strip()
    if os.environ.get("TUPSALCO_PASSPHRASE"):
        return os.environ["TUPSALCO_PASSPHRASE"]
    return typer.prompt("Passphrase of the pseudonym key", hide_input=True,
                        confirmation_prompt=confirm)


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as exc:
        raise TupsalcoError(f"{file}: cannot be read ({exc.strerror}).") from None


def _fail(exc: TupsalcoError) -> None:
    typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
    raise typer.Exit(2)


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


@app.command()
def init(
    project: ProjectArg,
    name: Annotated[str | None, typer.Option(help="Project name.")] = None,
    vault: Annotated[Path | None, typer.Option(help="Where to keep the encrypted key "
                                               "(default ~/.local/share/tupsalco).")] = None,
    participants: Annotated[Path | None, typer.Option(help="Participants sheet to load.")] = None,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Create a project folder and its encrypted pseudonym key."""
    from .project import Project

    try:
        secret = _passphrase(passphrase_file, confirm=True)
        p = Project.create(project, secret, name=name, vault_path=vault)
        if participants:
            n = p.import_participants(participants, secret)
            typer.echo(f"{n} participants loaded")
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"project created in {project}; pseudonym key in {p.vault_path}")


@app.command("import")
def import_(
    project: ProjectArg,
    files: Annotated[list[Path], typer.Argument(help="Transcripts and notes (.docx, .txt).")],
    participants: Annotated[
        Path | None, typer.Option(help="Participants sheet to load first.")
    ] = None,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Import transcripts and observation notes, pseudonymised at the door."""
    from .project import Project

    try:
        p = Project.open(project)
        secret = _passphrase(passphrase_file)
        if participants:
            p.import_participants(participants, secret)
        results = p.import_files(files, secret)
    except TupsalcoError as exc:
        _fail(exc)
    for r in results:
        line = f"{r.status:9} {r.name}"
        if r.status == "imported":
            line += f" ({r.n_entities} identifiers replaced)"
        if r.error:
            line = f"{r.status:9} {r.error}"
        typer.echo(line)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def documents(project: ProjectArg) -> None:
    """List the project's documents with their participant attributes."""
    from .project import Project
    from .query import document_table

    try:
        table = document_table(Project.open(project).documents())
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(table.to_string(index=False) if len(table) else "no documents")


@app.command()
def pseudonymise(
    files: Annotated[list[Path], typer.Argument(help="Plain-text files.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per file.")] = False,
) -> None:
    """Print the pseudonymised text of plain-text files (no project needed)."""
    from .ingest.files import decode_text, normalise_newlines
    from .ingest.turns import label_spans
    from .pseudonymise.engine import Pseudonymiser

    try:
        texts = [normalise_newlines(decode_text(f, f.read_bytes())) for f in files]
        results = Pseudonymiser().pseudonymise(texts, [label_spans(t) for t in texts])
    except TupsalcoError as exc:
        _fail(exc)
    except OSError as exc:
        typer.secho(f"error: cannot read {exc.filename}", err=True)
        raise typer.Exit(2) from None
    for path, result in zip(files, results, strict=True):
        if jsonl:
            entities = [{"type": e.type, "start": e.start, "end": e.end,
                         "surrogate": e.surrogate} for e in result.entities]
            sys.stdout.write(json.dumps({"file": str(path), "text": result.text,
                                         "entities": entities}, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(result.text + ("" if result.text.endswith("\n") else "\n"))


@app.command()
def demo(
    folder: Annotated[Path | None, typer.Option(help="Where to build it (default .demo/).")] = None,
) -> None:
    """Build the demo project from the fictional corpus (reused if already built)."""
    from .demo import build_demo

    def show(i: int, n: int, name: str) -> None:
        typer.echo(f"[{i}/{n}] {name}" if name else f"[{n}/{n}] done", err=True)

    try:
        p = build_demo(folder, progress=show)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"demo project ready in {p.folder}: {len(p.documents())} documents")


@app.command()
def passphrase(project: ProjectArg) -> None:
    """Change the passphrase of the project's pseudonym key."""
    from .project import Project
    from .pseudonymise.vault import change_passphrase

    try:
        p = Project.open(project)
        old = typer.prompt("Current passphrase", hide_input=True)
        new = typer.prompt("New passphrase", hide_input=True, confirmation_prompt=True)
        change_passphrase(p.vault_path, old, new)
        with p.db.change("admin", "change_passphrase", p.name):
            pass
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo("passphrase changed")


@app.command()
def reveal(
    project: ProjectArg,
    surrogate: Annotated[str, typer.Argument(help="e.g. '[Personne 3]'")],
    actor: Annotated[str, typer.Option(help="Who asks (written to the audit log).")] = "admin",
    passphrase_file: PassphraseFile = None,
) -> None:
    """Show the original forms behind one surrogate (audited, without the value)."""
    from .project import Project
    from .review import reveal as reveal_forms

    try:
        forms = reveal_forms(Project.open(project), surrogate, _passphrase(passphrase_file),
                             actor)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(" / ".join(forms))


@app.command()
def rerun(
    project: ProjectArg,
    actor: Annotated[str, typer.Option(help="Who runs it (audit log).")] = "admin",
    passphrase_file: PassphraseFile = None,
) -> None:
    """Run the pseudonymiser again over the stored texts (surrogates stay)."""
    from .project import Project
    from .review import rerun as rerun_pipeline

    try:
        n = rerun_pipeline(Project.open(project), _passphrase(passphrase_file), actor)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"{n} new identifier(s) replaced")


@app.command()
def risk(
    project: ProjectArg,
    k: Annotated[int | None, typer.Option(help="Threshold (default: the project's k).")] = None,
) -> None:
    """Attribute combinations that cover fewer than k participants."""
    from .project import Project
    from .review import risky_combinations

    try:
        p = Project.open(project)
        threshold = k or p.k_threshold
        groups = risky_combinations(p.participants(), threshold)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"k = {threshold}: {len(groups)} combination(s)")
    for g in groups:
        typer.echo(f"{g.participants:3}  " + " · ".join(f"{n}={v}" for n, v in g.attributes))


@app.command()
def suggest(
    source: Annotated[str, typer.Argument(help="A text file, or - for standard input.")],
    top: Annotated[int, typer.Option("--top", help="How many codes.")] = 5,
    codebook_file: Annotated[
        Path | None, typer.Option("--codebook", help="Codebook YAML (default the study's).")
    ] = None,
    project: Annotated[Path | None, typer.Option("--project", help="Learn from this project's "
                                                 "codings (default: the demo project if "
                                                 "built).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list.")] = False,
) -> None:
    """Rank the codes most likely for a passage, with the words that weighed most."""
    from .codebook import load_codebook
    from .coding import codings
    from .demo import REPO, demo_dir, demo_is_built
    from .ingest.files import decode_text, normalise_newlines
    from .project import Project
    from .suggest import Suggester

    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            path = Path(source)
            text = normalise_newlines(decode_text(path, path.read_bytes()))
        book = load_codebook(codebook_file or REPO / "codebooks" / "tupsalco.yaml")
        suggester = Suggester(book)
        folder = project or (demo_dir() / "project" if demo_is_built() else None)
        if folder is not None:
            coded = codings(Project.open(folder))
            suggester.fit([c.quote for c in coded], [c.code_id for c in coded])
        ranked = suggester.suggest(text, top=top)
    except TupsalcoError as exc:
        _fail(exc)
    except OSError as exc:
        typer.secho(f"error: cannot read {exc.filename}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps([{"code": r.code, "theme": r.theme, "score": r.score,
                                      "reason": r.reason} for r in ranked],
                                    ensure_ascii=False) + "\n")
    else:
        for r in ranked:
            typer.echo(f"{r.score:6.3f}  {r.code:40} ({r.theme})  {r.reason}")


@app.command()
def agreement(
    project: ProjectArg,
    coders: Annotated[list[str], typer.Option("--coder", help="Coders to compare (two or "
                                              "more; default all).")] = None,  # noqa: B008
) -> None:
    """Per code, pooled over documents: character agreement, Cohen's kappa, Krippendorff's
    alpha, with Krippendorff's reading."""
    from .agreement import compare, reading
    from .coding import coders as project_coders
    from .coding import codings
    from .project import Project

    try:
        p = Project.open(project)
        who = coders or project_coders(p)
        done = [(c.document_id, c.code_id, c.coder, c.start, c.end) for c in codings(p)
                if c.coder in who]
        lengths = {d.id: d.n_chars for d in p.documents()}
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"coders: {', '.join(who)}")
    typer.echo(f"{'code':45} {'agreement':>9} {'kappa':>7} {'alpha':>7}  reading")
    for row in compare(done, lengths, who):
        typer.echo(f"{row.code:45} {row.table.agreement:9.3f} {row.kappa:7.3f} "
                   f"{row.alpha:7.3f}  {reading(row.alpha)}")



# -- accounts ---------------------------------------------------------------------------------
account_app = typer.Typer(help="Local accounts and roles (admin, coder, committee, author).",
                          no_args_is_help=True)
app.add_typer(account_app, name="account")
UserOpt = Annotated[str, typer.Option("--user", "-u", help="Your account (its password from "
                                      "$TUPSALCO_PASSWORD, else a prompt).")]


def _login(project: Path, user: str):  # noqa: ANN202
    from .accounts import authenticate
    from .project import Project

    p = Project.open(project)
    password = os.environ.get("TUPSALCO_PASSWORD") or typer.prompt(
        f"Password of {user}", hide_input=True)
    return p, authenticate(p, user, password)


@account_app.command("add")
def account_add(
    project: ProjectArg,
    username: Annotated[str, typer.Argument(help="The new account's name.")],
    role: Annotated[str, typer.Option(help="admin, coder, committee or author.")] = "coder",
    user: Annotated[str | None, typer.Option("--user", "-u", help="An admin's account (not "
                                             "needed for the project's first account).")] = None,
) -> None:
    """Create an account; its password is asked twice (or $TUPSALCO_NEW_PASSWORD)."""
    from .accounts import create_account, has_accounts
    from .project import Project

    try:
        if user:
            p, admin = _login(project, user)
        else:
            p, admin = Project.open(project), None
            if has_accounts(p):
                _fail(TupsalcoError("give an admin's account with --user to create accounts."))
        password = os.environ.get("TUPSALCO_NEW_PASSWORD") or typer.prompt(
            f"Password for {username}", hide_input=True, confirmation_prompt=True)
        account = create_account(p, username, password, role, admin)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"account {account.username} created ({account.role.value})")


@account_app.command("list")
def account_list(project: ProjectArg, user: UserOpt) -> None:
    from .accounts import accounts, require
    from .records import AccountRole

    try:
        p, viewer = _login(project, user)
        require(viewer, AccountRole.ADMIN)
        rows = accounts(p)
    except TupsalcoError as exc:
        _fail(exc)
    for a in rows:
        typer.echo(f"{a.username:20} {a.role.value:10} {'active' if a.active else 'disabled'}")


@account_app.command("set")
def account_set(
    project: ProjectArg,
    username: Annotated[str, typer.Argument(help="The account to change.")],
    user: UserOpt,
    role: Annotated[str | None, typer.Option(help="New role.")] = None,
    active: Annotated[bool | None, typer.Option("--enable/--disable")] = None,
    password: Annotated[bool, typer.Option("--password", help="Set a new password (asked "
                                           "twice, or $TUPSALCO_NEW_PASSWORD).")] = False,
) -> None:
    """Change an account's role, enable or disable it, or reset its password."""
    from .accounts import set_active, set_password, set_role

    try:
        p, viewer = _login(project, user)
        if role:
            set_role(p, viewer, username, role)
        if active is not None:
            set_active(p, viewer, username, active)
        if password:
            new = os.environ.get("TUPSALCO_NEW_PASSWORD") or typer.prompt(
                f"New password for {username}", hide_input=True, confirmation_prompt=True)
            set_password(p, viewer, username, new)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"account {username} updated")


# -- the codebook through REFI-QDA ------------------------------------------------------------
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
    from .accounts import require
    from .codebook import dump_codebook
    from .coding import codebook
    from .records import AccountRole
    from .refi import to_qdc

    try:
        p, viewer = _login(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        book = codebook(p)
    except TupsalcoError as exc:
        _fail(exc)
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
    from .accounts import require
    from .coding import codebook, import_codebook
    from .records import AccountRole
    from .refi import from_qdc

    try:
        p, viewer = _login(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        data = _read(file)
        book = from_qdc(data, file.name, codebook(p).codes)
        added = import_codebook(p, book, viewer.username)
    except TupsalcoError as exc:
        _fail(exc)
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
    from .refi import to_qdpx

    try:
        p, viewer = _login(project, user)
        out.write_bytes(to_qdpx(p, viewer))
    except TupsalcoError as exc:
        _fail(exc)
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
    from .refi import import_qdpx

    try:
        p, viewer = _login(project, user)
        data = _read(file)
        done = import_qdpx(p, data, file.name, _passphrase(passphrase_file), viewer)
    except TupsalcoError as exc:
        _fail(exc)
    for s in done.sources:
        read = f"  [{s.document_kind}; {s.language}; positions: {s.reading}]" \
            if s.document_kind else ""
        typer.echo(f"{s.status:10} {s.name}: {s.codings_imported}/{s.codings_in_file} "
                   f"coding(s){read}" + (f"  ({s.why})" if s.why else ""))
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
        typer.echo(f"{file.name}: nothing in this file came into the project.", err=True)
    if done.nothing_in or any(r.status == "failed" for r in done.documents):
        raise typer.Exit(1)


# -- quotations ------------------------------------------------------------------------------
@app.command()
def quotes(
    project: ProjectArg,
    out: Annotated[Path, typer.Option("--out", help="FILE.docx (citation style), FILE.csv, or "
                                      "FILE.txt for an IRaMuTeQ corpus.")],
    user: UserOpt,
    theme: Annotated[list[str], typer.Option("--theme", help="Theme or code id (a code "
                                             "includes its sub-codes).")] = None,  # noqa: B008
    profession: Annotated[list[str], typer.Option()] = None,  # noqa: B008
    setting: Annotated[list[str], typer.Option()] = None,  # noqa: B008
    age_band: Annotated[list[str], typer.Option("--age-band")] = None,  # noqa: B008
    sex: Annotated[list[str], typer.Option()] = None,  # noqa: B008
    coder: Annotated[list[str], typer.Option()] = None,  # noqa: B008
) -> None:
    """Write the coded verbatims of a selection in the study's citation style, one paragraph
    per verbatim, attributions built from participant attributes only."""
    from .accounts import require
    from .explore import VerbatimFilter, verbatims
    from .export import from_verbatims, write_iramuteq, write_quotes
    from .ingest.participants import BAND_ALIASES
    from .records import AccountRole

    try:
        p, viewer = _login(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
        flt = VerbatimFilter(
            codes=frozenset(theme or ()), professions=frozenset(profession or ()),
            settings=frozenset(setting or ()),
            age_bands=frozenset(BAND_ALIASES.get(b, b) for b in age_band or ()),
            sexes=frozenset(sex or ()), coders=frozenset(coder or ()))
        selected = verbatims(p, viewer, flt, with_turns=False).items
        if out.suffix.lower() == ".txt":
            write_iramuteq(selected, out)
        else:
            write_quotes(from_verbatims(selected), out)
    except TupsalcoError as exc:
        _fail(exc)
    typer.echo(f"{len(selected)} verbatims written to {out}")


if __name__ == "__main__":
    app()
