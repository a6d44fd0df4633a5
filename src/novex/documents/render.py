"""The Jinja2 environment for documents and the HTML → PDF step."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from novex.nl import format_fixed, format_moment, format_number


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


def write_pdf(html: str, target: Path) -> Path:
    """Render HTML to a PDF file with WeasyPrint."""
    target.write_bytes(pdf_bytes(html))
    return target


@lru_cache(maxsize=12)
def pdf_bytes(html: str) -> bytes:
    """Render HTML to PDF bytes with WeasyPrint (the last dozen kept: a startpakket takes seconds)."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
