"""The status the platform suggests for an agreement, from its measurements against its milestones.

The rules (a design choice of this platform; the vocabulary is `novex.monitor.statussen`), in order:

1. Not measurable (no numeric target value): no suggestion.
2. The latest measurement reaches the target value: *gerealiseerd*.
3. The deadline has passed: *vertraagd*.
4. The latest passed milestone with a value is not reached by the latest measurement: *vertraagd*.
5. No measurement yet: *aandacht nodig* once a milestone or the deadline has passed, else no suggestion.
6. The latest measurement is older than the configured number of days: *aandacht nodig*.
7. A milestone within the configured number of days is not yet reached: *aandacht nodig*.
8. Otherwise: *op schema*.

"Reaching" follows the direction of the agreement: up when the target is at or above the
baseline, down when it is below (e.g. fewer hectares of peat subsidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from novex.arrangement.model import Afspraak, Mijlpaal
from novex.arrangement.smart import getal
from novex.monitor.model import Meting
from novex.monitor.statussen import Statuslijst
from novex.nl import format_date, format_number


@dataclass(frozen=True)
class Suggestie:
    """A suggested status code (None: no suggestion) and the reason in Dutch."""

    status: str | None
    reden: str


def dalend(afspraak: Afspraak) -> bool:
    """Whether the agreement aims down: a numeric target below a numeric baseline."""
    basis, doel = getal(afspraak.basiswaarde), getal(afspraak.streefwaarde)
    return basis is not None and doel is not None and doel < basis


def gehaald(afspraak: Afspraak, waarde: float, doel: float) -> bool:
    """Whether `waarde` reaches `doel` in the agreement's direction."""
    return waarde <= doel if dalend(afspraak) else waarde >= doel


def laatste(metingen: Sequence[Meting]) -> Meting | None:
    """The latest measurement (by date, then by the order entered)."""
    return max(metingen, key=lambda m: (m.datum, m.id), default=None)


def _waarde(value: float, eenheid: str | None) -> str:
    return f"{format_number(value)} {eenheid}".strip() if eenheid else format_number(value)


@dataclass(frozen=True)
class _Punt:
    """A milestone with both a date and a value: something a measurement can be held against."""

    omschrijving: str
    datum: date
    waarde: float


def _punten(mijlpalen: Sequence[Mijlpaal]) -> list[_Punt]:
    return sorted((_Punt(m.omschrijving, m.datum, m.waarde) for m in mijlpalen
                   if m.datum is not None and m.waarde is not None), key=lambda p: p.datum)  # fmt: skip


def suggereer(afspraak: Afspraak, metingen: Sequence[Meting], vandaag: date, lijst: Statuslijst) -> Suggestie:
    """The suggested status of one agreement on `vandaag`, with the reason (rules in the module docstring)."""
    doel = getal(afspraak.streefwaarde)
    if doel is None:
        return Suggestie(None, "geen suggestie: de afspraak heeft geen streefwaarde als getal")
    eenheid = afspraak.eenheid
    last = laatste(metingen)
    gemeten = f"laatste meting {_waarde(last.waarde, eenheid)} ({format_date(last.datum)})" if last else ""
    if last is not None and gehaald(afspraak, last.waarde, doel):
        return Suggestie("gerealiseerd", f"{gemeten} haalt de streefwaarde {_waarde(doel, eenheid)}")
    if afspraak.deadline is not None and afspraak.deadline < vandaag:
        stand = gemeten or "nog geen meting"
        return Suggestie("vertraagd", f"deadline {format_date(afspraak.deadline)} is verstreken; {stand}, "
                                      f"streefwaarde {_waarde(doel, eenheid)}")  # fmt: skip
    punten = _punten(afspraak.mijlpalen)
    verstreken = [p for p in punten if p.datum <= vandaag]
    gemist = verstreken[-1] if verstreken else None
    if gemist is not None and last is not None and not gehaald(afspraak, last.waarde, gemist.waarde):
        return Suggestie("vertraagd", f"mijlpaal '{gemist.omschrijving}' ({format_date(gemist.datum)}: "
                                      f"{_waarde(gemist.waarde, eenheid)}) niet gehaald; {gemeten}")  # fmt: skip
    if last is None:
        datums = [m for m in afspraak.mijlpalen if m.datum is not None and m.datum <= vandaag]
        if datums:
            m = max(datums, key=lambda x: x.datum or vandaag)
            return Suggestie("aandacht-nodig", f"nog geen meting, terwijl mijlpaal '{m.omschrijving}' "
                                               f"({format_date(m.datum)}) verstreken is")  # fmt: skip
        return Suggestie(None, "geen suggestie: nog geen meting en nog geen mijlpaal verstreken")
    if (vandaag - last.datum).days > lijst.meting_verouderd_na_dagen:
        return Suggestie("aandacht-nodig", f"{gemeten} is ouder dan {lijst.meting_verouderd_na_dagen} dagen")
    for p in punten:
        dagen = (p.datum - vandaag).days
        if 0 < dagen <= lijst.mijlpaal_dichtbij_dagen and not gehaald(afspraak, last.waarde, p.waarde):
            wanneer = f"{format_date(p.datum)}, over {dagen} dagen: {_waarde(p.waarde, eenheid)}"
            return Suggestie("aandacht-nodig", f"mijlpaal '{p.omschrijving}' ({wanneer}) nog niet gehaald; {gemeten}")
    if gemist is not None:
        return Suggestie("op-schema", f"{gemeten} haalt mijlpaal '{gemist.omschrijving}' "
                                      f"({_waarde(gemist.waarde, eenheid)})")  # fmt: skip
    return Suggestie("op-schema", f"{gemeten}; geen mijlpaal gemist")
