"""Swagger UI at /api/v1/docs, served by novex itself (no CDN, no inline code: the strict CSP holds).

The Swagger UI files come from the `fastapi-offline` package (MIT), which ships them; the page and its
initialiser (`static/swagger-init.js`) are novex's own.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from novex.api.app import API_PREFIX
from novex.errors import NotFound

SWAGGER = Path(fastapi_offline.__file__).parent / "static"
OWN = Path(__file__).parent / "static"
FILES = {
    "swagger-ui.css": (SWAGGER / "swagger-ui.css", "text/css"),
    "swagger-ui-bundle.js": (SWAGGER / "swagger-ui-bundle.js", "text/javascript"),
    "swagger-init.js": (OWN / "swagger-init.js", "text/javascript"),
}

PAGE = f"""<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>novex API – documentatie</title>
<link rel="stylesheet" href="{API_PREFIX}/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="{API_PREFIX}/openapi.json"></div>
<script src="{API_PREFIX}/docs/swagger-ui-bundle.js"></script>
<script src="{API_PREFIX}/docs/swagger-init.js"></script>
</body>
</html>
"""

router = APIRouter(prefix=f"{API_PREFIX}/docs", include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """The documentation page."""
    return HTMLResponse(PAGE, headers={"Cache-Control": "no-cache"})


@router.get("/{name}")
def asset(name: str) -> FileResponse:
    """One of the page's files (only these; anything else is a 404)."""
    if name not in FILES:
        raise NotFound(f"{name!r} hoort niet bij de API-documentatie")
    path, media = FILES[name]
    return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})
