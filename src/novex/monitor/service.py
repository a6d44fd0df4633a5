"""The uniform monitor: measurements, statuses, the yearly round, the meter and the report's figures.

Seed 002 §4.1 (a uniform monitor of the agreements), §5 (one progress meter beside the RA, which
also follows vraagstukken handled outside the BOL) and Bijlage 3 §4 (VRO monitors every year with
the provinces and the ministries); seed 003 §5.2 (a yearly report with a qualitative picture).
Every right is checked here; every change is one audit event; an import stores all rows or none.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from novex.access import Actor, Role, can, require
from novex.arrangement.model import Afspraak, EigenaarSoort, Status
from novex.arrangement.ports import ArrangementRepository
from novex.audit import AuditLog, event
from novex.dialogue import bob
from novex.dialogue.actions import READ_VRAAGSTUKKEN
from novex.dialogue.model import Vraagstuk, VraagstukFilter
from novex.dialogue.service import VraagstukService
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, stale, text_problems
from novex.monitor import invoer
from novex.monitor.actions import MEASURE, READ_MONITOR, RUN_ROUND, SET_STATUS, WRITE_PICTURE
from novex.monitor.meter import Meter, MeterRegel, bouw_meter, buiten_bol, huidige_versies
from novex.monitor.model import (
    AfspraakRef,
    Deelnemer,
    DeelnemerSoort,
    Meting,
    MonitorRonde,
    RondeStatus,
    StatusZetting,
)
from novex.monitor.ports import AlOpgeslagen, MonitorRepository
from novex.monitor.rapport import Jaarrapport, stel_samen
from novex.monitor.statussen import Statuslijst, statuslijst

AFSPRAAK = "monitor-afspraak"
"""The audit trail's object kind of a followed agreement (object id: its key; province: its province)."""
RONDE = "monitorronde"
"""The audit trail's object kind of a monitor round."""
MAX_BRON = 300
MAX_TOELICHTING = 2_000
MAX_BEELD = 20_000
MAX_WAARDE = 1e15
EERSTE_DATUM = date(2000, 1, 1)


@dataclass(frozen=True)
class Gepland:
    """What the spatial analysis plans towards a goal linked to an agreement (the goal accounting)."""

    doel: str
    tekst: str
    eenheid: str
    gepland: float
    doelwaarde: float


@dataclass(frozen=True)
class AfspraakMonitor:
    """One followed agreement: its line in the meter, every status set, and the planned values of its goals."""

    regel: MeterRegel
    zettingen: tuple[StatusZetting, ...]
    gepland: tuple[Gepland, ...]
    mag_meten: bool
    mag_status_zetten: bool


@dataclass(frozen=True)
class ImportResultaat:
    """What an import stored: how many measurements, for how many agreements."""

    metingen: int
    afspraken: int


class MonitorService:
    """Use cases of the monitor, on one unit of work."""

    def __init__(
        self,
        repo: MonitorRepository,
        arrangementen: ArrangementRepository,
        vraagstukken: VraagstukService,
        audit: AuditLog,
        province_names: Mapping[str, str],
        themas_van_doel: Mapping[str, str] | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        lijst: Statuslijst | None = None,
        gepland: Callable[[str], Sequence[Gepland]] = lambda provincie: (),
    ) -> None:
        self.repo = repo
        self.arrangementen = arrangementen
        self.vraagstukken = vraagstukken
        self.audit = audit
        self.province_names = province_names
        self.themas_van_doel = themas_van_doel or {}
        self.today = today
        self.now = now
        self.lijst = lijst or statuslijst()
        self.gepland = gepland

    # -- reading ---------------------------------------------------------------------------------

    def statuslijst(self) -> Statuslijst:
        """The configured status vocabulary (a design choice, shown on screen)."""
        return self.lijst

    def meter(self, actor: Actor, provincie: str | None = None, novex_gebied: str | None = None) -> Meter:
        """The meter of every province (or one), or of the agreements linked to one NOVEX area.

        Each line holds the agreement's latest two measurements: what the suggestion and the trend
        use (the whole series is in `afspraak` and `metingen`).
        """
        require(actor, READ_MONITOR)
        if provincie is not None:
            provincie = self._provincie(provincie)
        return self._meter(actor, provincie, novex_gebied, self.repo.laatste_metingen(provincie, 2))

    def afspraak(self, actor: Actor, provincie: str, sleutel: str) -> AfspraakMonitor:
        """One agreement of a province's current version with all its measurements, statuses and planned values."""
        require(actor, READ_MONITOR)
        provincie = self._provincie(provincie)
        meter = self._meter(actor, provincie, None, self.repo.metingen(provincie, sleutel))
        regel = next((r for r in meter.regels if r.afspraak.sleutel == sleutel), None)
        if regel is None:
            raise NotFound(self._niet_gevolgd(provincie, sleutel))
        goals = {g.doel: g for g in self.gepland(provincie)} if regel.afspraak.doelen else {}
        return AfspraakMonitor(
            regel,
            tuple(self.repo.statussen(provincie, sleutel)),
            tuple(goals[d] for d in regel.afspraak.doelen if d in goals),
            can(actor, MEASURE, provincie),
            self._is_eigenaar(actor, provincie, regel.afspraak),
        )

    def metingen(self, actor: Actor, provincie: str | None = None, sleutel: str | None = None) -> list[Meting]:
        """Measurements, oldest first, of a province and/or agreement."""
        require(actor, READ_MONITOR)
        if provincie is not None:
            provincie = self._provincie(provincie)
        return sorted(self.repo.metingen(provincie, sleutel), key=lambda m: (m.provincie, m.sleutel, m.datum, m.id))

    def meting(self, actor: Actor, meting_id: int) -> Meting:
        """One measurement; NotFound in Dutch."""
        require(actor, READ_MONITOR)
        found = self.repo.meting(meting_id) if 0 < meting_id < 2**31 else None
        if found is None:
            raise NotFound(f"meting {meting_id} bestaat niet")
        return found

    def telling(self, actor: Actor, provincie: str | None = None) -> dict[str, dict[str, int]]:
        """Per province the number of agreements per status code ('geen' for none), every configured code listed."""
        meter = self.meter(actor, provincie)
        return {p: {code: counts.get(code, 0) for code in self.lijst.codes} | {"geen": counts.get(None, 0)}
                for p, counts in meter.per_provincie().items()}  # fmt: skip

    def rondes(self, actor: Actor, jaar: int | None = None, provincie: str | None = None) -> list[MonitorRonde]:
        """Monitor rounds, by year and province."""
        require(actor, READ_MONITOR)
        if provincie is not None:
            provincie = self._provincie(provincie)
        return [self._zichtbaar(actor, r) for r in self.repo.rondes(provincie, jaar)]

    def ronde(self, actor: Actor, ronde_id: int) -> MonitorRonde:
        """One round; NotFound in Dutch. Its snapshot counts vraagstukken only for who may read the province's."""
        require(actor, READ_MONITOR)
        return self._zichtbaar(actor, self._ronde(ronde_id))

    def _ronde(self, ronde_id: int) -> MonitorRonde:
        found = self.repo.ronde(ronde_id) if 0 < ronde_id < 2**31 else None
        if found is None:
            raise NotFound(f"monitorronde {ronde_id} bestaat niet")
        return found

    @staticmethod
    def _zichtbaar(actor: Actor, ronde: MonitorRonde) -> MonitorRonde:
        """The round as `actor` may read it: a frozen count of vraagstukken only for who may read them."""
        snapshot = ronde.momentopname
        if snapshot is None or not snapshot.vraagstukken_per_fase or can(actor, READ_VRAAGSTUKKEN, ronde.provincie):
            return ronde
        return replace(ronde, momentopname=replace(snapshot, vraagstukken_per_fase=()))

    def jaarrapport(self, actor: Actor, jaar: int) -> Jaarrapport:
        """The yearly progress report's content (seed 003 §5.2): rounds of `jaar`, compared with last year's."""
        if not 2023 <= jaar <= self.today().year + 1:
            raise InvalidInput(f"jaar {jaar}: een voortgangsrapportage valt tussen 2023 en {self.today().year + 1}")
        meter = self.meter(actor)
        return stel_samen(jaar, meter, self.repo.rondes(None, jaar), self.repo.rondes(None, jaar - 1),
                          self.province_names, self.lijst)  # fmt: skip

    def may(self, actor: Actor, what: str, provincie: str | None = None) -> bool:
        """Whether the actor may `what` ('meten', 'ronde', 'beeld') for a province: for the edges."""
        action = {"meten": MEASURE, "ronde": RUN_ROUND, "beeld": WRITE_PICTURE, "status": SET_STATUS}[what]
        return can(actor, action, provincie if provincie is not None else actor.provincie)

    # -- measurements ----------------------------------------------------------------------------

    def add_meting(
        self, actor: Actor, provincie: str, sleutel: str, waarde: float, datum: date, bron: str, toelichting: str = ""
    ) -> Meting:
        """Record one measurement of an agreement of an adopted version; refused in Dutch, nothing stored."""
        provincie = self._provincie(provincie)
        require(actor, MEASURE, provincie)
        meting = self._nieuwe_meting(actor, provincie, sleutel, waarde, datum, bron, toelichting)
        problems = self._meting_problemen(meting, self._gevolgd(provincie))
        if problems:
            raise InvalidInput(f"meting van afspraak {provincie}/{_kort(sleutel)}: " + "; ".join(problems))
        if self.repo.bestaande([_dubbel(meting)]):
            raise StateConflict(_al_gemeten(_dubbel(meting)) + ": pas die aan door haar te verwijderen en opnieuw "
                                "in te voeren")  # fmt: skip
        try:
            (meting_id,) = self.repo.add_metingen([meting])
        except AlOpgeslagen:
            raise StateConflict(_al_gemeten(_dubbel(meting)) + " (zojuist door een ander opgeslagen); er is niets "
                                "opgeslagen") from None  # fmt: skip
        saved = replace(meting, id=meting_id)
        self._record_metingen(actor, [saved], "meting")
        return saved

    def importeer(self, actor: Actor, data: bytes, bestandsnaam: str) -> ImportResultaat:
        """Store every measurement of a CSV/XLSX file, or none: every bad row named with its line and reason."""
        require(actor, MEASURE, actor.provincie)
        bestandsnaam = "".join(ch for ch in bestandsnaam if ch.isprintable()) or "bestand"
        try:
            regels, problems = invoer.lees(data, bestandsnaam)
        except invoer.Onleesbaar as exc:
            raise InvalidInput(f"{_kort(bestandsnaam)}: {exc}") from None
        metingen: list[tuple[int, Meting]] = []
        gevolgd: dict[str, dict[str, Afspraak]] = {}
        for r in regels:
            provincie = self._code(r.provincie)
            if provincie is None:
                problems.append(f"regel {r.regel}: provincie '{_kort(r.provincie)}' bestaat niet")
                continue
            if not can(actor, MEASURE, provincie):
                problems.append(f"regel {r.regel}: u mag geen metingen invoeren voor de afspraken van {provincie}")
                continue
            if provincie not in gevolgd:
                gevolgd[provincie] = self._gevolgd(provincie)
            m = self._nieuwe_meting(actor, provincie, r.sleutel, r.waarde, r.datum, r.bron, r.toelichting)
            fouten = self._meting_problemen(m, gevolgd[provincie])
            problems += [f"regel {r.regel}: {f}" for f in fouten]
            if not fouten:
                metingen.append((r.regel, m))
        gezien: dict[tuple[str, str, str, str], int] = {}
        for regel, m in metingen:
            key = _dubbel(m)
            if key in gezien:
                problems.append(f"regel {regel}: dezelfde meting als regel {gezien[key]} (afspraak, datum en bron)")
            gezien.setdefault(key, regel)
        for key in self.repo.bestaande(list(gezien)):
            problems.append(f"regel {gezien[key]}: {_al_gemeten(key)}")
        if problems:
            problems.sort(key=_regelnummer)
            shown = problems[:200] + ([f"… en nog {len(problems) - 200} problemen"] if len(problems) > 200 else [])
            refused = InvalidInput(f"{_kort(bestandsnaam)}: niets ingelezen; {len(problems)} problemen:\n"
                                   + "\n".join(shown))  # fmt: skip
            refused.problems = problems  # type: ignore[attr-defined]  # every one, for the API's invalidParams
            raise refused
        try:
            ids = self.repo.add_metingen([m for _, m in metingen])
        except AlOpgeslagen as exc:
            raise StateConflict(f"{_kort(bestandsnaam)}: niets ingelezen; zojuist door een ander opgeslagen: "
                                + "; ".join(_al_gemeten(k) for k in exc.sleutels[:20])) from None  # fmt: skip
        saved = [replace(m, id=i) for (_, m), i in zip(metingen, ids, strict=True)]
        self._record_metingen(actor, saved, "import", bestandsnaam)
        return ImportResultaat(len(saved), len({(m.provincie, m.sleutel) for m in saved}))

    def remove_meting(self, actor: Actor, meting_id: int, reden: str) -> Meting:
        """Delete a wrong measurement, with a reason (VRO, or whoever entered it); the audit trail keeps its values."""
        meting = self.meting(actor, meting_id)
        require(actor, MEASURE, meting.provincie)
        if actor.role is not Role.VRO and not actor.system and actor.email != meting.ingevoerd_door:
            raise Forbidden(f"{actor.email} mag alleen eigen metingen verwijderen; deze is ingevoerd door "
                            f"{meting.ingevoerd_door}")  # fmt: skip
        self._reden(reden, "reden")
        self.repo.remove_meting(meting.id)
        self.audit.record([event(actor, f"{AFSPRAAK}.meting-verwijderd", (AFSPRAAK, meting.sleutel),
                                 f"meting van afspraak {meting.afspraak} op {meting.datum.isoformat()} verwijderd",
                                 provincie=meting.provincie, reden=reden.strip(),
                                 details={"waarde": meting.waarde, "datum": meting.datum.isoformat(),
                                          "bron": meting.bron, "ingevoerd_door": meting.ingevoerd_door})])  # fmt: skip
        return meting

    # -- status ----------------------------------------------------------------------------------

    def zet_status(
        self, actor: Actor, provincie: str, sleutel: str, status: str | None, motivering: str
    ) -> StatusZetting:
        """The owner sets an agreement's status with a motivation (None: back to the suggestion); audited."""
        provincie = self._provincie(provincie)
        require(actor, SET_STATUS, provincie)
        afspraak = self._gevolgd(provincie).get(sleutel)
        if afspraak is None:
            raise NotFound(self._niet_gevolgd(provincie, sleutel))
        if not self._is_eigenaar(actor, provincie, afspraak):
            eigenaren = ", ".join(f"{e.naam} ({e.soort})" for e in afspraak.eigenaren) or "de provincie en VRO"
            raise Forbidden(f"{actor.email} is geen eigenaar van afspraak {provincie}/{sleutel} (eigenaren: "
                            f"{eigenaren}) en mag de status niet zetten")  # fmt: skip
        if status is not None and self.lijst.get(status) is None:
            raise InvalidInput(f"status '{_kort(status)}' bestaat niet (wel: {', '.join(self.lijst.codes)})")
        self._reden(motivering, "motivering")
        zetting = StatusZetting(provincie, sleutel, status, motivering.strip(), actor.email, self.now())
        saved = replace(zetting, id=self.repo.add_status(zetting))
        wat = f"status '{self.lijst.naam(status)}'" if status else "status terug naar de suggestie"
        self.audit.record([event(actor, f"{AFSPRAAK}.status", (AFSPRAAK, sleutel),
                                 f"afspraak {provincie}/{sleutel}: {wat}", provincie=provincie,
                                 reden=saved.motivering, details={"status": status})])  # fmt: skip
        return saved

    # -- the yearly round ------------------------------------------------------------------------

    def start_ronde(
        self, actor: Actor, provincie: str, jaar: int, deelnemers: Sequence[Deelnemer] | None = None
    ) -> MonitorRonde:
        """Open a province's round for a year (participants by default: VRO, the province, the owners' ministries)."""
        provincie = self._provincie(provincie)
        require(actor, RUN_ROUND, provincie)
        if not 2023 <= jaar <= self.today().year + 1:
            raise InvalidInput(f"jaar {jaar}: een monitorronde valt tussen 2023 en {self.today().year + 1}")
        if self.repo.rondes(provincie, jaar):
            raise StateConflict(f"de monitorronde {jaar} van {self.province_names[provincie]} bestaat al")
        chosen = tuple(deelnemers) if deelnemers is not None else self._standaard_deelnemers(provincie)
        self._check_deelnemers(chosen)
        ronde = MonitorRonde(provincie, jaar, chosen)
        try:
            saved = replace(ronde, id=self.repo.add_ronde(ronde))
        except AlOpgeslagen:
            raise StateConflict(f"de monitorronde {jaar} van {self.province_names[provincie]} bestaat al (zojuist "
                                "door een ander geopend)") from None  # fmt: skip
        self._record_ronde(actor, saved, "geopend", "geopend")
        return saved

    def update_ronde(
        self,
        actor: Actor,
        ronde_id: int,
        expected_version: int,
        beeld: str | None = None,
        deelnemers: Sequence[Deelnemer] | None = None,
    ) -> MonitorRonde:
        """Write the qualitative picture and/or the participants of an open round (compare-and-set).

        What equals the stored round is no change: nothing at all changes is no new version and no event.
        """
        require(actor, READ_MONITOR)
        current = self._ronde(ronde_id)
        require(actor, WRITE_PICTURE, current.provincie)
        self._open(current)
        changes: dict[str, object] = {}
        if beeld is not None:
            problems = text_problems("beeld", beeld, MAX_BEELD)
            if problems:
                raise InvalidInput("; ".join(problems))
            if beeld.strip() != current.beeld:
                changes["beeld"] = beeld.strip()
        if deelnemers is not None:
            self._check_deelnemers(tuple(deelnemers))
            if tuple(deelnemers) != current.deelnemers:
                changes["deelnemers"] = tuple(deelnemers)
        if not changes:
            if current.version != expected_version:
                raise stale(f"monitorronde {current.id}", current.version, expected_version)
            return current
        return self._save_ronde(actor, current, expected_version, changes, "bijgewerkt",
                                ", ".join(changes) + " bijgewerkt")  # fmt: skip

    def sluit_ronde(self, actor: Actor, ronde_id: int, expected_version: int) -> MonitorRonde:
        """Close a round: freeze the meter of its province as the snapshot next year compares with."""
        require(actor, READ_MONITOR)
        current = self._ronde(ronde_id)
        require(actor, RUN_ROUND, current.provincie)
        self._open(current)
        if not current.beeld.strip():
            raise InvalidInput(f"monitorronde {ronde_id}: schrijf eerst het kwalitatieve beeld (seed 003 §5.2)")
        snapshot = self.meter(Actor.operator(), current.provincie).momentopname(current.provincie)
        changes = {"status": RondeStatus.AFGESLOTEN, "momentopname": snapshot, "afgesloten_door": actor.email,
                   "afgesloten_op": self.now()}  # fmt: skip
        return self._save_ronde(actor, current, expected_version, changes, "afgesloten",
                                f"afgesloten met een momentopname van {len(snapshot.standen)} afspraken")  # fmt: skip

    # -- helpers ---------------------------------------------------------------------------------

    def _meter(
        self, actor: Actor, provincie: str | None, novex_gebied: str | None, metingen: Sequence[Meting]
    ) -> Meter:
        versies = huidige_versies(self.arrangementen.list(provincie, None, Status.VASTGESTELD))
        if novex_gebied is not None:
            versies = {p: replace(ra, afspraken=tuple(a for a in ra.afspraken if a.novex_gebied == novex_gebied),
                                  open_knopen=()) for p, ra in versies.items()}  # fmt: skip
            versies = {p: ra for p, ra in versies.items() if ra.afspraken}
        wanted = [provincie] if provincie else list(self.province_names)
        return bouw_meter(
            versies,
            metingen,
            self.repo.statussen(provincie),
            self._buiten_bol(actor, wanted) if novex_gebied is None else {},
            self.themas_van_doel,
            self.today(),
            self.lijst,
            bob.FASEN,
        )

    def _buiten_bol(self, actor: Actor, provincies: Sequence[str]) -> dict[str, tuple[Vraagstuk, ...]]:
        """The vraagstukken outside the BOL the actor may read (a province's planner: its own and those crossing in)."""
        one = len(provincies) == 1 and can(actor, READ_VRAAGSTUKKEN, provincies[0])
        where = VraagstukFilter(provincies=tuple(provincies)) if one else None
        return buiten_bol(self.vraagstukken.list(actor, where), provincies)

    def _gevolgd(self, provincie: str) -> dict[str, Afspraak]:
        """The agreements of the province's current adopted version, by key."""
        current = huidige_versies(self.arrangementen.list(provincie, None, Status.VASTGESTELD)).get(provincie)
        return {a.sleutel: a for a in current.afspraken} if current else {}

    def _niet_gevolgd(self, provincie: str, sleutel: str) -> str:
        return (f"afspraak {provincie}/{_kort(sleutel)} staat niet in het vastgestelde ruimtelijk arrangement van "
                f"{self.province_names.get(provincie, provincie)}")  # fmt: skip

    def _nieuwe_meting(
        self, actor: Actor, provincie: str, sleutel: str, waarde: float, datum: date, bron: str, toelichting: str
    ) -> Meting:
        if isinstance(waarde, int | float) and not isinstance(waarde, bool):
            waarde = waarde + 0.0  # -0 is 0
        return Meting(provincie, sleutel, waarde, datum, (bron or "").strip(), (toelichting or "").strip(),
                      actor.email, self.now())  # fmt: skip

    def _meting_problemen(self, m: Meting, gevolgd: Mapping[str, Afspraak]) -> list[str]:
        problems = []
        afspraak = gevolgd.get(m.sleutel)
        if afspraak is None:
            problems.append(self._niet_gevolgd(m.provincie, m.sleutel))
        elif not (afspraak.indicator or "").strip():
            problems.append(f"afspraak {m.afspraak} heeft geen indicator: er valt niets te meten")
        if isinstance(m.waarde, bool) or not isinstance(m.waarde, int | float) or not math.isfinite(m.waarde) \
                or abs(m.waarde) > MAX_WAARDE:  # fmt: skip
            problems.append("waarde: een eindig getal tussen -10^15 en 10^15")
        if not EERSTE_DATUM <= m.datum <= self.today():
            problems.append(f"datum {m.datum.isoformat()}: een meting ligt tussen 2000-01-01 en vandaag")
        if not m.bron:
            problems.append("bron ontbreekt: noem waar de waarde vandaan komt")
        elif "\n" in m.bron or "\r" in m.bron:
            problems.append("bron: één regel tekst, zonder regeleinde")
        problems += text_problems("bron", m.bron, MAX_BRON) + text_problems("toelichting", m.toelichting,
                                                                            MAX_TOELICHTING)  # fmt: skip
        return problems

    def _is_eigenaar(self, actor: Actor, provincie: str, afspraak: Afspraak) -> bool:
        """VRO always (it coordinates the monitoring); a province or ministry when it owns the agreement."""
        if not can(actor, SET_STATUS, provincie):
            return False
        if actor.system or actor.role is Role.VRO:
            return True
        namen = {provincie.lower(), self.province_names.get(provincie, "").lower()}
        if actor.role is Role.PROVINCIE:
            return not afspraak.eigenaren or any(
                e.soort == EigenaarSoort.PROVINCIE and e.naam.strip().lower() in namen for e in afspraak.eigenaren
            )
        department = (actor.departement or "").strip().lower()
        return bool(department) and any(e.soort == EigenaarSoort.MINISTERIE and e.naam.strip().lower() == department
                                        for e in afspraak.eigenaren)  # fmt: skip

    def _standaard_deelnemers(self, provincie: str) -> tuple[Deelnemer, ...]:
        found = [Deelnemer(DeelnemerSoort.VRO, "ministerie van VRO"),
                 Deelnemer(DeelnemerSoort.PROVINCIE, self.province_names[provincie])]  # fmt: skip
        for a in self._gevolgd(provincie).values():
            for e in a.eigenaren:
                d = Deelnemer(DeelnemerSoort.MINISTERIE, e.naam)
                if e.soort == EigenaarSoort.MINISTERIE and d not in found:
                    found.append(d)
        return tuple(found)

    @staticmethod
    def _check_deelnemers(deelnemers: Sequence[Deelnemer]) -> None:
        problems = [f"deelnemer '{_kort(d.soort)}': soort is een van {', '.join(DeelnemerSoort)}"
                    for d in deelnemers if d.soort not in set(DeelnemerSoort)]  # fmt: skip
        problems += [p for d in deelnemers for p in text_problems("deelnemer", d.naam, 300)]
        problems += ["deelnemer: de naam ontbreekt" for d in deelnemers if not d.naam.strip()]
        if len(deelnemers) > 50:
            problems.append("hoogstens 50 deelnemers")
        if problems:
            raise InvalidInput("; ".join(problems))

    @staticmethod
    def _open(ronde: MonitorRonde) -> None:
        if ronde.afgesloten:
            raise StateConflict(f"monitorronde {ronde.jaar} van {ronde.provincie} is afgesloten: de momentopname "
                                "verandert niet meer")  # fmt: skip

    @staticmethod
    def _reden(text: str, name: str) -> None:
        problems = text_problems(name, text, MAX_TOELICHTING)
        if not (text or "").strip():
            problems.append(f"{name} ontbreekt: leg uit waarom")
        if problems:
            raise InvalidInput("; ".join(problems))

    def _save_ronde(
        self, actor: Actor, current: MonitorRonde, expected: int, changes: Mapping[str, object], soort: str,
        summary: str,
    ) -> MonitorRonde:  # fmt: skip
        changed = replace(current, **changes)  # type: ignore[arg-type]
        if current.version != expected or not self.repo.save_ronde(changed, expected):
            latest = self.repo.ronde(current.id)
            raise stale(f"monitorronde {current.id}", latest.version if latest else 0, expected)
        saved = self.repo.ronde(current.id)
        assert saved is not None
        self._record_ronde(actor, saved, soort, summary)
        return self._zichtbaar(actor, saved)

    def _record_ronde(self, actor: Actor, ronde: MonitorRonde, soort: str, summary: str) -> None:
        self.audit.record([event(actor, f"{RONDE}.{soort}", (RONDE, ronde.id),
                                 f"monitorronde {ronde.jaar} van {ronde.provincie}: {summary}",
                                 provincie=ronde.provincie)])  # fmt: skip

    def _record_metingen(self, actor: Actor, metingen: Sequence[Meting], soort: str, bestand: str = "") -> None:
        events = [event(actor, f"{AFSPRAAK}.{soort}", (AFSPRAAK, m.sleutel),
                        f"meting van afspraak {m.afspraak}: {m.waarde:g} op {m.datum.isoformat()}"
                        + (f" (import {_kort(bestand)})" if bestand else ""), provincie=m.provincie,
                        details={"meting": m.id, "waarde": m.waarde, "datum": m.datum.isoformat(), "bron": m.bron})
                  for m in metingen]  # fmt: skip
        self.audit.record(events)

    def _provincie(self, provincie: str) -> str:
        code = self._code(provincie)
        if code is None:
            raise InvalidInput(f"provincie '{_kort(provincie)}' bestaat niet (gebruik de CBS-code, bijv. PV26)")
        return code

    def _code(self, text: str) -> str | None:
        """A province code from its code or its name (case-insensitive)."""
        wanted = (text or "").strip().lower()
        return next((c for c, n in self.province_names.items() if wanted in (c.lower(), n.lower())), None)


def parse_ref(text: str) -> AfspraakRef:
    """``PV26/A1`` as an agreement reference; `InvalidInput` when it has another shape."""
    provincie, slash, sleutel = (text or "").partition("/")
    if not slash or not provincie.strip() or not sleutel.strip():
        raise InvalidInput(f"afspraak '{_kort(text)}': schrijf PROVINCIE/SLEUTEL, bijvoorbeeld PV26/A1")
    return AfspraakRef(provincie.strip(), sleutel.strip())


def _dubbel(m: Meting) -> tuple[str, str, str, str]:
    return (m.provincie, m.sleutel, m.datum.isoformat(), m.bron)


def _regelnummer(problem: str) -> int:
    head = problem.split(":", 1)[0]
    return int(head[6:]) if head.startswith("regel ") and head[6:].isdigit() else 0


def _al_gemeten(key: tuple[str, ...]) -> str:
    provincie, sleutel, datum, bron = key
    return f"afspraak {provincie}/{sleutel} heeft al een meting op {datum} uit '{_kort(bron)}'"


def _kort(text: object) -> str:
    """User text for a message: at most 60 characters, control characters shown as escapes (never sent raw)."""
    value = str(text)
    value = value if len(value) <= 60 else value[:60] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in value)
