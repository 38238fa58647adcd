"""Analysis commands: suggestions, agreement between coders, quotations."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import ProjectArg, UserOpt, app, fail, read, signed_in


@app.command()
def suggest(
    source: Annotated[str, typer.Argument(help="Un fichier texte, ou - pour l'entrée "
                                          "standard.")],
    top: Annotated[int, typer.Option("--top", help="Combien de codes proposer.")] = 5,
    codebook_file: Annotated[
        Path | None, typer.Option("--codebook", help="Codebook YAML (par défaut celui de "
                                  "l'étude).")
    ] = None,
    project: Annotated[Path | None, typer.Option("--project", help="Apprendre des codages de "
                                                 "ce projet (avec --user).")] = None,
    user: Annotated[str | None, typer.Option("--user", "-u", help="Votre compte dans --project "
                                             "(son mot de passe dans $TUPSALCO_PASSWORD).")
                    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Une liste JSON.")] = False,
) -> None:
    """Classer les codes les plus probables pour un passage, avec les mots qui ont le plus
    pesé."""
    from ..codebook import load_codebook
    from ..coding import codings
    from ..demo import REPO
    from ..ingest.files import decode_text, normalise_newlines
    from ..suggest import Suggester

    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            path = Path(source)
            text = normalise_newlines(decode_text(path, read(path)))
        book = load_codebook(codebook_file or REPO / "codebooks" / "tupsalco.yaml")
        suggester = Suggester(book)
        if project is not None:
            if not user:
                fail(TupsalcoError("Donnez votre compte avec --user pour apprendre des codages "
                                   "d'un projet."))
            p, viewer = signed_in(project, user)
            coded = codings(p, viewer)  # a blind coder's own only
            suggester.fit([c.quote for c in coded], [c.code_id for c in coded])
        ranked = suggester.suggest(text, top=top)
    except TupsalcoError as exc:
        fail(exc)
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
    user: UserOpt,
    coders: Annotated[list[str], typer.Option("--coder", help="Codeur·ses à comparer (deux ou "
                                              "plus ; par défaut tou·te·s).")
                      ] = None,  # noqa: B008
) -> None:
    """Par code, sur l'ensemble des documents : accord sur les caractères, kappa de Cohen,
    AC1 de Gwet, alpha de Krippendorff, avec la lecture de Krippendorff."""
    from ..agreement import compare, reading
    from ..coding import coders as project_coders
    from ..coding import compared_codings

    try:
        p, viewer = signed_in(project, user)
        done = [(c.document_id, c.code_id, c.coder, c.start, c.end)
                for c in compared_codings(p, viewer)]
        who = coders or project_coders(p, viewer)
        done = [d for d in done if d[2] in who]
        lengths = {d.id: d.n_chars for d in p.documents()}
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"codeur·ses : {', '.join(who)}")
    typer.echo(f"{'code':45} {'accord':>9} {'kappa':>7} {'AC1':>7} {'alpha':>7}  lecture")
    for row in compare(done, lengths, who):
        typer.echo(f"{row.code:45} {row.table.agreement:9.3f} {row.kappa:7.3f} "
                   f"{row.ac1:7.3f} {row.alpha:7.3f}  {reading(row.alpha)}")


@app.command()
def quotes(
    project: ProjectArg,
    out: Annotated[Path, typer.Option("--out", help="FICHIER.docx (style des citations), "
                                      "FICHIER.csv, ou FICHIER.txt pour un corpus IRaMuTeQ.")],
    user: UserOpt,
    theme: Annotated[list[str], typer.Option("--theme", help="Thème ou identifiant de code (un "
                                             "code comprend ses sous-codes).")
                     ] = None,  # noqa: B008
    profession: Annotated[list[str], typer.Option(help="Une profession (à répéter).")
                          ] = None,  # noqa: B008
    setting: Annotated[list[str], typer.Option(help="Un lieu d'exercice (à répéter).")
                       ] = None,  # noqa: B008
    age_band: Annotated[list[str], typer.Option("--age-band", help="Une tranche d'âge (à "
                                                "répéter).")] = None,  # noqa: B008
    sex: Annotated[list[str], typer.Option(help="Un sexe (à répéter).")] = None,  # noqa: B008
    coder: Annotated[list[str], typer.Option(help="Un·e codeur·se (à répéter).")
                     ] = None,  # noqa: B008
) -> None:
    """Écrire les verbatims codés d'une sélection dans le style de citation de l'étude, un
    paragraphe par verbatim, attribués par les seuls attributs des participant·e·s."""
    from ..accounts import require
    from ..explore import VerbatimFilter, download_corpus, verbatims
    from ..export import from_verbatims, write_quotes
    from ..ingest.participants import BAND_ALIASES
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
        flt = VerbatimFilter(
            codes=frozenset(theme or ()), professions=frozenset(profession or ()),
            settings=frozenset(setting or ()),
            age_bands=frozenset(BAND_ALIASES.get(b, b) for b in age_band or ()),
            sexes=frozenset(sex or ()), coders=frozenset(coder or ()))
        if out.suffix.lower() == ".txt":  # IRaMuTeQ: the Explorer's file, made by passage
            corpus = download_corpus(p, viewer, flt)
            out.write_bytes(corpus)
            # a starred line per passage and code, none in a text
            written, what = corpus.count(b"**** "), "passage(s)"
        else:
            selected = verbatims(p, viewer, flt, with_turns=False).items
            write_quotes(from_verbatims(selected), out, author=p.name)
            written, what = len(selected), "verbatim(s)"
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{written} {what} écrit(s) dans {out}")
