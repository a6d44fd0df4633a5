"""Analysis results per scope, and the conflicts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from novex import bootstrap
from novex.api.deps import ActorDep, SessionDep

router = APIRouter(tags=["analyse"])

Scope = Annotated[list[str] | None, Query(description="CBS-codes; leeg = heel Nederland")]


def scope_report(
    actor: ActorDep,
    session: SessionDep,
    provincie: Scope = None,
    min_conflict_ha: Annotated[float, Query(alias="minConflictHa", ge=0, le=100_000)] = 1.0,
) -> dict[str, Any]:
    """The analysis of the requested scope (read access required)."""
    return bootstrap.analysis_service(session).report(actor, provincie or (), min_conflict_ha)


Report = Annotated[dict[str, Any], Depends(scope_report)]


# The report is plain JSON data already: written as it is, without FastAPI's per-value encoding
# (a national report of 50,000 claims is ~11 MB).


@router.get("/analyse", summary="De ruimtelijke puzzel van een scope", response_class=JSONResponse)
def analyse(result: Report) -> JSONResponse:
    """Land budget, domain pairs, conflicts, hotspots, feasibility, restriction overlaps and goals."""
    return JSONResponse(result)


@router.get("/conflicten", summary="Conflicten in een scope", response_class=JSONResponse)
def conflicts(result: Report) -> JSONResponse:
    """The conflicts (claim × claim and claim × restriction area) with the severity formula."""
    return JSONResponse(
        {"severity_formula": result["severity_formula"], "data": result["conflicts"], "count": len(result["conflicts"])}
    )
