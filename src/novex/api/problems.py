"""Errors as application/problem+json (RFC 9457), for the API and the web app alike."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from novex.api.ratelimit import TooManyRequests
from novex.errors import Conflict, Forbidden, InvalidInput, NotFound, NovexError

PROBLEM = "application/problem+json"
TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Niet aanvaardbaar",
    409: "Conflict",
    413: "Te groot",
    415: "Mediatype niet ondersteund",
    422: "Ongeldige invoer",
    429: "Te veel verzoeken",
    500: "Interne fout",
}


class Unauthenticated(NovexError):
    """No valid credentials were given."""


class NotAcceptable(NovexError):
    """The client asks for a representation (e.g. a CRS) that is not offered."""


def problem(request: Request, status: int, detail: str, **extra: Any) -> Response:
    """A problem+json response: type, title, status, detail, instance (+ extra members).

    Outside the API (the web app) the same error is rendered as an HTML page.
    """
    html = getattr(request.app.state, "html_error", None)
    if html is not None and not request.url.path.startswith("/api/"):
        return html(request, status, TITLES.get(status, "Fout"), detail)
    body = {
        "type": f"https://novex.example/problemen/{status}",
        "title": TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
        "instance": str(request.url.path),
        **extra,
    }
    headers = {"WWW-Authenticate": 'Bearer realm="novex"'} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


STATUS_OF: dict[type[NovexError], int] = {
    TooManyRequests: 429,
    Unauthenticated: 401,
    NotAcceptable: 406,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    InvalidInput: 422,
}


def status_of(exc: NovexError) -> int:
    """The HTTP status for a domain error."""
    for kind, status in STATUS_OF.items():
        if isinstance(exc, kind):
            return status
    return 400


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into problem+json."""

    @app.exception_handler(NovexError)
    async def domain_error(request: Request, exc: NovexError) -> Response:
        extra: dict[str, Any] = {}
        if isinstance(exc, Conflict) and exc.current_version is not None:
            extra["currentVersion"] = exc.current_version
        problems = getattr(exc, "problems", None)
        if problems:
            extra["invalidParams"] = [{"reason": p} for p in problems]
        return problem(request, status_of(exc), str(exc), **extra)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        params = [{"name": ".".join(str(p) for p in e["loc"]), "reason": e["msg"]} for e in exc.errors()]
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in params)
        return problem(request, 422, detail, invalidParams=params)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return problem(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:  # pragma: no cover - last resort
        return problem(request, 500, "er ging iets mis aan de kant van de server; de fout is gelogd")
