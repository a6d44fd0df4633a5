"""Account commands: add users and list them (the operator acts as beheerder)."""

from __future__ import annotations

from typing import Annotated

import typer

from novex.cli.common import OPERATOR, fail, out, table
from novex.errors import NovexError
from novex.nl import counted

users_app = typer.Typer(help="Gebruikers en rollen.", no_args_is_help=True)


@users_app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="E-mailadres (inlognaam).")],
    role: Annotated[str, typer.Option("--role", help="vro, provincie, departement, lezer of beheerder.")],
    province: Annotated[str | None, typer.Option("--province", help="CBS-code, voor de rol provincie.")] = None,
    departement: Annotated[
        str | None, typer.Option("--departement", help="Ministerie, voor de rol departement.")
    ] = None,
    naam: Annotated[str, typer.Option("--naam", help="Naam van de persoon.")] = "",
    password: Annotated[
        str | None,
        typer.Option("--password", envvar="NOVEX_NEW_PASSWORD", help="Anders wordt er een gemaakt."),
    ] = None,
) -> None:
    """Maak een account; zonder --password wordt een wachtwoord gemaakt en één keer getoond."""
    from novex import bootstrap
    from novex.accounts.passwords import new_password
    from novex.accounts.service import AccountService

    bootstrap.init()
    secret = password or new_password()
    try:
        with bootstrap.unit_of_work() as uow:
            user = uow.get(AccountService).add_user(OPERATOR, email, naam, role, secret, province, departement)
    except NovexError as exc:
        fail(exc)
    where = f" ({user.provincie or user.departement})" if user.provincie or user.departement else ""
    out.print(f"Account {user.email} gemaakt met rol {user.role}{where}.")
    if password is None:
        out.print(f"Wachtwoord (wordt niet opnieuw getoond): {secret}")


@users_app.command("list")
def list_users() -> None:
    """Toon de accounts en hun rollen."""
    from novex import bootstrap
    from novex.accounts.service import AccountService

    bootstrap.ensure_initialised()
    with bootstrap.unit_of_work(write=False) as uow:
        users = uow.get(AccountService).users(OPERATOR)
    shown = table(
        counted(len(users), "account", "accounts"), ("E-mail", "Naam", "Rol", "Provincie/departement", "Actief")
    )
    for u in users:
        shown.add_row(u.email, u.naam, str(u.role), u.provincie or u.departement or "", "ja" if u.actief else "nee")
    out.print(shown)
