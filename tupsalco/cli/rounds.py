"""Coding rounds: open, list, close, agreement, disagreements and their adjudication."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import InputError, TupsalcoError
from . import ProjectArg, UserOpt, app, fail, signed_in

round_app = typer.Typer(help="Rondes de codage : codage parallèle en aveugle, puis arbitrage.",
                        no_args_is_help=True)
app.add_typer(round_app, name="round")

RoundArg = Annotated[int, typer.Argument(help="Le numéro de la ronde.")]


@round_app.command("open")
def round_open(
    project: ProjectArg,
    user: UserOpt,
    name: Annotated[str, typer.Option("--name", help="Le nom de la ronde.")],
    documents: Annotated[list[int], typer.Option("--document", help="Le numéro d'un document "
                                                 "(voir `tupsalco documents`).")],
    coders: Annotated[list[str], typer.Option("--coder", help="Un·e codeur·se de la ronde "
                                              "(deux ou plus).")],
    blind: Annotated[bool, typer.Option("--blind/--open", help="Codage en aveugle (les "
                                        "codeur·ses ne voient pas les codages des autres sur "
                                        "les documents de la ronde) ou à découvert.")] = True,
) -> None:
    """Ouvrir une ronde (administration) : ses codeur·ses codent ses documents, en aveugle
    par défaut."""
    from ..rounds import open_round

    try:
        p, viewer = signed_in(project, user)
        made = open_round(p, viewer, name, documents, coders, blind)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"ronde {made.id} ouverte : {len(made.documents)} document(s), codeur·ses "
               f"{', '.join(made.coders)}" + (", en aveugle" if made.blind else ""))


@round_app.command("list")
def round_list(project: ProjectArg, user: UserOpt) -> None:
    """Toutes les rondes : numéro, état, codeur·ses et documents."""
    from ..rounds import rounds

    try:
        p, viewer = signed_in(project, user)
        found = rounds(p, viewer)
    except TupsalcoError as exc:
        fail(exc)
    for r in found:
        typer.echo(f"{r.id:4}  {'ouverte' if r.is_open else 'close':7}  "
                   f"{'en aveugle' if r.blind else 'à découvert':11}  "
                   f"codeur·ses {','.join(r.coders)}  documents "
                   f"{','.join(map(str, r.documents))}"
                   + (f"  après la ronde {r.previous}" if r.previous else ""))


@round_app.command("close")
def round_close(project: ProjectArg, user: UserOpt, number: RoundArg) -> None:
    """Clore une ronde : les passages que tou·te·s ont codés de même vont au codage de
    référence."""
    from ..rounds import close_round

    try:
        p, viewer = signed_in(project, user)
        left = close_round(p, viewer, number)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"ronde {number} close : {left} désaccord(s) à trancher")


@round_app.command("agreement")
def round_agreement(project: ProjectArg, user: UserOpt, number: RoundArg) -> None:
    """L'accord entre les codeur·ses d'une ronde, par code et par document."""
    from ..rounds import agreement

    try:
        p, viewer = signed_in(project, user)
        found = agreement(p, viewer, number)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"codeur·ses : {', '.join(found.coders)}")
    typer.echo(f"{'code':45} {'accord':>9} {'kappa':>7} {'AC1':>7} {'alpha':>7}")
    for r in found.codes:
        typer.echo(f"{r.code:45} {r.table.agreement:9.3f} {r.kappa:7.3f} {r.ac1:7.3f} "
                   f"{r.alpha:7.3f}")
    typer.echo(f"{'document':>8} {'codes':>5} {'accords':>7} {'désaccords':>10} {'kappa':>7} "
               f"{'AC1':>7} {'alpha':>7}")
    for d in found.documents:
        typer.echo(f"{d.document_id:8} {d.codes:5} {d.agreed:7} {d.disagreements:10} "
                   f"{d.kappa:7.3f} {d.ac1:7.3f} {d.alpha:7.3f}")


@round_app.command("disputes")
def round_disputes(project: ProjectArg, user: UserOpt, number: RoundArg) -> None:
    """Les désaccords d'une ronde, numérotés pour `round adjudicate`, avec les passages de
    chaque codeur·se."""
    from ..rounds import DECISION_LABELS, disputes

    try:
        p, viewer = signed_in(project, user)
        found = disputes(p, viewer, number)
    except TupsalcoError as exc:
        fail(exc)
    for i, d in enumerate(found, 1):
        x = d.passage
        versions = "  ".join(f"{who}: {','.join(f'{a}-{b}' for a, b in spans) or '-'}"
                             for who, spans in x.spans)
        state = (DECISION_LABELS[d.decision.decision]
                 + (f" : {d.decision.kept}" if d.decision.kept else "")
                 if d.decision else "à trancher")
        typer.echo(f"{i:4}  document {x.document_id}  {x.code_id}  {x.start}-{x.end}  "
                   f"{versions}  [{state}]")


@round_app.command("adjudicate")
def round_adjudicate(
    project: ProjectArg,
    user: UserOpt,
    number: RoundArg,
    dispute: Annotated[int, typer.Argument(help="Le numéro du désaccord (`round "
                                           "disputes`).")],
    keep: Annotated[str | None, typer.Option("--keep", help="Garder la version de ce·tte "
                                             "codeur·se.")] = None,
    union: Annotated[bool, typer.Option("--union", help="Garder l'union des versions.")
                     ] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Aucun codage de référence à cet "
                                         "endroit.")] = False,
) -> None:
    """Trancher un désaccord dans le codage de référence, signé par votre compte."""
    from ..rounds import DECISION_LABELS, adjudicate, disputes

    try:
        if [keep is not None, union, reject].count(True) != 1:
            raise InputError("Donnez une seule option parmi --keep CODEUR, --union, --reject.")
        p, viewer = signed_in(project, user)
        found = disputes(p, viewer, number)
        if not 1 <= dispute <= len(found):
            raise InputError(f"La ronde n° {number} a {len(found)} désaccord(s) : donnez un "
                             f"numéro de 1 à {len(found)} (voir `round disputes`).", id=number)
        decision = "keep" if keep is not None else "union" if union else "reject"
        adjudicate(p, viewer, number, found[dispute - 1].passage, decision, keep)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"désaccord {dispute} de la ronde {number} : {DECISION_LABELS[decision]}")
