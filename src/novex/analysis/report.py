"""The analysis report of a scope: typed rows, and the documented JSON shape of `novex analyse`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from novex.analysis.goals import GoalBalance, account
from novex.analysis.puzzle import (
    SEVERITY_FORMULA,
    Conflict,
    Feasibility,
    Hotspot,
    Matrix,
    PairArea,
    ProvinceBudget,
    Puzzle,
    RestrictionOverlap,
    analyse,
)
from novex.catalog.loader import Catalogus
from novex.claims.model import Claim, ProvincieDoel, RestrictionArea
from novex.progress import Progress, silent
from novex.reference.provinces import ProvinceIndex

MAX_HOTSPOTS = 200


@dataclass(frozen=True)
class AnalysisReport:
    """The spatial puzzle and goal accounting of a scope, as typed rows.

    `to_json` is the one place that turns it into the documented JSON shape.
    """

    scope: tuple[str, ...]
    catalog_version: str
    claims: int  # how many claims were analysed
    min_conflict_ha: float
    severity_formula: str
    provinces: tuple[ProvinceBudget, ...]
    pairs: tuple[PairArea, ...]
    conflicts: tuple[Conflict, ...]
    hotspots: tuple[Hotspot, ...]  # the largest MAX_HOTSPOTS
    hotspot_count: int  # all of them
    feasibility: tuple[Feasibility, ...]
    restrictions: tuple[RestrictionOverlap, ...]
    goals: tuple[GoalBalance, ...]

    def to_json(self) -> dict[str, Any]:
        """Plain, JSON-ready data: the keys, order and values `novex analyse --format json` documents.

        Nested dicts and lists are shared with the rows, not copied: treat the result as read-only.
        """
        return {
            "scope": list(self.scope),
            "catalog_version": self.catalog_version,
            "claims": self.claims,
            "min_conflict_ha": self.min_conflict_ha,
            "severity_formula": self.severity_formula,
            "provinces": [_plain(p) for p in self.provinces],
            "pairs": [_plain(p) for p in self.pairs],
            "conflicts": [_plain(c) for c in self.conflicts],
            "hotspots": [_plain(h) for h in self.hotspots],
            "hotspot_count": self.hotspot_count,
            "feasibility": [_plain(f) for f in self.feasibility],
            "restrictions": [_plain(r) for r in self.restrictions],
            "goals": [_goal(g) for g in self.goals],
        }


def _plain(row: object) -> dict[str, Any]:
    """A result row (a flat dataclass of plain values) as a dict, without `asdict`'s deep copy (2.8 s at 50k claims)."""
    return dict(vars(row))


def _goal(g: GoalBalance) -> dict[str, Any]:
    """A goal row in the documented key order, with its status."""
    return {
        "goal": g.goal,
        "scope": g.scope,
        "unit": g.unit,
        "year": g.year,
        "target": g.target,
        "planned": g.planned,
        "gap": g.gap,
        "status": g.status,
        "claims": g.claims,
        "tekst": g.tekst,
    }


def build_report(
    claims: Sequence[Claim],
    cat: Catalogus,
    index: ProvinceIndex,
    scope: Sequence[str] | None = None,
    min_conflict_ha: float = 1.0,
    restrictions: Sequence[RestrictionArea] = (),
    targets: Sequence[ProvincieDoel] = (),
    progress: Progress = silent,
) -> AnalysisReport:
    """Run the puzzle and goal accounting over the claims' geometries as given (a what-if included).

    `progress` hears the stages 'ruimtelijke puzzel' and 'doelen', each as 0 of 1 and then 1 of 1.
    """
    scope_codes = [index.get(code).code for code in scope] if scope else None
    progress("ruimtelijke puzzel", 0, 1)
    puzzle = analyse(claims, index, Matrix(cat.compatibiliteit), scope_codes, min_conflict_ha, restrictions)
    progress("ruimtelijke puzzel", 1, 1)
    progress("doelen", 0, 1)
    built = report_of(puzzle, claims, cat, index, scope_codes, min_conflict_ha, targets)
    progress("doelen", 1, 1)
    return built


def report_of(
    puzzle: Puzzle,
    claims: Sequence[Claim],
    cat: Catalogus,
    index: ProvinceIndex,
    scope: Sequence[str] | None = None,
    min_conflict_ha: float = 1.0,
    targets: Sequence[ProvincieDoel] = (),
    shifts: Mapping[str, float] | None = None,
) -> AnalysisReport:
    """The report of a puzzle already computed over `claims` (in the puzzle's claim order).

    `shifts` moves goal targets (goal id → change), as a scenario's herschikking does.
    """
    goals = account(cat, claims, scope, targets, puzzle.claim_areas, shifts)
    return AnalysisReport(
        scope=tuple(scope or [p.code for p in index.provinces]),
        catalog_version=cat.versie,
        claims=len(claims),
        min_conflict_ha=min_conflict_ha,
        severity_formula=SEVERITY_FORMULA,
        provinces=tuple(puzzle.provinces),
        pairs=tuple(puzzle.pairs),
        conflicts=tuple(puzzle.conflicts),
        hotspots=tuple(puzzle.hotspots[:MAX_HOTSPOTS]),
        hotspot_count=len(puzzle.hotspots),
        feasibility=tuple(puzzle.feasibility),
        restrictions=tuple(puzzle.restrictions),
        goals=tuple(goals),
    )


def report(
    claims: Sequence[Claim],
    cat: Catalogus,
    index: ProvinceIndex,
    scope: Sequence[str] | None = None,
    min_conflict_ha: float = 1.0,
    restrictions: Sequence[RestrictionArea] = (),
    targets: Sequence[ProvincieDoel] = (),
) -> dict[str, Any]:
    """`build_report(...).to_json()`: the report as a plain dict, for callers that index it by key."""
    return build_report(claims, cat, index, scope, min_conflict_ha, restrictions, targets).to_json()
