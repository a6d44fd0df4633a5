"""Stack map on Dask: `stack_faces_dask` on a LocalCluster of 2 workers against the in-process `stack_faces`.

Task: the exact planar partition of the claims, every face with the claims covering it.

  inprocess  novex.analysis.stacking.stack_faces(geoms, threads=2): the default national run
             (large groups noded per tile on the thread pool, analysis.tiles).
  dask       novex.analysis.distributed.stack_faces_dask(geoms, client) on
             LocalCluster(n_workers=2, threads_per_worker=1, processes=True): the groups of more
             than stacking.TILED_GROUP claims have their tiles computed by the two worker processes
             (the polygons broadcast once, the tiles in batches), stitched in the calling process;
             the small groups stay in the calling process. The cluster's start is timed apart
             (`start s`); `compute s` is the stack_faces_dask call alone.

Same data (benchmarks/data.py, seeded: `uniform` = make_claims, `dense` = make_dense), written once
to a GeoPackage; every run is its own subprocess (peak memory = the sampled RSS of its whole
process tree, the Dask scheduler, nannies and workers included). Checked in this parent: the same
number of faces, the same covering sets (a 64-bit hash of each face's members, with the depth),
each face's area within 0.01 % of its counterpart's, the same area per depth. `overhead` = dask
compute s / inprocess compute s (on this 2-core machine both use the same two cores: the overhead
is what scattering, sending faces back and stitching cost; the gain comes from more machines).

Usage: python benchmarks/dask_stacking.py [--sizes 10000 50000] [--data uniform dense] [--reps 1]
       [--fair] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _harness as h

PEERS = ("inprocess", "dask")
THREADS = 2
KEY_SEED = 20_261_204


# =========================================================================== workers


def worker(args) -> dict:
    import geopandas as gpd
    import numpy as np
    import shapely

    from novex.analysis.overlay import candidate_pairs, components
    from novex.analysis.stacking import TILED_GROUP, stack_faces

    t0 = time.perf_counter()
    geoms = np.asarray(gpd.read_file(args.input, engine="pyogrio").geometry.values, dtype=object)
    t1 = time.perf_counter()
    start_s = 0.0
    if args.worker == "dask":
        from distributed import Client, LocalCluster

        from novex.analysis.distributed import stack_faces_dask

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
        client = Client(cluster, set_as_default=False)
        client.wait_for_workers(2)
        t1b = time.perf_counter()
        start_s = t1b - t1
        faces = stack_faces_dask(geoms, client, threads=THREADS)
        t2 = time.perf_counter()
        compute_s = t2 - t1b
    else:
        faces = stack_faces(geoms, threads=THREADS)
        t2 = time.perf_counter()
        compute_s = t2 - t1
    peak_at_end = h.own_peak_mib()
    noise = np.random.default_rng(KEY_SEED).integers(0, 2**63, size=(2, len(geoms)), dtype=np.uint64)
    np.savez(
        args.out,
        area=faces.areas,
        depth=faces.depth.astype(np.int64),
        key0=faces.sums(noise[0]),
        key1=faces.sums(noise[1]),
    )
    sizes = np.bincount(components(len(geoms), *candidate_pairs(geoms)))
    large = sizes[sizes > TILED_GROUP]
    if args.worker == "dask":
        client.close()
        cluster.close()
    versions = h.dist_versions("novex", "shapely", "numpy", "dask", "distributed")
    versions["GEOS"] = shapely.geos_version_string
    versions["novex distributed.py sha256"] = h.source_hash("novex.analysis.distributed")
    versions["novex tiles.py sha256"] = h.source_hash("novex.analysis.tiles")
    return {
        "read_s": t1 - t0,
        "start_s": start_s,
        "compute_s": compute_s,
        "own_peak_mib": peak_at_end,
        "large_groups": [int(s) for s in large],
        "versions": versions,
    }


# =========================================================================== parent


def same_faces(a, b) -> str:
    """'yes' when both runs give the same faces (members hash, depth, area within 0.01 %), else why not."""
    import numpy as np

    if len(a["area"]) != len(b["area"]):
        return f"no: {len(a['area']):,} vs {len(b['area']):,} faces"
    order = [np.lexsort((r["area"], r["depth"], r["key1"], r["key0"])) for r in (a, b)]
    for name in ("key0", "key1", "depth"):
        if not np.array_equal(a[name][order[0]], b[name][order[1]]):
            return f"no: the faces' covering sets differ ({name})"
    area_a, area_b = a["area"][order[0]], b["area"][order[1]]
    worst = float(np.max(np.abs(area_a - area_b) / np.maximum(area_b, 1e-9))) if len(area_a) else 0.0
    if worst > 1e-4:
        return f"no: a face's area differs by {worst:.2%}"
    for d in np.unique(a["depth"]):
        sa, sb = area_a[a["depth"][order[0]] == d].sum(), area_b[b["depth"][order[1]] == d].sum()
        if abs(sa - sb) > 1e-4 * sb:
            return f"no: area at depth {d} differs"
    return "yes"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--data", nargs="+", default=["uniform", "dense"], choices=["uniform", "dense"])
    parser.add_argument("--reps", type=int, default=1, help="runs per peer (median)")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--seed", type=int, default=20_260_101)
    h.add_fair_option(parser)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--worker", choices=PEERS, help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        h.report(worker(args))
        return
    run_benchmark(args)


def run_benchmark(args) -> None:
    import numpy as np
    from data import describe, make_claims, make_dense, write_claims

    workdir = Path(tempfile.mkdtemp(prefix="novex-bench-dask-"))
    lines = [
        "| data | n | large groups (claims) | peer | compute s | start s | overhead | peak MiB | faces | same faces |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    versions: dict = {}
    print(f"load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    try:
        for data in args.data:
            for n in args.sizes:
                geoms = (make_dense if data == "dense" else make_claims)(n, seed=args.seed)
                path = write_claims(geoms, workdir / f"claims_{data}_{n}.gpkg")
                notes.append(f"{data} n={n:,}: {describe(geoms)}")
                print(notes[-1], flush=True)
                del geoms
                results = {}
                for peer in PEERS:
                    runs = []
                    for rep in range(args.reps):
                        out = workdir / f"{peer}_{data}_{n}_{rep}.npz"
                        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", peer,
                               "--input", str(path), "--out", str(out)]  # fmt: skip
                        run = h.run_fairly(cmd, args.timeout) if args.fair else h.run_worker(cmd, args.timeout)
                        if "error" in run:
                            raise SystemExit(f"{peer} {data} n={n}: {run['error']}\n{run['stderr_tail']}")
                        run["faces"] = dict(np.load(out))
                        runs.append(run)
                        print(
                            f"  {data} n={n:,} {peer} run {rep + 1}: compute {run['compute_s']:.2f} s, "
                            f"start {run['start_s']:.2f} s, peak {run['peak_mib']:,.0f} MiB, "
                            f"other load {run['other_cores']:.2f} cores",
                            flush=True,
                        )
                        versions = run.get("versions", versions)
                    results[peer] = {
                        "compute_s": h.median([r["compute_s"] for r in runs]),
                        "start_s": h.median([r["start_s"] for r in runs]),
                        "peak_mib": max(r["peak_mib"] for r in runs),
                        "faces": runs[-1]["faces"],
                        "large": runs[-1]["large_groups"],
                        "contended": any(r["other_cores"] > 0.15 for r in runs),
                    }
                base, dask = results["inprocess"], results["dask"]
                verdict = same_faces(dask["faces"], base["faces"])
                large = ", ".join(f"{s:,}" for s in base["large"]) or "none"
                for peer, r in results.items():
                    star = "*" if r["contended"] else ""
                    lines.append(
                        f"| {data} | {n:,} | {large} | {peer} | {r['compute_s']:.2f}{star} | "
                        f"{r['start_s']:.2f} | {r['compute_s'] / base['compute_s']:.2f}× | {r['peak_mib']:,.0f} | "
                        f"{len(r['faces']['area']):,} | {verdict if peer == 'dask' else '—'} |"
                    )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    text = "\n".join(
        [
            *lines,
            "",
            "`*` another program used more than 0.15 cores during the run.",
            "",
            *[f"- {note}" for note in notes],
            "- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        ]
    )
    print()
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")


if __name__ == "__main__":
    main()
