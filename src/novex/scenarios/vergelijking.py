"""The base and scenarios side by side: goal gaps, land budget, conflicts, restriction overlaps, what moved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import shapely
from shapely.geometry.base import BaseGeometry

from novex.analysis.report import AnalysisReport
from novex.claims.model import Claim
from novex.reference.provinces import ProvinceIndex
from novex.scenarios.toepassen import Stand


@dataclass(frozen=True)
class Kolom:
    """One column of a comparison: the base (`scenario_id` None) or a scenario, with its report."""

    naam: str
    scenario_id: int | None
    report: AnalysisReport
    stand: Stand


@dataclass(frozen=True)
class DoelRij:
    """A goal in every column: target, planned and gap (target − planned), and its status."""

    doel: str
    tekst: str
    scope: str  # NL, a province code or an area
    eenheid: str
    doelwaarde: tuple[float, ...]
    gepland: tuple[float, ...]
    tekort: tuple[float, ...]
    status: tuple[str, ...]

    @property
    def gewijzigd(self) -> bool:
        """Whether some scenario differs from the base on this goal."""
        return any(v != self.doelwaarde[0] for v in self.doelwaarde) or any(g != self.tekort[0] for g in self.tekort)


@dataclass(frozen=True)
class BudgetRij:
    """A province's land budget in every column (ha); `provincie` NL is the national sum."""

    provincie: str
    naam: str
    land_ha: float
    geclaimd: tuple[float, ...]
    bedekt: tuple[float, ...]
    gestapeld: tuple[float, ...]
    onbeclaimd: tuple[float, ...]


@dataclass(frozen=True)
class ConflictTotaal:
    """The conflicts of one column: how many, how much land, their summed severity, and the change from the base."""

    aantal: int
    ha: float
    ernst: float
    grensoverschrijdend: int
    nieuw: tuple[str, ...]  # conflict ids not in the base
    opgelost: tuple[str, ...]  # base conflict ids gone here


@dataclass(frozen=True)
class BeperkingRij:
    """Claims on land of one restriction layer, per column: overlaps and ha."""

    laag: str
    aantal: tuple[int, ...]
    ha: tuple[float, ...]


@dataclass(frozen=True)
class Verplaatsing:
    """A claim a scenario changed, with its shape before and after (for the map)."""

    kolom: str
    claim_id: int
    naam: str
    domein: str
    wat: str  # verplaatst, anders begrensd, verwijderd, toegevoegd, gewijzigd
    voor: BaseGeometry | None
    na: BaseGeometry | None


@dataclass(frozen=True)
class Vergelijking:
    """The base and each scenario side by side (column 0 is the base)."""

    kolommen: tuple[str, ...]
    scenario_ids: tuple[int | None, ...]
    doelen: tuple[DoelRij, ...]
    budgetten: tuple[BudgetRij, ...]  # the provinces, then NL
    conflicten: tuple[ConflictTotaal, ...]
    beperkingen: tuple[BeperkingRij, ...]
    verplaatsingen: tuple[Verplaatsing, ...]
    overgeslagen: tuple[tuple[str, ...], ...]  # per column: changes that no longer apply


def vergelijk(kolommen: Sequence[Kolom], base: Mapping[int, Claim], index: ProvinceIndex) -> Vergelijking:
    """Compare the columns (the first is the base) on goals, budgets, conflicts, restrictions and moved claims."""
    return Vergelijking(
        kolommen=tuple(k.naam for k in kolommen),
        scenario_ids=tuple(k.scenario_id for k in kolommen),
        doelen=_doelen(kolommen),
        budgetten=_budgetten(kolommen, index),
        conflicten=_conflicten(kolommen),
        beperkingen=_beperkingen(kolommen),
        verplaatsingen=tuple(v for k in kolommen[1:] for v in _verplaatsingen(k, base)),
        overgeslagen=tuple(k.stand.overgeslagen for k in kolommen),
    )


def _doelen(kolommen: Sequence[Kolom]) -> tuple[DoelRij, ...]:
    per_kolom = [{(g.goal, g.scope): g for g in k.report.goals} for k in kolommen]
    rows = []
    for key, first in per_kolom[0].items():
        goals = [column.get(key, first) for column in per_kolom]
        rows.append(
            DoelRij(
                first.goal,
                first.tekst,
                first.scope,
                first.unit,
                tuple(g.target for g in goals),
                tuple(g.planned for g in goals),
                tuple(g.gap for g in goals),
                tuple(g.status for g in goals),
            )
        )
    return tuple(rows)


def _budgetten(kolommen: Sequence[Kolom], index: ProvinceIndex) -> tuple[BudgetRij, ...]:
    per_kolom = [{b.code: b for b in k.report.provinces} for k in kolommen]
    rows = []
    for province in index.provinces:
        budgets = [column[province.code] for column in per_kolom]
        rows.append(
            BudgetRij(
                province.code,
                province.naam,
                round(province.land_ha, 2),
                tuple(b.claimed_ha for b in budgets),
                tuple(b.covered_ha for b in budgets),
                tuple(b.stacked_ha for b in budgets),
                tuple(b.unclaimed_ha for b in budgets),
            )
        )

    def total(name: str) -> tuple[float, ...]:
        return tuple(round(sum(getattr(r, name)[k] for r in rows), 4) for k in range(len(kolommen)))

    land = round(sum(r.land_ha for r in rows), 2)
    national = BudgetRij(
        "NL", "Nederland", land, total("geclaimd"), total("bedekt"), total("gestapeld"), total("onbeclaimd")
    )
    return (*rows, national)


def _conflicten(kolommen: Sequence[Kolom]) -> tuple[ConflictTotaal, ...]:
    base_ids = {c.id for c in kolommen[0].report.conflicts}
    out = []
    for k in kolommen:
        conflicts = k.report.conflicts
        ids = {c.id for c in conflicts}
        out.append(
            ConflictTotaal(
                len(conflicts),
                round(sum(c.area_ha for c in conflicts), 4),
                round(sum(c.severity for c in conflicts), 2),
                sum(1 for c in conflicts if c.crosses_border),
                tuple(sorted(ids - base_ids)),
                tuple(sorted(base_ids - ids)),
            )
        )
    return tuple(out)


def _beperkingen(kolommen: Sequence[Kolom]) -> tuple[BeperkingRij, ...]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(kolommen))
    areas: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(kolommen))
    for n, k in enumerate(kolommen):
        for overlap in k.report.restrictions:
            counts[overlap.layer][n] += 1
            areas[overlap.layer][n] += overlap.area_ha
    return tuple(
        BeperkingRij(layer, tuple(counts[layer]), tuple(round(v, 4) for v in areas[layer])) for layer in sorted(counts)
    )


def _verplaatsingen(kolom: Kolom, base: Mapping[int, Claim]) -> list[Verplaatsing]:
    moved = []
    for claim_id in sorted(kolom.stand.geraakt):
        before, after = base.get(claim_id), kolom.stand.claims.get(claim_id)
        if before is None and after is None:
            continue
        shown = after or before
        if before is None:
            what = "toegevoegd"
        elif after is None:
            what = "verwijderd"
        elif not before.geometry.equals(after.geometry):
            # normalised: snapping a moved shape to the grid may start its rings at another vertex
            shifted = _shifted(before.geometry, after.geometry)
            same_shape = shapely.normalize(before.geometry).equals_exact(shapely.normalize(shifted), 0.01)
            what = "verplaatst" if same_shape else "anders begrensd"
        else:
            what = "gewijzigd"
        moved.append(
            Verplaatsing(
                kolom.naam,
                claim_id,
                shown.naam,
                shown.domein,
                what,
                before.geometry if before else None,
                after.geometry if after else None,
            )
        )
    return moved


def _shifted(before: BaseGeometry, after: BaseGeometry) -> BaseGeometry:
    """`after` shifted back by the offset of its bounding box from `before`'s (to tell a move from a reshape)."""
    from shapely import affinity

    dx, dy = after.bounds[0] - before.bounds[0], after.bounds[1] - before.bounds[1]
    return affinity.translate(after, -dx, -dy)
