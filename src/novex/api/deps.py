"""API-only request dependencies: CRS negotiation and paging links (the shared ones are in `novex.edge.deps`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Request

from novex.edge.errors import NotAcceptable

CRS_CHOICES = {"epsg:28992": "EPSG:28992", "epsg:4326": "EPSG:4326", "epsg:4258": "EPSG:4258"}
DEFAULT_CRS = "EPSG:4326"


def accept_crs(accept_crs: Annotated[str | None, Header(alias="Accept-Crs")] = None) -> str:
    """The CRS asked for with `Accept-Crs` (epsg:28992, epsg:4326, epsg:4258); WGS84 by default."""
    return crs_named(accept_crs)


def crs_named(name: str | None) -> str:
    """The CRS of an `Accept-Crs`/`Content-Crs` header value; WGS84 when absent; 406 when not offered."""
    if name is None or not name.strip():
        return DEFAULT_CRS
    key = name.strip().lower()
    if key not in CRS_CHOICES:
        raise NotAcceptable(f"CRS {name!r} wordt niet geleverd; kies uit {', '.join(CRS_CHOICES)}")
    return CRS_CHOICES[key]


CrsDep = Annotated[str, Depends(accept_crs)]


def page_links(request: Request, page: int, page_size: int, total: int) -> list[dict[str, str]]:
    """OGC API-style links of a page of results: self, and next/prev where there are more."""
    links = [{"rel": "self", "href": str(request.url)}]
    if page * page_size < total:
        links.append({"rel": "next", "href": str(request.url.include_query_params(page=page + 1))})
    if page > 1:
        links.append({"rel": "prev", "href": str(request.url.include_query_params(page=page - 1))})
    return links
