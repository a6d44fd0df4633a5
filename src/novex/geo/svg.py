"""Render RD New geometries as a small, self-contained SVG map (no tiles, offline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry


@dataclass(frozen=True)
class Layer:
    """Geometries drawn with one style; `labels` are drawn at each geometry's centre."""

    geometries: Sequence[BaseGeometry]
    fill: str = "none"
    stroke: str = "#555"
    stroke_width: float = 1.0
    labels: Sequence[str] = ()


def rd_path(geometry: BaseGeometry, tolerance: float, frame: tuple[float, float, float, float] | None = None) -> str:
    """SVG path data in whole metres, y negated (north up), clipped to `frame`; parts too small to see dropped.

    The one path renderer of novex: the web maps and the documents' maps both draw with it.
    """
    if frame is not None:
        geometry = shapely.clip_by_rect(geometry, *frame)
    simple = shapely.simplify(geometry, tolerance, preserve_topology=True) if tolerance > 0 else geometry
    parts = []
    for polygon in shapely.get_parts(simple):
        if polygon.geom_type != "Polygon" or (tolerance > 0 and polygon.area < 16 * tolerance * tolerance):
            continue  # too small to see at this scale (the tables carry the numbers)
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.round(shapely.get_coordinates(ring)).astype(np.int64)
            steps = np.diff(xy, axis=0)  # relative moves keep the page small
            parts.append(f"M{xy[0, 0]} {-xy[0, 1]}l" + " ".join(f"{dx} {-dy}" for dx, dy in steps) + "z")
    return "".join(parts)


def svg_map(layers: Sequence[Layer], extent: BaseGeometry, width: int = 600, title: str = "") -> str:
    """A self-contained SVG of `layers` framed on `extent`, for documents (viewBox in RD metres, north up)."""
    minx, miny, maxx, maxy = extent.buffer(max(extent.bounds[2] - extent.bounds[0], 1) * 0.03).bounds
    scale = width / (maxx - minx)  # pixels per metre
    height = int((maxy - miny) * scale)
    frame = (minx, miny, maxx, maxy)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{minx:.0f} {-maxy:.0f} {maxx - minx:.0f} {maxy - miny:.0f}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    for layer in layers:
        for geometry in layer.geometries:
            d = rd_path(geometry, 0.5 / scale, frame)
            if d:
                out.append(f'<path d="{d}" fill="{layer.fill}" stroke="{layer.stroke}" '
                           f'stroke-width="{layer.stroke_width / scale:.1f}" fill-rule="evenodd"/>')  # fmt: skip
        for geometry, label in zip(layer.geometries, layer.labels, strict=False):
            point = geometry.representative_point()
            out.append(
                f'<text x="{point.x:.0f}" y="{-point.y:.0f}" font-size="{11 / scale:.0f}" text-anchor="middle" '
                f'fill="#1a1a1a">{escape(label)}</text>'
            )
    out.append("</svg>")
    return "".join(out)
