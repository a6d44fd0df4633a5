"""The API's own parts: every context's routers under /api/v1, and its headers."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from novex import registry

API_VERSION = "1.0.0"
API_PREFIX = "/api/v1"
DESCRIPTION = (
    "De NOVEX-werkwijze van Rijk en provincies: startpakket, ruimtelijk voorstel (claims), "
    "analyse van de ruimtelijke puzzel. Geometrie in GeoJSON; kies het coördinatenstelsel met "
    "`Accept-Crs` (epsg:28992, epsg:4326, epsg:4258)."
)


def install(app: FastAPI) -> None:
    """Mount the routers of every registered context under /api/v1."""
    api = APIRouter(prefix=API_PREFIX)
    for context in registry.contexts():
        for router in context.api:
            api.include_router(registry.load(router))
    app.include_router(api)
    app.include_router(registry.load("novex.api.ogc.routes:router"))  # OGC API Features at /ogc/v1
