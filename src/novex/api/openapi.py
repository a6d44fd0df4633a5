"""The OpenAPI document as the API serves it (NL API Design Rules): servers, security, headers, problem+json.

FastAPI describes routes, parameters and bodies; this module adds what the application does around them:
the relative server `/api/v1` (paths without the prefix), bearer token and session cookie, the
`API-Version` header on every response, problem+json on every error (400 for invalid input),
GeoJSON schemas where GeoJSON is returned, readable operation ids and component names.
"""

from __future__ import annotations

import re
from copy import deepcopy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.utils import generate_unique_id
from geojson_pydantic import Feature, FeatureCollection
from geojson_pydantic.geometries import Geometry
from pydantic import BaseModel, ConfigDict
from pydantic.json_schema import models_json_schema

from novex.api.app import API_PREFIX, API_VERSION
from novex.api.problems import PROBLEM
from novex.edge.errors import TITLES

BEARER = "bearerToken"
COOKIE = "sessieCookie"

HEADER = {"schema": {"type": "string"}}
VERSION_HEADER = {
    "description": "De volledige versie van de API (semver).",
    "schema": {"type": "string", "example": API_VERSION},
}


_TAKEN: dict[str, tuple[str, frozenset[str]]] = {}
"""Operation ids handed out, with the operation they name (ids must be unique in the document)."""


def operation_id(route: APIRoute) -> str:
    """A readable, stable operation id: the route function's name in lowerCamelCase (`claims_export` → `claimsExport`).

    A name two contexts use (`analyse`) gets its module's name for the second one (`analyseScenarios`).
    """
    if not route.path_format.startswith(API_PREFIX + "/"):
        return generate_unique_id(route)  # web pages and OGC API: not in this document, FastAPI's own ids
    key = (route.path_format, frozenset(route.methods or ()))
    name = camel(route.name)
    if _TAKEN.setdefault(name, key) != key:
        name = camel(f"{route.name}_{route.endpoint.__module__.rsplit('.', 1)[-1]}")
        _TAKEN.setdefault(name, key)
    return name


def camel(name: str) -> str:
    """snake_case as lowerCamelCase."""
    head, *rest = name.strip("_").split("_")
    return head + "".join(word[:1].upper() + word[1:] for word in rest)


class Problem(BaseModel):
    """An error as application/problem+json (RFC 9457)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"required": ["type", "title", "status", "detail"]})

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    invalidParams: list[dict[str, str]] | None = None  # noqa: N815 - the ADR's member name


class GeoJsonProperties(BaseModel):
    """The properties of a novex feature (free form; see the route's description)."""

    model_config = ConfigDict(extra="allow")


class GeoJsonFeature(Feature[Geometry, GeoJsonProperties]):
    """A GeoJSON Feature (RFC 7946) with novex properties."""


class Link(BaseModel):
    """A paging link (OGC API style): `self`, `next`, `prev`."""

    rel: str
    href: str


class GeoJsonFeatureCollection(FeatureCollection[GeoJsonFeature]):
    """A GeoJSON FeatureCollection (RFC 7946) of novex features; a page of claims says where the others are."""

    numberMatched: int | None = None  # noqa: N815 - OGC API member names
    numberReturned: int | None = None  # noqa: N815
    links: list[Link] | None = None


GEOJSON_OPERATIONS = {
    ("get", "/claims"): "GeoJsonFeatureCollection",
    ("get", "/claims/{claim_id}"): "GeoJsonFeature",
    ("put", "/claims/{claim_id}"): "GeoJsonFeature",
    ("post", "/voorstellen/{voorstel_id}/claims"): "GeoJsonFeature",
    ("get", "/provincies"): "GeoJsonFeatureCollection",
    ("get", "/provincies/{code}"): "GeoJsonFeature",
    ("get", "/novex-gebieden"): "GeoJsonFeatureCollection",
    ("get", "/novex-gebieden/{gebied_id}"): "GeoJsonFeature",
    ("put", "/novex-gebieden/{gebied_id}/grens"): "GeoJsonFeature",
}
"""Operations that answer GeoJSON (`application/geo+json`) and what they answer."""

RENAMED_PATHS = {"/documenten/{soort}/{key}.pdf": ("/documenten/{soort}/{document}", "key", "document")}
"""Paths whose last segment mixes a parameter and a suffix (not kebab-case): described as one parameter."""


def install(app: FastAPI) -> None:
    """Serve the described document at `app.openapi()` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
                contact=app.contact,
                license_info=app.license_info,
            )
            app.openapi_schema = describe(document)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def describe(document: dict[str, Any]) -> dict[str, Any]:
    """The FastAPI document completed with what the application really does."""
    doc = deepcopy(document)
    doc["servers"] = [{"url": API_PREFIX, "description": "Deze server (relatief)"}]
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    components["securitySchemes"] = {
        BEARER: {"type": "http", "scheme": "bearer", "description": "Een API-token (POST /tokens)."},
        COOKIE: {"type": "apiKey", "in": "cookie", "name": "novex_sessie", "description": "De sessie van de web-app."},
    }
    components["headers"] = {"API-Version": VERSION_HEADER}
    add_component_schemas(schemas)
    paths: dict[str, Any] = {}
    for path, item in doc.get("paths", {}).items():
        if not path.startswith(API_PREFIX + "/"):
            continue  # other edges (web pages, OGC API) have their own description
        short = path.removeprefix(API_PREFIX)
        for method, op in item.items():
            if method in {"get", "put", "post", "delete", "patch"}:
                describe_operation(method, short, op)
        if short in RENAMED_PATHS:
            short = rename_parameter(item, *RENAMED_PATHS[short])
        paths[short] = item
    doc["paths"] = paths
    rename_components(doc)
    lift_date_formats(schemas)
    return doc


def add_component_schemas(schemas: dict[str, Any]) -> None:
    """Problem and the GeoJSON models as components."""
    models = [(model, "serialization") for model in (Problem, GeoJsonFeature, GeoJsonFeatureCollection)]
    _, top = models_json_schema(models, ref_template="#/components/schemas/{model}")
    for name, schema in top.get("$defs", {}).items():
        schemas.setdefault(name, schema)


ATTACHMENTS = {
    "application/pdf", "application/zip", "application/octet-stream", "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}  # fmt: skip
"""Media types answered as a file (with a `Content-Disposition` naming it)."""


def describe_operation(method: str, path: str, op: dict[str, Any]) -> None:
    """Security, error responses, headers and GeoJSON bodies of one operation."""
    params = op.get("parameters", [])
    anonymous = path == "/tokens"  # every other route needs a user (`novex.edge.deps.current_actor`)
    op["security"] = [{BEARER: []}, {COOKIE: []}] + ([{}] if anonymous else [])
    responses = op.setdefault("responses", {})
    responses.pop("422", None)  # FastAPI's default; novex answers invalid input with a 400
    errors = {"500"}
    if params or "requestBody" in op or method not in {"get", "delete"}:
        errors.add("400")  # invalid input (Pydantic and the services) and an unreadable request alike
    if not anonymous:
        errors |= {"401", "403"}
    if any(p.get("in") == "path" for p in params):
        errors.add("404")
    if any(p.get("in") == "header" and p.get("name", "").lower() == "accept-crs" for p in params):
        errors.add("406")
    if method in {"put", "post", "delete", "patch"}:
        errors |= {"409"}
    body = op.get("requestBody", {}).get("content", {})
    if "multipart/form-data" in body:
        errors |= {"413", "415"}
    if path == "/tokens":
        errors.add("429")
    for status in errors:
        responses.setdefault(status, {})
    for status, response in responses.items():
        headers = response.setdefault("headers", {})
        headers["API-Version"] = {"$ref": "#/components/headers/API-Version"}
        if status.startswith(("4", "5")):
            if response.get("description") in {None, "", "Validation Error", "Successful Response"}:
                response["description"] = TITLES.get(int(status), "Fout")
            response["content"] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
            if status == "401":
                headers["WWW-Authenticate"] = {"description": 'Bearer realm="novex"', **HEADER}
        elif status == "201":
            headers.setdefault("Location", {"description": "Het adres van het nieuwe object.", **HEADER})
        if status == "202":
            headers.setdefault("Retry-After", {"description": "Seconden tot een nieuwe poging zin heeft.", **HEADER})
        content = response.get("content", {})
        if any(kind.split(";")[0] in ATTACHMENTS for kind in content):
            headers.setdefault("Content-Disposition", {"description": "De bestandsnaam.", **HEADER})
    kind = GEOJSON_OPERATIONS.get((method, path))
    if kind:
        ok = "201" if "201" in responses else "200"
        responses[ok]["content"] = {"application/geo+json": {"schema": {"$ref": f"#/components/schemas/{kind}"}}}
        responses[ok]["headers"]["Content-Crs"] = {"description": "Het CRS van de geometrie.", **HEADER}


def rename_parameter(item: dict[str, Any], path: str, old: str, new: str) -> str:
    """Describe path parameter `old` plus its suffix as one parameter `new` (the whole segment)."""
    for op in item.values():
        for param in op.get("parameters", []):
            if param.get("in") == "path" and param.get("name") == old:
                param["name"] = new
                param["schema"] = {"type": "string", "pattern": r"^[^/]+\.pdf$"}
                param["description"] = "De bestandsnaam: sleutel gevolgd door .pdf."
    return path


def rename_components(doc: dict[str, Any]) -> None:
    """Module-qualified component names (`novex__api__routes__meetings__CriteriumIn`) as PascalCase."""
    schemas = doc["components"]["schemas"]
    for name in [n for n in schemas if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", n)]:
        parts = [p for p in re.split(r"__|[^A-Za-z0-9]+", name) if p and p not in {"novex", "api", "routes"}]
        better = "".join(p[:1].upper() + p[1:] for p in parts)
        while better in schemas:
            better += "X"
        schemas[better] = schemas.pop(name)
        retarget(doc, f"#/components/schemas/{name}", f"#/components/schemas/{better}")


def retarget(node: Any, old: str, new: str) -> None:
    """Point every `$ref` to `old` at `new`."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and value == old:
                node[key] = new
            else:
                retarget(value, old, new)
    elif isinstance(node, list):
        for value in node:
            retarget(value, old, new)


def lift_date_formats(schemas: dict[str, Any]) -> None:
    """An optional date (`anyOf: [date, null]`) names its format at the top too (it applies to strings only)."""
    for schema in schemas.values():
        for prop in schema.get("properties", {}).values():
            formats = {s.get("format") for s in prop.get("anyOf", []) if s.get("format")}
            if "format" not in prop and len(formats) == 1:
                prop["format"] = formats.pop()
