"""The web app's own parts: the pages of every context, static files, the platform's pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from novex import registry
from novex.errors import NotFound
from novex.web import vendor
from novex.web.render import FormRefused, LoginRequired, MaybeActor, login_redirect, render, show_refused_form

STATIC = Path(__file__).with_name("static")
platform = APIRouter(include_in_schema=False)


@platform.get("/toegankelijkheid", response_class=HTMLResponse)
def accessibility(request: Request, actor: MaybeActor) -> HTMLResponse:
    """The accessibility statement (toegankelijkheidsverklaring)."""
    return render(request, "toegankelijkheid.html.j2", actor)


@platform.api_route("/favicon.ico", methods=["GET", "HEAD"])
def favicon() -> FileResponse:
    """The icon browsers ask for at the root (the pages also link the SVG)."""
    headers = {"Cache-Control": "public, max-age=86400"}
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon", headers=headers)


@platform.api_route("/static/vendor/{folder}/{name}", methods=["GET", "HEAD"])
def vendor_file(request: Request, folder: str, name: str) -> FileResponse:
    """A file of a pinned package (OpenLayers, proj4): versioned URLs, so cached for a year."""
    path = vendor.file_path(request.app.state.settings.resolved_vendor_dir, folder, name)
    if path is None:
        raise NotFound(f"{folder}/{name} is er niet (nog niet opgehaald van het npm-register?)")
    kind = "text/plain; charset=utf-8" if path.suffix == ".md" else None
    headers = {"Cache-Control": "public, max-age=31536000, immutable"}
    return FileResponse(path, media_type=kind, headers=headers)


def install(app: FastAPI) -> None:
    """Add the pages of every registered context, the platform's pages and the static files."""
    for context in registry.contexts():
        for pages in context.pages:
            app.include_router(registry.load(pages))
    app.include_router(platform)  # before /static: the vendor files are served from outside the package
    # When served (uvicorn's startup), fetch OpenLayers and proj4 once if missing; the pages never wait for it.
    app.router.on_startup.append(lambda: vendor.fetch_in_background(app.state.settings.resolved_vendor_dir))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(LoginRequired, login_redirect)
    app.add_exception_handler(FormRefused, show_refused_form)
