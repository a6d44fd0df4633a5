"""Scenarios in the API: /api/v1/scenarios — make, change, undo and redo, analyse, compare, promote.

A scenario is a what-if over the current voorstellen: a base and an ordered list of changes (move,
reshape, remove, add a claim, a new quantity, domain or status, part of a goal shifted between two
provinces). It never changes the real voorstellen; only a promotion makes a new voorstel version or a
proposal for part 2 of a Ruimtelijk Arrangement. A change names the version it was made on (`versie`
in the body, or `If-Match`); a stale one is a 409 with `currentVersion`. A new geometry is GeoJSON in
the CRS of `Content-Crs` (WGS84 by default, as for claims) and passes the import's own rules
(`novex.claims.geometrie`). The rights are the service's (`novex.scenarios.service`).

The fixed path `/scenarios/vergelijking` is declared before `/scenarios/{scenario_id}`.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Header, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from novex.api.deps import crs_named
from novex.claims.geometrie import geometry_from_file, geometry_from_text
from novex.claims.model import ClaimDraft, ClaimStatus
from novex.edge.deps import ActorDep, Id, UowDep, whole_digits, work_dir
from novex.edge.uploads import saved_upload
from novex.errors import InvalidInput, NovexError
from novex.geo.geometrie_tekst import crs_name
from novex.geo.hygiene import GeometryRejected
from novex.scenarios import present
from novex.scenarios.model import Scenario, Soort, Verschuiving, Wijziging
from novex.scenarios.service import ScenarioService

router = APIRouter(tags=["scenario's"])

MAX_ID = 2_147_483_647
MAX_HOEVEELHEID = 1e12
"""Larger amounts are typing errors (the whole national housing goal is 900.000)."""

HerstelParam = Annotated[
    bool, Query(description="Ook ongeldige geometrie herstellen als het herstel de vorm verandert (een strik).")
]
MinConflict = Annotated[
    float,
    Query(
        alias="minConflictHa", ge=0, le=1_000_000, allow_inf_nan=False, description="Kleinste conflict dat telt, in ha."
    ),
]
IfMatch = Annotated[str | None, Header(alias="If-Match", description="De versie die u las (of `versie` in de body).")]
ContentCrs = Annotated[
    str | None,
    Header(alias="Content-Crs", description="CRS van `geometrie`: epsg:28992, epsg:4326 (standaard) of epsg:4258."),
]
Versie = Annotated[int | None, Field(ge=1, le=MAX_ID, strict=True, description="De versie van het scenario die u las.")]
Hoeveelheid = Annotated[float, Field(ge=-MAX_HOEVEELHEID, le=MAX_HOEVEELHEID, allow_inf_nan=False, strict=True)]
"""A JSON number: "12" and true are no amounts (strict), as `versie` and `claim` are no strings."""
Meters = Annotated[float | None, Field(allow_inf_nan=False, strict=True)]
Tekst = Annotated[str, Field(max_length=2000)]

BESCHRIJVING = {
    "lijst": "Alle scenario's (iedere rol leest ze): id, naam, eigenaar, basis, hoeveel wijzigingen gelden.",
    "nieuw": (
        "Een leeg scenario over de huidige voorstellen; met `basis` staat die voorstelversie in plaats van de "
        "nieuwste versie van dat voorstel. `gedeeld`: iedereen met uw rol (en provincie) mag het wijzigen, anders "
        "alleen u. 201 met het adres in `Location`."
    ),
    "scenario": (
        "Het scenario met zijn wijzigingen in volgorde (`actief`: geldt, of ongedaan gemaakt en open voor "
        "opnieuw), `versie` (ook als `ETag`) en of u het mag wijzigen (`magWijzigen`). Geometrie als WKT in RD New."
    ),
    "verwijder": "Verwijder een scenario (de eigenaar); het logboek bewaart wat het bevatte.",
    "wijziging": (
        "Voeg een wijziging toe na de geldende (ongedane wijzigingen erna vervallen); alles of niets. Per `soort` "
        "alleen zijn eigen velden: `verplaatsen` (`claim`, `dx`, `dy` in meter), `vorm` (`claim`, `geometrie`), "
        "`verwijderen` (`claim`), `hoeveelheid` (`claim`, `hoeveelheid`), `domein` (`claim`, `domein`), `status` "
        "(`claim`, `status`), `toevoegen` (`naam`, `domein`, `geometrie`, eventueel `voorstel`, `hoeveelheid` met "
        "`eenheid`, `doel`, `status`) en `verschuiving` (`verschuiving`: `doel`, `van`, `naar`, `hoeveelheid`). "
        "`geometrie` is een GeoJSON-geometrie (Polygon of MultiPolygon) in het CRS van `Content-Crs` (standaard "
        "WGS84) en gaat door de regels van de import. Een claim die het scenario toevoegde heeft een negatief id."
    ),
    "bestand": (
        "Een wijziging met de geometrie uit een bestand (GeoJSON of GeoPackage met één feature; RD New of WGS84, "
        "zoals bij de import): `vorm` van claim `claim`, of `toevoegen` met `naam` en `domein`."
    ),
    "ongedaan": "Maak de laatste geldende wijziging ongedaan (ze blijft beschikbaar voor opnieuw).",
    "opnieuw": "Doe de eerste ongedane wijziging opnieuw.",
    "analyse": (
        "De landelijke analyse van het scenario (het rapport van /analyse), met de verschuivingen van doelen en de "
        "wijzigingen die niet meer gelden (`overgeslagen`: hun claim verdween uit de basis)."
    ),
    "vergelijking": (
        "De basis en één tot vier scenario's naast elkaar (`scenario` herhalen): doelen met hun tekort, de "
        "grondbalans per provincie, conflicten (aantal, ha, ernst, nieuw en opgelost), beperkingen en wat verplaatst "
        "is (WKT in RD New). De scenario's hebben dezelfde basis."
    ),
    "promotie": (
        "Neem de wijzigingen van het scenario voor één provincie over: `naar=voorstel` maakt van elk geraakt "
        "voorstel van die provincie een nieuwe versie (het recht om haar claims te bewerken is nodig); "
        "`naar=arrangement` maakt er één afspraak van in deel 2 van arrangement `arrangement` (met de `versie` "
        "die u las; het recht om dat arrangement te bewerken is nodig)."
    ),
}
"""The Dutch description of each operation in the OpenAPI document (the docstrings are for the code)."""


class Strict(BaseModel):
    """Request bodies: camelCase fields, unknown fields refused."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, populate_by_name=False)


class ScenarioIn(Strict):
    """A new scenario."""

    naam: Annotated[str, Field(min_length=1, max_length=200, description="Een naam met letters (cijfers: het id).")]
    basis: Annotated[int | None, Field(ge=1, le=MAX_ID, strict=True, description="Basisvoorstel (id).")] = None
    omschrijving: Tekst = ""
    gedeeld: Annotated[bool, Field(description="Iedereen met uw rol (en provincie) mag het wijzigen.")] = False


class VerschuivingIn(Strict):
    """Part of a national goal moved from one province's share to another's."""

    doel: Annotated[str, Field(min_length=1, max_length=200, description="Het landelijke doel (id).")]
    van: Annotated[str, Field(min_length=1, max_length=40, description="Provincie (CBS-code, bijv. PV21).")]
    naar: Annotated[str, Field(min_length=1, max_length=40, description="Provincie (CBS-code, bijv. PV26).")]
    hoeveelheid: Hoeveelheid


class WijzigingIn(Strict):
    """One change; which fields belong to it depends on `soort`."""

    soort: Annotated[Soort, Field(description="Wat de wijziging doet.")]
    claim: Annotated[int | None, Field(ge=-MAX_ID, le=MAX_ID, strict=True, description="De claim (id).")] = None
    dx: Annotated[Meters, Field(description="Verplaatsing naar het oosten (m).")] = None
    dy: Annotated[Meters, Field(description="Verplaatsing naar het noorden (m).")] = None
    geometrie: Annotated[
        dict[str, Any] | None, Field(description="GeoJSON-geometrie (Polygon of MultiPolygon) in `Content-Crs`.")
    ] = None
    naam: Annotated[str | None, Field(min_length=1, max_length=300)] = None
    domein: Annotated[str | None, Field(min_length=1, max_length=100)] = None
    status: ClaimStatus | None = None
    hoeveelheid: Hoeveelheid | None = None
    eenheid: Annotated[str | None, Field(min_length=1, max_length=50)] = None
    doel: Annotated[str | None, Field(min_length=1, max_length=200, description="Catalogusdoel van de claim.")] = None
    voorstel: Annotated[
        int | None, Field(ge=1, le=MAX_ID, strict=True, description="Voorstel van de nieuwe claim.")
    ] = None
    verschuiving: VerschuivingIn | None = None
    reden: Tekst = ""
    versie: Versie = None


class VersieIn(Strict):
    """The version read (or send `If-Match`)."""

    versie: Versie = None


class PromotieIn(Strict):
    """Where a scenario's changes for one province go."""

    provincie: Annotated[str, Field(min_length=1, max_length=40, description="CBS-code, bijv. PV26.")]
    naar: Literal["voorstel", "arrangement"] = "voorstel"
    arrangement: Annotated[int | None, Field(ge=1, le=MAX_ID, strict=True, description="Het arrangement (id).")] = None
    versie: Annotated[
        int | None, Field(ge=1, le=MAX_ID, strict=True, description="De versie van het arrangement die u las.")
    ] = None


VELDEN: dict[Soort, tuple[frozenset[str], frozenset[str]]] = {
    Soort.VERPLAATSEN: (frozenset({"claim", "dx", "dy"}), frozenset()),
    Soort.VORM: (frozenset({"claim", "geometrie"}), frozenset()),
    Soort.VERWIJDEREN: (frozenset({"claim"}), frozenset()),
    Soort.HOEVEELHEID: (frozenset({"claim", "hoeveelheid"}), frozenset()),
    Soort.DOMEIN: (frozenset({"claim", "domein"}), frozenset()),
    Soort.STATUS: (frozenset({"claim", "status"}), frozenset()),
    Soort.TOEVOEGEN: (
        frozenset({"naam", "domein", "geometrie"}),
        frozenset({"voorstel", "hoeveelheid", "eenheid", "doel", "status"}),
    ),
    Soort.VERSCHUIVING: (frozenset({"verschuiving"}), frozenset()),
}
"""Per kind of change: the fields it needs, and the fields it may have (beside `soort`, `reden`, `versie`)."""


def claim_digits(value: object) -> object:
    """A claim id typed in a form: ASCII digits, a minus for an added claim ('1.0', '+1', '1_0' are no ids)."""
    if isinstance(value, str) and not re.fullmatch(r"-?[0-9]{1,10}", value):
        raise ValueError("is geen geheel getal")
    return value


def _version(sent: int | None, if_match: str | None) -> int:
    """The version the client read: `versie` in the body, or `If-Match`; one of them is needed."""
    if sent is not None:
        return sent
    if if_match:
        text = if_match.strip().removeprefix("W/").strip('"')
        if re.fullmatch(r"[0-9]{1,10}", text) and 1 <= int(text) <= MAX_ID:
            return int(text)
        raise InvalidInput(f"If-Match {if_match[:40]!r} is geen versienummer")
    raise InvalidInput("geef de versie die u wijzigt: 'versie' in de body of de header If-Match")


def _checked_fields(body: WijzigingIn) -> None:
    """The fields of this kind of change are there, and no field of another kind; each named in Dutch."""
    needed, optional = VELDEN[body.soort]
    given = {f for f in body.model_fields_set if getattr(body, f) is not None} - {"soort", "reden", "versie"}
    problems = [f"{f}: hoort niet bij een wijziging van soort {body.soort}" for f in sorted(given - needed - optional)]
    problems += [f"{f}: ontbreekt (nodig voor soort {body.soort})" for f in sorted(needed - given)]
    if body.soort is Soort.TOEVOEGEN and (body.hoeveelheid is None) != (body.eenheid is None):
        problems.append("hoeveelheid en eenheid horen samen")
    if problems:
        raise InvalidInput("; ".join(problems))


def _geometry(geometrie: dict[str, Any], content_crs: str | None, herstel: bool) -> Any:
    """A GeoJSON geometry in `Content-Crs` (else its own `crs` member, else WGS84), under the import's rules.

    A `crs` member is one of the CRSs the API serves, and agrees with `Content-Crs` when both are given:
    coordinates whose CRS two places name differently are refused rather than read in one of them.
    """
    given = dict(geometrie)
    try:
        own = crs_name(given)
    except GeometryRejected as exc:
        raise InvalidInput(f"geometrie: {exc}") from None
    if own is not None:
        own_crs = _served_crs(own)
        if content_crs is not None and own_crs != crs_named(content_crs):
            raise InvalidInput(f"geometrie: 'crs' noemt {own[:60]!r}, maar Content-Crs zegt {content_crs[:40]!r}; "
                               "laat 'crs' weg of laat ze hetzelfde zeggen")  # fmt: skip
    if content_crs is not None:
        name = crs_named(content_crs)
        given["crs"] = {"type": "name", "properties": {"name": name}}
    try:
        text = json.dumps(given, allow_nan=True)
    except (TypeError, ValueError):
        raise InvalidInput("geometrie: geen geldige GeoJSON-geometrie") from None
    return geometry_from_text(text, herstel, "geometrie").geometry


def _served_crs(name: str) -> str:
    """The served CRS (as `crs_named` writes it) a GeoJSON `crs` name stands for; refused when it is another."""
    code = re.fullmatch(r"\s*(?:urn:ogc:def:crs:)?EPSG:+(?:[0-9.]*:)?([0-9]{4,5})\s*", name, re.I)
    short = {"CRS84": "4326"}.get(name.strip().rsplit(":", 1)[-1].upper())
    try:
        return crs_named(f"epsg:{code.group(1) if code else short}")
    except NovexError:
        raise InvalidInput(
            f"geometrie: 'crs' noemt {name[:60]!r}; de API leest epsg:28992, epsg:4326 of epsg:4258 (zie Content-Crs)"
        ) from None


def _change(body: WijzigingIn, content_crs: str | None, herstel: bool) -> Wijziging:
    """The domain change a body describes (the service checks its values against the scenario)."""
    _checked_fields(body)
    geometry = None if body.geometrie is None else _geometry(body.geometrie, content_crs, herstel)
    if body.soort is Soort.TOEVOEGEN:
        draft = ClaimDraft(
            naam=body.naam or "", domein=body.domein or "", geometry=geometry, hoeveelheid=body.hoeveelheid,
            eenheid=body.eenheid, doel_id=body.doel, status=body.status or ClaimStatus.IDEE,
        )  # fmt: skip
        return Wijziging(Soort.TOEVOEGEN, draft=draft, voorstel_id=body.voorstel, reden=body.reden)
    move = body.verschuiving
    return Wijziging(
        body.soort,
        claim_id=body.claim,
        dx=body.dx,
        dy=body.dy,
        geometry=geometry,
        hoeveelheid=body.hoeveelheid,
        domein=body.domein,
        status=body.status,
        verschuiving=None if move is None else Verschuiving(move.doel, move.van, move.naar, move.hoeveelheid),
        reden=body.reden,
    )


def _scenario(service: ScenarioService, actor: Any, scenario: Scenario, status_code: int = 200) -> JSONResponse:
    """A scenario as JSON with `magWijzigen`, and its version as `ETag`."""
    body = present.scenario(scenario) | {"magWijzigen": service.mag_wijzigen(actor, scenario)}
    return JSONResponse(body, status_code=status_code, headers={"ETag": f'"{scenario.version}"'})


# -- the collection and the comparison --------------------------------------------------------------------


@router.get("/scenarios", summary="Scenario's", description=BESCHRIJVING["lijst"])
def scenarios(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Every scenario, by name."""
    return [present.samenvatting(s) for s in uow.get(ScenarioService).scenarios(actor)]


@router.post(
    "/scenarios", status_code=201, summary="Nieuw scenario", description=BESCHRIJVING["nieuw"],
    response_class=JSONResponse,
)  # fmt: skip
def nieuw(request: Request, body: ScenarioIn, actor: ActorDep, uow: UowDep) -> JSONResponse:
    """Make an empty scenario; 201 with its address in `Location`."""
    service = uow.get(ScenarioService)
    made = service.nieuw(actor, body.naam, body.basis, body.omschrijving, body.gedeeld)
    response = _scenario(service, actor, made, 201)
    response.headers["Location"] = str(request.url_for("api_scenario", scenario_id=made.id))
    return response


@router.get(
    "/scenarios/vergelijking",
    summary="De basis en één tot vier scenario's naast elkaar",
    description=BESCHRIJVING["vergelijking"],
)
def vergelijking(
    actor: ActorDep,
    uow: UowDep,
    scenario: Annotated[
        list[Annotated[int, BeforeValidator(whole_digits), Field(ge=1, le=MAX_ID)]],
        Query(min_length=1, max_length=4, description="Een scenario (id); herhaal voor meer (hoogstens vier)."),
    ],
    min_conflict_ha: MinConflict = 1.0,
) -> dict[str, Any]:
    """The base and the scenarios side by side."""
    return present.vergelijking(uow.get(ScenarioService).vergelijk(actor, scenario, min_conflict_ha))


# -- one scenario --------------------------------------------------------------------------------------------


@router.get(
    "/scenarios/{scenario_id}", summary="Eén scenario met zijn wijzigingen", description=BESCHRIJVING["scenario"],
    name="api_scenario", response_class=JSONResponse,
)  # fmt: skip
def scenario(scenario_id: Id, actor: ActorDep, uow: UowDep) -> JSONResponse:
    """One scenario."""
    service = uow.get(ScenarioService)
    return _scenario(service, actor, service.scenario(actor, scenario_id))


@router.delete(
    "/scenarios/{scenario_id}",
    status_code=204,
    summary="Een scenario verwijderen",
    description=BESCHRIJVING["verwijder"],
)
def verwijder(scenario_id: Id, actor: ActorDep, uow: UowDep) -> Response:
    """Remove a scenario."""
    uow.get(ScenarioService).verwijder(actor, scenario_id)
    return Response(status_code=204)


@router.post(
    "/scenarios/{scenario_id}/wijzigingen", summary="Een wijziging toevoegen", description=BESCHRIJVING["wijziging"],
    response_class=JSONResponse,
)  # fmt: skip
def wijzig(
    scenario_id: Id,
    body: WijzigingIn,
    actor: ActorDep,
    uow: UowDep,
    content_crs: ContentCrs = None,
    if_match: IfMatch = None,
    herstel: HerstelParam = False,
) -> JSONResponse:
    """Add a change on the version read; the answer is the scenario."""
    service = uow.get(ScenarioService)
    version = _version(body.versie, if_match)
    service.bewerkbaar(actor, scenario_id, version)  # who may not, or a stale version, is refused before the rest
    saved = service.wijzig(actor, scenario_id, _change(body, content_crs, herstel), version)
    return _scenario(service, actor, saved)


@router.post(
    "/scenarios/{scenario_id}/wijzigingen/bestand", summary="Een wijziging met de geometrie uit een bestand",
    description=BESCHRIJVING["bestand"], response_class=JSONResponse,
)  # fmt: skip
def wijzig_met_bestand(
    request: Request,
    scenario_id: Id,
    actor: ActorDep,
    uow: UowDep,
    bestand: Annotated[UploadFile, File(description="GeoJSON of GeoPackage met één feature.")],
    soort: Annotated[Literal["vorm", "toevoegen"], Form(description="vorm of toevoegen.")],
    versie: Annotated[int, BeforeValidator(whole_digits), Form(ge=1, le=MAX_ID, description="De versie die u las.")],
    claim: Annotated[
        int | None,
        BeforeValidator(claim_digits),
        Form(ge=-MAX_ID, le=MAX_ID, description="Vorm: de claim (id; negatief: toegevoegd)."),
    ] = None,
    naam: Annotated[str | None, Form(min_length=1, max_length=300, description="Toevoegen: de naam.")] = None,
    domein: Annotated[str | None, Form(min_length=1, max_length=100, description="Toevoegen: het domein.")] = None,
    voorstel: Annotated[int | None, BeforeValidator(whole_digits), Form(ge=1, le=MAX_ID)] = None,
    reden: Annotated[str, Form(max_length=2000)] = "",
    herstel: HerstelParam = False,
) -> JSONResponse:
    """Add a reshape or a new claim whose geometry comes from a file; the answer is the scenario."""
    service = uow.get(ScenarioService)
    service.bewerkbaar(actor, scenario_id, versie)  # a role without the right is refused before its file is read
    kind = Soort(soort)
    fields = {"claim": claim, "naam": naam, "domein": domein, "voorstel": voorstel}
    given = {f for f, v in fields.items() if v is not None} | {"geometrie"}
    needed, optional = VELDEN[kind]
    problems = [f"{f}: hoort niet bij een wijziging van soort {kind}" for f in sorted(given - needed - optional)]
    problems += [f"{f}: ontbreekt (nodig voor soort {kind})" for f in sorted(needed - given)]
    if problems:
        raise InvalidInput("; ".join(problems))
    with saved_upload(work_dir(request, "uploads"), bestand) as upload:
        geometry = geometry_from_file(upload.path, upload.name, herstel).geometry
    if kind is Soort.TOEVOEGEN:
        change = Wijziging(
            kind, draft=ClaimDraft(naam or "", domein or "", geometry), voorstel_id=voorstel, reden=reden
        )
    else:
        change = Wijziging(kind, claim_id=claim, geometry=geometry, reden=reden)
    return _scenario(service, actor, service.wijzig(actor, scenario_id, change, versie))


@router.post(
    "/scenarios/{scenario_id}/ongedaan", summary="De laatste wijziging ongedaan maken",
    description=BESCHRIJVING["ongedaan"], response_class=JSONResponse,
)  # fmt: skip
def ongedaan(
    scenario_id: Id, actor: ActorDep, uow: UowDep, body: VersieIn | None = None, if_match: IfMatch = None
) -> JSONResponse:
    """Undo the last change in effect; the answer is the scenario."""
    service = uow.get(ScenarioService)
    version = _version(body.versie if body else None, if_match)
    return _scenario(service, actor, service.ongedaan(actor, scenario_id, version))


@router.post(
    "/scenarios/{scenario_id}/opnieuw", summary="Een ongedane wijziging opnieuw doen",
    description=BESCHRIJVING["opnieuw"], response_class=JSONResponse,
)  # fmt: skip
def opnieuw(
    scenario_id: Id, actor: ActorDep, uow: UowDep, body: VersieIn | None = None, if_match: IfMatch = None
) -> JSONResponse:
    """Redo the first undone change; the answer is the scenario."""
    service = uow.get(ScenarioService)
    version = _version(body.versie if body else None, if_match)
    return _scenario(service, actor, service.opnieuw(actor, scenario_id, version))


@router.get(
    "/scenarios/{scenario_id}/analyse",
    summary="De landelijke analyse van een scenario",
    description=BESCHRIJVING["analyse"],
)
def analyse(scenario_id: Id, actor: ActorDep, uow: UowDep, min_conflict_ha: MinConflict = 1.0) -> dict[str, Any]:
    """The scenario's national analysis."""
    return present.analyse(uow.get(ScenarioService).analyse(actor, scenario_id, min_conflict_ha))


@router.post(
    "/scenarios/{scenario_id}/promotie", summary="Een scenario promoveren (voorstelversie of deel 2 van een RA)",
    description=BESCHRIJVING["promotie"],
)  # fmt: skip
def promoveer(scenario_id: Id, body: PromotieIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Carry the scenario's changes for one province into its voorstellen or its arrangement."""
    made = uow.get(ScenarioService).promoveer(actor, scenario_id, body.provincie, body.naar, body.arrangement,
                                              body.versie)  # fmt: skip
    return present.promotie(made)
