"""The OGC API's own OpenAPI 3.0 document (`/ogc/v1/api`): what GDAL and QGIS read for limits and parameters."""

from __future__ import annotations

from typing import Any

from novex.api.ogc.crs import OFFERED, RD
from novex.api.ogc.params import DEFAULT_LIMIT, MAX_LIMIT

GEOJSON = "application/geo+json"
PROBLEM = "application/problem+json"


def _param(name: str, description: str, schema: dict[str, Any], where: str = "query", **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "description": description, "schema": schema, **extra}


def _responses(ok: str, content: dict[str, Any], *, not_found: bool = False) -> dict[str, Any]:
    problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    out = {"200": {"description": ok, "content": content},
           "400": {"description": "Een queryparameter is ongeldig.", "content": problem},
           "401": {"description": "Niet ingelogd: stuur een bearer-token mee.", "content": problem}}  # fmt: skip
    if not_found:
        out["404"] = {"description": "Deze collectie of dit object bestaat niet.", "content": problem}
    return out


def document(server: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document, with `server` (the URL of /ogc/v1) as its server."""
    json = {"application/json": {"schema": {"type": "object"}}, "text/html": {"schema": {"type": "string"}}}
    geo = {GEOJSON: {"schema": {"type": "object"}}, "application/json": {"schema": {"type": "object"}},
           "text/html": {"schema": {"type": "string"}}}  # fmt: skip
    crs_enum = [c.uri for c in OFFERED]
    f = {"$ref": "#/components/parameters/f"}
    collection = {"$ref": "#/components/parameters/collectionId"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "novex OGC API Features",
            "version": "1.0.0",
            "description": "Claims, beperkingen, provincies, gemeenten, NOVEX-gebieden en conflicten van novex als "
            "OGC API Features (deel 1 Core, deel 2 CRS by Reference). Dezelfde rechten als de REST-API.",
            "contact": {"name": "novex-team", "email": "novex@example.org"},
            "license": {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"},
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}, {"sessie": []}],
        "paths": {
            "/": {
                "get": {
                    "operationId": "landingPage",
                    "summary": "Startpagina",
                    "parameters": [f],
                    "responses": _responses("De startpagina met verwijzingen.", json),
                }
            },
            "/conformance": {
                "get": {
                    "operationId": "conformance",
                    "summary": "Conformiteitsklassen",
                    "parameters": [f],
                    "responses": _responses("De conformiteitsklassen.", json),
                }
            },
            "/api": {
                "get": {
                    "operationId": "apiDefinition",
                    "summary": "Dit document",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.0",
                            "content": {"application/vnd.oai.openapi+json;version=3.0": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/collections": {
                "get": {
                    "operationId": "collections",
                    "summary": "Collecties",
                    "parameters": [f],
                    "responses": _responses("De collecties die u mag lezen.", json),
                }
            },
            "/collections/{collectionId}": {
                "get": {
                    "operationId": "collection",
                    "summary": "Eén collectie",
                    "parameters": [collection, f],
                    "responses": _responses("De collectie.", json, not_found=True),
                }
            },
            "/collections/{collectionId}/items": {
                "get": {
                    "operationId": "items",
                    "summary": "Objecten van een collectie",
                    "parameters": [
                        collection,
                        {"$ref": "#/components/parameters/limit"},
                        {"$ref": "#/components/parameters/offset"},
                        {"$ref": "#/components/parameters/bbox"},
                        {"$ref": "#/components/parameters/bbox-crs"},
                        {"$ref": "#/components/parameters/crs"},
                        f,
                    ],
                    "responses": _responses("Een pagina objecten (GeoJSON FeatureCollection).", geo, not_found=True),
                }
            },
            "/collections/{collectionId}/items/{featureId}": {
                "get": {
                    "operationId": "item",
                    "summary": "Eén object",
                    "parameters": [
                        collection,
                        _param("featureId", "Id van het object.", {"type": "string"}, "path", required=True),
                        {"$ref": "#/components/parameters/crs"},
                        f,
                    ],
                    "responses": _responses("Het object (GeoJSON Feature).", geo, not_found=True),
                }
            },
        },  # fmt: skip
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "Een API-token (POST /api/v1/tokens)."},
                "sessie": {"type": "apiKey", "in": "cookie", "name": "novex_sessie"},
            },
            "parameters": {
                "f": _param(
                    "f",
                    "Formaat: json of html (anders bepaalt de Accept-header het).",
                    {"type": "string", "enum": ["json", "html"]},
                ),
                "collectionId": _param(
                    "collectionId", "Id van de collectie.", {"type": "string"}, "path", required=True
                ),
                "limit": _param(
                    "limit",
                    f"Hoeveel objecten per pagina (standaard {DEFAULT_LIMIT}, hoogstens {MAX_LIMIT}).",
                    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                    style="form",
                    explode=False,
                ),
                "offset": _param(
                    "offset",
                    "Vanaf welk object (0 = het eerste); de next-verwijzing zet het.",
                    {"type": "integer", "minimum": 0, "default": 0},
                ),
                "bbox": _param(
                    "bbox",
                    "Alleen objecten die dit kader raken: minx,miny,maxx,maxy in bbox-crs.",
                    {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
                    style="form",
                    explode=False,
                ),
                "bbox-crs": _param(
                    "bbox-crs", "CRS van bbox (standaard CRS84).", {"type": "string", "format": "uri", "enum": crs_enum}
                ),
                "crs": _param(
                    "crs",
                    "CRS van de geometrie in het antwoord (standaard CRS84).",
                    {"type": "string", "format": "uri", "enum": crs_enum},
                ),
            },
            "schemas": {
                "Probleem": {
                    "type": "object",
                    "required": ["status", "detail"],
                    "properties": {
                        "type": {"type": "string"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string"},
                    },
                }
            },  # fmt: skip
        },
        "x-storageCrs": RD.uri,
    }
