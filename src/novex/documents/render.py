"""The Jinja2 environment for documents and the HTML → PDF step."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, select_autoescape


@cache
def environment() -> Environment:
    """Templates from `novex/documents/templates`, autoescaped."""
    env = Environment(
        loader=PackageLoader("novex.documents", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["getal"] = format_number
    env.filters["tijdstip"] = format_moment
    env.filters["decimaal"] = format_fixed
    return env


def format_number(value: float | int | None) -> str:
    """Dutch number format: 900.000, 14,3; empty for None."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def format_fixed(value: float | None, digits: int = 3) -> str:
    """A number with a fixed count of decimals, Dutch style: 0,103; empty for None."""
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")  # fmt: skip
NL_TIME = ZoneInfo("Europe/Amsterdam")


def format_moment(value: datetime | None) -> str:
    """A moment in Dutch, in Dutch time: '1 december 2026 18:05'; empty for None."""
    if value is None:
        return ""
    local = value.astimezone(NL_TIME)
    return f"{local.day} {MAANDEN[local.month - 1]} {local.year} {local:%H:%M}"


def write_pdf(html: str, target: Path) -> Path:
    """Render HTML to a PDF file with WeasyPrint."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(target)
    return target
