"""The national analysis, cold, before and after the engine work of issue 21: same claims, same machine, one run.

Task: `novex analyse` for the whole country — the puzzle (land budget per province, stacking, conflicts,
goals) from the claims in the database, in a fresh process (no cached result).

  before  novex at `--before` (default a1bf388^: the engine before issue 21, untiled stacking), checked out
          from this repository's history into a temporary folder and run with PYTHONPATH pointing at it.
  after   novex as checked out here.

Each peer gets its own SQLite database, made and loaded by its own code (the same claims file:
`api_latency.claims_geojson`, N clustered claims, each province its own voorstel). A run is a fresh
subprocess that imports novex, then times `AnalysisService.analysis(operator, all provinces)` — what
`novex analyse` does — and `report.to_json()`. Peak memory is the sampled RSS of the process. Checked in
this parent: both peers find the same number of conflicts and the same total conflict area (within
0.01 %) and the same claimed hectares per province.

Usage: python benchmarks/national_analysis.py [--claims 50000] [--reps 3] [--before REV] [--fair]
       [--markdown FILE]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _harness as h

PEERS = ("before", "after")
DEFAULT_BEFORE = "a1bf388^"
REPO = h.HERE.parent


# =========================================================================== workers (run in the peer's novex)


def worker_load(args) -> dict:
    from api_latency import load

    from novex import bootstrap
    from novex.settings import Settings

    settings = Settings(data_dir=Path(args.folder) / "data", database_url=f"sqlite:///{args.folder}/novex.db")
    bootstrap.init(settings)
    timing = load(settings, Path(args.input))
    return {"read_s": timing["read_s"], "store_s": timing["store_s"]}


def worker_analyse(args) -> dict:
    from novex import bootstrap
    from novex.analysis.service import AnalysisService
    from novex.cli.common import OPERATOR

    started = time.perf_counter()
    with bootstrap.unit_of_work(write=False) as uow:
        report = uow.get(AnalysisService).analysis(OPERATOR, (), 1.0)
    analysed = time.perf_counter()
    document = report.to_json()
    done = time.perf_counter()
    conflicts = document["conflicts"]
    return {
        "read_s": 0.0,
        "analyse_s": analysed - started,
        "json_s": done - analysed,
        "total_s": done - started,
        "conflicts": len(conflicts),
        "conflict_ha": float(sum(c["area_ha"] for c in conflicts)),
        "claimed_ha": _claimed(document),
    }


def _claimed(document: dict) -> dict[str, float]:
    return {str(row["code"]): round(float(row["claimed_ha"]), 3) for row in document["provinces"]}


# =========================================================================== parent


def checkout(rev: str, into: Path) -> str:
    """The source tree of `rev` (git archive) in `into`; returns the full commit id."""
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", rev], check=True, capture_output=True,
                            text=True).stdout.strip()  # fmt: skip
    archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "src"], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return commit


def peer_env(peer: str, sources: dict[str, Path], folder: Path) -> dict[str, str]:
    paths = [str(sources[peer] / "src"), str(h.HERE)]
    return {
        "PYTHONPATH": os.pathsep.join(paths),
        "NOVEX_DATA_DIR": str(folder / "data"),
        "NOVEX_DATABASE_URL": f"sqlite:///{folder}/novex.db",
    }


def run(peer: str, mode: str, sources: dict[str, Path], folder: Path, extra: list[str], fair: bool) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", mode, "--folder", str(folder), *extra]
    env = peer_env(peer, sources, folder)
    if fair:
        h.wait_for_quiet()
    result = h.run_worker(cmd, timeout=3600, env=env)
    if "error" in result:
        raise SystemExit(f"{peer} {mode}: {result['error']}\n{result.get('stderr_tail', '')[-2000:]}")
    return result


def compare(before: dict, after: dict) -> str:
    same_count = before["conflicts"] == after["conflicts"]
    area_ok = abs(before["conflict_ha"] - after["conflict_ha"]) <= 1e-4 * max(before["conflict_ha"], 1e-9)
    claimed_ok = before["claimed_ha"] == after["claimed_ha"]
    return "yes" if same_count and area_ok and claimed_ok else (
        f"NO (conflicts {before['conflicts']} vs {after['conflicts']}, {before['conflict_ha']:.3f} vs "
        f"{after['conflict_ha']:.3f} ha, claimed per province {'same' if claimed_ok else 'differs'})"
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--before", default=DEFAULT_BEFORE)
    parser.add_argument("--fair", action="store_true", help="wait for a quiet machine before each run")
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--worker", choices=("load", "analyse"))
    parser.add_argument("--folder")
    parser.add_argument("--input")
    args = parser.parse_args()
    if args.worker:
        h.report((worker_load if args.worker == "load" else worker_analyse)(args))
        return

    from api_latency import claims_geojson

    with tempfile.TemporaryDirectory(prefix="novex-national-") as tmp:
        root = Path(tmp)
        (root / "before").mkdir()
        commit = checkout(args.before, root / "before")
        sources = {"before": root / "before", "after": REPO}
        data = root / "claims.geojson"
        n = claims_geojson(args.claims, data)
        print(f"{n:,} claims; before = {args.before} ({commit[:10]}), after = working tree", flush=True)
        folders = {}
        for peer in PEERS:
            folders[peer] = root / f"db-{peer}"
            folders[peer].mkdir()
            loaded = run(peer, "load", sources, folders[peer], ["--input", str(data)], False)
            print(f"  {peer}: loaded in {loaded['read_s'] + loaded['store_s']:.1f} s", flush=True)
        runs: dict[str, list[dict]] = {p: [] for p in PEERS}
        for rep in range(args.reps):
            for peer in PEERS if rep % 2 == 0 else PEERS[::-1]:  # alternate the order
                result = run(peer, "analyse", sources, folders[peer], [], args.fair)
                runs[peer].append(result)
                print(f"  rep {rep + 1} {peer}: {result['total_s']:.2f} s, peak {result['peak_mib']:.0f} MiB, "
                      f"other load {result['other_cores']:.2f} cores", flush=True)  # fmt: skip
    lines = table(n, args.before, commit, runs)
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", "utf-8")


def _head() -> str:
    """HEAD's short id, and whether the engine's files differ from it."""
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                          text=True).stdout.strip()  # fmt: skip
    dirty = subprocess.run(["git", "-C", str(REPO), "diff", "--quiet", "HEAD", "--", "src/novex/analysis"]).returncode
    return head + (" (with uncommitted changes in src/novex/analysis)" if dirty else "")


def table(n: int, before: str, commit: str, runs: dict[str, list[dict]]) -> list[str]:
    med = {p: h.median([r["total_s"] for r in runs[p]]) for p in PEERS}
    lines = [
        f"National analysis, cold, {n:,} claims (api_latency.claims_geojson), median of {len(runs['after'])} runs",
        "",
        "| peer | analyse s | to_json s | total s | peak MiB | conflicts | conflict ha | other load (cores) | ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for peer in PEERS:
        best = sorted(runs[peer], key=lambda r: r["total_s"])[len(runs[peer]) // 2]
        lines.append(
            f"| {peer} | {h.fmt_num(best['analyse_s'])} | {h.fmt_num(best['json_s'])} | {h.fmt_num(med[peer])} | "
            f"{h.fmt_num(max(r['peak_mib'] for r in runs[peer]), 0)} | {best['conflicts']:,} | "
            f"{h.fmt_num(best['conflict_ha'], 1)} | {h.fmt_num(max(r['other_cores'] for r in runs[peer]))} | "
            f"{med['before'] / med[peer]:.2f}× |"
        )
    lines += [
        "",
        f"- before: `{before}` = {commit[:10]}; after: the working tree at {_head()}; same answer: "
        f"{compare(runs['before'][0], runs['after'][0])}",
        f"- ratio = before total s / peer total s; python {sys.version.split()[0]}",
    ]
    return lines


if __name__ == "__main__":
    main()
