"""The monitor's server-side SVG charts: stacked bars (small multiples), a trend line chart, an agreement's course.

Every chart is plain SVG (no script), with `role="img"`, an `aria-label` and a `<title>`; every
text is escaped. Colours come from the status vocabulary, but no chart relies on colour alone:
bars carry their counts as text on the page, lines have their own marker shape and a label at
their end, milestones are drawn as labelled diamonds. The page shows each chart's data as a table.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from novex.nl import format_date, format_number

INKT = "#1a1a1a"
RASTER = "#c8d1dc"
VORMEN = ("cirkel", "vierkant", "driehoek", "ruit", "kruis", "ster")
"""Marker shapes, one per line, so lines differ by more than colour."""


@dataclass(frozen=True)
class Deel:
    """One segment of a stacked bar: what it counts, how many, its colour."""

    label: str
    waarde: int
    kleur: str
    rand: str = "#fff"  # a light fill gets a dark outline, so it stands apart from the empty bar


@dataclass(frozen=True)
class Reeks:
    """One line of the trend chart: its label, colour and a value per year."""

    label: str
    kleur: str
    waarden: tuple[int, ...]


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _open(breedte: float, hoogte: float, titel: str, klasse: str) -> str:
    return (f'<svg class="{klasse}" viewBox="0 0 {breedte:g} {hoogte:g}" role="img" aria-label="{_e(titel)}" '
            f'focusable="false"><title>{_e(titel)}</title>')  # fmt: skip


def _segmenten(delen: Sequence[Deel], x: float, y: float, lengte: float, schaal: float, hoogte: float) -> str:
    out = []
    for d in delen:
        if d.waarde <= 0:
            continue
        w = lengte * d.waarde / schaal
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{hoogte:g}" fill="{_e(d.kleur)}" '
                   f'stroke="{_e(d.rand)}" stroke-width="1"><title>{_e(d.label)}: {d.waarde}</title>'
                   "</rect>")  # fmt: skip
        x += w
    return "".join(out)


def gestapelde_balk(delen: Sequence[Deel], schaal: int, titel: str, breedte: int = 240, hoogte: int = 22) -> Markup:
    """One stacked bar on a shared scale (`schaal`: the largest total of the small multiples)."""
    schaal = max(schaal, 1)
    out = [_open(breedte, hoogte + 2, titel, "grafiek grafiek-balk")]
    out.append(f'<rect x="0.5" y="1" width="{breedte - 1}" height="{hoogte}" fill="#fff" stroke="{RASTER}"/>')
    out.append(_segmenten(delen, 0.5, 1, breedte - 1, schaal, hoogte))
    out.append("</svg>")
    return Markup("".join(out))


def gestapelde_balken(rijen: Sequence[tuple[str, Sequence[Deel]]], titel: str, breedte: int = 420) -> Markup:
    """Stacked bars on one scale, each under its label (never cut off) and with its total at its end."""
    if not rijen:
        return Markup("")
    schaal = max(max(sum(d.waarde for d in delen) for _, delen in rijen), 1)
    label_h, balk_h, gap = 18, 18, 10
    lengte = breedte - 40
    stap = label_h + balk_h + gap
    out = [_open(breedte, len(rijen) * stap, titel, "grafiek grafiek-balken")]
    for k, (label, delen) in enumerate(rijen):
        y = k * stap
        totaal = sum(d.waarde for d in delen)
        kort = label if len(label) <= 48 else label[:47] + "…"  # the full name is in the table below
        out.append(f'<text x="0" y="{y + 13}" class="as">{_e(kort)}</text>')
        out.append(_segmenten(delen, 0.5, y + label_h, lengte, schaal, balk_h))
        eind = 0.5 + lengte * totaal / schaal + 6
        out.append(f'<text x="{eind:.1f}" y="{y + label_h + 13}" class="waarde">{totaal}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def _nette_stap(maximum: float, stappen: int = 4) -> float:
    """A round step (1, 2 or 5 times a power of ten) dividing 0..maximum in about `stappen` parts."""
    if maximum <= 0:
        return 1.0
    ruw = maximum / stappen
    macht = 10 ** math.floor(math.log10(ruw))
    return next(f * macht for f in (1, 2, 5, 10) if f * macht >= ruw)


def _bereik(waarden: Sequence[float]) -> tuple[float, float, float]:
    """The y range (low, high) with its step: from 0 (or below, for negatives) to a round number."""
    hoog, laag = max([0.0, *waarden]), min([0.0, *waarden])
    stap = _nette_stap(hoog - laag)
    return math.floor(laag / stap) * stap, max(math.ceil(hoog / stap) * stap, stap), stap


def _marker(vorm: str, x: float, y: float, kleur: str, r: float = 4.5, vul: str | None = None) -> str:
    fill = _e(vul or kleur)
    k = _e(kleur)
    if vorm == "vierkant":
        return (f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:g}" height="{2 * r:g}" fill="{fill}" '
                f'stroke="{k}"/>')  # fmt: skip
    if vorm == "driehoek":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y + r:.1f} {x - r - 1:.1f},{y + r:.1f}"
        return f'<polygon points="{pts}" fill="{fill}" stroke="{k}"/>'
    if vorm == "ruit":
        pts = f"{x:.1f},{y - r - 1:.1f} {x + r + 1:.1f},{y:.1f} {x:.1f},{y + r + 1:.1f} {x - r - 1:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{fill}" stroke="{k}" stroke-width="1.5"/>'
    if vorm == "kruis":
        return (f'<path d="M{x - r:.1f} {y - r:.1f}L{x + r:.1f} {y + r:.1f}M{x - r:.1f} {y + r:.1f}L{x + r:.1f} '
                f'{y - r:.1f}" stroke="{k}" stroke-width="2.5"/>')  # fmt: skip
    if vorm == "ster":
        return (f'<path d="M{x:.1f} {y - r - 1:.1f}V{y + r + 1:.1f}M{x - r - 1:.1f} {y:.1f}H{x + r + 1:.1f}" '
                f'stroke="{k}" stroke-width="2.5"/>')  # fmt: skip
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:g}" fill="{fill}" stroke="{k}"/>'


def _uit_elkaar(posities: list[tuple[float, int]], afstand: float, boven: float, onder: float) -> dict[int, float]:
    """End labels' y positions pushed apart by at least `afstand`, kept inside the plot."""
    geplaatst: dict[int, float] = {}
    vorige = boven - afstand
    for y, index in sorted(posities):
        y = max(y, vorige + afstand)
        geplaatst[index] = y
        vorige = y
    teveel = vorige - onder
    if teveel > 0:  # shift the whole stack up
        geplaatst = {i: y - teveel for i, y in geplaatst.items()}
    return geplaatst


def _marge(laag: float, hoog: float, stap: float) -> float:
    """The left margin that holds the longest tick label (at up to 16px on a phone: about 10 units a character)."""
    langste = max(len(format_number(laag + n * stap)) for n in range(round((hoog - laag) / stap) + 1))
    return max(40.0, 14 + 10 * langste)


def _y_raster(laag: float, hoog: float, stap: float, y_van, links: float, rechts: float) -> list[str]:
    out = []
    aantal = round((hoog - laag) / stap)
    for n in range(aantal + 1):
        v = laag + n * stap
        y = y_van(v)
        out.append(
            f'<line x1="{links}" x2="{rechts}" y1="{y:.1f}" y2="{y:.1f}" stroke="{RASTER}"/>'
            f'<text x="{links - 6}" y="{y + 4:.1f}" text-anchor="end" class="as">{_e(format_number(v))}</text>'
        )
    return out  # fmt: skip


def lijngrafiek(jaren: Sequence[int], reeksen: Sequence[Reeks], titel: str, breedte: int = 560) -> Markup:
    """Counts per year as lines, one per series, each with its own marker shape and a label at its end."""
    if len(jaren) < 2 or not reeksen:
        return Markup("")
    laag, hoog, stap = _bereik([v for r in reeksen for v in r.waarden])
    hoogte, links, rechts, boven, onder = 260, _marge(laag, hoog, stap), breedte - 180, 16, 226

    def x_van(i: int) -> float:
        return links + (rechts - links) * i / (len(jaren) - 1)

    def y_van(v: float) -> float:
        return onder - (onder - boven) * (v - laag) / (hoog - laag)

    out = [_open(breedte, hoogte, titel, "grafiek grafiek-lijn")]
    out += _y_raster(laag, hoog, stap, y_van, links, rechts)
    for i, jaar in enumerate(jaren):
        out.append(f'<text x="{x_van(i):.1f}" y="{onder + 20}" text-anchor="middle" class="as">{jaar}</text>')
    eindes = _uit_elkaar([(y_van(r.waarden[-1]), k) for k, r in enumerate(reeksen)], 15, boven + 4, onder)
    for k, r in enumerate(reeksen):
        punten = [(x_van(i), y_van(v)) for i, v in enumerate(r.waarden)]
        pad = " ".join(f"{x:.1f},{y:.1f}" for x, y in punten)
        out.append(f'<polyline points="{pad}" fill="none" stroke="{_e(r.kleur)}" stroke-width="2.5"/>')
        vorm = VORMEN[k % len(VORMEN)]
        out += [_marker(vorm, x, y, r.kleur) for x, y in punten]
        out.append(f'<text x="{rechts + 12}" y="{eindes[k] + 4:.1f}" class="waarde">{_e(r.label)} '
                   f"{r.waarden[-1]}</text>")  # fmt: skip
    out.append("</svg>")
    return Markup("".join(out))


def _dagen(d: date) -> int:
    return d.toordinal()


def meetgrafiek(
    metingen: Sequence[tuple[date, float]],
    mijlpalen: Sequence[tuple[date, float, str]],
    streefwaarde: float | None,
    deadline: date | None,
    titel: str,
    kleur: str = "#154273",
    breedte: int = 560,
) -> Markup:
    """An agreement's measurements over time, its milestones (diamonds), its target (dashed) and deadline."""
    datums = [d for d, _ in metingen] + [d for d, _, _ in mijlpalen] + ([deadline] if deadline else [])
    if not metingen and not mijlpalen:
        return Markup("")
    begin, eind = min(datums), max(datums)
    if _dagen(eind) - _dagen(begin) < 60:
        begin, eind = date.fromordinal(_dagen(begin) - 30), date.fromordinal(_dagen(eind) + 30)
    waarden = [v for _, v in metingen] + [v for _, v, _ in mijlpalen] + ([streefwaarde] if streefwaarde else [])
    laag, hoog, stap = _bereik(waarden)
    hoogte, links, rechts, boven, onder = 280, _marge(laag, hoog, stap), breedte - 24, 24, 242

    def x_van(d: date) -> float:
        return links + (rechts - links) * (_dagen(d) - _dagen(begin)) / (_dagen(eind) - _dagen(begin))

    def y_van(v: float) -> float:
        return onder - (onder - boven) * (v - laag) / (hoog - laag)

    out = [_open(breedte, hoogte, titel, "grafiek grafiek-meting")]
    out += _y_raster(laag, hoog, stap, y_van, links, rechts)
    for jaar in range(begin.year + 1, eind.year + 1):
        x = x_van(date(jaar, 1, 1))
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{onder}" y2="{onder + 5}" stroke="{INKT}"/>'
                   f'<text x="{x:.1f}" y="{onder + 20}" text-anchor="middle" class="as">{jaar}</text>')  # fmt: skip
    out.append(f'<line x1="{links}" x2="{rechts}" y1="{onder}" y2="{onder}" stroke="{INKT}"/>')
    if streefwaarde is not None:  # labelled at the left, clear of the deadline's label at the right
        y = y_van(streefwaarde)
        out.append(f'<line x1="{links}" x2="{rechts}" y1="{y:.1f}" y2="{y:.1f}" stroke="{INKT}" stroke-width="1.5" '
                   f'stroke-dasharray="6 4"/><text x="{links + 6}" y="{y - 6:.1f}" class="waarde">'
                   f"streefwaarde {_e(format_number(streefwaarde))}</text>")  # fmt: skip
    if deadline is not None:  # its label runs up along the line, clear of the target's label
        x = x_van(deadline)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{boven}" y2="{onder}" stroke="{INKT}" stroke-dasharray="2 3"/>'
                   f'<text x="{x - 6:.1f}" y="{onder - 4}" transform="rotate(-90 {x - 6:.1f} {onder - 4})" '
                   f'class="as">deadline {deadline.strftime("%d-%m-%Y")}</text>')  # fmt: skip
    for n, (d, v, naam) in enumerate(mijlpalen, start=1):  # a hollow diamond, its number beside it
        x, y = x_van(d), y_van(v)
        out.append(
            f"<g>{_marker('ruit', x, y, INKT, 5, '#fff')}"
            f'<text x="{x + 9:.1f}" y="{y - 7:.1f}" class="mijlpaalnummer">{n}</text>'
            f"<title>mijlpaal {n}: {_e(naam)}, {_e(format_date(d))}: {_e(format_number(v))}</title></g>"
        )
    if metingen:
        punten = [(x_van(d), y_van(v)) for d, v in metingen]
        if len(punten) > 1:
            pad = " ".join(f"{x:.1f},{y:.1f}" for x, y in punten)
            out.append(f'<polyline points="{pad}" fill="none" stroke="{_e(kleur)}" stroke-width="2.5"/>')
        out += [_marker("cirkel", x, y, kleur, 4) for x, y in punten]
        lv, (lx, ly) = metingen[-1][1], punten[-1]
        anchor = "end" if lx > (links + rechts) / 2 else "start"
        dx = -8 if anchor == "end" else 8
        out.append(f'<text x="{lx + dx:.1f}" y="{ly - 8:.1f}" text-anchor="{anchor}" class="waarde">'
                   f"{_e(format_number(lv))}</text>")  # fmt: skip
    out.append("</svg>")
    return Markup("".join(out))
