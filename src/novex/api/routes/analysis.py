"""Analysis results per scope, and the conflicts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from novex import bootstrap
from novex.access import Action, require
from novex.analysis.report import report
from novex.api.deps import ActorDep, SessionDep
from novex.catalog.service import catalogus
from novex.claims.ports import ClaimFilter

router = APIRouter(tags=["analyse"])

Scope = Annotated[list[str] | None, Query(description="CBS-codes; leeg = heel Nederland")]


def run(session: Any, provincie: list[str] | None, min_conflict_ha: float) -> dict[str, Any]:
    """The analysis report of the scope, with restriction layers and user targets."""
    index = bootstrap.province_index()
    codes = [index.get(code).code for code in provincie or ()]
    claims = bootstrap.claim_service(session).list(ClaimFilter(provincies=tuple(codes)))
    restrictions = bootstrap.restriction_service(session)
    areas, targets = restrictions.areas(codes), restrictions.repo.targets()
    return report(claims, catalogus(), index, codes or None, min_conflict_ha, areas, targets)


def scope_report(
    actor: ActorDep,
    session: SessionDep,
    provincie: Scope = None,
    min_conflict_ha: Annotated[float, Query(alias="minConflictHa", ge=0, le=100_000)] = 1.0,
) -> dict[str, Any]:
    """The analysis of the requested scope (read access required)."""
    require(actor, Action.READ)
    return run(session, provincie, min_conflict_ha)


Report = Annotated[dict[str, Any], Depends(scope_report)]


@router.get("/analyse", summary="De ruimtelijke puzzel van een scope")
def analyse(result: Report) -> dict[str, Any]:
    """Land budget, domain pairs, conflicts, hotspots, feasibility, restriction overlaps and goals."""
    return result


@router.get("/conflicten", summary="Conflicten in een scope")
def conflicts(result: Report) -> dict[str, Any]:
    """The conflicts (claim × claim and claim × restriction area) with the severity formula."""
    return {
        "severity_formula": result["severity_formula"],
        "data": result["conflicts"],
        "count": len(result["conflicts"]),
    }
