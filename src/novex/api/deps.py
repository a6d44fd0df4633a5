"""Request dependencies: the unit of work, the acting user, CRS negotiation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi import Path as PathParam
from sqlalchemy.orm import Session

from novex import bootstrap
from novex.access import Actor
from novex.api.problems import NotAcceptable, Unauthenticated
from novex.store.db import Database

SESSION_COOKIE = "novex_sessie"


def database(request: Request) -> Database:
    """The application's database."""
    return request.app.state.db


def unit_of_work(db: Annotated[Database, Depends(database)]) -> Iterator[Session]:
    """One transaction per request: committed on success, rolled back on error."""
    with db.session() as session:
        yield session


SessionDep = Annotated[Session, Depends(unit_of_work)]
# Ids are 32-bit positive integers: larger numbers are a 422, not a database overflow.
Id = Annotated[int, PathParam(ge=1, le=2_147_483_647)]


def optional_actor(request: Request, session: SessionDep) -> Actor | None:
    """The user behind a bearer token or a web session cookie, if any (the session's CSRF token to `request.state`)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        user = bootstrap.account_service(session).user_for_token(header[7:].strip())
        if user is None:
            raise Unauthenticated("het bearer-token is ongeldig of ingetrokken")
        return user.actor()
    found = bootstrap.account_service(session).session_user(request.cookies.get(SESSION_COOKIE))
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

CRS_CHOICES = {"epsg:28992": "EPSG:28992", "epsg:4326": "EPSG:4326", "epsg:4258": "EPSG:4258"}
DEFAULT_CRS = "EPSG:4326"


def accept_crs(accept_crs: Annotated[str | None, Header(alias="Accept-Crs")] = None) -> str:
    """The CRS asked for with `Accept-Crs` (epsg:28992, epsg:4326, epsg:4258); WGS84 by default."""
    if accept_crs is None or not accept_crs.strip():
        return DEFAULT_CRS
    key = accept_crs.strip().lower()
    if key not in CRS_CHOICES:
        raise NotAcceptable(f"CRS {accept_crs!r} wordt niet geleverd; kies uit {', '.join(CRS_CHOICES)}")
    return CRS_CHOICES[key]


CrsDep = Annotated[str, Depends(accept_crs)]


def work_dir(request: Request, kind: str) -> Path:
    """A folder inside the data directory for uploads or exports (never elsewhere on disk)."""
    folder = Path(request.app.state.settings.data_dir) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def page_links(request: Request, page: int, page_size: int, total: int) -> list[dict[str, str]]:
    """OGC API-style links of a page of results: self, and next/prev where there are more."""
    links = [{"rel": "self", "href": str(request.url)}]
    if page * page_size < total:
        links.append({"rel": "next", "href": str(request.url.include_query_params(page=page + 1))})
    if page > 1:
        links.append({"rel": "prev", "href": str(request.url.include_query_params(page=page - 1))})
    return links
