"""The monitor's web pages: the dashboard (national, province, NOVEX area), one agreement, the yearly report.

Seed 002 asks for a uniform monitor of the agreements (§4.1) in one progress meter beside the RA
that also follows vraagstukken handled outside the BOL (§5), kept every year by VRO with the
provinces and the ministries (Bijlage 3 §4). Every page asks `MonitorService` once for the meter
(rights are checked there) and shows only the forms the user may use; a form posts with the
session's CSRF token and a refusal shows the page again with the Dutch reasons and what was typed
(the unit of work rolls back, so nothing is stored). The rounds and the import have their own
modules (`monitor_rondes`, `monitor_import`), included here.
"""

from __future__ import annotations

from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from novex.access import Actor
from novex.arrangement.smart import getal
from novex.bootstrap import UnitOfWork
from novex.edge.deps import UowDep, Year
from novex.errors import NotFound, NovexError
from novex.monitor.service import MonitorService
from novex.monitor.suggestie import gehaald
from novex.web.forms import download, form_refused
from novex.web.monitor_charts import meetgrafiek
from novex.web.pages import monitor_import, monitor_rondes
from novex.web.pages.monitor_context import common
from novex.web.pages.monitor_forms import (
    METING_VELDEN,
    STATUS_VELDEN,
    TERUG,
    MetingForm,
    StatusForm,
    lees_meting,
    lees_status,
    veld_refusal,
)
from novex.web.pages.monitor_view import dashboard, regel_view, status_kleur, trend_view
from novex.web.render import PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)
router.include_router(monitor_rondes.router)
router.include_router(monitor_import.router)

Code = Annotated[str, Path(max_length=10)]
Sleutel = Annotated[str, Path(max_length=200)]
Keuze = Annotated[str, Query(max_length=60)]
GEDAAN = {
    "meting": "De meting is opgeslagen.",
    "status": "De status is vastgesteld.",
    "suggestie": "De afspraak volgt weer de suggestie van het platform.",
}


def _report_years(service: MonitorService, actor: Actor) -> list[int]:
    this_year = service.today().year
    return sorted({r.jaar for r in service.rondes(actor)} | {this_year}, reverse=True)


# -- the dashboards ----------------------------------------------------------------------------------


@router.get("/monitor", response_class=HTMLResponse)
def national(request: Request, actor: PageActor, uow: UowDep, provincie: Keuze = "", gebied: Keuze = "") -> Response:
    """The national dashboard; the filter form's choice of a province or NOVEX area leads to its page."""
    if provincie:
        return RedirectResponse(f"/monitor/provincies/{provincie}", status_code=303)
    if gebied:
        return RedirectResponse(f"/monitor/gebieden/{gebied}", status_code=303)
    service = uow.get(MonitorService)
    context = common(uow, actor)
    meter = service.meter(actor)
    rondes = service.rondes(actor)
    context |= dashboard(meter, context["lijst"], context["provincienamen"], rondes)
    per_gebied = meter.per_gebied()
    context |= {
        "meter": meter, "gebieden": [(g, context["gebiednamen"].get(g, g), sum(c.values()))
                                     for g, c in per_gebied.items()],
        "rapportjaren": _report_years(service, actor), "open_rondes": [r for r in rondes if not r.afgesloten],
    }  # fmt: skip
    return render(request, "monitor.html.j2", actor, **context)


@router.get("/monitor/provincies/{code}", response_class=HTMLResponse)
def province(request: Request, code: Code, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """One province: its counts, agreements, rounds, overdue milestones, knots and vraagstukken outside the BOL."""
    service = uow.get(MonitorService)
    context = common(uow, actor)
    names = context["provincienamen"]
    if code not in names:
        raise NotFound(f"provincie '{code}' bestaat niet (gebruik de CBS-code, bijvoorbeeld PV26)")
    meter = service.meter(actor, code)
    rondes = service.rondes(actor, provincie=code)
    context |= dashboard(meter, context["lijst"], {code: names[code]}, rondes)
    lijst = context["lijst"]
    context |= {
        "code": code, "provincienaam": names[code], "versie": meter.versies.get(code),
        "regels": [regel_view(r, lijst) for r in meter.regels], "rondes": sorted(rondes, key=lambda r: -r.jaar),
        "trend": trend_view(rondes, lijst), "buiten": meter.buiten_bol.get(code, ()),
        "mag_meten": service.may(actor, "meten", code), "mag_beeld": service.may(actor, "beeld", code),
    }  # fmt: skip
    return render(request, "monitor_provincie.html.j2", actor, **context)


@router.get("/monitor/gebieden/{gebied}", response_class=HTMLResponse)
def area(request: Request, gebied: Annotated[str, Path(max_length=80)], actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The agreements linked to one NOVEX area, across the provinces."""
    service = uow.get(MonitorService)
    context = common(uow, actor)
    if gebied not in context["gebiednamen"]:
        raise NotFound(f"NOVEX-gebied '{gebied}' staat niet in de catalogus (seed 003 Bijlage I)")
    meter = service.meter(actor, novex_gebied=gebied)
    lijst = context["lijst"]
    context |= dashboard(meter, lijst, context["provincienamen"], ())
    context |= {"gebied": gebied, "gebiednaam": context["gebiednamen"][gebied],
                "regels": [regel_view(r, lijst) for r in meter.regels]}  # fmt: skip
    return render(request, "monitor_gebied.html.j2", actor, **context)


# -- one agreement -----------------------------------------------------------------------------------------


def afspraak_view(uow: UnitOfWork, actor: Actor, provincie: str, sleutel: str) -> dict[str, Any]:
    """Everything the page of one followed agreement shows."""
    service = uow.get(MonitorService)
    context = common(uow, actor)
    names = context["provincienamen"]
    if provincie not in names:
        raise NotFound(f"provincie '{provincie}' bestaat niet (gebruik de CBS-code, bijvoorbeeld PV26)")
    found = service.afspraak(actor, provincie, sleutel)
    r, lijst = found.regel, context["lijst"]
    a, last = r.afspraak, r.laatste
    doel = getal(a.streefwaarde)
    mijlpalen = []
    for n, m in enumerate(a.mijlpalen, start=1):
        reached = m.waarde is not None and last is not None and gehaald(a, last.waarde, m.waarde)
        verstreken = m.datum is not None and m.datum < context["vandaag"]
        stand = ("gehaald" if reached else "verstreken, niet gehaald" if verstreken else "nog niet gehaald") \
            if m.waarde is not None else "geen waarde"  # fmt: skip
        mijlpalen.append({"nummer": n, "m": m, "stand": stand, "gehaald": reached})
    titel = f"Metingen van afspraak {provincie}/{sleutel}" + (f" ({a.eenheid})" if a.eenheid else "")
    chart = meetgrafiek(
        [(m.datum, m.waarde) for m in r.metingen],
        [(m.datum, m.waarde, m.omschrijving) for m in a.mijlpalen if m.datum is not None and m.waarde is not None],
        doel, a.deadline, titel + ", met mijlpalen en streefwaarde",
        status_kleur(lijst, r.status) if r.status else "#154273",
    )  # fmt: skip
    context |= {
        "provincie": provincie, "provincienaam": names[provincie], "r": r, "a": a, "laatste": last,
        "regel": regel_view(r, lijst), "zettingen": sorted(found.zettingen, key=lambda z: (z.op, z.id), reverse=True),
        "gepland": found.gepland, "mijlpalen": mijlpalen, "grafiek": chart, "streefwaarde": doel,
        "mag_meten": found.mag_meten, "mag_status_zetten": found.mag_status_zetten, "terug": TERUG,
        "fouten": {}, "invoer": {}, "fout_boven": None, "fout_formulier": None,
    }  # fmt: skip
    return context


def _afspraak_url(provincie: str, sleutel: str) -> str:
    return f"/monitor/afspraken/{provincie}/{sleutel}"


@router.get("/monitor/afspraken/{provincie}/{sleutel}", response_class=HTMLResponse)
def agreement(
    request: Request, provincie: Code, sleutel: Sleutel, actor: PageActor, uow: UowDep, gedaan: Keuze = ""
) -> HTMLResponse:
    """One agreement: its measurements as a chart and table, the suggestion, the status history, the forms."""
    view = afspraak_view(uow, actor, provincie, sleutel)
    return render(request, "monitor_afspraak.html.j2", actor, **view, gedaan=GEDAAN.get(gedaan))


def _refuse(uow: UnitOfWork, actor: Actor, provincie: str, sleutel: str, form: str, exc: Exception,
            typed: dict[str, Any], fields: tuple[str, ...]) -> NoReturn:  # fmt: skip
    """The agreement's page again with the refusal at form `form`; the plain error page when the page is not open."""
    try:
        context = afspraak_view(uow, actor, provincie, sleutel)
    except NovexError:
        raise exc from None  # e.g. an agreement that is not followed: its own Dutch reason, on the error page
    context["fout_formulier"] = form
    raise form_refused("monitor_afspraak.html.j2", actor, context, form, exc, typed, veld_refusal(exc, fields))


@router.post("/monitor/afspraken/{provincie}/{sleutel}/metingen", response_class=HTMLResponse)
def add_measurement(
    request: Request, provincie: Code, sleutel: Sleutel, actor: PageActor, uow: UowDep,
    form: Annotated[MetingForm, Form()],
) -> Response:  # fmt: skip
    """Record one measurement of the agreement's indicator."""
    check_csrf(request, form.csrf)
    try:
        waarde, datum = lees_meting(form)
        saved = uow.get(MonitorService).add_meting(actor, provincie, sleutel, waarde, datum, form.bron,
                                                   form.toelichting)  # fmt: skip
    except NovexError as exc:
        _refuse(uow, actor, provincie, sleutel, "meting", exc, form.model_dump(exclude={"csrf"}), METING_VELDEN)
    return RedirectResponse(f"{_afspraak_url(saved.provincie, sleutel)}?gedaan=meting#metingen", status_code=303)


@router.post("/monitor/afspraken/{provincie}/{sleutel}/status", response_class=HTMLResponse)
def set_status(
    request: Request, provincie: Code, sleutel: Sleutel, actor: PageActor, uow: UowDep,
    form: Annotated[StatusForm, Form()],
) -> Response:  # fmt: skip
    """The owner sets the status with a motivation, or returns the agreement to the suggestion."""
    check_csrf(request, form.csrf)
    service = uow.get(MonitorService)
    try:
        status = lees_status(form, service.statuslijst().codes)
        zetting = service.zet_status(actor, provincie, sleutel, status, form.motivering)
    except NovexError as exc:
        _refuse(uow, actor, provincie, sleutel, "status", exc, form.model_dump(exclude={"csrf"}), STATUS_VELDEN)
    what = "status" if status is not None else "suggestie"
    return RedirectResponse(f"{_afspraak_url(zetting.provincie, sleutel)}?gedaan={what}#status", status_code=303)


# -- the yearly report ---------------------------------------------------------------------------------------


@router.get("/monitor/rapport/{jaar}")
def report(
    jaar: Year, actor: PageActor, uow: UowDep,
    formaat: Annotated[str, Query(max_length=10)] = "pdf",
) -> Response:  # fmt: skip
    """The yearly progress report (seed 003 §5.2) as a PDF or HTML download."""
    from novex.documents.monitor import rapport_document

    body, media_type, name = rapport_document(uow, actor, jaar, formaat)
    return download(body, name, media_type)
