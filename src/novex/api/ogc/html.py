"""The HTML pages of the OGC API: plain, accessible Dutch pages (own stylesheet, no scripts, no inline styles)."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

_env = Environment(
    loader=PackageLoader("novex.api.ogc", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def page(template: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A page rendered from `templates/<template>`."""
    return HTMLResponse(_env.get_template(template).render(**context), status_code=status, headers=headers)
