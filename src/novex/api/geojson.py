"""GeoJSON output in the negotiated CRS (RD New stored; WGS84/ETRS89 on request)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
from fastapi.responses import JSONResponse
from shapely.geometry.base import BaseGeometry

from novex.geo.crs import RD_NEW, reproject

GEOJSON = "application/geo+json"
PRECISION = {"EPSG:28992": 2, "EPSG:4326": 7, "EPSG:4258": 7}  # cm in RD, ~1 cm in degrees


def to_crs(geoms: Sequence[BaseGeometry], crs: str, simplify_m: float = 0.0) -> list[dict[str, Any]]:
    """Geometries as GeoJSON dicts in `crs`, optionally simplified (metres) first."""
    array = np.asarray(geoms, dtype=object)
    if simplify_m > 0:
        array = shapely.simplify(array, simplify_m, preserve_topology=True)
    array = reproject(array, RD_NEW, crs)
    array = shapely.set_precision(array, 10.0 ** -PRECISION[crs])
    return [shapely.geometry.mapping(g) for g in array]


def feature_collection(
    features: Iterable[tuple[Any, BaseGeometry, dict[str, Any]]],
    crs: str,
    simplify_m: float = 0.0,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A FeatureCollection of (id, geometry, properties) in `crs`."""
    items = list(features)
    geometries = to_crs([g for _, g, _ in items], crs, simplify_m) if items else []
    body: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}
            for (fid, _, props), geometry in zip(items, geometries, strict=True)
        ],
    }
    if crs != "EPSG:4326":  # RFC 7946 default is CRS84; name any other CRS explicitly
        body["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{crs.split(':')[1]}"}}
    return body | (extra or {})


def geojson_response(body: dict[str, Any], crs: str, status_code: int = 200) -> JSONResponse:
    """A GeoJSON response naming its CRS in `Content-Crs`."""
    return JSONResponse(body, status_code=status_code, media_type=GEOJSON, headers={"Content-Crs": crs.lower()})
