"""The analysis use case: the spatial puzzle of a scope, for the API, the web app and the CLI alike."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from novex.access import READ, Actor, require
from novex.analysis.cache import ResultCache
from novex.analysis.report import AnalysisReport, build_report
from novex.catalog.loader import Catalogus
from novex.claims.ports import ClaimFilter, ClaimRepository, RestrictionRepository
from novex.reference.provinces import ProvinceIndex


class AnalysisService:
    """Runs `build_report` over the stored claims, restriction areas and province targets.

    Results are cached by the data revision (read before the data, so an entry holds data
    at least as new as its key) and the catalogue version: an unchanged database is not
    analysed twice, and any recorded change makes the next request compute afresh. The
    typed report, its dict and its JSON are cached apart, each made once per key.
    """

    def __init__(
        self,
        claims: ClaimRepository,
        restrictions: RestrictionRepository,
        revision: Callable[[], Hashable],
        cat: Catalogus,
        provinces: ProvinceIndex,
        cache: ResultCache[Any] | None = None,
    ) -> None:
        self.claims, self.restrictions, self.revision = claims, restrictions, revision
        self.cat, self.provinces = cat, provinces
        self.cache = cache if cache is not None else ResultCache(size=0)

    def analysis(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> AnalysisReport:
        """The typed analysis report of the provinces (all of the Netherlands when empty); read-only data."""
        key, compute = self._prepare(actor, provincies, min_conflict_ha)
        return self.cache.get(key, compute)

    def report_dict(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> dict[str, Any]:
        """The report as its documented JSON dict (`AnalysisReport.to_json`); read-only data."""
        key, compute = self._prepare(actor, provincies, min_conflict_ha)
        return self.cache.get((*key, "dict"), lambda: self.cache.get(key, compute).to_json())

    def report_json(self, actor: Actor, provincies: Sequence[str] = (), min_conflict_ha: float = 1.0) -> bytes:
        """The same report as compact UTF-8 JSON, encoded once per report (~11 MB for 50,000 claims)."""
        key, compute = self._prepare(actor, provincies, min_conflict_ha)

        def encode() -> bytes:
            data = self.cache.get(key, compute).to_json()
            return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()

        return self.cache.get((*key, "json"), encode)

    def _prepare(
        self, actor: Actor, provincies: Sequence[str], min_conflict_ha: float
    ) -> tuple[tuple[Hashable, ...], Callable[[], AnalysisReport]]:
        require(actor, READ)
        codes = tuple(self.provinces.get(code).code for code in provincies)
        key = (self.revision(), self.cat.versie, codes, float(min_conflict_ha))
        return key, lambda: self._compute(codes, float(min_conflict_ha))

    def _compute(self, codes: tuple[str, ...], min_conflict_ha: float) -> AnalysisReport:
        claims = self.claims.claims(ClaimFilter(provincies=codes, actueel=True))
        areas, targets = self.restrictions.areas(codes), self.restrictions.targets()
        return build_report(claims, self.cat, self.provinces, list(codes) or None, min_conflict_ha, areas, targets)
