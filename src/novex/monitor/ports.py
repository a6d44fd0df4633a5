"""What the monitor service needs from storage (implemented in `novex.store.monitor_repo`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from novex.monitor.model import Meting, MonitorRonde, StatusZetting


class AlOpgeslagen(Exception):
    """The database's unique constraint refused a write another writer made first (the service's check was outrun).

    `sleutels` names what was stored already: (provincie, sleutel, ISO date, bron) of measurements, or
    (provincie, jaar) of a round. Nothing of the refused write is stored.
    """

    def __init__(self, sleutels: Sequence[tuple[str, ...]]) -> None:
        super().__init__(", ".join("/".join(k) for k in sleutels))
        self.sleutels = list(sleutels)


class MonitorRepository(Protocol):
    """Measurements, statuses set by owners and monitor rounds (one unit of work)."""

    def metingen(self, provincie: str | None = None, sleutel: str | None = None) -> list[Meting]:
        """Measurements, of one province and/or agreement when given."""
        ...

    def laatste_metingen(self, provincie: str | None = None, per_afspraak: int = 2) -> list[Meting]:
        """The latest `per_afspraak` measurements of every agreement (of one province when given)."""
        ...

    def meting(self, meting_id: int) -> Meting | None:
        """One measurement."""
        ...

    def add_metingen(self, metingen: Sequence[Meting]) -> list[int]:
        """Store measurements (all in this unit of work); returns their ids in order.

        Raises `AlOpgeslagen` (nothing stored) when one of them is stored already.
        """
        ...

    def remove_meting(self, meting_id: int) -> None:
        """Delete one measurement."""
        ...

    def bestaande(self, sleutels: Sequence[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
        """Which of (provincie, sleutel, ISO date, bron) are already stored: a measurement is not stored twice."""
        ...

    def statussen(self, provincie: str | None = None, sleutel: str | None = None) -> list[StatusZetting]:
        """Statuses set, oldest first."""
        ...

    def add_status(self, zetting: StatusZetting) -> int:
        """Record a status set by an owner."""
        ...

    def rondes(self, provincie: str | None = None, jaar: int | None = None) -> list[MonitorRonde]:
        """Monitor rounds, by year and province."""
        ...

    def ronde(self, ronde_id: int) -> MonitorRonde | None:
        """One round."""
        ...

    def add_ronde(self, ronde: MonitorRonde) -> int:
        """Store a new round; `AlOpgeslagen` when its province has a round of that year already."""
        ...

    def save_ronde(self, ronde: MonitorRonde, expected_version: int) -> bool:
        """Compare-and-set a round; False if stale."""
        ...
