"""Scenario re-analysis: one moved claim, incremental against a full national recomputation, side by side.

The national benchmark data (`data.py`: 50,000 deterministic clustered claims by default), each claim
given a catalogue domain, hardness and priority by a seeded generator, together with the restriction
areas novex ships (Natura 2000, NNN Zuid-Holland) — the national analysis a scenario re-runs.

For each of `--moves` claims (picked by the seed) the claim is moved 300 m east and 200 m north, and:

- **full**: `build_report` over every claim and restriction area afresh (what the dashboard computes
  after a change today);
- **incremental**: the base's `IncrementalPuzzle` (built once, as the service caches it per data
  revision) is forked, the moved claim applied, and the report made (`report_of`) — what
  `ScenarioService.analyse` does after one change.

Both run in this process, alternating, on the same data; the results are compared (conflict ids,
restriction overlaps, budgets, goals) before any time is printed. Printed: the build of the base
(once), the median time of each path, the ratio, and the peak memory of the process.

    python benchmarks/scenario.py                    # 50,000 claims, 5 moves
    python benchmarks/scenario.py --claims 10000 --moves 9
    python benchmarks/scenario.py --ids 13998 --largest  # a claim in a large group, and one of the largest
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import shapely
from _harness import own_peak_mib
from data import make_claims
from shapely import affinity

from novex.analysis.incremental import IncrementalPuzzle
from novex.analysis.puzzle import Matrix
from novex.analysis.report import AnalysisReport, build_report, report_of
from novex.catalog.loader import load_catalog
from novex.claims.model import Claim, Hardheid, RestrictionArea, RestrictionLayer
from novex.geo.shipped import read_rd_features
from novex.reference.layers import SHIPPED, peildatum
from novex.reference.provinces import province_index

DATA = Path(__file__).resolve().parents[1] / "src" / "novex" / "reference" / "data"


def claims_of(n: int, seed: int, domains: list[str]) -> list[Claim]:
    """The benchmark geometries as claims with seeded domains, hardness and priority."""
    rng = np.random.default_rng(seed)
    geoms = make_claims(n, seed)
    picks = rng.integers(len(domains), size=n)
    hardness = list(Hardheid)
    hard = rng.integers(len(hardness), size=n)
    priority = rng.integers(1, 6, size=n)
    return [
        Claim(f"claim {k + 1}", domains[picks[k]], g, hardheid=hardness[hard[k]], prioriteit=int(priority[k]),
              id=k + 1, voorstel_id=1)  # fmt: skip
        for k, g in enumerate(geoms)
    ]


def restrictions() -> list[RestrictionArea]:
    """The shipped restriction layers, as `novex init` loads them."""
    out, next_id = [], 1
    for number, layer in enumerate(SHIPPED, start=1):
        meta = RestrictionLayer(number, layer.naam, layer.domein, Hardheid(layer.hardheid), layer.juridische_basis,
                                peildatum(layer))  # fmt: skip
        for props, geometry in read_rd_features(DATA / layer.file):
            out.append(RestrictionArea(next_id, meta, str(props.get("naam", "")), None, geometry, 0.0))
            next_id += 1
    return out


def same(a: AnalysisReport, b: AnalysisReport) -> None:
    """The two reports agree: conflicts exactly, overlaps as a set, goals exactly, budgets to 1e-8 of their size.

    Budgets sum hundreds of thousands of faces that the two overlays node on the 1 mm grid in another
    order: a few m² on 30,000 ha.
    """
    assert [c.id for c in a.conflicts] == [c.id for c in b.conflicts], "conflicts differ"
    assert sorted(map(repr, a.restrictions)) == sorted(map(repr, b.restrictions)), "restriction overlaps differ"
    for x, y in zip(a.provinces, b.provinces, strict=True):
        for name in ("claimed_ha", "covered_ha", "stacked_ha", "unclaimed_ha"):
            a_ha, b_ha = getattr(x, name), getattr(y, name)
            assert abs(a_ha - b_ha) <= 1.0001e-4 + 1e-8 * abs(b_ha), (x.code, name, a_ha, b_ha)
    assert [(g.goal, g.gap) for g in a.goals] == [(g.goal, g.gap) for g in b.goals], "goals differ"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--ids", type=int, nargs="*", default=[], help="move these claim ids instead of seeded picks")
    parser.add_argument("--largest", action="store_true", help="also move a claim of the largest connected group")
    args = parser.parse_args()

    cat, index = load_catalog(), province_index()
    matrix = Matrix(cat.compatibiliteit)
    domains = sorted(cat.domein_slugs())
    claims, areas = claims_of(args.claims, args.seed, domains), restrictions()
    moving = (len(args.ids) or args.moves) + args.largest
    print(f"{len(claims):,} claims, {len(areas):,} restriction areas; moving {moving} claims by (300, 200) m")

    start = time.perf_counter()
    base = IncrementalPuzzle(claims, areas, index, matrix, 1.0, domains)
    build_s = time.perf_counter() - start
    print(f"base of the incremental puzzle (once per data revision): {build_s:.1f} s")

    rng = np.random.default_rng(args.seed + 1)
    full_s, incremental_s = [], []
    picks = [i - 1 for i in args.ids] or rng.choice(len(claims), size=args.moves, replace=False).tolist()
    if args.largest:  # and the first claim of the largest connected group
        largest = max(base.groups.values(), key=lambda g: len(g.members))
        picks.append(largest.members[0][1] - 1)
    for k in picks:
        moved = replace(claims[k], geometry=shapely.set_precision(affinity.translate(claims[k].geometry, 300, 200),
                                                                  0.001))  # fmt: skip
        changed = [*claims[:k], moved, *claims[k + 1 :]]

        start = time.perf_counter()
        fork = base.fork()
        fork.apply([moved])
        incremental = report_of(fork.puzzle(), fork.claims(), cat, index)
        incremental_s.append(time.perf_counter() - start)

        start = time.perf_counter()
        full = build_report(changed, cat, index, None, 1.0, areas)
        full_s.append(time.perf_counter() - start)

        same(incremental, full)
        group = base.groups[base.group_of[(0, moved.id)]]
        where = f"group {len(group.members):>5}{' tiled' if group.tiled else '      '}"
        print(f"  claim {moved.id:>6} ({where}): incremental {incremental_s[-1]:6.3f} s   full {full_s[-1]:6.2f} s   "
              f"ratio {full_s[-1] / incremental_s[-1]:6.1f}×   (results equal)")  # fmt: skip

    inc, full = statistics.median(incremental_s), statistics.median(full_s)
    print()
    print(f"median incremental: {inc:.3f} s  (target < 1 s: {'yes' if inc < 1 else 'NO'})")
    print(f"median full:        {full:.2f} s")
    print(f"ratio full / incremental: {full / inc:.1f}×  (target ≥ 10×: {'yes' if full / inc >= 10 else 'NO'})")
    print(f"peak memory of this process: {own_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    sys.exit(main())
