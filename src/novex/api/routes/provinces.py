"""Provinces and municipalities (read), with geometry as GeoJSON."""

from __future__ import annotations

from fastapi import APIRouter, Response

from novex.api.deps import CrsDep
from novex.api.geojson import feature_collection, geojson_response
from novex.api.schemas import ProvinceOut
from novex.edge.deps import ActorDep, UowDep
from novex.reference.provinces import ATTRIBUTION, Province
from novex.reference.service import ReferenceService

router = APIRouter(prefix="/provincies", tags=["provincies"])


def _out(p: Province) -> dict:
    return ProvinceOut(code=p.code, naam=p.naam, landsdeel=p.landsdeel, land_ha=round(p.land_ha, 2)).model_dump()


@router.get("", summary="De twaalf provincies (GeoJSON)", response_class=Response)
def provinces(actor: ActorDep, uow: UowDep, crs: CrsDep, simplify: float = 50.0) -> Response:
    """The provinces as a FeatureCollection (geometry simplified to `simplify` metres)."""
    items = [(p.code, p.geometry, _out(p)) for p in uow.get(ReferenceService).provinces(actor)]
    body = feature_collection(items, crs, max(simplify, 0.0), {"attributie": ATTRIBUTION})
    return geojson_response(body, crs)


@router.get("/{code}", summary="Eén provincie (GeoJSON Feature)", response_class=Response)
def province(code: str, actor: ActorDep, uow: UowDep, crs: CrsDep) -> Response:
    """One province with its full geometry."""
    p = uow.get(ReferenceService).province(actor, code)
    feature = feature_collection([(p.code, p.geometry, _out(p))], crs)["features"][0]
    return geojson_response(feature | {"attributie": ATTRIBUTION}, crs)
