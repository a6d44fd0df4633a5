"""What the meetings service needs from storage (implemented in `novex.store.meetings_repo`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from novex.meetings.agenda import Agendapunt, BolAfspraak, Uitkomst, Vergadering
from novex.meetings.sessies import Sessie
from novex.meetings.snelle_procedure import Expert, SnelleProcedure


class MeetingRepository(Protocol):
    """Storage of meetings, agendas, BOL agreements, fast procedures, experts and sessions (one unit of work)."""

    def meetings(self, jaar: int | None = None) -> list[Vergadering]:
        """Meetings (of one calendar year), by date."""
        ...

    def meeting(self, vergadering_id: int) -> Vergadering | None:
        """One meeting."""
        ...

    def add_meeting(self, v: Vergadering) -> int:
        """Store a meeting; returns its id."""
        ...

    def update_meeting(self, vergadering_id: int, expected_version: int, **values: Any) -> bool:
        """Compare-and-set columns of a meeting."""
        ...

    def agenda(self, vergadering_id: int) -> list[Agendapunt]:
        """A meeting's agenda items in order."""
        ...

    def replace_agenda(self, vergadering_id: int, items: Sequence[Agendapunt]) -> None:
        """Replace the items of a meeting's agenda (only while none has an outcome)."""
        ...

    def set_outcome(self, punt_id: int, uitkomst: Uitkomst) -> None:
        """Record an item's outcome."""
        ...

    def add_afspraak(self, afspraak: BolAfspraak) -> int:
        """Add an entry to the BOL-afsprakenlijst."""
        ...

    def afspraken(self, jaar: int | None = None, vergadering_id: int | None = None) -> list[BolAfspraak]:
        """The BOL-afsprakenlijst (of one year or one BOL), by date and id."""
        ...

    def procedure(self, vraagstuk_id: int) -> SnelleProcedure | None:
        """The fast procedure of a vraagstuk, if started."""
        ...

    def add_procedure(self, p: SnelleProcedure) -> None:
        """Start a fast procedure."""
        ...

    def update_procedure(self, vraagstuk_id: int, expected_version: int, **values: Any) -> bool:
        """Compare-and-set a procedure's step or products."""
        ...

    def experts(self) -> list[Expert]:
        """The directory of experts."""
        ...

    def add_expert(self, e: Expert) -> int:
        """Add a person to the directory."""
        ...

    def sessions(self) -> list[Sessie]:
        """Sessions of ontwerpend onderzoek, newest first."""
        ...

    def add_session(self, s: Sessie) -> int:
        """Store a session."""
        ...
