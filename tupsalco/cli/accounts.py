"""Local accounts and roles (admin, coder, committee, author)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import TupsalcoError
from ..records import ROLE_LABELS
from . import ProjectArg, UserOpt, app, fail, new_password, signed_in

account_app = typer.Typer(help="Les comptes du projet et leurs rôles (admin : administration, "
                          "coder : codage, committee : comité de pilotage, author : rédaction).",
                          no_args_is_help=True)
app.add_typer(account_app, name="account")


@account_app.command("add")
def account_add(
    project: ProjectArg,
    username: Annotated[str, typer.Argument(help="Le nom du nouveau compte.")],
    role: Annotated[str, typer.Option(help="admin, coder, committee ou author.")] = "coder",
    user: Annotated[str | None, typer.Option("--user", "-u", help="Un compte d'administration "
                                             "(inutile pour le premier compte du projet).")
                    ] = None,
) -> None:
    """Créer un compte ; son mot de passe est demandé deux fois (ou pris dans
    $TUPSALCO_NEW_PASSWORD)."""
    from ..accounts import create_account, has_accounts
    from ..project import Project

    try:
        if user:
            p, admin = signed_in(project, user)
        else:
            p, admin = Project.open(project), None
            if has_accounts(p):
                fail(TupsalcoError("Donnez un compte d'administration avec --user pour créer des "
                                   "comptes."))
        account = create_account(p, admin, username, new_password(username), role)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"compte {account.username} créé (rôle {ROLE_LABELS[account.role]})")


@account_app.command("list")
def account_list(project: ProjectArg, user: UserOpt) -> None:
    """Lister les comptes : nom, rôle, actif ou désactivé (administration)."""
    from ..accounts import accounts, require
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN)
        rows = accounts(p)
    except TupsalcoError as exc:
        fail(exc)
    for a in rows:
        typer.echo(f"{a.username:20} {a.role.value:10} {ROLE_LABELS[a.role]:20} "
                   f"{'actif' if a.active else 'désactivé'}")


@account_app.command("set")
def account_set(
    project: ProjectArg,
    username: Annotated[str, typer.Argument(help="Le compte à modifier.")],
    user: UserOpt,
    role: Annotated[str | None, typer.Option(help="Nouveau rôle (admin, coder, committee ou "
                                             "author).")] = None,
    active: Annotated[bool | None, typer.Option("--enable/--disable", help="Réactiver ou "
                                                "désactiver le compte.")] = None,
    password: Annotated[bool, typer.Option("--password", help="Donner un nouveau mot de passe "
                                           "(demandé deux fois, ou pris dans "
                                           "$TUPSALCO_NEW_PASSWORD).")] = False,
) -> None:
    """Changer le rôle d'un compte, le désactiver ou le réactiver, ou changer son mot de
    passe."""
    from ..accounts import set_active, set_password, set_role

    try:
        p, viewer = signed_in(project, user)
        if role:
            set_role(p, viewer, username, role)
        if active is not None:
            set_active(p, viewer, username, active)
        if password:
            set_password(p, viewer, username, new_password(username))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"compte {username} modifié")
