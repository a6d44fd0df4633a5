"""Web pages of the vraagstukken dialogue (seed 002): the board, a vraagstuk, signalling, triage, moves.

Every page reads and writes through `VraagstukService` (and the claim, audit, catalogue and
reference services for what it shows); the service checks every right again, the pages only
hide what a user may not do. Forms post with the session's CSRF token; a refusal shows the
form again with the Dutch reasons next to it and everything the user typed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from novex.access import Actor, Role
from novex.bootstrap import UnitOfWork
from novex.dialogue import bob
from novex.dialogue.model import (
    AANPAK_VELDEN,
    CRITERIA,
    DECISION_TABLES,
    Criterium,
    Tafelbesluit,
    Triage,
    VraagstukDraft,
    VraagstukFilter,
)
from novex.dialogue.service import VraagstukService
from novex.dialogue.triage import CONFLICT_ID
from novex.edge.deps import Id, UowDep
from novex.edge.errors import status_of
from novex.errors import Forbidden, InvalidInput, NovexError, StateConflict
from novex.nl import whole_number
from novex.web.forms import Refusal, download, public_variant, refusal, yes_no
from novex.web.pages.vraagstuk_view import done, form_options, lead_party, refuse_on_page, vraagstuk_view
from novex.web.render import CsrfForm, FormRefused, PageActor, VersionedForm, check_csrf, render

router = APIRouter(include_in_schema=False)

TABLE_PAGE = 50
"""Rows per page of the table view."""
CARDS_PER_COLUMN = 40
"""Cards shown per open phase on the board; the rest is one link away in the table view."""
FINAL_PER_PHASE = 5
"""The newest vraagstukken shown per final phase in the compact row."""

FORM_FIELDS = ("titel", "beschrijving", "provincies", "herkomst", "gebieden", "domeinen", "claims", "conflicten",
               "doelen", "belangen", "besluiten", "accounthouder", "prioriteit", "planning", "volgende_tafel",
               "deadline", "aard", "inkadering")  # fmt: skip

Short = Annotated[str, Field(max_length=120)]


# -- small helpers ----------------------------------------------------------------------------


def _split_ids(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", text or "") if part]


# -- what the forms send ------------------------------------------------------------------------


class VraagstukForm(CsrfForm):
    """The fields of the signal and edit forms, as the browser sends them (checked by the service)."""

    titel: str = Field(default="", max_length=2_000)
    beschrijving: str = Field(default="", max_length=20_000)
    provincies: list[Short] = Field(default=[], max_length=20)
    herkomst: str = Field(default="", max_length=60)
    gebieden: list[Short] = Field(default=[], max_length=250)
    domeinen: list[Short] = Field(default=[], max_length=250)
    claims: str = Field(default="", max_length=5_000)
    conflicten: str = Field(default="", max_length=5_000)
    doelen: list[Short] = Field(default=[], max_length=400)
    belangen: list[Short] = Field(default=[], max_length=250)
    besluiten: list[Short] = Field(default=[], max_length=250)
    accounthouder: str = Field(default="", max_length=254)
    prioriteit: str = Field(default="", max_length=20)
    planning: str = Field(default="", max_length=5_000)
    volgende_tafel: str = Field(default="", max_length=20)
    deadline: str = Field(default="", max_length=20)
    aard: list[Short] = Field(default=[], max_length=10)
    inkadering: str = Field(default="", max_length=10_000)
    versie: int = Field(default=1, ge=1, le=2_147_483_647)
    reden: str = Field(default="", max_length=2_000)
    bron_conflict: str = Field(default="", max_length=60)

    def typed(self) -> dict[str, Any]:
        """What the user typed, to show the form again."""
        return self.model_dump(exclude={"csrf"})

    def draft(self) -> tuple[VraagstukDraft, list[str]]:
        """The domain draft and what could not be read (claim numbers, the date, an empty herkomst)."""
        problems = []
        claims: list[int] = []
        for part in _split_ids(self.claims):
            number = whole_number(part)
            if number is not None:
                claims.append(number)
            else:
                problems.append(f"claims: '{part}' is geen claimnummer")
        deadline = None
        if self.deadline.strip():
            try:
                deadline = date.fromisoformat(self.deadline.strip())
            except ValueError:
                problems.append(f"deadline: '{self.deadline}' is geen datum (jjjj-mm-dd)")
        if not self.herkomst:
            problems.append("herkomst: kies waar het vraagstuk vandaan komt")
        draft = VraagstukDraft(
            titel=self.titel,
            provincies=tuple(self.provincies),
            herkomst=self.herkomst,
            beschrijving=self.beschrijving or None,
            gebieden=tuple(self.gebieden),
            domeinen=tuple(self.domeinen),
            claims=tuple(claims),
            conflicten=tuple(_split_ids(self.conflicten)),
            doelen=tuple(self.doelen),
            belangen=tuple(self.belangen),
            besluiten=tuple(self.besluiten),
            accounthouder=self.accounthouder.strip() or None,
            prioriteit=self.prioriteit or None,
            planning=self.planning or None,
            volgende_tafel=self.volgende_tafel or None,
            deadline=deadline,
            aard=tuple(self.aard),
            inkadering=self.inkadering or None,
        )
        return draft, problems


def typed_from(v: VraagstukDraft, versie: int = 1) -> dict[str, Any]:
    """A draft or stored vraagstuk as the form shows it."""
    return {
        "titel": v.titel,
        "beschrijving": v.beschrijving or "",
        "provincies": list(v.provincies),
        "herkomst": v.herkomst,
        "gebieden": list(v.gebieden),
        "domeinen": list(v.domeinen),
        "claims": ", ".join(str(c) for c in v.claims),
        "conflicten": ", ".join(v.conflicten),
        "doelen": list(v.doelen),
        "belangen": list(v.belangen),
        "besluiten": list(v.besluiten),
        "accounthouder": v.accounthouder or "",
        "prioriteit": v.prioriteit or "",
        "planning": v.planning or "",
        "volgende_tafel": v.volgende_tafel or "",
        "deadline": v.deadline.isoformat() if v.deadline else "",
        "aard": list(v.aard),
        "inkadering": v.inkadering or "",
        "versie": versie,
        "reden": "",
        "bron_conflict": "",
    }


def _checked(service: VraagstukService, form: VraagstukForm) -> VraagstukDraft:
    """The draft, or `InvalidInput` naming every problem (the form's own and the service's) at once."""
    draft, problems = form.draft()
    if problems:
        own = {p.split(":")[0] for p in problems}
        problems += [p for p in service.draft_problems(draft) if p.split(":")[0] not in own]
        raise InvalidInput("vraagstuk: " + "; ".join(problems))
    return draft


# -- what the pages show ------------------------------------------------------------------------


# -- the board ----------------------------------------------------------------------------------


def _where(
    actor: Actor, options: dict[str, Any], provincie: str, landsdeel: str, domein: str, gebied: str, leidend: str,
    accounthouder: str, tekst: str, fase: str,
) -> VraagstukFilter | None:  # fmt: skip
    """The board's filter (None: a province and a landsdeel that exclude each other, so nothing matches)."""
    provincies: tuple[str, ...] = ()
    if actor.role is not Role.PROVINCIE or actor.system:
        if landsdeel:
            part = next((d for d in options["landsdelen"] if d.code == landsdeel), None)
            if part is None:
                raise InvalidInput(f"filter: onbekend landsdeel '{landsdeel}'")
            provincies = part.provincies
            if provincie:
                if provincie.upper() not in provincies:
                    return None
                provincies = (provincie.upper(),)
        elif provincie:
            provincies = (provincie.upper(),)
    return VraagstukFilter(
        provincies=provincies,
        fasen=(fase,) if fase else (),
        domeinen=(domein,) if domein else (),
        gebieden=(gebied,) if gebied else (),
        leidend=leidend or None,
        accounthouder=accounthouder.strip() or None,
        tekst=tekst.strip() or None,
    )


FilterText = Annotated[str, Query(max_length=120)]


@router.get("/vraagstukken", response_class=HTMLResponse)
def board_page(
    request: Request,
    actor: PageActor,
    uow: UowDep,
    provincie: FilterText = "",
    landsdeel: FilterText = "",
    domein: FilterText = "",
    gebied: FilterText = "",
    leidend: FilterText = "",
    accounthouder: Annotated[str, Query(max_length=254)] = "",
    tekst: Annotated[str, Query(max_length=200)] = "",
    fase: FilterText = "",
    weergave: FilterText = "",
    pagina: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The vraagstukken per BOB phase (or as a paged table), with filters; one list query per view."""
    service = uow.get(VraagstukService)
    options = form_options(uow, actor, registers=False)
    chosen = {"provincie": provincie, "landsdeel": landsdeel, "domein": domein, "gebied": gebied,
              "leidend": leidend, "accounthouder": accounthouder, "tekst": tekst, "fase": fase}  # fmt: skip
    table = weergave == "tabel"
    context: dict[str, Any] = {**options, "gekozen": chosen, "tabel": table, "fout": None, "kolommen": {},
                               "rijen": [], "totaal": 0, "pagina": pagina, "paginas": 1,
                               "accounthouders": []}  # fmt: skip
    try:
        where = _where(actor, options, provincie, landsdeel, domein, gebied, leidend, accounthouder, tekst, fase)
        if where is not None and table:
            rows, total = service.page(actor, where, pagina, TABLE_PAGE)
            context |= {"rijen": rows, "totaal": total, "paginas": max(1, -(-total // TABLE_PAGE))}
        elif where is not None:
            columns = service.board(actor, replace(where, fasen=()))
            context |= {"kolommen": columns, "totaal": sum(len(c) for c in columns.values())}
            rows = [v for c in columns.values() for v in c]
        else:
            rows = []
        context["accounthouders"] = sorted({v.accounthouder for v in rows if v.accounthouder})
    except InvalidInput as exc:
        context["fout"] = str(exc).removeprefix("filter: ")
    context["lead"] = lead_party
    context["mag_signaleren"] = service.may(actor, "signaleren")
    context["per_kolom"] = CARDS_PER_COLUMN
    context["eind_per_fase"] = FINAL_PER_PHASE
    return render(request, "vraagstukken.html.j2", actor, 400 if context["fout"] else 200, **context)


# -- signalling a new vraagstuk -----------------------------------------------------------------


def _new_context(uow: UnitOfWork, actor: Actor, conflict: str) -> dict[str, Any]:
    service = uow.get(VraagstukService)
    if not service.may(actor, "signaleren"):
        raise Forbidden(f"de rol '{actor.role}' mag geen vraagstuk signaleren")
    prefill = service.prefill_from_conflict(actor, conflict) if conflict else None
    if prefill is not None:
        typed = typed_from(prefill.draft) | {"herkomst": "", "bron_conflict": prefill.conflict.id}
    else:
        own = (actor.provincie,) if actor.role is Role.PROVINCIE and actor.provincie else ()
        typed = typed_from(VraagstukDraft(titel="", provincies=own, herkomst=""))
    if actor.role is Role.VRO and not typed["accounthouder"]:
        typed["accounthouder"] = actor.email
    return {**form_options(uow, actor), "voorinvulling": prefill, "invoer": typed, "fout": None, "nieuw": True}


@router.get("/vraagstukken/nieuw", response_class=HTMLResponse)
def new_page(
    request: Request, actor: PageActor, uow: UowDep, conflict: Annotated[str, Query(max_length=60)] = ""
) -> HTMLResponse:
    """The form to signal a vraagstuk; `?conflict=C-…` pre-fills it from a conflict of the analysis."""
    return render(request, "vraagstuk_formulier.html.j2", actor, **_new_context(uow, actor, conflict))


@router.post("/vraagstukken/nieuw", response_class=HTMLResponse)
def signal(request: Request, actor: PageActor, uow: UowDep, form: Annotated[VraagstukForm, Form()]) -> Response:
    """Signal the vraagstuk (phase gesignaleerd); a refusal shows the form again with the reasons."""
    check_csrf(request, form.csrf)
    service = uow.get(VraagstukService)
    try:
        created = service.signal(actor, _checked(service, form))
    except NovexError as exc:
        context = _new_context(uow, actor, form.bron_conflict if CONFLICT_ID.match(form.bron_conflict) else "")
        context |= {"invoer": form.typed(), "fout": refusal(exc, FORM_FIELDS)}
        raise FormRefused("vraagstuk_formulier.html.j2", actor, status_of(exc), context) from exc
    return done(created.id, "gesignaleerd")


# -- one vraagstuk ------------------------------------------------------------------------------


@router.get("/vraagstukken/{vraagstuk_id}", response_class=HTMLResponse)
def vraagstuk_page(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, gedaan: FilterText = ""
) -> HTMLResponse:
    """A vraagstuk: phase, outcome, warnings, details, map, triage, lead party, approach, tables, moves, history."""
    view = vraagstuk_view(uow, actor, vraagstuk_id)
    return render(request, "vraagstuk.html.j2", actor, **view, gedaan=gedaan)


def _edit_context(uow: UnitOfWork, actor: Actor, vraagstuk_id: int) -> dict[str, Any]:
    service = uow.get(VraagstukService)
    v = service.get(actor, vraagstuk_id)
    if not service.may(actor, "behandelen", v):
        raise Forbidden(f"de rol '{actor.role}' mag een vraagstuk niet wijzigen (alleen VRO)")
    return {**form_options(uow, actor), "v": v, "invoer": typed_from(v, v.version), "fout": None, "nieuw": False,
            "voorinvulling": None}  # fmt: skip


@router.get("/vraagstukken/{vraagstuk_id}/bewerken", response_class=HTMLResponse)
def edit_page(request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep) -> HTMLResponse:
    """The form to change a vraagstuk's fields and links (VRO), with the version for optimistic locking."""
    return render(request, "vraagstuk_formulier.html.j2", actor, **_edit_context(uow, actor, vraagstuk_id))


@router.post("/vraagstukken/{vraagstuk_id}/bewerken", response_class=HTMLResponse)
def edit(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[VraagstukForm, Form()]
) -> Response:
    """Save the changes; a stale version shows the 409 message and keeps everything typed."""
    check_csrf(request, form.csrf)
    service = uow.get(VraagstukService)
    try:
        service.update(actor, vraagstuk_id, _checked(service, form), form.versie, form.reden.strip() or None)
    except NovexError as exc:
        context = _edit_context(uow, actor, vraagstuk_id)
        typed = form.typed()
        problem = refusal(exc, FORM_FIELDS)
        if isinstance(exc, StateConflict) and exc.current_version is not None:
            # Keep the change in the form, now on top of the current version: nothing typed is lost.
            typed["versie"] = exc.current_version
            problem = Refusal(problem.kop, (*problem.problemen, (None, (
                "Uw wijziging staat nog in het formulier. Bekijk wat er veranderde (geschiedenis op de pagina van "
                "het vraagstuk, opent in hetzelfde venster) en sla opnieuw op om uw versie te bewaren."))))  # fmt: skip
        context |= {"invoer": typed, "fout": problem}
        raise FormRefused("vraagstuk_formulier.html.j2", actor, status_of(exc), context) from exc
    return done(vraagstuk_id, "gewijzigd")


class TriageForm(VersionedForm):
    """The triage form: per criterion 'ja', 'nee' or '' (not decided) and a motivation."""

    besluit_1: str = Field(default="", max_length=5)
    besluit_2a: str = Field(default="", max_length=5)
    besluit_2b: str = Field(default="", max_length=5)
    besluit_3: str = Field(default="", max_length=5)
    motivering_1: str = Field(default="", max_length=10_000)
    motivering_2a: str = Field(default="", max_length=10_000)
    motivering_2b: str = Field(default="", max_length=10_000)
    motivering_3: str = Field(default="", max_length=10_000)
    advies: str = Field(default="", max_length=10_000)
    besloten_door: str = Field(default="", max_length=400)
    afwijking: str = Field(default="", max_length=10_000)


@router.post("/vraagstukken/{vraagstuk_id}/triage", response_class=HTMLResponse)
def triage(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[TriageForm, Form()]
) -> Response:
    """Record the triage: confirm or override each criterion (with a motivation), the advice and who decided."""
    check_csrf(request, form.csrf)
    values = form.model_dump()
    recorded = Triage(
        tuple(Criterium(code, besluit=yes_no(values[f"besluit_{code}"]), motivering=values[f"motivering_{code}"])
              for code in CRITERIA),
        form.advies, form.besloten_door, form.afwijking,
    )  # fmt: skip
    try:
        uow.get(VraagstukService).set_triage(actor, vraagstuk_id, recorded, form.versie)
    except NovexError as exc:
        raise refuse_on_page(uow, actor, vraagstuk_id, "triage", exc, form.model_dump(exclude={"csrf"}),
                              ("advies", "besloten_door", "afwijking")) from exc  # fmt: skip
    return done(vraagstuk_id, "triage", "triage")


class LeadForm(VersionedForm):
    """The lead-party form."""

    leidend: str = Field(default="", max_length=20)
    departement: str = Field(default="", max_length=400)
    motivering: str = Field(default="", max_length=10_000)


@router.post("/vraagstukken/{vraagstuk_id}/leidend", response_class=HTMLResponse)
def lead(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[LeadForm, Form()]
) -> Response:
    """A person decides the lead party (the vuistregel only suggests)."""
    check_csrf(request, form.csrf)
    try:
        if not form.leidend:
            raise InvalidInput("leidende partij: kies VRO of een vakdepartement")
        uow.get(VraagstukService).set_lead(actor, vraagstuk_id, form.leidend, form.departement or None,
                                           form.motivering or None, form.versie)  # fmt: skip
    except NovexError as exc:
        raise refuse_on_page(uow, actor, vraagstuk_id, "leidend", exc, form.model_dump(exclude={"csrf"})) from exc
    return done(vraagstuk_id, "leidend", "leidend")


class AanpakForm(VersionedForm):
    """The six parts of the Format aanpak vraagstuk."""

    aanpak: str = Field(default="", max_length=10_000)
    tempo: str = Field(default="", max_length=10_000)
    fasering: str = Field(default="", max_length=10_000)
    rolverdeling: str = Field(default="", max_length=10_000)
    besluitvorming: str = Field(default="", max_length=10_000)
    monitoring: str = Field(default="", max_length=10_000)


@router.post("/vraagstukken/{vraagstuk_id}/aanpak", response_class=HTMLResponse)
def approach(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[AanpakForm, Form()]
) -> Response:
    """Record the Format aanpak vraagstuk; refused (naming the section and by how much) when it exceeds one A5."""
    from novex.documents.limits import DocumentTooLong
    from novex.documents.vraagstuk import fits_one_page

    check_csrf(request, form.csrf)
    parts = form.model_dump(exclude={"csrf", "versie"})
    try:
        uow.get(VraagstukService).set_aanpak(actor, vraagstuk_id, parts, form.versie, fits_one_page)
    except NovexError as exc:
        typed = form.model_dump(exclude={"csrf"})
        if isinstance(exc, DocumentTooLong):
            typed["te_lang"] = [k for k in AANPAK_VELDEN for s in exc.sections if s.lower().startswith(k)]
        raise refuse_on_page(uow, actor, vraagstuk_id, "aanpak", exc, typed, tuple(AANPAK_VELDEN)) from exc
    return done(vraagstuk_id, "aanpak", "aanpak")


@router.get("/vraagstukken/{vraagstuk_id}/aanpak.pdf")
def approach_pdf(
    vraagstuk_id: Id, actor: PageActor, uow: UowDep, openbaar: Annotated[str, Query(max_length=5)] = "nee"
) -> Response:
    """The Format aanpak vraagstuk as a one-page A5 PDF (public variant without names of persons)."""
    from novex.documents.vraagstuk import a5_pdf

    v = uow.get(VraagstukService).get(actor, vraagstuk_id)
    public = public_variant(openbaar)
    return download(a5_pdf(v, openbaar=public), f"aanpak-vraagstuk-{v.id}{'-openbaar' if public else ''}.pdf")


class DecisionForm(VersionedForm):
    """A table's outcome."""

    tafel: str = Field(default="", max_length=20)
    datum: str = Field(default="", max_length=20)
    uitkomst: str = Field(default="", max_length=20_000)
    consensus: str = Field(default="", max_length=5)
    verschillen: str = Field(default="", max_length=20_000)


@router.post("/vraagstukken/{vraagstuk_id}/tafelbesluiten", response_class=HTMLResponse)
def table_decision(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[DecisionForm, Form()]
) -> Response:
    """Record a DO NOVEX, GP-DG or BOL outcome (VRO, or the lead ministry)."""
    check_csrf(request, form.csrf)
    try:
        problems = []
        if form.tafel not in DECISION_TABLES:
            problems.append("tafel: kies DO NOVEX, GP-DG-overleg of BOL")
        try:
            when = date.fromisoformat(form.datum.strip())
        except ValueError:
            problems.append("datum: vul de datum van het overleg in (jjjj-mm-dd)")
        if problems:
            raise InvalidInput("uitkomst: " + "; ".join(problems))
        decision = Tafelbesluit(form.tafel, when, form.uitkomst, yes_no(form.consensus), form.verschillen or None)
        uow.get(VraagstukService).record_decision(actor, vraagstuk_id, decision, form.versie)
    except NovexError as exc:
        raise refuse_on_page(uow, actor, vraagstuk_id, "tafel", exc, form.model_dump(exclude={"csrf"}),
                              ("tafel", "datum", "uitkomst", "verschillen")) from exc  # fmt: skip
    return done(vraagstuk_id, "tafel", "tafels")


class MoveForm(VersionedForm):
    """A move to another phase."""

    naar: str = Field(default="", max_length=40)
    reden: str = Field(default="", max_length=10_000)
    plek: str = Field(default="", max_length=200)


@router.post("/vraagstukken/{vraagstuk_id}/overgang", response_class=HTMLResponse)
def transition(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[MoveForm, Form()]
) -> Response:
    """Move to another BOB phase; an outcome needs a reason the province can read (and a place, elders belegd)."""
    check_csrf(request, form.csrf)
    # Built before the move: a refused move may already have written its history in this (rolled back) transaction.
    view = vraagstuk_view(uow, actor, vraagstuk_id)
    try:
        if form.naar == bob.ELDERS_BELEGD and not form.plek:
            raise InvalidInput(f"overgang van vraagstuk {vraagstuk_id}: plek: kies waar het vraagstuk belegd wordt")
        uow.get(VraagstukService).move_to(actor, vraagstuk_id, form.naar, form.reden or None, form.versie,
                                          form.plek or None)  # fmt: skip
    except NovexError as exc:
        raise refuse_on_page(uow, actor, vraagstuk_id, f"overgang-{form.naar}", exc,
                              form.model_dump(exclude={"csrf"}), ("reden", "plek"), view) from exc  # fmt: skip
    return done(vraagstuk_id, "fase")


class ContributionForm(CsrfForm):
    """A comment or expert contribution."""

    tekst: str = Field(default="", max_length=20_000)


@router.post("/vraagstukken/{vraagstuk_id}/bijdragen", response_class=HTMLResponse)
def contribute(
    request: Request, vraagstuk_id: Id, actor: PageActor, uow: UowDep, form: Annotated[ContributionForm, Form()]
) -> Response:
    """Add a comment (a province on its own vraagstukken), expert input (a ministry) or a note (VRO)."""
    check_csrf(request, form.csrf)
    try:
        uow.get(VraagstukService).contribute(actor, vraagstuk_id, form.tekst)
    except NovexError as exc:
        raise refuse_on_page(uow, actor, vraagstuk_id, "bijdrage", exc, {"tekst": form.tekst}, ("tekst",)) from exc
    return done(vraagstuk_id, "bijdrage", "bijdragen")
