"""Logging in and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.accounts.service import SESSION_HOURS, AccountService
from novex.edge.deps import SESSION_COOKIE, UowDep, client_address
from novex.edge.ratelimit import TooManyRequests
from novex.errors import Forbidden
from novex.web.render import MaybeActor, check_csrf, render

router = APIRouter(include_in_schema=False)


@router.get("/inloggen", response_class=HTMLResponse)
def login_page(request: Request, volgende: str = "/") -> HTMLResponse:
    """The login form."""
    return render(request, "login.html.j2", None, volgende=_safe_next(volgende))


@router.post("/inloggen")
def login(
    request: Request,
    uow: UowDep,
    email: Annotated[str, Form(max_length=254)],
    wachtwoord: Annotated[str, Form(max_length=200)],
    volgende: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Check the credentials and start a session (a failed attempt is answered, so the lockout counts it)."""
    accounts = uow.get(AccountService)
    try:
        address = client_address(request)
        request.app.state.login_limiter.hit(address)
        user = accounts.authenticate(email, wachtwoord, address)
    except (Forbidden, TooManyRequests) as exc:
        status = 429 if isinstance(exc, TooManyRequests) else 401
        return render(request, "login.html.j2", None, status, fout=str(exc), email=email, volgende=_safe_next(volgende))
    started = accounts.start_session(user)
    response = RedirectResponse(_safe_next(volgende), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        started.cookie,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/uitloggen")
def logout(request: Request, uow: UowDep, _: MaybeActor, csrf: Annotated[str, Form()] = "") -> Response:
    """End the session, server-side: the cookie is worthless afterwards, also where it was copied."""
    check_csrf(request, csrf)
    uow.get(AccountService).end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/inloggen", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _safe_next(url: str) -> str:
    """Only local paths as redirect targets (no open redirects)."""
    return url if url.startswith("/") and not url.startswith("//") else "/"
