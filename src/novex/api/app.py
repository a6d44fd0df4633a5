"""The FastAPI application: the API under /api/v1 (and, mounted beside it, the web app)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware

from novex import bootstrap
from novex.api import problems
from novex.api.problems import problem
from novex.api.ratelimit import RateLimiter
from novex.api.routes import analysis, audit, auth, catalog, claims, provinces
from novex.api.uploads import sweep_stale
from novex.settings import Settings, get_settings
from novex.web import app as web

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app on the configured database (schema and reference data must exist: `novex init`)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="novex API",
        version=API_VERSION,
        description=(
            "De NOVEX-werkwijze van Rijk en provincies: startpakket, ruimtelijk voorstel (claims), "
            "analyse van de ruimtelijke puzzel. Geometrie in GeoJSON; kies het coördinatenstelsel met "
            "`Accept-Crs` (epsg:28992, epsg:4326, epsg:4258)."
        ),
        contact={"name": "novex-team", "email": "novex@example.org", "url": "https://novex.example/contact"},
        license_info={"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    app.state.db = bootstrap.database(settings)
    app.state.settings = settings
    for kind in ("uploads", "exports"):  # work folders a killed process left behind
        sweep_stale(settings.data_dir / kind)
    app.state.login_limiter = RateLimiter(limit=20, window=300)
    problems.install(app)

    api = APIRouter(prefix=API_PREFIX)
    for module in (auth, catalog, provinces, claims, analysis, audit):
        api.include_router(module.router)
    app.include_router(api)
    web.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)  # level 9 costs 2-3× the time
    csp = content_security_policy(settings.achtergrondkaart == "pdok")

    @app.middleware("http")
    async def refuse_nul_in_query(request: Request, call_next) -> Response:  # noqa: ANN001
        for name, value in request.query_params.multi_items():
            if "\x00" in name or "\x00" in value:
                return problem(request, 422, f"queryparameter {name!r} bevat een NUL-teken (%00)")
        return await call_next(request)

    @app.middleware("http")
    async def headers(request: Request, call_next) -> Response:  # noqa: ANN001
        response = await call_next(request)
        if request.url.path.startswith(API_PREFIX):
            response.headers["API-Version"] = API_VERSION
        response.headers["Content-Security-Policy"] = csp
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        if request.url.scheme == "https":
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response

    return app


def content_security_policy(pdok: bool) -> str:
    """A strict CSP: own scripts and styles only, no inline code; PDOK tiles when configured."""
    images = "'self' data:" + (" https://service.pdok.nl" if pdok else "")
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
