"""What the scenarios service needs from storage (implemented in `novex.store.scenarios_repo`)."""

from __future__ import annotations

from typing import Protocol

from novex.scenarios.model import Scenario, Wijziging


class ScenarioRepository(Protocol):
    """Scenarios and their changes inside one unit of work."""

    def scenarios(self) -> list[Scenario]:
        """Every scenario, by name."""
        ...

    def scenario(self, key: int | str) -> Scenario | None:
        """A scenario by id or by name."""
        ...

    def maak(self, scenario: Scenario) -> Scenario:
        """Store a new scenario (its id given by the store)."""
        ...

    def bewaar(
        self, scenario_id: int, stand: int, wijzigingen: tuple[Wijziging, ...], expected_version: int
    ) -> Scenario | None:
        """Replace the changes and the stand if the version is still `expected_version`; None when stale."""
        ...

    def verwijder(self, scenario_id: int) -> None:
        """Remove a scenario and its changes."""
        ...
