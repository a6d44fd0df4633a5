"""The progress meter: every agreement of the current RA versions with its measurements and status.

One code path for every province (seed 002 §4.1: "een uniforme monitor"): the meter is built
from the current adopted version of each province, the measurements and the statuses set by
owners, and counts by province, theme and NOVEX area; it lists overdue milestones, the knots
still open, and the vraagstukken handled outside the BOL by phase (seed 002 §5).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from novex.arrangement.model import Afspraak, OpenKnoop, RuimtelijkArrangement
from novex.dialogue.model import Vraagstuk
from novex.monitor.model import Meting, Momentopname, MonitorRonde, Stand, StatusZetting
from novex.monitor.statussen import Statuslijst
from novex.monitor.suggestie import Suggestie, gehaald, laatste, suggereer

ZONDER_THEMA = "zonder thema"
BOL = "bol"


@dataclass(frozen=True)
class MeterRegel:
    """One agreement in the meter: its version, measurements (oldest first), the suggestion and any set status.

    In the dashboard's meter `metingen` holds the latest two (what the suggestion and the trend use);
    in one agreement's view (`MonitorService.afspraak`) the whole series.
    """

    arrangement: RuimtelijkArrangement
    afspraak: Afspraak
    metingen: tuple[Meting, ...]
    suggestie: Suggestie
    gezet: StatusZetting | None
    themas: tuple[str, ...]

    @property
    def provincie(self) -> str:
        """The province of the agreement."""
        return self.arrangement.provincie

    @property
    def status(self) -> str | None:
        """The status in force: the owner's when set, else the suggestion."""
        return self.gezet.status if self.gezet is not None else self.suggestie.status

    @property
    def reden(self) -> str:
        """Why: the owner's motivation when set, else the suggestion's reason."""
        return self.gezet.motivering if self.gezet is not None else self.suggestie.reden

    @property
    def laatste(self) -> Meting | None:
        """The latest measurement."""
        return laatste(self.metingen)

    @property
    def trend(self) -> str:
        """The last two measurements compared in the agreement's direction: vooruit, achteruit, gelijk or ''."""
        if len(self.metingen) < 2:
            return ""
        vorige, nu = sorted(self.metingen, key=lambda m: (m.datum, m.id))[-2:]
        if nu.waarde == vorige.waarde:
            return "gelijk"
        return "vooruit" if gehaald(self.afspraak, nu.waarde, vorige.waarde) else "achteruit"

    def stand(self) -> Stand:
        """The state of this agreement now, as a round freezes it."""
        a, last = self.afspraak, self.laatste
        return Stand(
            sleutel=a.sleutel, tekst=a.tekst, indicator=a.indicator, eenheid=a.eenheid, streefwaarde=a.streefwaarde,
            laatste_waarde=last.waarde if last else None, laatste_datum=last.datum if last else None,
            status=self.status, gezet=self.gezet is not None, reden=self.reden, themas=self.themas,
            novex_gebied=a.novex_gebied, deadline=a.deadline,
        )  # fmt: skip


@dataclass(frozen=True)
class AchterstalligeMijlpaal:
    """A milestone whose date has passed while its value (or, without a value, the agreement) is not reached."""

    provincie: str
    sleutel: str
    omschrijving: str
    datum: date
    waarde: float | None
    laatste_waarde: float | None


@dataclass(frozen=True)
class Meter:
    """The meter over the provinces asked for, with its counts and lists."""

    datum: date
    regels: tuple[MeterRegel, ...]
    versies: Mapping[str, RuimtelijkArrangement]  # province -> current adopted version
    vraagstukken_per_fase: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    buiten_bol: Mapping[str, tuple[Vraagstuk, ...]] = field(default_factory=dict)

    def per_provincie(self) -> dict[str, Counter[str | None]]:
        """Agreements by status, per province (every province with a current version, also with zero agreements)."""
        counts: dict[str, Counter[str | None]] = {p: Counter() for p in self.versies}
        for r in self.regels:
            counts.setdefault(r.provincie, Counter())[r.status] += 1
        return counts

    def per_thema(self) -> dict[str, Counter[str | None]]:
        """Agreements by status, per theme of their linked goals ('zonder thema' when none)."""
        counts: dict[str, Counter[str | None]] = defaultdict(Counter)
        for r in self.regels:
            for thema in r.themas or (ZONDER_THEMA,):
                counts[thema][r.status] += 1
        return dict(sorted(counts.items()))

    def per_gebied(self) -> dict[str, Counter[str | None]]:
        """Agreements by status, per NOVEX area they are linked to."""
        counts: dict[str, Counter[str | None]] = defaultdict(Counter)
        for r in self.regels:
            if r.afspraak.novex_gebied:
                counts[r.afspraak.novex_gebied][r.status] += 1
        return dict(sorted(counts.items()))

    def totaal(self) -> Counter[str | None]:
        """Agreements by status over everything in the meter."""
        return Counter(r.status for r in self.regels)

    def achterstallig(self) -> list[AchterstalligeMijlpaal]:
        """Milestones past their date and not reached, oldest first."""
        found = []
        for r in self.regels:
            last = r.laatste
            for m in r.afspraak.mijlpalen:
                if m.datum is None or m.datum >= self.datum or r.status in ("gerealiseerd", "vervallen"):
                    continue
                reached = m.waarde is not None and last is not None and gehaald(r.afspraak, last.waarde, m.waarde)
                if not reached:
                    found.append(AchterstalligeMijlpaal(r.provincie, r.afspraak.sleutel, m.omschrijving, m.datum,
                                                        m.waarde, last.waarde if last else None))  # fmt: skip
        return sorted(found, key=lambda x: (x.datum, x.provincie, x.sleutel))

    def open_knopen(self) -> list[tuple[str, OpenKnoop]]:
        """The knots still open in the current versions (seed 002 §4.2, step 4), by province."""
        return [(p, k) for p, ra in sorted(self.versies.items()) for k in ra.open_knopen]

    def momentopname(self, provincie: str) -> Momentopname:
        """The frozen picture of one province's part of the meter."""
        ra = self.versies.get(provincie)
        return Momentopname(
            datum=self.datum,
            arrangement_id=ra.id if ra else None,
            arrangement_jaar=ra.jaar if ra else None,
            standen=tuple(r.stand() for r in self.regels if r.provincie == provincie),
            vraagstukken_per_fase=tuple(self.vraagstukken_per_fase.get(provincie, {}).items()),
            open_knopen=len(ra.open_knopen) if ra else 0,
        )


def huidige_versies(versies: Iterable[RuimtelijkArrangement]) -> dict[str, RuimtelijkArrangement]:
    """Per province its newest adopted version (status vastgesteld): the agreements in force."""
    current: dict[str, RuimtelijkArrangement] = {}
    for ra in versies:
        if ra.status == "vastgesteld" and (ra.provincie not in current or ra.jaar > current[ra.provincie].jaar):
            current[ra.provincie] = ra
    return dict(sorted(current.items()))


def buiten_bol(vraagstukken: Iterable[Vraagstuk], provincies: Iterable[str]) -> dict[str, tuple[Vraagstuk, ...]]:
    """Per province the vraagstukken with no BOL decision: handled outside the BOL (seed 002 §5)."""
    wanted = set(provincies)
    found: dict[str, list[Vraagstuk]] = {p: [] for p in sorted(wanted)}
    for v in vraagstukken:
        if any(b.tafel == BOL for b in v.tafelbesluiten):
            continue
        for p in v.provincies:
            if p in wanted:
                found[p].append(v)
    return {p: tuple(vs) for p, vs in found.items()}


def bouw_meter(
    versies: Mapping[str, RuimtelijkArrangement],
    metingen: Iterable[Meting],
    gezet: Iterable[StatusZetting],
    vraagstukken: Mapping[str, Sequence[Vraagstuk]],
    themas_van_doel: Mapping[str, str],
    vandaag: date,
    lijst: Statuslijst,
    fase_volgorde: Sequence[str] = (),
) -> Meter:
    """The meter of `versies` (province -> current version): the same rules for every province."""
    per_afspraak: dict[tuple[str, str], list[Meting]] = defaultdict(list)
    for m in metingen:
        per_afspraak[(m.provincie, m.sleutel)].append(m)
    laatst_gezet: dict[tuple[str, str], StatusZetting] = {}
    for z in sorted(gezet, key=lambda z: (z.op, z.id)):
        laatst_gezet[(z.provincie, z.sleutel)] = z
    regels = []
    for provincie, ra in versies.items():
        for a in ra.afspraken:
            key = (provincie, a.sleutel)
            series = tuple(sorted(per_afspraak.get(key, ()), key=lambda m: (m.datum, m.id)))
            zetting = laatst_gezet.get(key)
            themas = tuple(sorted({themas_van_doel[d] for d in a.doelen if d in themas_van_doel}))
            regels.append(MeterRegel(ra, a, series, suggereer(a, series, vandaag, lijst),
                                     zetting if zetting is not None and zetting.status is not None else None,
                                     themas))  # fmt: skip
    fasen = {}
    for provincie, vs in vraagstukken.items():
        counted = Counter(v.fase for v in vs)
        order = [f for f in fase_volgorde if f in counted] + sorted(set(counted) - set(fase_volgorde))
        fasen[provincie] = {f: counted[f] for f in order}
    return Meter(vandaag, tuple(regels), dict(versies), fasen, {p: tuple(vs) for p, vs in vraagstukken.items()})


def trend(rondes: Iterable[MonitorRonde]) -> list[tuple[int, Counter[str | None]]]:
    """Agreements by status per year, summed over the closed rounds given (their frozen snapshots)."""
    per_jaar: dict[int, Counter[str | None]] = defaultdict(Counter)
    for r in rondes:
        if r.afgesloten and r.momentopname is not None:
            per_jaar[r.jaar].update(s.status for s in r.momentopname.standen)
    return sorted(per_jaar.items())
