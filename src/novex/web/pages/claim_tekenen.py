"""Drawing a new claim in a voorstel: the map editor with the claim's attributes (`/voorstellen/{id}/claims/nieuw`).

The geometry goes through the import's rules (`novex.claims.geometrie`) and the claim through
`ClaimService.add_claim`, which checks the role, the domain, the goal and the province as for a file.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.catalog.service import CatalogService, quantitative_goals
from novex.claims.model import TEXT_LIMITS, ClaimDraft, ClaimStatus, Hardheid
from novex.claims.ports import ClaimFilter
from novex.claims.service import ClaimService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import InvalidInput, NovexError, text_problems
from novex.reference.service import ReferenceService
from novex.web.kaart_editor import editor, geometry_input
from novex.web.render import FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)
TEMPLATE = "claim_nieuw.html.j2"
Text = Annotated[str, Form(max_length=TEXT_LIMITS["notities"])]


def attribute_choices(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    """The vocabularies of a claim's attributes: domains, statuses, hardnesses and the catalogue's goals."""
    cat = uow.get(CatalogService).catalogus(actor)
    return {
        "domeinen": cat.domeinen,
        "statussen": list(ClaimStatus),
        "hardheden": list(Hardheid),
        "doelen": sorted({goal.id: goal for _, goal in quantitative_goals(cat)}.values(), key=lambda g: g.id),
    }


def _context(request: Request, uow: UnitOfWork, actor: Actor, voorstel_id: int, **editing: Any) -> dict[str, Any]:
    claims = uow.get(ClaimService)
    voorstel = claims.voorstel(actor, voorstel_id)
    claims.require_import(actor, voorstel.id, None)  # the role and province, before anything is read
    province = uow.get(ReferenceService).province(actor, voorstel.provincie)
    in_province = claims.list(actor, ClaimFilter(provincies=(province.code,)))
    return {
        "voorstel": voorstel,
        "provincie": province,
        "kaart": editor(request, province.code, in_province, **editing),
        **attribute_choices(uow, actor),
    }


@router.get("/voorstellen/{voorstel_id}/claims/nieuw", response_class=HTMLResponse)
def new_claim_page(request: Request, voorstel_id: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The form to draw a new claim (for those who may edit the voorstel's province)."""
    return render(request, TEMPLATE, actor, **_context(request, uow, actor, voorstel_id))


NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
YEARS = (1900, 2200)


def number(value: str, name: str) -> float | None:
    """A typed number (decimal comma or point), None when empty; `InvalidInput` naming the field otherwise.

    Only digits with one decimal sign and an exponent: '1_000', 'nan', 'inf' and '１２' are no numbers.
    """
    text = value.strip().replace(" ", "")
    if not text:
        return None
    found = float(text.replace(",", ".")) if NUMBER.fullmatch(text) else math.nan
    if not math.isfinite(found):
        raise InvalidInput(f"{name} {value[:40]!r} is geen getal")
    return found


def whole(value: str, name: str) -> int | None:
    """A typed year (four digits, 1900-2200), None when empty."""
    text = value.strip()
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text) or not YEARS[0] <= int(text) <= YEARS[1]:
        raise InvalidInput(f"{name} {value[:40]!r} is geen jaartal (vier cijfers, {YEARS[0]}-{YEARS[1]})")
    return int(text)


def _choice(kind: type[StrEnum], value: str, name: str) -> Any:
    """A status or hardness from its list; `InvalidInput` naming the choices otherwise."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(str(k) for k in kind)
        raise InvalidInput(f"{name} {value[:40]!r} is geen keuze; kies uit {choices}") from None


@router.post("/voorstellen/{voorstel_id}/claims/nieuw", response_class=HTMLResponse)
def new_claim(
    request: Request,
    voorstel_id: Id,
    actor: PageActor,
    uow: UowDep,
    naam: Annotated[str, Form(max_length=TEXT_LIMITS["naam"])] = "",
    domein: Annotated[str, Form(max_length=TEXT_LIMITS["domein"])] = "",
    status: Annotated[str, Form(max_length=20)] = "idee",
    hardheid: Annotated[str, Form(max_length=20)] = "middel",
    prioriteit: Annotated[int, Form(ge=1, le=5)] = 3,
    hoeveelheid: Annotated[str, Form(max_length=40)] = "",
    eenheid: Annotated[str, Form(max_length=TEXT_LIMITS["eenheid"])] = "",
    doel_id: Annotated[str, Form(max_length=TEXT_LIMITS["doel_id"])] = "",
    start_jaar: Annotated[str, Form(max_length=10)] = "",
    eind_jaar: Annotated[str, Form(max_length=10)] = "",
    notities: Text = "",
    geometrie: Annotated[str, Form(max_length=2_000_000)] = "",
    coordinaten: Annotated[str, Form(max_length=2_000_000)] = "",
    herstel: Annotated[str, Form(max_length=3)] = "",
    bestand: Annotated[UploadFile | None, File()] = None,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Store the drawn claim; a refusal shows the form again with the reason and everything typed."""
    check_csrf(request, csrf)
    claims = uow.get(ClaimService)
    claims.require_import(actor, claims.voorstel(actor, voorstel_id).id, None)
    typed = {"naam": naam, "domein": domein, "status": status, "hardheid": hardheid, "prioriteit": prioriteit,
             "hoeveelheid": hoeveelheid, "eenheid": eenheid, "doel_id": doel_id, "start_jaar": start_jaar,
             "eind_jaar": eind_jaar, "notities": notities}  # fmt: skip
    try:
        cleaned = geometry_input(request, geometrie, coordinaten, bestand, herstel == "ja")
        if cleaned is None:
            raise InvalidInput("geometrie: teken de claim op de kaart, typ de coördinaten of kies een bestand")
        if not naam.strip():
            raise InvalidInput("naam: geef de claim een naam")
        texts = (("naam", naam), ("eenheid", eenheid), ("doel", doel_id), ("notities", notities))
        problems = [p for field, text in texts for p in text_problems(field, text, len(text))]
        if problems:
            raise InvalidInput("; ".join(problems))
        draft = ClaimDraft(
            naam=naam.strip(), domein=domein, geometry=cleaned.geometry, hoeveelheid=number(hoeveelheid, "hoeveelheid"),
            eenheid=eenheid.strip() or None, doel_id=doel_id.strip() or None,
            start_jaar=whole(start_jaar, "startjaar"), eind_jaar=whole(eind_jaar, "eindjaar"),
            status=_choice(ClaimStatus, status, "status"), hardheid=_choice(Hardheid, hardheid, "hardheid"),
            prioriteit=prioriteit,
            notities=notities.strip() or None,
        )  # fmt: skip
        created = claims.add_claim(actor, voorstel_id, draft)
    except (NovexError, ValueError) as exc:
        code = status_of(exc) if isinstance(exc, NovexError) else 400
        problems = getattr(exc, "problems", None) or []
        context = _context(request, uow, actor, voorstel_id, typed=coordinaten or geometrie, herstel=herstel == "ja")
        context |= {"fout": str(exc).split("\n")[0], "problemen": problems, "invoer": typed}
        raise FormRefused(TEMPLATE, actor, code, context) from exc
    province = claims.voorstel(actor, created.voorstel_id).provincie
    return RedirectResponse(f"/provincies/{province}?opgeslagen={created.id}#claims", status_code=303)
