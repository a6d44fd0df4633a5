"""What the monitor records: measurements, statuses set by owners, and the yearly monitor round.

Seed 002 asks for "een uniforme monitor" of the agreements (§4.1, Besluitvorming, concrete
producten), kept "in een eenduidige voortgangsmeter bij het ruimtelijke arrangement" (§5); VRO
monitors the progress every year with the provinces and the ministries (Bijlage 3 §4).

An agreement is followed by its province and its stable key (`Afspraak.sleutel`), so its
measurements carry over when the agreement is copied into next year's version. Everything here
is plain data; the suggestion lives in `novex.monitor.suggestie`, the meter in `novex.monitor.meter`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True)
class AfspraakRef:
    """An agreement as the monitor names it: province code and stable key, written ``PV26/A1``."""

    provincie: str
    sleutel: str

    def __str__(self) -> str:
        return f"{self.provincie}/{self.sleutel}"


@dataclass(frozen=True)
class Meting:
    """One measurement of an agreement's indicator: value, date, source, and who entered it when."""

    provincie: str
    sleutel: str
    waarde: float
    datum: date
    bron: str
    toelichting: str = ""
    ingevoerd_door: str = ""
    ingevoerd_op: datetime | None = None
    id: int = 0

    @property
    def afspraak(self) -> AfspraakRef:
        """The agreement measured."""
        return AfspraakRef(self.provincie, self.sleutel)


@dataclass(frozen=True)
class StatusZetting:
    """A status set by an owner with a motivation; `status` None returns the agreement to the suggestion."""

    provincie: str
    sleutel: str
    status: str | None
    motivering: str
    door: str
    op: datetime
    id: int = 0


class RondeStatus(StrEnum):
    """The two states of a yearly monitor round."""

    OPEN = "open"  # participants and the qualitative picture are being written
    AFGESLOTEN = "afgesloten"  # the snapshot is frozen: nothing changes any more


class DeelnemerSoort(StrEnum):
    """Who takes part in the yearly round (seed 002 Bijlage 3 §4: VRO, provinces, departments)."""

    VRO = "vro"
    PROVINCIE = "provincie"
    MINISTERIE = "ministerie"
    OVERIG = "overig"


@dataclass(frozen=True)
class Deelnemer:
    """A participant of a round: its kind and its name (an office or organisation, not a person)."""

    soort: str
    naam: str


@dataclass(frozen=True)
class Stand:
    """The state of one agreement at one moment: what a round freezes and the meter shows."""

    sleutel: str
    tekst: str
    indicator: str | None
    eenheid: str | None
    streefwaarde: float | str | None
    laatste_waarde: float | None
    laatste_datum: date | None
    status: str | None  # the code of the status vocabulary, None when not judged
    gezet: bool  # True: set by an owner; False: the suggestion
    reden: str  # the suggestion's reason, or the owner's motivation
    themas: tuple[str, ...] = ()
    novex_gebied: str | None = None
    deadline: date | None = None


@dataclass(frozen=True)
class Momentopname:
    """A frozen picture of a province's meter: every agreement's state and the open vraagstukken by phase."""

    datum: date
    arrangement_id: int | None
    arrangement_jaar: int | None
    standen: tuple[Stand, ...] = ()
    vraagstukken_per_fase: tuple[tuple[str, int], ...] = ()
    open_knopen: int = 0


@dataclass(frozen=True)
class MonitorRonde:
    """The yearly monitor round of one province (seed 002 Bijlage 3 §4; seed 003 §5.2 qualitative picture)."""

    provincie: str
    jaar: int
    deelnemers: tuple[Deelnemer, ...] = ()
    beeld: str = ""  # the qualitative picture of the progress
    status: str = RondeStatus.OPEN
    momentopname: Momentopname | None = None
    afgesloten_door: str | None = None
    afgesloten_op: datetime | None = None
    id: int = 0
    version: int = 1

    @property
    def afgesloten(self) -> bool:
        """Whether the snapshot is frozen."""
        return self.status == RondeStatus.AFGESLOTEN
