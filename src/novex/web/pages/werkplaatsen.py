"""Werkplaatsen and sessions of ontwerpend onderzoek: seed 001's historical table and new sessions (seed 002 §4.1)."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field

from novex.access import Actor
from novex.dialogue.service import VraagstukService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import Forbidden, InvalidInput, NotFound, NovexError
from novex.meetings.service import MeetingService
from novex.meetings.sessies import BOUWSTEEN_STATUSSEN, Bouwsteen, Sessie, session_problems
from novex.meetings.werkplaatsen import SESSIE_SOORT_BRONNEN, SESSIE_SOORTEN, VELD_BRONNEN, VELDEN
from novex.nl import format_date
from novex.web.forms import id_list, refusal
from novex.web.pages.meetings import Line, manages
from novex.web.render import CsrfForm, FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

BOUWSTEEN_ROWS = 3
"""Empty rows for bouwstenen in the session form."""
SESSIE_SOORT_NAMEN = {"werkplaats": "werkplaats", "kaartsessie": "kaartsessie", "atelier": "atelier",
                      "ontwerpend-onderzoek": "ontwerpend onderzoek (anders)"}  # fmt: skip
VELD_NAMEN = {"interdepartementaal": "interdepartementaal veld (ministeries)",
              "interbestuurlijk": "interbestuurlijk veld (overheden)",
              "kennis-en-advies": "kennis en advies (adviesraden, kennisinstellingen, planbureaus)",
              "maatschappelijk": "maatschappelijk veld (bedrijven, burgers, belangengroepen)"}  # fmt: skip


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
                  mag_vastleggen=manages(actor), gedaan=gedaan, **_session_names())  # fmt: skip


def _new_session_context(actor: Actor) -> dict[str, Any]:
    if not manages(actor):
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
        ids, wrong = id_list([p for p in re.split(r"[\s,;]+", self.vraagstukken) if p], "vraagstukken")
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
        context = _new_session_context(actor) if manages(actor) else {**_session_names(), "velden": VELDEN,
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
