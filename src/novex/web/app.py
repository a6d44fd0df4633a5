"""The web app's own parts: the pages of every context, static files, the platform's pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from novex import registry
from novex.web.render import FormRefused, LoginRequired, MaybeActor, login_redirect, render, show_refused_form

STATIC = Path(__file__).with_name("static")
platform = APIRouter(include_in_schema=False)


@platform.get("/toegankelijkheid", response_class=HTMLResponse)
def accessibility(request: Request, actor: MaybeActor) -> HTMLResponse:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    return render(request, "toegankelijkheid.html.j2", actor)


def install(app: FastAPI) -> None:
    """Add the pages of every registered context, the platform's pages and the static files."""
    for context in registry.contexts():
        for pages in context.pages:
            app.include_router(registry.load(pages))
    app.include_router(platform)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, login_redirect)
    app.add_exception_handler(FormRefused, show_refused_form)
