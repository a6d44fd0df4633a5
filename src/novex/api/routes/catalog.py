"""The catalogue (read): NOVI framework, startpakket themes, NOVEX areas, domains."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from novex.catalog.service import CatalogService, as_dict
from novex.edge.deps import ActorDep, UowDep

router = APIRouter(prefix="/catalogus", tags=["catalogus"])


@router.get("", summary="De hele catalogus")
def whole(actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The whole catalogue: NOVI, werkwijze, startpakket, domains, themes, NOVEX areas, profiles, matrix."""
    return as_dict(uow.get(CatalogService).catalogus(actor))


@router.get("/themas", summary="De thema's van het startpakket")
def themes(actor: ActorDep, uow: UowDep) -> list[dict[str, Any]]:
    """Every startpakket theme, without its sources."""
    return [
        {"id": t.id, "naam": t.naam, "programma": t.programma, "domeinen": t.domeinen}
        for t in uow.get(CatalogService).catalogus(actor).themas
    ]


@router.get("/themas/{thema_id}", summary="Eén thema")
def theme(thema_id: str, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One theme with goals, principles, conditions, locations and their sources."""
    return uow.get(CatalogService).theme(actor, thema_id).model_dump(mode="json", exclude_none=True)


@router.get("/zoeken", summary="Zoeken in de catalogus")
def search(actor: ActorDep, uow: UowDep, q: str = Query(min_length=2, max_length=200)) -> list[dict[str, str]]:
    """Case-insensitive search over every catalogue item."""
    return [hit.__dict__ for hit in uow.get(CatalogService).search(actor, q)]


@router.get("/novex-gebieden/{gebied_id}", summary="Eén NOVEX-gebied")
def area(gebied_id: str, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One NOVEX area."""
    return uow.get(CatalogService).novex_area(actor, gebied_id).model_dump(mode="json", exclude_none=True)
