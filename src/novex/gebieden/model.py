"""Value objects of the NOVEX areas: an area's extent and the analysis inside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from shapely.geometry.base import BaseGeometry

from novex.analysis.puzzle import Conflict, Hotspot, RestrictionOverlap

BegrenzingSoort = Literal["indicatief", "officieel"]

INDICATIEF = (
    "indicatief, afgeleid uit de ligging in seed 004 (Bijlage 3, factsheet, 'Ligging'): de gemeenten die de "
    "ligging noemt, en de hele provincie waar de ligging alleen de provincie noemt"
)
"""How an indicative extent is made; every screen, file and API answer that shows one says so."""


@dataclass(frozen=True)
class Deel:
    """One building block of an indicative extent: a named municipality or a whole province."""

    soort: Literal["gemeente", "provincie"]
    code: str
    naam: str
    provincie: str


@dataclass(frozen=True)
class OfficieleGrens:
    """An official boundary of an area, imported by VRO from a vector file (replaces the indicative one)."""

    gebied: str
    geometry: BaseGeometry
    bron: str
    peildatum: date
    attributie: str | None
    bestand: str
    ingevoerd_door: str
    ingevoerd_op: datetime
    version: int = 1


@dataclass(frozen=True)
class Begrenzing:
    """Where an area lies on the map: its geometry (RD New), how it was made, and from what."""

    gebied: str
    soort: BegrenzingSoort
    geometry: BaseGeometry
    toelichting: str
    delen: tuple[Deel, ...] = ()
    buiten_kaart: tuple[str, ...] = ()  # regions the ligging names outside the Netherlands' layers
    officieel: OfficieleGrens | None = None

    @property
    def area_ha(self) -> float:
        """Area in hectares."""
        return self.geometry.area / 10_000


@dataclass(frozen=True)
class ClaimInGebied:
    """A claim with land inside the area: how much of it lies inside."""

    id: int
    naam: str
    domein: str
    provincie: str | None
    area_ha: float
    binnen_ha: float


@dataclass(frozen=True)
class DomeinStapel:
    """Two domains claimed on the same land inside the area, and the matrix's verdict on them."""

    domeinen: tuple[str, str]
    klasse: str
    area_ha: float


@dataclass(frozen=True)
class GebiedsAnalyse:
    """What lies inside an area: claims, stacked domains, conflicts and restriction overlaps.

    Computed by the spatial puzzle over the claims and restriction areas cut to the area's extent,
    so every figure is land inside the area.
    """

    gebied: str
    begrenzing: BegrenzingSoort
    area_ha: float
    min_conflict_ha: float
    claims: tuple[ClaimInGebied, ...]
    domeinen: dict[str, float] = field(default_factory=dict)  # claimed ha per domain inside
    stapels: tuple[DomeinStapel, ...] = ()
    conflicten: tuple[Conflict, ...] = ()
    hotspots: tuple[Hotspot, ...] = ()
    beperkingen: tuple[RestrictionOverlap, ...] = ()
