"""The analysis report of a scope: the documented JSON shape of `novex analyse`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from novex.analysis.goals import account
from novex.analysis.puzzle import SEVERITY_FORMULA, Matrix, analyse
from novex.catalog.loader import Catalogus
from novex.claims.model import Claim, ProvincieDoel, RestrictionArea
from novex.reference.provinces import ProvinceIndex

MAX_HOTSPOTS = 200


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
        "provinces": [asdict(p) for p in puzzle.provinces],
        "pairs": [asdict(p) for p in puzzle.pairs],
        "conflicts": [asdict(c) for c in puzzle.conflicts],
        "hotspots": [asdict(h) for h in puzzle.hotspots[:MAX_HOTSPOTS]],
        "hotspot_count": len(puzzle.hotspots),
        "feasibility": [asdict(f) for f in puzzle.feasibility],
        "restrictions": [asdict(r) for r in puzzle.restrictions],
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
