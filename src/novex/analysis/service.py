"""The analysis use case: the spatial puzzle of a scope, for the API, the web app and the CLI alike."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Hashable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from novex.access import READ, Actor, require
from novex.analysis.background import Background, Budget
from novex.analysis.cache import ResultCache
from novex.analysis.report import AnalysisReport, build_report
from novex.catalog.loader import Catalogus
from novex.claims.ports import ClaimFilter, ClaimRepository, RestrictionRepository
from novex.progress import Progress, silent
from novex.reference.provinces import ProvinceIndex

STAGES = ("gegevens laden", "ruimtelijke puzzel", "doelen")
"""The stages of an analysis, in order, as its progress names them."""

Reader = Callable[[], AbstractContextManager[tuple[ClaimRepository, RestrictionRepository]]]
"""Opens the claim and restriction repositories on a connection of their own (for a run in another thread)."""


@dataclass(frozen=True)
class AnalysisState:
    """An analysis as a page or the API shows it now: the newest complete report and what is under way.

    `report` is None only before the scope's first analysis is complete. `current` says whether
    it is of the data as they are now; when not, `running` says a newer one is being computed
    (`stage`, `progress` 0-1) or `error` says, in Dutch, why the newer one failed.
    """

    report: AnalysisReport | None
    key: Hashable | None  # the cache key of `report`: data source, revision, catalogue version, scope
    revision: Hashable | None  # the data revision `report` belongs to
    computed_at: datetime | None
    current: bool
    running: bool
    stage: str | None = None
    progress: float | None = None
    error: str | None = None

    def age(self, now: datetime) -> timedelta | None:
        """How old the report is at `now` (None: there is none)."""
        return None if self.computed_at is None else max(now - self.computed_at, timedelta(0))


class AnalysisService:
    """Runs `build_report` over the stored claims, restriction areas and province targets.

    Results are cached by the data revision (read before the data, so an entry holds data
    at least as new as its key) and the catalogue version: an unchanged database is not
    analysed twice, and any recorded change makes the next request compute afresh. The
    typed report, its dict and its JSON are cached apart, each made once per key.

    `analysis` always waits for the report of the data as they are (the CLI). `state` never
    waits for an analysis beyond the `budget` (claims in scope, or the scope's last compute
    time): it starts one in the `background` (at most one per scope) and answers at once
    with the newest complete report and the progress; small scopes are computed as before.
    """

    def __init__(
        self,
        claims: ClaimRepository,
        restrictions: RestrictionRepository,
        revision: Callable[[], Hashable],
        cat: Catalogus,
        provinces: ProvinceIndex,
        cache: ResultCache[Any] | None = None,
        *,
        source: Hashable = None,
        background: Background[AnalysisReport] | None = None,
        budget: Budget | None = None,
        reader: Reader | None = None,
    ) -> None:
        self.claims, self.restrictions, self.revision = claims, restrictions, revision
        self.cat, self.provinces = cat, provinces
        self.cache = cache if cache is not None else ResultCache(size=0)
        self.source, self.budget, self.reader = source, budget or Budget(), reader
        self.background = background if background is not None else Background(STAGES)

    def analysis(
        self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0, progress: Progress = silent
    ) -> AnalysisReport:
        """The typed analysis report of the provinces (all of the Netherlands when empty); read-only data."""
        scope, key, compute = self._prepare(actor, provincies, min_conflict_ha)
        return self._inline(scope, key, compute, progress)

    def report_dict(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> dict[str, Any]:
        """The report as its documented JSON dict (`AnalysisReport.to_json`); read-only data."""
        scope, key, compute = self._prepare(actor, provincies, min_conflict_ha)
        return self.cache.get((*key, "dict"), lambda: self._inline(scope, key, compute, silent).to_json())

    def report_json(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> bytes:
        """The same report as compact UTF-8 JSON, encoded once per report (~11 MB for 50,000 claims)."""
        scope, key, compute = self._prepare(actor, provincies, min_conflict_ha)
        return self._encoded(key, lambda: self._inline(scope, key, compute, silent))

    def state(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> AnalysisState:
        """The newest complete report and its state, without waiting for an analysis beyond the budget."""
        scope, key, compute = self._prepare(actor, provincies, min_conflict_ha)
        seen = self.background.snapshot(scope)
        if seen.last is None or seen.last.key != key:
            if self.reader is None or self._within_budget(scope, key):
                self._inline(scope, key, compute, silent)
            else:
                self.background.submit(scope, key, lambda progress: self._in_background(key, progress))
            seen = self.background.snapshot(scope)
        last, current = seen.last, seen.last is not None and seen.last.key == key
        running = seen.running is not None and not current
        failed = seen.failure is not None and seen.failure.key == key and not current
        return AnalysisState(
            report=last.value if last else None,
            key=last.key if last else None,
            revision=last.key[1] if last else None,  # type: ignore[index]
            computed_at=last.computed_at if last else None,
            current=current,
            running=running,
            stage=seen.running.stage if running and seen.running else None,
            progress=seen.running.fraction if running and seen.running else None,
            error=seen.failure.reason if failed and seen.failure else None,
        )

    def state_json(
        self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0, gzipped: bool = False
    ) -> tuple[AnalysisState, bytes | None]:
        """`state`, and its report as compact UTF-8 JSON (None while there is none), gzipped if asked.

        Both are made once per report: an 11 MB national report is not compressed again per request.
        """
        state = self.state(actor, provincies, min_conflict_ha)
        if state.report is None or state.key is None:
            return state, None
        report = state.report
        body = self._encoded(state.key, lambda: report)
        return state, self._gzipped(state.key, body) if gzipped else body

    def retry_after(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> float:
        """Seconds until a failed analysis of the scope is tried again (0: at the next request)."""
        scope, _, _ = self._prepare(actor, provincies, min_conflict_ha)
        return self.background.retry_in(scope)

    def _prepare(
        self, actor: Actor, provincies: Sequence[str], min_conflict_ha: float
    ) -> tuple[Hashable, tuple[Hashable, ...], Callable[[Progress], AnalysisReport]]:
        require(actor, READ)
        # one scope per set of provinces: repeating or reordering codes makes no new analysis (nor a long file name)
        codes = tuple(sorted({self.provinces.get(code).code for code in provincies}))
        threshold = float(min_conflict_ha)
        key = (self.source, self.revision(), self.cat.versie, codes, threshold)
        scope = (self.source, self.cat.versie, codes, threshold)
        return scope, key, lambda progress: self._compute(self.claims, self.restrictions, codes, threshold, progress)

    def _inline(
        self,
        scope: Hashable,
        key: tuple[Hashable, ...],
        compute: Callable[[Progress], AnalysisReport],
        progress: Progress,
    ) -> AnalysisReport:
        """The report of `key`, computed on this thread when nobody has it (or is making it) yet."""
        ticket, measured = self.background.ticket(), []

        def timed() -> AnalysisReport:
            started = time.perf_counter()
            report = compute(progress)
            measured.append(time.perf_counter() - started)
            return report

        report = self.cache.get(key, timed)
        self.background.record(scope, key, report, measured[0] if measured else None, ticket)
        return report

    def _in_background(self, key: tuple[Hashable, ...], progress: Progress) -> AnalysisReport:
        """The report of `key` on a connection of its own (the request's transaction is over by then).

        Its JSON is encoded (and gzipped) here too, so no API answer does that (~1 s at 50,000 claims).
        """
        assert self.reader is not None

        def compute() -> AnalysisReport:
            codes, threshold = key[3], key[4]
            with self.reader() as (claims, restrictions):  # type: ignore[misc]
                return self._compute(claims, restrictions, codes, threshold, progress)  # type: ignore[arg-type]

        report = self.cache.get(key, compute)
        self._gzipped(key, self._encoded(key, lambda: report))
        return report

    def _within_budget(self, scope: Hashable, key: tuple[Hashable, ...]) -> bool:
        """Whether the scope is small and quick enough to compute while the request waits."""
        codes = key[3]
        count = self.claims.count(ClaimFilter(provincies=codes, actueel=True))  # type: ignore[arg-type]
        return self.budget.allows(count, self.background.last_seconds(scope))

    def _encoded(self, key: tuple[Hashable, ...], report: Callable[[], AnalysisReport]) -> bytes:
        def encode() -> bytes:
            data = report().to_json()
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()

        return self.cache.get((*key, "json"), encode)

    def _gzipped(self, key: tuple[Hashable, ...], body: bytes) -> bytes:
        return self.cache.get((*key, "json.gz"), lambda: gzip.compress(body, compresslevel=6, mtime=0))

    def _compute(
        self,
        claims: ClaimRepository,
        restrictions: RestrictionRepository,
        codes: tuple[str, ...],
        min_conflict_ha: float,
        progress: Progress,
    ) -> AnalysisReport:
        progress(STAGES[0], 0, 1)
        found = claims.claims(ClaimFilter(provincies=codes, actueel=True))
        areas, targets = restrictions.areas(codes), restrictions.targets()
        progress(STAGES[0], 1, 1)
        return build_report(
            found, self.cat, self.provinces, list(codes) or None, min_conflict_ha, areas, targets, progress=progress
        )
