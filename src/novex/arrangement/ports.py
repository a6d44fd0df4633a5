"""What the arrangement service needs from storage (implemented in `novex.store.arrangement_repo`)."""

from __future__ import annotations

from typing import Protocol

from novex.arrangement.model import RuimtelijkArrangement


class ArrangementRepository(Protocol):
    """Storage of RA versions with their agreements and investment agreements (one unit of work)."""

    def list(
        self, provincie: str | None = None, jaar: int | None = None, status: str | None = None
    ) -> list[RuimtelijkArrangement]:
        """Versions, by province and year."""
        ...

    def get(self, arrangement_id: int) -> RuimtelijkArrangement | None:
        """One version with everything it holds."""
        ...

    def find(self, provincie: str, jaar: int) -> RuimtelijkArrangement | None:
        """The version of a province for a year, if any."""
        ...

    def adopted_in(self, vergadering_id: int) -> list[RuimtelijkArrangement]:
        """The versions adopted in one BOL."""
        ...

    def add(self, ra: RuimtelijkArrangement) -> int:
        """Store a new version (its agreements and investments too); returns its id."""
        ...

    def save(self, ra: RuimtelijkArrangement, expected_version: int) -> bool:
        """Compare-and-set the whole version; agreements and investments kept by key (ids stay). False if stale."""
        ...
