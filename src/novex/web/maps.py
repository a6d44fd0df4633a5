"""Server-rendered SVG maps in RD New coordinates (y negated), pannable and zoomable by kaart.js.

The SVG `viewBox` is in metres, so the script can lay PDOK BRT tiles (NetherlandsRDNewQuad)
under the vector layers in the same coordinates. Every feature is focusable and labelled;
each map has a table alternative on its page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import shapely
from markupsafe import Markup
from shapely.geometry.base import BaseGeometry

from novex.geo.svg import rd_path


@dataclass(frozen=True)
class MapFeature:
    """One drawable feature: geometry, CSS class, fill, label and data attributes."""

    geometry: BaseGeometry
    label: str
    css_class: str = ""
    fill: str = "none"
    href: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    name: str | None = None  # drawn as a label on the map (place names); the tables carry it for screen readers


@dataclass(frozen=True)
class MapLayer:
    """A named, toggleable group of features."""

    id: str
    title: str
    features: Sequence[MapFeature]
    focusable: bool = True
    attribution: str | None = None


def render(layers: Sequence[MapLayer], extent: BaseGeometry, title: str, map_id: str) -> Markup:
    """An inline SVG map with one <g> per layer; features as focusable paths or links; names as labels on top.

    A claim too small to see at the map's scale is drawn as a marker at its point on surface,
    so that no claim disappears at province zoom.
    """
    minx, miny, maxx, maxy = extent.bounds
    pad = max(maxx - minx, maxy - miny) * 0.04 + 100
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    tolerance = (maxx - minx) / 2400
    label_size = (maxx - minx) / 75
    frame = (minx - pad, miny - pad, maxx + pad, maxy + pad)  # a margin so panning shows a little more
    out = [
        f'<svg id="{map_id}" class="kaart" viewBox="{minx:.0f} {-maxy:.0f} {maxx - minx:.0f} {maxy - miny:.0f}" '
        f'role="group" aria-label="{escape(title)}" data-extent="{minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}">',
        '<g class="achtergrond" aria-hidden="true"></g>',
    ]
    labels: dict[str, list[str]] = {}
    for layer in layers:
        out.append(f'<g class="laag laag-{escape(layer.id)}" data-laag="{escape(layer.id)}">')
        for feature in layer.features:
            data = "".join(f' data-{escape(k)}="{escape(str(v))}"' for k, v in feature.data.items())
            d = rd_path(feature.geometry, tolerance, frame)
            if not d and layer.focusable:  # too small to see: a marker square of ~6 px at its place
                x, y = shapely.point_on_surface(feature.geometry).coords[0]
                r = tolerance * 2.5
                d = f"M{x - r:.0f} {-y - r:.0f}h{2 * r:.0f}v{2 * r:.0f}h{-2 * r:.0f}z"
            if feature.name:
                x, y = shapely.point_on_surface(feature.geometry).coords[0]
                labels.setdefault(layer.id, []).append(f'<text x="{x:.0f}" y="{-y:.0f}">{escape(feature.name)}</text>')
            path = (
                f'<path d="{d}" class="{escape(feature.css_class)}" '
                f'fill="{escape(feature.fill)}" vector-effect="non-scaling-stroke"{data}'
            )
            label = escape(feature.label)
            if feature.href:
                out.append(
                    f'<a href="{escape(feature.href)}" aria-label="{label}">{path}><title>{label}</title></path></a>'
                )
            elif layer.focusable:
                out.append(f'{path} tabindex="0" role="button" aria-label="{label}"><title>{label}</title></path>')
            else:
                out.append(f"{path}><title>{label}</title></path>")
        out.append("</g>")
    for layer_id, texts in labels.items():  # on top of every layer; toggled with their layer
        out.append(f'<g class="namen" aria-hidden="true" data-laag="{escape(layer_id)}" font-size="{label_size:.0f}">'
                   f'{"".join(texts)}</g>')
    out.append("</svg>")
    return Markup("".join(out))
