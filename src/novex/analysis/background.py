"""Work that outgrows a request runs in the background; meanwhile the last complete result answers.

A *scope* is what is computed (e.g. database, catalogue version, provinces, threshold); a
*key* is a scope at one data revision. Per scope this keeps the newest complete result and
at most one run under way: a request for a newer key while a run is busy is remembered and
started when that run ends. A failed run is logged with its traceback and kept as a Dutch
reason; the same key is not tried again for `retry_seconds`, a newer key is tried at once.

Runs go to a `concurrent.futures.Executor` — one worker thread by default, so a national
run never takes both cores from the pages. A job may hand its heavy kernel to a Dask client
(`dask.distributed`) and wait on its futures in that thread; nothing here depends on how
the job computes.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from threading import Condition
from typing import Generic, TypeVar

from novex.errors import NovexError
from novex.progress import Progress

T = TypeVar("T")
Job = Callable[[Progress], T]
"""A computation that reports its progress and returns its result (run in a worker thread)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Budget:
    """What a computation may cost on the request thread; beyond either limit it runs in the background."""

    claims: int = 5_000  # more claims in scope than this
    seconds: float = 5.0  # or the last computation of the scope took longer than this

    def allows(self, claims: int, last_seconds: float | None) -> bool:
        """Whether a computation over `claims`, whose scope last took `last_seconds` (None: never), may block."""
        return claims <= self.claims and (last_seconds is None or last_seconds <= self.seconds)


@dataclass(frozen=True)
class Step:
    """How far a run is: the stage it is in (Dutch) and the fraction of the whole run done (0-1)."""

    stage: str
    fraction: float


QUEUED = Step("in de wachtrij", 0.0)


class _Tracker:
    """A progress report that keeps the latest step; stages count equally, in the order given."""

    def __init__(self, stages: Sequence[str]) -> None:
        self.stages = tuple(stages)
        self.step = QUEUED

    def __call__(self, stage: str, done: int, total: int) -> None:
        position = self.stages.index(stage) if stage in self.stages else max(len(self.stages) - 1, 0)
        part = min(done / total, 1.0) if total > 0 else 1.0
        self.step = Step(stage, min((position + part) / max(len(self.stages), 1), 1.0))  # one assignment: atomic


@dataclass(frozen=True)
class Complete(Generic[T]):
    """A finished result: its key, when it was finished and how long it took (None: not measured)."""

    key: Hashable
    value: T
    computed_at: datetime
    seconds: float | None
    ticket: int = field(default=0, repr=False)  # the order in which it was asked for: newer asks win


@dataclass(frozen=True)
class Failure:
    """A run that raised: its key, the Dutch reason to show, and when."""

    key: Hashable
    reason: str
    at: float  # time.monotonic()


@dataclass(frozen=True)
class Snapshot(Generic[T]):
    """A scope now: its newest complete result, the run under way (if any) and its last failure (if any)."""

    last: Complete[T] | None
    running: Step | None
    failure: Failure | None


@dataclass
class _Run:
    key: Hashable
    ticket: int
    tracker: _Tracker


def dutch_reason(exc: BaseException) -> str:
    """Why a run failed, for the screen: a domain error's own Dutch message, otherwise no internals."""
    if isinstance(exc, NovexError):
        return str(exc)
    return f"een onverwachte fout ({type(exc).__name__}); de details staan in het logboek van de server"


class Background(Generic[T]):
    """Newest results per scope and at most one background run per scope; thread-safe."""

    def __init__(
        self,
        stages: Sequence[str] = (),
        executor: Executor | None = None,
        size: int = 32,
        retry_seconds: float = 60.0,
    ) -> None:
        self.stages, self.size, self.retry_seconds = tuple(stages), size, retry_seconds
        self._executor = executor
        self._lock = Condition()  # a lock that also signals the end of each run
        self._tickets = itertools.count(1)
        self._last: OrderedDict[Hashable, Complete[T]] = OrderedDict()
        self._running: dict[Hashable, _Run] = {}
        self._wanted: dict[Hashable, tuple[Hashable, int, Job[T]]] = {}
        self._failed: dict[Hashable, Failure] = {}

    def ticket(self) -> int:
        """A place in the order of asks: take one before reading data for an inline computation."""
        return next(self._tickets)

    def snapshot(self, scope: Hashable) -> Snapshot[T]:
        """The scope as it is now."""
        with self._lock:
            last = self._last.get(scope)
            if last is not None:
                self._last.move_to_end(scope)
            run = self._running.get(scope)
            return Snapshot(last, run.tracker.step if run else None, self._failed.get(scope))

    def last_seconds(self, scope: Hashable) -> float | None:
        """How long the newest measured computation of the scope took (None: none measured)."""
        with self._lock:
            last = self._last.get(scope)
            return last.seconds if last else None

    def record(self, scope: Hashable, key: Hashable, value: T, seconds: float | None, ticket: int) -> None:
        """A result computed elsewhere (on the request thread); kept unless a newer ask is already stored."""
        with self._lock:
            self._store(scope, Complete(key, value, datetime.now(UTC), seconds, ticket))

    def submit(self, scope: Hashable, key: Hashable, job: Job[T]) -> None:
        """Run `job` for `key` in the background, unless its result is there, it runs, or it failed just now."""
        with self._lock:
            last, failed = self._last.get(scope), self._failed.get(scope)
            if last is not None and last.key == key:
                return
            if failed is not None and failed.key == key and time.monotonic() - failed.at < self.retry_seconds:
                return
            run = self._running.get(scope)
            if run is not None:
                if run.key != key:
                    self._wanted[scope] = (key, self.ticket(), job)
                return
            run = self._running[scope] = _Run(key, self.ticket(), _Tracker(self.stages))
        self._start(scope, run, job)

    def retry_in(self, scope: Hashable) -> float:
        """Seconds until a failed key of the scope may be tried again (0 when it may now)."""
        with self._lock:
            failed = self._failed.get(scope)
        return max(0.0, self.retry_seconds - (time.monotonic() - failed.at)) if failed else 0.0

    def idle(self, timeout: float) -> bool:
        """Wait until no run is under way (or `timeout` seconds pass); whether none is."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._running, timeout)

    def _start(self, scope: Hashable, run: _Run, job: Job[T]) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="novex-achtergrond")
        self._executor.submit(self._execute, scope, run, job)

    def _execute(self, scope: Hashable, run: _Run, job: Job[T]) -> None:
        started = time.perf_counter()
        try:
            value = job(run.tracker)
        except Exception as exc:
            log.exception("Achtergrondberekening van %r mislukt", scope)
            with self._lock:
                self._failed[scope] = Failure(run.key, dutch_reason(exc), time.monotonic())
                follow = self._finish(scope)
        else:
            seconds = time.perf_counter() - started
            with self._lock:
                self._store(scope, Complete(run.key, value, datetime.now(UTC), seconds, run.ticket))
                follow = self._finish(scope)
        if follow is not None:
            self._start(scope, *follow)

    def _finish(self, scope: Hashable) -> tuple[_Run, Job[T]] | None:
        """End the scope's run (lock held); the run asked for meanwhile, to start, if it is still needed."""
        del self._running[scope]
        self._lock.notify_all()
        wanted = self._wanted.pop(scope, None)
        last = self._last.get(scope)
        if wanted is None or (last is not None and last.key == wanted[0]):
            return None
        key, ticket, job = wanted
        run = self._running[scope] = _Run(key, ticket, _Tracker(self.stages))
        return run, job

    def _store(self, scope: Hashable, done: Complete[T]) -> None:
        """Keep `done` as the scope's newest result unless a newer ask is stored (lock held)."""
        last = self._last.get(scope)
        if last is not None and last.ticket > done.ticket:
            return
        if last is not None and last.key == done.key and done.seconds is None:
            return  # the same result again, seen from the cache: keep its time and cost
        self._last[scope] = done
        self._last.move_to_end(scope)
        failed = self._failed.get(scope)
        if failed is not None and failed.key == done.key:
            del self._failed[scope]
        while len(self._last) > self.size:
            self._last.popitem(last=False)
