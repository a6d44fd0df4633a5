"""The coordinate reference systems of the OGC API (Part 2, CRS by Reference): URIs, axis order, bboxes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from novex.api.geojson import PRECISION
from novex.geo.crs import RD_NEW, reproject


@dataclass(frozen=True)
class OgcCrs:
    """A CRS offered by the OGC API: its OGC URI, the EPSG code pyproj uses, and its axis order."""

    uri: str
    epsg: str  # for pyproj: "EPSG:28992"
    lat_first: bool  # EPSG:4258 is latitude, longitude (its official axis order); CRS84 and RD are x, y
    label: str


RD = OgcCrs("http://www.opengis.net/def/crs/EPSG/0/28992", "EPSG:28992", False, "RD New (EPSG:28992)")
CRS84 = OgcCrs("http://www.opengis.net/def/crs/OGC/1.3/CRS84", "EPSG:4326", False, "WGS84 lengte/breedte (CRS84)")
ETRS89 = OgcCrs("http://www.opengis.net/def/crs/EPSG/0/4258", "EPSG:4258", True, "ETRS89 (EPSG:4258)")
OFFERED = (CRS84, RD, ETRS89)
"""CRS84 first: the default of OGC API Features; RD New is how novex stores every geometry."""
STORAGE = RD


def crs_of(uri: str | None, parameter: str) -> OgcCrs:
    """The offered CRS an URI names (CRS84 when absent); `ValueError` in Dutch naming `parameter` otherwise."""
    if uri is None or not uri.strip():
        return CRS84
    key = uri.strip().strip("<>")
    for crs in OFFERED:
        if key in (crs.uri, crs.uri.replace("http://", "https://")):
            return crs
    choices = ", ".join(c.uri for c in OFFERED)
    shown = repr(uri[:120]) + (" (ingekort)" if len(uri) > 120 else "")  # a 6 kB value is not echoed whole
    raise ValueError(f"{parameter}: {shown} wordt niet ondersteund; kies uit {choices}")


def to_output(geometries: list[BaseGeometry], crs: OgcCrs) -> list[BaseGeometry]:
    """Stored RD New geometries in `crs` and its axis order, rounded to ~1 cm, rings by the right-hand rule.

    RFC 7946 §3.1.6: exterior rings counterclockwise, holes clockwise (applied in every CRS: it is harmless
    in RD New and what GeoJSON readers expect).
    """
    if not geometries:
        return []
    array = np.asarray(geometries, dtype=object)
    array = reproject(array, RD_NEW, crs.epsg)
    array = shapely.set_precision(array, 10.0 ** -PRECISION[crs.epsg])
    array = shapely.orient_polygons(array, exterior_cw=False)  # in x/y (lon/lat) order, before any swap
    if crs.lat_first:
        array = shapely.transform(array, lambda xy: xy[:, ::-1])
    return list(array)


def bbox_in_rd(values: tuple[float, ...], crs: OgcCrs) -> BaseGeometry:
    """A bbox given in `crs` (in its axis order) as a polygon in RD New (densified, so it stays exact enough)."""
    if len(values) == 6:  # 3D bbox: minx, miny, minz, maxx, maxy, maxz
        values = (values[0], values[1], values[3], values[4])
    a, b, c, d = values
    minx, miny, maxx, maxy = (b, a, d, c) if crs.lat_first else (a, b, c, d)
    polygon = box(minx, miny, maxx, maxy)
    if crs is RD:
        return polygon
    return reproject(shapely.segmentize(polygon, max(maxx - minx, maxy - miny) / 64 or 1.0), crs.epsg, RD_NEW)


def extent_crs84(bounds_rd: tuple[float, float, float, float]) -> list[float]:
    """An RD New extent as a CRS84 bbox [minlon, minlat, maxlon, maxlat] (rounded outward to 6 decimals)."""
    polygon = shapely.segmentize(box(*bounds_rd), 1000.0)
    minx, miny, maxx, maxy = reproject(polygon, RD_NEW, CRS84.epsg).bounds
    return [np.floor(minx * 1e6) / 1e6, np.floor(miny * 1e6) / 1e6, np.ceil(maxx * 1e6) / 1e6,
            np.ceil(maxy * 1e6) / 1e6]  # fmt: skip
