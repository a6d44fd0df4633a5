"""The catalogue browser: search, themes, and the startpakket of each province (its goals, HTML, PDF)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService
from novex.documents import startpakket as startpakket_doc
from novex.documents.render import pdf_bytes
from novex.edge.deps import UowDep
from novex.reference.provinces import province_index
from novex.web.forms import download
from novex.web.render import PageActor, render

router = APIRouter(include_in_schema=False)


@router.get("/catalogus", response_class=HTMLResponse)
def catalog_page(request: Request, actor: PageActor, uow: UowDep, q: str = "") -> HTMLResponse:
    """The catalogue browser with word search."""
    catalog = uow.get(CatalogService)
    hits = catalog.search(actor, q) if q.strip() else []
    return render(request, "catalog.html.j2", actor, cat=catalog.catalogus(actor), q=q, treffers=hits)


@router.get("/catalogus/themas/{thema_id}", response_class=HTMLResponse)
def theme_page(request: Request, thema_id: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """One startpakket theme."""
    return render(request, "theme.html.j2", actor, thema=uow.get(CatalogService).theme(actor, thema_id))


@router.get("/catalogus/provincies/{code}", response_class=HTMLResponse)
def province_goals_page(request: Request, code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """Every startpakket goal of one province, with links to its startpakket document."""
    doelen = uow.get(CatalogService).province_goals(actor, code)
    return render(request, "catalog_provincie.html.j2", actor, pd=doelen)


STYLESHEET = "/catalogus/startpakket.css"


def _startpakket(actor: Actor, uow: UnitOfWork, code: str) -> startpakket_doc.Startpakket:
    return startpakket_doc.build(uow.get(CatalogService).catalogus(actor), province_index(), code)


@router.get("/catalogus/provincies/{code}/startpakket.html", response_class=HTMLResponse)
def startpakket_html(code: str, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The startpakket of one province as a web page (the PDF's document, its styles linked: no inline CSS)."""
    return HTMLResponse(startpakket_doc.render_html(_startpakket(actor, uow, code), stylesheet=STYLESHEET))


@router.get(STYLESHEET)
def startpakket_css() -> Response:
    """The startpakket document's stylesheet."""
    return Response(startpakket_doc.stylesheet(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/catalogus/provincies/{code}/startpakket.pdf")
def startpakket_pdf(code: str, actor: PageActor, uow: UowDep) -> Response:
    """The startpakket of one province as a PDF download, made on request with WeasyPrint."""
    pakket = _startpakket(actor, uow, code)
    cbs, html = pakket.provincie.code, startpakket_doc.render_html(pakket)
    return download(pdf_bytes(html), f"startpakket-{cbs}.pdf")
