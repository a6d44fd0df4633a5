"""Account management for the beheerder: add, block and unblock, reset a password, change a role."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor, Role
from novex.accounts.passwords import new_password
from novex.accounts.service import AccountService
from novex.bootstrap import UnitOfWork
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import InvalidInput, NovexError
from novex.web.render import FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

ROLE_NAMES = {
    Role.VRO: "VRO-accounthouder", Role.PROVINCIE: "provincie (planner, coördinator)",
    Role.DEPARTEMENT: "departement (expert)", Role.LEZER: "lezer", Role.BEHEERDER: "beheerder",
}  # fmt: skip


def _list_context(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    return {"gebruikers": uow.get(AccountService).users(actor), "rollen": ROLE_NAMES}


@router.get("/beheer/accounts", response_class=HTMLResponse)
def accounts_page(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """Every account, and a form to add one."""
    return render(request, "beheer_accounts.html.j2", actor, **_list_context(uow, actor))


@router.post("/beheer/accounts", response_class=HTMLResponse)
def add_account(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    email: Annotated[str, Form(max_length=254)],
    naam: Annotated[str, Form(max_length=200)] = "",
    rol: Annotated[str, Form(max_length=20)] = "lezer",
    provincie: Annotated[str, Form(max_length=4)] = "",
    departement: Annotated[str, Form(max_length=120)] = "",
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Add an account with a generated password, shown once."""
    check_csrf(request, csrf)
    context = _list_context(uow, actor)
    password = new_password()
    try:
        user = uow.get(AccountService).add_user(actor, email, naam, rol, password, provincie or None,
                                                departement or None)  # fmt: skip
    except NovexError as exc:
        typed = {"email": email, "naam": naam, "rol": rol, "provincie": provincie, "departement": departement}
        raise FormRefused("beheer_accounts.html.j2", actor, status_of(exc),
                          context | {"fout": str(exc), "invoer": typed}) from exc  # fmt: skip
    context["gebruikers"] = uow.get(AccountService).users(actor)
    return render(request, "beheer_accounts.html.j2", actor, 201, nieuw=user, wachtwoord=password, **context)


def _account_context(uow: UnitOfWork, actor: Actor, user_id: int) -> dict[str, Any]:
    return {"gebruiker": uow.get(AccountService).user(actor, user_id), "rollen": ROLE_NAMES}


@router.get("/beheer/accounts/{user_id}", response_class=HTMLResponse)
def account_page(request: Request, user_id: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """One account: role, block, new password."""
    return render(request, "beheer_account.html.j2", actor, **_account_context(uow, actor, user_id))


@router.post("/beheer/accounts/{user_id}", response_class=HTMLResponse)
def change_account(
    request: Request,
    user_id: Id,
    actor: PageActor,
    uow: UowDep,
    actie: Annotated[str, Form(max_length=20)],
    rol: Annotated[str, Form(max_length=20)] = "",
    provincie: Annotated[str, Form(max_length=4)] = "",
    departement: Annotated[str, Form(max_length=120)] = "",
    reden: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Change a role, block or unblock, or set a new password (shown once)."""
    check_csrf(request, csrf)
    accounts = uow.get(AccountService)
    try:
        if actie == "rol":
            accounts.change_role(actor, user_id, rol, provincie or None, departement or None)
        elif actie in ("blokkeren", "deblokkeren"):
            accounts.set_active(actor, user_id, actie == "deblokkeren", reden.strip() or None)
        elif actie == "wachtwoord":
            password = accounts.reset_password(actor, user_id)
            context = _account_context(uow, actor, user_id)
            return render(request, "beheer_account.html.j2", actor, wachtwoord=password, **context)
        else:
            raise InvalidInput(f"onbekende actie {actie!r}; kies rol, blokkeren, deblokkeren of wachtwoord")
    except NovexError as exc:
        context = _account_context(uow, actor, user_id) | {"fout": str(exc)}
        raise FormRefused("beheer_account.html.j2", actor, status_of(exc), context) from exc
    return RedirectResponse(f"/beheer/accounts/{user_id}?opgeslagen={actie}", status_code=303)
