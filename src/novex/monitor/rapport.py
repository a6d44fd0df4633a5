"""The yearly progress report's content (seed 003 §5.2): per province the qualitative picture and the agreements.

For each province: its round of the year (participants, the qualitative picture), the state of
every agreement — the round's frozen snapshot once closed, else the meter now — and the change
since last year's snapshot. Beside it the three programme goals of seed 003 §5.2 and PBL's
monitors as referenced sources. Rendering is `novex.documents.monitor`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from novex.monitor.bronnen import PBL_MONITORS, PROGRAMMADOELEN, ExterneMonitor, Programmadoel
from novex.monitor.meter import Meter
from novex.monitor.model import MonitorRonde, Stand
from novex.monitor.statussen import Statuslijst


@dataclass(frozen=True)
class Regel:
    """One agreement in the report: its state, and last year's frozen state when there is one."""

    stand: Stand
    vorig: Stand | None

    @property
    def verandering(self) -> str:
        """The change since last year's snapshot, in words: 'nieuw', 'gelijk', or 'was <status>'."""
        if self.vorig is None:
            return "nieuw"
        return "gelijk" if self.vorig.status == self.stand.status else f"was {self.vorig.status or 'zonder status'}"


@dataclass(frozen=True)
class ProvincieRapport:
    """One province in the report."""

    provincie: str
    naam: str
    ronde: MonitorRonde | None
    regels: tuple[Regel, ...]
    peildatum: date
    bevroren: bool  # True: from the round's snapshot; False: the meter now (round open or missing)

    @property
    def telling(self) -> Counter[str | None]:
        """Agreements by status."""
        return Counter(r.stand.status for r in self.regels)


@dataclass(frozen=True)
class Jaarrapport:
    """The yearly progress report of the monitor."""

    jaar: int
    datum: date
    provincies: tuple[ProvincieRapport, ...]
    statuslijst: Statuslijst
    programmadoelen: tuple[Programmadoel, ...] = PROGRAMMADOELEN
    externe_monitors: tuple[ExterneMonitor, ...] = PBL_MONITORS

    @property
    def telling(self) -> Counter[str | None]:
        """Agreements by status over all provinces."""
        total: Counter[str | None] = Counter()
        for p in self.provincies:
            total.update(p.telling)
        return total


def stel_samen(
    jaar: int,
    meter: Meter,
    rondes: Iterable[MonitorRonde],
    vorige: Iterable[MonitorRonde],
    province_names: Mapping[str, str],
    lijst: Statuslijst,
) -> Jaarrapport:
    """The report of `jaar`: every province with a current version or a round, in code order."""
    deze = {r.provincie: r for r in rondes if r.jaar == jaar}
    vorig = {r.provincie: r for r in vorige if r.jaar == jaar - 1 and r.afgesloten and r.momentopname}
    provincies = []
    for code in sorted(set(meter.versies) | set(deze)):
        ronde = deze.get(code)
        bevroren = ronde is not None and ronde.afgesloten and ronde.momentopname is not None
        if bevroren:
            assert ronde is not None and ronde.momentopname is not None
            standen, peildatum = ronde.momentopname.standen, ronde.momentopname.datum
        else:
            standen, peildatum = meter.momentopname(code).standen, meter.datum
        oud = {s.sleutel: s for s in vorig[code].momentopname.standen} if code in vorig else {}  # type: ignore[union-attr]
        regels = tuple(Regel(s, oud.get(s.sleutel)) for s in standen)
        provincies.append(ProvincieRapport(code, province_names.get(code, code), ronde, regels, peildatum, bevroren))
    return Jaarrapport(jaar, meter.datum, tuple(provincies), lijst)
