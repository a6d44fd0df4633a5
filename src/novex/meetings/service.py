"""Use cases of the meeting cycle, the fast procedure and the werkplaatsen (seed 002 §4.1–4.3, seed 001).

Outcomes of the formal tables move the vraagstukken through `VraagstukService.record_decision`,
so the dialogue's rules (DO NOVEX first; no consensus names the differences and escalates to the
GP-DG; the BOL's choice settles) hold however an outcome is entered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from novex.access import READ, Actor, Role, require
from novex.audit import AuditLog, event
from novex.dialogue.actions import HANDLE
from novex.dialogue.model import Tafel, Tafelbesluit, Vraagstuk, VraagstukFilter
from novex.dialogue.service import VraagstukService
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, TransitionRefused, stale, text_problems
from novex.flow import FlowHistory, FlowStep, MoveOption, allowed_moves, move
from novex.meetings.actions import MANAGE_MEETINGS
from novex.meetings.agenda import (
    SOORTEN_PUNT,
    Agendapunt,
    AgendaVoorstel,
    BolAfspraak,
    Uitkomst,
    Vergadering,
    draft_agenda,
)
from novex.meetings.planner import GeplandOverleg, plan_year
from novex.meetings.ports import MeetingRepository
from novex.meetings.sessies import Sessie, session_problems
from novex.meetings.snelle_procedure import (
    LIJNEN,
    SNELLE_PROCEDURE,
    Expert,
    Selectie,
    Signaal,
    SnelleProcedure,
    TafelNotitie,
    Terugkoppeling,
    note_problems,
    participant_problems,
    selection_problems,
    signal_problems,
)
from novex.meetings.werkplaatsen import Werkplaats, werkplaatsen
from novex.nl import MAX_INT

FORMAL = (Tafel.DO_NOVEX, Tafel.GP_DG, Tafel.BOL)
STEP_OF = {"signaal": "signalering", "selectie": "snelle-selectie", "tafel": "snelle-tafel",
           "terugkoppeling": "terugkoppeling"}  # fmt: skip
"""The step of the fast procedure each product belongs to (seed 002 §4.2)."""
MAX_TEXT = 10_000
MAX_SUBJECT = 300
"""An agenda item's title (agendapunten.onderwerp is VARCHAR(300))."""
MAX_REASON = 5_000
"""The reason given with a step of the fast procedure."""
Fits = Callable[[SnelleProcedure, Vraagstuk, Sequence[Expert]], None]
"""A page-limit check of a product's document (supplied by the edge from `novex.documents`)."""
RodeDradenFits = Callable[[Vergadering, Sequence[Agendapunt]], None]
"""A page-limit check of a DO NOVEX's rode-draden notitie: its text and the agenda's outcomes, as they would be
stored (supplied by the edge from `novex.documents`); raises `InvalidInput` naming the section to shorten."""


class MeetingService:
    """The meeting cycle's use cases, bound to one unit of work."""

    def __init__(
        self,
        repo: MeetingRepository,
        vraagstukken: VraagstukService,
        history: FlowHistory,
        audit: AuditLog,
        landsdelen: Mapping[str, Sequence[str]],
        province_names: Mapping[str, str],
    ) -> None:
        self.repo = repo
        self.vraagstukken = vraagstukken
        self.history = history
        self.audit = audit
        self.landsdelen = {k: tuple(v) for k, v in landsdelen.items()}
        self.province_names = dict(province_names)

    # -- the year's calendar ----------------------------------------------------------------

    def plan(self, actor: Actor, jaar: int, bol_dates: Mapping[str, date] | None = None) -> tuple[GeplandOverleg, ...]:
        """The year's calendar planned back from each landsdeel's BOL (not stored)."""
        require(actor, READ)
        return plan_year(jaar, bol_dates=bol_dates)

    def schedule(self, actor: Actor, jaar: int, bol_dates: Mapping[str, date] | None = None) -> list[Vergadering]:
        """Store the year's DO NOVEX, GP-DG and BOL meetings from the plan (once per year)."""
        require(actor, MANAGE_MEETINGS)
        planned = [p for p in plan_year(jaar, bol_dates=bol_dates) if p.soort in FORMAL]
        existing = self.repo.meetings(jaar)
        if existing:
            raise StateConflict(f"de vergaderingen van {jaar} zijn al gepland ({len(existing)}); wijzig ze per stuk")
        for p in planned:
            self.repo.add_meeting(Vergadering(0, p.soort, p.datum, p.naam, p.provincie, p.landsdeel))
        self.audit.record(
            [
                event(
                    actor,
                    "vergadering.gepland",
                    ("vergaderjaar", jaar),
                    f"vergaderingen {jaar} gepland: {len(planned)}",
                    details={"aantal": len(planned)},
                )
            ]
        )
        return self.repo.meetings(jaar)

    def meetings(self, actor: Actor, jaar: int | None = None) -> list[Vergadering]:
        """The stored meetings (of one year), by date."""
        require(actor, READ)
        return self.repo.meetings(jaar)

    def meeting(self, actor: Actor, vergadering_id: int) -> Vergadering:
        """One meeting."""
        require(actor, READ)
        found = self.repo.meeting(vergadering_id)
        if found is None:
            raise NotFound(f"vergadering {vergadering_id} bestaat niet")
        return found

    def provinces_of(self, meeting: Vergadering) -> tuple[str, ...]:
        """The provinces a meeting is about: its own, or those of its landsdeel."""
        if meeting.provincie:
            return (meeting.provincie,)
        return self.landsdelen.get(meeting.landsdeel or "", ())

    # -- agendas and outcomes ---------------------------------------------------------------

    def agenda(self, actor: Actor, vergadering_id: int) -> list[Agendapunt]:
        """The agenda items the actor may read (a province's planner: those of its own vraagstukken)."""
        meeting = self.meeting(actor, vergadering_id)
        items = self.repo.agenda(meeting.id)
        if actor.role is not Role.PROVINCIE or actor.system:
            return items
        mine = {v.id for v in self.vraagstukken.list(actor, VraagstukFilter())}
        return [i for i in items if i.vraagstuk_id is None or i.vraagstuk_id in mine]

    def draft(self, actor: Actor, vergadering_id: int) -> list[AgendaVoorstel]:
        """The vraagstukken ready for this table, as a proposed agenda (VRO)."""
        require(actor, MANAGE_MEETINGS)
        meeting = self.meeting(actor, vergadering_id)
        scope = self.provinces_of(meeting)
        ready = [v for v in self.vraagstukken.list(actor, VraagstukFilter(provincies=scope))]
        return draft_agenda(meeting, ready, scope)

    def set_agenda(
        self,
        actor: Actor,
        vergadering_id: int,
        items: Sequence[AgendaVoorstel | tuple[str, str]],
        expected_version: int,
    ) -> list[Agendapunt]:
        """Fix the agenda: vraagstukken (as proposed, or chosen) and free subjects ("onderwerp", "reden")."""
        require(actor, MANAGE_MEETINGS)
        meeting = self.meeting(actor, vergadering_id)
        if any(i.uitkomst for i in self.repo.agenda(meeting.id)):
            raise StateConflict(f"{meeting.naam}: er zijn al uitkomsten vastgelegd; de agenda ligt vast")
        stored = []
        problems: list[str] = []
        placed: dict[int, int] = {}  # vraagstuk id -> the item that has it
        for k, item in enumerate(items, start=1):
            if isinstance(item, AgendaVoorstel):
                v = self._vraagstuk(actor, item.vraagstuk_id, problems, k)
                if item.vraagstuk_id in placed:
                    first = placed[item.vraagstuk_id]
                    problems.append(f"punt {k}: vraagstuk {item.vraagstuk_id} staat al op de agenda als punt {first}")
                placed.setdefault(item.vraagstuk_id, k)
                if v is not None and not set(v.provincies) & set(self.provinces_of(meeting)):
                    problems.append(f"punt {k}: vraagstuk {v.id} gaat niet over {meeting.naam}")
                if item.soort not in SOORTEN_PUNT:
                    problems.append(f"punt {k}: soort '{item.soort}' bestaat niet (wel: {', '.join(SOORTEN_PUNT)})")
                problems += [f"punt {k}: {p}" for p in text_problems("reden", item.reden, MAX_TEXT)]
                # the item carries the vraagstuk's own title (whatever title the caller sent along)
                title = v.titel if v is not None else item.titel
                stored.append(Agendapunt(0, meeting.id, k, title, item.soort, item.reden, item.vraagstuk_id))
            else:
                subject, reason = item
                if not subject.strip() or len(subject) > MAX_SUBJECT:
                    problems.append(f"punt {k}: een onderwerp heeft 1 tot {MAX_SUBJECT} tekens")
                else:
                    problems += [f"punt {k}: {p}" for p in text_problems("onderwerp", subject, MAX_SUBJECT)]
                problems += [f"punt {k}: {p}" for p in text_problems("reden", reason, MAX_TEXT)]
                stored.append(Agendapunt(0, meeting.id, k, subject.strip(), "onderwerp", reason))
        if problems:
            raise InvalidInput(f"agenda van {meeting.naam}: " + "; ".join(problems))
        self._bump(meeting, expected_version)
        self.repo.replace_agenda(meeting.id, stored)
        self.audit.record(
            [
                event(
                    actor,
                    "vergadering.agenda",
                    ("vergadering", meeting.id),
                    f"{meeting.naam}: agenda vastgesteld ({len(stored)} punten)",
                    provincie=meeting.provincie,
                )
            ]
        )
        return self.repo.agenda(meeting.id)

    def _vraagstuk(self, actor: Actor, vraagstuk_id: int, problems: list[str], k: int) -> Vraagstuk | None:
        try:
            if not 0 < vraagstuk_id <= MAX_INT:  # no number a vraagstuk can have (nor one a column holds)
                raise NotFound(f"vraagstuk {vraagstuk_id} bestaat niet")
            return self.vraagstukken.get(actor, vraagstuk_id)
        except NotFound:
            problems.append(f"punt {k}: vraagstuk {vraagstuk_id} bestaat niet")
            return None

    def record_outcome(
        self,
        actor: Actor,
        vergadering_id: int,
        punt_id: int,
        uitkomst: Uitkomst,
        fits: RodeDradenFits | None = None,
    ) -> Agendapunt:
        """Record what the table concluded on an item; on a vraagstuk in besluitvorming this moves it.

        DO NOVEX without consensus: the differences of view are required and the vraagstuk goes to
        the GP-DG table; a BOL outcome becomes an entry of the BOL-afsprakenlijst. A DO NOVEX's outcomes
        are part of its two-page rode-draden notitie and cannot be changed once recorded: `fits` checks
        the notitie with this outcome before it is stored.
        """
        require(actor, MANAGE_MEETINGS)
        meeting = self.meeting(actor, vergadering_id)
        item = next((i for i in self.repo.agenda(meeting.id) if i.id == punt_id), None)
        if item is None:
            raise NotFound(f"agendapunt {punt_id} staat niet op de agenda van {meeting.naam}")
        if item.uitkomst is not None:
            raise StateConflict(f"agendapunt {punt_id}: de uitkomst is al vastgelegd")
        problems = []
        if not uitkomst.tekst.strip() or len(uitkomst.tekst) > MAX_TEXT:
            problems.append(f"de uitkomst heeft 1 tot {MAX_TEXT} tekens")
        else:
            problems += text_problems("tekst", uitkomst.tekst, MAX_TEXT)
        problems += text_problems("verschillen", uitkomst.verschillen, MAX_TEXT)
        if meeting.soort == Tafel.DO_NOVEX and item.soort == "besluitvorming" and uitkomst.consensus is None:
            problems.append("DO NOVEX: geef aan of er consensus was")
        if uitkomst.consensus is False and not (uitkomst.verschillen or "").strip():
            problems.append("zonder consensus worden de verschillen van inzicht concreet beschreven (seed 002 §4.1)")
        if problems:
            raise InvalidInput(f"uitkomst van agendapunt {punt_id}: " + "; ".join(problems))
        stored = replace(uitkomst, tekst=uitkomst.tekst.strip(), vastgelegd_door=actor.email)
        if fits is not None and meeting.soort == Tafel.DO_NOVEX:
            fits(meeting, [replace(i, uitkomst=stored) if i.id == item.id else i for i in self.repo.agenda(meeting.id)])
        if item.vraagstuk_id is not None and item.soort in ("besluitvorming", "escalatie", "advies"):
            v = self.vraagstukken.get(actor, item.vraagstuk_id)
            decision = Tafelbesluit(meeting.soort, meeting.datum, stored.tekst, stored.consensus, stored.verschillen)
            self.vraagstukken.record_decision(actor, v.id, decision, v.version)
            if meeting.soort == Tafel.BOL:
                self.repo.add_afspraak(
                    BolAfspraak(
                        0,
                        meeting.id,
                        meeting.datum,
                        meeting.landsdeel,
                        v.provincies,
                        v.id,
                        v.titel,
                        stored.tekst,
                        actor.email,
                    )
                )
        self.repo.set_outcome(item.id, stored)
        self.audit.record(
            [
                event(
                    actor,
                    "vergadering.uitkomst",
                    ("vergadering", meeting.id),
                    f"{meeting.naam}: uitkomst van punt {item.volgorde} ({item.onderwerp})",
                    provincie=meeting.provincie,
                    details={"punt": item.id, "vraagstuk": item.vraagstuk_id, "consensus": stored.consensus},
                )
            ]
        )
        return next(i for i in self.repo.agenda(meeting.id) if i.id == punt_id)

    def set_rode_draden(
        self,
        actor: Actor,
        vergadering_id: int,
        tekst: str,
        expected_version: int,
        fits: RodeDradenFits | None = None,
    ) -> Vergadering:
        """The DO NOVEX's rode-draden notitie (seed 002 §4.1 stap 2); over its two pages (via `fits`): refused."""
        require(actor, MANAGE_MEETINGS)
        meeting = self.meeting(actor, vergadering_id)
        if meeting.soort != Tafel.DO_NOVEX:
            raise InvalidInput(f"{meeting.naam}: een rode-draden notitie hoort bij het DO NOVEX (seed 002 §4.1 stap 2)")
        if not tekst.strip() or len(tekst) > MAX_TEXT:
            raise InvalidInput(f"rode draden: 1 tot {MAX_TEXT} tekens")
        problems = text_problems("tekst", tekst, MAX_TEXT)
        if problems:
            raise InvalidInput("rode draden: " + "; ".join(problems))
        if fits is not None:
            fits(replace(meeting, rode_draden=tekst.strip()), self.repo.agenda(meeting.id))
        self._bump(meeting, expected_version, rode_draden=tekst.strip())
        self.audit.record(
            [
                event(
                    actor,
                    "vergadering.rode-draden",
                    ("vergadering", meeting.id),
                    f"{meeting.naam}: rode-draden notitie vastgelegd",
                    provincie=meeting.provincie,
                )
            ]
        )
        return self.meeting(actor, meeting.id)

    def afsprakenlijst(
        self, actor: Actor, jaar: int | None = None, vergadering_id: int | None = None
    ) -> list[BolAfspraak]:
        """The BOL-afsprakenlijst (of a year, or of one BOL); a province's planner: the afspraken about its province.

        Filtered like the agenda: an afspraak on a vraagstuk of other provinces is not the planner's to read.
        """
        require(actor, READ)
        found = self.repo.afspraken(jaar, vergadering_id)
        if actor.role is not Role.PROVINCIE or actor.system:
            return found
        return [a for a in found if actor.provincie in a.provincies]

    def _bump(self, meeting: Vergadering, expected_version: int, **values: Any) -> None:
        if not self.repo.update_meeting(meeting.id, expected_version, **values):
            current = self.repo.meeting(meeting.id)
            raise stale(meeting.naam, current.version if current else 0, expected_version)

    # -- the fast procedure -----------------------------------------------------------------

    def procedure(self, actor: Actor, vraagstuk_id: int) -> SnelleProcedure | None:
        """The fast procedure of a vraagstuk (None: not started)."""
        v = self.vraagstukken.get(actor, vraagstuk_id)
        found = self.repo.procedure(v.id)
        return replace(found, provincie=v.provincie) if found else None

    def start_procedure(self, actor: Actor, vraagstuk_id: int) -> SnelleProcedure:
        """Start the fast procedure (§4.2); a linked conflict pre-fills what clashes and where."""
        v = self.vraagstukken.get(actor, vraagstuk_id)
        require(actor, HANDLE)
        if self.repo.procedure(v.id) is not None:
            raise StateConflict(f"vraagstuk {v.id}: de snelle procedure loopt al")
        claims = self.vraagstukken.linked_claims(v)
        clash = "; ".join(f"{c.naam} ({c.domein})" for c in claims[:6])
        where = ", ".join(self.province_names.get(p, p) for p in v.provincies)
        signal = Signaal(botsend=False, motivering="", wat_botst=clash, waar=where, waarom_urgent="")
        self.repo.add_procedure(SnelleProcedure(v.id, signaal=signal))
        self.audit.record(
            [
                event(
                    actor,
                    "vraagstuk.snelle-procedure",
                    ("vraagstuk", v.id),
                    f"vraagstuk {v.id}: snelle procedure gestart",
                    provincie=v.provincie,
                )
            ]
        )
        started = self.procedure(actor, v.id)
        assert started is not None
        return started

    def save_product(
        self,
        actor: Actor,
        vraagstuk_id: int,
        product: Signaal | Selectie | TafelNotitie | Terugkoppeling,
        expected_version: int,
        fits: Fits | None = None,
    ) -> SnelleProcedure:
        """Record a product of the current step; refused with every problem (and over its page limit via `fits`)."""
        current = self._procedure(actor, vraagstuk_id)
        require(actor, HANDLE)
        if isinstance(product, Selectie | TafelNotitie):  # each expert once, in the order chosen
            product = replace(product, experts=_unique(product.experts))
        name, problems = _product(product)
        if STEP_OF[name] != current.fase:
            raise StateConflict(
                f"snelle procedure van vraagstuk {vraagstuk_id} staat bij '{current.fase}': "
                f"'{name}' hoort bij de stap '{STEP_OF[name]}'"
            )
        if name == "selectie":
            known = {e.id for e in self.repo.experts()}
            problems += [
                f"expert {e} staat niet in het register van experts" for e in product.experts if e not in known
            ]
        if name == "tafel":
            problems += participant_problems(product) + self._table_people(product)
        problems += _texts(product)
        if problems:
            raise InvalidInput(f"snelle procedure van vraagstuk {vraagstuk_id} ({name}): " + "; ".join(problems))
        if fits is not None:
            fits(replace(current, **{name: product}), self.vraagstukken.get(actor, vraagstuk_id), self.repo.experts())
        if not self.repo.update_procedure(current.vraagstuk_id, expected_version, **{name: product}):
            raise stale(f"snelle procedure van vraagstuk {vraagstuk_id}", current.version, expected_version)
        if isinstance(product, Terugkoppeling) and product.lijn in set(Tafel):  # that table's draft agenda picks it up
            via = " via de Regietafel NOVEX" if product.via_regietafel else ""
            reden = f"terugkoppeling van de snelle procedure{via}"
            self.vraagstukken.set_next_table(actor, vraagstuk_id, product.lijn, reden)
        self.audit.record(
            [
                event(
                    actor,
                    f"vraagstuk.snelle-procedure.{name}",
                    ("vraagstuk", vraagstuk_id),
                    f"vraagstuk {vraagstuk_id}: {name} vastgelegd",
                    provincie=current.provincie,
                )
            ]
        )
        return self._procedure(actor, vraagstuk_id)

    def _table_people(self, note: TafelNotitie) -> list[str]:
        experts = {e.id: e for e in self.repo.experts()}
        problems = [f"expert {e} staat niet in het register van experts" for e in note.experts if e not in experts]
        advisers = [e for e in note.experts if e in experts and experts[e].nota_ruimte_adviseur]
        if len(advisers) + (1 if note.nota_ruimte_adviseur else 0) > 1:
            problems.append("aan een snelle tafel zit hoogstens één adviseur over de Nota Ruimte (seed 002 §4.2)")
        return problems

    def move_procedure(self, actor: Actor, vraagstuk_id: int, naar: str, reden: str | None = None) -> SnelleProcedure:
        """Go to the next step of the fast procedure (the flow says what may)."""
        current = self._procedure(actor, vraagstuk_id)
        require(actor, HANDLE)  # every step is the accounthouder's (VRO): no other role learns which steps exist
        transition = SNELLE_PROCEDURE.transition(current.fase, naar)
        if transition is not None and not actor.system and actor.role not in transition.roles:
            raise Forbidden(f"de rol '{actor.role}' mag '{transition.name}' niet doen")
        problems = text_problems("reden", reden, MAX_REASON)
        if problems:
            raise InvalidInput(f"stap van de snelle procedure van vraagstuk {vraagstuk_id}: " + "; ".join(problems))
        try:
            move(SNELLE_PROCEDURE, current, naar, actor, reden, self.history, self.audit)
        except TransitionRefused as refused:
            possible = [m.transition.target for m in allowed_moves(SNELLE_PROCEDURE, current, actor) if m.allowed]
            raise TransitionRefused(
                f"snelle procedure van vraagstuk {vraagstuk_id}",
                [*refused.reasons, f"nu mogelijk: {', '.join(possible) or 'geen'}"],
            ) from None
        if not self.repo.update_procedure(current.vraagstuk_id, current.version, fase=naar):
            raise stale(f"snelle procedure van vraagstuk {vraagstuk_id}", current.version + 1, current.version)
        return self._procedure(actor, vraagstuk_id)

    def procedure_moves(self, actor: Actor, vraagstuk_id: int) -> list[MoveOption]:
        """The steps out of the current one, each with why the actor may not take it now."""
        return allowed_moves(SNELLE_PROCEDURE, self._procedure(actor, vraagstuk_id), actor)

    def procedure_history(self, actor: Actor, vraagstuk_id: int) -> list[FlowStep]:
        """Every step taken, oldest first."""
        self._procedure(actor, vraagstuk_id)
        return self.history.history(SNELLE_PROCEDURE.name, vraagstuk_id)

    def _procedure(self, actor: Actor, vraagstuk_id: int) -> SnelleProcedure:
        found = self.procedure(actor, vraagstuk_id)
        if found is None:
            raise NotFound(f"vraagstuk {vraagstuk_id}: de snelle procedure is niet gestart")
        return found

    # -- experts and werkplaatsen -----------------------------------------------------------

    def experts(self, actor: Actor) -> list[Expert]:
        """The directory of experts per domain and ministry."""
        require(actor, READ)
        return self.repo.experts()

    def add_expert(self, actor: Actor, expert: Expert) -> Expert:
        """Add a person to the directory (VRO)."""
        require(actor, MANAGE_MEETINGS)
        problems = []
        for n in ("naam", "departement"):  # experts.naam and experts.departement are VARCHAR(200)
            value = getattr(expert, n)
            problems += [f"{n}: 1 tot 200 tekens"] if not value.strip() else text_problems(n, value, 200)
        known = self.vraagstukken.cat.domein_slugs()
        problems += [f"domeinen: onbekend domein '{d}'" for d in expert.domeinen if d not in known]
        if expert.email is not None and ("@" not in expert.email or text_problems("email", expert.email, 254)):
            problems.append("email: geen geldig e-mailadres")
        if problems:
            raise InvalidInput("expert: " + "; ".join(problems))
        expert = replace(expert, naam=expert.naam.strip(), departement=expert.departement.strip(),
                         domeinen=_unique(expert.domeinen))  # fmt: skip
        same = next((e for e in self.repo.experts() if _same(e.naam, expert.naam)
                     and _same(e.departement, expert.departement)), None)  # fmt: skip
        if same is not None:  # a double submission, or the same person twice
            raise StateConflict(f"expert {same.naam} ({same.departement}) bestaat al (nummer {same.id})")
        new_id = self.repo.add_expert(expert)
        self.audit.record([event(actor, "vergadering.expert", ("expert", new_id), f"expert {expert.naam} toegevoegd")])
        return next(e for e in self.repo.experts() if e.id == new_id)

    def werkplaatsen(self, actor: Actor) -> tuple[tuple[Werkplaats, ...], list[Sessie]]:
        """Seed 001's werkplaatsen (historical records) and the sessions recorded here."""
        require(actor, READ)
        return werkplaatsen(), self.repo.sessions()

    def session(self, actor: Actor, sessie_id: int) -> Sessie:
        """One session of ontwerpend onderzoek."""
        require(actor, READ)
        found = next((s for s in self.repo.sessions() if s.id == sessie_id), None)
        if found is None:
            raise NotFound(f"sessie {sessie_id} bestaat niet")
        return found

    def add_session(self, actor: Actor, sessie: Sessie) -> Sessie:
        """Record a session of ontwerpend onderzoek, linked to vraagstukken as input to beeldvorming (VRO)."""
        require(actor, MANAGE_MEETINGS)
        sessie = replace(sessie, velden=_unique(sessie.velden), vraagstukken=_unique(sessie.vraagstukken))
        problems = session_problems(sessie)
        for vid in sessie.vraagstukken:
            try:
                if not 0 < vid <= MAX_INT:
                    raise NotFound(f"vraagstuk {vid} bestaat niet")
                self.vraagstukken.get(actor, vid)
            except NotFound:
                problems.append(f"vraagstukken: vraagstuk {vid} bestaat niet")
        if problems:
            raise InvalidInput("sessie: " + "; ".join(problems))
        same = next((s for s in self.repo.sessions() if s.soort == sessie.soort and s.datum == sessie.datum
                     and _same(s.titel, sessie.titel)), None)  # fmt: skip
        if same is not None:  # a double submission
            raise StateConflict(f"sessie: de {same.soort} '{same.titel}' van {same.datum.isoformat()} bestaat al "
                                f"(nummer {same.id})")  # fmt: skip
        new_id = self.repo.add_session(sessie)
        self.audit.record(
            [
                event(
                    actor,
                    "vergadering.sessie",
                    ("sessie", new_id),
                    f"{sessie.soort} '{sessie.titel}' vastgelegd",
                    details={"vraagstukken": list(sessie.vraagstukken)},
                )
            ]
        )
        return next(s for s in self.repo.sessions() if s.id == new_id)


def _product(product: object) -> tuple[str, list[str]]:
    if isinstance(product, Signaal):
        return "signaal", signal_problems(product)
    if isinstance(product, Selectie):
        return "selectie", selection_problems(product)
    if isinstance(product, TafelNotitie):
        return "tafel", note_problems(product)
    if isinstance(product, Terugkoppeling):
        problems = [] if product.lijn in LIJNEN else [f"lijn: kies uit {', '.join(LIJNEN)}"]
        return "terugkoppeling", problems + ([] if product.uitkomst.strip() else ["uitkomst: verplicht"])
    raise TypeError(type(product).__name__)


def _unique(items: Sequence[Any]) -> tuple[Any, ...]:
    """Each item once, in its first place."""
    return tuple(dict.fromkeys(items))


def _same(a: str, b: str) -> bool:
    """Whether two names are the same but for case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _texts(product: object) -> list[str]:
    """Texts over the length limit or with a NUL or control character, named by field."""
    from dataclasses import fields, is_dataclass

    problems = []
    todo: list[tuple[str, object]] = [("", product)]
    while todo:
        prefix, value = todo.pop()
        if is_dataclass(value) and not isinstance(value, type):
            todo += [(f"{prefix}{f.name}.", getattr(value, f.name)) for f in fields(value)]
        elif isinstance(value, tuple | list):
            todo += [(f"{prefix}{k + 1}.", item) for k, item in enumerate(value)]
        elif isinstance(value, dict):
            todo += [(f"{prefix}{k}.", item) for k, item in value.items()]
        elif isinstance(value, str):
            problems += text_problems(prefix.rstrip("."), value, MAX_TEXT)
    return problems


__all__ = ["MeetingService"]
