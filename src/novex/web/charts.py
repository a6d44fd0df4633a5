"""Small server-rendered SVG charts with a table alternative on the page."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from novex.nl import format_number


def bar_chart(rows: Sequence[tuple[str, float, str]], title: str, unit: str = "ha", width: int = 560) -> Markup:
    """Horizontal bars (label, value, colour), labelled with their values."""
    if not rows:
        return Markup("")
    top = max(value for _, value, _ in rows) or 1.0
    bar_h, gap, label_w = 22, 8, 150
    height = len(rows) * (bar_h + gap) + gap
    out = [f'<svg class="grafiek" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
           f"<title>{escape(title)}</title>"]  # fmt: skip
    for k, (label, value, colour) in enumerate(rows):
        y = gap + k * (bar_h + gap)
        w = max((width - label_w - 90) * value / top, 1)
        amount = f"{format_number(round(value))} {escape(unit)}"
        out.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" class="as">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{colour}" '
            'stroke="#1a1a1a" stroke-width="0.5"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" class="waarde">{amount}</text>'
        )
    out.append("</svg>")
    return Markup("".join(out))
