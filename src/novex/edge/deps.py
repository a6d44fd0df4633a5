"""Request dependencies shared by the API and the web app: the unit of work and the acting user."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi import Path as PathParam
from pydantic import BeforeValidator

from novex.access import Actor
from novex.accounts.service import AccountService
from novex.bootstrap import UnitOfWork, unit_of_work
from novex.edge.errors import Unauthenticated

SESSION_COOKIE = "novex_sessie"


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_unit_of_work(request: Request) -> Iterator[UnitOfWork]:
    """One transaction per request: committed when the route succeeds, rolled back when it raises.

    GET and HEAD only read: they take no writer lock and never wait behind another user's import.
    """
    with unit_of_work(request.app.state.db, write=request.method not in READ_ONLY_METHODS) as uow:
        yield uow


# Function scope: the transaction ends (commit or rollback) when the route returns, before the response is
# sent — a client that reads its answer slowly never holds the writer lock, and no 201 goes out uncommitted.
UowDep = Annotated[UnitOfWork, Depends(request_unit_of_work, scope="function")]


# Ids are 32-bit positive integers: larger numbers are a 400, not a database overflow.
def whole_digits(value: object) -> object:
    """An id or version as typed: ASCII digits only ('1.0', '1e3', '²' and '+1' are no ids)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{1,10}", value):
        raise ValueError("is geen geheel getal")
    return value


Id = Annotated[int, BeforeValidator(whole_digits), PathParam(ge=1, le=2_147_483_647)]


def four_digits(value: object) -> object:
    """A year as typed: four ASCII digits ('2026.0', '+2026' and '02026' are no years)."""
    if isinstance(value, str) and not re.fullmatch(r"[0-9]{4}", value):
        raise ValueError("is geen jaartal (vier cijfers)")
    return value


Year = Annotated[int, BeforeValidator(four_digits), PathParam(ge=2000, le=2100, description="Het jaar.")]
"""A year in a path: four ASCII digits (no 2026.0, no +2026)."""


def optional_actor(request: Request, uow: UowDep) -> Actor | None:
    """The user behind a bearer token or a web session cookie, if any (the session's CSRF token to `request.state`)."""
    accounts = uow.get(AccountService)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = accounts.user_for_token(header[7:].strip())
        if user is None:
            raise Unauthenticated("het bearer-token is ongeldig of ingetrokken")
        return user.actor()
    found = accounts.session_user(request.cookies.get(SESSION_COOKIE))
    if found is None:
        return None
    user, request.state.csrf = found
    return user.actor()


def current_actor(actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """The acting user; 401 when nobody is logged in."""
    if actor is None:
        raise Unauthenticated("log in of stuur een bearer-token mee (Authorization: Bearer …)")
    return actor


ActorDep = Annotated[Actor, Depends(current_actor)]


def client_address(request: Request) -> str:
    """The client's address (for login limits)."""
    return request.client.host if request.client else "?"


def work_dir(request: Request, kind: str) -> Path:
    """A folder inside the data directory for uploads or exports (never elsewhere on disk)."""
    folder = Path(request.app.state.settings.data_dir) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder
