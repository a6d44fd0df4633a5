"""Analysis results per scope, and the conflicts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from novex.analysis.service import AnalysisService
from novex.edge.deps import ActorDep, UowDep

router = APIRouter(tags=["analyse"])


def scope(
    provincie: Annotated[list[str] | None, Query(description="CBS-codes; leeg = heel Nederland")] = None,
    min_conflict_ha: Annotated[float, Query(alias="minConflictHa", ge=0, le=100_000)] = 1.0,
) -> tuple[tuple[str, ...], float]:
    """The provinces to analyse (none: the whole country) and the smallest overlap that counts as a conflict."""
    return tuple(provincie or ()), min_conflict_ha


ScopeDep = Annotated[tuple[tuple[str, ...], float], Depends(scope)]


@router.get("/analyse", summary="De ruimtelijke puzzel van een scope", response_class=JSONResponse)
def analyse(actor: ActorDep, uow: UowDep, where: ScopeDep) -> Response:
    """Land budget, domain pairs, conflicts, hotspots, feasibility, restriction overlaps and goals.

    The JSON is encoded once per data revision and scope (a national report of 50,000 claims is ~11 MB).
    """
    body = uow.get(AnalysisService).report_json(actor, *where)
    return Response(body, media_type="application/json")


@router.get("/conflicten", summary="Conflicten in een scope", response_class=JSONResponse)
def conflicts(actor: ActorDep, uow: UowDep, where: ScopeDep) -> JSONResponse:
    """The conflicts (claim × claim and claim × restriction area) with the severity formula."""
    report = uow.get(AnalysisService).analysis(actor, *where).to_json()
    return JSONResponse(
        {"severity_formula": report["severity_formula"], "data": report["conflicts"], "count": len(report["conflicts"])}
    )
