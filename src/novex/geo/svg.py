"""Render RD New geometries as a small, self-contained SVG map (no tiles, offline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

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


def path_data(geometry: BaseGeometry, x0: float, y1: float, scale: float) -> str:
    """SVG path data of a (Multi)Polygon, RD metres → pixels (y flipped)."""
    parts = []
    for polygon in shapely.get_parts(geometry):
        if polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            coords = shapely.get_coordinates(ring)
            xs, ys = (coords[:, 0] - x0) * scale, (y1 - coords[:, 1]) * scale
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True)) + "Z")
    return "".join(parts)


def svg_map(layers: Sequence[Layer], extent: BaseGeometry, width: int = 600, title: str = "") -> str:
    """An SVG string of `layers`, framed on `extent` (y axis flipped, north up)."""
    minx, miny, maxx, maxy = extent.buffer(max(extent.bounds[2] - extent.bounds[0], 1) * 0.03).bounds
    scale = width / (maxx - minx)
    height = int((maxy - miny) * scale)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    tolerance = 0.5 / scale
    for layer in layers:
        for geometry in layer.geometries:
            clipped = shapely.clip_by_rect(geometry, minx, miny, maxx, maxy)
            if clipped.is_empty:
                continue
            simple = shapely.simplify(clipped, tolerance, preserve_topology=True)
            out.append(
                f'<path d="{path_data(simple, minx, maxy, scale)}" fill="{layer.fill}" stroke="{layer.stroke}" '
                f'stroke-width="{layer.stroke_width}" fill-rule="evenodd"/>'
            )
        for geometry, label in zip(layer.geometries, layer.labels, strict=False):
            point = geometry.representative_point()
            x, y = (point.x - minx) * scale, (maxy - point.y) * scale
            out.append(
                f'<text x="{x:.0f}" y="{y:.0f}" font-size="11" text-anchor="middle" '
                f'fill="#1a1a1a">{escape(label)}</text>'
            )
    out.append("</svg>")
    return "".join(out)
