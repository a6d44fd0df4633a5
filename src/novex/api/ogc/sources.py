"""The collections of the OGC API and where their features come from: novex's services, with the actor.

Every read goes through a service (`ClaimService`, `RestrictionService`, `ReferenceService`, `GebiedenService`,
`AnalysisService`) with the acting user, so the roles are the API's. Geometries stay in RD New here; the
router converts them to the asked CRS.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from novex.access import Actor
from novex.analysis.service import AnalysisService
from novex.api.routes.claims import claim_properties
from novex.bootstrap import UnitOfWork
from novex.claims.ports import ClaimFilter
from novex.claims.restrictions import RestrictionService
from novex.claims.service import ClaimService
from novex.errors import NotFound, NovexError
from novex.gebieden import present
from novex.gebieden.service import GebiedenService
from novex.reference.service import ReferenceService

Feature = tuple[Any, BaseGeometry, dict[str, Any]]
"""(id, geometry in RD New, flat properties)."""


class AnalysisPending(NovexError):
    """The first analysis is still being computed: there are no conflicts to show yet."""


@dataclass(frozen=True)
class Page:
    """One page of a collection's features and how many match in all."""

    features: list[Feature]
    matched: int


@dataclass(frozen=True)
class Collection:
    """A feature collection: id, Dutch title and description, and how to read its features."""

    id: str
    title: str
    description: str
    read: Callable[[UnitOfWork, Actor, BaseGeometry | None, int, int], Page]
    one: Callable[[UnitOfWork, Actor, str], Feature] | None = None


def flat(props: dict[str, Any]) -> dict[str, Any]:
    """Properties a GIS reads as columns: scalars kept, lists of scalars joined, anything else as JSON text."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None or isinstance(value, str | int | float | bool):
            out[key] = value
        elif isinstance(value, list | tuple) and all(isinstance(v, str | int | float) for v in value):
            out[key] = ", ".join(str(v) for v in value)
        else:
            out[key] = json.dumps(value, ensure_ascii=False, default=str)
    return out


def select(features: Sequence[Feature], where: BaseGeometry | None, offset: int, limit: int) -> Page:
    """The features intersecting `where` (all when None), one page of them."""
    if where is not None:
        shapely.prepare(where)
        features = [f for f in features if where.intersects(f[1])]
    return Page(list(features[offset : offset + limit]), len(features))


# -- claims ---------------------------------------------------------------------------------------------------


def _claim(c: Any) -> Feature:
    return c.id, c.geometry, flat(claim_properties(c))


def claims_reader(voorstel_id: int | None) -> Callable[[UnitOfWork, Actor, BaseGeometry | None, int, int], Page]:
    """Claims (of one voorstel, or all), paged in the database when no bbox is asked."""

    def read(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
        service = uow.get(ClaimService)
        if where is None and offset % limit == 0:
            found, total = service.page(actor, ClaimFilter(voorstel_id=voorstel_id), offset // limit + 1, limit)
            return Page([_claim(c) for c in found], total)
        candidates = service.list(actor, ClaimFilter(voorstel_id=voorstel_id, bbox=where.bounds if where else None))
        return select([_claim(c) for c in candidates], where, offset, limit)

    return read


def claim_one(voorstel_id: int | None) -> Callable[[UnitOfWork, Actor, str], Feature]:
    """One claim by id (in this voorstel, when the collection is one voorstel's)."""

    def one(uow: UnitOfWork, actor: Actor, feature_id: str) -> Feature:
        if not re.fullmatch(r"[0-9]{1,10}", feature_id) or not 1 <= int(feature_id) <= 2_147_483_647:
            raise NotFound(f"claim {feature_id[:40]!r} bestaat niet")
        c = uow.get(ClaimService).claim(actor, int(feature_id))
        if voorstel_id is not None and c.voorstel_id != voorstel_id:
            raise NotFound(f"claim {feature_id} hoort niet bij voorstel {voorstel_id}")
        return _claim(c)

    return one


# -- restriction layers, provinces, municipalities, NOVEX areas -----------------------------------------------


def restrictions_reader(layer_id: int) -> Callable[[UnitOfWork, Actor, BaseGeometry | None, int, int], Page]:
    """The areas of one restriction layer."""

    def read(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
        areas = [a for a in uow.get(RestrictionService).areas(actor) if a.layer.id == layer_id]
        return select([_restriction(a) for a in areas], where, offset, limit)

    return read


def _restriction(a: Any) -> Feature:
    props = {"naam": a.naam, "code": a.code, "status": a.status, "laag": a.layer.naam, "domein": a.layer.domein,
             "hardheid": str(a.layer.hardheid), "juridische_basis": a.layer.juridische_basis,
             "peildatum": a.layer.peildatum.isoformat(), "attributie": a.layer.attributie,
             "area_ha": round(a.area_ha, 4), "provincies": sorted(a.provincies)}  # fmt: skip
    return a.id, a.geometry, flat(props)


def read_provinces(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
    """The twelve provinces."""
    provinces = uow.get(ReferenceService).provinces(actor)
    features = [(p.code, p.geometry, {"code": p.code, "naam": p.naam, "landsdeel": p.landsdeel,
                                      "land_ha": round(p.land_ha, 2)}) for p in provinces]  # fmt: skip
    return select(features, where, offset, limit)


def read_municipalities(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
    """The municipalities."""
    found = uow.get(ReferenceService).municipalities(actor)
    features = [
        (m.code, m.geometry, {"code": m.code, "naam": m.naam, "provincie": m.provincie, "inwoners": m.inwoners,
                              "area_ha": round(m.area_ha, 2)})
        for m in found
    ]  # fmt: skip
    return select(features, where, offset, limit)


def read_gebieden(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
    """The NOVEX areas with their extent (indicative, or the official boundary VRO imported)."""
    service = uow.get(GebiedenService)
    features = [
        (g.id, b.geometry, flat(_gebied(present.samenvatting(g), present.begrenzing(b))))
        for g, b in zip(service.gebieden(actor), service.begrenzingen(actor), strict=True)
    ]
    return select(features, where, offset, limit)


def _gebied(samenvatting: dict[str, Any], begrenzing: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "naam", "afkorting", "typen", "provincies", "fase")
    return {k: samenvatting.get(k) for k in keep} | {"begrenzing": begrenzing.get("soort")}


# -- conflicts -------------------------------------------------------------------------------------------------


def read_conflicts(uow: UnitOfWork, actor: Actor, where: BaseGeometry | None, offset: int, limit: int) -> Page:
    """The conflicts of the newest complete national analysis, each as the overlap of its two parts."""
    report = uow.get(AnalysisService).state(actor).report
    if report is None:
        raise AnalysisPending("de analyse wordt nog berekend; probeer het over enkele seconden opnieuw")
    claim_ids = sorted({k for c in report.conflicts for k in c.claims if isinstance(k, int)})
    parts: dict[Any, BaseGeometry] = {}
    if claim_ids:
        parts |= {c.id: c.geometry for c in uow.get(ClaimService).list(actor, ClaimFilter(ids=claim_ids))}
    if any(isinstance(k, str) for c in report.conflicts for k in c.claims):
        parts |= {a.key: a.geometry for a in uow.get(RestrictionService).areas(actor)}
    features = []
    for c in report.conflicts:
        a, b = (parts.get(k) for k in c.claims)
        if a is None or b is None:
            continue
        props = {"id": c.id, "deel_a": str(c.claims[0]), "deel_b": str(c.claims[1]), "naam_a": c.names[0],
                 "naam_b": c.names[1], "domein_a": c.domains[0], "domein_b": c.domains[1], "area_ha": c.area_ha,
                 "ernst": c.severity, "grensoverschrijdend": c.crosses_border, "toelichting": c.rationale,
                 "laag": c.layer, "provincies": sorted(c.provinces)}  # fmt: skip
        features.append((c.id, shapely.intersection(a, b), flat(props)))
    return select(features, where, offset, limit)


# -- the list --------------------------------------------------------------------------------------------------


def collections(uow: UnitOfWork, actor: Actor) -> list[Collection]:
    """Every collection this actor may read, in a fixed order."""
    found = [
        Collection("claims", "Alle claims", "Alle ruimtelijke claims van alle voorstellen.",
                   claims_reader(None), claim_one(None)),
    ]  # fmt: skip
    for v in uow.get(ClaimService).voorstellen(actor):
        found.append(Collection(
            f"claims-voorstel-{v.id}", f"Claims van {v.naam} (versie {v.versie}, {v.provincie})",
            f"De claims van ruimtelijk voorstel {v.id}: {v.naam}, versie {v.versie} van {v.provincie}.",
            claims_reader(v.id), claim_one(v.id),
        ))  # fmt: skip
    for layer in uow.get(RestrictionService).layers(actor):
        found.append(Collection(
            f"beperkingen-{layer.id}", f"Beperking: {layer.naam}",
            f"Gebieden van de beperkingenlaag {layer.naam} ({layer.hardheid}; {layer.juridische_basis}; "
            f"peildatum {layer.peildatum.isoformat()}).",
            restrictions_reader(layer.id),
        ))  # fmt: skip
    found += [
        Collection("provincies", "Provincies", "De twaalf provincies (CBS-codes PV20–PV31).", read_provinces),
        Collection("gemeenten", "Gemeenten", "De gemeenten met CBS-code, provincie en inwoners.", read_municipalities),
        Collection("novex-gebieden", "NOVEX-gebieden", "De NOVEX-gebieden met hun begrenzing (indicatief, tenzij "
                   "een officiële grens is vastgelegd: eigenschap 'begrenzing').", read_gebieden),
        Collection("conflicten", "Conflicten", "De conflicten van de nieuwste landelijke analyse: de overlap van "
                   "twee claims, of van een claim en een beperking, met ernst en toelichting.", read_conflicts),
    ]  # fmt: skip
    return found


def collection(uow: UnitOfWork, actor: Actor, collection_id: str) -> Collection:
    """One collection by id; `NotFound` in Dutch otherwise."""
    for c in collections(uow, actor):
        if c.id == collection_id:
            return c
    raise NotFound(f"collectie {collection_id[:80]!r} bestaat niet; zie /ogc/v1/collections")


def one_feature(uow: UnitOfWork, actor: Actor, found: Collection, feature_id: str) -> Feature:
    """One feature of a collection by id (through the collection's own lookup, or its list)."""
    if found.one is not None:
        return found.one(uow, actor, feature_id)
    page = found.read(uow, actor, None, 0, 1_000_000)
    for feature in page.features:
        if str(feature[0]) == feature_id:
            return feature
    raise NotFound(f"object {feature_id[:80]!r} bestaat niet in collectie {found.id!r}")
