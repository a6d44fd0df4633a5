"""The Ruimtelijk Arrangement in the API (seed 003 §4.1; seed 002 §3.4 and Bijlage 3).

One version per province and year: its five parts, agreements with their SMART fields, investment
agreements, the inclusion decision per vraagstuk, the knots still open. Every write names the
version it was made on (`versie`; stale: 409 with the current version); an adopted version never
changes (409). The rights are the service's (`novex.arrangement.service`).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from novex.api.deps import page_links
from novex.arrangement.inclusie import Inclusie, Inclusiecriterium
from novex.arrangement.model import (
    Acceptatie,
    Afspraak,
    Eigenaar,
    EigenaarSoort,
    Generatie,
    Herschikking,
    HerschikkingSoort,
    Investeringsafspraak,
    Mijlpaal,
    Ondertekening,
    OpenKnoop,
    RuimtelijkArrangement,
    Status,
)
from novex.arrangement.present import (
    afspraak_json,
    arrangement_json,
    bevindingen_json,
    history_json,
    investering_json,
    moves_json,
    summary_json,
    totalen_json,
    verschil_json,
)
from novex.arrangement.service import ArrangementService
from novex.edge.deps import ActorDep, Id, UowDep

router = APIRouter(tags=["arrangementen"])

MAX_ID = 2_147_483_647
MAX_BEDRAG = Decimal(10) ** 16
"""Amounts are stored with 16 digits before the decimal point and 2 after (euros and cents)."""
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _plain_text(value: str) -> str:
    """Refuse NUL, control characters and bidirectional overrides (they rewrite terminals and pages)."""
    if _CONTROL.search(value):
        raise ValueError("bevat een NUL- of stuurteken (alleen tekst, regeleinden en tabs)")
    return value


def _text(limit: int, minimum: int = 0) -> Any:
    return Annotated[str, Field(min_length=minimum, max_length=limit), AfterValidator(_plain_text)]


Text = _text(20_000)
"""A text field of an agreement or part (the service's limit)."""
Short = _text(300)
Name = _text(300, 1)
Link = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(_plain_text)]
Key = Annotated[str, Field(max_length=60)]
"""A stable key of an agreement or investment agreement (empty: the platform gives one)."""
KeyRef = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_plain_text)]
Versie = Annotated[int, Field(ge=1, le=MAX_ID, strict=True, description="De versie die u hebt gelezen.")]
StrictId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
ProvinceCode = Annotated[str, Field(pattern=r"^[Pp][Vv]\d{2}$")]
Value = (
    Annotated[int, Field(strict=True, ge=-(10**15), le=10**15)]
    | Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e15, le=1e15)]
    | Annotated[str, Field(max_length=100), AfterValidator(_plain_text)]
)
"""A baseline or target: a number, or text as a person wrote it (the SMART check says it is no number)."""
StatusIn = Literal[tuple(str(s) for s in Status)]  # type: ignore[valid-type]
GeneratieIn = Literal[tuple(str(g) for g in Generatie)]  # type: ignore[valid-type]
EigenaarSoortIn = Literal[tuple(str(e) for e in EigenaarSoort)]  # type: ignore[valid-type]
HerschikkingSoortIn = Literal[tuple(str(h) for h in HerschikkingSoort)]  # type: ignore[valid-type]
SleutelPath = Annotated[str, Path(min_length=1, max_length=60, description="De vaste sleutel.")]


def _bedrag(value: Any) -> Any:
    """An amount from a JSON number or a decimal string, exact; refused in Dutch when it is none."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError('geef het bedrag in euro als getal of als tekst, bijvoorbeeld "12500000.50"')
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f'{str(value)[:40]!r} is geen bedrag (bijvoorbeeld "12500000.50")') from None
    if not amount.is_finite():
        raise ValueError("het bedrag is geen eindig getal")
    if amount.adjusted() >= 16:  # compared by its exponent: abs() of 1E+5000000000 overflows the context
        raise ValueError("het bedrag is te groot (hoogstens 16 cijfers voor de komma)")
    if amount.adjusted() < -2 and amount != 0:
        raise ValueError("een bedrag heeft hoogstens twee decimalen (euro en cent)")
    if abs(amount) >= MAX_BEDRAG:
        raise ValueError("het bedrag is te groot (hoogstens 16 cijfers voor de komma)")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("een bedrag heeft hoogstens twee decimalen (euro en cent)")
    return amount


class Strict(BaseModel):
    """Request bodies refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class ArrangementIn(Strict):
    """A new version: the province, the year, and the generation (yearly by default)."""

    provincie: ProvinceCode
    jaar: Annotated[int, Field(ge=2023, le=2100, strict=True)]
    generatie: GeneratieIn = Generatie.JAARLIJKS.value  # type: ignore[valid-type]


class OnderdeelIn(Strict):
    """The version's own text for one of the five parts (seed 003 §4.1)."""

    toelichting: Text  # type: ignore[valid-type]
    versie: Versie


class EigenaarIn(Strict):
    """An owner of the execution: its kind and name."""

    soort: EigenaarSoortIn  # type: ignore[valid-type]
    naam: Name  # type: ignore[valid-type]


class AcceptatieIn(Strict):
    """A party's acceptance (akkoord false: the party has not agreed, with why)."""

    partij: Name  # type: ignore[valid-type]
    akkoord: bool = True
    datum: date | None = None
    toelichting: Text = ""  # type: ignore[valid-type]


class MijlpaalIn(Strict):
    """A milestone on the way to the deadline."""

    omschrijving: Annotated[str, Field(min_length=1, max_length=2_000), AfterValidator(_plain_text)]
    datum: date | None = None
    waarde: Annotated[float, Field(allow_inf_nan=False, ge=-1e15, le=1e15)] | None = Field(
        default=None, description="De waarde van de indicator die op de datum gehaald moet zijn (voor de monitor)."
    )


class HerschikkingIn(Strict):
    """A herschikking or uitruil of tasks (part 2 only)."""

    soort: HerschikkingSoortIn  # type: ignore[valid-type]
    provincies: list[ProvinceCode] = Field(max_length=12)
    toelichting: Text = ""  # type: ignore[valid-type]


class AfspraakVelden(Strict):
    """An agreement's fields: text, parties, owners, origin and the SMART fields (seed 004 handreiking)."""

    tekst: Text  # type: ignore[valid-type]
    onderdeel: Annotated[int, Field(ge=1, le=5, strict=True)] = 1
    partijen: list[Name] = Field(default=[], max_length=50)  # type: ignore[valid-type]
    eigenaren: list[EigenaarIn] = Field(default=[], max_length=50)
    vraagstuk_id: StrictId | None = None
    bol_besluit_id: StrictId | None = None
    doelen: list[Link] = Field(default=[], max_length=100)
    claims: list[StrictId] = Field(default=[], max_length=200)
    novex_gebied: Link | None = None
    resultaat: Text = ""  # type: ignore[valid-type]
    indicator: Short | None = None  # type: ignore[valid-type]
    eenheid: Short | None = None  # type: ignore[valid-type]
    basiswaarde: Value | None = None  # type: ignore[valid-type]
    streefwaarde: Value | None = None  # type: ignore[valid-type]
    acceptaties: list[AcceptatieIn] = Field(default=[], max_length=50)
    middelen: Text | None = None  # type: ignore[valid-type]
    capaciteit: Text | None = None  # type: ignore[valid-type]
    randvoorwaarden: Text | None = None  # type: ignore[valid-type]
    deadline: date | None = None
    mijlpalen: list[MijlpaalIn] = Field(default=[], max_length=100)
    herschikking: HerschikkingIn | None = None

    def afspraak(self, sleutel: str = "") -> Afspraak:
        """The domain agreement."""
        h = self.herschikking
        return Afspraak(
            sleutel=sleutel,
            tekst=self.tekst,
            onderdeel=self.onderdeel,
            partijen=tuple(self.partijen),
            eigenaren=tuple(Eigenaar(e.soort, e.naam) for e in self.eigenaren),
            vraagstuk_id=self.vraagstuk_id,
            bol_besluit_id=self.bol_besluit_id,
            doelen=tuple(self.doelen),
            claims=tuple(self.claims),
            novex_gebied=self.novex_gebied,
            resultaat=self.resultaat,
            indicator=self.indicator,
            eenheid=self.eenheid,
            basiswaarde=self.basiswaarde,
            streefwaarde=self.streefwaarde,
            acceptaties=tuple(Acceptatie(a.partij, a.akkoord, a.datum, a.toelichting) for a in self.acceptaties),
            middelen=self.middelen,
            capaciteit=self.capaciteit,
            randvoorwaarden=self.randvoorwaarden,
            deadline=self.deadline,
            mijlpalen=tuple(Mijlpaal(m.omschrijving, m.datum, m.waarde) for m in self.mijlpalen),
            herschikking=Herschikking(h.soort, tuple(p.upper() for p in h.provincies), h.toelichting) if h else None,
        )


class AfspraakIn(AfspraakVelden):
    """A new agreement; `sleutel` empty: the platform gives one (PV26-2027-3)."""

    sleutel: Key = ""
    versie: Versie


class AfspraakUpdate(AfspraakVelden):
    """All fields of an agreement, replaced (its key stays)."""

    versie: Versie


class CriteriumIn(Strict):
    """A decision on one of the five inclusion criteria (seed 002 Bijlage 3 §4), with motivation."""

    nummer: Annotated[int, Field(ge=1, le=5, strict=True)]
    besluit: bool | None = None
    motivering: Text = ""  # type: ignore[valid-type]


class InclusieIn(Strict):
    """Whether a vraagstuk enters the RA: the five criteria decided and motivated."""

    criteria: list[CriteriumIn] = Field(max_length=5)
    versie: Versie


class InvesteringIn(Strict):
    """An investment agreement: existing money of a national programme labelled for an area task (seed 003 §3)."""

    sleutel: Key = ""
    programma: Short  # type: ignore[valid-type]
    fonds: Annotated[str, Field(max_length=100)]
    bedrag: Annotated[Decimal, BeforeValidator(_bedrag), Field(description='In euro, bijvoorbeeld "12500000.50".')]
    gelabeld_voor: Text  # type: ignore[valid-type]
    afspraak: KeyRef | None = None  # type: ignore[valid-type]
    versie: Versie


class KnoopIn(Strict):
    """A knot still open, marked in the RA (seed 002 §4.2 step 4)."""

    omschrijving: Text  # type: ignore[valid-type]
    vraagstuk_id: StrictId | None = None


class KnopenIn(Strict):
    """Every knot still open (replaces the list)."""

    knopen: list[KnoopIn] = Field(max_length=500)
    versie: Versie


class MotiveringIn(Strict):
    """Why an agreement goes to the BOL with this SMART finding open (empty: withdraw the motivation)."""

    tekst: Text  # type: ignore[valid-type]
    versie: Versie


class OndertekeningIn(Strict):
    """The signing of a first-generation RA: date and signatories (offices, not persons)."""

    datum: date
    ondertekenaars: list[Short] = Field(max_length=50)  # type: ignore[valid-type]
    versie: Versie


class OvergangIn(Strict):
    """A move: propose (voorgelegd), take back (concept), adopt in a BOL (vastgesteld, with the meeting)."""

    naar: StatusIn  # type: ignore[valid-type]
    reden: Text | None = None  # type: ignore[valid-type]
    vergadering_id: StrictId | None = None
    versie: Versie


def _json(service: ArrangementService, ra: RuimtelijkArrangement) -> dict[str, Any]:
    return arrangement_json(ra, service.province_names.get(ra.provincie))


# -- reading ---------------------------------------------------------------------------------------


@router.get("/arrangementen", summary="Ruimtelijke arrangementen (met filters en paginering)",
            response_class=JSONResponse)  # fmt: skip
def arrangementen(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    provincie: Annotated[str | None, Query(max_length=10, description="CBS-code, bijv. PV26.")] = None,
    jaar: Annotated[int | None, Query(ge=2023, le=2100)] = None,
    status: Annotated[StatusIn | None, Query()] = None,  # type: ignore[valid-type]
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=1000)] = 100,
) -> JSONResponse:
    """The versions the user may read, by province and year (a province: its own in every status, others adopted)."""
    service = uow.get(ArrangementService)
    found = service.list(actor, provincie.upper() if provincie else None, jaar, status)
    items = found[(page - 1) * page_size : page * page_size]
    return JSONResponse(
        {
            "arrangementen": [summary_json(ra, service.province_names.get(ra.provincie)) for ra in items],
            "numberMatched": len(found),
            "numberReturned": len(items),
            "links": page_links(request, page, page_size, len(found)),
        }
    )


@router.get("/arrangementen/{arrangement_id}", summary="Eén ruimtelijk arrangement")
def arrangement(arrangement_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One version: the five parts, agreements, investments, inclusions, open knots, adoption and links."""
    service = uow.get(ArrangementService)
    return _json(service, service.get(actor, arrangement_id))


@router.get("/arrangementen/{arrangement_id}/smart", summary="SMART-toets van de afspraken")
def smart(arrangement_id: Id, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Every finding per agreement and criterion (specifiek … tijdsgebonden, eigenaar), and whether it is motivated."""
    service = uow.get(ArrangementService)
    ra = service.get(actor, arrangement_id)
    return bevindingen_json(service.smart(actor, arrangement_id), ra)


@router.get("/arrangementen/{arrangement_id}/overgangen", summary="Mogelijke overgangen")
def moves(arrangement_id: Id, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """The moves out of the current status, each with why it is not possible for you now (empty: possible)."""
    return moves_json(uow.get(ArrangementService).moves(actor, arrangement_id))


@router.get("/arrangementen/{arrangement_id}/geschiedenis", summary="Geschiedenis van een versie")
def history(arrangement_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The status moves (oldest first) and every recorded change (newest first) of one version."""
    from novex.arrangement.service import OBJECT
    from novex.audit import AuditService

    moved = uow.get(ArrangementService).history_of(actor, arrangement_id)
    events = uow.get(AuditService).history(actor, OBJECT, arrangement_id)
    return {
        "overgangen": history_json(moved),
        "wijzigingen": [
            {"actie": e.actie, "samenvatting": e.samenvatting, "door": e.actor, "rol": e.rol, "reden": e.reden,
             "tijdstip": e.tijdstip.isoformat() if e.tijdstip else None, "details": dict(e.details)}
            for e in events
        ],
    }  # fmt: skip


@router.get("/arrangementen/{arrangement_id}/verschil/{naar_id}", summary="Verschil tussen twee versies")
def difference(arrangement_id: Id, naar_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """What changed from this version to the other: agreements added, dropped, changed field by field; status."""
    return verschil_json(uow.get(ArrangementService).diff(actor, arrangement_id, naar_id))


@router.get("/investeringen/totalen", summary="Investeringsafspraken per provincie en programma")
def totals(
    actor: ActorDep,
    uow: UowDep,
    jaar: Annotated[
        int | None, Query(ge=2023, le=2100, description="Zonder jaar: de nieuwste vastgestelde versie per provincie.")
    ] = None,
) -> dict[str, Any]:
    """Investment agreements totalled (euros, decimal strings): the version of `jaar` per province, else the adopted."""
    return totalen_json(uow.get(ArrangementService).totals(actor, jaar), jaar)


# -- drafting --------------------------------------------------------------------------------------


@router.post("/arrangementen", status_code=201, summary="Nieuw ruimtelijk arrangement")
def create(body: ArrangementIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """A concept for a province and year; a yearly version copies the last adopted one and adds the BOL decisions."""
    service = uow.get(ArrangementService)
    return _json(service, service.create(actor, body.provincie.upper(), body.jaar, body.generatie))


@router.put("/arrangementen/{arrangement_id}/onderdelen/{nummer}", summary="Tekst van een onderdeel")
def set_part(
    arrangement_id: Id,
    nummer: Annotated[int, Path(ge=1, le=5, description="Onderdeel 1 tot en met 5 (seed 003 §4.1).")],
    body: OnderdeelIn,
    actor: ActorDep,
    uow: UowDep,
) -> dict[str, Any]:
    """Set this version's text for one of the five parts."""
    service = uow.get(ArrangementService)
    return _json(service, service.set_onderdeel(actor, arrangement_id, nummer, body.toelichting, body.versie))


@router.post("/arrangementen/{arrangement_id}/afspraken", status_code=201, summary="Afspraak toevoegen")
def add_agreement(arrangement_id: Id, body: AfspraakIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add an agreement; returns it with its id and key, and the arrangement's new version."""
    saved, added = uow.get(ArrangementService).add_afspraak(actor, arrangement_id, body.afspraak(body.sleutel),
                                                            body.versie)  # fmt: skip
    return afspraak_json(added) | {"arrangement_versie": saved.version}


@router.put("/arrangementen/{arrangement_id}/afspraken/{sleutel}", summary="Afspraak wijzigen")
def update_agreement(
    arrangement_id: Id, sleutel: SleutelPath, body: AfspraakUpdate, actor: ActorDep, uow: UowDep
) -> dict[str, Any]:
    """Replace every field of an agreement (its key stays)."""
    service = uow.get(ArrangementService)
    return _json(service, service.update_afspraak(actor, arrangement_id, sleutel, body.afspraak(), body.versie))


@router.delete("/arrangementen/{arrangement_id}/afspraken/{sleutel}", summary="Afspraak verwijderen")
def remove_agreement(
    arrangement_id: Id,
    sleutel: SleutelPath,
    actor: ActorDep,
    uow: UowDep,
    versie: Annotated[int, Query(ge=1, le=MAX_ID, description="De versie die u hebt gelezen.")],
) -> dict[str, Any]:
    """Drop an agreement from a concept (an investment that served it no longer names it)."""
    service = uow.get(ArrangementService)
    return _json(service, service.remove_afspraak(actor, arrangement_id, sleutel, versie))


@router.put("/arrangementen/{arrangement_id}/inclusies/{vraagstuk_id}", summary="Inclusiecriteria van een vraagstuk")
def set_inclusion(
    arrangement_id: Id, vraagstuk_id: Id, body: InclusieIn, actor: ActorDep, uow: UowDep
) -> dict[str, Any]:
    """Decide the five inclusion criteria for a vraagstuk of this province (all five met: it enters the RA)."""
    service = uow.get(ArrangementService)
    decided = Inclusie(vraagstuk_id, tuple(Inclusiecriterium(c.nummer, c.besluit, c.motivering)
                                           for c in body.criteria))  # fmt: skip
    return _json(service, service.set_inclusie(actor, arrangement_id, decided, body.versie))


@router.post("/arrangementen/{arrangement_id}/investeringen", status_code=201, summary="Investeringsafspraak toevoegen")
def add_investment(arrangement_id: Id, body: InvesteringIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add an investment agreement to part 5 (a named programme, an existing fund, a positive amount)."""
    new = Investeringsafspraak(body.sleutel, body.programma, body.fonds, body.bedrag, body.gelabeld_voor, body.afspraak)
    saved = uow.get(ArrangementService).add_investering(actor, arrangement_id, new, body.versie)
    key = body.sleutel or saved.investeringen[-1].sleutel  # the platform's key is the last one added
    added = next(i for i in saved.investeringen if i.sleutel == key)
    return investering_json(added) | {"arrangement_versie": saved.version}


@router.delete("/arrangementen/{arrangement_id}/investeringen/{sleutel}", summary="Investeringsafspraak verwijderen")
def remove_investment(
    arrangement_id: Id,
    sleutel: SleutelPath,
    actor: ActorDep,
    uow: UowDep,
    versie: Annotated[int, Query(ge=1, le=MAX_ID, description="De versie die u hebt gelezen.")],
) -> dict[str, Any]:
    """Drop an investment agreement from a concept."""
    service = uow.get(ArrangementService)
    return _json(service, service.remove_investering(actor, arrangement_id, sleutel, versie))


@router.put("/arrangementen/{arrangement_id}/open-knopen", summary="Open knopen")
def set_knots(arrangement_id: Id, body: KnopenIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The knots still open, marked in the RA (replaces the list)."""
    service = uow.get(ArrangementService)
    knots = [OpenKnoop(k.omschrijving, k.vraagstuk_id) for k in body.knopen]
    return _json(service, service.set_knopen(actor, arrangement_id, knots, body.versie))


@router.put(
    "/arrangementen/{arrangement_id}/motiveringen/{bevinding:path}", summary="Motivering bij een SMART-bevinding"
)
def set_motivation(
    arrangement_id: Id,
    bevinding: Annotated[str, Path(min_length=1, max_length=500, description="De sleutel van de bevinding.")],
    body: MotiveringIn,
    actor: ActorDep,
    uow: UowDep,
) -> dict[str, Any]:
    """Record why an agreement goes to the BOL with this finding open (`sleutel` from /smart; empty text withdraws)."""
    service = uow.get(ArrangementService)
    return _json(service, service.set_motivering(actor, arrangement_id, bevinding, body.tekst, body.versie))


@router.put("/arrangementen/{arrangement_id}/ondertekening", summary="Ondertekening (eerste generatie)")
def set_signing(arrangement_id: Id, body: OndertekeningIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The date and the signatories of a first-generation RA (seed 003 §4.1)."""
    service = uow.get(ArrangementService)
    signed = Ondertekening(body.datum, tuple(body.ondertekenaars))
    return _json(service, service.set_ondertekening(actor, arrangement_id, signed, body.versie))


@router.post("/arrangementen/{arrangement_id}/overgangen", summary="Voorleggen, terugnemen of vaststellen")
def move(arrangement_id: Id, body: OvergangIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Move the version: a refused move is 409 naming what is possible now; a role that may not, 403."""
    service = uow.get(ArrangementService)
    moved = service.move(actor, arrangement_id, body.naar, body.reden, body.vergadering_id, body.versie)
    return _json(service, moved)
