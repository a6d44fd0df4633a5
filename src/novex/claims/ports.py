"""What the claims service needs from storage (implemented in `novex.store`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from shapely.geometry.base import BaseGeometry

from novex.claims.model import Claim, ClaimDraft, ProvincieDoel, RestrictionArea, RestrictionLayer, Voorstel
from novex.claims.verantwoording import VastgelegdeVerantwoording


@dataclass(frozen=True)
class ClaimFilter:
    """Which claims to list: any combination of voorstel, provinces, domains, statuses, bbox.

    `actueel` keeps only the claims of the newest version of each voorstel (per province and
    name): what the analysis counts, since a new version replaces the one before it.
    """

    voorstel_id: int | None = None
    provincies: Sequence[str] = ()
    domeinen: Sequence[str] = ()
    statussen: Sequence[str] = ()
    gemeenten: Sequence[str] = ()
    bbox: tuple[float, float, float, float] | None = None
    ids: Sequence[int] = ()
    actueel: bool = False


class ClaimRepository(Protocol):
    """Storage of voorstellen and claims inside one unit of work."""

    def voorstellen(self, provincie: str | None = None) -> list[Voorstel]:
        """All voorstellen, optionally of one province, newest version last."""
        ...

    def voorstel(self, key: int | str, provincie: str | None = None) -> Voorstel | None:
        """A voorstel by id, or by name (newest version; within a province when given)."""
        ...

    def add_voorstel(self, provincie: str, naam: str, datum: date, toelichting: str | None) -> Voorstel:
        """Create the next version of the named voorstel of a province."""
        ...

    def add_claims(
        self,
        voorstel_id: int,
        drafts: Sequence[ClaimDraft],
        split: Sequence[dict[str, float]],
        municipal: Sequence[dict[str, float]],
    ) -> list[int]:
        """Store claims with their area per province and per municipality; returns the new ids."""
        ...

    def claims(self, where: ClaimFilter, offset: int = 0, limit: int | None = None) -> list[Claim]:
        """Claims matching the filter, ordered by id (a page when `limit` is given)."""
        ...

    def count(self, where: ClaimFilter) -> int:
        """How many claims match the filter."""
        ...

    def extern_ids(self, voorstel_id: int) -> set[str]:
        """The external ids of a voorstel's claims."""
        ...

    def update_claim(
        self,
        claim_id: int,
        draft: ClaimDraft,
        split: dict[str, float],
        municipal: dict[str, float],
        expected_version: int,
    ) -> bool:
        """Replace a claim if its version is still `expected_version` (then version + 1)."""
        ...

    def delete_claim(self, claim_id: int) -> None:
        """Remove a claim."""
        ...


@dataclass(frozen=True)
class AreaRecord:
    """A restriction area to store: name, code, designation status, geometry, area per province."""

    naam: str
    code: str | None
    status: str | None
    geometry: BaseGeometry
    provincies: dict[str, float]


class RestrictionRepository(Protocol):
    """Storage of restriction layers and their areas, and of user-added province targets."""

    def layers(self) -> list[RestrictionLayer]:
        """All restriction layers, by name."""
        ...

    def layer(self, naam: str) -> RestrictionLayer | None:
        """A layer by name."""
        ...

    def add_layer(self, layer: RestrictionLayer, areas: Sequence[AreaRecord]) -> RestrictionLayer:
        """Store a layer and its areas."""
        ...

    def areas(self, provincies: Sequence[str] = (), layer_ids: Sequence[int] = ()) -> list[RestrictionArea]:
        """Areas touching any of the provinces (all when empty), of the given layers (all when empty)."""
        ...

    def targets(self, provincie: str | None = None) -> list[ProvincieDoel]:
        """User-added province targets."""
        ...

    def add_target(self, target: ProvincieDoel) -> None:
        """Store a user-added province target."""
        ...


class VerantwoordingRepository(Protocol):
    """Storage of the verantwoording of voorstel versions (`novex.claims.verantwoording`)."""

    def lees(self, voorstel_id: int) -> VastgelegdeVerantwoording | None:
        """The verantwoording stored for exactly this voorstel version, if any."""
        ...

    def bewaar(self, voorstel_id: int, inhoud: dict, door: str, expected_version: int) -> bool:
        """Insert (expected version 0) or compare-and-set; False when someone else changed it meanwhile."""
        ...
