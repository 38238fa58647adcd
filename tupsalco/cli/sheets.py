"""How a participants sheet's check is printed: the notices, and every value to correct."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from ..errors import TupsalcoError
from . import fail

if TYPE_CHECKING:
    from ..ingest import SheetCheck, SheetProblem

MapOpt = Annotated[
    list[str] | None,
    typer.Option("--map", help="Quelle colonne est quel champ, là où la lecture se trompe : "
                 "'Identifiant=id,Prénom=first_name,C=last_name' (une colonne par son en-tête, "
                 "sa lettre ou son numéro ; champs : id, first_name, last_name, profession, "
                 "sex, age_band (une tranche ou un âge exact), settings, site, network, "
                 "function, ou ignore pour l'ignorer)."),
]


def show_notices(check: SheetCheck) -> None:
    for notice in check.notices:
        typer.echo(f"remarque : {notice}", err=True)


def show_problems(problems: tuple[SheetProblem, ...]) -> None:
    """Every value to correct, as a table (row, column, value, suggestion); a name cell or
    a value holding a name is never printed."""
    typer.echo(f"{len(problems)} valeur(s) à corriger dans la feuille :", err=True)
    rows = [("ligne", "colonne", "valeur", "suggestion", "problème")]
    for p in problems:
        value = "(masquée : un nom)" if p.hidden else p.value or "(vide)"
        rows.append((str(p.row), p.column, value, p.suggestion or "-", p.why))
    widths = [min(max(len(r[i]) for r in rows), 28) for i in range(4)]
    for r in rows:
        cells = [r[i][:widths[i]].ljust(widths[i]) for i in range(4)]
        typer.echo("  ".join([*cells, r[4]]), err=True)


def sheet_failed(exc: TupsalcoError) -> NoReturn:
    """A participants sheet refused: its table of values to correct before the error."""
    problems = getattr(exc, "problems", ())
    if problems:
        show_problems(problems)
        fail(TupsalcoError("Corrigez ces valeurs dans la feuille (ou indiquez les bonnes "
                           "colonnes avec --map), puis chargez-la de nouveau ; rien n'a été "
                           "écrit."))
    fail(exc)
