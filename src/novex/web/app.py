"""Mount the web app on the FastAPI application: pages, static files, HTML errors."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from novex.web import routes

STATIC = Path(__file__).with_name("static")


def html_error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """An error as a Dutch page (the API answers problem+json instead)."""
    if status == 401:
        return routes.login_redirect(request, routes.LoginRequired(str(request.url.path)))
    return routes.render(request, "fout.html.j2", None, status, titel=title, detail=detail)


def install(app: FastAPI) -> None:
    """Add the pages, the static files and the HTML error rendering."""
    app.include_router(routes.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.state.html_error = html_error
    app.add_exception_handler(routes.LoginRequired, routes.login_redirect)
