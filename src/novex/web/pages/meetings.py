"""Web pages of the meeting cycle: the calendar per landsdeel and year, the meetings with agenda and outcomes.

Seed 002 §4.1–4.3. Every page reads and writes through `MeetingService`; the service checks every
right again, the pages only hide what a user may not do. Forms post with the session's CSRF token;
a refusal shows the page again with the Dutch reasons next to the form and everything the user typed.
The fast procedure (`snelle_procedure`) and the werkplaatsen (`werkplaatsen`) have their own pages.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from novex.access import Actor, can
from novex.bootstrap import UnitOfWork
from novex.dialogue.model import TAFEL_NAMEN
from novex.dialogue.service import VraagstukService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import Forbidden, InvalidInput, NotFound, NovexError, StateConflict
from novex.meetings.actions import MANAGE_MEETINGS
from novex.meetings.agenda import SOORTEN_PUNT, AgendaVoorstel, Uitkomst, Vergadering
from novex.meetings.planner import EERSTE_JAAR, GeplandOverleg, cyclus_settings
from novex.meetings.service import MeetingService
from novex.nl import MAANDEN, format_date, whole_number
from novex.reference.service import ReferenceService
from novex.web.forms import download, form_refused, public_variant, refusal, yes_no
from novex.web.render import CsrfForm, FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

MAX_ROWS = 100
"""Rows an agenda form may send (the API takes at most 100 items too)."""
FREE_ROWS = 2
"""Empty rows for free subjects in the agenda editor."""

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
Text = Annotated[str, Field(max_length=20_000)]
Line = Annotated[str, Field(max_length=400)]
Versie = Annotated[int, Field(ge=1, le=2_147_483_647)]


# -- small helpers ----------------------------------------------------------------------------


def manages(actor: Actor) -> bool:
    """Whether the user may plan meetings, fix agendas and record outcomes (VRO), to show the forms."""
    return can(actor, MANAGE_MEETINGS)


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
        "keten": KETEN, "datum": format_date, "mag_plannen": manages(actor), "eerste_jaar": EERSTE_JAAR,
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
        "mag_beheren": manages(actor),
        "vastgelegd": any(i.uitkomst is not None for i in items),
        "datum": format_date,
        "fouten": {},
        "invoer": {},
        "fout_boven": None,
        "fout_boven_veld": "veld",
    }


def _refuse_meeting(uow: UnitOfWork, actor: Actor, vergadering_id: int, form: str, exc: Exception,
                    typed: dict[str, Any], fields: tuple[str, ...] = ()) -> FormRefused:  # fmt: skip
    """The meeting page again, with the refusal next to the form `form` and what the user typed in it."""
    context = _meeting_view(uow, actor, vergadering_id) | {"fout_boven_veld": form}
    return form_refused("vergadering.html.j2", actor, context, form, exc, typed, refusal(exc, fields))


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
    if not manages(actor):
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
        order = row["volgorde"].strip()
        if not (order.isascii() and order.isdigit()):  # '²' is a digit to isdigit(), not to int()
            problems.append(f"volgorde: '{row['volgorde']}' is geen getal ({row['titel'] or 'leeg onderwerp'})")
            continue
        chosen.append((int(order), k, row))
    items: list[AgendaVoorstel | tuple[str, str]] = []
    for _, _, row in sorted(chosen, key=lambda c: (c[0], c[1])):
        if not row["vraagstuk"]:
            items.append((row["titel"], row["reden"]))
            continue
        vid = whole_number(row["vraagstuk"].strip())
        if vid is None:  # ASCII digits, and a number a vraagstuk can have (PostgreSQL refuses a larger one)
            problems.append(f"vraagstuk: '{row['vraagstuk']}' is geen vraagstuknummer")
            continue
        titel = row["titel"]
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
            actor,
            vergadering_id,
            punt_id,
            Uitkomst(form.tekst, yes_no(form.consensus), form.verschillen or None),
            _rode_draden_fits(),
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
        uow.get(MeetingService).set_rode_draden(actor, vergadering_id, form.tekst, form.versie, _rode_draden_fits())
    except NovexError as exc:
        raise _refuse_meeting(uow, actor, vergadering_id, "rode-draden", exc,
                              form.model_dump(exclude={"csrf"})) from exc  # fmt: skip
    return RedirectResponse(f"/vergaderingen/{vergadering_id}?gedaan=rode-draden#rode-draden", status_code=303)


def _rode_draden_fits() -> Any:
    """The two-page check of a DO NOVEX's rode-draden notitie (its text and outcomes), from the documents layer."""
    from novex.documents.dialoog import rode_draden_checker

    return rode_draden_checker()


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
