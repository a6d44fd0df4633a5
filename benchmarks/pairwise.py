"""Pairwise overlaps: novex `overlap_pairs` against its peers, same data, same run, same answer.

Task: every pair of claims (i < j) whose interiors overlap, with the overlap area.

For each data set and size n the claims (benchmarks/data.py, seeded) are written once to
a GeoPackage in a temporary folder. Every run of every peer is its own subprocess that
reads that file (timed as "read") and computes the pairs (timed as "compute"), then
hands its pairs to this parent, which checks them against novex: the same pair set
(checksum over the sorted (i, j)) and the same total area (within 0.01 %). Peak
memory is that of the run's whole process tree. Median of 3 runs below 100k, 1 run
from 100k on.

Two data sets (--data): `uniform` (data.make_claims, clusters of 50 over the country) and
`dense` (data.make_dense: one connected group of nearly all claims, depth > 100, about
3.1 million overlapping pairs at 100,000 claims).

Peers (`--peers`, default all):
  novex        novex.analysis.overlay.overlap_pairs(geoms, threads=2), the function the
               CLI and the API use; the claims read through pyogrio's Arrow path (WKB
               → shapely.from_wkb, no GeoDataFrame).
  strtree      the plain Shapely 2 reference, single-threaded: the same read, then
               shapely.STRtree(geoms).query(geoms, predicate="intersects"), i < j,
               shapely.intersection + shapely.area of all those pairs at once, area ≥ 1 mm².
  gpd_overlay  geopandas.overlay(df, df, how="intersection"), then i < j, area ≥ 1 mm².
  gpd_sjoin    geopandas.sjoin(df, df, predicate="intersects"), i < j, then vectorised
               shapely.intersection + shapely.area, area ≥ 1 mm².
  duckdb       DuckDB spatial (threads=2), extension binary from the pip package,
               a SPATIAL_JOIN on `ST_Intersects(a.geom, b.geom) AND a.id < b.id`.
  gfo          geofileops.intersection(path, None, out, nb_parallel=2) in the venv
               benchmarks/.venv-gfo (see README); keeps i < j.

The target (issue 21): novex ≥ 2× the fastest peer at 10,000 and 100,000 claims on both
data sets, novex's peak ≤ 1 GiB; the verdicts are printed at the end.

Usage: python benchmarks/pairwise.py [--data uniform dense] [--sizes 1000 10000 100000]
       [--peers novex strtree duckdb ...] [--fair] [--profile]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import _harness as h

PEERS = ("novex", "strtree", "gpd_overlay", "gpd_sjoin", "duckdb", "gfo")
TARGET_RATIO, TARGET_MIB = 2.0, 1024.0
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


def _read_wkb(path: str):
    """(ids, geometries) through pyogrio's Arrow path: the WKB column straight into shapely.from_wkb."""
    import pyogrio
    import shapely

    meta, table = pyogrio.raw.read_arrow(path, columns=["id"])
    wkb = table.column(meta["geometry_name"] or "wkb_geometry").to_numpy()
    return table.column("id").to_numpy(), shapely.from_wkb(wkb)


def worker_novex(args) -> dict:
    import pyarrow  # noqa: F401  (imported before the clock starts, as the other workers import theirs)
    import pyogrio
    import shapely

    from novex.analysis.overlay import overlap_pairs

    t0 = time.perf_counter()
    ids, geoms = _read_wkb(args.input)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    res = overlap_pairs(geoms, threads=THREADS)
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    _save(args.out, ids[res.i], ids[res.j], res.area)
    versions = h.dist_versions("novex", "shapely", "numpy", "pyarrow", "pyogrio", "scipy")
    versions["GEOS"] = shapely.geos_version_string
    versions["novex overlay.py sha256"] = h.source_hash("novex.analysis.overlay")
    versions["GDAL (in the pyogrio wheel)"] = pyogrio.__gdal_version_string__
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "cpu_compute_s": c2 - c1, "versions": versions}


def worker_strtree(args) -> dict:
    import pyarrow  # noqa: F401  (the same imports as worker_novex before the clock starts)
    import pyogrio  # noqa: F401
    import shapely

    t0 = time.perf_counter()
    ids, geoms = _read_wkb(args.input)
    t1 = time.perf_counter()
    c1 = h.cpu_s()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    area = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    nonzero = area >= MIN_AREA
    i, j, area = ids[left[nonzero]], ids[right[nonzero]], area[nonzero]
    t2 = time.perf_counter()
    c2 = h.cpu_s()
    _save(args.out, i, j, area)
    return {"read_s": t1 - t0, "compute_s": t2 - t1, "cpu_compute_s": c2 - c1,
            "versions": h.dist_versions("shapely", "pyarrow", "pyogrio", "numpy")}  # fmt: skip


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

    import numpy as np
    import shapely

    from novex.analysis.overlay import PairGeometry, candidate_pairs, overlap_pairs

    _, geoms = _read_wkb(args.input)
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

    def timed(func):
        t = time.perf_counter()
        out = func()
        return out, time.perf_counter() - t

    # The same steps as overlap_pairs, one by one, on one thread, each kind of pair apart.
    (i, j), t_box = timed(lambda: candidate_pairs(geoms, threads=1, predicate=None))
    (ei, _), t_exact = timed(lambda: candidate_pairs(geoms, threads=1))
    shape, t_of = timed(lambda: PairGeometry.of(geoms))
    kinds = shape.box[i].astype(np.int8) + shape.box[j]
    lines += [
        "  the steps of overlap_pairs on one thread:",
        f"    {'STRtree query, boxes only:':<45}{t_box:6.2f} s  ({len(i):,} candidate pairs; with predicate "
        f"'intersects' it would take {t_exact:.2f} s for {len(ei):,})",
        f"    {'areas, boxes, rectangles:':<45}{t_of:6.2f} s  ({shape.box.mean():.0%} of the claims are "
        "axis-aligned rectangles)",
    ]
    for kind, what in ((2, "rectangle × rectangle (arithmetic)"), (1, "rectangle × polygon (clip_by_rect)"),
                       (0, "polygon × polygon (covered_by/intersection)")):  # fmt: skip
        sel = kinds == kind
        area, t_kind = timed(lambda sel=sel: shape.measure(i[sel], j[sel]))
        lines.append(
            f"    {what + ':':<45}{t_kind:6.2f} s  ({sel.sum():,} candidates, {(area >= MIN_AREA).sum():,} overlap)"
        )
    gi, gj = geoms[i[kinds == 0]], geoms[j[kinds == 0]]
    _, t_int = timed(lambda: shapely.area(shapely.intersection(gi, gj)))
    lines.append(f"    (polygon × polygon, intersection of all, no short-cut: {t_int:.2f} s)")
    lines.append("  cProfile of overlap_pairs(threads=1), by own time:")
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
    "strtree": worker_strtree,
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
    parser.add_argument("--data", nargs="+", default=["uniform", "dense"], choices=["uniform", "dense"])
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
    h.add_fair_option(parser)
    parser.add_argument("--profile", action="store_true", help="profile novex at the largest size of each data set")
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
    profiles: list[str] = []
    reps_for = {n: (1 if n >= args.large else args.reps) for n in args.sizes}
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=console)  # fmt: skip
    try:
        with progress:
            total = len(args.data) * (sum(reps_for[n] * len(peers) for n in args.sizes) + bool(args.profile))
            task = progress.add_task("pairwise", total=total)
            for data in args.data:
                for n in sorted(args.sizes):
                    progress.update(task, description=f"{data} n={n:,}: generating claims")
                    t = time.perf_counter()
                    geoms = (make_dense if data == "dense" else make_claims)(n, seed=args.seed)
                    path = write_claims(geoms, workdir / f"claims_{data}_{n}.gpkg")
                    progress.console.print(
                        f"{data} n={n:,}: {describe(geoms)}; written in {time.perf_counter() - t:.1f} s"
                    )
                    notes.append(f"data {data} n={n:,}: {describe(geoms)}")
                    del geoms
                    rows += run_size(args, data, n, path, peers, rows, workdir, progress, task, notes, versions,
                                     plan_shown)  # fmt: skip
                    plan_shown = plan_shown or any(note.startswith("DuckDB plan") for note in notes)
                if args.profile:
                    n = max(args.sizes)
                    progress.update(task, description=f"{data} n={n:,} novex profile")
                    source = str(workdir / f"claims_{data}_{n}.gpkg")
                    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", "profile",
                           "--input", source, "--out", str(workdir / "p.npz")]  # fmt: skip
                    run = h.run_measured(cmd, args.timeout, args.fair)
                    progress.advance(task)
                    text = run.get("profile") or f"profile failed: {run.get('error')}"
                    profiles.append(f"[{data}, load average {run['load_at_start']:.2f} at the start] {text}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    table = Table(title=f"Pairwise overlaps (i < j, area ≥ 1 mm²) — {THREADS} threads where a peer can use them")
    cols = ["data", "n", "peer", "compute s", "cores", "read s", "peak MiB", "pairs", "area ha", "× novex compute",
            "× novex read+compute", "area diff %", "load avg", "equal"]  # fmt: skip
    for c in cols:
        table.add_column(c, justify="left" if c in ("data", "peer", "equal") else "right")
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in rows:
        cells = format_row(row)
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    console.print(table)
    notes += verdicts(rows, args.data, args.sizes)
    console.print("Versions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items())))
    if "gfo" in peers:
        notes.append("gfo: 'compute' is the file-to-file gfo.intersection call (it reads the GPKG itself); "
                     "'read' is reading its output back into pairs + areas")  # fmt: skip
    notes.append("cores = busy CPU seconds of the machine / wall seconds during the compute step")
    if args.fair:
        how = "even after 2 retries (runs start only once the machine is quiet, --fair)"
    else:
        how = "(runs started at once, without --fair)"
    notes.append(f"* = another program used > 0.15 cores during a run of this row {how}")
    notes.append("load avg = the largest 1-min load average at the start of a run of this row")
    notes.append(f"load average at the end (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    notes.append("equal = same pair set as novex (sha256 over sorted i*n+j) and total area within 0.01 %")
    for note in notes:
        console.print(f"- {note}")
    for text in profiles:
        console.print(text, markup=False, highlight=False)
    if args.markdown:
        text = "\n".join(lines) + "\n\nVersions: " + ", ".join(f"{k} {v}" for k, v in sorted(versions.items()))
        text += "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
        for profile in profiles:
            text += "\n```\n" + profile + "\n```\n"
        args.markdown.write_text(text)
    if args.json:
        clean = [{k: v for k, v in r.items() if k != "keys"} for r in rows]
        args.json.write_text(json.dumps({"rows": clean, "versions": versions, "notes": notes}, indent=2))


def run_size(args, data, n, path, peers, rows, workdir, progress, task, notes, versions, plan_shown) -> list[dict]:
    """Every peer's runs at one data set and size, round the peers; the rows, novex first."""
    reps = 1 if n >= args.large else args.reps
    out_rows: list[dict] = []
    active = []
    for peer in peers:
        skip = projected_skip([r for r in rows if r["data"] == data], peer, n, args.max_seconds)
        if skip:
            progress.advance(task, reps)
            notes.append(f"{data} n={n:,} {peer}: SKIPPED, {skip}")
            out_rows.append({"data": data, "n": n, "peer": peer, "skipped": skip})
            progress.console.print(f"[yellow]{data} n={n:,} {peer}: skipped, {skip}")
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
            progress.update(task, description=f"{data} n={n:,} {peer} run {rep + 1}/{reps}")
            out = workdir / f"{peer}_{n}_{rep}.npz"
            python = str(h.GFO_PYTHON) if peer == "gfo" else sys.executable
            cmd = [python, str(Path(__file__).resolve()), "--worker", peer,
                   "--input", str(path), "--out", str(out)]  # fmt: skip
            if peer == "duckdb" and not plan_shown:
                cmd.append("--explain")
            run = h.run_measured(cmd, args.timeout, args.fair)
            progress.advance(task)
            if run.get("plan"):
                plan_shown = True
                show_plan(progress.console, run["plan"], notes)
            if "error" in run:
                progress.console.print(f"[red]{data} n={n:,} {peer} run {rep + 1}: {run['error']}")
                notes.append(f"{data} n={n:,} {peer}: FAILED, {run['error']}")
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
            out_rows.append({"data": data, "n": n, "peer": peer, "failed": True})
            continue
        row = summarise(n, peer, runs[peer], ref)
        row["data"] = data
        if peer == "novex":
            ref = {**row, "keys": runs[peer][-1]["summary"]["keys"]}
        out_rows.append(row)
        progress.console.print(
            f"{data} n={n:,} {peer}: compute {row['compute_s']:.2f} s ({row['cores']:.1f} cores), "
            f"read {row['read_s']:.2f} s, {row['pairs']:,} pairs, {row['peak_mib']:,.0f} MiB, "
            f"load {row['load_at_start']:.2f}, equal: {row['equal']}"
        )
    return out_rows


def verdicts(rows: list[dict], datas: list[str], sizes: list[int]) -> list[str]:
    """Per data set and size from 10,000 on: novex against the fastest peer, and its peak, against the target."""
    out = []
    for data in datas:
        for n in sorted(x for x in sizes if x >= 10_000):
            here = [r for r in rows if r["data"] == data and r["n"] == n and "compute_s" in r]
            novex = next((r for r in here if r["peer"] == "novex"), None)
            others = [r for r in here if r["peer"] != "novex" and r["equal"] == "yes"]
            if novex is None or not others:
                continue
            fastest = min(others, key=lambda r: r["compute_s"])
            fastest_total = min(others, key=lambda r: r["compute_s"] + r["read_s"])
            ratio = fastest["compute_s"] / novex["compute_s"]
            ratio_total = (fastest_total["compute_s"] + fastest_total["read_s"]) / (
                novex["compute_s"] + novex["read_s"]
            )
            ok = ratio >= TARGET_RATIO and ratio_total >= TARGET_RATIO and novex["peak_mib"] <= TARGET_MIB
            out.append(
                f"target on {data} at n={n:,} (≥ {TARGET_RATIO:.0f}× the fastest peer, ≤ {TARGET_MIB / 1024:.0f} GiB): "
                f"{'MET' if ok else 'NOT MET'} — compute {ratio:.2f}× ({fastest['peer']} {fastest['compute_s']:.2f} s "
                f"/ novex {novex['compute_s']:.2f} s), read+compute {ratio_total:.2f}× ({fastest_total['peer']}), "
                f"novex peak {novex['peak_mib']:,.0f} MiB"
            )
    return out


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
        "load_at_start": max(r.get("load_at_start", 0.0) for r in runs),
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
        return [row["data"], f"{row['n']:,}", row["peer"], "skipped", *[""] * 9, row["skipped"]]
    if row.get("failed"):
        return [row["data"], f"{row['n']:,}", row["peer"], "failed", *[""] * 9, "see notes"]
    return [
        row["data"],
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
        h.fmt_num(row["load_at_start"], 2),
        row["equal"],
    ]


if __name__ == "__main__":
    main()
