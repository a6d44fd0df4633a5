"""Shared plumbing of the benchmark scripts: one subprocess per run, peak memory, versions.

Only the standard library is imported at module level: this module is also imported
by workers running in the geofileops venv (and re-imported by their process pools).
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
GFO_PYTHON = HERE / ".venv-gfo" / "bin" / "python"
RESULT_TAG = "RESULT "


# --------------------------------------------------------------------------- worker side


def own_peak_mib() -> float:
    """Peak RSS of this process and (the largest of) its waited-for children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return max(own, kids)


def cpu_s() -> float:
    """Busy CPU seconds of the whole machine so far (from /proc/stat; 10 ms resolution).

    Machine-wide rather than per process: geofileops' pool workers are children of a
    forkserver, so no rusage of the worker would see them. On an otherwise idle machine
    the delta over a step is that step's CPU time, in every thread and process.
    """
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def dist_versions(*names: str) -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[name] = metadata.version(name)
    return out


def source_hash(module: str) -> str:
    """First 12 hex digits of the sha256 of a module's source file (which novex was measured)."""
    import hashlib
    import importlib

    return hashlib.sha256(Path(importlib.import_module(module).__file__).read_bytes()).hexdigest()[:12]


def note_once(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def report(payload: dict) -> None:
    """Send the worker's result to the parent (one tagged JSON line on stdout)."""
    payload.setdefault("own_peak_mib", own_peak_mib())
    sys.stdout.write(RESULT_TAG + json.dumps(payload) + "\n")
    sys.stdout.flush()


# --------------------------------------------------------------------------- parent side


def _tree(proc) -> list:
    import psutil

    try:
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return [proc]


def _rss(procs: list) -> int:
    import psutil

    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


class OtherLoad:
    """CPU seconds used by processes outside a run's process tree (and outside this parent).

    Another program busy on this 2-core machine (a test suite, a build) takes a core
    from a two-thread peer and makes its figure wrong; this measures it, once a second.
    """

    def __init__(self) -> None:
        import psutil

        self.start = time.time()
        self.seen: dict[int, float] = {}
        self.other_s = 0.0
        self.me = os.getpid()
        for p in psutil.process_iter():
            with contextlib.suppress(psutil.Error):
                self.seen[p.pid] = sum(p.cpu_times()[:2])

    def tick(self, tree_pids: set[int]) -> None:
        import psutil

        for p in psutil.process_iter():
            if p.pid in tree_pids or p.pid == self.me:
                continue
            with contextlib.suppress(psutil.Error):
                used = sum(p.cpu_times()[:2])
                if p.pid in self.seen:
                    self.other_s += max(0.0, used - self.seen[p.pid])
                elif p.create_time() >= self.start - 1:
                    self.other_s += used
                self.seen[p.pid] = used


def wait_for_quiet(max_wait: float = 600.0, threshold: float = 0.2) -> float:
    """Wait until other processes use less than `threshold` cores (two 1-s windows in a row).

    Returns the seconds waited (max_wait if the machine never got quiet).
    """
    started = time.perf_counter()
    quiet = 0
    while time.perf_counter() - started < max_wait:
        load = OtherLoad()
        time.sleep(1.0)
        load.tick(set())
        quiet = quiet + 1 if load.other_s < threshold else 0
        if quiet >= 2:
            return time.perf_counter() - started
    return max_wait


def run_worker(cmd: list[str], timeout: float, env: dict | None = None) -> dict:
    """Run one worker process; return its report plus the sampled peak RSS of its process tree.

    The tree (the worker and every child it starts, e.g. geofileops' process pool) is
    sampled every 100 ms with psutil; the reported ``peak_mib`` is the larger of that
    sampled sum and the worker's own ``ru_maxrss``. ``other_cores`` is the CPU that
    processes outside the tree used meanwhile, per second of the run.
    """
    import psutil

    started = time.perf_counter()
    child_env = {**os.environ, **(env or {})}
    load = OtherLoad()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env)
    ps = psutil.Process(proc.pid)
    peak = 0
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    readers = [
        threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True),
        threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True),
    ]
    for r in readers:
        r.start()
    timed_out = False
    last_tick = time.perf_counter()
    tree_pids: set[int] = {proc.pid}
    while proc.poll() is None:
        tree = _tree(ps)
        tree_pids |= {p.pid for p in tree}
        peak = max(peak, _rss(tree))
        if time.perf_counter() - last_tick >= 1.0:
            load.tick(tree_pids)
            last_tick = time.perf_counter()
        if time.perf_counter() - started > timeout:
            timed_out = True
            for p in reversed(tree):
                with contextlib.suppress(psutil.Error):
                    p.kill()
            break
        time.sleep(0.1)
    proc.wait()
    for r in readers:
        r.join()
    load.tick(tree_pids)
    stdout, stderr = "".join(out_chunks), "".join(err_chunks)
    result: dict = {}
    for line in stdout.splitlines():
        if line.startswith(RESULT_TAG):
            result = json.loads(line[len(RESULT_TAG) :])
    result["wall_s"] = time.perf_counter() - started
    result["other_cores"] = load.other_s / result["wall_s"]
    result["peak_mib"] = max(peak / 2**20, result.get("own_peak_mib", 0.0))
    if timed_out:
        result["error"] = f"timed out after {timeout:.0f} s"
    elif proc.returncode != 0 or "read_s" not in result:
        tail = (stderr.strip().splitlines() or ["(no stderr)"])[-1]
        result["error"] = f"exit {proc.returncode}: {tail[:300]}"
    result["stderr_tail"] = stderr[-4000:]
    return result


def run_fairly(cmd: list[str], timeout: float, retries: int = 2, max_other: float = 0.15) -> dict:
    """`run_worker` on a quiet machine; repeat a run that another program disturbed.

    Before each try, wait until no other program is busy; a try during which other
    processes used more than `max_other` cores is repeated up to `retries` times, and
    the last try is flagged ``contended`` if it still was disturbed.
    """
    for attempt in range(retries + 1):
        waited = wait_for_quiet()
        result = run_worker(cmd, timeout)
        result["waited_s"] = waited
        result["attempts"] = attempt + 1
        result["contended"] = result["other_cores"] > max_other
        if not result["contended"] or "error" in result:
            break
    return result


def run_measured(cmd: list[str], timeout: float, fair: bool) -> dict:
    """One worker run, on a quiet machine (`fair`: `run_fairly`) or at once; with the load average at its start.

    Run at once, a run during which other programs used more than 0.15 cores is flagged
    ``contended`` (shown with a *), the same threshold `run_fairly` uses.
    """
    load = os.getloadavg()[0]
    if fair:
        run = run_fairly(cmd, timeout=timeout)
    else:
        run = run_worker(cmd, timeout)
        run["contended"] = run.get("other_cores", 0.0) > 0.15
    run["load_at_start"] = load
    return run


def add_fair_option(parser) -> None:
    """The `--fair` switch the benchmark scripts share (see `run_fairly`)."""
    parser.add_argument(
        "--fair",
        action="store_true",
        help="wait for a quiet machine before each run and repeat disturbed runs (default: run at once, "
        "flag disturbed runs with *; the load average is printed)",
    )


def median(values: list[float]) -> float:
    values = sorted(values)
    mid = len(values) // 2
    return values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2


def fmt_num(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"
