"""Geometry hygiene at ingest: polygons only, valid, on the 1 mm RD grid.

An invalid polygon whose repair keeps its shape (the same parts and area, e.g. a ring
touching itself in a point) is repaired and reported. One whose repair would change it —
a bow-tie becoming two triangles, a lost hole — is the planner's to fix: it is refused
with what is wrong and where, unless the planner asks for the repair (`repair=True`),
which `make_valid` then does when it keeps at least 99.9 % of the area. So no invalid
geometry — and no `TopologyException` later on — reaches the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

GRID = 0.001  # metres: 1 mm in RD New
MIN_KEPT = 0.999
SAME_AREA = 1e-9  # relative: a repair within this keeps the shape
REASONS = {  # GEOS validity reasons in Dutch
    "Ring Self-intersection": "de rand raakt zichzelf",
    "Self-intersection": "zelfdoorsnijding (de rand kruist zichzelf)",
    "Hole lies outside shell": "een gat ligt buiten de buitenrand",
    "Nested holes": "gaten liggen in elkaar",
    "Nested shells": "buitenranden liggen in elkaar",
    "Interior is disconnected": "het binnengebied valt in delen uiteen",
    "Duplicate Rings": "een ring komt dubbel voor",
    "Too few points": "een ring heeft te weinig punten",
    "Ring is not closed": "een ring is niet gesloten",
}


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


def explain_invalid(geometry: BaseGeometry) -> str:
    """What is wrong with an invalid geometry and where, in Dutch (coordinates in its own CRS)."""
    reason = shapely.is_valid_reason(geometry)
    kind, _, where = reason.partition("[")
    text = REASONS.get(kind.strip(), kind.strip())
    coords = where.rstrip("]").split()
    if len(coords) >= 2:
        try:
            x, y = float(coords[0]), float(coords[1])
            text += f" bij ({x:.3f}; {y:.3f})".replace(".", ",")
        except ValueError:
            pass
    return text


def _parts(count: int) -> str:
    return f"{count} {'deel' if count == 1 else 'delen'}"


def clean_polygon(geometry: BaseGeometry | None, repair: bool = False) -> Cleaned:
    """Validate, repair if harmless (or asked for), and snap a polygon to the 1 mm grid."""
    if geometry is None or geometry.is_empty:
        raise GeometryRejected("lege geometrie")
    if not isinstance(geometry, Polygon | MultiPolygon):
        raise GeometryRejected(f"geometrietype {geometry.geom_type}; verwacht Polygon of MultiPolygon")
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        raise GeometryRejected("coördinaten zijn niet eindig (NaN of oneindig)")
    note = None
    if not geometry.is_valid:
        reason = explain_invalid(geometry)
        fixed = _polygonal(shapely.make_valid(geometry))
        before = _intended_area(geometry)
        kept = fixed.area / before if before > 0 else 0.0
        parts_before, parts_after = shapely.get_num_geometries(geometry), shapely.get_num_geometries(fixed)
        harmless = not fixed.is_empty and parts_before == parts_after and abs(kept - 1) <= SAME_AREA
        kept_text = f"{100 * kept:.4f} %".replace(".", ",")
        change = f"na herstel {_parts(parts_after)} in plaats van {parts_before}, {kept_text} van de oppervlakte"
        if not harmless and not repair:
            raise GeometryRejected(f"ongeldige geometrie: {reason}; herstel haar in uw GIS of laat novex haar "
                                   f"herstellen ({change})")  # fmt: skip
        if fixed.is_empty or not MIN_KEPT <= kept <= 2 - MIN_KEPT:
            raise GeometryRejected(f"ongeldige geometrie: {reason}; herstel zou {kept:.1%} van de oppervlakte "
                                   "behouden (< 99,9 %)".replace(".", ","))  # fmt: skip
        geometry, note = fixed, f"hersteld: {reason} ({change})"
    snapped = _polygonal(shapely.set_precision(geometry, GRID))
    if snapped.is_empty:
        raise GeometryRejected("geometrie valt weg op het 1 mm-raster (te klein)")
    return Cleaned(snapped, note)
