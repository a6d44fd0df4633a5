"""The map of an RA document: the province, its neighbours, the agreed areas and the open knots, as SVG.

Drawn offline from the shipped geography (no tiles); each area gets a numbered pin that the
document's legend and agreements table repeat, and a scale bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from novex.geo.svg import rd_path


@dataclass(frozen=True)
class Kaartgebied:
    """A marker on the map: its label ('1', '1, 2' or 'K1'), what it marks, the claims and their area in ha."""

    label: str
    soort: str  # "afspraak" or "knoop"
    omschrijving: str
    claims: tuple[str, ...] = ()
    hectare: float = 0.0


AFSPRAAK_KLEUR = ("#f4c06a", "#8a5300")  # fill, stroke: agreed areas
KNOOP_KLEUR = ("#f3c4bf", "#a4262c")  # open knots


def kaart_svg(
    province: Any,
    neighbours: Sequence[Any],
    markers: Sequence[tuple[Kaartgebied, BaseGeometry]],
    width: int = 440,
    height: int = 440,
) -> str:
    """A self-contained SVG of the province (RD New, north up): neighbours, the marked areas, numbered pins, a scale.

    The map fits `width` × `height` CSS pixels (the size it is shown at, so pins and labels keep their size).
    """
    minx, miny, maxx, maxy = province.geometry.bounds
    pad = max(maxx - minx, maxy - miny) * 0.04
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    scale = min(width / (maxx - minx), height / (maxy - miny))  # pixels per metre
    width, height = round((maxx - minx) * scale), round((maxy - miny) * scale)
    frame = (minx, miny, maxx, maxy)
    tolerance = 0.4 / scale
    px = 1 / scale  # one pixel in metres

    def path(geometry: BaseGeometry, fill: str, stroke: str, stroke_px: float, extra: str = "") -> str:
        d = rd_path(geometry, tolerance, frame)
        if not d:
            return ""
        return (f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_px * px:.0f}" '
                f'fill-rule="evenodd" stroke-linejoin="round"{extra}/>')  # fmt: skip

    title = f"Kaart van de provincie {province.naam} met de gebieden van de afspraken en de open knopen"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{minx:.0f} {-maxy:.0f} {maxx - minx:.0f} '
        f'{maxy - miny:.0f}" width="{width}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>",
        f'<rect x="{minx:.0f}" y="{-maxy:.0f}" width="{maxx - minx:.0f}" height="{maxy - miny:.0f}" fill="#f7f9fb"/>',
    ]
    out += [path(p.geometry, "#e6e9ed", "#aab4bf", 0.8) for p in neighbours]
    out.append(path(province.geometry, "#ffffff", "#154273", 1.8))
    for marker, geometry in markers:
        fill, stroke = AFSPRAAK_KLEUR if marker.soort == "afspraak" else KNOOP_KLEUR
        dash = f' stroke-dasharray="{4 * px:.0f} {2.5 * px:.0f}"' if marker.soort == "knoop" else ""
        out.append(path(geometry, fill, stroke, 1.2, dash))
    for marker, geometry in markers:  # pins on top of every area
        x, y = shapely.point_on_surface(geometry).coords[0]
        _, stroke = AFSPRAAK_KLEUR if marker.soort == "afspraak" else KNOOP_KLEUR
        w, h = (7.2 * len(marker.label) + 9) * px, 15 * px
        shape = "0" if marker.soort == "knoop" else f"{h / 2:.0f}"
        out.append(
            f'<rect x="{x - w / 2:.0f}" y="{-y - h / 2:.0f}" width="{w:.0f}" height="{h:.0f}" rx="{shape}" '
            f'fill="{stroke}" stroke="#ffffff" stroke-width="{1.2 * px:.0f}"/>'
            f'<text x="{x:.0f}" y="{-y + 3.8 * px:.0f}" font-size="{10.5 * px:.0f}" font-weight="bold" '
            f'font-family="DejaVu Sans, sans-serif" text-anchor="middle" fill="#ffffff">{escape(marker.label)}</text>'
        )
    out.append(_scale_bar(minx, miny, maxx, px))
    out.append("</svg>")
    return "".join(out)


def _scale_bar(minx: float, miny: float, maxx: float, px: float) -> str:
    """A scale bar of a round number of kilometres, about a fifth of the map wide, in the lower left corner."""
    target = (maxx - minx) / 5
    km = next((k for k in (50, 20, 10, 5, 2, 1) if k * 1000 <= target), 1)
    x0, y0, length = minx + 12 * px, -miny - 12 * px, km * 1000
    return (
        f'<rect x="{x0 - 4 * px:.0f}" y="{y0 - 18 * px:.0f}" width="{length + 8 * px:.0f}" height="{24 * px:.0f}" '
        f'fill="#ffffff" fill-opacity="0.85"/>'
        f'<path d="M{x0:.0f} {y0 - 4 * px:.0f}v{4 * px:.0f}h{length:.0f}v{-4 * px:.0f}" fill="none" stroke="#1a1a1a" '
        f'stroke-width="{1.2 * px:.0f}"/>'
        f'<text x="{x0 + length / 2:.0f}" y="{y0 - 7 * px:.0f}" font-size="{9 * px:.0f}" text-anchor="middle" '
        f'font-family="DejaVu Sans, sans-serif" fill="#1a1a1a">{km} km</text>'
    )
