"""Geometry hygiene at ingest: polygons only, valid, on the 1 mm RD grid.

`clean_polygon` repairs an invalid polygon with `make_valid` when the repair keeps
at least 99.9 % of the area (reported as a repair) and rejects it otherwise, so no
invalid geometry — and no `TopologyException` later on — reaches the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

GRID = 0.001  # metres: 1 mm in RD New
MIN_KEPT = 0.999


class GeometryRejected(ValueError):
    """A geometry that cannot be used; the message says why (in Dutch)."""


@dataclass(frozen=True)
class Cleaned:
    """A usable (Multi)Polygon and, when it was repaired, what the repair did."""

    geometry: Polygon | MultiPolygon
    repair: str | None = None


def _polygonal(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """Keep only the polygon parts (make_valid may add lines); one part becomes a Polygon."""
    if isinstance(geometry, Polygon):
        return geometry
    parts = [p for p in shapely.get_parts(geometry) if isinstance(p, Polygon | MultiPolygon)]
    polygons = [q for p in parts for q in getattr(p, "geoms", [p])]
    return MultiPolygon(polygons) if len(polygons) != 1 else polygons[0]


def _enclosed_area(ring: BaseGeometry) -> BaseGeometry:
    """Everything a (possibly self-crossing) ring encloses: its noded faces."""
    faces = shapely.polygonize(shapely.get_parts(shapely.node(shapely.LineString(ring.coords))))
    return shapely.union_all(shapely.get_parts(faces))


def _intended_area(geometry: BaseGeometry) -> float:
    """The area the drawer meant: what the shells enclose minus what the holes enclose."""
    total = 0.0
    for polygon in shapely.get_parts(geometry):
        shell = _enclosed_area(polygon.exterior)
        holes = [_enclosed_area(ring) for ring in polygon.interiors]
        total += shapely.difference(shell, shapely.union_all(holes)).area if holes else shell.area
    return total


def clean_polygon(geometry: BaseGeometry | None) -> Cleaned:
    """Validate, repair if safe, and snap a polygon to the 1 mm grid."""
    if geometry is None or geometry.is_empty:
        raise GeometryRejected("lege geometrie")
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise GeometryRejected(f"geometrietype {geometry.geom_type}; verwacht Polygon of MultiPolygon")
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise GeometryRejected("coördinaten zijn niet eindig (NaN of oneindig)")
    repair = None
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        fixed = _polygonal(shapely.make_valid(geometry))
        before = _intended_area(geometry)
        kept = fixed.area / before if before > 0 else 0.0
        if fixed.is_empty or not MIN_KEPT <= kept <= 2 - MIN_KEPT:
            kept_text = f"herstel zou {kept:.1%} van de oppervlakte behouden (< 99,9 %)"
            raise GeometryRejected(f"ongeldige geometrie ({reason}); {kept_text}")
        geometry, repair = (
            fixed,
            f"hersteld met make_valid ({reason}); {kept:.4%} van de oppervlakte behouden",
        )
    snapped = _polygonal(shapely.set_precision(geometry, GRID))
    if snapped.is_empty:
        raise GeometryRejected("geometrie valt weg op het 1 mm-raster (te klein)")
    return Cleaned(snapped, repair)
