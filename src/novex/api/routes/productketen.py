"""The chain of products of the NOVEX areas in the API: /api/v1/novex-gebieden/{id}/dossier/… and the chain itself.

Seed 003 §4.2: four phases (huiswerk-, concretiserings-, operationaliserings-, uitvoeringsfase), the
ontwikkelperspectief with its six elements, the uitvoeringsagenda over four to ten years with the
regional investment agenda in a convenant, and uitvoeringsafspraken on eight topics that land in the
provinces' RAs (``PV26/A1``). A write names the version it was made on (`versie`; 0 for what is not
stored yet); a stale one is a 409 with `currentVersion`. Every answer that shows statuses carries
`ontwerpkeuze`: the seeds name none. The rights are the service's (`novex.gebieden.productketen_service`).

Mount this router before `novex.api.routes.gebieden`: its `/novex-gebieden/productketen` would otherwise
be read as the area with id "productketen".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.alias_generators import to_camel

from novex.edge.deps import ActorDep, Id, UowDep, whole_digits
from novex.errors import InvalidInput
from novex.gebieden.dossier import (
    INVESTERINGSAGENDA,
    ONTWIKKELPERSPECTIEF,
    PRODUCTSOORTEN,
    UITVOERINGSAGENDA,
    Convenant,
    Investeringsagenda,
    Ontwikkelperspectief,
    Product,
    Uitvoeringsagenda,
    afspraak_json,
    bijdrage_json,
    dossier_json,
    keten_json,
    product_json,
)
from novex.gebieden.productketen_service import ProductketenService

router = APIRouter(tags=["novex-gebieden"])

MAX_ID = 2_147_483_647
GebiedId = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Id van het NOVEX-gebied, bijv. novex-groene-hart.")
]
Soort = Annotated[
    Literal[ONTWIKKELPERSPECTIEF, UITVOERINGSAGENDA, INVESTERINGSAGENDA],  # type: ignore[valid-type]
    Path(description="Het product: ontwikkelperspectief, uitvoeringsagenda of regionale-investeringsagenda."),
]
ProvinciePath = Annotated[str, Path(pattern=r"^[Pp][Vv]\d{2}$", description="CBS-code van de provincie, bijv. PV26.")]
Versie = Annotated[int, Field(ge=0, le=MAX_ID, strict=True, description="De versie die u las; 0: nog niet opgeslagen.")]
Jaar = Annotated[int | None, Field(ge=1900, le=2200, strict=True)]


def _iso_date(value: Any) -> Any:
    """A date only as JSON text JJJJ-MM-DD (no timestamps, no other shapes)."""
    if isinstance(value, date) or (isinstance(value, str) and len(value) == 10 and value[4] == "-" == value[7]):
        return value
    raise ValueError("is geen datum (JJJJ-MM-DD)")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

BESCHRIJVING = {
    "keten": (
        "De productketen van seed 003 §4.2: de vier fasen met hun resultaat, de producten, de horizon van de "
        "uitvoeringsagenda (vier tot tien jaar), de zes onderdelen van het ontwikkelperspectief, de acht onderwerpen "
        "van de uitvoeringsafspraken en de governance, elk met een letterlijk citaat. `statussen` en `ministeries` "
        "staan niet in de seeds: `ontwerpkeuze` zegt dat."
    ),
    "dossier": (
        "Fase (null: onbekend; de vrije tekst van de factsheet staat apart in `faseFactsheet`), governance (uit de "
        "catalogus tot iemand haar vastlegt: `uitCatalogus`), de drie producten en de uitvoeringsafspraken, elk met "
        "hun eigen `versie`, en of u het dossier mag bijwerken."
    ),
    "fase": "Zet de fase (een van de vier van seed 003 §4.2, of null); `versie` is die van het dossier.",
    "governance": (
        "Leg het duo van een Rijk- en een regiovertegenwoordiger en de bestuurlijke trekker uit de regio vast "
        "(seed 003 §4.2); `versie` is die van het dossier."
    ),
    "product": (
        "Vervang één product van het gebied in zijn geheel; `versie` 0 als het nog niet is opgeslagen. Alleen de "
        "velden van die soort: ontwikkelperspectief (`datumVastgesteld`, `elementen`), uitvoeringsagenda "
        "(`startjaar`, `eindjaar`: vier tot tien jaar), regionale-investeringsagenda (`bedrag`, `convenant`)."
    ),
    "afspraken": "De uitvoeringsafspraken van het gebied, oudste eerst.",
    "add_afspraak": (
        "Een uitvoeringsafspraak over een van de acht onderwerpen van seed 003 §4.2; `raAfspraken` noemt de "
        "afspraken van de ruimtelijke arrangementen waarin ze landt (PV26/A1, een provincie van het gebied). "
        "201 met het adres in `Location`."
    ),
    "afspraak": "Eén uitvoeringsafspraak van het gebied.",
    "update_afspraak": "Vervang de velden van een uitvoeringsafspraak; een oude `versie`: 409 met `currentVersion`.",
    "remove_afspraak": "Verwijder een verkeerde uitvoeringsafspraak, met een reden (het logboek bewaart haar waarden).",
    "bijdrage": (
        "Wat het gebied bijdraagt aan onderdeel 3 van het ruimtelijk arrangement (\u201cBijdrage vanuit de "
        "NOVEX-gebieden op basis van de ontwikkelperspectieven\u201d): de stand van het ontwikkelperspectief en de "
        "uitvoeringsafspraken die niet vervallen zijn."
    ),
    "voor_ra": (
        "De uitvoeringsafspraken van alle NOVEX-gebieden die een afspraak uit het ruimtelijk arrangement van deze "
        "provincie noemen (onderdeel 3)."
    ),
}
"""The Dutch description of each operation in the OpenAPI document (the docstrings are for the code)."""


class Strict(BaseModel):
    """Request bodies: camelCase fields, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=False)


class FaseIn(Strict):
    """The phase (a code of /novex-gebieden/productketen, or null) and the dossier's version."""

    fase: Annotated[str | None, Field(max_length=40, description="huiswerkfase, concretiseringsfase, …, of null.")]
    versie: Versie


class GovernanceIn(Strict):
    """The Rijk–regio duo and the regional bestuurlijke trekker."""

    duo_rijk: Annotated[str, Field(min_length=1, max_length=300, description="De Rijksvertegenwoordiger.")]
    duo_regio: Annotated[str, Field(min_length=1, max_length=300, description="De regiovertegenwoordiger.")]
    bestuurlijke_trekker: Annotated[str, Field(max_length=300, description="De bestuurlijke trekker uit de regio.")]
    versie: Versie


def _exact(value: object) -> object:
    """An amount as text ('1250000.50'): a JSON number is read as binary and rounded before anyone sees it."""
    if isinstance(value, float):
        raise ValueError('geef het bedrag als tekst (bijv. "1250000.50"): een JSON-getal wordt afgerond')
    return value


class BedragIn(Strict):
    """An amount: exact euros (`euro`, at most two decimals) or a text (`tekst`, e.g. 'PM') — one of the two."""

    euro: Annotated[
        Decimal | None,
        BeforeValidator(_exact),
        Field(ge=0, lt=10**16, decimal_places=2, allow_inf_nan=False, description="Als tekst: '1250000.50'."),
    ] = None
    tekst: Annotated[str | None, Field(min_length=1, max_length=300)] = None

    @model_validator(mode="after")
    def _one(self) -> BedragIn:
        if (self.euro is None) == (self.tekst is None):
            raise ValueError("geef 'euro' of 'tekst', niet allebei of geen van beide")
        return self


class ConvenantIn(Strict):
    """The convenant a regional investment agenda is laid down in."""

    naam: Annotated[str, Field(min_length=1, max_length=300)]
    datum: IsoDate | None = None
    vindplaats: Annotated[str, Field(max_length=500)] = ""


class ProductIn(Strict):
    """A product whole: status, where its document is, and the fields of its kind only."""

    versie: Versie
    status: Annotated[str | None, Field(max_length=40, description="Een statuscode; leeg: de eerste (concept).")] = None
    vindplaats: Annotated[str, Field(max_length=500, description="Titel, link of besluitnummer van het document.")] = ""
    datum_vastgesteld: IsoDate | None = None
    elementen: Annotated[
        dict[Annotated[str, Field(max_length=60)], Annotated[str, Field(max_length=20_000)]] | None,
        Field(max_length=20, description="Per onderdeel van het ontwikkelperspectief (code) de tekst."),
    ] = None
    startjaar: Jaar = None
    eindjaar: Jaar = None
    bedrag: BedragIn | None = None
    convenant: ConvenantIn | None = None


VELDEN = {
    ONTWIKKELPERSPECTIEF: {"datum_vastgesteld", "elementen"},
    UITVOERINGSAGENDA: {"startjaar", "eindjaar"},
    INVESTERINGSAGENDA: {"bedrag", "convenant"},
}
"""The fields of each kind of product (beside `versie`, `status` and `vindplaats`)."""


class AfspraakIn(Strict):
    """An uitvoeringsafspraak: topic, what is agreed, owner, status, deadline, the RA agreements it lands in."""

    onderwerp: Annotated[str, Field(max_length=40, description="Een onderwerp van /novex-gebieden/productketen.")]
    tekst: Annotated[str, Field(min_length=1, max_length=5_000, description="Wat er is afgesproken.")]
    eigenaar: Annotated[str, Field(max_length=300, description="Wie de afspraak uitvoert.")] = ""
    status: Annotated[str | None, Field(max_length=40, description="Een statuscode; leeg: de eerste (open).")] = None
    deadline: IsoDate | None = None
    ra_afspraken: Annotated[
        list[Annotated[str, Field(max_length=80)]],
        Field(max_length=20, description="Afspraken van ruimtelijke arrangementen, als PV26/A1."),
    ] = []


class AfspraakUpdate(AfspraakIn):
    """An uitvoeringsafspraak's new fields and the version they were made on."""

    versie: Annotated[int, Field(ge=1, le=MAX_ID, strict=True, description="De versie die u las.")]


def _product(soort: str, body: ProductIn) -> Product:
    """The domain product of this kind from the body; a field of another kind is refused, naming it."""
    stray = sorted(f for f in body.model_fields_set if f not in VELDEN[soort] | {"versie", "status", "vindplaats"})
    if stray:
        raise InvalidInput(f"{soort}: " + "; ".join(f"{to_camel(f)}: hoort niet bij dit product" for f in stray))
    common: dict[str, Any] = {"status": body.status, "vindplaats": body.vindplaats}
    if soort == ONTWIKKELPERSPECTIEF:
        return Ontwikkelperspectief(**common, datum_vastgesteld=body.datum_vastgesteld,
                                    elementen=dict(body.elementen or {}))  # fmt: skip
    if soort == UITVOERINGSAGENDA:
        return Uitvoeringsagenda(**common, startjaar=body.startjaar, eindjaar=body.eindjaar)
    bedrag = None if body.bedrag is None else body.bedrag.euro if body.bedrag.euro is not None else body.bedrag.tekst
    c = body.convenant
    return Investeringsagenda(**common, bedrag=bedrag,
                              convenant=Convenant(c.naam, c.datum, c.vindplaats) if c else None)  # fmt: skip


# -- the chain --------------------------------------------------------------------------------------------


@router.get(
    "/novex-gebieden/productketen",
    summary="De productketen van de NOVEX-gebieden (fasen, producten, onderwerpen, statussen)",
    description=BESCHRIJVING["keten"],
)
def keten(actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The phases, products, horizon, elements, topics, governance; statuses and ministries as design choices."""
    return keten_json(uow.get(ProductketenService).productketen(actor))


@router.get(
    "/novex-gebieden/uitvoeringsafspraken/{provincie}",
    summary="Uitvoeringsafspraken van NOVEX-gebieden die landen in het RA van een provincie",
    description=BESCHRIJVING["voor_ra"],
)
def voor_ra(provincie: ProvinciePath, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The areas' agreements naming an agreement of this province's RA (part 3)."""
    service = uow.get(ProductketenService)
    found = service.afspraken_voor_ra(actor, provincie)
    namen = {g.id: g.naam for g in service.cat.novex_gebieden}
    return {
        "provincie": provincie.upper(),
        "afspraken": [afspraak_json(a, service.keten) | {"gebiedNaam": namen.get(a.gebied)} for a in found],
        "ontwerpkeuze": service.keten.ontwerpkeuze,
    }


# -- the dossier ------------------------------------------------------------------------------------------


@router.get(
    "/novex-gebieden/{gebied_id}/dossier",
    summary="Het gebiedsdossier: fase, governance, producten, uitvoeringsafspraken",
    description=BESCHRIJVING["dossier"],
)
def dossier(gebied_id: GebiedId, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """An area's dossier."""
    service = uow.get(ProductketenService)
    return dossier_json(service.dossier(actor, gebied_id), service.keten)


@router.put(
    "/novex-gebieden/{gebied_id}/dossier/fase",
    summary="De fase van een NOVEX-gebied zetten",
    description=BESCHRIJVING["fase"],
)
def zet_fase(gebied_id: GebiedId, body: FaseIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Set the phase; the answer is the dossier."""
    service = uow.get(ProductketenService)
    return dossier_json(service.zet_fase(actor, gebied_id, body.fase, body.versie), service.keten)


@router.put(
    "/novex-gebieden/{gebied_id}/dossier/governance",
    summary="Het Rijk-regioduo en de bestuurlijke trekker vastleggen",
    description=BESCHRIJVING["governance"],
)
def zet_governance(gebied_id: GebiedId, body: GovernanceIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Record the governance; the answer is the dossier."""
    service = uow.get(ProductketenService)
    saved = service.zet_governance(actor, gebied_id, body.duo_rijk, body.duo_regio, body.bestuurlijke_trekker,
                                   body.versie)  # fmt: skip
    return dossier_json(saved, service.keten)


@router.put(
    "/novex-gebieden/{gebied_id}/dossier/producten/{soort}",
    summary="Een product van het gebied vastleggen (ontwikkelperspectief, uitvoeringsagenda, RIA)",
    description=BESCHRIJVING["product"],
)
def zet_product(gebied_id: GebiedId, soort: Soort, body: ProductIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Store one product whole; the answer is the product."""
    assert soort in PRODUCTSOORTEN
    service = uow.get(ProductketenService)
    return product_json(service.zet_product(actor, gebied_id, _product(soort, body), body.versie), service.keten)


@router.get(
    "/novex-gebieden/{gebied_id}/dossier/bijdrage-ra",
    summary="Wat het gebied bijdraagt aan onderdeel 3 van het ruimtelijk arrangement",
    description=BESCHRIJVING["bijdrage"],
)
def bijdrage(gebied_id: GebiedId, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The area's contribution to RA part 3."""
    service = uow.get(ProductketenService)
    return bijdrage_json(service.bijdrage_deel3(actor, gebied_id), service.keten)


# -- uitvoeringsafspraken ---------------------------------------------------------------------------------


@router.get(
    "/novex-gebieden/{gebied_id}/dossier/afspraken",
    summary="De uitvoeringsafspraken van een NOVEX-gebied",
    description=BESCHRIJVING["afspraken"],
)
def afspraken(gebied_id: GebiedId, actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """The area's uitvoeringsafspraken, oldest first."""
    service = uow.get(ProductketenService)
    return [afspraak_json(a, service.keten) for a in service.afspraken(actor, gebied_id)]


@router.post(
    "/novex-gebieden/{gebied_id}/dossier/afspraken",
    status_code=201,
    summary="Een uitvoeringsafspraak toevoegen",
    description=BESCHRIJVING["add_afspraak"],
    response_class=JSONResponse,
)
def add_afspraak(request: Request, gebied_id: GebiedId, body: AfspraakIn, actor: ActorDep, uow: UowDep) -> JSONResponse:
    """Record a new uitvoeringsafspraak; 201 with its address in `Location`."""
    service = uow.get(ProductketenService)
    saved = service.add_afspraak(actor, gebied_id, body.onderwerp, body.tekst, body.eigenaar, body.status,
                                 body.deadline, body.ra_afspraken)  # fmt: skip
    location = str(request.url_for("api_uitvoeringsafspraak", gebied_id=gebied_id, afspraak_id=saved.id))
    return JSONResponse(afspraak_json(saved, service.keten), status_code=201, headers={"Location": location})


@router.get(
    "/novex-gebieden/{gebied_id}/dossier/afspraken/{afspraak_id}",
    summary="Eén uitvoeringsafspraak",
    description=BESCHRIJVING["afspraak"],
    name="api_uitvoeringsafspraak",
)
def afspraak(gebied_id: GebiedId, afspraak_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One uitvoeringsafspraak of the area."""
    service = uow.get(ProductketenService)
    return afspraak_json(service.afspraak(actor, gebied_id, afspraak_id), service.keten)


@router.put(
    "/novex-gebieden/{gebied_id}/dossier/afspraken/{afspraak_id}",
    summary="Een uitvoeringsafspraak wijzigen",
    description=BESCHRIJVING["update_afspraak"],
)
def update_afspraak(
    gebied_id: GebiedId, afspraak_id: Id, body: AfspraakUpdate, actor: ActorDep, uow: UowDep
) -> dict[str, Any]:
    """Replace an uitvoeringsafspraak's fields on the version read; stale: 409."""
    service = uow.get(ProductketenService)
    saved = service.update_afspraak(actor, gebied_id, afspraak_id, body.versie, body.onderwerp, body.tekst,
                                    body.eigenaar, body.status, body.deadline, body.ra_afspraken)  # fmt: skip
    return afspraak_json(saved, service.keten)


@router.delete(
    "/novex-gebieden/{gebied_id}/dossier/afspraken/{afspraak_id}",
    status_code=204,
    summary="Een uitvoeringsafspraak verwijderen",
    description=BESCHRIJVING["remove_afspraak"],
)
def remove_afspraak(
    gebied_id: GebiedId,
    afspraak_id: Id,
    actor: ActorDep,
    uow: UowDep,
    versie: Annotated[int, BeforeValidator(whole_digits), Query(ge=1, le=MAX_ID, description="De versie die u las.")],
    reden: Annotated[str, Query(min_length=1, max_length=2_000, description="Waarom (komt in het logboek).")],
) -> Response:
    """Delete a wrong uitvoeringsafspraak with a reason; the audit trail keeps its values."""
    uow.get(ProductketenService).verwijder_afspraak(actor, gebied_id, afspraak_id, versie, reden)
    return Response(status_code=204)
