"""Provinces and municipalities (read), with geometry as GeoJSON."""

from __future__ import annotations

from fastapi import APIRouter, Response

from novex.access import Action, require
from novex.api.deps import ActorDep, CrsDep
from novex.api.geojson import feature_collection, geojson_response
from novex.api.schemas import ProvinceOut
from novex.reference.provinces import ATTRIBUTION, province_index

router = APIRouter(prefix="/provincies", tags=["provincies"])


@router.get("", summary="De twaalf provincies (GeoJSON)", response_class=Response)
def provinces(actor: ActorDep, crs: CrsDep, simplify: float = 50.0) -> Response:
    """The provinces as a FeatureCollection (geometry simplified to `simplify` metres)."""
    require(actor, Action.READ)
    items = [(p.code, p.geometry, ProvinceOut(code=p.code, naam=p.naam, landsdeel=p.landsdeel,
              land_ha=round(p.land_ha, 2)).model_dump()) for p in province_index().provinces]  # fmt: skip
    body = feature_collection(items, crs, max(simplify, 0.0), {"attributie": ATTRIBUTION})
    return geojson_response(body, crs)


@router.get("/{code}", summary="Eén provincie (GeoJSON Feature)", response_class=Response)
def province(code: str, actor: ActorDep, crs: CrsDep) -> Response:
    """One province with its full geometry."""
    require(actor, Action.READ)
    p = province_index().get(code)
    props = ProvinceOut(code=p.code, naam=p.naam, landsdeel=p.landsdeel, land_ha=round(p.land_ha, 2)).model_dump()
    feature = feature_collection([(p.code, p.geometry, props)], crs)["features"][0]
    return geojson_response(feature | {"attributie": ATTRIBUTION}, crs)
