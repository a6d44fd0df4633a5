"""The composition root: one FastAPI application with the API and the web app side by side.

The API (`novex.api`) and the web app (`novex.web`) are two edges over the same services;
neither imports the other. This module puts them together: shared state, error handling
(problem+json under /api/, Dutch pages elsewhere), security headers.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.middleware.gzip import GZipMiddleware

from novex import bootstrap
from novex.api import app as api
from novex.api import docs, openapi
from novex.api.problems import problem
from novex.api.problems import render as problem_json
from novex.edge import errors
from novex.edge.body_limit import BodyLimit
from novex.edge.ratelimit import RateLimiter
from novex.edge.uploads import MAX_UPLOAD, sweep_stale
from novex.settings import Settings, get_settings
from novex.web import app as web
from novex.web.render import error_page


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app on the configured database (schema and reference data must exist: `novex init`)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="novex API",
        version=api.API_VERSION,
        description=api.DESCRIPTION,
        contact={"name": "novex-team", "email": "novex@example.org", "url": "https://novex.example/contact"},
        license_info={"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
        openapi_url=f"{api.API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.db = bootstrap.database(settings)
    app.state.settings = settings
    app.state.login_limiter = RateLimiter(limit=20, window=300)
    for kind in ("uploads", "exports"):  # work folders a killed process left behind
        sweep_stale(settings.data_dir / kind)
    errors.install(app, [(f"{api.API_PREFIX}/", problem_json), ("/api/", problem_json), ("", error_page)])
    api.install(app)
    openapi.install(app)
    app.include_router(docs.router)
    web.install(app)
    app.add_middleware(GZipMiddleware, minimum_size=1000, compresslevel=6)  # level 9 costs 2-3× the time
    app.add_middleware(BodyLimit, limit=MAX_UPLOAD + (1 << 20))  # a 50 MB file plus its multipart envelope
    csp = content_security_policy(settings.achtergrondkaart == "pdok")

    @app.middleware("http")
    async def no_trailing_slash_in_api(request: Request, call_next) -> Response:  # noqa: ANN001
        if request.url.path.startswith("/api/") and request.url.path.endswith("/"):  # the ADR: no 307 to /claims
            return problem(request, 404, "dit adres bestaat niet: laat de schuine streep (/) aan het eind weg")
        return await call_next(request)

    @app.middleware("http")
    async def refuse_nul_in_query(request: Request, call_next) -> Response:  # noqa: ANN001
        for name, value in request.query_params.multi_items():
            if "\x00" in name or "\x00" in value:
                return problem(request, 400, f"queryparameter {name!r} bevat een NUL-teken (%00)")
        return await call_next(request)

    @app.middleware("http")
    async def headers(request: Request, call_next) -> Response:  # noqa: ANN001
        response = await call_next(request)
        if request.url.path.startswith(api.API_PREFIX):
            response.headers["API-Version"] = api.API_VERSION
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
