"""The Jinja2 environment for documents and the HTML → PDF step."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
    return env


def format_number(value: float | int | None) -> str:
    """Dutch number format: 900.000, 14,3; empty for None."""
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def write_pdf(html: str, target: Path) -> Path:
    """Render HTML to a PDF file with WeasyPrint."""
    from weasyprint import HTML

    HTML(string=html).write_pdf(target)
    return target
