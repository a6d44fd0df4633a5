"""Goal accounting: planned claim quantities against catalogue goals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from novex.analysis.puzzle import ClaimAreas
from novex.catalog.loader import Catalogus
from novex.catalog.service import quantitative_goals
from novex.claims.model import Claim, ProvincieDoel


@dataclass(frozen=True)
class GoalBalance:
    """One goal: its target, what the claims plan, and the gap (target − planned)."""

    goal: str
    tekst: str
    scope: str
    unit: str
    year: int | None
    target: float
    planned: float
    gap: float
    claims: list[int]

    @property
    def reduction(self) -> bool:
        """A goal whose target is a decrease (e.g. −30 % harmful noise): claims plan negative amounts towards it."""
        return self.target < 0

    @property
    def status(self) -> str:
        """Status in Dutch: tekort (not yet there), gehaald (met) or overschot (beyond the goal).

        For a reduction goal "there" is at or below the (negative) target: planning −10 %
        towards −30 % is a shortfall, not a surplus.
        """
        remaining = -self.gap if self.reduction else self.gap
        if remaining > 1e-9:
            return "tekort"
        return "gehaald" if abs(remaining) <= 1e-9 else "overschot"


def account(
    cat: Catalogus,
    claims: Sequence[Claim],
    scope: Sequence[str] | None = None,
    targets: Sequence[ProvincieDoel] = (),
    areas: ClaimAreas | None = None,
    shifts: Mapping[str, float] | None = None,
) -> list[GoalBalance]:
    """Sum claim quantities per linked goal and compare with the goal's value.

    A national goal counts every linked claim (nationally), and the claims linked to the
    province goals that are its shares (`aandeel_van`, e.g. a province's part of the
    900.000 homes): the national goal is the sum of the provinces' contributions. A province
    goal counts the linked claims of that province. A claim across a border adds to a province goal in
    proportion to its area there. Goals no claim links to are listed too (planned 0).
    User-added province `targets` count like catalogue province goals.
    Units match: the import refuses a claim whose unit differs from its goal's.
    `areas` are the claims' areas measured on the geometries being analysed; without
    them, each claim's area and split stored at import count. `shifts` adds to a goal's
    target (goal id → amount): a scenario moving part of a goal between provinces.
    """
    shifts = shifts or {}
    if areas is None:
        area_ha, provincies = [c.area_ha for c in claims], [c.provincies for c in claims]
    else:
        area_ha, provincies = areas.area_ha, areas.provincies
    linked: dict[str, list[tuple[Claim, float, Mapping[str, float]]]] = defaultdict(list)
    for claim, area, split in zip(claims, area_ha, provincies, strict=True):
        if claim.doel_id and claim.hoeveelheid is not None:
            linked[claim.doel_id].append((claim, area, split))
    goals = [doel for _, doel in quantitative_goals(cat)]
    shares: dict[str, list[str]] = defaultdict(list)
    for doel in goals:
        if getattr(doel, "aandeel_van", None):
            shares[doel.aandeel_van].append(doel.id)
    rows = []
    for doel in [*goals, *targets]:
        if scope and doel.provincie and doel.provincie not in scope:
            continue
        if doel.provincie:
            share = [(c, split.get(doel.provincie, 0.0) / area if area else 0) for c, area, split in linked[doel.id]]
        else:
            contributing = [*linked[doel.id], *(item for part in shares[doel.id] for item in linked[part])]
            share = [(c, 1.0) for c, _, _ in contributing]
        share = [(c, s) for c, s in share if s > 0]
        planned = sum(c.hoeveelheid * s for c, s in share)
        target = float(doel.waarde) + shifts.get(doel.id, 0.0)
        rows.append(
            GoalBalance(
                goal=doel.id,
                tekst=doel.tekst,
                scope=doel.provincie or getattr(doel, "gebied", None) or "NL",
                unit=doel.eenheid or "",
                year=doel.jaar,
                target=target,
                planned=round(planned, 4),
                gap=round(target - planned, 4),
                claims=sorted(c.id for c, _ in share),
            )
        )
    return rows
