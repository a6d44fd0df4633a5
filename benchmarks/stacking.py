"""Stack map (planar partition): novex `stack_faces` against a folded geopandas overlay.

Task: the exact planar partition of the claims, every face with the claims covering it.

  novex     novex.analysis.stacking.stack_faces(geoms, threads=2) (it computes the
            overlap pairs itself, pairs=None); connected groups of more than
            stacking.TILED_GROUP claims are noded per tile and stitched (analysis.tiles).
  novex_untiled  the same with tiling switched off (tiled_group=10**12): each connected
            group noded as a whole, as before issue 21.
  gpd_fold  the analyst's fold: start with claim 0, then
            `acc = geopandas.overlay(acc, claim_k, how="union", keep_geom_type=True)` for
            k = 1 … n-1, carrying a depth column; single-threaded; faces are the
            exploded parts at the end. Each step redoes every face: quadratic.
  gpd_fold_sindex  the careful analyst's fold: the same, but only the faces that the
            claim intersects (acc.sindex.query) go into the overlay; the others are
            kept as they are. Linear in n.

Same data (benchmarks/data.py, seeded) written once to a GeoPackage; every run is its
own subprocess (read and compute timed separately, peak memory of the process tree);
median of 3 runs below 100k. Checks, done in this parent on what each run returns:

- novex: total face area = area of the union of the claims (within 0.01 %), and
  Σ face area × depth = Σ claim area (within 0.01 %);
- gpd_fold: face count and total area against novex, the same two identities, and
  the area per depth (1, 2, 3, …) against novex.

Finally novex alone at --big (default 100,000), and novex_untiled at --big-untiled:
seconds and peak MiB against the targets (60 s, 4 GiB).

Two data sets (--data): `uniform` (data.make_claims, clusters of 50 over the country) and
`dense` (data.make_dense: one connected group of nearly all claims, depth > 100).

Usage: python benchmarks/stacking.py [--data uniform dense] [--sizes 500 1000 2000]
       [--big 100000] [--big-untiled 10000] [--profile]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _harness as h

PEERS = ("novex", "novex_untiled", "gpd_fold", "gpd_fold_sindex")
THREADS = 2
TARGET_S, TARGET_MIB = 60.0, 4096.0


# =========================================================================== workers


def _save(out: str, areas, depth) -> None:
    import numpy as np

    np.savez(out, area=np.asarray(areas, dtype=np.float64), depth=np.asarray(depth, dtype=np.int64))


def worker_novex(args) -> dict:
    import geopandas as gpd
    import shapely

    from novex.analysis.stacking import stack_faces

    t0 = time.perf_counter()
    df = gpd.read_file(args.input, engine="pyogrio")
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    tiled_group = 10**12 if args.worker == "novex_untiled" else None  # None: the default
    kwargs = {} if tiled_group is None else {"tiled_group": tiled_group}
    faces = stack_faces(df.geometry.values, threads=THREADS, **kwargs)
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    peak_at_end = h.own_peak_mib()
    _save(args.out, faces.areas, faces.depth)
    versions = h.dist_versions("novex", "shapely", "numpy", "scipy", "geopandas", "pyogrio")
    versions["GEOS"] = shapely.geos_version_string
    versions["novex overlay.py sha256"] = h.source_hash("novex.analysis.overlay")
    versions["novex tiles.py sha256"] = h.source_hash("novex.analysis.tiles")
    return {
        "read_s": t1 - t0,
        "compute_s": t2 - t1,
        "cpu_compute_s": c2 - c1,
        "own_peak_mib": peak_at_end,
        "versions": versions,
    }


def worker_gpd_fold(args) -> dict:
    """The analyst's fold: overlay the accumulated faces with each next claim (how="union")."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    local = args.worker == "gpd_fold_sindex"
    t0 = time.perf_counter()
    df = gpd.read_file(args.input, engine="pyogrio")
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    geoms = df.geometry.values
    acc = gpd.GeoDataFrame({"depth": [1]}, geometry=geoms[:1], crs=df.crs)
    for k in range(1, len(df)):
        claim = gpd.GeoDataFrame({"one": [1]}, geometry=geoms[k : k + 1], crs=df.crs)
        if not local:
            acc = gpd.overlay(acc, claim, how="union", keep_geom_type=True)
            acc["depth"] = acc["depth"].fillna(0).astype(int) + acc["one"].fillna(0).astype(int)
            acc = acc[["depth", "geometry"]]
            continue
        # Only the faces the claim touches take part in the overlay; the rest stay as they are.
        hit = acc.sindex.query(geoms[k], predicate="intersects")
        if len(hit) == 0:
            acc = pd.concat([acc, claim.rename(columns={"one": "depth"})], ignore_index=True)
            continue
        part = gpd.overlay(acc.iloc[hit], claim, how="union", keep_geom_type=True)
        part["depth"] = part["depth"].fillna(0).astype(int) + part["one"].fillna(0).astype(int)
        acc = pd.concat([acc.drop(acc.index[hit]), part[["depth", "geometry"]]], ignore_index=True)
    faces = acc.explode(index_parts=False, ignore_index=True)
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    peak_at_end = h.own_peak_mib()
    _save(args.out, shapely.area(faces.geometry.values), faces["depth"].to_numpy())
    versions = h.dist_versions("geopandas", "shapely", "pandas", "pyogrio", "numpy")
    return {
        "read_s": t1 - t0,
        "compute_s": t2 - t1,
        "cpu_compute_s": c2 - c1,
        "own_peak_mib": peak_at_end,
        "versions": versions,
    }


def worker_profile(args) -> dict:
    """Where novex spends its time in stack_faces at this n (stages, then cProfile at threads=1)."""
    import cProfile
    import io
    import pstats

    import geopandas as gpd
    import numpy as np

    from novex.analysis.overlay import components, overlap_pairs, partition_group
    from novex.analysis.stacking import stack_faces

    geoms = np.asarray(gpd.read_file(args.input, engine="pyogrio").geometry.values, dtype=object)
    n = len(geoms)
    lines = [f"novex stack_faces profile at n={n:,} (overlay.py {h.source_hash('novex.analysis.overlay')})"]
    t = time.perf_counter()
    pairs = overlap_pairs(geoms, threads=THREADS)
    t_pairs = time.perf_counter() - t
    t = time.perf_counter()
    labels = components(n, pairs.i, pairs.j)
    t_comp = time.perf_counter() - t
    sizes = np.bincount(labels)
    multi = np.sort(sizes[sizes > 1])[::-1]
    t = time.perf_counter()
    stack_faces(geoms, threads=THREADS, pairs=pairs)
    t_faces2 = time.perf_counter() - t
    t = time.perf_counter()
    stack_faces(geoms, threads=1, pairs=pairs)
    t_faces1 = time.perf_counter() - t
    biggest = np.flatnonzero(labels == np.argmax(sizes))
    t = time.perf_counter()
    faces_big, _ = partition_group(geoms[biggest])
    t_big = time.perf_counter() - t
    lines += [
        f"  overlap_pairs (threads={THREADS}):            {t_pairs:7.2f} s  ({len(pairs):,} pairs)",
        f"  components:                             {t_comp:7.2f} s",
        f"  groups > 1 claim: {len(multi):,}; claims in them {multi.sum():,}; largest {multi[:5].tolist()}",
        f"  stack_faces(pairs given, threads={THREADS}):  {t_faces2:7.2f} s",
        f"  stack_faces(pairs given, threads=1):    {t_faces1:7.2f} s  (speed-up {t_faces1 / t_faces2:.2f}×)",
        f"  partition_group of the largest group alone:  {t_big:7.2f} s  ({len(biggest):,} claims, "
        f"{len(faces_big):,} faces)",
        "  cProfile of stack_faces(pairs given, threads=1), by own time:",
    ]
    prof = cProfile.Profile()
    prof.enable()
    stack_faces(geoms, threads=1, pairs=pairs)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(14)
    lines += ["    " + ln for ln in buf.getvalue().splitlines() if ln.strip()][-16:]
    return {"read_s": 0.0, "compute_s": 0.0, "profile": "\n".join(lines)}


WORKERS = {
    "novex": worker_novex,
    "novex_untiled": worker_novex,
    "gpd_fold": worker_gpd_fold,
    "gpd_fold_sindex": worker_gpd_fold,
    "profile": worker_profile,
}


# =========================================================================== parent


def area_by_depth(area, depth) -> dict[int, float]:
    import numpy as np

    return {int(d): float(area[depth == d].sum()) for d in np.unique(depth)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1_000, 2_000])
    parser.add_argument("--big", type=int, nargs="*", default=[100_000], help="novex alone at these n")
    parser.add_argument(
        "--big-untiled", type=int, nargs="*", default=[10_000], help="novex_untiled (besides novex) at these n"
    )
    parser.add_argument("--data", nargs="+", default=["uniform", "dense"], choices=["uniform", "dense"])
    parser.add_argument("--peers", nargs="+", default=list(PEERS), choices=PEERS)
    parser.add_argument("--reps", type=int, default=3, help="runs per peer below 100k (median)")
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=900.0,
        help="skip a peer whose run, projected from the smaller sizes, exceeds this",
    )
    parser.add_argument(
        "--long-run", type=float, default=120.0, help="a run that takes longer than this is not repeated"
    )
    parser.add_argument("--seed", type=int, default=20_260_101)
    h.add_fair_option(parser)
    parser.add_argument("--profile", action="store_true", help="profile novex at the largest --big n")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        h.report(WORKERS[args.worker](args))
        return
    run_benchmark(args)


def run_benchmark(args) -> None:
    import numpy as np
    import shapely
    from data import describe, make_claims, make_dense, write_claims
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=200)
    workdir = Path(tempfile.mkdtemp(prefix="novex-bench-stack-"))
    small = ["novex", *[q for q in args.peers if q != "novex"]]
    plan = []
    for data in args.data:
        plan += [(data, n, p) for n in sorted(args.sizes) for p in small]
        plan += [(data, n, "novex") for n in sorted(set(args.big) | set(args.big_untiled)) if n not in args.sizes]
        plan += [(data, n, "novex_untiled") for n in sorted(args.big_untiled) if n not in args.sizes]
    reps_for = {n: (1 if n >= 100_000 else args.reps) for _, n, _ in plan}
    rows: list[dict] = []
    versions: dict[str, str] = {}
    notes: list[str] = []
    profile_text = None
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    try:
        with progress:
            task = progress.add_task("stacking", total=sum(reps_for[n] for _, n, _ in plan) + bool(args.profile))
            truths: dict[tuple[str, int], dict] = {}
            for data, n, peer in plan:
                if (data, n) not in truths:
                    progress.update(task, description=f"{data} n={n:,}: generating claims, union area")
                    geoms = (make_dense if data == "dense" else make_claims)(n, seed=args.seed)
                    path = write_claims(geoms, workdir / f"claims_{data}_{n}.gpkg")
                    t = time.perf_counter()
                    union = float(shapely.area(shapely.union_all(geoms)))
                    truths[(data, n)] = truth = {
                        "path": path,
                        "claims_area": float(shapely.area(geoms).sum()),
                        "union_area": union,
                        "union_s": time.perf_counter() - t,
                    }
                    progress.console.print(
                        f"{data} n={n:,}: {describe(geoms)}; union {union / 1e4:,.0f} ha "
                        f"(shapely.union_all, {truth['union_s']:.1f} s, for the check)"
                    )
                    notes.append(f"data {data} n={n:,}: {describe(geoms)}")
                    del geoms
                truth = truths[(data, n)]
                ref = next(
                    (r for r in rows if r["data"] == data and r["n"] == n and r["peer"] == "novex" and "faces" in r),
                    None,
                )
                skip = projected_skip([r for r in rows if r["data"] == data], peer, n, args.max_seconds)
                if skip:
                    progress.advance(task, reps_for[n])
                    notes.append(f"n={n:,} {peer}: SKIPPED, {skip}")
                    progress.console.print(f"[yellow]n={n:,} {peer}: skipped, {skip}")
                    continue
                runs = []
                for rep in range(reps_for[n]):
                    if runs and runs[0]["compute_s"] > args.long_run:
                        progress.advance(task, reps_for[n] - rep)
                        notes.append(
                            f"n={n:,} {peer}: 1 run only (it took {runs[0]['compute_s']:,.0f} s > "
                            f"{args.long_run:,.0f} s)"
                        )
                        break
                    progress.update(task, description=f"n={n:,} {peer} run {rep + 1}/{reps_for[n]}")
                    out = workdir / f"{peer}_{n}_{rep}.npz"
                    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", peer,
                           "--input", str(truth["path"]), "--out", str(out)]  # fmt: skip
                    run = _run(cmd, args)
                    progress.advance(task)
                    if "error" in run:
                        progress.console.print(f"[red]n={n:,} {peer}: {run['error']}")
                        notes.append(f"n={n:,} {peer}: FAILED, {run['error']}")
                        progress.advance(task, reps_for[n] - rep - 1)
                        runs = []
                        break
                    saved = np.load(out)
                    run["area"], run["depth"] = saved["area"], saved["depth"]
                    out.unlink()
                    runs.append(run)
                    for k, v in run.get("versions", {}).items():
                        versions.setdefault(k, v)
                        if versions[k] != v:
                            h.note_once(notes, f"{k} CHANGED during the benchmark: {versions[k]} then {v}")
                if not runs:
                    rows.append({"data": data, "n": n, "peer": peer, "failed": True})
                    continue
                row = summarise(n, peer, runs, truth, ref)
                row["data"] = data
                rows.append(row)
                progress.console.print(
                    f"{data} n={n:,} {peer}: compute {row['compute_s']:.2f} s ({row['cores']:.1f} cores), "
                    f"{row['faces']:,} faces, "
                    f"{row['peak_mib']:,.0f} MiB, checks: {row['equal']}"
                )
            if args.profile and args.big:
                n = max(args.big)
                progress.update(task, description=f"n={n:,} novex profile")
                path = truths[(args.data[-1], n)]["path"]
                cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "profile",
                       "--input", str(path), "--out", str(workdir / "profile.npz")]  # fmt: skip
                run = _run(cmd, args)
                progress.advance(task)
                profile_text = run.get("profile") or f"profile failed: {run.get('error')}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    cols = ["data", "n", "peer", "compute s", "cores", "read s", "peak MiB", "faces", "face area ha", "union ha",
            "Σ area×depth / Σ claims", "× novex compute", "load avg", "checks"]  # fmt: skip
    table = Table(title="Stack map (planar partition with covering claims)")
    for c in cols:
        table.add_column(c, justify="left" if c in ("peer", "checks") else "right")
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        cells = format_row(row)
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    console.print(table)
    for data, n in ((d, n) for d in args.data for n in sorted(args.big)):
        row = next(
            (r for r in rows if r["data"] == data and r["n"] == n and r["peer"] == "novex" and "compute_s" in r), None
        )
        if row:
            ok = row["compute_s"] < TARGET_S and row["peak_mib"] < TARGET_MIB
            verdict = "MET" if ok else "NOT MET"
            notes.append(
                f"target on {data} at n={n:,} (< {TARGET_S:.0f} s, < {TARGET_MIB / 1024:.0f} GiB): {verdict} — "
                f"{row['compute_s']:.1f} s compute, {row['peak_mib']:,.0f} MiB peak"
            )
    notes.append(
        "checks: novex — face area = union area and Σ area×depth = Σ claim area, each within 0.01 %; "
        "gpd_fold* — additionally the count of faces > 1 m², total area and area per depth equal to novex's "
        "(sliver faces < 1 m² from floating-point overlay are counted and shown, not failed)"
    )
    notes.append(f"load average at the end (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    notes.append("cores = busy CPU seconds of the machine / wall seconds during the compute step")
    notes.append(
        "* = another program used > 0.15 cores during a run of this row even after 2 retries "
        "(runs start only once the machine is quiet)"
    )
    console.print("Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    for note in notes:
        console.print(f"- {note}")
    if profile_text:
        console.print(profile_text, markup=False, highlight=False)
    if args.markdown:
        text = "\n".join(lines) + "\n\nVersions: "
        text += ", ".join(f"{k} {v}" for k, v in sorted(versions.items())) + "\n\n"
        text += "\n".join(f"- {note}" for note in notes) + "\n"
        if profile_text:
            text += "\n```\n" + profile_text + "\n```\n"
        args.markdown.write_text(text)
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "versions": versions, "notes": notes}, indent=2))


def _run(cmd: list[str], args) -> dict:
    """One worker run: on a quiet machine (--fair) or at once, with the load average when it started."""
    return h.run_measured(cmd, args.timeout, args.fair)


def projected_skip(rows: list[dict], peer: str, n: int, limit: float) -> str | None:
    """Why to skip `peer` at `n`: its time extrapolated from the smaller sizes exceeds `limit`.

    The growth exponent comes from the two largest smaller sizes (clipped to 1…2), or
    is 2 (gpd_fold: every step redoes every face) / 1 with one size to go by.
    """
    prev = sorted((r for r in rows if r["peer"] == peer and r["n"] < n and "compute_s" in r), key=lambda r: r["n"])
    if not prev or peer == "novex":
        return None
    last = prev[-1]
    if len(prev) >= 2 and prev[-2]["compute_s"] > 0:
        exponent = math.log(last["compute_s"] / prev[-2]["compute_s"]) / math.log(last["n"] / prev[-2]["n"])
        exponent = min(2.0, max(1.0, exponent))
    else:
        exponent = 2.0 if peer == "gpd_fold" else 1.0
    projected = last["compute_s"] * (n / last["n"]) ** exponent
    if projected > limit:
        return (
            f"projected {projected:,.0f} s (> {limit:,.0f} s) from {last['compute_s']:,.1f} s at "
            f"n={last['n']:,} with time ∝ n^{exponent:.2f}"
        )
    return None


def summarise(n: int, peer: str, runs: list[dict], truth: dict, ref: dict | None) -> dict:
    last = runs[-1]
    area, depth = last["area"], last["depth"]
    face_area = float(area.sum())
    weighted = float((area * depth).sum())
    row = {
        "n": n,
        "peer": peer,
        "runs": len(runs),
        "compute_s": h.median([r["compute_s"] for r in runs]),
        "read_s": h.median([r["read_s"] for r in runs]),
        "compute_all": [r["compute_s"] for r in runs],
        "cores": h.median([r["cpu_compute_s"] / r["compute_s"] for r in runs if r["compute_s"] > 0]),
        "contended": sum(r["contended"] for r in runs),
        "other_cores": max(r["other_cores"] for r in runs),
        "peak_mib": max(r["peak_mib"] for r in runs),
        "load_at_start": max(r.get("load_at_start", 0.0) for r in runs),
        "faces": int(len(area)),
        "faces_over_1m2": int((area > 1.0).sum()),
        "face_area_m2": face_area,
        "union_m2": truth["union_area"],
        "claims_m2": truth["claims_area"],
        "weighted_ratio": weighted / truth["claims_area"],
        "max_depth": int(depth.max()) if len(depth) else 0,
        "by_depth": area_by_depth(area, depth),
    }
    problems: list[str] = []
    infos: list[str] = []
    if abs(face_area / truth["union_area"] - 1) > 1e-4:
        problems.append(f"face area {100 * (face_area / truth['union_area'] - 1):+.4f} % vs union")
    if abs(row["weighted_ratio"] - 1) > 1e-4:
        problems.append(f"Σ area×depth {100 * (row['weighted_ratio'] - 1):+.4f} % vs claims")
    if ref is not None:
        row["ratio"] = row["compute_s"] / ref["compute_s"]
        if row["faces_over_1m2"] != ref["faces_over_1m2"]:
            problems.append(
                f"{row['faces_over_1m2'] - ref['faces_over_1m2']:+,} faces > 1 m² vs novex "
                f"({row['faces'] - ref['faces']:+,} in all)"
            )
        elif row["faces"] != ref["faces"]:
            infos.append(f"{row['faces'] - ref['faces']:+,} sliver faces < 1 m² vs novex")
        if abs(face_area / ref["face_area_m2"] - 1) > 1e-4:
            problems.append(f"face area {100 * (face_area / ref['face_area_m2'] - 1):+.4f} % vs novex")
        depths = set(row["by_depth"]) | set(ref["by_depth"])
        worst = max(abs(row["by_depth"].get(d, 0.0) - ref["by_depth"].get(d, 0.0)) for d in depths)
        if worst > 1e-4 * ref["face_area_m2"]:
            problems.append(f"area per depth differs by up to {worst / 1e4:,.2f} ha")
    else:
        row["ratio"] = 1.0 if peer == "novex" else None
    row["equal"] = ("yes" if not problems else "NO: " + "; ".join(problems)) + "".join(f" ({i})" for i in infos)
    return row


def format_row(row: dict) -> list[str]:
    if row.get("failed"):
        return [row["data"], f"{row['n']:,}", row["peer"], "failed", "", "", "", "", "", "", "", "", "", "see notes"]
    return [
        row["data"],
        f"{row['n']:,}",
        row["peer"],
        h.fmt_num(row["compute_s"], 3 if row["compute_s"] < 1 else 2) + ("*" if row["contended"] else ""),
        h.fmt_num(row["cores"], 1),
        h.fmt_num(row["read_s"], 3 if row["read_s"] < 1 else 2),
        h.fmt_num(row["peak_mib"], 0),
        f"{row['faces']:,}",
        h.fmt_num(row["face_area_m2"] / 1e4, 1),
        h.fmt_num(row["union_m2"] / 1e4, 1),
        f"{row['weighted_ratio']:.6f}",
        h.fmt_num(row.get("ratio"), 2),
        h.fmt_num(row.get("load_at_start"), 1),
        row["equal"],
    ]


if __name__ == "__main__":
    main()
