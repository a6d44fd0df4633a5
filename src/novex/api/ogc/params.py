"""The query parameters of the OGC routes, read by hand so every bad value is a 400 naming the parameter."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from fastapi import Request

from novex.api.ogc.crs import RD, OgcCrs, crs_of
from novex.errors import InvalidInput

DEFAULT_LIMIT = 100
MAX_LIMIT = 5000
MAX_OFFSET = 10_000_000
ITEMS_PARAMS = frozenset({"f", "limit", "offset", "bbox", "bbox-crs", "crs"})
ONE_PARAMS = frozenset({"f", "crs"})
PLAIN_PARAMS = frozenset({"f"})


class BadRequest(InvalidInput):
    """A query parameter is wrong: OGC API Features answers 400."""


@dataclass(frozen=True)
class ItemsQuery:
    """What an items request asks for."""

    limit: int
    offset: int
    bbox: tuple[float, ...] | None
    bbox_crs: OgcCrs
    crs: OgcCrs


def refuse_unknown(request: Request, known: frozenset[str]) -> None:
    """400 for a parameter the API does not define (OGC API Features /req/core/query-param-unknown)."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise BadRequest(f"onbekende queryparameter {unknown[0]!r}; toegestaan: {', '.join(sorted(known))}")


def _integer(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    digits = raw.strip()
    if not re.fullmatch(r"[0-9]+", digits):  # ASCII only: '²' and '٣' are digits to str.isdigit, not to int()
        raise BadRequest(f"{name}: {raw[:40]!r} is geen geheel getal")
    digits = digits.lstrip("0") or "0"
    if len(digits) > 18:  # far above any maximum (and below int()'s 4300-digit limit): the maximum applies
        digits = "9" * 18
    value = int(digits)
    if value < low:
        raise BadRequest(f"{name}: moet minstens {low} zijn")
    return value if high is None else min(value, high)  # above the maximum: the maximum (OGC permits it)


def crs_param(request: Request, name: str) -> OgcCrs:
    """The CRS a parameter names (CRS84 when absent)."""
    try:
        return crs_of(request.query_params.get(name), name)
    except ValueError as exc:
        raise BadRequest(str(exc)) from None


def _shown(raw: str, limit: int = 200) -> str:
    """A refused value as shown in the message: quoted, and cut off when longer than `limit`."""
    return repr(raw[:limit]) + (" (ingekort)" if len(raw) > limit else "")


def bbox_param(request: Request) -> tuple[float, ...] | None:
    """The `bbox` parameter: four (or six) finite numbers, lower corner before upper."""
    raw = request.query_params.get("bbox")
    if raw is None:
        return None
    parts = raw.split(",")
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise BadRequest(f"bbox: {_shown(raw)} is geen lijst van getallen (minx,miny,maxx,maxy)") from None
    if len(values) not in (4, 6) or not all(math.isfinite(v) for v in values):
        raise BadRequest(f"bbox: verwacht 4 (of 6) eindige getallen gescheiden door komma's, niet {_shown(raw)}")
    half = len(values) // 2
    if any(values[i] > values[i + half] for i in range(half)):
        raise BadRequest(f"bbox: de ondergrens ligt boven de bovengrens in {_shown(raw)}")
    return values


def _on_earth(bbox: tuple[float, ...], lat_first: bool) -> bool:
    """Whether every corner of a geographic bbox (2D or 3D, in its axis order) lies on the globe."""
    half = len(bbox) // 2
    corners = [bbox[:2], bbox[half : half + 2]]
    if lat_first:
        corners = [(x, y) for y, x in corners]
    return all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in corners)


def items_query(request: Request) -> ItemsQuery:
    """The items parameters: limit (default 100, at most 5000), offset, bbox with bbox-crs, crs."""
    refuse_unknown(request, ITEMS_PARAMS)
    bbox = bbox_param(request)
    bbox_crs = crs_param(request, "bbox-crs")
    if "bbox-crs" in request.query_params and bbox is None:
        raise BadRequest("bbox-crs: geef ook bbox")
    if bbox is not None and bbox_crs is not RD and not _on_earth(bbox, bbox_crs.lat_first):
        raise BadRequest(f"bbox: valt buiten {bbox_crs.label} (lengte -180…180, breedte -90…90); "
                         "gebruik bbox-crs voor RD")  # fmt: skip
    return ItemsQuery(
        limit=_integer(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_integer(request, "offset", 0, 0, MAX_OFFSET),
        bbox=bbox,
        bbox_crs=bbox_crs,
        crs=crs_param(request, "crs"),
    )
