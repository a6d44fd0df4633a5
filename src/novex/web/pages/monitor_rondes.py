"""The yearly monitor round on the web: rounds by year, opening one, its participants and picture, closing it.

VRO monitors the progress every year with the provinces and the ministries (seed 002 Bijlage 3 §4);
the report gives a qualitative picture of the progress (seed 003 §5.2). VRO opens and closes a
province's round; VRO and the province write its participants and picture. Closing freezes the
province's meter as the snapshot next year compares with. Edits carry the version read, so a
stale page gets a Dutch refusal and the current text, not a silent overwrite.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor
from novex.audit import AuditService
from novex.bootstrap import UnitOfWork
from novex.edge.deps import Id, UowDep
from novex.errors import NovexError
from novex.monitor.model import DeelnemerSoort
from novex.monitor.service import MonitorService
from novex.web.forms import form_refused
from novex.web.pages.monitor_context import common
from novex.web.pages.monitor_forms import (
    RONDE_VELDEN,
    RondeForm,
    RondeNieuwForm,
    lees_deelnemers,
    lees_jaar,
    veld_refusal,
)
from novex.web.pages.monitor_view import telling
from novex.web.render import PageActor, VersionedForm, check_csrf, render

router = APIRouter(include_in_schema=False)

SOORTNAMEN = {
    DeelnemerSoort.VRO: "VRO",
    DeelnemerSoort.PROVINCIE: "provincie",
    DeelnemerSoort.MINISTERIE: "ministerie",
    DeelnemerSoort.OVERIG: "overig",
}
LEGE_RIJEN = 2
GEDAAN = {
    "geopend": "De monitorronde is geopend.",
    "bijgewerkt": "De deelnemers en het kwalitatieve beeld zijn opgeslagen.",
    "afgesloten": "De monitorronde is afgesloten; de momentopname ligt vast.",
}


def _list_context(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    service = uow.get(MonitorService)
    context = common(uow, actor)
    rondes = service.rondes(actor)
    jaren: dict[int, list[Any]] = {}
    names = context["provincienamen"]
    for r in sorted(rondes, key=lambda r: (-r.jaar, names.get(r.provincie, r.provincie))):
        jaren.setdefault(r.jaar, []).append(r)
    this_year = service.today().year
    context |= {"jaren": jaren, "dit_jaar": this_year, "fouten": {}, "invoer": {}, "fout_boven": None,
                "eerste_jaar": 2023, "laatste_jaar": this_year + 1}  # fmt: skip
    return context


@router.get("/monitor/rondes", response_class=HTMLResponse)
def rounds(request: Request, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The rounds by year, and (for VRO) the form to open one."""
    return render(request, "monitor_rondes.html.j2", actor, **_list_context(uow, actor))


@router.post("/monitor/rondes", response_class=HTMLResponse)
def open_round(request: Request, actor: PageActor, uow: UowDep, form: Annotated[RondeNieuwForm, Form()]) -> Response:
    """Open a province's round for a year (VRO), with the default participants."""
    check_csrf(request, form.csrf)
    try:
        jaar = lees_jaar(form.jaar)
        ronde = uow.get(MonitorService).start_ronde(actor, form.provincie, jaar)
    except NovexError as exc:
        context = _list_context(uow, actor)
        found = veld_refusal(exc, RONDE_VELDEN)
        raise form_refused("monitor_rondes.html.j2", actor, context, "nieuw", exc,
                           form.model_dump(exclude={"csrf"}), found) from exc  # fmt: skip
    return RedirectResponse(f"/monitor/rondes/{ronde.id}?gedaan=geopend", status_code=303)


def ronde_view(uow: UnitOfWork, actor: Actor, ronde_id: int) -> dict[str, Any]:
    """Everything the page of one round shows."""
    service = uow.get(MonitorService)
    context = common(uow, actor)
    ronde = service.ronde(actor, ronde_id)
    lijst = context["lijst"]
    standen = ronde.momentopname.standen if ronde.momentopname else ()
    counts = Counter(s.status for s in standen)
    context |= {
        "ronde": ronde, "provincienaam": context["provincienamen"].get(ronde.provincie, ronde.provincie),
        "soortnamen": SOORTNAMEN, "lege_rijen": LEGE_RIJEN, "standen": standen,
        "momenttelling": telling("Momentopname", counts, context["kolommen"], max(len(standen), 1), breedte=640),
        "mag_beeld": service.may(actor, "beeld", ronde.provincie) and not ronde.afgesloten,
        "mag_sluiten": service.may(actor, "ronde", ronde.provincie) and not ronde.afgesloten,
        "geschiedenis": uow.get(AuditService).history(actor, "monitorronde", ronde.id), "naam": lijst.naam,
        "fouten": {}, "invoer": {}, "fout_boven": None, "fout_formulier": None,
    }  # fmt: skip
    return context


@router.get("/monitor/rondes/{ronde_id}", response_class=HTMLResponse)
def round_page(
    request: Request, ronde_id: Id, actor: PageActor, uow: UowDep, gedaan: Annotated[str, Query(max_length=20)] = ""
) -> HTMLResponse:
    """One round: participants, qualitative picture, and the frozen snapshot once closed."""
    return render(request, "monitor_ronde.html.j2", actor, **ronde_view(uow, actor, ronde_id),
                  gedaan=GEDAAN.get(gedaan))  # fmt: skip


def _refuse(uow: UnitOfWork, actor: Actor, ronde_id: int, form: str, exc: Exception,
            typed: dict[str, Any]) -> NoReturn:  # fmt: skip
    """The round's page again with the refusal at form `form`; the plain error page when there is no such round."""
    try:
        context = ronde_view(uow, actor, ronde_id)
    except NovexError:
        raise exc from None
    context["fout_formulier"] = form
    raise form_refused("monitor_ronde.html.j2", actor, context, form, exc, typed, veld_refusal(exc, RONDE_VELDEN))


@router.post("/monitor/rondes/{ronde_id}", response_class=HTMLResponse)
def update_round(
    request: Request, ronde_id: Id, actor: PageActor, uow: UowDep, form: Annotated[RondeForm, Form()]
) -> Response:
    """Save the participants and the qualitative picture of an open round (with the version read)."""
    check_csrf(request, form.csrf)
    typed = form.model_dump(exclude={"csrf"})
    try:
        deelnemers = lees_deelnemers(form)
        uow.get(MonitorService).update_ronde(actor, ronde_id, form.versie, form.beeld, deelnemers)
    except NovexError as exc:
        _refuse(uow, actor, ronde_id, "ronde", exc, typed)
    return RedirectResponse(f"/monitor/rondes/{ronde_id}?gedaan=bijgewerkt", status_code=303)


@router.post("/monitor/rondes/{ronde_id}/afsluiten", response_class=HTMLResponse)
def close_round(
    request: Request, ronde_id: Id, actor: PageActor, uow: UowDep, form: Annotated[VersionedForm, Form()]
) -> Response:
    """Close the round (VRO): the province's meter is frozen as its snapshot."""
    check_csrf(request, form.csrf)
    try:
        uow.get(MonitorService).sluit_ronde(actor, ronde_id, form.versie)
    except NovexError as exc:
        _refuse(uow, actor, ronde_id, "afsluiten", exc, {"versie": form.versie})
    return RedirectResponse(f"/monitor/rondes/{ronde_id}?gedaan=afgesloten", status_code=303)
