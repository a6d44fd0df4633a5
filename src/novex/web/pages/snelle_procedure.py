"""The fast procedure for conflicting claims as a panel on the vraagstuk page, and the directory of experts.

Seed 002 §4.2. `procedure_panel` gives the vraagstuk page its panel (registered in the meetings
context's `vraagstuk_panels`); its forms post to the routes below and a refusal shows the vraagstuk
page again with the reasons next to the panel's form.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ConfigDict, Field

from novex.access import Actor
from novex.bootstrap import UnitOfWork
from novex.dialogue.model import Vraagstuk
from novex.dialogue.service import VraagstukService
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import InvalidInput, NotFound, NovexError
from novex.meetings.service import MeetingService
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
from novex.web.forms import download, extra_field, id_list, public_variant, refusal, yes_no
from novex.web.pages.meetings import Line, Text, Versie, manages
from novex.web.pages.vraagstuk_view import form_options, refuse_on_page, vraagstuk_view
from novex.web.render import CsrfForm, FormRefused, PageActor, check_csrf, render

router = APIRouter(include_in_schema=False)

RA_KEUZES = {"verankerd": "het RA verankert de uitkomst bestuurlijk",
             "knelpunt": "het RA markeert het knelpunt (er is nog geen oplossing)"}  # fmt: skip
TERUG = re.compile(r"^/vraagstukken/\d{1,10}$")


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
            code: {
                "voldaan": extra_field(self, f"voldaan_{code}", 5),
                "motivering": extra_field(self, f"motivering_{code}"),
            }
            for code in ESCALATIECRITERIA
        }
        return {"versie": self.versie, "opschalen": self.opschalen, "experts": self.experts,
                "motivering": self.motivering, "criteria": criteria}  # fmt: skip


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
        experts, problems = id_list(form.experts, "experts")
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
        experts, problems = id_list(form.experts, "experts")
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
        "mag_toevoegen": manages(actor),
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
