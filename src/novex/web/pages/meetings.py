"""Web pages of the meeting cycle, the fast procedure and the werkplaatsen (seed 002 §4.1–4.3, seed 001).

Every page reads and writes through `MeetingService` (with the dialogue, catalogue and reference
services for names); the service checks every right again, the pages only hide what a user may not
do. Forms post with the session's CSRF token; a refusal shows the page again with the Dutch reasons
next to the form and everything the user typed. The fast procedure lives on the vraagstuk page:
`procedure_panel` gives that page its panel, and its forms post to the routes below.
"""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from novex.access import Actor, can
from novex.bootstrap import UnitOfWork
from novex.dialogue.model import TAFEL_NAMEN, Vraagstuk
from novex.dialogue.service import VraagstukService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import Forbidden, InvalidInput, NotFound, NovexError, StateConflict
from novex.meetings.actions import MANAGE_MEETINGS
from novex.meetings.agenda import SOORTEN_PUNT, AgendaVoorstel, Uitkomst, Vergadering
from novex.meetings.planner import EERSTE_JAAR, GeplandOverleg, cyclus_settings
from novex.meetings.service import MeetingService
from novex.meetings.sessies import BOUWSTEEN_STATUSSEN, Bouwsteen, Sessie, session_problems
from novex.meetings.snelle_procedure import (
    ADVIEZEN,
    ESCALATIECRITERIA,
    FASE_NAMEN,
    LIJNEN,
    MAX_OPTIES,
    MIN_OPTIES,
    Expert,
    Optie,
    Selectie,
    Signaal,
    SnelleProcedure,
    TafelNotitie,
    Terugkoppeling,
    experts_for,
)
from novex.meetings.werkplaatsen import SESSIE_SOORT_BRONNEN, SESSIE_SOORTEN, VELD_BRONNEN, VELDEN
from novex.nl import MAANDEN, format_date
from novex.reference.service import ReferenceService
from novex.web.forms import download, public_variant, refusal, yes_no
from novex.web.pages.vraagstuk_view import form_options, refuse_on_page, vraagstuk_view
from novex.web.render import CsrfForm, FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

MAX_ROWS = 100
"""Rows an agenda form may send (the API takes at most 100 items too)."""
FREE_ROWS = 2
"""Empty rows for free subjects in the agenda editor."""
BOUWSTEEN_ROWS = 3
"""Empty rows for bouwstenen in the session form."""

KETEN = ("regietafel", "do-novex", "gp-dg", "bol")
"""The formal chain per province, in the order of seed 002 §4.3 and §4.1 stap 3."""
SOORT_NAMEN = {
    "regietafel": "Regietafel NOVEX: agenda DO NOVEX",
    "do-novex": "DO NOVEX",
    "gp-dg": "GP-DG-overleg",
    "bol": "BOL",
    "accountteam": "Accountteam",
    "werkgroep": "Thematische werkgroep",
}
SOORT_KORT = {"regietafel": "Regietafel", "do-novex": "DO NOVEX", "gp-dg": "GP-DG", "bol": "BOL"}
DOCUMENTEN = {"agenda": "Agenda", "rode-draden": "Rode-draden notitie", "bol-afsprakenlijst": "BOL-afsprakenlijst"}
SESSIE_SOORT_NAMEN = {"werkplaats": "werkplaats", "kaartsessie": "kaartsessie", "atelier": "atelier",
                      "ontwerpend-onderzoek": "ontwerpend onderzoek (anders)"}  # fmt: skip
VELD_NAMEN = {"interdepartementaal": "interdepartementaal veld (ministeries)",
              "interbestuurlijk": "interbestuurlijk veld (overheden)",
              "kennis-en-advies": "kennis en advies (adviesraden, kennisinstellingen, planbureaus)",
              "maatschappelijk": "maatschappelijk veld (bedrijven, burgers, belangengroepen)"}  # fmt: skip
RA_KEUZES = {"verankerd": "het RA verankert de uitkomst bestuurlijk",
             "knelpunt": "het RA markeert het knelpunt (er is nog geen oplossing)"}  # fmt: skip
TERUG = re.compile(r"^/vraagstukken/\d{1,10}$")

Text = Annotated[str, Field(max_length=20_000)]
Line = Annotated[str, Field(max_length=400)]
Versie = Annotated[int, Field(ge=1, le=2_147_483_647)]


# -- small helpers ----------------------------------------------------------------------------


def _manages(actor: Actor) -> bool:
    """Whether the user may plan meetings, fix agendas and record outcomes (VRO), to show the forms."""
    return can(actor, MANAGE_MEETINGS)


def _extra(form: BaseModel, name: str, limit: int = 20_000) -> str:
    """A form field that is not declared on the model (criteria per code), at most `limit` characters."""
    value = (form.model_extra or {}).get(name, "")
    value = value[-1] if isinstance(value, list) and value else value
    return value[:limit] if isinstance(value, str) else ""


# -- the calendar -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stap:
    """One meeting in a province's chain or a landsdeel's timeline: stored (with an id) or planned."""

    soort: str
    datum: date
    naam: str
    bron: str
    id: int | None = None
    provincie: str | None = None


def _step(p: GeplandOverleg, stored: dict[tuple[str, str | None], Vergadering]) -> Stap:
    m = stored.get((p.soort, p.provincie or p.landsdeel))
    if m is not None:
        return Stap(p.soort, m.datum, m.naam, p.bron, m.id, p.provincie)
    return Stap(p.soort, p.datum, p.naam, p.bron, None, p.provincie)


def _calendar(uow: UnitOfWork, actor: Actor, jaar: int, landsdeel: str) -> dict[str, Any]:
    """Per landsdeel: each province's chain (Regietafel → DO NOVEX → GP-DG → BOL) and the timeline by month."""
    service = uow.get(MeetingService)
    reference = uow.get(ReferenceService)
    names = {p.code: p.naam for p in reference.provinces(actor)}
    parts = reference.landsdelen(actor)
    if landsdeel and landsdeel not in {d.code for d in parts}:
        raise InvalidInput(f"landsdeel: onbekend landsdeel '{landsdeel}' (wel: {', '.join(d.code for d in parts)})")
    stored_list = service.meetings(actor, jaar)
    stored = {(m.soort, m.provincie or m.landsdeel): m for m in stored_list}
    plan = service.plan(actor, jaar)
    sections = []
    for part in parts:
        if landsdeel and part.code != landsdeel:
            continue
        bol = next(_step(p, stored) for p in plan if p.soort == "bol" and p.landsdeel == part.code)
        rows, events = [], [bol]
        for code in part.provincies:
            chain = [_step(p, stored) for soort in KETEN[:3] for p in plan
                     if p.soort == soort and p.provincie == code]  # fmt: skip
            rows.append({"provincie": code, "naam": names.get(code, code), "keten": [*chain, bol]})
            events += chain
        events.sort(key=lambda s: (s.datum, KETEN.index(s.soort), s.naam))
        months = [
            (f"{MAANDEN[m - 1]} {y}", list(g))
            for (y, m), g in groupby(events, key=lambda s: (s.datum.year, s.datum.month))
        ]
        informal = [p for p in plan if p.landsdeel == part.code and p.soort in ("accountteam", "werkgroep")]
        sections.append({"code": part.code, "naam": part.naam, "provincies": part.provincies, "rijen": rows,
                         "maanden": months, "informeel": informal})  # fmt: skip
    return {
        "secties": sections,
        "vastgelegd": len(stored_list),
        "regietafels": [p for p in plan if p.soort == "regietafel" and p.provincie is None],
    }


@router.get("/vergaderingen", response_class=HTMLResponse)
def calendar_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    landsdeel: Annotated[str, Query(max_length=40)] = "",
    weergave: Annotated[str, Query(max_length=20)] = "",
    gedaan: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """The year's meetings per landsdeel as a timeline (or a table): stored, or the computed plan until fixed."""
    year = jaar or max(date.today().year, EERSTE_JAAR)
    reference = uow.get(ReferenceService)
    context: dict[str, Any] = {
        "jaar": year, "landsdeel": landsdeel, "tabel": weergave == "tabel", "gedaan": gedaan, "fout": None,
        "landsdelen": reference.landsdelen(actor),
        "provincienamen": {p.code: p.naam for p in reference.provinces(actor)},
        "secties": [], "vastgelegd": 0, "regietafels": [], "soortnamen": SOORT_NAMEN, "soortkort": SOORT_KORT,
        "keten": KETEN, "datum": format_date, "mag_plannen": _manages(actor), "eerste_jaar": EERSTE_JAAR,
        "doorlooptijden": cyclus_settings(),
    }  # fmt: skip
    try:
        context |= _calendar(uow, actor, year, landsdeel)
    except InvalidInput as exc:
        context["fout"] = str(exc)
    return render(request, "vergaderingen.html.j2", actor, 400 if context["fout"] else 200, **context)


class PlanForm(CsrfForm):
    """Fix the year's plan."""

    jaar: int = Field(default=EERSTE_JAAR, ge=2000, le=2100)


@router.post("/vergaderingen/plan", response_class=HTMLResponse)
def schedule(request: Request, actor: PageActor, uow: UowDep, form: Annotated[PlanForm, Form()]) -> Response:
    """Store the year's DO NOVEX, GP-DG and BOL meetings from the plan (VRO; once per year)."""
    check_csrf(request, form.csrf)
    uow.get(MeetingService).schedule(actor, form.jaar)
    return RedirectResponse(f"/vergaderingen?jaar={form.jaar}&gedaan=gepland", status_code=303)


# -- one meeting ------------------------------------------------------------------------------


def _meeting_view(uow: UnitOfWork, actor: Actor, vergadering_id: int) -> dict[str, Any]:
    """Everything the meeting page shows."""
    service = uow.get(MeetingService)
    reference = uow.get(ReferenceService)
    m = service.meeting(actor, vergadering_id)
    items = service.agenda(actor, m.id)
    names = {p.code: p.naam for p in reference.provinces(actor)}
    part = next((d for d in reference.landsdelen(actor) if d.code == m.landsdeel), None)
    if part is None and m.provincie:
        part = next((d for d in reference.landsdelen(actor) if m.provincie in d.provincies), None)
    return {
        "m": m,
        "punten": items,
        "afspraken": service.afsprakenlijst(actor, None, m.id) if m.soort == "bol" else [],
        "provincies_van": [names.get(p, p) for p in service.provinces_of(m)],
        "landsdeel": part,
        "provincienamen": names,
        "soortnamen": SOORT_NAMEN,
        "puntsoorten": SOORTEN_PUNT,
        "tafelnamen": TAFEL_NAMEN,
        "documenten": DOCUMENTEN,
        "mag_beheren": _manages(actor),
        "vastgelegd": any(i.uitkomst is not None for i in items),
        "datum": format_date,
        "fouten": {},
        "invoer": {},
    }


def _refuse_meeting(uow: UnitOfWork, actor: Actor, vergadering_id: int, form: str, exc: Exception,
                    typed: dict[str, Any], fields: tuple[str, ...] = ()) -> FormRefused:  # fmt: skip
    """The meeting page again, with the refusal next to the form `form` and what the user typed in it."""
    context = _meeting_view(uow, actor, vergadering_id)
    if isinstance(exc, StateConflict) and exc.current_version is not None:
        typed = typed | {"versie": exc.current_version}
    context["fouten"] = {form: refusal(exc, fields)}
    context["invoer"] = {form: typed}
    status = status_of(exc) if isinstance(exc, NovexError) else 422
    return FormRefused("vergadering.html.j2", actor, status, context)


@router.get("/vergaderingen/{vergadering_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, vergadering_id: Id, actor: PageActor, uow: UowDep,
    gedaan: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:  # fmt: skip
    """A meeting: kind, date, province or landsdeel, the agenda with outcomes, rode draden, afspraken, documents."""
    return render(request, "vergadering.html.j2", actor, **_meeting_view(uow, actor, vergadering_id), gedaan=gedaan)


def _agenda_rows(uow: UnitOfWork, actor: Actor, vergadering_id: int) -> list[dict[str, Any]]:
    """The editor's rows: the agenda as fixed, then the draft's vraagstukken not on it, then empty free subjects."""
    service = uow.get(MeetingService)
    current = service.agenda(actor, vergadering_id)
    on_agenda = {i.vraagstuk_id for i in current if i.vraagstuk_id is not None}
    rows = [{"vraagstuk": str(i.vraagstuk_id or ""), "soort": i.soort, "titel": i.onderwerp, "reden": i.reden,
             "volgorde": str(k), "opnemen": True, "bron": "agenda"}
            for k, i in enumerate(current, start=1)]  # fmt: skip
    for d in service.draft(actor, vergadering_id):
        if d.vraagstuk_id in on_agenda:
            continue
        rows.append({"vraagstuk": str(d.vraagstuk_id), "soort": d.soort, "titel": d.titel, "reden": d.reden,
                     "volgorde": str(len(rows) + 1), "opnemen": not current, "bron": "concept"})  # fmt: skip
    rows += [{"vraagstuk": "", "soort": "onderwerp", "titel": "", "reden": "", "volgorde": str(len(rows) + k),
              "opnemen": True, "bron": "vrij"} for k in range(1, FREE_ROWS + 1)]  # fmt: skip
    return rows


def _editor(uow: UnitOfWork, actor: Actor, vergadering_id: int) -> dict[str, Any]:
    service = uow.get(MeetingService)
    if not _manages(actor):
        raise Forbidden(f"de rol '{actor.role}' mag geen agenda opstellen (alleen VRO)")
    m = service.meeting(actor, vergadering_id)
    items = service.agenda(actor, m.id)
    locked = any(i.uitkomst is not None for i in items)
    return {"m": m, "rijen": [] if locked else _agenda_rows(uow, actor, m.id), "vast": locked, "versie": m.version,
            "puntsoorten": SOORTEN_PUNT, "soortnamen": SOORT_NAMEN, "datum": format_date, "fout": None}  # fmt: skip


@router.get("/vergaderingen/{vergadering_id}/agenda", response_class=HTMLResponse)
def agenda_editor(request: Request, vergadering_id: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The draft agenda from the vraagstukken, editable: choose, order, add free subjects (VRO)."""
    return render(request, "vergadering_agenda.html.j2", actor, **_editor(uow, actor, vergadering_id))


class AgendaForm(CsrfForm):
    """The editor's rows as parallel lists (one value per row), and which rows to take."""

    versie: Versie = 1
    opnemen: list[Annotated[str, Field(max_length=5)]] = Field(default=[], max_length=MAX_ROWS)
    rij_vraagstuk: list[Annotated[str, Field(max_length=12)]] = Field(default=[], max_length=MAX_ROWS)
    rij_soort: list[Annotated[str, Field(max_length=30)]] = Field(default=[], max_length=MAX_ROWS)
    rij_titel: list[Line] = Field(default=[], max_length=MAX_ROWS)
    rij_reden: list[Text] = Field(default=[], max_length=MAX_ROWS)
    rij_volgorde: list[Annotated[str, Field(max_length=6)]] = Field(default=[], max_length=MAX_ROWS)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as the editor shows them (to keep what was typed)."""
        count = len(self.rij_vraagstuk)
        lists = (self.rij_soort, self.rij_titel, self.rij_reden, self.rij_volgorde)
        if any(len(values) != count for values in lists):
            raise InvalidInput("agenda: het formulier is onvolledig verstuurd; laad de pagina opnieuw")
        chosen = set(self.opnemen)
        return [{"vraagstuk": self.rij_vraagstuk[k], "soort": self.rij_soort[k], "titel": self.rij_titel[k],
                 "reden": self.rij_reden[k], "volgorde": self.rij_volgorde[k], "opnemen": str(k) in chosen,
                 "bron": "agenda" if self.rij_vraagstuk[k] else "vrij"} for k in range(count)]  # fmt: skip


def _agenda_items(uow: UnitOfWork, actor: Actor, rows: list[dict[str, Any]]) -> list[AgendaVoorstel | tuple[str, str]]:
    """The chosen rows in the chosen order, as the service takes them (a vraagstuk's title from the vraagstuk)."""
    problems, chosen = [], []
    for k, row in enumerate(rows):
        if not row["opnemen"] or (not row["vraagstuk"] and not row["titel"].strip()):
            continue
        try:
            order = int(row["volgorde"])
        except ValueError:
            problems.append(f"volgorde: '{row['volgorde']}' is geen getal ({row['titel'] or 'leeg onderwerp'})")
            continue
        chosen.append((order, k, row))
    items: list[AgendaVoorstel | tuple[str, str]] = []
    for _, _, row in sorted(chosen, key=lambda c: (c[0], c[1])):
        if not row["vraagstuk"]:
            items.append((row["titel"], row["reden"]))
            continue
        if not row["vraagstuk"].isdigit():
            problems.append(f"vraagstuk: '{row['vraagstuk']}' is geen vraagstuknummer")
            continue
        vid, titel = int(row["vraagstuk"]), row["titel"]
        with suppress(NotFound):  # the service names a missing vraagstuk
            titel = uow.get(VraagstukService).get(actor, vid).titel
        items.append(AgendaVoorstel(vid, titel, row["soort"], row["reden"]))
    if problems:
        raise InvalidInput("agenda: " + "; ".join(problems))
    return items


@router.post("/vergaderingen/{vergadering_id}/agenda", response_class=HTMLResponse)
def fix_agenda(
    request: Request, vergadering_id: Id, actor: PageActor, uow: UowDep, form: Annotated[AgendaForm, Form()]
) -> Response:
    """Fix the agenda with the meeting's version; a refusal shows the editor again with the rows as sent."""
    check_csrf(request, form.csrf)
    rows: list[dict[str, Any]] = []
    try:
        rows = form.rows()
        items = _agenda_items(uow, actor, rows)
        uow.get(MeetingService).set_agenda(actor, vergadering_id, items, form.versie)
    except NovexError as exc:
        context = _editor(uow, actor, vergadering_id)
        context["fout"] = refusal(exc)
        if rows:
            context["rijen"] = rows
        if not (isinstance(exc, StateConflict) and exc.current_version is not None):
            context["versie"] = form.versie
        raise FormRefused("vergadering_agenda.html.j2", actor, status_of(exc), context) from exc
    return RedirectResponse(f"/vergaderingen/{vergadering_id}?gedaan=agenda#agenda", status_code=303)


class OutcomeForm(CsrfForm):
    """What the table concluded on one item."""

    tekst: Text = ""
    consensus: str = Field(default="", max_length=5)
    verschillen: Text = ""


@router.post("/vergaderingen/{vergadering_id}/agenda/{punt_id}/uitkomst", response_class=HTMLResponse)
def outcome(
    request: Request, vergadering_id: Id, punt_id: Id, actor: PageActor, uow: UowDep,
    form: Annotated[OutcomeForm, Form()],
) -> Response:  # fmt: skip
    """Record an outcome; the service moves a vraagstuk in besluitvorming (no consensus: to the GP-DG)."""
    check_csrf(request, form.csrf)
    try:
        uow.get(MeetingService).record_outcome(
            actor, vergadering_id, punt_id, Uitkomst(form.tekst, yes_no(form.consensus), form.verschillen or None)
        )
    except NovexError as exc:
        raise _refuse_meeting(uow, actor, vergadering_id, f"uitkomst-{punt_id}", exc,
                              form.model_dump(exclude={"csrf"})) from exc  # fmt: skip
    return RedirectResponse(f"/vergaderingen/{vergadering_id}?gedaan=uitkomst#punt-{punt_id}", status_code=303)


class RodeDradenForm(CsrfForm):
    """The DO NOVEX's rode-draden notitie."""

    versie: Versie = 1
    tekst: Text = ""


@router.post("/vergaderingen/{vergadering_id}/rode-draden", response_class=HTMLResponse)
def rode_draden(
    request: Request, vergadering_id: Id, actor: PageActor, uow: UowDep, form: Annotated[RodeDradenForm, Form()]
) -> Response:
    """Record the rode-draden notitie of a DO NOVEX (seed 002 §4.1 stap 2)."""
    check_csrf(request, form.csrf)
    try:
        uow.get(MeetingService).set_rode_draden(actor, vergadering_id, form.tekst, form.versie)
    except NovexError as exc:
        raise _refuse_meeting(uow, actor, vergadering_id, "rode-draden", exc,
                              form.model_dump(exclude={"csrf"})) from exc  # fmt: skip
    return RedirectResponse(f"/vergaderingen/{vergadering_id}?gedaan=rode-draden#rode-draden", status_code=303)


@router.get("/vergaderingen/{vergadering_id}/{soort}.pdf")
def meeting_pdf(
    vergadering_id: Id, soort: str, actor: PageActor, uow: UowDep,
    openbaar: Annotated[str, Query(max_length=5)] = "nee",
) -> Response:  # fmt: skip
    """A meeting's agenda, rode-draden notitie or BOL-afsprakenlijst as PDF; a refusal is a Dutch page."""
    from novex.documents.dialoog import document_pdf

    if soort not in DOCUMENTEN:
        raise NotFound(f"document '{soort}' bestaat niet (wel: {', '.join(DOCUMENTEN)})")
    public = public_variant(openbaar)
    pdf = document_pdf(uow, actor, soort, vergadering_id, openbaar=public)
    return download(pdf, f"{soort}-vergadering-{vergadering_id}{'-openbaar' if public else ''}.pdf")


# -- the fast procedure on the vraagstuk page ---------------------------------------------------


def procedure_panel(uow: UnitOfWork, actor: Actor, v: Vraagstuk) -> dict[str, Any]:
    """What the fast procedure's panel on the vraagstuk page shows (seed 002 §4.2)."""
    service = uow.get(MeetingService)
    p = service.procedure(actor, v.id)
    panel: dict[str, Any] = {
        "p": p, "mag": uow.get(VraagstukService).may(actor, "behandelen", v), "fasen": FASE_NAMEN,
        "stappen": ("signalering", "snelle-selectie", "snelle-tafel", "terugkoppeling"),
        "criteria": ESCALATIECRITERIA, "lijnen": LIJNEN, "adviezen": ADVIEZEN, "ra": RA_KEUZES,
        "min_opties": MIN_OPTIES, "max_opties": MAX_OPTIES,
    }  # fmt: skip
    if p is None:
        return panel
    directory = service.experts(actor)
    moves = service.procedure_moves(actor, v.id)
    panel |= {
        "experts": directory,
        "expert": {e.id: e for e in directory},
        "per_departement": [(k, list(g)) for k, g in groupby(sorted(directory, key=lambda e: (e.departement, e.naam)),
                                                             key=lambda e: e.departement)],
        "suggesties": {e.id for e in experts_for(directory, v.domeinen)} if v.domeinen else set(),
        "overgangen": [m for m in moves if actor.system or actor.role in m.transition.roles],
        "geschiedenis": list(reversed(service.procedure_history(actor, v.id))),
    }  # fmt: skip
    return panel


def _panel_refused(uow: UnitOfWork, actor: Actor, vraagstuk_id: int, form: str, exc: Exception,
                   typed: dict[str, Any], view: dict[str, Any] | None = None) -> FormRefused:  # fmt: skip
    """The vraagstuk page again, with the refusal next to the panel's form `form` and what was typed."""
    return refuse_on_page(uow, actor, vraagstuk_id, form, exc, typed, (), view)


def _panel_done(vraagstuk_id: int, what: str) -> RedirectResponse:
    return RedirectResponse(f"/vraagstukken/{vraagstuk_id}?gedaan=snelle-{what}#snelle-procedure", status_code=303)


def _current(uow: UnitOfWork, actor: Actor, vraagstuk_id: int) -> SnelleProcedure:
    found = uow.get(MeetingService).procedure(actor, vraagstuk_id)
    if found is None:
        raise NotFound(f"vraagstuk {vraagstuk_id}: de snelle procedure is niet gestart")
    return found


def _fits(product: str) -> Any:
    """The page-limit check of the product's document (signal: 1 page, note: 2 pages)."""
    from novex.documents.dialoog import checker

    return checker(product)


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/start", response_class=HTMLResponse)
def start_procedure(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[CsrfForm, Form()]
) -> Response:
    """Start the fast procedure (VRO); the linked claims pre-fill what clashes and where."""
    check_csrf(request, form.csrf)
    try:
        uow.get(MeetingService).start_procedure(actor, vraagstuk_id)
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-start", exc, {}) from exc
    return _panel_done(vraagstuk_id, "gestart")


class SignaalForm(CsrfForm):
    """The quick check and the one-page signal."""

    versie: Versie = 1
    botsend: str = Field(default="", max_length=5)
    motivering: Text = ""
    wat_botst: Text = ""
    waar: Text = ""
    waarom_urgent: Text = ""


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/signaal", response_class=HTMLResponse)
def save_signal(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[SignaalForm, Form()]
) -> Response:
    """Record the quick check and the signal; refused (naming the section) when it would not fit one page."""
    check_csrf(request, form.csrf)
    try:
        botsend = yes_no(form.botsend)
        if botsend is None:
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} (signaal): snelle check: kies ja of nee")
        product = Signaal(botsend, form.motivering, form.wat_botst, form.waar, form.waarom_urgent)
        uow.get(MeetingService).save_product(actor, vraagstuk_id, product, form.versie, _fits("signaal"))
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-signaal", exc,
                             form.model_dump(exclude={"csrf"})) from exc  # fmt: skip
    return _panel_done(vraagstuk_id, "signaal")


class SelectieForm(CsrfForm):
    """The snelle selectie; per criterion `voldaan_<code>` (ja/nee) and `motivering_<code>` arrive as extras."""

    model_config = ConfigDict(extra="allow")

    versie: Versie = 1
    opschalen: str = Field(default="", max_length=5)
    experts: list[Annotated[str, Field(max_length=12)]] = Field(default=[], max_length=60)
    motivering: Text = ""

    def typed(self) -> dict[str, Any]:
        """What the user chose and typed, to show the form again."""
        criteria = {
            code: {"voldaan": _extra(self, f"voldaan_{code}", 5), "motivering": _extra(self, f"motivering_{code}")}
            for code in ESCALATIECRITERIA
        }
        return {"versie": self.versie, "opschalen": self.opschalen, "experts": self.experts,
                "motivering": self.motivering, "criteria": criteria}  # fmt: skip


def _ids(values: list[str], what: str) -> tuple[tuple[int, ...], list[str]]:
    ids, problems = [], []
    for value in values:
        if value.isdigit() and 0 < int(value) <= 2_147_483_647:
            ids.append(int(value))
        else:
            problems.append(f"{what}: '{value}' is geen nummer")
    return tuple(dict.fromkeys(ids)), problems


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/selectie", response_class=HTMLResponse)
def save_selection(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[SelectieForm, Form()]
) -> Response:
    """Record the four escalation criteria, whether to escalate, and the experts (people, not ministries)."""
    check_csrf(request, form.csrf)
    typed = form.typed()
    try:
        criteria = {code: (answer, c["motivering"]) for code, c in typed["criteria"].items()
                    if (answer := yes_no(c["voldaan"])) is not None}  # fmt: skip
        experts, problems = _ids(form.experts, "experts")
        escalate = yes_no(form.opschalen)
        if escalate is None:
            problems.append("opschalen: kies ja of nee")
        if problems:
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} (selectie): " + "; ".join(problems))
        product = Selectie(criteria, bool(escalate), experts, form.motivering)
        uow.get(MeetingService).save_product(actor, vraagstuk_id, product, form.versie)
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-selectie", exc, typed) from exc
    return _panel_done(vraagstuk_id, "selectie")


OPTIE_DELEN = ("titel", "voordelen", "nadelen", "ruimtelijk", "bestuurlijk", "juridisch")
NO_DECISION = {"besluit", "besluiten", "beslissing"}


class TafelForm(CsrfForm):
    """The snelle-tafel note; the options as parallel lists (one value per option block, in order)."""

    model_config = ConfigDict(extra="allow")

    versie: Versie = 1
    probleemdefinitie: Text = ""
    optie_titel: list[Line] = Field(default=[], max_length=10)
    optie_voordelen: list[Text] = Field(default=[], max_length=10)
    optie_nadelen: list[Text] = Field(default=[], max_length=10)
    optie_ruimtelijk: list[Text] = Field(default=[], max_length=10)
    optie_bestuurlijk: list[Text] = Field(default=[], max_length=10)
    optie_juridisch: list[Text] = Field(default=[], max_length=10)
    advies: str = Field(default="", max_length=30)
    advies_toelichting: Text = ""
    experts: list[Annotated[str, Field(max_length=12)]] = Field(default=[], max_length=60)
    nota_ruimte_adviseur: Line = ""

    def blocks(self) -> list[dict[str, str]]:
        """Every option block as sent (empty ones too), to show the form again."""
        count = max(len(getattr(self, f"optie_{part}")) for part in OPTIE_DELEN)
        return [{part: (getattr(self, f"optie_{part}")[k] if k < len(getattr(self, f"optie_{part}")) else "")
                 for part in OPTIE_DELEN} for k in range(count)]  # fmt: skip

    def typed(self) -> dict[str, Any]:
        """What the user typed."""
        return self.model_dump(exclude={"csrf"}) | {"opties": self.blocks()}


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/tafel", response_class=HTMLResponse)
def save_note(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[TafelForm, Form()]
) -> Response:
    """Record the note: 2–3 options (1 or 4 refused), advice; a snelle tafel takes no decision."""
    check_csrf(request, form.csrf)
    try:
        if NO_DECISION & set(form.model_extra or {}):
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} (tafel): een snelle tafel verkent "
                               "opties maar neemt geen besluiten (seed 002 §4.2)")  # fmt: skip
        options = tuple(Optie(**b) for b in form.blocks() if any(value.strip() for value in b.values()))
        experts, problems = _ids(form.experts, "experts")
        if problems:
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} (tafel): " + "; ".join(problems))
        product = TafelNotitie(form.probleemdefinitie, options, form.advies, form.advies_toelichting, experts,
                               form.nota_ruimte_adviseur.strip() or None)  # fmt: skip
        uow.get(MeetingService).save_product(actor, vraagstuk_id, product, form.versie, _fits("tafel"))
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-tafel", exc, form.typed()) from exc
    return _panel_done(vraagstuk_id, "tafel")


class TerugkoppelingForm(CsrfForm):
    """Where the outcome went back, what came of it, and how the Ruimtelijk Arrangement holds it."""

    versie: Versie = 1
    lijn: str = Field(default="", max_length=20)
    via_regietafel: str = Field(default="", max_length=5)
    uitkomst: Text = ""
    ra: str = Field(default="", max_length=20)


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/terugkoppeling", response_class=HTMLResponse)
def save_feedback(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[TerugkoppelingForm, Form()]
) -> Response:
    """Record the feedback in the existing line and whether the RA anchors the outcome or marks the knot."""
    check_csrf(request, form.csrf)
    try:
        if form.ra not in RA_KEUZES:
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} (terugkoppeling): Ruimtelijk "
                               "Arrangement: kies of het de uitkomst verankert of het knelpunt markeert")  # fmt: skip
        product = Terugkoppeling(form.lijn, form.via_regietafel == "ja", form.uitkomst, form.ra == "knelpunt")
        uow.get(MeetingService).save_product(actor, vraagstuk_id, product, form.versie)
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-terugkoppeling", exc,
                             form.model_dump(exclude={"csrf"})) from exc  # fmt: skip
    return _panel_done(vraagstuk_id, "terugkoppeling")


class StapForm(CsrfForm):
    """A step of the fast procedure."""

    naar: str = Field(default="", max_length=40)
    reden: str = Field(default="", max_length=5_000)


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/stap", response_class=HTMLResponse)
def step(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[StapForm, Form()]
) -> Response:
    """Take the next step; a refused step shows why (the missing product) on the page."""
    check_csrf(request, form.csrf)
    # Built before the move: a refused move may already have written its history in this (rolled back) transaction.
    view = vraagstuk_view(uow, actor, vraagstuk_id)
    try:
        uow.get(MeetingService).move_procedure(actor, vraagstuk_id, form.naar, form.reden.strip() or None)
    except NovexError as exc:
        raise _panel_refused(uow, actor, vraagstuk_id, "snelle-stap", exc, form.model_dump(exclude={"csrf"}),
                             view) from exc  # fmt: skip
    return _panel_done(vraagstuk_id, "stap")


@router.get("/vraagstukken/{vraagstuk_id}/snelle-procedure/{document}.pdf")
def procedure_pdf(
    vraagstuk_id: Id, document: str, actor: PageActor, uow: UowDep,
    openbaar: Annotated[str, Query(max_length=5)] = "nee",
) -> Response:  # fmt: skip
    """The signal (1 page) or the snelle-tafel note (2 pages) as PDF; public variant without names of persons."""
    from novex.documents.dialoog import document_pdf

    kinds = {"signaal": "signaal", "notitie": "snelle-tafel"}
    if document not in kinds:
        raise NotFound(f"document '{document}' bestaat niet (wel: signaal, notitie)")
    _current(uow, actor, vraagstuk_id)
    public = public_variant(openbaar)
    pdf = document_pdf(uow, actor, kinds[document], vraagstuk_id, openbaar=public)
    return download(pdf, f"{kinds[document]}-vraagstuk-{vraagstuk_id}{'-openbaar' if public else ''}.pdf")


# -- experts -----------------------------------------------------------------------------------


def _experts_view(uow: UnitOfWork, actor: Actor) -> dict[str, Any]:
    directory = uow.get(MeetingService).experts(actor)
    options = form_options(uow, actor)
    ordered = sorted(directory, key=lambda e: (e.departement.lower(), e.naam.lower()))
    per_domain: dict[str, list[Expert]] = {}
    for e in ordered:
        for d in e.domeinen:
            per_domain.setdefault(d, []).append(e)
    return {
        "per_departement": [(k, list(g)) for k, g in groupby(ordered, key=lambda e: e.departement)],
        "per_domein": sorted(per_domain.items(), key=lambda kv: options["domeinnamen"].get(kv[0], kv[0])),
        "aantal_experts": len(directory),
        "domeinnamen": options["domeinnamen"],
        "departementen": sorted({*options["departementen"], *(e.departement for e in directory)}),
        "mag_toevoegen": _manages(actor),
        "fout": None,
        "invoer": {"naam": "", "departement": "", "domeinen": [], "email": "", "nota_ruimte_adviseur": "", "terug": ""},
    }


@router.get("/experts", response_class=HTMLResponse)
def experts_page(
    request: Request, actor: PageActor, uow: UowDep,
    gedaan: Annotated[str, Query(max_length=40)] = "", terug: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:  # fmt: skip
    """The directory of experts per ministry and domain (seed 002 §4.2: people, not whole ministries)."""
    view = _experts_view(uow, actor)
    view["invoer"]["terug"] = terug if TERUG.match(terug) else ""
    return render(request, "vergaderingen_experts.html.j2", actor, **view, gedaan=gedaan)


class ExpertForm(CsrfForm):
    """A person for the directory."""

    naam: Line = ""
    departement: Line = ""
    domeinen: list[Annotated[str, Field(max_length=60)]] = Field(default=[], max_length=60)
    email: Line = ""
    nota_ruimte_adviseur: str = Field(default="", max_length=5)
    terug: str = Field(default="", max_length=40)


@router.post("/experts", response_class=HTMLResponse)
def add_expert(request: Request, actor: PageActor, uow: UowDep, form: Annotated[ExpertForm, Form()]) -> Response:
    """Add a person to the directory (VRO); back to the vraagstuk when the form came from its panel."""
    check_csrf(request, form.csrf)
    expert = Expert(0, form.naam, form.departement, tuple(form.domeinen), form.email.strip() or None,
                    form.nota_ruimte_adviseur == "ja")  # fmt: skip
    try:
        uow.get(MeetingService).add_expert(actor, expert)
    except NovexError as exc:
        view = _experts_view(uow, actor)
        view |= {"fout": refusal(exc, ("naam", "departement", "domeinen", "email")),
                 "invoer": form.model_dump(exclude={"csrf"}), "gedaan": ""}  # fmt: skip
        raise FormRefused("vergaderingen_experts.html.j2", actor, status_of(exc), view) from exc
    if TERUG.match(form.terug):
        return RedirectResponse(f"{form.terug}?gedaan=snelle-expert#snelle-procedure", status_code=303)
    return RedirectResponse("/experts?gedaan=toegevoegd", status_code=303)


# -- werkplaatsen and sessions ------------------------------------------------------------------


def _session_names() -> dict[str, Any]:
    return {"sessiesoorten": SESSIE_SOORT_NAMEN, "soortbronnen": SESSIE_SOORT_BRONNEN, "veldnamen": VELD_NAMEN,
            "veldbronnen": VELD_BRONNEN, "datum": format_date, "bouwsteenstatussen": BOUWSTEEN_STATUSSEN}  # fmt: skip


@router.get("/werkplaatsen", response_class=HTMLResponse)
def werkplaatsen_page(
    request: Request, actor: PageActor, uow: UowDep, gedaan: Annotated[str, Query(max_length=40)] = ""
) -> HTMLResponse:
    """Seed 001's 39 werkplaatsen as the seed writes them, and the sessions of ontwerpend onderzoek recorded here."""
    history, sessions = uow.get(MeetingService).werkplaatsen(actor)
    return render(request, "werkplaatsen.html.j2", actor, historisch=history, sessies=sessions,
                  mag_vastleggen=_manages(actor), gedaan=gedaan, **_session_names())  # fmt: skip


def _new_session_context(actor: Actor) -> dict[str, Any]:
    if not _manages(actor):
        raise Forbidden(f"de rol '{actor.role}' mag geen sessie vastleggen (alleen VRO)")
    typed = {"soort": "", "titel": "", "datum": "", "trekker": "", "organisatie": "", "hoofdonderwerp": "",
             "velden": [], "vraagstukken": "",
             "bouwstenen": [{"titel": "", "status": "", "link": ""} for _ in range(BOUWSTEEN_ROWS)]}  # fmt: skip
    return {**_session_names(), "invoer": typed, "fout": None, "velden": VELDEN, "soorten": SESSIE_SOORTEN}


@router.get("/werkplaatsen/nieuw", response_class=HTMLResponse)
def new_session_page(request: Request, actor: PageActor) -> HTMLResponse:
    """The form to record a session of ontwerpend onderzoek (VRO)."""
    return render(request, "werkplaatsen_sessie_formulier.html.j2", actor, **_new_session_context(actor))


class SessieForm(CsrfForm):
    """A session of ontwerpend onderzoek; the bouwstenen as parallel lists (one value per row)."""

    soort: str = Field(default="", max_length=40)
    titel: Line = ""
    datum: str = Field(default="", max_length=20)
    trekker: Line = ""
    organisatie: Line = ""
    hoofdonderwerp: Line = ""
    velden: list[Annotated[str, Field(max_length=40)]] = Field(default=[], max_length=10)
    bouwsteen_titel: list[Line] = Field(default=[], max_length=30)
    bouwsteen_status: list[Annotated[str, Field(max_length=30)]] = Field(default=[], max_length=30)
    bouwsteen_link: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=30)
    vraagstukken: str = Field(default="", max_length=2_000)

    def bouwstenen(self) -> list[dict[str, str]]:
        """The rows as sent."""
        count = max(len(self.bouwsteen_titel), len(self.bouwsteen_status), len(self.bouwsteen_link))
        cell = lambda values, k: values[k] if k < len(values) else ""  # noqa: E731
        return [{"titel": cell(self.bouwsteen_titel, k), "status": cell(self.bouwsteen_status, k),
                 "link": cell(self.bouwsteen_link, k)} for k in range(count)]  # fmt: skip

    def sessie(self) -> tuple[Sessie, list[str]]:
        """The session and what could not be read (the date, vraagstuk numbers)."""
        problems = []
        try:
            when = date.fromisoformat(self.datum.strip())
        except ValueError:
            when = date.today()
            problems.append("datum: vul de datum van de sessie in (jjjj-mm-dd)")
        ids, wrong = _ids([p for p in re.split(r"[\s,;]+", self.vraagstukken) if p], "vraagstukken")
        problems += wrong
        stones = tuple(Bouwsteen(b["titel"].strip(), b["status"], b["link"].strip() or None)
                       for b in self.bouwstenen() if b["titel"].strip() or b["link"].strip())  # fmt: skip
        sessie = Sessie(0, self.soort, self.titel.strip(), when, self.trekker.strip() or None, self.organisatie.strip(),
                        self.hoofdonderwerp.strip(), tuple(self.velden), stones, ids)  # fmt: skip
        return sessie, problems


@router.post("/werkplaatsen/nieuw", response_class=HTMLResponse)
def add_session(request: Request, actor: PageActor, uow: UowDep, form: Annotated[SessieForm, Form()]) -> Response:
    """Record the session (VRO); a refusal shows the form again with every problem and what was typed."""
    check_csrf(request, form.csrf)
    try:
        sessie, problems = form.sessie()
        if problems:
            own = {p.split(":")[0] for p in problems}
            problems += [p for p in session_problems(sessie) if p.split(":")[0] not in own]
            raise InvalidInput("sessie: " + "; ".join(problems))
        created = uow.get(MeetingService).add_session(actor, sessie)
    except NovexError as exc:
        context = _new_session_context(actor) if _manages(actor) else {**_session_names(), "velden": VELDEN,
                                                                        "soorten": SESSIE_SOORTEN}  # fmt: skip
        typed = form.model_dump(exclude={"csrf"}) | {"bouwstenen": form.bouwstenen() or []}
        fields = ("soort", "titel", "datum", "trekker", "organisatie", "hoofdonderwerp", "velden", "vraagstukken")
        context |= {"invoer": typed, "fout": refusal(exc, fields)}
        raise FormRefused("werkplaatsen_sessie_formulier.html.j2", actor, status_of(exc), context) from exc
    return RedirectResponse(f"/werkplaatsen/sessies/{created.id}?gedaan=vastgelegd", status_code=303)


@router.get("/werkplaatsen/sessies/{sessie_id}", response_class=HTMLResponse)
def session_page(
    request: Request, sessie_id: Id, actor: PageActor, uow: UowDep, gedaan: Annotated[str, Query(max_length=40)] = ""
) -> HTMLResponse:
    """One session: kind, date, trekker, organising body, subject, fields, bouwstenen and linked vraagstukken."""
    _, sessions = uow.get(MeetingService).werkplaatsen(actor)
    sessie = next((s for s in sessions if s.id == sessie_id), None)
    if sessie is None:
        raise NotFound(f"sessie {sessie_id} bestaat niet")
    linked = []
    for vid in sessie.vraagstukken:
        try:
            linked.append((vid, uow.get(VraagstukService).get(actor, vid).titel))
        except (Forbidden, NotFound):
            linked.append((vid, None))  # a province's planner sees the number, not another province's title
    return render(request, "sessie.html.j2", actor, s=sessie, gekoppeld=linked, gedaan=gedaan, **_session_names())


__all__ = ["procedure_panel", "router"]
