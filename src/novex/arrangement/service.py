"""The Ruimtelijk Arrangement per province and year: drafting, the SMART check, the BOL adoption, versions.

Seed 003 §4.1 (the five parts, the signed first generation), seed 002 §3.4 and Bijlage 3 (the
compact yearly version, adopted in the BOL, not signed again). Every right is checked here:
VRO and a province draft and propose their own version, VRO records the adoption; a version
changes only as a concept; every change is one audit event and every move one flow step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from novex.access import Actor, can, require
from novex.arrangement import lifecycle
from novex.arrangement.actions import ADOPT_ARRANGEMENT, DRAFT_ARRANGEMENT, READ_ARRANGEMENTS
from novex.arrangement.diff import Verschil, verschil
from novex.arrangement.inclusie import Inclusie, inclusie_problemen
from novex.arrangement.investeringen import Totalen, totalen
from novex.arrangement.model import (
    Afspraak,
    Generatie,
    Investeringsafspraak,
    Ondertekening,
    OpenKnoop,
    RuimtelijkArrangement,
    Status,
    Vaststelling,
)
from novex.arrangement.ports import ArrangementRepository
from novex.arrangement.smart import Bevinding, smart_check
from novex.arrangement.validatie import EERSTE_JAAR, LAATSTE_JAAR, arrangement_problemen
from novex.audit import AuditLog, event
from novex.dialogue import bob
from novex.dialogue.model import VraagstukFilter
from novex.dialogue.service import VraagstukService
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, TransitionRefused, stale, text_problems
from novex.flow import FlowHistory, FlowStep, MoveOption, allowed_moves, move
from novex.meetings.service import MeetingService

OBJECT = lifecycle.FLOW_NAAM
"""The audit trail's object kind (and action prefix) of an RA version."""
PUBLIC = frozenset({Status.VASTGESTELD, Status.VERVANGEN})
"""Adopted versions are public documents; drafts are for the parties."""
MAX_TEXT = 20_000
"""Characters of one text field."""
MAX_ITEMS = 500
"""Agreements, investments, inclusions or knots in one version."""
MAX_NAME = 300
"""Characters of a name: a party, owner, programme, milestone or signatory."""
MAX_AMOUNT = Decimal(10) ** 16
"""Amounts are stored exactly as NUMERIC(18, 2): below 10^16 euro, in cents."""
CENT = Decimal("0.01")
KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,59}")
"""A key of an agreement or investment: letters, digits, '.', '_' and '-', at most 60 characters."""


class ArrangementService:
    """Use cases of the Ruimtelijk Arrangement, on one unit of work."""

    def __init__(
        self,
        repo: ArrangementRepository,
        vraagstukken: VraagstukService,
        meetings: MeetingService,
        history: FlowHistory,
        audit: AuditLog,
        landsdelen: Mapping[str, Sequence[str]],
        province_names: Mapping[str, str],
        today: Callable[[], date] = date.today,
        fondsen: Collection[str] | None = None,
        catalogue_ids: Callable[[], tuple[set[str], set[str]]] = lambda: (set(), set()),
        claim_provinces: Callable[[Sequence[int]], Mapping[int, Sequence[str]]] = lambda ids: {},
    ) -> None:
        self.repo = repo
        self.vraagstukken = vraagstukken
        self.meetings = meetings
        self.history = history
        self.audit = audit
        self.landsdelen = landsdelen
        self.province_names = province_names
        self.today = today
        self.fondsen = fondsen
        self.catalogue_ids = catalogue_ids  # () -> (goal ids, NOVEX area ids)
        self.claim_provinces = claim_provinces  # claim ids -> the provinces each existing claim lies in
        self.flow = lifecycle.ruimtelijk_arrangement_flow(today, fondsen)

    # -- reading ---------------------------------------------------------------------------------

    def list(
        self, actor: Actor, provincie: str | None = None, jaar: int | None = None, status: str | None = None
    ) -> list[RuimtelijkArrangement]:
        """The versions the actor may read (a province: its own in every status, the others once adopted)."""
        require(actor, READ_ARRANGEMENTS, actor.provincie)
        self._check_filter(provincie, status)
        return [ra for ra in self.repo.list(provincie, jaar, status) if self._readable(actor, ra)]

    def get(self, actor: Actor, arrangement_id: int) -> RuimtelijkArrangement:
        """One version; NotFound or Forbidden in Dutch."""
        ra = self.repo.get(arrangement_id) if 0 < arrangement_id < 2**31 else None
        if ra is None:
            raise NotFound(f"ruimtelijk arrangement {arrangement_id} bestaat niet")
        if not self._readable(actor, ra):
            require(actor, READ_ARRANGEMENTS, ra.provincie)
        return ra

    def smart(self, actor: Actor, arrangement_id: int) -> tuple[Bevinding, ...]:
        """The SMART findings of every agreement of a version (seed 002 §3.4; seed 004 handreiking)."""
        return smart_check(self.get(actor, arrangement_id), self.today())

    def moves(self, actor: Actor, arrangement_id: int) -> list[MoveOption]:
        """The moves out of the current status, each with why the actor may not make it now."""
        return allowed_moves(self.flow, self.get(actor, arrangement_id), actor)

    def history_of(self, actor: Actor, arrangement_id: int) -> list[FlowStep]:
        """Every status move of a version, oldest first."""
        self.get(actor, arrangement_id)
        return self.history.history(lifecycle.FLOW_NAAM, arrangement_id)

    def diff(self, actor: Actor, van: int, naar: int) -> Verschil:
        """What changed between two versions: agreements added, dropped, changed field by field."""
        return verschil(self.get(actor, van), self.get(actor, naar))

    def adopted_in(self, actor: Actor, vergadering_id: int) -> list[tuple[RuimtelijkArrangement, Afspraak]]:
        """The agreements adopted in one BOL (every version adopted there, agreement by agreement)."""
        meeting = self.meetings.meeting(actor, vergadering_id)
        if meeting.soort != "bol":
            raise InvalidInput(f"vergadering {vergadering_id} is een {meeting.soort}, geen BOL")
        return [(ra, a) for ra in self.repo.adopted_in(meeting.id) if self._readable(actor, ra) for a in ra.afspraken]

    def totals(self, actor: Actor, jaar: int | None = None) -> Totalen:
        """Investment agreements totalled per province and programme: the current version of each province.

        The current version is the one of `jaar` when given, else the newest adopted one (one per
        province, so no money is counted twice).
        """
        current: dict[str, RuimtelijkArrangement] = {}
        for ra in self.list(actor, jaar=jaar):
            if jaar is None and ra.status != Status.VASTGESTELD:
                continue
            if ra.provincie not in current or ra.jaar > current[ra.provincie].jaar:
                current[ra.provincie] = ra
        return totalen(current.values())

    def may(self, actor: Actor, what: str, ra: RuimtelijkArrangement | None = None) -> bool:
        """Whether `actor` may 'opstellen' (for `ra`'s province) or 'vaststellen' — to hide buttons."""
        if what == "vaststellen":
            return can(actor, ADOPT_ARRANGEMENT)
        return can(actor, DRAFT_ARRANGEMENT, ra.provincie if ra else actor.provincie)

    # -- drafting --------------------------------------------------------------------------------

    def create(
        self, actor: Actor, provincie: str, jaar: int, generatie: str = Generatie.JAARLIJKS
    ) -> RuimtelijkArrangement:
        """A new concept for a province and year.

        A yearly version starts as a copy of the province's newest adopted version (seed 002 §3.4:
        updated every year); the BOL decisions and open knots of the province's vraagstukken not yet
        in it are added as draft agreements and knots, with an undecided inclusion per vraagstuk.
        """
        problems = []
        if provincie not in self.province_names:
            problems.append(f"provincie '{provincie}' bestaat niet (CBS-code, bijvoorbeeld PV26)")
        if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
            problems.append(f"jaar {jaar} valt buiten {EERSTE_JAAR}–{LAATSTE_JAAR}")
        if generatie not in set(Generatie):
            problems.append(f"generatie '{generatie}' bestaat niet (wel: {', '.join(Generatie)})")
        if problems:
            raise InvalidInput("ruimtelijk arrangement: " + "; ".join(problems))
        require(actor, DRAFT_ARRANGEMENT, provincie)
        existing = self.repo.find(provincie, jaar)
        if existing is not None:
            raise StateConflict(
                f"provincie {provincie} heeft al een ruimtelijk arrangement voor {jaar} (nummer {existing.id})",
                current_version=existing.version,
            )
        adopted = [ra for ra in self.repo.list(provincie) if ra.status == Status.VASTGESTELD and ra.jaar < jaar]
        if generatie == Generatie.JAARLIJKS and adopted:
            draft = lifecycle.volgende_versie(max(adopted, key=lambda ra: ra.jaar), jaar)
        else:
            draft = RuimtelijkArrangement(provincie, jaar, generatie=str(generatie))
        if generatie == Generatie.JAARLIJKS:
            draft = self._with_decisions(actor, draft)
        new_id = self.repo.add(draft)
        created = self.repo.get(new_id)
        assert created is not None
        basis = f" (kopie van versie {draft.vorige_versie})" if draft.vorige_versie else ""
        self._record(actor, created, "aangemaakt", f"aangemaakt{basis}",
                     {"generatie": str(generatie), "vorige_versie": draft.vorige_versie})  # fmt: skip
        return created

    def _with_decisions(self, actor: Actor, draft: RuimtelijkArrangement) -> RuimtelijkArrangement:
        """Add the province's BOL decisions (as draft agreements) and knots not yet in the draft."""
        known = {a.bol_besluit_id for a in draft.afspraken if a.bol_besluit_id}
        afspraken = list(draft.afspraken)
        inclusies = {i.vraagstuk_id: i for i in draft.inclusies}
        for entry in self.meetings.afsprakenlijst(actor):
            if draft.provincie not in entry.provincies or entry.id in known:
                continue
            afspraken.append(
                Afspraak(
                    sleutel=self._next_key(draft, afspraken),
                    tekst=entry.tekst,
                    onderdeel=1,
                    partijen=("VRO", self.province_names.get(draft.provincie, draft.provincie)),
                    vraagstuk_id=entry.vraagstuk_id,
                    bol_besluit_id=entry.id,
                )
            )
            if entry.vraagstuk_id is not None and entry.vraagstuk_id not in inclusies:
                inclusies[entry.vraagstuk_id] = Inclusie(entry.vraagstuk_id)
        knots = list(draft.open_knopen)
        marked = {k.vraagstuk_id for k in knots}
        for v in self.vraagstukken.list(actor, VraagstukFilter(provincies=(draft.provincie,), fasen=(bob.KNELPUNT,))):
            if v.id not in marked:
                knots.append(OpenKnoop(v.titel, v.id))
        return replace(draft, afspraken=tuple(afspraken), inclusies=tuple(inclusies.values()), open_knopen=tuple(knots))

    @staticmethod
    def _next_key(ra: RuimtelijkArrangement, afspraken: Sequence[Afspraak] | None = None) -> str:
        taken = {a.sleutel for a in (ra.afspraken if afspraken is None else afspraken)}
        n = len(taken) + 1
        while f"{ra.provincie}-{ra.jaar}-{n}" in taken:
            n += 1
        return f"{ra.provincie}-{ra.jaar}-{n}"

    def set_onderdeel(
        self, actor: Actor, arrangement_id: int, nummer: int, toelichting: str, expected_version: int
    ) -> RuimtelijkArrangement:
        """Set the version's own text for one of the five parts (seed 003 §4.1)."""
        current = self._editable(actor, arrangement_id)
        if current.onderdeel(nummer) is None:
            raise InvalidInput(f"onderdeel {nummer} bestaat niet (kies 1 tot en met 5, seed 003 §4.1)")
        self._texts({"toelichting": toelichting})
        text = toelichting.strip()
        parts = tuple(replace(o, toelichting=text) if o.nummer == nummer else o for o in current.onderdelen)
        return self._save(actor, current, expected_version, {"onderdelen": parts}, "onderdeel",
                          f"onderdeel {nummer} gewijzigd", {"onderdeel": nummer})  # fmt: skip

    def add_afspraak(
        self, actor: Actor, arrangement_id: int, afspraak: Afspraak, expected_version: int
    ) -> tuple[RuimtelijkArrangement, Afspraak]:
        """Add an agreement (its key given by the platform when left empty); returns the version and the agreement."""
        current = self._editable(actor, arrangement_id)
        if len(current.afspraken) >= MAX_ITEMS:
            raise InvalidInput(f"een arrangement houdt hoogstens {MAX_ITEMS} afspraken")
        sleutel = afspraak.sleutel or self._next_key(current)
        if current.afspraak(sleutel) is not None:
            raise InvalidInput(f"afspraak '{sleutel}' staat al in dit arrangement")
        new = replace(afspraak, sleutel=sleutel, id=0)
        self._check_afspraak(actor, current, new)
        saved = self._save(actor, current, expected_version, {"afspraken": (*current.afspraken, new)}, "afspraak",
                           f"afspraak {sleutel} toegevoegd", {"afspraak": sleutel})  # fmt: skip
        stored = saved.afspraak(sleutel)
        assert stored is not None
        return saved, stored

    def update_afspraak(
        self, actor: Actor, arrangement_id: int, sleutel: str, afspraak: Afspraak, expected_version: int
    ) -> RuimtelijkArrangement:
        """Replace an agreement's fields (the key stays)."""
        current = self._editable(actor, arrangement_id)
        old = current.afspraak(sleutel)
        if old is None:
            raise NotFound(f"afspraak '{sleutel}' staat niet in ruimtelijk arrangement {arrangement_id}")
        provenance = afspraak.bol_besluit_id or old.bol_besluit_id  # where it comes from stays
        new = replace(afspraak, sleutel=sleutel, id=old.id, bol_besluit_id=provenance)
        self._check_afspraak(actor, current, new)
        items = tuple(new if a.sleutel == sleutel else a for a in current.afspraken)
        return self._save(actor, current, expected_version, {"afspraken": items}, "afspraak",
                          f"afspraak {sleutel} gewijzigd", {"afspraak": sleutel})  # fmt: skip

    def remove_afspraak(
        self, actor: Actor, arrangement_id: int, sleutel: str, expected_version: int
    ) -> RuimtelijkArrangement:
        """Drop an agreement from a concept (and the investments that served it keep their money, unlinked)."""
        current = self._editable(actor, arrangement_id)
        if current.afspraak(sleutel) is None:
            raise NotFound(f"afspraak '{sleutel}' staat niet in ruimtelijk arrangement {arrangement_id}")
        items = tuple(a for a in current.afspraken if a.sleutel != sleutel)
        money = tuple(replace(i, afspraak=None) if i.afspraak == sleutel else i for i in current.investeringen)
        return self._save(actor, current, expected_version, {"afspraken": items, "investeringen": money}, "afspraak",
                          f"afspraak {sleutel} verwijderd", {"afspraak": sleutel})  # fmt: skip

    def set_inclusie(
        self, actor: Actor, arrangement_id: int, inclusie: Inclusie, expected_version: int
    ) -> RuimtelijkArrangement:
        """Record the decision on the five inclusion criteria for one vraagstuk (seed 002 Bijlage 3 §4)."""
        current = self._editable(actor, arrangement_id)
        problems = inclusie_problemen(inclusie)
        problems += [p for c in inclusie.criteria for p in text_problems(f"criterium {c.nummer}", c.motivering,
                                                                             MAX_TEXT)]  # fmt: skip
        self._vraagstuk_of(actor, current, inclusie.vraagstuk_id, problems)
        if problems:
            raise InvalidInput(f"inclusie van vraagstuk {inclusie.vraagstuk_id}: " + "; ".join(problems))
        others = tuple(i for i in current.inclusies if i.vraagstuk_id != inclusie.vraagstuk_id)
        decided = Inclusie(inclusie.vraagstuk_id, tuple(replace(c, motivering=c.motivering.strip())
                                                        for c in inclusie.criteria))  # fmt: skip
        verdict = "opgenomen" if decided.opgenomen else "niet opgenomen"
        return self._save(actor, current, expected_version, {"inclusies": (*others, decided)}, "inclusie",
                          f"vraagstuk {inclusie.vraagstuk_id}: {verdict}",
                          {"vraagstuk": inclusie.vraagstuk_id, "opgenomen": decided.opgenomen})  # fmt: skip

    def add_investering(
        self, actor: Actor, arrangement_id: int, investering: Investeringsafspraak, expected_version: int
    ) -> RuimtelijkArrangement:
        """Add an investment agreement to part 5 (existing funds only, seed 003 §3)."""
        current = self._editable(actor, arrangement_id)
        if len(current.investeringen) >= MAX_ITEMS:
            raise InvalidInput(f"een arrangement houdt hoogstens {MAX_ITEMS} investeringsafspraken")
        taken = {i.sleutel for i in current.investeringen}
        n = len(taken) + 1
        while f"I{n}" in taken:
            n += 1
        sleutel = investering.sleutel or f"I{n}"
        if sleutel in taken:
            raise InvalidInput(f"investeringsafspraak '{sleutel}' staat al in dit arrangement")
        new = replace(investering, sleutel=sleutel, id=0)
        self._check_investering(new)
        return self._save(actor, current, expected_version, {"investeringen": (*current.investeringen, new)},
                          "investering", f"investeringsafspraak {sleutel}: {new.programma}, {new.fonds}",
                          {"investering": sleutel, "bedrag": str(new.bedrag), "fonds": new.fonds})  # fmt: skip

    def remove_investering(
        self, actor: Actor, arrangement_id: int, sleutel: str, expected_version: int
    ) -> RuimtelijkArrangement:
        """Drop an investment agreement from a concept."""
        current = self._editable(actor, arrangement_id)
        if sleutel not in {i.sleutel for i in current.investeringen}:
            raise NotFound(f"investeringsafspraak '{sleutel}' staat niet in ruimtelijk arrangement {arrangement_id}")
        items = tuple(i for i in current.investeringen if i.sleutel != sleutel)
        return self._save(actor, current, expected_version, {"investeringen": items}, "investering",
                          f"investeringsafspraak {sleutel} verwijderd", {"investering": sleutel})  # fmt: skip

    def set_knopen(
        self, actor: Actor, arrangement_id: int, knopen: Sequence[OpenKnoop], expected_version: int
    ) -> RuimtelijkArrangement:
        """The knots still open, marked in the RA (seed 002 §4.2 step 4)."""
        current = self._editable(actor, arrangement_id)
        problems: list[str] = []
        if len(knopen) > MAX_ITEMS:
            problems.append(f"hoogstens {MAX_ITEMS} knopen")
        for n, k in enumerate(knopen, start=1):
            if not k.omschrijving.strip():
                problems.append(f"knoop {n}: de omschrijving ontbreekt")
            problems += text_problems(f"knoop {n}", k.omschrijving, MAX_TEXT)
            if k.vraagstuk_id is not None:
                self._vraagstuk_of(actor, current, k.vraagstuk_id, problems)
        if problems:
            raise InvalidInput("open knopen: " + "; ".join(problems))
        cleaned = tuple(replace(k, omschrijving=k.omschrijving.strip()) for k in knopen)
        return self._save(actor, current, expected_version, {"open_knopen": cleaned}, "knopen",
                          f"{len(cleaned)} open knopen", {"knopen": len(cleaned)})  # fmt: skip

    def set_motivering(
        self, actor: Actor, arrangement_id: int, bevinding: str, tekst: str, expected_version: int
    ) -> RuimtelijkArrangement:
        """Record why an agreement goes to the BOL with a SMART finding open (empty text: withdraw it)."""
        current = self._editable(actor, arrangement_id)
        keys = {f.sleutel for f in smart_check(current, self.today())}
        if bevinding not in keys and bevinding not in current.motiveringen:
            raise InvalidInput(f"SMART-bevinding '{bevinding}' staat niet open in dit arrangement")
        self._texts({"motivering": tekst})
        reasons = {k: v for k, v in current.motiveringen.items() if k != bevinding}
        if tekst.strip():
            reasons[bevinding] = tekst.strip()
        return self._save(actor, current, expected_version, {"motiveringen": reasons}, "motivering",
                          f"motivering bij afspraak {bevinding.replace('/', ', bevinding ')}"
                          + ("" if tekst.strip() else " ingetrokken"),
                          {"bevinding": bevinding})  # fmt: skip

    def set_ondertekening(
        self, actor: Actor, arrangement_id: int, ondertekening: Ondertekening, expected_version: int
    ) -> RuimtelijkArrangement:
        """The signing of a first-generation RA: date and signatories (seed 003 §4.1)."""
        current = self._editable(actor, arrangement_id)
        if current.generatie != Generatie.EERSTE:
            raise InvalidInput("alleen een arrangement van de eerste generatie wordt ondertekend (seed 002 §3.4)")
        names = tuple(s.strip() for s in ondertekening.ondertekenaars if s.strip())
        if not names or any(text_problems("ondertekenaar", s, MAX_NAME) for s in names) or len(names) > 50:
            raise InvalidInput(
                "ondertekening: noem 1 tot 50 ondertekenaars (ambten), elk hoogstens 300 tekens zonder stuurtekens"
            )
        signed = Ondertekening(ondertekening.datum, names)
        return self._save(actor, current, expected_version, {"ondertekening": signed}, "ondertekening",
                          f"ondertekend op {signed.datum.isoformat()}", {"ondertekenaars": list(names)})  # fmt: skip

    # -- moves -----------------------------------------------------------------------------------

    def move(
        self,
        actor: Actor,
        arrangement_id: int,
        naar: str,
        reden: str | None = None,
        vergadering_id: int | None = None,
        expected_version: int | None = None,
    ) -> RuimtelijkArrangement:
        """Propose, take back, adopt (in which BOL: `vergadering_id`) or supersede a version (as read: `expected`)."""
        current = self.get(actor, arrangement_id)
        require(actor, DRAFT_ARRANGEMENT, current.provincie)  # rights first: no role learns which moves exist
        if expected_version is not None and expected_version != current.version:
            raise stale(f"ruimtelijk arrangement {arrangement_id}", current.version, expected_version)
        transition = self.flow.transition(current.status, naar)
        if transition is not None and not actor.system and actor.role not in transition.roles:
            raise Forbidden(f"de rol '{actor.role}' mag '{transition.name}' niet doen")
        item = current
        if naar == Status.VASTGESTELD and current.generatie == Generatie.JAARLIJKS:
            require(actor, ADOPT_ARRANGEMENT)
            item = replace(current, vastgesteld_in=self._bol_for(actor, current, vergadering_id))
        self._texts({"reden": reden})
        try:
            move(self.flow, item, naar, actor, reden, self.history, self.audit)
        except TransitionRefused as refused:
            possible = [m.transition.target for m in allowed_moves(self.flow, item, actor) if m.allowed]
            raise TransitionRefused(
                f"ruimtelijk arrangement {current.provincie} {current.jaar}",
                [*refused.reasons, f"nu mogelijk: {', '.join(possible) or 'geen'}"],
            ) from None
        moved = replace(item, status=naar)
        if not self.repo.save(moved, current.version):
            raise stale(f"ruimtelijk arrangement {arrangement_id}", current.version + 1, current.version)
        if naar == Status.VASTGESTELD and current.vorige_versie:
            self._supersede(actor, current.vorige_versie, arrangement_id)
        return self.get(actor, arrangement_id)

    def _bol_for(self, actor: Actor, ra: RuimtelijkArrangement, vergadering_id: int | None) -> Vaststelling:
        if vergadering_id is None:
            raise InvalidInput("vaststellen: kies het BOL waarin het arrangement is vastgesteld (seed 002 §3.4)")
        meeting = self.meetings.meeting(actor, vergadering_id)
        part = next((code for code, provs in self.landsdelen.items() if ra.provincie in provs), None)
        if meeting.soort != "bol" or meeting.landsdeel != part:
            raise InvalidInput(
                f"vaststellen: vergadering {vergadering_id} ({meeting.naam}) is niet het BOL van landsdeel "
                f"{part} waar provincie {ra.provincie} bij hoort"
            )
        if meeting.datum.year != ra.jaar:  # the version of a year is adopted in that year's BOL (seed 002 §3.4)
            raise InvalidInput(
                f"vaststellen: {meeting.naam} is van {meeting.datum.year}; het arrangement {ra.jaar} wordt vastgesteld "
                f"in het BOL van {ra.jaar}"
            )
        return Vaststelling(meeting.id, meeting.datum, meeting.naam)

    def _supersede(self, actor: Actor, previous_id: int, successor_id: int) -> None:
        """The previous adopted version is superseded by its successor's adoption (seed 002 §3.4)."""
        previous = self.repo.get(previous_id)
        if previous is None or previous.status != Status.VASTGESTELD:
            return
        linked = replace(previous, vervangen_door=successor_id)
        move(self.flow, linked, Status.VERVANGEN, actor, f"vervangen door versie {successor_id}", self.history,
             self.audit)  # fmt: skip
        if not self.repo.save(replace(linked, status=Status.VERVANGEN), previous.version):
            raise stale(f"ruimtelijk arrangement {previous_id}", previous.version + 1, previous.version)

    # -- helpers ---------------------------------------------------------------------------------

    def _readable(self, actor: Actor, ra: RuimtelijkArrangement) -> bool:
        if ra.status in PUBLIC:
            return can(actor, READ_ARRANGEMENTS, actor.provincie)
        return can(actor, READ_ARRANGEMENTS, ra.provincie)

    def _check_filter(self, provincie: str | None, status: str | None) -> None:
        problems = []
        if provincie is not None and provincie not in self.province_names:
            problems.append(f"provincie '{provincie}' bestaat niet")
        if status is not None and status not in set(Status):
            problems.append(f"status '{status}' bestaat niet (wel: {', '.join(Status)})")
        if problems:
            raise InvalidInput("filter: " + "; ".join(problems))

    def _editable(self, actor: Actor, arrangement_id: int) -> RuimtelijkArrangement:
        current = self.get(actor, arrangement_id)
        require(actor, DRAFT_ARRANGEMENT, current.provincie)
        lifecycle.controleer_bewerkbaar(current)
        return current

    def _vraagstuk_of(self, actor: Actor, ra: RuimtelijkArrangement, vraagstuk_id: int, problems: list[str]) -> None:
        """Add a problem unless `vraagstuk_id` is a vraagstuk of the RA's province."""
        try:
            v = self.vraagstukken.get(Actor.operator(), vraagstuk_id)
        except NotFound:
            problems.append(f"vraagstuk {vraagstuk_id} bestaat niet")
            return
        if ra.provincie not in v.provincies:
            problems.append(f"vraagstuk {vraagstuk_id} gaat niet over provincie {ra.provincie}")

    def _check_afspraak(self, actor: Actor, ra: RuimtelijkArrangement, a: Afspraak) -> None:
        """Texts within their limits, keys well-formed, and every link pointing at something of this province."""
        texts = {"tekst": a.tekst, "resultaat": a.resultaat, "indicator": a.indicator, "eenheid": a.eenheid,
                 "middelen": a.middelen, "capaciteit": a.capaciteit, "randvoorwaarden": a.randvoorwaarden}  # fmt: skip
        problems = [p for name, value in texts.items() for p in text_problems(name, value, MAX_TEXT)]
        problems += _key_problems("sleutel", a.sleutel)
        names = [("partij", p) for p in a.partijen] + [("eigenaar", e.naam) for e in a.eigenaren]
        names += [("acceptatie", x.partij) for x in a.acceptaties] + [("toelichting", x.toelichting)
                                                                      for x in a.acceptaties]  # fmt: skip
        names += [("mijlpaal", m.omschrijving) for m in a.mijlpalen]
        problems += [f"mijlpaal '{m.omschrijving[:60]}': de waarde is geen getal tussen -10^15 en 10^15"
                     for m in a.mijlpalen if m.waarde is not None and not abs(m.waarde) <= 1e15]  # fmt: skip
        problems += [p for name, value in names for p in text_problems(name, value, MAX_NAME)]
        if len(a.partijen) > 50 or len(a.eigenaren) > 50 or len(a.mijlpalen) > 100 or len(a.acceptaties) > 50:
            problems.append("te veel partijen, eigenaren, acceptaties of mijlpalen (50, 50, 50, 100)")
        if a.vraagstuk_id is not None:
            self._vraagstuk_of(actor, ra, a.vraagstuk_id, problems)
        goals, areas = self.catalogue_ids()
        problems += [f"doel '{g}' staat niet in de catalogus" for g in a.doelen if g not in goals]
        if a.novex_gebied is not None and a.novex_gebied not in areas:
            problems.append(f"NOVEX-gebied '{a.novex_gebied}' staat niet in de catalogus (seed 003 Bijlage I)")
        found = self.claim_provinces(a.claims) if a.claims else {}
        for claim in a.claims:
            if claim not in found:
                problems.append(f"claim {claim} bestaat niet")
            elif ra.provincie not in found[claim]:
                problems.append(f"claim {claim} ligt niet in provincie {ra.provincie}")
        if a.bol_besluit_id is not None:
            entries = {e.id: e for e in self.meetings.afsprakenlijst(Actor.operator())}
            entry = entries.get(a.bol_besluit_id)
            if entry is None or ra.provincie not in entry.provincies:
                problems.append(f"BOL-besluit {a.bol_besluit_id} staat niet op de BOL-afsprakenlijst van "
                                f"{ra.provincie}")  # fmt: skip
        if problems:
            raise InvalidInput(f"afspraak {a.sleutel}: " + "; ".join(problems))

    def _check_investering(self, i: Investeringsafspraak) -> None:
        """Key, texts and amount within what is stored exactly (programme, fund and sign: `validatie`)."""
        problems = _key_problems("sleutel", i.sleutel)
        problems += text_problems("programma", i.programma, MAX_NAME) + text_problems("fonds", i.fonds, 100)
        problems += text_problems("gelabeld_voor", i.gelabeld_voor, MAX_TEXT)
        problems += _key_problems("afspraak", i.afspraak) if i.afspraak else []
        amount = i.bedrag
        if amount.is_finite() and (abs(amount) >= MAX_AMOUNT or amount != amount.quantize(CENT)):
            problems.append(f"bedrag: hoogstens twee decimalen en kleiner dan {MAX_AMOUNT:,} euro".replace(",", "."))
        if problems:
            raise InvalidInput(f"investeringsafspraak {i.sleutel}: " + "; ".join(problems))

    @staticmethod
    def _texts(values: Mapping[str, str | None], limit: int = MAX_TEXT) -> None:
        problems = [p for name, value in values.items() for p in text_problems(name, value, limit)]
        if problems:
            raise InvalidInput("; ".join(problems))

    def _save(
        self,
        actor: Actor,
        current: RuimtelijkArrangement,
        expected: int,
        changes: Mapping[str, Any],
        soort: str,
        summary: str,
        details: Mapping[str, Any],
    ) -> RuimtelijkArrangement:
        """Apply `changes` to a concept, check its shape, store it compare-and-set, and record the event."""
        changed = lifecycle.bewerk(current, **changes)
        problems = arrangement_problemen(changed, self.fondsen)
        if problems:
            raise InvalidInput(f"ruimtelijk arrangement {current.provincie} {current.jaar}: " + "; ".join(problems))
        if current.version != expected or not self.repo.save(changed, expected):
            latest = self.repo.get(current.id)
            raise stale(f"ruimtelijk arrangement {current.id}", latest.version if latest else 0, expected)
        saved = self.repo.get(current.id)
        assert saved is not None
        self._record(actor, saved, soort, summary, details)
        return saved

    def _record(
        self, actor: Actor, ra: RuimtelijkArrangement, soort: str, summary: str, details: Mapping[str, Any]
    ) -> None:
        self.audit.record(
            [
                event(
                    actor,
                    f"{OBJECT}.{soort}",
                    (OBJECT, ra.id),
                    f"ruimtelijk arrangement {ra.provincie} {ra.jaar}: {summary}",
                    provincie=ra.provincie,
                    details=dict(details),
                )
            ]
        )


def _key_problems(name: str, key: str | None) -> list[str]:
    """A key the platform can store and put in a path: see `KEY` (an empty key is given by the platform)."""
    if not key or KEY.fullmatch(key):
        return []
    return [f"{name}: '{key[:60]}' is geen geldige sleutel (letters, cijfers, '.', '_' of '-', hoogstens 60 tekens)"]
