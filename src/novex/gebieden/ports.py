"""What the NOVEX-areas service needs from storage (implemented in `novex.store.gebieden_repo`)."""

from __future__ import annotations

from typing import Protocol

from novex.gebieden.model import OfficieleGrens


class GrensRepository(Protocol):
    """Official boundaries of NOVEX areas, at most one per area (one unit of work)."""

    def grenzen(self) -> list[OfficieleGrens]:
        """Every stored official boundary."""
        ...

    def grens(self, gebied: str) -> OfficieleGrens | None:
        """The official boundary of one area, if any."""
        ...

    def bewaar(self, grens: OfficieleGrens, expected_version: int | None) -> OfficieleGrens | None:
        """Store (insert, or replace when its version is still `expected_version`); None when that version is stale."""
        ...

    def verwijder(self, gebied: str, expected_version: int | None) -> bool:
        """Remove an area's boundary if its version is still `expected_version` (any when None); False otherwise."""
        ...
