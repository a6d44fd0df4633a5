"""Errors as application/problem+json (RFC 9457): how the API shows them."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from novex.edge.errors import TITLES

PROBLEM = "application/problem+json"


def problem(request: Request, status: int, detail: str, **extra: Any) -> Response:
    """A problem+json response: type, title, status, detail, instance (+ extra members)."""
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


def render(request: Request, status: int, detail: str, extra: dict[str, Any]) -> Response:
    """The API's renderer for `novex.edge.errors.install`."""
    return problem(request, status, detail, **extra)
