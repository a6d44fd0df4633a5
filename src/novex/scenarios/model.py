"""A scenario: a base of voorstellen and an ordered list of changes, each with its author and reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from shapely.geometry import MultiPolygon, Polygon

from novex.claims.model import ClaimDraft, ClaimStatus


class Soort(StrEnum):
    """What a change does: to one claim, or to the goals of two provinces."""

    TOEVOEGEN = "toevoegen"  # a new claim
    VERWIJDEREN = "verwijderen"
    VERPLAATSEN = "verplaatsen"  # shift by (dx, dy) metres
    VORM = "vorm"  # a new geometry (reshape)
    HOEVEELHEID = "hoeveelheid"
    DOMEIN = "domein"
    STATUS = "status"
    VERSCHUIVING = "verschuiving"  # part of a goal from one province to another


SOORT_LABEL = {
    Soort.TOEVOEGEN: "claim toegevoegd",
    Soort.VERWIJDEREN: "claim verwijderd",
    Soort.VERPLAATSEN: "claim verplaatst",
    Soort.VORM: "claim anders begrensd",
    Soort.HOEVEELHEID: "hoeveelheid gewijzigd",
    Soort.DOMEIN: "domein gewijzigd",
    Soort.STATUS: "status gewijzigd",
    Soort.VERSCHUIVING: "opgave verschoven tussen provincies",
}


@dataclass(frozen=True)
class Verschuiving:
    """A quantity of a national goal moved from one province's share to another's (seed 003 §4.1 herschikking)."""

    doel: str  # the national goal (e.g. woningbouw-doel-900000-woningen-2030)
    van: str  # CBS code
    naar: str
    hoeveelheid: float


@dataclass(frozen=True)
class Wijziging:
    """One change of a scenario; which fields hold depends on `soort`.

    `claim_id` names a stored claim, or a claim this scenario added (negative ids); `claim_versie`
    is the stored claim's version when the change was made, so a later edit of the real claim shows.
    """

    soort: Soort
    claim_id: int | None = None
    dx: float | None = None
    dy: float | None = None
    geometry: Polygon | MultiPolygon | None = None
    draft: ClaimDraft | None = None  # toevoegen
    voorstel_id: int | None = None  # toevoegen: the voorstel the new claim would join
    hoeveelheid: float | None = None
    domein: str | None = None
    status: ClaimStatus | None = None
    verschuiving: Verschuiving | None = None
    reden: str = ""
    auteur: str = ""
    tijdstip: datetime | None = None
    claim_versie: int | None = None
    volgnummer: int = 0


class EigenaarSoort(StrEnum):
    """Who owns (and may change) a scenario: its maker, or everyone with the maker's role (and province or ministry)."""

    GEBRUIKER = "gebruiker"
    ROL = "rol"


@dataclass(frozen=True)
class Scenario:
    """A named what-if over the voorstellen; every user reads it, only its owner changes it.

    `basis_voorstel` None means the current voorstellen (the newest version of each), else that
    voorstel version stands in for its name. `stand` is how many changes are in effect: undo
    lowers it, redo raises it, a new change drops the undone ones after it.
    """

    id: int
    naam: str
    eigenaar: str  # the maker's e-mail
    eigenaar_soort: EigenaarSoort
    eigenaar_rol: str  # the maker's role
    eigenaar_provincie: str | None
    gemaakt_op: datetime
    basis_voorstel: int | None = None
    omschrijving: str = ""
    stand: int = 0
    wijzigingen: tuple[Wijziging, ...] = ()
    version: int = 1
    eigenaar_departement: str | None = None  # the maker's ministry, for a scenario shared with the role departement

    @property
    def gedeeld_met(self) -> str:
        """Who shares a role-owned scenario: the maker's role, within the maker's province or ministry."""
        within = self.eigenaar_provincie or self.eigenaar_departement
        return f"de rol {self.eigenaar_rol}" + (f" van {within}" if within else "")

    @property
    def actief(self) -> tuple[Wijziging, ...]:
        """The changes in effect, in order."""
        return self.wijzigingen[: self.stand]

    @property
    def kan_ongedaan(self) -> bool:
        """Whether there is a change to undo."""
        return self.stand > 0

    @property
    def kan_opnieuw(self) -> bool:
        """Whether there is an undone change to redo."""
        return self.stand < len(self.wijzigingen)

    def volgend_claim_id(self) -> int:
        """The id a claim added next gets: negative, below every claim this scenario added."""
        return min((w.claim_id or 0 for w in self.wijzigingen if w.soort is Soort.TOEVOEGEN), default=0) - 1
