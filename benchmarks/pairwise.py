"""Pairwise overlaps: novex `overlap_pairs` against its peers, same data, same run, same answer.

Task: every pair of claims (i < j) whose interiors overlap, with the overlap area.

For each size n the claims (benchmarks/data.py, seeded) are written once to a
GeoPackage in a temporary folder. Every run of every peer is its own subprocess that
reads that file (timed as "read") and computes the pairs (timed as "compute"), then
hands its pairs to this parent, which checks them against novex: the same pair set
(checksum over the sorted (i, j)) and the same total area (within 0.01 %). Peak
memory is that of the run's whole process tree. Median of 3 runs below 100k, 1 run
from 100k on.

Peers (`--peers`, default all):
  novex        novex.analysis.overlay.overlap_pairs(geoms, threads=2), the function the
               CLI and the API use.
  gpd_overlay  geopandas.overlay(df, df, how="intersection"), then i < j, area ≥ 1 mm².
  gpd_sjoin    geopandas.sjoin(df, df, predicate="intersects"), i < j, then vectorised
               shapely.intersection + shapely.area, area ≥ 1 mm².
  duckdb       DuckDB spatial (threads=2), extension binary from the pip package,
               a SPATIAL_JOIN on `ST_Intersects(a.geom, b.geom) AND a.id < b.id`.
  gfo          geofileops.intersection(path, None, out, nb_parallel=2) in the venv
               benchmarks/.venv-gfo (see README); keeps i < j.

Usage: python benchmarks/pairwise.py [--sizes 1000 10000 100000] [--peers novex duckdb ...]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _harness as h

PEERS = ("novex", "gpd_overlay", "gpd_sjoin", "duckdb", "gfo")
THREADS = 2
# What counts as overlap for every peer: the threshold of novex.analysis.overlay.MIN_OVERLAP_M2
# (1 mm², the precision grid), written out so the geofileops venv needs no novex.
MIN_AREA = 1e-6

# The SPATIAL_JOIN form. The join condition sits in a subquery; the area is computed
# on top of it and areas below 1 mm² are dropped afterwards in numpy. Putting `WHERE area > 0`
# into the SQL either gets pushed into the join (PIECEWISE_MERGE_JOIN on the ids:
# quadratic) or evaluates ST_Intersection twice (filter and projection).
DUCKDB_SQL = """
SELECT i, j, ST_Area(ST_Intersection(ga, gb)) AS area
FROM (
    SELECT a.id AS i, b.id AS j, a.geom AS ga, b.geom AS gb
    FROM claims a JOIN claims b
      ON ST_Intersects(a.geom, b.geom) AND a.id < b.id
)
""".strip()


# =========================================================================== workers
# Each worker: read the claims (timed), compute the pairs (timed), save them as
# (i, j, area) in id space to an .npz, and report. Imports happen inside.


def _save(out: str, i, j, area) -> None:
    import numpy as np

    np.savez(out, i=np.asarray(i, dtype=np.int64), j=np.asarray(j, dtype=np.int64),
             area=np.asarray(area, dtype=np.float64))  # fmt: skip


def _read_gpd(path: str):
    import geopandas as gpd

    return gpd.read_file(path, engine="pyogrio")


def worker_novex(args) -> dict:
    import geopandas  # noqa: F401  (imported before the clock starts, as in the other workers)
    import pyogrio
    import shapely

    from novex.analysis.overlay import overlap_pairs

    t0 = time.perf_counter()
    df = _read_gpd(args.input)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    res = overlap_pairs(df.geometry.values, threads=THREADS)
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    ids = df["id"].to_numpy()
    _save(args.out, ids[res.i], ids[res.j], res.area)
    versions = h.dist_versions("novex", "shapely", "numpy", "geopandas", "pyogrio", "scipy")
    versions["GEOS"] = shapely.geos_version_string
    versions["novex overlay.py sha256"] = h.source_hash("novex.analysis.overlay")
    versions["GDAL (in the pyogrio wheel)"] = pyogrio.__gdal_version_string__
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "cpu_compute_s": c2 - c1, "versions": versions}


def worker_gpd_overlay(args) -> dict:
    import geopandas as gpd

    t0 = time.perf_counter()
    df = _read_gpd(args.input)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    res = gpd.overlay(df, df, how="intersection", keep_geom_type=True)
    i, j = res["id_1"].to_numpy(), res["id_2"].to_numpy()
    area = res.geometry.area.to_numpy()
    keep = (i < j) & (area >= MIN_AREA)
    i, j, area = i[keep], j[keep], area[keep]
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    _save(args.out, i, j, area)
    del res
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "cpu_compute_s": c2 - c1, "n_rows_raw": int(len(keep)),
            "versions": h.dist_versions("geopandas", "shapely", "pandas", "pyogrio", "numpy")}  # fmt: skip


def worker_gpd_sjoin(args) -> dict:
    import geopandas as gpd
    import shapely

    t0 = time.perf_counter()
    df = _read_gpd(args.input)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    joined = gpd.sjoin(df[["geometry"]], df[["geometry"]], predicate="intersects")
    left = joined.index.to_numpy()
    right = joined["index_right"].to_numpy()
    keep = left < right
    left, right = left[keep], right[keep]
    geoms = df.geometry.values
    area = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    nonzero = area >= MIN_AREA
    ids = df["id"].to_numpy()
    i, j, area = ids[left[nonzero]], ids[right[nonzero]], area[nonzero]
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    _save(args.out, i, j, area)
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "cpu_compute_s": c2 - c1,
            "versions": h.dist_versions("geopandas", "shapely", "pandas", "pyogrio", "numpy")}  # fmt: skip


def duckdb_extension_path() -> Path:
    import duckdb
    import duckdb_extension_spatial

    root = Path(duckdb_extension_spatial.__file__).parent
    path = root / "extensions" / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if not path.exists():
        found = sorted(root.rglob("spatial.duckdb_extension"))
        raise FileNotFoundError(f"{path} missing; the package ships {found}")
    return path


def worker_duckdb(args) -> dict:
    import duckdb
    import numpy as np

    con = duckdb.connect()
    con.execute(f"SET threads={THREADS}")
    con.execute("SET enable_progress_bar=false")
    con.execute(f"LOAD '{duckdb_extension_path()}'")
    ext_version = con.execute(
        "SELECT extension_version FROM duckdb_extensions() WHERE extension_name = 'spatial'"
    ).fetchone()[0]
    t0 = time.perf_counter()
    con.execute(f"CREATE TABLE claims AS SELECT id, geom FROM ST_Read('{args.input}')")
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    res = con.execute(DUCKDB_SQL).fetchnumpy()
    area = np.asarray(res["area"], dtype=np.float64)
    keep = area >= MIN_AREA
    i, j, area = res["i"][keep], res["j"][keep], area[keep]
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    _save(args.out, i, j, area)
    plan = con.execute("EXPLAIN " + DUCKDB_SQL).fetchall()[0][1] if args.explain else None
    versions = h.dist_versions("duckdb", "duckdb-extension-spatial", "numpy")
    versions["duckdb spatial extension build"] = ext_version
    return {
        "read_s": t1 - t0,
        "compute_s": t2 - t1,
        "cpu_compute_s": c2 - c1,
        "plan": plan,
        "versions": versions,
    }


def worker_gfo(args) -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    import geofileops as gfo
    import pyogrio
    import shapely
    from osgeo import gdal

    out = Path(args.out).with_suffix(".gfo.gpkg")
    c0 = h.cpu_s()
    t0 = time.perf_counter()
    gfo.intersection(args.input, None, out, nb_parallel=THREADS, force=True)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    df = pyogrio.read_dataframe(out)
    i, j = df["l1_id"].to_numpy(), df["l2_id"].to_numpy()
    area = shapely.area(df.geometry.values)
    keep = (i < j) & (area >= MIN_AREA)
    t2 = time.perf_counter()
    _save(args.out, i[keep], j[keep], area[keep])
    out.unlink(missing_ok=True)
    versions = h.dist_versions("geofileops", "GDAL", "pyogrio", "shapely", "pandas", "geopandas", "numpy")
    versions["GDAL runtime"] = gdal.__version__
    versions["GEOS"] = shapely.geos_version_string
    versions = {f"{k} (gfo venv)": v for k, v in versions.items()}
    # Here "compute" is the file-to-file call (it reads the input itself) and "read"
    # is reading its output back into pairs: geofileops has no in-memory result.
    return {"read_s": t2 - t1, "compute_s": t1 - t0, "cpu_compute_s": c1 - c0, "versions": versions}


def worker_profile(args) -> dict:
    """Where novex spends its time in overlap_pairs at this n: stages at threads=1, then cProfile."""
    import cProfile
    import io
    import pstats

    import geopandas as gpd
    import numpy as np
    import shapely

    from novex.analysis.overlay import candidate_pairs, overlap_pairs

    geoms = np.asarray(gpd.read_file(args.input, engine="pyogrio").geometry.values, dtype=object)
    lines = [f"novex overlap_pairs profile at n={len(geoms):,} (overlay.py {h.source_hash('novex.analysis.overlay')})"]
    timings = {}
    for threads in (THREADS, 1):
        t = time.perf_counter()
        res = overlap_pairs(geoms, threads=threads)
        timings[threads] = time.perf_counter() - t
    lines.append(
        f"  overlap_pairs threads={THREADS}: {timings[THREADS]:.2f} s, threads=1: {timings[1]:.2f} s "
        f"(speed-up {timings[1] / timings[THREADS]:.2f}×), {len(res):,} pairs"
    )
    # The same steps as overlap_pairs, one by one, on one thread.
    fresh = shapely.from_wkb(shapely.to_wkb(geoms))
    t = time.perf_counter()
    shapely.prepare(fresh)
    t_prep = time.perf_counter() - t
    t = time.perf_counter()
    i, j = candidate_pairs(fresh, threads=1)
    t_cand = time.perf_counter() - t
    gi, gj = fresh[i], fresh[j]
    t = time.perf_counter()
    j_in_i = shapely.covered_by(gj, gi)
    i_in_j = ~j_in_i & shapely.covered_by(gi, gj)
    t_cov = time.perf_counter() - t
    rest = ~(j_in_i | i_in_j)
    t = time.perf_counter()
    area = shapely.area(shapely.intersection(gi[rest], gj[rest]))
    t_int = time.perf_counter() - t
    t = time.perf_counter()
    shapely.area(shapely.intersection(gi, gj))
    t_all = time.perf_counter() - t
    lines += [
        "  the steps of overlap_pairs on one thread:",
        f"    prepare:                         {t_prep:6.2f} s",
        f"    STRtree query (intersects):      {t_cand:6.2f} s  ({len(i):,} candidate pairs)",
        f"    covered_by, both ways:           {t_cov:6.2f} s  ({(~rest).mean():.1%} of candidates covered)",
        f"    intersection + area, the rest:   {t_int:6.2f} s  ({rest.sum():,} pairs, {(area == 0).sum():,} "
        "with area 0)",
        f"    (intersection + area of all candidates, no short-cut: {t_all:.2f} s)",
        "  cProfile of overlap_pairs(threads=1), by own time:",
    ]
    prof = cProfile.Profile()
    prof.enable()
    overlap_pairs(geoms, threads=1)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(10)
    lines += ["    " + ln for ln in buf.getvalue().splitlines() if ln.strip()][-12:]
    return {"read_s": 0.0, "compute_s": 0.0, "profile": "\n".join(lines)}


WORKERS = {
    "novex": worker_novex,
    "gpd_overlay": worker_gpd_overlay,
    "gpd_sjoin": worker_gpd_sjoin,
    "duckdb": worker_duckdb,
    "gfo": worker_gfo,
    "profile": worker_profile,
}


def worker_main(args) -> None:
    h.report(WORKERS[args.worker](args))


# =========================================================================== parent


def pair_summary(npz: Path, n: int) -> dict:
    import numpy as np

    data = np.load(npz)
    i, j, area = data["i"], data["j"], data["area"]
    keys = i.astype(np.int64) * n + j.astype(np.int64)
    unique = np.unique(keys)
    return {
        "keys": unique,
        "pairs": int(len(keys)),
        "duplicates": int(len(keys) - len(unique)),
        "bad_order": int((i >= j).sum()),
        "area": float(area.sum()),
        "checksum": hashlib.sha256(unique.tobytes()).hexdigest()[:12],
    }


def gfo_available() -> str | None:
    """None if the geofileops venv works, else why not."""
    import subprocess

    if not h.GFO_PYTHON.exists():
        return f"no venv at {h.GFO_PYTHON.parent.parent} (see benchmarks/README.md)"
    probe = subprocess.run(
        [str(h.GFO_PYTHON), "-W", "ignore", "-c", "import geofileops, osgeo.gdal"],
        capture_output=True, text=True,
    )  # fmt: skip
    if probe.returncode != 0:
        return "venv present but `import geofileops` fails: " + probe.stderr.strip().splitlines()[-1]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--peers", nargs="+", default=list(PEERS), choices=PEERS)
    parser.add_argument("--reps", type=int, default=3, help="runs per peer below --large (median)")
    parser.add_argument("--large", type=int, default=100_000, help="from this n on, one run")
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=600.0,
        help="skip a peer whose projected run exceeds this (from the previous size)",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="kill a run after this many s")
    parser.add_argument("--seed", type=int, default=20_260_101)
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument("--json", type=Path, help="also write all measurements as JSON here")
    parser.add_argument("--profile", action="store_true", help="profile novex at the largest size")
    parser.add_argument("--worker", choices=list(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--explain", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()  # fmt: skip
    if args.worker:
        worker_main(args)
        return
    run_benchmark(args)


def run_benchmark(args) -> None:
    from data import describe, make_claims, write_claims
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
    peers = ["novex", *[p for p in args.peers if p != "novex"]]  # novex is the reference
    notes: list[str] = []
    if "gfo" in peers and (why := gfo_available()):
        notes.append(f"geofileops NOT RUN: {why}")
        console.print(f"[yellow]geofileops not run: {why}")
        peers.remove("gfo")

    workdir = Path(tempfile.mkdtemp(prefix="novex-bench-pairs-"))
    rows: list[dict] = []
    versions: dict[str, str] = {}
    plan_shown = False
    profile_text = None
    reps_for = {n: (1 if n >= args.large else args.reps) for n in args.sizes}
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=console)  # fmt: skip
    try:
        with progress:
            total = sum(reps_for[n] * len(peers) for n in args.sizes)
            task = progress.add_task("pairwise", total=total)
            for n in sorted(args.sizes):
                progress.update(task, description=f"n={n:,}: generating claims")
                t = time.perf_counter()
                geoms = make_claims(n, seed=args.seed)
                path = write_claims(geoms, workdir / f"claims_{n}.gpkg")
                progress.console.print(f"n={n:,}: {describe(geoms)}; written in {time.perf_counter() - t:.1f} s")
                del geoms
                reps = reps_for[n]
                active = []
                for peer in peers:
                    skip = projected_skip(rows, peer, n, args.max_seconds)
                    if skip:
                        progress.advance(task, reps)
                        notes.append(f"n={n:,} {peer}: SKIPPED, {skip}")
                        rows.append({"n": n, "peer": peer, "skipped": skip})
                        progress.console.print(f"[yellow]n={n:,} {peer}: skipped, {skip}")
                    else:
                        active.append(peer)
                # Repetitions go round the peers (novex, A, B, …, novex, A, B, …) so that a
                # passing disturbance of the machine does not land on one peer's runs only.
                runs: dict[str, list[dict]] = {peer: [] for peer in active}
                failed: set[str] = set()
                for rep in range(reps):
                    for peer in active:
                        if peer in failed:
                            continue
                        progress.update(task, description=f"n={n:,} {peer} run {rep + 1}/{reps}")
                        out = workdir / f"{peer}_{n}_{rep}.npz"
                        python = str(h.GFO_PYTHON) if peer == "gfo" else sys.executable
                        cmd = [python, str(Path(__file__).resolve()), "--worker", peer,
                               "--input", str(path), "--out", str(out)]  # fmt: skip
                        if peer == "duckdb" and not plan_shown:
                            cmd.append("--explain")
                        run = h.run_fairly(cmd, timeout=args.timeout)
                        progress.advance(task)
                        if run.get("plan"):
                            plan_shown = True
                            show_plan(progress.console, run["plan"], notes)
                        if "error" in run:
                            progress.console.print(f"[red]n={n:,} {peer} run {rep + 1}: {run['error']}")
                            notes.append(f"n={n:,} {peer}: FAILED, {run['error']}")
                            progress.advance(task, reps - rep - 1)
                            failed.add(peer)
                            continue
                        run["summary"] = pair_summary(out, n)
                        out.unlink()
                        runs[peer].append(run)
                        for k, v in run.get("versions", {}).items():
                            versions.setdefault(k, v)
                        if versions[k] != v:
                            h.note_once(notes, f"{k} CHANGED during the benchmark: {versions[k]} then {v}")
                ref = None
                for peer in active:
                    if peer in failed:
                        rows.append({"n": n, "peer": peer, "failed": True})
                        continue
                    row = summarise(n, peer, runs[peer], ref)
                    if peer == "novex":
                        ref = {**row, "keys": runs[peer][-1]["summary"]["keys"]}
                    rows.append(row)
                    progress.console.print(
                        f"n={n:,} {peer}: compute {row['compute_s']:.2f} s ({row['cores']:.1f} cores), "
                        f"read {row['read_s']:.2f} s, {row['pairs']:,} pairs, {row['peak_mib']:,.0f} MiB, "
                        f"equal: {row['equal']}"
                    )
            if args.profile:
                n = max(args.sizes)
                progress.update(task, description=f"n={n:,} novex profile")
                source = str(workdir / f"claims_{n}.gpkg")
                cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "profile",
                       "--input", source, "--out", str(workdir / "p.npz")]  # fmt: skip
                run = h.run_fairly(cmd, timeout=args.timeout)
                profile_text = run.get("profile") or f"profile failed: {run.get('error')}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    table = Table(title=f"Pairwise overlaps (i < j, area ≥ 1 mm²) — {THREADS} threads where a peer can use them")
    cols = ["n", "peer", "compute s", "cores", "read s", "peak MiB", "pairs", "area ha", "× novex compute",
            "× novex read+compute", "area diff %", "equal"]  # fmt: skip
    for c in cols:
        table.add_column(c, justify="left" if c in ("peer", "equal") else "right")
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        cells = format_row(row)
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    console.print(table)
    console.print("Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    notes.append("gfo: 'compute' is the file-to-file gfo.intersection call (it reads the GPKG itself); "
                 "'read' is reading its output back into pairs + areas")  # fmt: skip
    notes.append("cores = busy CPU seconds of the machine / wall seconds during the compute step")
    notes.append(
        "* = another program used > 0.15 cores during a run of this row even after 2 retries "
        "(runs start only once the machine is quiet)"
    )
    notes.append("equal = same pair set as novex (sha256 over sorted i*n+j) and total area within 0.01 %")
    for note in notes:
        console.print(f"- {note}")
    if profile_text:
        console.print(profile_text, markup=False, highlight=False)
    if args.markdown:
        text = "\n".join(lines) + "\n\nVersions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        text += "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
        if profile_text:
            text += "\n```\n" + profile_text + "\n```\n"
        args.markdown.write_text(text)
    if args.json:
        clean = [{k: v for k, v in r.items() if k != "keys"} for r in rows]
        args.json.write_text(json.dumps({"rows": clean, "versions": versions, "notes": notes}, indent=2))


def show_plan(console, plan: str, notes: list[str]) -> None:
    ok = "SPATIAL_JOIN" in plan
    console.print("DuckDB plan (EXPLAIN) of the benchmarked query:")
    console.print(DUCKDB_SQL, markup=False, highlight=False)
    console.print(plan, markup=False, highlight=False)
    msg = "uses SPATIAL_JOIN" if ok else "does NOT use SPATIAL_JOIN"
    console.print(f"[{'green' if ok else 'red'}]DuckDB plan {msg}")
    notes.append(f"DuckDB plan {msg}")


def projected_skip(rows: list[dict], peer: str, n: int, limit: float) -> str | None:
    """Why to skip `peer` at `n` when its run projected from the previous size exceeds `limit`.

    Projection: the peer's compute time at the largest smaller n, scaled by how the
    novex pair count (a proxy for the work) grew between the two sizes, and at least
    linearly with n.
    """
    prev = [r for r in rows if r["peer"] == peer and r["n"] < n and "compute_s" in r]
    if not prev or peer == "novex":
        return None
    last = max(prev, key=lambda r: r["n"])
    novex = {r["n"]: r for r in rows if r["peer"] == "novex" and "pairs" in r}
    if last["n"] in novex and n in novex and novex[last["n"]]["pairs"]:
        growth = max(novex[n]["pairs"] / novex[last["n"]]["pairs"], n / last["n"])
    else:
        growth = n / last["n"]
    projected = (last["compute_s"] + last["read_s"]) * growth
    if projected > limit:
        return (f"projected {projected:,.0f} s (> {limit:,.0f} s) from {last['compute_s']:,.1f} s "
                f"at n={last['n']:,} × {growth:.1f}")  # fmt: skip
    return None


def summarise(n: int, peer: str, runs: list[dict], ref: dict | None) -> dict:
    import numpy as np

    s = runs[-1]["summary"]
    row = {
        "n": n,
        "peer": peer,
        "runs": len(runs),
        "compute_s": h.median([r["compute_s"] for r in runs]),
        "read_s": h.median([r["read_s"] for r in runs]),
        "compute_all": [r["compute_s"] for r in runs],
        "cores": h.median([r["cpu_compute_s"] / r["compute_s"] for r in runs if r["compute_s"] > 0]),
        "peak_mib": max(r["peak_mib"] for r in runs),
        "pairs": s["pairs"],
        "area_m2": s["area"],
        "checksum": s["checksum"],
        "duplicates": s["duplicates"],
        "bad_order": s["bad_order"],
        "stable": len({r["summary"]["checksum"] for r in runs}) == 1,
        "contended": sum(r["contended"] for r in runs),
        "other_cores": max(r["other_cores"] for r in runs),
    }
    if ref is None:
        ref = row
        row["equal"] = "yes (reference)"
        row["area_diff_pct"] = 0.0
        row["ratio"] = row["ratio_total"] = 1.0
        return row
    row["ratio"] = row["compute_s"] / ref["compute_s"]
    row["ratio_total"] = (row["compute_s"] + row["read_s"]) / (ref["compute_s"] + ref["read_s"])
    row["area_diff_pct"] = 100 * (row["area_m2"] - ref["area_m2"]) / ref["area_m2"] if ref["area_m2"] else 0.0
    same_pairs = s["checksum"] == ref["checksum"] and s["duplicates"] == 0 and s["bad_order"] == 0
    same_area = abs(row["area_diff_pct"]) <= 0.01
    if same_pairs and same_area:
        row["equal"] = "yes"
    else:
        missing = len(np.setdiff1d(ref["keys"], s["keys"]))
        extra = len(np.setdiff1d(s["keys"], ref["keys"]))
        why = []
        if not same_pairs:
            why.append(f"{missing} missing, {extra} extra, {s['duplicates']} dup pairs")
        if not same_area:
            why.append(f"area {row['area_diff_pct']:+.4f} %")
        row["equal"] = "NO: " + "; ".join(why)
    return row


def format_row(row: dict) -> list[str]:
    if row.get("skipped"):
        return [f"{row['n']:,}", row["peer"], "skipped", "", "", "", "", "", "", "", "", row["skipped"]]
    if row.get("failed"):
        return [f"{row['n']:,}", row["peer"], "failed", "", "", "", "", "", "", "", "", "see notes"]
    return [
        f"{row['n']:,}",
        row["peer"],
        h.fmt_num(row["compute_s"], 3 if row["compute_s"] < 1 else 2) + ("*" if row["contended"] else ""),
        h.fmt_num(row["cores"], 1),
        h.fmt_num(row["read_s"], 3 if row["read_s"] < 1 else 2),
        h.fmt_num(row["peak_mib"], 0),
        f"{row['pairs']:,}",
        h.fmt_num(row["area_m2"] / 1e4, 1),
        h.fmt_num(row["ratio"], 2),
        h.fmt_num(row["ratio_total"], 2),
        f"{row['area_diff_pct']:+.6f}",
        row["equal"],
    ]


if __name__ == "__main__":
    main()
