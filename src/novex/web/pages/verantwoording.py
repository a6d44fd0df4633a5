"""The verantwoording of a voorstel on the web: what data and definitions it was built on (seed 004 Bijlage 5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.claims.verantwoording import BRON, MAX_DOCUMENT, NGR_TREFWOORD, ONTWERPKEUZE, als_tekst, lees_tekst
from novex.claims.verantwoording_service import VerantwoordingService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import NovexError
from novex.web.render import FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)
MAX_TEKST = MAX_DOCUMENT + 20_000  # what the domain allows, and room for comments and indentation of one's own


def _context(uow: UowDep, actor: PageActor, voorstel_id: int) -> dict:
    voorstel, found = uow.get(VerantwoordingService).lees(actor, voorstel_id)
    return {
        "voorstel": voorstel, "v": found, "bron": BRON, "trefwoord": NGR_TREFWOORD, "ontwerpkeuze": ONTWERPKEUZE,
        "tekst": als_tekst(found.verantwoording if found else None), "versie": found.versie if found else 0,
    }  # fmt: skip


@router.get("/voorstellen/{voorstel_id}/verantwoording", response_class=HTMLResponse)
def page(request: Request, voorstel_id: Id, actor: PageActor, uow: UowDep, opgeslagen: str = "") -> HTMLResponse:
    """The datasets, deviations, indicators and working method of one voorstel version; the editor if allowed."""
    return render(request, "verantwoording.html.j2", actor, opgeslagen=opgeslagen == "ja",
                  **_context(uow, actor, voorstel_id))  # fmt: skip


@router.post("/voorstellen/{voorstel_id}/verantwoording", response_class=HTMLResponse)
def save(
    request: Request,
    voorstel_id: Id,
    actor: PageActor,
    uow: UowDep,
    tekst: Annotated[str, Form(max_length=MAX_TEKST)] = "",
    versie: Annotated[int, Form(ge=0, le=2_147_483_647)] = 0,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Lay down the verantwoording from YAML/JSON text; refused whole with every problem (nothing stored)."""
    check_csrf(request, csrf)
    try:
        uow.get(VerantwoordingService).leg_vast(actor, voorstel_id, lees_tekst(tekst, "verantwoording"), versie)
    except NovexError as exc:
        context = _context(uow, actor, voorstel_id) | {"tekst": tekst, "versie": versie}
        context |= {"fout": str(exc).split("\n")[0], "problemen": getattr(exc, "problems", None) or [str(exc)]}
        raise FormRefused("verantwoording.html.j2", actor, status_of(exc), context) from exc
    return RedirectResponse(f"/voorstellen/{voorstel_id}/verantwoording?opgeslagen=ja", status_code=303)
