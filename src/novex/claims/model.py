"""Domain model of claims and voorstellen (plain dataclasses, RD New Shapely geometry)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from shapely.geometry import MultiPolygon, Polygon


class ClaimStatus(StrEnum):
    """How firm a claim is: from idea to adopted."""

    IDEE = "idee"
    ZOEKGEBIED = "zoekgebied"
    VOORGENOMEN = "voorgenomen"
    VASTGESTELD = "vastgesteld"


class Hardheid(StrEnum):
    """Hardness of a claim or restriction, on the scale of PBL's Ruimtescanner."""

    ZEER_HARD = "zeer-hard"
    HARD = "hard"
    MIDDEL = "middel"
    ZACHT = "zacht"


# The longest text each claim field may hold, on every path in (file, form, API).
TEXT_LIMITS = {
    "naam": 300, "domein": 40, "eenheid": 40, "doel_id": 120, "eigenaar": 200, "bron": 2000, "notities": 5000,
    "extern_id": 120,
}  # fmt: skip


@dataclass(frozen=True)
class ClaimDraft:
    """A claim as read from a file or form, validated but not yet stored."""

    naam: str
    domein: str
    geometry: Polygon | MultiPolygon
    hoeveelheid: float | None = None
    eenheid: str | None = None
    doel_id: str | None = None
    start_jaar: int | None = None
    eind_jaar: int | None = None
    status: ClaimStatus = ClaimStatus.IDEE
    hardheid: Hardheid = Hardheid.MIDDEL
    prioriteit: int = 3
    eigenaar: str | None = None
    bron: str | None = None
    notities: str | None = None
    extern_id: str | None = None


@dataclass(frozen=True)
class Claim(ClaimDraft):
    """A stored claim: id, its voorstel, area in ha and area per province."""

    id: int = 0
    voorstel_id: int = 0
    area_ha: float = 0.0
    provincies: dict[str, float] = field(default_factory=dict)
    gemeenten: dict[str, float] = field(default_factory=dict)
    version: int = 1

    @property
    def key(self) -> str:
        """Identifier in analysis output: the claim id."""
        return str(self.id)


@dataclass(frozen=True)
class Voorstel:
    """A province's ruimtelijk voorstel: a named, dated version grouping claims."""

    id: int
    provincie: str
    naam: str
    versie: int
    datum: date
    toelichting: str | None = None


@dataclass(frozen=True)
class RestrictionLayer:
    """A restriction layer (e.g. Natura 2000, NNN, military terrain) and its legal standing.

    Its areas take part in the analysis as land of `domein` with `hardheid`, so the
    compatibility matrix decides which claims conflict with them.
    """

    id: int
    naam: str
    domein: str
    hardheid: Hardheid
    juridische_basis: str
    peildatum: date
    attributie: str | None = None


@dataclass(frozen=True)
class RestrictionArea:
    """One area of a restriction layer, with its own name and code."""

    id: int
    layer: RestrictionLayer
    naam: str
    code: str | None
    geometry: Polygon | MultiPolygon
    area_ha: float
    provincies: dict[str, float] = field(default_factory=dict)
    status: str | None = None

    @property
    def key(self) -> str:
        """Identifier in analysis output: R<id>."""
        return f"R{self.id}"

    @property
    def domein(self) -> str:
        """The layer's domain."""
        return self.layer.domein

    @property
    def hardheid(self) -> Hardheid:
        """The layer's hardness."""
        return self.layer.hardheid

    @property
    def prioriteit(self) -> int:
        """Restrictions weigh as the highest priority."""
        return 1


@dataclass(frozen=True)
class ProvincieDoel:
    """A per-province target added by users (with its source), next to the catalogue's goals."""

    id: str
    provincie: str
    tekst: str
    waarde: float
    eenheid: str
    bron: str
    jaar: int | None = None
    domein: str | None = None
