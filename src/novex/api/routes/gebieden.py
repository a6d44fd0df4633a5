"""The NOVEX areas and the national programmes in the API: /api/v1/novex-gebieden, /api/v1/programmas.

An area is a GeoJSON Feature (RFC 7946; WGS84 by default, RD New or ETRS89 with `Accept-Crs`) whose
geometry is its extent — indicative, derived from the factsheet's *Ligging* in seed 004, unless VRO
imported an official boundary (`properties.begrenzing` says which, and from what). Its properties hold
the whole factsheet of seed 004 Bijlage 3, each field with its citation, and the entry of seed 003
Bijlage I. The rights are the service's (`novex.gebieden.service`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Query, Request, Response, UploadFile
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from novex.api.deps import CrsDep
from novex.api.geojson import feature_collection, geojson_response
from novex.dialogue.service import VraagstukService
from novex.edge.deps import ActorDep, UowDep, whole_digits, work_dir
from novex.edge.uploads import saved_upload
from novex.gebieden import present
from novex.gebieden.service import GebiedenService
from novex.reference.provinces import ATTRIBUTION

router = APIRouter(tags=["novex-gebieden"])

GebiedId = Annotated[
    str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Id van het NOVEX-gebied, bijv. novex-groene-hart.")
]
Simplify = Annotated[float, Query(ge=0, le=10_000, description="Vereenvoudig de grenzen tot zoveel meter.")]
MinConflict = Annotated[
    float,
    Query(
        alias="minConflictHa", ge=0, le=1_000_000, allow_inf_nan=False, description="Kleinste conflict dat telt, in ha."
    ),
]
Versie = Annotated[
    int | None,
    BeforeValidator(whole_digits),
    Query(ge=1, le=2_147_483_647, description="De versie van de grens die u las."),
]


def _feature(uow: Any, actor: Any, gebied_id: str) -> tuple[str, Any, dict[str, Any]]:
    service = uow.get(GebiedenService)
    gebied, begrenzing = service.gebied(actor, gebied_id), service.begrenzing(actor, gebied_id)
    return gebied.id, begrenzing.geometry, present.detail(gebied) | {"begrenzing": present.begrenzing(begrenzing)}


@router.get(
    "/novex-gebieden",
    summary="De zestien NOVEX-gebieden (GeoJSON)",
    response_class=Response,
    description=(
        "Elk gebied als Feature met zijn begrenzing (vereenvoudigd tot `simplify` meter) en de samenvatting: "
        "`naam`, `trekker`, `provincies`, `fase`, het afgeleide type. De begrenzing is indicatief (afgeleid uit "
        "de ligging in seed 004) tenzij VRO een officiële grens importeerde: `begrenzing.soort`."
    ),
)
def gebieden(actor: ActorDep, uow: UowDep, crs: CrsDep, simplify: Simplify = 50.0) -> Response:
    """The sixteen areas as a FeatureCollection."""
    service = uow.get(GebiedenService)
    items = [
        (g.id, b.geometry, present.samenvatting(g) | {"begrenzing": present.begrenzing(b)})
        for g, b in zip(service.gebieden(actor), service.begrenzingen(actor), strict=True)
    ]
    return geojson_response(feature_collection(items, crs, simplify, {"attributie": ATTRIBUTION}), crs)


@router.get(
    "/novex-gebieden/{gebied_id}",
    summary="Eén NOVEX-gebied met zijn hele factsheet (GeoJSON Feature)",
    response_class=Response,
    description=(
        "De begrenzing als geometrie; in `properties` de factsheet van seed 004 Bijlage 3 veld voor veld "
        "(`kop`, `waarde`, `bron`), de vermelding in seed 003 Bijlage I (`programma2022`) en hoe de "
        "begrenzing tot stand kwam (`begrenzing`)."
    ),
)
def gebied(gebied_id: GebiedId, actor: ActorDep, uow: UowDep, crs: CrsDep) -> Response:
    """One area with its full geometry."""
    feature = feature_collection([_feature(uow, actor, gebied_id)], crs)["features"][0]
    return geojson_response(feature | {"attributie": ATTRIBUTION}, crs)


@router.get(
    "/novex-gebieden/{gebied_id}/analyse",
    summary="Claims, stapeling, conflicten en beperkingen binnen een NOVEX-gebied",
    description=(
        "De ruimtelijke puzzel over de claims en beperkingen, elk bijgesneden tot de begrenzing van het gebied: "
        "alle oppervlakten liggen binnen het gebied."
    ),
)
def analyse(gebied_id: GebiedId, actor: ActorDep, uow: UowDep, min_conflict_ha: MinConflict = 1.0) -> dict[str, Any]:
    """The analysis inside one area."""
    return present.analyse(uow.get(GebiedenService).analyse(actor, gebied_id, min_conflict_ha))


@router.put(
    "/novex-gebieden/{gebied_id}/grens",
    summary="De officiële grens van een NOVEX-gebied vastleggen (VRO)",
    response_class=Response,
    description=(
        "Een GeoJSON- of GeoPackage-bestand met de grens (alle vlakken samen); RD New of WGS84. Vervangt de "
        "indicatieve begrenzing, of een eerdere officiële grens als `versie` die versie noemt (anders 409)."
    ),
)
def leg_grens_vast(
    request: Request,
    gebied_id: GebiedId,
    actor: ActorDep,
    uow: UowDep,
    crs: CrsDep,
    bestand: Annotated[UploadFile, File(description="GeoJSON of GeoPackage met de grens.")],
    bron: Annotated[str, Form(min_length=1, max_length=500, description="Waar de grens vandaan komt.")],
    peildatum: Annotated[date, Form(description="Peildatum JJJJ-MM-DD.")],
    attributie: Annotated[str | None, Form(max_length=500, description="Bronvermelding.")] = None,
    versie: Annotated[
        int | None, BeforeValidator(whole_digits), Form(ge=1, le=2_147_483_647, description="Versie die u vervangt.")
    ] = None,
) -> Response:
    """Import an official boundary; the answer is the area's Feature with it."""
    service = uow.get(GebiedenService)
    service.mag_grens_vastleggen(actor)  # a role without the right is refused before its file is read
    with saved_upload(work_dir(request, "uploads"), bestand) as upload:
        service.leg_grens_vast(actor, gebied_id, upload.path, bron, peildatum, attributie, upload.name, versie)
    feature = feature_collection([_feature(uow, actor, gebied_id)], crs)["features"][0]
    return geojson_response(feature | {"attributie": ATTRIBUTION}, crs)


@router.delete(
    "/novex-gebieden/{gebied_id}/grens",
    status_code=204,
    summary="De officiële grens verwijderen (VRO): weer indicatief",
)
def verwijder_grens(
    gebied_id: GebiedId,
    actor: ActorDep,
    uow: UowDep,
    reden: Annotated[str, Query(min_length=1, max_length=500, description="Waarom de grens vervalt.")],
    versie: Versie = None,
) -> Response:
    """Remove the official boundary."""
    uow.get(GebiedenService).verwijder_grens(actor, gebied_id, reden, versie)
    return Response(status_code=204)


@router.get(
    "/programmas",
    summary="Het register van nationale programma's",
    description=(
        "De nationale programma's van seed 003 Bijlage II (vijf groepen; het dubbel genoemde programma één keer) "
        "en de nieuwere namen van seed 002, plus wat VRO toevoegde: `naam`, `groep`, `verantwoordelijk` zoals de "
        "bron ze schrijft, `geldigheid`, `bron` en de NOVEX-gebieden waarvan de factsheet ernaar verwijst."
    ),
)
def programmas(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """The national programmes."""
    places = uow.get(VraagstukService).registers(actor).places
    return present.programmas(places, uow.get(GebiedenService).gebieden(actor))


class ProgrammaIn(BaseModel):
    """A national programme added to the register by VRO, with its source and the dates it is valid."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$", description="Nieuwe id, bijv. programma-mooi-nederland-2.")
    naam: str = Field(min_length=1, max_length=500)
    groep: str | None = Field(default=None, max_length=500)
    verantwoordelijk: str | None = Field(default=None, max_length=500, description="Bewindspersoon, zoals de bron.")
    bron: str = Field(min_length=1, max_length=500, description="Waar het programma staat (document, datum).")
    geldig_vanaf: date = Field(alias="geldigVanaf", description="Vanaf wanneer het programma geldt.")
    geldig_tot: date | None = Field(default=None, alias="geldigTot", description="Tot wanneer, als dat bekend is.")


@router.post(
    "/programmas",
    status_code=201,
    summary="Een nationaal programma toevoegen (VRO)",
    description="Met bron en geldigheidsdatums; daarna een plek om een vraagstuk elders te beleggen.",
)
def voeg_programma_toe(body: ProgrammaIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Add a national programme to the open register."""
    service = uow.get(VraagstukService)
    values = {
        "id": body.id, "naam": body.naam, "soort": "nationaal-programma", "groep": body.groep,
        "verantwoordelijk": body.verantwoordelijk, "bron": body.bron, "geldig_vanaf": body.geldig_vanaf,
        "geldig_tot": body.geldig_tot,
    }  # fmt: skip
    service.add_register_entry(actor, "plek", values)
    (added,) = [p for p in present.programmas(service.registers(actor).places, []) if p["id"] == body.id]
    return added
