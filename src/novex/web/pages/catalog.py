"""The catalogue browser."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from novex.catalog.service import CatalogService
from novex.edge.deps import UowDep
from novex.web.render import PageActor, render

router = APIRouter(include_in_schema=False)


@router.get("/catalogus", response_class=HTMLResponse)
def catalog_page(request: Request, actor: PageActor, uow: UowDep, q: str = "") -> HTMLResponse:
    """The catalogue browser with search."""
    catalog = uow.get(CatalogService)
    hits = catalog.search(actor, q) if q.strip() else []
    return render(request, "catalog.html.j2", actor, cat=catalog.catalogus(actor), q=q, treffers=hits)


@router.get("/catalogus/themas/{thema_id}", response_class=HTMLResponse)
def theme_page(request: Request, thema_id: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """One startpakket theme."""
    return render(request, "theme.html.j2", actor, thema=uow.get(CatalogService).theme(actor, thema_id))
