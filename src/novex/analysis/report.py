"""The analysis report of a scope: the documented JSON shape of `novex analyse`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from novex.analysis.goals import account
from novex.analysis.puzzle import SEVERITY_FORMULA, Matrix, analyse
from novex.catalog.loader import Catalogus
from novex.claims.model import Claim, ProvincieDoel, RestrictionArea
from novex.reference.provinces import ProvinceIndex

MAX_HOTSPOTS = 200


def _plain(row: object) -> dict[str, Any]:
    """A result row (a flat dataclass of plain values) as a dict, without `asdict`'s deep copy (2.8 s at 50k claims)."""
    return dict(vars(row))


def report(
    claims: Sequence[Claim],
    cat: Catalogus,
    index: ProvinceIndex,
    scope: Sequence[str] | None = None,
    min_conflict_ha: float = 1.0,
    restrictions: Sequence[RestrictionArea] = (),
    targets: Sequence[ProvincieDoel] = (),
) -> dict[str, Any]:
    """Run the puzzle and goal accounting; return plain, JSON-ready data."""
    scope_codes = [index.get(code).code for code in scope] if scope else None
    puzzle = analyse(claims, index, Matrix(cat.compatibiliteit), scope_codes, min_conflict_ha, restrictions)
    goals = account(cat, claims, scope_codes, targets)
    return {
        "scope": scope_codes or [p.code for p in index.provinces],
        "catalog_version": cat.versie,
        "claims": len(claims),
        "min_conflict_ha": min_conflict_ha,
        "severity_formula": SEVERITY_FORMULA,
        "provinces": [_plain(p) for p in puzzle.provinces],
        "pairs": [_plain(p) for p in puzzle.pairs],
        "conflicts": [_plain(c) for c in puzzle.conflicts],
        "hotspots": [_plain(h) for h in puzzle.hotspots[:MAX_HOTSPOTS]],
        "hotspot_count": len(puzzle.hotspots),
        "feasibility": [_plain(f) for f in puzzle.feasibility],
        "restrictions": [_plain(r) for r in puzzle.restrictions],
        "goals": [
            {
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
            for g in goals
        ],
    }
