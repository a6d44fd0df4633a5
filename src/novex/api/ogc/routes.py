"""The OGC API Features routes under /ogc/v1 (kept out of the REST API's OpenAPI document: OGC's rules apply)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from geojson_pydantic import Feature as GeoFeature
from geojson_pydantic import FeatureCollection as GeoFeatureCollection
from pydantic import BaseModel, ConfigDict

from novex.access import Actor
from novex.api.ogc import html, openapi, sources
from novex.api.ogc.crs import CRS84, OFFERED, STORAGE, OgcCrs, bbox_in_rd, extent_crs84, to_output
from novex.api.ogc.params import (
    ONE_PARAMS,
    PLAIN_PARAMS,
    BadRequest,
    ItemsQuery,
    crs_param,
    items_query,
    refuse_unknown,
)
from novex.api.problems import problem
from novex.bootstrap import UnitOfWork
from novex.edge.deps import ActorDep, UowDep
from novex.edge.errors import status_of
from novex.errors import InvalidInput, NotFound, NovexError
from novex.reference.service import ReferenceService

PREFIX = "/ogc/v1"
GEOJSON = "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
RETRY_SECONDS = 5
READ = ["GET", "HEAD"]
"""The API is read-only; HEAD as for every GET resource (RFC 9110 §9.3.2)."""
WRITE = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class OgcRoute(APIRoute):
    """A route whose errors are problem+json (OGC expects JSON exceptions), bad input 400, whatever the path."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The framework's handler, with novex's errors answered here rather than by the app's page renderer."""
        handler = super().get_route_handler()

        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except sources.AnalysisPending as exc:
                response = problem(request, 503, str(exc))
                response.headers["Retry-After"] = str(RETRY_SECONDS)
                return response
            except NovexError as exc:
                status = 400 if isinstance(exc, InvalidInput) else status_of(exc)
                return problem(request, status, str(exc))

        return run


router = APIRouter(prefix=PREFIX, route_class=OgcRoute, include_in_schema=False)


class Link(BaseModel):
    """An OGC link."""

    model_config = ConfigDict(extra="forbid")
    href: str
    rel: str
    type: str | None = None
    title: str | None = None


class OgcFeatureCollection(GeoFeatureCollection):
    """A GeoJSON FeatureCollection with the members OGC API Features adds."""

    links: list[Link]
    numberMatched: int  # noqa: N815 - OGC's name
    numberReturned: int  # noqa: N815
    timeStamp: str  # noqa: N815


class OgcFeature(GeoFeature):
    """A GeoJSON Feature with its links."""

    links: list[Link]


def valid(model: type[BaseModel], body: dict[str, Any]) -> dict[str, Any]:
    """The body, checked against its geojson-pydantic model (valid GeoJSON or a crash, never a bad answer).

    The checked dict itself is sent: the models' own serialiser is ~5× slower than the check on large polygons
    (1.1 MB of NNN: 0.13 s to check, 0.62 s to dump) and gives the same JSON.
    """
    model.model_validate(body)
    return body


# -- representation --------------------------------------------------------------------------------------------


def wants_html(request: Request) -> bool:
    """HTML when `f=html`, JSON when `f=json`; otherwise HTML only when the client asks for it before JSON."""
    f = request.query_params.get("f")
    if f is not None:
        if f not in ("json", "html"):
            raise BadRequest(f"f: {f!r} wordt niet geleverd; kies json of html")
        return f == "html"
    accept = request.headers.get("accept", "").lower()
    at_html, at_json = accept.find("text/html"), accept.find("json")
    return at_html >= 0 and (at_json < 0 or at_html < at_json)


def base(request: Request) -> str:
    """The absolute URL of /ogc/v1."""
    return str(request.base_url).rstrip("/") + PREFIX


def url(request: Request, path: str, **params: Any) -> str:
    """An absolute URL under /ogc/v1 with query parameters (None leaves one out)."""
    query = urlencode({k: v for k, v in params.items() if v is not None}, safe=":/,")
    return f"{base(request)}{path}" + (f"?{query}" if query else "")


def alternates(request: Request, path: str, json_type: str, html_first: bool, **params: Any) -> list[dict[str, Any]]:
    """The self and alternate links of a resource in JSON and HTML."""
    json_link = {"href": url(request, path, **params, f="json"), "type": json_type, "title": "Als JSON"}
    html_link = {"href": url(request, path, **params, f="html"), "type": "text/html", "title": "Als HTML"}
    first, second = (html_link, json_link) if html_first else (json_link, html_link)
    return [first | {"rel": "self"}, second | {"rel": "alternate"}]


def breadcrumbs(request: Request, *trail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """The breadcrumb trail of an HTML page, from the landing page."""
    return [("novex OGC API", url(request, "", f="html")), *trail]


def now() -> str:
    """The response's timeStamp (RFC 3339, UTC)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def content_crs(crs: OgcCrs) -> dict[str, str]:
    """The Content-Crs header of Part 2."""
    return {"Content-Crs": f"<{crs.uri}>"}


@cache
def _extent(bounds: tuple[float, float, float, float]) -> list[float]:
    return extent_crs84(bounds)


def netherlands(uow: UnitOfWork, actor: Actor) -> list[float]:
    """The spatial extent of every collection: the land of the twelve provinces, in CRS84."""
    provinces = uow.get(ReferenceService).provinces(actor)
    xs = [p.geometry.bounds for p in provinces]
    return _extent((min(b[0] for b in xs), min(b[1] for b in xs), max(b[2] for b in xs), max(b[3] for b in xs)))


def describe(request: Request, c: sources.Collection, bbox: list[float]) -> dict[str, Any]:
    """The JSON description of a collection."""
    path = f"/collections/{c.id}"
    links = alternates(request, path, "application/json", wants_html(request)) + [
        {"rel": "items", "type": GEOJSON, "title": "Objecten (GeoJSON)", "href": url(request, f"{path}/items",
                                                                                         f="json")},
        {"rel": "items", "type": "text/html", "title": "Objecten (HTML)", "href": url(request, f"{path}/items",
                                                                                      f="html")},
    ]  # fmt: skip
    return {
        "id": c.id, "title": c.title, "description": c.description, "links": links, "itemType": "feature",
        "extent": {"spatial": {"bbox": [bbox], "crs": CRS84.uri}},
        "crs": [crs.uri for crs in OFFERED], "storageCrs": STORAGE.uri,
    }  # fmt: skip


def features_out(found: list[sources.Feature], crs: OgcCrs) -> list[dict[str, Any]]:
    """Features as GeoJSON dicts in `crs`."""
    geometries = to_output([g for _, g, _ in found], crs)
    return [
        {"type": "Feature", "id": fid, "geometry": g.__geo_interface__ if not g.is_empty else None, "properties": p}
        for (fid, _, p), g in zip(found, geometries, strict=True)
    ]


# -- routes ----------------------------------------------------------------------------------------------------


@router.api_route("", methods=READ)
def landing(request: Request, actor: ActorDep) -> Response:
    """The landing page: links to the API definition, conformance and the collections."""
    refuse_unknown(request, PLAIN_PARAMS)
    as_html = wants_html(request)
    links = alternates(request, "", "application/json", as_html) + [
        {"rel": "service-desc", "type": OPENAPI, "title": "API-definitie (OpenAPI 3.0)", "href": url(request, "/api")},
        {"rel": "conformance", "type": "application/json", "title": "Conformiteit",
         "href": url(request, "/conformance", f="json")},
        {"rel": "data", "type": "application/json", "title": "Collecties",
         "href": url(request, "/collections", f="json")},
    ]  # fmt: skip
    body = {"title": "novex OGC API Features", "description": "De ruimtelijke gegevens van novex (claims, "
            "beperkingen, provincies, gemeenten, NOVEX-gebieden, conflicten) voor QGIS, GDAL en andere GIS.",
            "links": links}  # fmt: skip
    if as_html:
        return html.page(
            "landing.html.j2",
            titel=body["title"],
            beschrijving=body["description"],
            links=links,
            basis=base(request),
            kruimels=[("novex OGC API", None)],
        )
    return JSONResponse(body)


@router.api_route("/api", methods=READ)
def api_definition(request: Request) -> Response:
    """The OpenAPI 3.0 document of this OGC API (public, like the REST API's)."""
    return JSONResponse(openapi.document(base(request)), media_type=OPENAPI)


@router.api_route("/conformance", methods=READ)
def conformance(request: Request, actor: ActorDep) -> Response:
    """The conformance classes."""
    refuse_unknown(request, PLAIN_PARAMS)
    as_html = wants_html(request)
    links = alternates(request, "/conformance", "application/json", as_html)
    if as_html:
        return html.page("conformance.html.j2", titel="Conformiteit", klassen=CONFORMANCE, links=links,
                         kruimels=breadcrumbs(request, ("Conformiteit", None)))  # fmt: skip
    return JSONResponse({"conformsTo": CONFORMANCE})


@router.api_route("/collections", methods=READ)
def collections(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    """Every collection the user may read."""
    refuse_unknown(request, PLAIN_PARAMS)
    as_html = wants_html(request)
    bbox = netherlands(uow, actor)
    found = [describe(request, c, bbox) for c in sources.collections(uow, actor)]
    links = alternates(request, "/collections", "application/json", as_html)
    if as_html:
        return html.page("collections.html.j2", titel="Collecties", collecties=found, links=links,
                         basis=base(request), kruimels=breadcrumbs(request, ("Collecties", None)))  # fmt: skip
    return JSONResponse({"links": links, "collections": found, "crs": [c.uri for c in OFFERED]})


@router.api_route("/collections/{collection_id}", methods=READ)
def collection(request: Request, collection_id: str, actor: ActorDep, uow: UowDep) -> Response:
    """One collection's description."""
    refuse_unknown(request, PLAIN_PARAMS)
    as_html = wants_html(request)
    found = describe(request, sources.collection(uow, actor, collection_id), netherlands(uow, actor))
    if as_html:
        trail = breadcrumbs(request, ("Collecties", url(request, "/collections", f="html")), (found["title"], None))
        return html.page("collection.html.j2", titel=found["title"], collectie=found, links=found["links"],
                         basis=base(request), kruimels=trail)  # fmt: skip
    return JSONResponse(found)


@router.api_route("/collections/{collection_id}/items", methods=READ)
def items(request: Request, collection_id: str, actor: ActorDep, uow: UowDep) -> Response:
    """A page of a collection's features: bbox (in bbox-crs), crs, limit and offset; next/prev links."""
    query = items_query(request)
    as_html = wants_html(request)
    found = sources.collection(uow, actor, collection_id)
    where = bbox_in_rd(query.bbox, query.bbox_crs) if query.bbox is not None else None
    page = found.read(uow, actor, where, query.offset, query.limit)
    links = item_links(request, f"/collections/{collection_id}/items", query, page, as_html)
    body = valid(OgcFeatureCollection, {
        "type": "FeatureCollection", "features": features_out(page.features, query.crs), "links": links,
        "numberMatched": page.matched, "numberReturned": len(page.features), "timeStamp": now(),
    })  # fmt: skip
    headers = content_crs(query.crs)
    if as_html:
        described = describe(request, found, netherlands(uow, actor))
        columns = list(dict.fromkeys(k for f in body["features"] for k in (f["properties"] or {})))[:8]
        trail = breadcrumbs(
            request,
            ("Collecties", url(request, "/collections", f="html")),
            (found.title, url(request, f"/collections/{found.id}", f="html")),
            ("Objecten", None),
        )
        return html.page("items.html.j2", headers=headers, titel=f"Objecten: {found.title}", collectie=described,
                         rijen=body["features"], kolommen=columns, links=links, basis=base(request),
                         numberMatched=page.matched, numberReturned=len(page.features), offset=query.offset,
                         crs=query.crs.uri, kruimels=trail)  # fmt: skip
    return JSONResponse(body, media_type=GEOJSON, headers=headers)


def item_links(request: Request, path: str, q: ItemsQuery, page: sources.Page, as_html: bool) -> list[dict[str, Any]]:
    """The self, alternate, next, prev and collection links of an items page (next/prev in JSON and HTML)."""
    keep = {"limit": q.limit, "bbox": request.query_params.get("bbox"),
            "bbox-crs": request.query_params.get("bbox-crs"), "crs": request.query_params.get("crs")}  # fmt: skip
    links = alternates(request, path, GEOJSON, as_html, **keep, offset=q.offset or None)
    more = [("next", q.offset + q.limit)] if q.offset + q.limit < page.matched else []
    if q.offset > 0:
        more.append(("prev", max(q.offset - q.limit, 0)))
    for rel, offset in more:
        for f, kind in (("json", GEOJSON), ("html", "text/html")):
            title = ("Volgende" if rel == "next" else "Vorige") + f" pagina ({f.upper()})"
            links.append(
                {
                    "rel": rel,
                    "type": kind,
                    "title": title,
                    "href": url(request, path, **keep, offset=offset or None, f=f),
                }
            )
    collection_path = path.removesuffix("/items")
    links.append({"rel": "collection", "type": "application/json", "title": "De collectie",
                  "href": url(request, collection_path, f="json")})  # fmt: skip
    return links


@router.api_route("/collections/{collection_id}/items/{feature_id}", methods=READ)
def item(request: Request, collection_id: str, feature_id: str, actor: ActorDep, uow: UowDep) -> Response:
    """One feature."""
    refuse_unknown(request, ONE_PARAMS)
    as_html = wants_html(request)
    crs = crs_param(request, "crs")
    found = sources.collection(uow, actor, collection_id)
    feature = sources.one_feature(uow, actor, found, feature_id)
    path = f"/collections/{collection_id}/items/{feature_id}"
    links = alternates(request, path, GEOJSON, as_html, crs=request.query_params.get("crs")) + [
        {"rel": "collection", "type": "application/json", "title": "De collectie",
         "href": url(request, f"/collections/{collection_id}", f="json")},
    ]  # fmt: skip
    body = valid(OgcFeature, features_out([feature], crs)[0] | {"links": links})
    headers = content_crs(crs)
    if as_html:
        trail = breadcrumbs(request, ("Collecties", url(request, "/collections", f="html")),
                            (found.title, url(request, f"/collections/{found.id}/items", f="html")),
                            (str(feature_id), None))  # fmt: skip
        return html.page("item.html.j2", headers=headers, titel=f"{found.title}: object {feature_id}", object=body,
                         links=links, crs=crs.uri, kruimels=trail)  # fmt: skip
    return JSONResponse(body, media_type=GEOJSON, headers=headers)


@router.api_route("/{rest:path}", methods=READ)
def unknown(request: Request, rest: str) -> Response:
    """Any other path under /ogc/v1 (a trailing slash too): 404 as problem+json, not the web app's page."""
    raise NotFound(f"{PREFIX}/{rest[:200]} bestaat niet; begin bij {PREFIX}")


@router.api_route("", methods=WRITE)
@router.api_route("/{rest:path}", methods=WRITE)
def read_only(request: Request) -> Response:
    """Any other method anywhere under /ogc/v1: 405 as problem+json with the allowed methods (nothing changes)."""
    response = problem(request, 405, f"de OGC API is alleen-lezen: {request.method} kan niet, alleen GET en HEAD")
    response.headers["Allow"] = ", ".join(READ)
    return response
