"""Vraagstukken: the continuous dialogue between Rijk and provinces (seed 002) — list, signal, triage, move."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from novex.api.deps import page_links
from novex.dialogue import bob
from novex.dialogue.model import (
    CRITERIA,
    Aard,
    Criterium,
    Herkomst,
    Prioriteit,
    Tafel,
    Tafelbesluit,
    Triage,
    VraagstukDraft,
    VraagstukFilter,
)
from novex.dialogue.present import vraagstuk_json
from novex.dialogue.service import VraagstukService
from novex.edge.deps import ActorDep, Id, UowDep
from novex.errors import InvalidInput

router = APIRouter(tags=["vraagstukken"])

Text = Annotated[str, Field(max_length=10_000)]
ShortText = Annotated[str, Field(max_length=200)]
Link = Annotated[str, Field(min_length=1, max_length=120)]
ClaimId = Annotated[int, Field(ge=1, le=2_147_483_647, strict=True)]
Fase = Literal[bob.FASEN]  # type: ignore[valid-type]
HerkomstIn = Literal[tuple(str(h) for h in Herkomst)]  # type: ignore[valid-type]
AardIn = Literal[tuple(str(a) for a in Aard)]  # type: ignore[valid-type]
PrioriteitIn = Literal[tuple(str(p) for p in Prioriteit)]  # type: ignore[valid-type]
TafelIn = Literal[tuple(str(t) for t in Tafel)]  # type: ignore[valid-type]
Code = Literal[tuple(CRITERIA)]  # type: ignore[valid-type]
ListParam = Annotated[list[str] | None, Query(max_length=50)]


class VraagstukIn(BaseModel):
    """A vraagstuk as signalled or changed (links by id)."""

    model_config = ConfigDict(extra="forbid")

    titel: str = Field(min_length=1, max_length=200)
    provincies: list[Annotated[str, Field(pattern=r"^[Pp][Vv]\d{2}$")]] = Field(min_length=1, max_length=12)
    herkomst: HerkomstIn = Herkomst.INFORMEEL  # type: ignore[assignment]
    beschrijving: Text | None = None
    gebieden: list[Link] = Field(default=[], max_length=200)
    domeinen: list[Link] = Field(default=[], max_length=200)
    claims: list[ClaimId] = Field(default=[], max_length=200)
    conflicten: list[Link] = Field(default=[], max_length=200)
    doelen: list[Link] = Field(default=[], max_length=200)
    belangen: list[Link] = Field(default=[], max_length=200)
    besluiten: list[Link] = Field(default=[], max_length=200)
    accounthouder: str | None = Field(default=None, max_length=254)
    prioriteit: PrioriteitIn | None = None
    planning: str | None = Field(default=None, max_length=2_000)
    volgende_tafel: TafelIn | None = None
    deadline: date | None = None
    aard: list[AardIn] = Field(default=[], max_length=5)
    inkadering: str | None = Field(default=None, max_length=5_000)

    def draft(self) -> VraagstukDraft:
        """The domain draft."""
        data = self.model_dump(include=set(VraagstukIn.model_fields))
        lists = (
            "provincies",
            "gebieden",
            "domeinen",
            "claims",
            "conflicten",
            "doelen",
            "belangen",
            "besluiten",
            "aard",
        )
        return VraagstukDraft(**{k: tuple(v) if k in lists else v for k, v in data.items()})


class VraagstukUpdate(VraagstukIn):
    """A full replacement of a vraagstuk's fields; `versie` is the version you read (or send If-Match)."""

    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)
    reden: str | None = Field(default=None, max_length=2_000)


class CriteriumIn(BaseModel):
    """A person's decision on one triage criterion (and why, when it differs from the suggestion)."""

    model_config = ConfigDict(extra="forbid")

    code: Code  # type: ignore[valid-type]
    besluit: bool | None = None
    motivering: str | None = Field(default=None, max_length=5_000)


class TriageIn(BaseModel):
    """The triage: per criterion a decision, the accounthouder's advice, who decided, and any departure."""

    model_config = ConfigDict(extra="forbid")

    criteria: list[CriteriumIn] = Field(default=[], max_length=4)
    advies: str | None = Field(default=None, max_length=5_000)
    besloten_door: str | None = Field(default=None, max_length=200)
    afwijking: str | None = Field(default=None, max_length=5_000)
    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)


class OvergangIn(BaseModel):
    """A move to another BOB phase; `plek` names where an 'elders-belegd' outcome goes."""

    model_config = ConfigDict(extra="forbid")

    naar: Fase  # type: ignore[valid-type]
    reden: str | None = Field(default=None, max_length=5_000)
    plek: str | None = Field(default=None, max_length=120)
    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)


class LeidendIn(BaseModel):
    """The lead party as decided by a person (vuistregel seed 002 §3.6)."""

    model_config = ConfigDict(extra="forbid")

    leidend: Literal["vro", "departement"]
    departement: str | None = Field(default=None, max_length=200)
    motivering: str | None = Field(default=None, max_length=5_000)
    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)


class AanpakIn(BaseModel):
    """The Format aanpak vraagstuk (kort A5), seed 002 §4.1 stap 2."""

    model_config = ConfigDict(extra="forbid")

    aanpak: str = Field(default="", max_length=5_000)
    tempo: str = Field(default="", max_length=5_000)
    fasering: str = Field(default="", max_length=5_000)
    rolverdeling: str = Field(default="", max_length=5_000)
    besluitvorming: str = Field(default="", max_length=5_000)
    monitoring: str = Field(default="", max_length=5_000)
    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)


class TafelbesluitIn(BaseModel):
    """A table's outcome in besluitvorming (DO NOVEX first; without consensus the differences of view)."""

    model_config = ConfigDict(extra="forbid")

    tafel: Literal["do-novex", "gp-dg", "bol"]
    datum: date
    uitkomst: str = Field(min_length=1, max_length=10_000)
    consensus: bool | None = None
    verschillen: str | None = Field(default=None, max_length=10_000)
    versie: int | None = Field(default=None, ge=1, le=2_147_483_647, strict=True)


class BijdrageIn(BaseModel):
    """A comment or expert contribution."""

    model_config = ConfigDict(extra="forbid")

    tekst: str = Field(min_length=1, max_length=10_000)


def _version(sent: int | None, if_match: str | None, current: int | None = None) -> int:
    if sent is not None:
        return sent
    if if_match:
        try:
            return int(if_match.strip().removeprefix("W/").strip('"'))
        except ValueError:
            raise InvalidInput(f"If-Match {if_match!r} is geen versienummer") from None
    if current is not None:
        return current
    raise InvalidInput("geef de versie die u wijzigt: 'versie' in de body of de header If-Match")


@router.get("/vraagstukken", summary="Vraagstukken (met filters en paginering)", response_class=JSONResponse)
def vraagstukken(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    provincie: ListParam = None,
    fase: ListParam = None,
    domein: ListParam = None,
    gebied: ListParam = None,
    leidend: Annotated[Literal["vro", "departement"] | None, Query()] = None,
    accounthouder: Annotated[str | None, Query(max_length=254)] = None,
    tekst: Annotated[str | None, Query(max_length=200)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=1000)] = 100,
) -> JSONResponse:
    """The vraagstukken a user may read, newest first (a province's planner: those of its own province)."""
    where = VraagstukFilter(
        tuple(p.upper() for p in provincie or ()),
        tuple(fase or ()),
        tuple(domein or ()),
        tuple(gebied or ()),
        leidend,
        accounthouder,
        tekst,
    )
    items, total = uow.get(VraagstukService).page(actor, where, page, page_size)
    return JSONResponse(
        {
            "vraagstukken": [vraagstuk_json(v) for v in items],
            "numberMatched": total,
            "numberReturned": len(items),
            "links": page_links(request, page, page_size, total),
        }
    )


@router.post("/vraagstukken", status_code=201, summary="Vraagstuk signaleren")
def signal(body: VraagstukIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Signal a vraagstuk (phase gesignaleerd); a province for its own province (and those it crosses into)."""
    service = uow.get(VraagstukService)
    return vraagstuk_json(service.signal(actor, body.draft()), service)


@router.get("/vraagstukken/{vraagstuk_id}", summary="Eén vraagstuk")
def vraagstuk(vraagstuk_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One vraagstuk with its triage (suggestions and decisions), lead party and the guard's warnings."""
    service = uow.get(VraagstukService)
    v = service.get(actor, vraagstuk_id)
    body = vraagstuk_json(v, service)
    body["overgangen"] = [
        {"naar": m.transition.target, "naam": m.transition.name, "mogelijk": m.allowed, "redenen": list(m.reasons)}
        for m in service.moves(actor, vraagstuk_id)
    ]
    return body


@router.put("/vraagstukken/{vraagstuk_id}", summary="Vraagstuk wijzigen")
def update(
    vraagstuk_id: Id,
    body: VraagstukUpdate,
    actor: ActorDep,
    uow: UowDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> dict[str, Any]:
    """Replace the fields and links (VRO). Send the version you read (`versie` or If-Match); stale: 409."""
    service = uow.get(VraagstukService)
    changed = service.update(actor, vraagstuk_id, body.draft(), _version(body.versie, if_match), body.reden)
    return vraagstuk_json(changed, service)


@router.put("/vraagstukken/{vraagstuk_id}/triage", summary="Triage vastleggen")
def triage(
    vraagstuk_id: Id,
    body: TriageIn,
    actor: ActorDep,
    uow: UowDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> dict[str, Any]:
    """Confirm or override each criterion (1, 2a, 2b, 3) with a motivation; the advice and who decided."""
    service = uow.get(VraagstukService)
    recorded = Triage(
        tuple(Criterium(c.code, besluit=c.besluit, motivering=c.motivering) for c in body.criteria),
        body.advies,
        body.besloten_door,
        body.afwijking,
    )
    changed = service.set_triage(actor, vraagstuk_id, recorded, _version(body.versie, if_match))
    return vraagstuk_json(changed, service)


@router.put("/vraagstukken/{vraagstuk_id}/leidend", summary="Leidende partij vastleggen")
def lead(
    vraagstuk_id: Id,
    body: LeidendIn,
    actor: ActorDep,
    uow: UowDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> dict[str, Any]:
    """Decide the lead party; differing from the vuistregel's suggestion needs a motivation."""
    service = uow.get(VraagstukService)
    changed = service.set_lead(
        actor, vraagstuk_id, body.leidend, body.departement, body.motivering, _version(body.versie, if_match)
    )
    return vraagstuk_json(changed, service)


@router.put("/vraagstukken/{vraagstuk_id}/aanpak", summary="Format aanpak vraagstuk vastleggen")
def approach(
    vraagstuk_id: Id,
    body: AanpakIn,
    actor: ActorDep,
    uow: UowDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> dict[str, Any]:
    """The six parts of the Format aanpak vraagstuk; refused when the A5 document would exceed one page."""
    from novex.documents.vraagstuk import fits_one_page

    service = uow.get(VraagstukService)
    parts = body.model_dump(exclude={"versie"})
    changed = service.set_aanpak(actor, vraagstuk_id, parts, _version(body.versie, if_match), fits_one_page)
    return vraagstuk_json(changed, service)


@router.post("/vraagstukken/{vraagstuk_id}/tafelbesluiten", status_code=201, summary="Uitkomst van een tafel")
def table_decision(
    vraagstuk_id: Id,
    body: TafelbesluitIn,
    actor: ActorDep,
    uow: UowDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
) -> dict[str, Any]:
    """Record a DO NOVEX, GP-DG or BOL outcome; a DO without consensus names the differences and goes to GP-DG."""
    service = uow.get(VraagstukService)
    decision = Tafelbesluit(body.tafel, body.datum, body.uitkomst, body.consensus, body.verschillen)
    changed = service.record_decision(actor, vraagstuk_id, decision, _version(body.versie, if_match))
    return vraagstuk_json(changed, service)


@router.post("/vraagstukken/{vraagstuk_id}/overgangen", summary="Naar een andere fase")
def transition(vraagstuk_id: Id, body: OvergangIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Move to another BOB phase. A refused move: 409 naming the moves possible now; a role that may not: 403."""
    service = uow.get(VraagstukService)
    moved = service.move_to(actor, vraagstuk_id, body.naar, body.reden, body.versie, body.plek)
    return vraagstuk_json(moved, service)


@router.get("/vraagstukken/{vraagstuk_id}/geschiedenis", summary="Geschiedenis van een vraagstuk")
def history(vraagstuk_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The phase moves (oldest first) and every recorded change (newest first) of one vraagstuk."""
    from novex.audit import AuditService

    service = uow.get(VraagstukService)
    moves = service.history_of(actor, vraagstuk_id)
    events = uow.get(AuditService).history(actor, "vraagstuk", vraagstuk_id)
    return {
        "overgangen": [
            {
                "van": m.source,
                "naar": m.target,
                "door": m.actor,
                "rol": m.rol,
                "reden": m.reden,
                "tijdstip": m.tijdstip.isoformat(),
            }
            for m in moves
        ],
        "wijzigingen": [
            {
                "actie": e.actie,
                "samenvatting": e.samenvatting,
                "door": e.actor,
                "rol": e.rol,
                "reden": e.reden,
                "tijdstip": e.tijdstip.isoformat() if e.tijdstip else None,
                "details": dict(e.details),
            }
            for e in events
        ],
    }


@router.get("/vraagstukken/{vraagstuk_id}/bijdragen", summary="Bijdragen aan een vraagstuk")
def contributions(vraagstuk_id: Id, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Comments and expert contributions, oldest first."""
    return [
        {**vars(b), "tijdstip": b.tijdstip.isoformat()}
        for b in uow.get(VraagstukService).contributions(actor, vraagstuk_id)
    ]


@router.post("/vraagstukken/{vraagstuk_id}/bijdragen", status_code=201, summary="Bijdragen aan een vraagstuk")
def contribute(vraagstuk_id: Id, body: BijdrageIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add a comment (a province on its own vraagstukken) or expert input (a ministry)."""
    b = uow.get(VraagstukService).contribute(actor, vraagstuk_id, body.tekst)
    return {**vars(b), "tijdstip": b.tijdstip.isoformat()}


@router.get("/vraagstukken-uit-conflict/{conflict_id}", summary="Vraagstuk vooringevuld uit een conflict")
def from_conflict(actor: ActorDep, uow: UowDep, conflict_id: Annotated[str, Path(max_length=60)]) -> dict[str, Any]:
    """A draft pre-filled from a conflict of the analysis (an input, not a signal): POST it to /vraagstukken."""
    prefill = uow.get(VraagstukService).prefill_from_conflict(actor, conflict_id)
    d = prefill.draft
    return {
        "titel": d.titel,
        "provincies": list(d.provincies),
        "herkomst": d.herkomst,
        "beschrijving": d.beschrijving,
        "domeinen": list(d.domeinen),
        "claims": list(d.claims),
        "conflicten": list(d.conflicten),
        "ernst": prefill.conflict.severity,
        "ernst_formule": prefill.severity_formula,
        "oppervlakte_ha": prefill.conflict.area_ha,
    }


@router.get("/registers/plekken", summary="Register van plekken (elders beleggen)")
def places(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Where a vraagstuk can be placed: national programmes, ministries, NOVEX areas, provinces, added entries."""
    return [vars(p) for p in uow.get(VraagstukService).registers(actor).places]


@router.get("/registers/besluiten", summary="Register van vastgestelde besluiten")
def decisions(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Adopted policy and decisions that are not reopened (seed 002 §3.3 NB)."""
    return [vars(d) for d in uow.get(VraagstukService).registers(actor).decisions]


@router.get(
    "/vraagstukken/{vraagstuk_id}/aanpak.pdf",
    summary="Format aanpak vraagstuk (A5, PDF)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def approach_pdf(
    vraagstuk_id: Id,
    actor: ActorDep,
    uow: UowDep,
    openbaar: Annotated[bool, Query(description="Openbare variant: namen van personen weggelaten.")] = False,
) -> Response:
    """The Format aanpak vraagstuk (kort A5) as a one-page A5 PDF; 400 while a part is missing."""
    from novex.documents.vraagstuk import a5_pdf

    v = uow.get(VraagstukService).get(actor, vraagstuk_id)
    name = f"aanpak-vraagstuk-{v.id}{'-openbaar' if openbaar else ''}.pdf"
    return Response(a5_pdf(v, openbaar=openbaar), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


class PlekIn(BaseModel):
    """A place added to the open register (a programme, ministry, …) with its source."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    naam: str = Field(min_length=1, max_length=500)
    soort: Literal["nationaal-programma", "provinciaal-programma", "ministerie", "overig"]
    verantwoordelijk: str | None = Field(default=None, max_length=500)
    geldigheid: str | None = Field(default=None, max_length=500)
    groep: str | None = Field(default=None, max_length=500)
    geldig_vanaf: date | None = Field(
        default=None, description="Vanaf wanneer het geldt (verplicht voor een programma)."
    )
    geldig_tot: date | None = Field(default=None, description="Tot wanneer het geldt, als dat bekend is.")
    bron: str = Field(min_length=1, max_length=500)


class BesluitIn(BaseModel):
    """An adopted decision or policy added to the register (the guard warns when a vraagstuk links it)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")
    titel: str = Field(min_length=1, max_length=500)
    orgaan: str | None = Field(default=None, max_length=500)
    datum: date
    bron: str = Field(min_length=1, max_length=500)


@router.post("/registers/plekken", status_code=201, summary="Plek toevoegen aan het register")
def add_place(body: PlekIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add a place where vraagstukken can be placed (VRO); the id must be new."""
    service = uow.get(VraagstukService)
    service.add_register_entry(actor, "plek", body.model_dump())
    return vars(service.registers(actor).plek(body.id))


@router.post("/registers/besluiten", status_code=201, summary="Besluit toevoegen aan het register")
def add_decision(body: BesluitIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add adopted policy or a decision (VRO); linking it to a vraagstuk then gives the guard's warning."""
    service = uow.get(VraagstukService)
    service.add_register_entry(actor, "besluit", body.model_dump())
    return vars(service.registers(actor).besluit(body.id))
