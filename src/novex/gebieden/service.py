"""The NOVEX-areas use cases: the areas, where they lie, what lies inside them, and their official boundary."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import shapely

from novex.access import Actor, require
from novex.analysis.cache import ResultCache
from novex.audit import AuditLog, event
from novex.catalog.loader import Catalogus
from novex.catalog.model import NovexGebied
from novex.claims.io import RD_BOUNDS_WITH_SEA, read_features
from novex.claims.ports import ClaimFilter, ClaimRepository, RestrictionRepository
from novex.errors import InvalidInput, NotFound, StateConflict, stale, text_problems
from novex.gebieden.actions import READ_GEBIEDEN, SET_GRENS
from novex.gebieden.analyse import analyse_gebied
from novex.gebieden.ligging import indicatieve_begrenzing
from novex.gebieden.model import Begrenzing, GebiedsAnalyse, OfficieleGrens
from novex.gebieden.ports import GrensRepository
from novex.reference.municipalities import MunicipalityIndex
from novex.reference.provinces import ProvinceIndex

MAX_TEXT = 500


class GebiedenService:
    """Reads the sixteen NOVEX areas with their extent and analysis; VRO sets an official boundary.

    The indicative extents are built once per process (they follow from the catalogue and the
    shipped layers); an analysis is cached by the data revision like the national one.
    """

    def __init__(
        self,
        grenzen: GrensRepository,
        claims: ClaimRepository,
        restrictions: RestrictionRepository,
        audit: AuditLog,
        cat: Catalogus,
        provinces: ProvinceIndex,
        municipalities: Callable[[], MunicipalityIndex],
        revision: Callable[[], Hashable],
        cache: ResultCache[Any] | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.grenzen, self.claims, self.restrictions, self.audit = grenzen, claims, restrictions, audit
        self.cat, self.provinces, self.municipalities = cat, provinces, municipalities
        self.revision, self.today = revision, today
        self.cache = cache if cache is not None else ResultCache(size=0)

    # -- reading ---------------------------------------------------------------------------

    def gebieden(self, actor: Actor) -> list[NovexGebied]:
        """The sixteen areas in the order of seed 003 Bijlage I."""
        require(actor, READ_GEBIEDEN)
        return list(self.cat.novex_gebieden)

    def gebied(self, actor: Actor, gebied_id: str) -> NovexGebied:
        """One area by its catalogue id (NotFound in Dutch)."""
        require(actor, READ_GEBIEDEN)
        for gebied in self.cat.novex_gebieden:
            if gebied.id == gebied_id:
                return gebied
        raise NotFound(f"NOVEX-gebied {gebied_id!r} bestaat niet; bekend: {', '.join(self._ids())}")

    def begrenzing(self, actor: Actor, gebied_id: str) -> Begrenzing:
        """Where the area lies: its official boundary when VRO imported one, else the indicative extent."""
        gebied = self.gebied(actor, gebied_id)
        return self._begrenzing(gebied, self.grenzen.grens(gebied.id))

    def begrenzingen(self, actor: Actor) -> list[Begrenzing]:
        """The extent of every area, in catalogue order (for the overview map)."""
        officieel = {g.gebied: g for g in self.grenzen.grenzen()}
        return [self._begrenzing(g, officieel.get(g.id)) for g in self.gebieden(actor)]

    def analyse(self, actor: Actor, gebied_id: str, min_conflict_ha: float = 1.0) -> GebiedsAnalyse:
        """Claims, stacked domains, conflicts and restriction overlaps inside the area."""
        begrenzing = self.begrenzing(actor, gebied_id)
        if not 0 <= min_conflict_ha <= 1_000_000:
            raise InvalidInput(f"min_conflict_ha {min_conflict_ha} ligt niet tussen 0 en 1.000.000")
        gebied = self.gebied(actor, gebied_id)
        official = begrenzing.officieel
        stamp = (official.version, official.ingevoerd_op.isoformat()) if official else None  # unique per import
        key = ("novex-gebied", self.revision(), self.cat.versie, gebied.id, stamp, float(min_conflict_ha))

        def compute() -> GebiedsAnalyse:
            where = ClaimFilter(provincies=tuple(gebied.provincies), bbox=begrenzing.geometry.bounds, actueel=True)
            claims = self.claims.claims(where)
            areas = self.restrictions.areas(gebied.provincies)
            return analyse_gebied(
                begrenzing, gebied.provincies, claims, areas, self.cat, self.provinces, min_conflict_ha
            )

        return self.cache.get(key, compute)

    # -- the official boundary -------------------------------------------------------------

    def mag_grens_vastleggen(self, actor: Actor) -> None:
        """Refuse (Forbidden) unless the actor may set boundaries: checked before an upload is even read."""
        require(actor, SET_GRENS)

    def leg_grens_vast(
        self,
        actor: Actor,
        gebied_id: str,
        path: Path,
        bron: str,
        peildatum: date,
        attributie: str | None = None,
        bestandsnaam: str | None = None,
        expected_version: int | None = None,
    ) -> OfficieleGrens:
        """Import an official boundary from a vector file (all its polygons together), replacing the indicative one.

        The file is read as a restriction layer is (GeoJSON, GeoPackage, Shapefile; RD New or WGS84;
        geometries checked and repaired where that keeps their shape). The boundary must lie at least
        partly in the area's provinces.
        """
        self.mag_grens_vastleggen(actor)
        gebied = self.gebied(actor, gebied_id)
        problems = ["bron: verplicht"] if not bron.strip() else []
        problems += text_problems("bron", bron, MAX_TEXT) + text_problems("attributie", attributie, MAX_TEXT)
        problems += text_problems("bestandsnaam", bestandsnaam, MAX_TEXT)
        if peildatum > self.today():
            problems.append(f"peildatum: {peildatum:%d-%m-%Y} ligt in de toekomst")
        if problems:
            raise InvalidInput(f"grens van NOVEX-gebied {gebied.id}: {'; '.join(problems)}")
        shown = bestandsnaam or path.name
        _, polygons = read_features(path, {}, lambda _row, geometry: geometry, RD_BOUNDS_WITH_SEA, name=shown)
        if not polygons:
            raise InvalidInput(f"{shown}: bevat geen vlakken")
        geometry = shapely.union_all(polygons)
        provinces = shapely.union_all([self.provinces.get(code).geometry for code in gebied.provincies])
        if shapely.intersection(geometry, provinces).area < 1.0:
            names = ", ".join(self.provinces.get(code).naam for code in gebied.provincies)
            raise InvalidInput(f"{shown}: de grens ligt niet in de provincies van NOVEX-gebied {gebied.naam} ({names})")
        current = self.grenzen.grens(gebied.id)
        if current is not None and expected_version is None:
            raise StateConflict(
                f"NOVEX-gebied {gebied.id} heeft al een officiële grens (versie {current.version}): "
                "noem die versie om haar te vervangen",
                current_version=current.version,
            )
        if expected_version is not None and (current is None or current.version != expected_version):
            raise stale(f"de grens van NOVEX-gebied {gebied.id}", current.version if current else 0, expected_version)
        grens = OfficieleGrens(
            gebied.id, geometry, bron.strip(), peildatum, (attributie or "").strip() or None, shown, actor.email,
            datetime.now(UTC),
        )  # fmt: skip
        stored = self.grenzen.bewaar(grens, current.version if current else None)
        if stored is None:
            latest = self.grenzen.grens(gebied.id)
            raise stale(
                f"de grens van NOVEX-gebied {gebied.id}",
                latest.version if latest else 0,
                current.version if current else 0,
            )
        area_ha = round(geometry.area / 10_000, 1)
        self.audit.record(
            [
                event(
                    actor,
                    "novex-gebied.grens-vastgelegd",
                    ("novex-gebied", gebied.id),
                    f"officiële grens van NOVEX-gebied {gebied.naam} vastgelegd ({shown}, {area_ha} ha)",
                    details={
                        "bestand": shown,
                        "bron": grens.bron,
                        "peildatum": peildatum.isoformat(),
                        "area_ha": area_ha,
                        "vervangt": "officiële grens" if current else "indicatieve begrenzing",
                    },
                )  # fmt: skip
            ]
        )
        return stored

    def verwijder_grens(self, actor: Actor, gebied_id: str, reden: str, expected_version: int | None = None) -> None:
        """Remove the official boundary: the area falls back to its indicative extent."""
        self.mag_grens_vastleggen(actor)
        gebied = self.gebied(actor, gebied_id)
        problems = ["reden: verplicht"] if not reden.strip() else text_problems("reden", reden, MAX_TEXT)
        if problems:
            raise InvalidInput(f"grens van NOVEX-gebied {gebied.id}: {'; '.join(problems)}")
        current = self.grenzen.grens(gebied.id)
        if current is None:
            raise NotFound(f"NOVEX-gebied {gebied.id} heeft geen officiële grens")
        if expected_version is not None and current.version != expected_version:
            raise stale(f"de grens van NOVEX-gebied {gebied.id}", current.version, expected_version)
        if not self.grenzen.verwijder(gebied.id, current.version):
            raise stale(f"de grens van NOVEX-gebied {gebied.id}", current.version + 1, current.version)
        self.audit.record(
            [
                event(
                    actor,
                    "novex-gebied.grens-verwijderd",
                    ("novex-gebied", gebied.id),
                    f"officiële grens van NOVEX-gebied {gebied.naam} verwijderd: weer indicatief",
                    reden=reden.strip(),
                )
            ]
        )

    # -- helpers ---------------------------------------------------------------------------

    def _ids(self) -> Sequence[str]:
        return [g.id for g in self.cat.novex_gebieden]

    def _begrenzing(self, gebied: NovexGebied, officieel: OfficieleGrens | None) -> Begrenzing:
        indicatief = _indicatief(self.cat.versie, gebied, self.municipalities, self.provinces)
        if officieel is None:
            return indicatief
        toelichting = (
            f"officiële grens, geïmporteerd door VRO: {officieel.bron} (peildatum {officieel.peildatum:%d-%m-%Y})"
        )
        return Begrenzing(gebied.id, "officieel", officieel.geometry, toelichting, officieel=officieel)


_INDICATIEF: dict[tuple[str, str], Begrenzing] = {}
"""Indicative extents by (catalogue version, area): they follow from the catalogue and the shipped layers."""


def _indicatief(
    versie: str, gebied: NovexGebied, municipalities: Callable[[], MunicipalityIndex], provinces: ProvinceIndex
) -> Begrenzing:
    """The indicative extent of an area, built once per process and catalogue version."""
    key = (versie, gebied.id)
    if key not in _INDICATIEF:
        ligging = gebied.ligging
        _INDICATIEF[key] = indicatieve_begrenzing(
            gebied.id, gebied.provincies, ligging.gemeenten, ligging.buitenland, municipalities(), provinces
        )
    return _INDICATIEF[key]
