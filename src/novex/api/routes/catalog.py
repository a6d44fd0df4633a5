"""The catalogue (read): NOVI framework, startpakket themes, NOVEX areas, domains."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from novex.access import Action, require
from novex.api.deps import ActorDep
from novex.catalog import service as catalog_service
from novex.errors import NotFound

router = APIRouter(prefix="/catalogus", tags=["catalogus"])


@router.get("", summary="De hele catalogus")
def whole(actor: ActorDep) -> dict[str, Any]:
    """The whole catalogue: NOVI, werkwijze, startpakket, domains, themes, NOVEX areas, profiles, matrix."""
    require(actor, Action.READ)
    return catalog_service.as_dict(catalog_service.catalogus())


@router.get("/themas", summary="De thema's van het startpakket")
def themes(actor: ActorDep) -> list[dict[str, Any]]:
    """Every startpakket theme, without its sources."""
    require(actor, Action.READ)
    return [
        {"id": t.id, "naam": t.naam, "programma": t.programma, "domeinen": t.domeinen}
        for t in catalog_service.catalogus().themas
    ]


@router.get("/themas/{thema_id}", summary="Eén thema")
def theme(thema_id: str, actor: ActorDep) -> dict[str, Any]:
    """One theme with goals, principles, conditions, locations and their sources."""
    require(actor, Action.READ)
    return catalog_service.theme(catalog_service.catalogus(), thema_id).model_dump(mode="json", exclude_none=True)


@router.get("/zoeken", summary="Zoeken in de catalogus")
def search(actor: ActorDep, q: str = Query(min_length=2, max_length=200)) -> list[dict[str, str]]:
    """Case-insensitive search over every catalogue item."""
    require(actor, Action.READ)
    return [hit.__dict__ for hit in catalog_service.search(catalog_service.catalogus(), q)]


@router.get("/novex-gebieden/{gebied_id}", summary="Eén NOVEX-gebied")
def area(gebied_id: str, actor: ActorDep) -> dict[str, Any]:
    """One NOVEX area."""
    require(actor, Action.READ)
    for gebied in catalog_service.catalogus().novex_gebieden:
        if gebied.id == gebied_id:
            return gebied.model_dump(mode="json", exclude_none=True)
    raise NotFound(f"NOVEX-gebied {gebied_id!r} bestaat niet")
