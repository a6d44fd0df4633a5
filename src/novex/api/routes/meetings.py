"""The meeting cycle, the fast procedure and the werkplaatsen (seed 002 §4.2–4.3, seed 001)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from novex.edge.deps import ActorDep, Id, UowDep
from novex.meetings.agenda import Agendapunt, AgendaVoorstel, Uitkomst, Vergadering
from novex.meetings.present import procedure_json, session_json, werkplaats_json
from novex.meetings.service import MeetingService
from novex.meetings.sessies import Bouwsteen, Sessie
from novex.meetings.snelle_procedure import Expert, Optie, Selectie, Signaal, TafelNotitie, Terugkoppeling

router = APIRouter(tags=["vergaderingen"])

Jaar = Annotated[
    int, Query(ge=2027, le=2100, description="Het vergaderjaar (de nieuwe cyclus start na september 2026).")
]
Versie = Annotated[int, Field(ge=1, le=2_147_483_647, strict=True)]
StrictId = Annotated[int, Field(ge=1, le=2_147_483_647, strict=True)]
"""An id in a body: a JSON number, never `true` or "1" (strict, like the versions)."""
Text = Annotated[str, Field(max_length=10_000)]
Short = Annotated[str, Field(max_length=300)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields (e.g. a 'besluit' at a snelle tafel)."""

    model_config = ConfigDict(extra="forbid")


def meeting_json(m: Vergadering) -> dict[str, Any]:
    """A meeting as the API shows it."""
    body = asdict(m)
    return body | {"datum": m.datum.isoformat(), "versie": body.pop("version")}


def item_json(i: Agendapunt) -> dict[str, Any]:
    """An agenda item as the API shows it."""
    return {**asdict(i), "uitkomst": asdict(i.uitkomst) if i.uitkomst else None}


@router.get("/vergaderingen/plan", summary="Jaarplanning (berekend, niet opgeslagen)")
def plan(actor: ActorDep, uow: UowDep, jaar: Jaar) -> list[dict[str, Any]]:
    """The year's calendar planned back from each landsdeel's BOL; lead times are design choices (cyclus.yaml)."""
    return [
        {"soort": p.soort, "datum": p.datum.isoformat(), "naam": p.naam, "provincie": p.provincie,
         "landsdeel": p.landsdeel, "bron": p.bron}
        for p in uow.get(MeetingService).plan(actor, jaar)
    ]  # fmt: skip


@router.post("/vergaderingen/plan", status_code=201, summary="Jaarplanning vastleggen")
def schedule(actor: ActorDep, uow: UowDep, jaar: Jaar) -> list[dict[str, Any]]:
    """Store the year's DO NOVEX, GP-DG and BOL meetings (once per year; VRO)."""
    return [meeting_json(m) for m in uow.get(MeetingService).schedule(actor, jaar)]


@router.get("/vergaderingen", summary="Vergaderingen")
def meetings(
    actor: ActorDep, uow: UowDep, jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> list[dict[str, Any]]:
    """The stored meetings (of one year), by date."""
    return [meeting_json(m) for m in uow.get(MeetingService).meetings(actor, jaar)]


@router.get("/vergaderingen/{vergadering_id}", summary="Eén vergadering met agenda")
def meeting(vergadering_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """A meeting, its agenda (items the user may read) and, for a BOL, its afspraken."""
    service = uow.get(MeetingService)
    m = service.meeting(actor, vergadering_id)
    body = meeting_json(m) | {"agenda": [item_json(i) for i in service.agenda(actor, m.id)]}
    if m.soort == "bol":
        body["afspraken"] = [
            asdict(a) | {"datum": a.datum.isoformat()} for a in service.afsprakenlijst(actor, None, m.id)
        ]
    return body


@router.get("/vergaderingen/{vergadering_id}/conceptagenda", summary="Conceptagenda uit de vraagstukken")
def draft(vergadering_id: Id, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """The vraagstukken ready for this table, with the reason (VRO edits it into the agenda)."""
    return [asdict(d) for d in uow.get(MeetingService).draft(actor, vergadering_id)]


class AgendaItemIn(Strict):
    """An agenda item: a vraagstuk (with kind and reason; it carries the vraagstuk's own title) or a free subject."""

    vraagstuk_id: StrictId | None = None
    onderwerp: Short = ""
    soort: Literal["besluitvorming", "escalatie", "advies", "oordeelsvorming", "triage", "onderwerp"] = "onderwerp"
    reden: Text = ""


class AgendaIn(Strict):
    """The agenda to fix, in order, and the meeting version you read."""

    punten: list[AgendaItemIn] = Field(max_length=100)
    versie: Versie


@router.put("/vergaderingen/{vergadering_id}/agenda", summary="Agenda vaststellen")
def set_agenda(vergadering_id: Id, body: AgendaIn, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Fix the agenda (VRO); refused once an outcome is recorded."""
    items: list[AgendaVoorstel | tuple[str, str]] = [
        AgendaVoorstel(p.vraagstuk_id, p.onderwerp, p.soort, p.reden) if p.vraagstuk_id else (p.onderwerp, p.reden)
        for p in body.punten
    ]
    return [item_json(i) for i in uow.get(MeetingService).set_agenda(actor, vergadering_id, items, body.versie)]


class UitkomstIn(Strict):
    """What the table concluded on one item: DO NOVEX with consensus yes/no (no: the differences of view)."""

    tekst: str = Field(min_length=1, max_length=10_000)
    consensus: bool | None = None
    verschillen: Text | None = None


@router.post(
    "/vergaderingen/{vergadering_id}/agenda/{punt_id}/uitkomst", status_code=201, summary="Uitkomst vastleggen"
)
def outcome(vergadering_id: Id, punt_id: Id, body: UitkomstIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record an outcome; on a vraagstuk in besluitvorming it moves the vraagstuk (and a BOL choice is listed)."""
    result = uow.get(MeetingService).record_outcome(
        actor, vergadering_id, punt_id, Uitkomst(body.tekst, body.consensus, body.verschillen), _rode_draden_fits()
    )
    return item_json(result)


class RodeDradenIn(Strict):
    """The DO NOVEX's rode-draden notitie."""

    tekst: str = Field(min_length=1, max_length=10_000)
    versie: Versie


@router.put("/vergaderingen/{vergadering_id}/rode-draden", summary="Rode-draden notitie (DO NOVEX)")
def rode_draden(vergadering_id: Id, body: RodeDradenIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the DO NOVEX's rode-draden notitie (seed 002 §4.1 stap 2)."""
    service = uow.get(MeetingService)
    return meeting_json(service.set_rode_draden(actor, vergadering_id, body.tekst, body.versie, _rode_draden_fits()))


@router.get("/bol-afsprakenlijst", summary="BOL-afsprakenlijst")
def afsprakenlijst(
    actor: ActorDep, uow: UowDep, jaar: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> list[dict[str, Any]]:
    """The political choices of the BOLs (annex to the Kamerbrief "Uitkomsten BO's Leefomgeving")."""
    return [asdict(a) | {"datum": a.datum.isoformat()} for a in uow.get(MeetingService).afsprakenlijst(actor, jaar)]


# -- the fast procedure ------------------------------------------------------------------------


@router.get("/vraagstukken/{vraagstuk_id}/snelle-procedure", summary="Snelle procedure van een vraagstuk")
def procedure(vraagstuk_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The fast procedure (§4.2): its step, products and the steps possible now (404 when not started)."""
    from novex.errors import NotFound

    service = uow.get(MeetingService)
    found = service.procedure(actor, vraagstuk_id)
    if found is None:
        raise NotFound(f"vraagstuk {vraagstuk_id}: de snelle procedure is niet gestart")
    return procedure_json(found, service.procedure_moves(actor, vraagstuk_id))


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure", status_code=201, summary="Snelle procedure starten")
def start(vraagstuk_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Start the fast procedure; the linked claims pre-fill what clashes and where (VRO)."""
    service = uow.get(MeetingService)
    started = service.start_procedure(actor, vraagstuk_id)
    return procedure_json(started, service.procedure_moves(actor, vraagstuk_id))


class SignaalIn(Strict):
    """The quick check and the one-page signal: what clashes, where, why urgent."""

    botsend: bool
    motivering: Text
    wat_botst: Text = ""
    waar: Text = ""
    waarom_urgent: Text = ""
    versie: Versie


class CriteriumIn(Strict):
    """One escalation criterion answered, with motivation."""

    code: Literal["meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten"]
    voldaan: bool
    motivering: Text


class SelectieIn(Strict):
    """The snelle selectie: the four escalation criteria, the decision, the experts chosen (ids)."""

    criteria: list[CriteriumIn] = Field(max_length=4)
    opschalen: bool
    experts: list[StrictId] = Field(default=[], max_length=30)
    motivering: Text = ""
    versie: Versie


class OptieIn(Strict):
    """One option with pros, cons and implications."""

    titel: Short
    voordelen: Text
    nadelen: Text
    ruimtelijk: Text
    bestuurlijk: Text
    juridisch: Text


class TafelIn(Strict):
    """The snelle-tafel note: problem definition, 2–3 options, advice. A snelle tafel takes no decision."""

    probleemdefinitie: Text
    opties: list[OptieIn] = Field(max_length=10)
    advies: Literal["bestuurlijk", "verder-uitwerken"]
    advies_toelichting: Text = ""
    experts: list[StrictId] = Field(default=[], max_length=30)
    nota_ruimte_adviseur: Short | None = None
    versie: Versie

    @model_validator(mode="before")
    @classmethod
    def _no_decision(cls, data: Any) -> Any:
        if isinstance(data, dict) and {"besluit", "besluiten", "beslissing"} & set(data):
            raise ValueError("een snelle tafel verkent opties maar neemt geen besluiten (seed 002 §4.2)")
        return data


class TerugkoppelingIn(Strict):
    """Where the outcome went back, what came of it, and whether the RA anchors it or marks a knot."""

    lijn: Literal["do-novex", "gp-dg", "bol", "ambtelijk"]
    via_regietafel: bool = False
    uitkomst: Text
    knelpunt: bool = False
    versie: Versie


def _save(uow: Any, actor: Any, vraagstuk_id: int, product: Any, versie: int, fits: Any = None) -> dict[str, Any]:
    service = uow.get(MeetingService)
    saved = service.save_product(actor, vraagstuk_id, product, versie, fits)
    return procedure_json(saved, service.procedure_moves(actor, vraagstuk_id))


@router.put("/vraagstukken/{vraagstuk_id}/snelle-procedure/signaal", summary="Signaal (max 1 pagina)")
def signal(vraagstuk_id: Id, body: SignaalIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the quick check and the signal (refused when the document would exceed one page)."""
    product = Signaal(body.botsend, body.motivering, body.wat_botst, body.waar, body.waarom_urgent)
    return _save(uow, actor, vraagstuk_id, product, body.versie, _fits("signaal"))


@router.put("/vraagstukken/{vraagstuk_id}/snelle-procedure/selectie", summary="Snelle selectie")
def selection(vraagstuk_id: Id, body: SelectieIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the four escalation criteria, whether to escalate, and the experts (people, not ministries)."""
    criteria = {c.code: (c.voldaan, c.motivering) for c in body.criteria}
    product = Selectie(criteria, body.opschalen, tuple(body.experts), body.motivering)
    return _save(uow, actor, vraagstuk_id, product, body.versie)


@router.put("/vraagstukken/{vraagstuk_id}/snelle-procedure/tafel", summary="Snelle-tafel-notitie (max 2 pagina's)")
def table_note(vraagstuk_id: Id, body: TafelIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the note: 2–3 options (1 or 4 refused), advice; no decision field exists (extra fields refused)."""
    options = tuple(Optie(**o.model_dump()) for o in body.opties)
    product = TafelNotitie(body.probleemdefinitie, options, body.advies, body.advies_toelichting,
                           tuple(body.experts), body.nota_ruimte_adviseur)  # fmt: skip
    return _save(uow, actor, vraagstuk_id, product, body.versie, _fits("tafel"))


@router.put("/vraagstukken/{vraagstuk_id}/snelle-procedure/terugkoppeling", summary="Terugkoppeling")
def feedback(vraagstuk_id: Id, body: TerugkoppelingIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the feedback in the existing line, and whether the RA anchors the outcome or marks the knot."""
    product = Terugkoppeling(body.lijn, body.via_regietafel, body.uitkomst, body.knelpunt)
    return _save(uow, actor, vraagstuk_id, product, body.versie)


class StapIn(Strict):
    """A step of the fast procedure."""

    naar: Literal["snelle-selectie", "snelle-tafel", "terugkoppeling", "afgerond", "geen-botsing"]
    reden: str | None = Field(default=None, max_length=5_000)


@router.post("/vraagstukken/{vraagstuk_id}/snelle-procedure/stappen", summary="Volgende stap")
def step(vraagstuk_id: Id, body: StapIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Take a step (the flow checks the products; a refused step: 409 naming what is possible now)."""
    service = uow.get(MeetingService)
    moved = service.move_procedure(actor, vraagstuk_id, body.naar, body.reden)
    return procedure_json(moved, service.procedure_moves(actor, vraagstuk_id))


def _fits(product: str) -> Any:
    """The page-limit check of a product's document (signal: 1 page; note: 2 pages), from the documents layer."""
    from novex.documents.dialoog import checker

    return checker(product)


def _rode_draden_fits() -> Any:
    """The two-page check of a DO NOVEX's rode-draden notitie (its text and outcomes), from the documents layer."""
    from novex.documents.dialoog import rode_draden_checker

    return rode_draden_checker()


# -- experts and werkplaatsen ------------------------------------------------------------------


class ExpertIn(Strict):
    """A person in the directory of experts."""

    naam: str = Field(min_length=1, max_length=200)
    departement: str = Field(min_length=1, max_length=200)
    domeinen: list[Annotated[str, Field(max_length=60)]] = Field(default=[], max_length=30)
    email: str | None = Field(default=None, max_length=254)
    nota_ruimte_adviseur: bool = False


@router.get("/experts", summary="Experts per domein en departement")
def experts(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """The directory of experts (seed 002 §4.2: experts as people, not whole ministries)."""
    return [asdict(e) for e in uow.get(MeetingService).experts(actor)]


@router.post("/experts", status_code=201, summary="Expert toevoegen")
def add_expert(body: ExpertIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add a person to the directory (VRO)."""
    expert = Expert(0, body.naam, body.departement, tuple(body.domeinen), body.email, body.nota_ruimte_adviseur)
    return asdict(uow.get(MeetingService).add_expert(actor, expert))


@router.get("/werkplaatsen", summary="Werkplaatsen en sessies van ontwerpend onderzoek")
def werkplaatsen(actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Seed 001's werkplaatsen (historical, every cell as the seed writes it) and the sessions recorded here."""
    history, sessions = uow.get(MeetingService).werkplaatsen(actor)
    return {"historisch": [werkplaats_json(w) for w in history], "sessies": [session_json(s) for s in sessions]}


class BouwsteenIn(Strict):
    """A document a session produced."""

    titel: Short
    status: Literal["in voorbereiding", "concept", "gereed", "verslag"]
    link: str | None = Field(default=None, max_length=500)


class SessieIn(Strict):
    """A session of ontwerpend onderzoek."""

    soort: Literal["werkplaats", "kaartsessie", "atelier", "ontwerpend-onderzoek"]
    titel: Short
    datum: date
    trekker: Short | None = None
    organisatie: Short
    hoofdonderwerp: Short
    velden: list[Literal["interdepartementaal", "interbestuurlijk", "kennis-en-advies", "maatschappelijk"]] = []
    bouwstenen: list[BouwsteenIn] = Field(default=[], max_length=30)
    vraagstukken: list[StrictId] = Field(default=[], max_length=50)


@router.post("/werkplaatsen", status_code=201, summary="Sessie vastleggen")
def add_session(body: SessieIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record a session, linked to vraagstukken as input to beeldvorming (VRO)."""
    sessie = Sessie(0, body.soort, body.titel, body.datum, body.trekker, body.organisatie, body.hoofdonderwerp,
                    tuple(body.velden), tuple(Bouwsteen(**b.model_dump()) for b in body.bouwstenen),
                    tuple(body.vraagstukken))  # fmt: skip
    return session_json(uow.get(MeetingService).add_session(actor, sessie))


@router.get(
    "/documenten/{soort}/{key}.pdf",
    summary="Document als PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def document(
    soort: Literal["signaal", "snelle-tafel", "a5", "agenda", "rode-draden", "bol-afsprakenlijst"],
    key: Id,
    actor: ActorDep,
    uow: UowDep,
    openbaar: Annotated[bool, Query(description="Openbare variant: namen van personen weggelaten.")] = False,
) -> Response:
    """A document: `key` is a vraagstuk id (signaal, snelle-tafel, a5) or a meeting id (agenda, rode-draden, BOL)."""
    from novex.documents.dialoog import document_pdf

    pdf = document_pdf(uow, actor, soort, key, openbaar=openbaar)
    name = f"{soort}-{key}{'-openbaar' if openbaar else ''}.pdf"
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
