"""Use cases of the vraagstukken dialogue (seed 002): signal, triage, lead party, approach, decisions, moves.

Every use case starts with the access check and records its audit event in the caller's unit
of work; changes are compare-and-set on the vraagstuk's version (optimistic locking, as claims).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from novex.access import Actor, Role, can, require
from novex.audit import AuditLog, event
from novex.catalog.loader import Catalogus
from novex.dialogue import bob
from novex.dialogue.actions import CONTRIBUTE, DECIDE, HANDLE, READ_VRAAGSTUKKEN, SIGNAL
from novex.dialogue.model import (
    AANPAK_VELDEN,
    CRITERIA,
    DECISION_TABLES,
    Aard,
    Bijdrage,
    Criterium,
    Herkomst,
    Leidend,
    Prioriteit,
    Tafel,
    Tafelbesluit,
    Triage,
    Vraagstuk,
    VraagstukDraft,
    VraagstukFilter,
    VraagstukKaart,
)
from novex.dialogue.open_registers import Register, register_for
from novex.dialogue.ports import RegisterRepository, UserDirectory, VraagstukRepository
from novex.dialogue.triage import CONFLICT_ID, LinkedClaim, conflict_claims, decision_problems, merged, suggest
from novex.dialogue.vuistregel import LeadSuggestion, suggest_lead
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, TransitionRefused, stale
from novex.errors import text_problems as _length
from novex.flow import FlowHistory, FlowStep, MoveOption, allowed_moves, move
from novex.nl import format_fixed

TEXT_LIMITS = {"titel": 200, "beschrijving": 10_000, "planning": 2_000, "inkadering": 5_000, "tekst": 10_000}
MAX_LINKS = 200
MAX_ID = 2_147_483_647
OBJECT = "vraagstuk"

ClaimLookup = Callable[[Sequence[int]], list[LinkedClaim]]
Memo = Callable[[tuple[Any, ...], Callable[[], Any]], Any]
"""`memo(key, compute)`: the result for `key` (which the caller extends with the data revision), computed once."""
ConflictLookup = Callable[[Actor, str], Any]


@dataclass(frozen=True)
class Prefill:
    """A draft vraagstuk pre-filled from a conflict found by the analysis (an input, not a signal)."""

    draft: VraagstukDraft
    conflict: Any
    severity_formula: str


class VraagstukService:
    """The dialogue's use cases, bound to one unit of work."""

    def __init__(
        self,
        repo: VraagstukRepository,
        history: FlowHistory,
        audit: AuditLog,
        cat: Catalogus,
        province_codes: Mapping[str, str],
        claims: ClaimLookup,
        users: UserDirectory,
        registers: RegisterRepository,
        conflicts: ConflictLookup | None = None,
        severity_formula: str = "",
        memo: Memo | None = None,
    ) -> None:
        self.repo = repo
        self.history = history
        self.audit = audit
        self.cat = cat
        self.province_names = dict(province_codes)
        self.claim_lookup = claims
        self.users = users
        self.register_repo = registers
        self.conflict_lookup = conflicts
        self.severity_formula = severity_formula
        self.memo = memo

    # -- reading ---------------------------------------------------------------------------

    def get(self, actor: Actor, vraagstuk_id: int) -> Vraagstuk:
        """One vraagstuk; a province's planner reads those of (or crossing into) its own province."""
        found = self.repo.get(vraagstuk_id)
        if found is None:
            raise NotFound(f"vraagstuk {vraagstuk_id} bestaat niet")
        require(actor, READ_VRAAGSTUKKEN, _province_for(actor, found.provincies))
        return found

    def list(
        self, actor: Actor, where: VraagstukFilter | None = None, offset: int = 0, limit: int | None = None
    ) -> list[Vraagstuk]:
        """Matching vraagstukken, newest first (a province's planner sees its own province's)."""
        return self.repo.list(self._visible(actor, where or VraagstukFilter()), offset, limit)

    def page(self, actor: Actor, where: VraagstukFilter, page: int, size: int) -> tuple[list[Vraagstuk], int]:
        """One page (1-based) and the total count."""
        visible = self._visible(actor, where)

        def read() -> tuple[list[Vraagstuk], int]:
            return self.repo.list(visible, (page - 1) * size, size), self.repo.count(visible)

        return self.memo(("pagina", visible, page, size), read) if self.memo else read()

    def board(self, actor: Actor, where: VraagstukFilter | None = None) -> dict[str, list[VraagstukKaart]]:
        """The vraagstukken as cards per BOB phase, in phase order (every phase present, maybe empty)."""
        visible = self._visible(actor, where or VraagstukFilter())

        def read() -> dict[str, list[VraagstukKaart]]:
            columns: dict[str, list[VraagstukKaart]] = {fase: [] for fase in bob.FASEN}
            for card in self.repo.cards(visible):
                columns[card.fase].append(card)
            return columns

        return self.memo(("bord", visible), read) if self.memo else read()

    def _visible(self, actor: Actor, where: VraagstukFilter) -> VraagstukFilter:
        self._check_filter(where)
        if actor.role is Role.PROVINCIE and not actor.system:
            asked = set(where.provincies)
            if asked - {actor.provincie}:
                require(actor, READ_VRAAGSTUKKEN, sorted(asked - {actor.provincie})[0])
            return replace(where, provincies=(actor.provincie or "",))
        require(actor, READ_VRAAGSTUKKEN)
        return where

    def _check_filter(self, where: VraagstukFilter) -> None:
        problems = [f"onbekende provincie '{p}'" for p in where.provincies if p not in self.province_names]
        problems += [f"onbekende fase '{f}' (fasen: {', '.join(bob.FASEN)})" for f in where.fasen if f not in bob.FASEN]
        problems += [f"onbekend domein '{d}'" for d in where.domeinen if d not in self.cat.domein_slugs()]
        if where.leidend and where.leidend not in set(Leidend):
            problems.append(f"onbekende leidende partij '{where.leidend}' (vro of departement)")
        if problems:
            raise InvalidInput("filter: " + "; ".join(problems))

    def history_of(self, actor: Actor, vraagstuk_id: int) -> list[FlowStep]:
        """Every phase move of one vraagstuk, oldest first."""
        self.get(actor, vraagstuk_id)
        return self.history.history(bob.BOB.name, vraagstuk_id)

    def contributions(self, actor: Actor, vraagstuk_id: int) -> list[Bijdrage]:
        """The comments and expert contributions on one vraagstuk, oldest first."""
        self.get(actor, vraagstuk_id)
        return self.repo.bijdragen(vraagstuk_id)

    def moves(self, actor: Actor, vraagstuk_id: int) -> list[MoveOption]:
        """The moves out of the current phase, each with why `actor` may not make it now."""
        return allowed_moves(bob.BOB, self.get(actor, vraagstuk_id), actor)

    def registers(self, actor: Actor) -> Register:
        """The open registers: places to put a vraagstuk elsewhere, and adopted decisions (the guard)."""
        require(actor, READ_VRAAGSTUKKEN, actor.provincie if actor.role is Role.PROVINCIE else None)
        return self._register()

    def accounthouders(self, actor: Actor) -> list[str]:
        """The e-mail addresses of the active VRO users: who can be a vraagstuk's accounthouder."""
        require(actor, READ_VRAAGSTUKKEN, actor.provincie if actor.role is Role.PROVINCIE else None)
        return self.users.with_role(Role.VRO)

    def _register(self) -> Register:
        return register_for(self.cat, self.province_names, self.register_repo)

    # -- what the data suggest ---------------------------------------------------------------

    def linked_claims(self, v: VraagstukDraft) -> list[LinkedClaim]:
        """The linked claims and the claims inside the linked conflicts (known ones only)."""
        ids = set(v.claims)
        for conflict in v.conflicten:
            ids |= set(conflict_claims(conflict))
        return self.claim_lookup(sorted(ids)) if ids else []

    def triage_suggestions(self, v: Vraagstuk) -> tuple[Criterium, ...]:
        """The four criteria as the data suggest them, merged with the recorded decisions."""
        from novex.analysis.puzzle import Matrix

        matrix = Matrix(self.cat.compatibiliteit)
        names = {d.slug: d.naam for d in self.cat.domeinen}
        priority_names = {i.id: i.naam for i in (*self.cat.novi.prioriteiten, *self.cat.novi.nationale_belangen)}
        suggested = suggest(
            self.linked_claims(v),
            v.conflicten,
            v.provincies,
            [priority_names[b] for b in v.belangen if b in priority_names],
            matrix.klasse,
            lambda d: names.get(d, d),
            lambda p: self.province_names.get(p, p),
        )
        return merged(suggested, v.triage)

    def lead_suggestion(self, v: VraagstukDraft) -> LeadSuggestion:
        """The lead party the vuistregel suggests (§3.6)."""
        return suggest_lead(v.aard)

    def warnings(self, v: VraagstukDraft) -> list[str]:
        """The guard (§3.3 NB): a warning per linked adopted decision, not a block."""
        register = self._register()
        out = []
        for key in v.besluiten:
            decision = register.besluit(key)
            if decision is not None:
                out.append(
                    f"gekoppeld aan vastgesteld beleid of een genomen besluit: '{decision.titel}' "
                    f"({decision.wanneer}): hierop wordt niet teruggekomen (seed 002 §3.3 NB); "
                    "afstemmen vóór een nieuw rijksbesluit kan wel"
                )
        return out

    def prefill_from_conflict(self, actor: Actor, conflict_id: str) -> Prefill:
        """A draft pre-filled with a conflict's claims, domains, provinces and severity (§4.2: an input)."""
        require(actor, SIGNAL, actor.provincie if actor.role is Role.PROVINCIE else None)
        if not CONFLICT_ID.match(conflict_id or "") or self.conflict_lookup is None:
            raise InvalidInput(f"conflict '{conflict_id}': geen geldig conflict-id (vorm C-<claim>-<claim>)")
        conflict = self.conflict_lookup(actor, conflict_id)
        if conflict is None:
            raise NotFound(f"conflict {conflict_id} staat niet (meer) in de analyse")
        if actor.role is Role.PROVINCIE and not actor.system and actor.provincie not in conflict.provinces:
            require(actor, SIGNAL, sorted(conflict.provinces)[0])
        provincies = tuple(sorted(conflict.provinces))
        claims = tuple(c for c in conflict.claims if isinstance(c, int))
        area = format_fixed(conflict.area_ha, 1)
        names = {d.slug: d.naam.lower() for d in self.cat.domeinen}
        first, second = (names.get(d, d) for d in conflict.domains)
        draft = VraagstukDraft(
            titel=f"{conflict.names[0]} – {conflict.names[1]}"[: TEXT_LIMITS["titel"]],
            provincies=provincies,
            herkomst=Herkomst.INFORMEEL,
            beschrijving=(
                f"Overlap van {area} ha tussen {first} en {second} "
                f"(conflict {conflict.id}, ernst {format_fixed(conflict.severity, 2)}). {conflict.rationale}"
            ),
            domeinen=tuple(sorted(set(conflict.domains) & self.cat.domein_slugs())),
            claims=claims,
            conflicten=(conflict.id,),
        )
        return Prefill(draft, conflict, self.severity_formula)

    # -- changing ----------------------------------------------------------------------------

    def signal(self, actor: Actor, draft: VraagstukDraft) -> Vraagstuk:
        """Record a new vraagstuk in phase gesignaleerd (a province for its own province; VRO for any)."""
        draft = _clean(draft)
        if actor.role is Role.PROVINCIE and not actor.system and actor.provincie not in draft.provincies:
            require(actor, SIGNAL, draft.provincies[0] if draft.provincies else "?")
        require(actor, SIGNAL, actor.provincie if actor.role is Role.PROVINCIE else None)
        self._refuse(self.draft_problems(draft))
        now = datetime.now(UTC)
        new_id = self.repo.add(draft, bob.GESIGNALEERD, actor.email, now)
        created = self.repo.get(new_id)
        assert created is not None
        self.audit.record(
            [
                self._event(
                    actor,
                    "vraagstuk.gesignaleerd",
                    created,
                    f"vraagstuk {new_id} gesignaleerd: {created.titel}",
                    details={"herkomst": created.herkomst},
                )
            ]
        )
        return created

    def update(
        self, actor: Actor, vraagstuk_id: int, draft: VraagstukDraft, expected_version: int, reden: str | None = None
    ) -> Vraagstuk:
        """Replace the signal's fields and links (VRO), if nobody changed it meanwhile."""
        current = self.get(actor, vraagstuk_id)
        _still_open(current)
        require(actor, HANDLE)
        draft = _clean(draft)
        self._refuse(self.draft_problems(draft, known_conflicts=current.conflicten) + _length("reden", reden, 2_000))
        values = {f: getattr(draft, f) for f in VraagstukDraft.__dataclass_fields__}
        changed = {f: [_plain(getattr(current, f)), _plain(v)] for f, v in values.items() if getattr(current, f) != v}
        return self._store(
            actor,
            current,
            expected_version,
            "vraagstuk.gewijzigd",
            f"vraagstuk {vraagstuk_id} gewijzigd",
            values,
            {"gewijzigd": changed},
            reden,
        )

    def set_triage(self, actor: Actor, vraagstuk_id: int, triage: Triage, expected_version: int) -> Vraagstuk:
        """Record a person's triage: a decision (and motivation when overriding) per criterion, advice, who decided."""
        current = self.get(actor, vraagstuk_id)
        _still_open(current)
        require(actor, HANDLE)
        suggested = {c.code: c for c in self.triage_suggestions(current)}
        criteria = tuple(
            Criterium(
                c.code,
                suggested[c.code].suggestie if c.code in suggested else None,
                suggested[c.code].onderbouwing if c.code in suggested else "",
                c.besluit,
                _text(c.motivering),
            )
            for c in triage.criteria
        )
        problems = decision_problems(criteria)
        problems += _length("advies", triage.advies, 5_000) + _length("besloten_door", triage.besloten_door, 200)
        problems += _length("afwijking", triage.afwijking, 5_000)
        problems += [f"criterium {c.code}: {p}" for c in criteria for p in _length("motivering", c.motivering, 5_000)]
        self._refuse(problems, f"triage van vraagstuk {vraagstuk_id}")
        stored = Triage(criteria, _text(triage.advies), _text(triage.besloten_door), _text(triage.afwijking))
        return self._store(
            actor,
            current,
            expected_version,
            "vraagstuk.triage",
            f"vraagstuk {vraagstuk_id}: triage vastgelegd",
            {"triage": stored},
            {"criteria": {c.code: c.besluit for c in criteria}, "besloten_door": stored.besloten_door},
        )

    def set_lead(
        self,
        actor: Actor,
        vraagstuk_id: int,
        leidend: str,
        departement: str | None,
        motivering: str | None,
        expected_version: int,
    ) -> Vraagstuk:
        """A person decides the lead party; a different choice than the vuistregel's needs a motivation."""
        current = self.get(actor, vraagstuk_id)
        _still_open(current)
        require(actor, HANDLE)
        problems = []
        if leidend not in set(Leidend):
            problems.append(f"leidend '{leidend}' bestaat niet (vro of departement)")
        if leidend == Leidend.DEPARTEMENT and not (departement or "").strip():
            problems.append("noem het leidende vakdepartement")
        suggestion = self.lead_suggestion(current).leidend
        if suggestion is not None and leidend != suggestion and not (motivering or "").strip():
            problems.append(f"de vuistregel (§3.6) suggereert '{suggestion}': afwijken vraagt een motivering")
        problems += _length("departement", departement, 200) + _length("motivering", motivering, 5_000)
        self._refuse(problems, f"leidende partij van vraagstuk {vraagstuk_id}")
        values = {
            "leidend": leidend,
            "leidend_departement": _text(departement) if leidend == Leidend.DEPARTEMENT else None,
            "leidend_motivering": _text(motivering),
        }
        return self._store(
            actor,
            current,
            expected_version,
            "vraagstuk.leidend",
            f"vraagstuk {vraagstuk_id}: leidend {leidend}",
            values,
            values,
        )

    def set_aanpak(
        self,
        actor: Actor,
        vraagstuk_id: int,
        aanpak: Mapping[str, str],
        expected_version: int,
        fits: Callable[[Vraagstuk], None] | None = None,
    ) -> Vraagstuk:
        """Record the Format aanpak vraagstuk (§4.1 stap 2); `fits` refuses content over one A5 page."""
        current = self.get(actor, vraagstuk_id)
        _still_open(current)
        require(actor, HANDLE)
        unknown = [
            f"onbekend onderdeel '{k}' (wel: {', '.join(AANPAK_VELDEN)})" for k in aanpak if k not in AANPAK_VELDEN
        ]
        problems = unknown + [p for k in AANPAK_VELDEN for p in _length(k, aanpak.get(k), 5_000)]
        self._refuse(problems, f"aanpak van vraagstuk {vraagstuk_id}")
        cleaned = {k: (aanpak.get(k) or "").strip() for k in AANPAK_VELDEN if (aanpak.get(k) or "").strip()}
        if fits is not None and len(cleaned) == len(AANPAK_VELDEN):
            fits(replace(current, aanpak=cleaned))
        return self._store(
            actor,
            current,
            expected_version,
            "vraagstuk.aanpak",
            f"vraagstuk {vraagstuk_id}: format aanpak vastgelegd",
            {"aanpak": cleaned},
            {"onderdelen": sorted(cleaned)},
        )

    def record_decision(
        self, actor: Actor, vraagstuk_id: int, besluit: Tafelbesluit, expected_version: int
    ) -> Vraagstuk:
        """Record a table's outcome: DO NOVEX first; no consensus names the differences (§4.1 stap 3)."""
        current = self.get(actor, vraagstuk_id)
        require(actor, DECIDE)
        if actor.role is Role.DEPARTEMENT and not actor.system:
            reason = bob.lead_ministry_only(current, actor)
            if reason:
                raise Forbidden(reason)
        problems = []
        if current.fase != bob.BESLUITVORMING:
            problems.append(
                f"het vraagstuk is in fase '{current.fase}': uitkomsten van tafels horen bij besluitvorming"
            )
        if besluit.tafel not in DECISION_TABLES:
            problems.append(f"tafel '{besluit.tafel}' neemt geen besluiten (wel: {', '.join(DECISION_TABLES)})")
        tables = [b.tafel for b in current.tafelbesluiten]
        if besluit.tafel != Tafel.DO_NOVEX and Tafel.DO_NOVEX not in tables:
            problems.append("de besluitvorming start in het DO NOVEX (seed 002 §4.1 stap 3): leg eerst dat vast")
        if besluit.tafel == Tafel.DO_NOVEX and besluit.consensus is None:
            problems.append("DO NOVEX: geef aan of er consensus was")
        if besluit.consensus is False and not (besluit.verschillen or "").strip():
            problems.append(
                "zonder consensus worden de verschillen van inzicht concreet beschreven (seed 002 §4.1 stap 3)"
            )
        if not (besluit.uitkomst or "").strip():
            problems.append("de uitkomst (advies of besluit) ontbreekt")
        problems += _length("uitkomst", besluit.uitkomst, 10_000) + _length("verschillen", besluit.verschillen, 10_000)
        self._refuse(problems, f"uitkomst voor vraagstuk {vraagstuk_id}")
        stored = replace(
            besluit,
            uitkomst=besluit.uitkomst.strip(),
            verschillen=_text(besluit.verschillen),
            vastgelegd_door=actor.email,
        )
        escalated = besluit.tafel == Tafel.DO_NOVEX and besluit.consensus is False
        values: dict[str, Any] = {
            "tafelbesluiten": (*current.tafelbesluiten, stored),
            "volgende_tafel": NEXT_TABLE.get(besluit.tafel, current.volgende_tafel),
        }
        after = values["volgende_tafel"]
        summary = (
            f"vraagstuk {vraagstuk_id}: uitkomst {besluit.tafel}"
            + (" zonder consensus" if escalated else "")
            + (f", naar {after}" if after else "")
        )
        return self._store(
            actor,
            current,
            expected_version,
            "vraagstuk.tafel",
            summary,
            values,
            {"tafel": besluit.tafel, "consensus": besluit.consensus, "datum": besluit.datum.isoformat()},
        )

    def set_next_table(self, actor: Actor, vraagstuk_id: int, tafel: str, reden: str) -> Vraagstuk:
        """Put the vraagstuk on the way to `tafel` (a terugkoppeling in the existing line, seed 002 §4.2)."""
        current = self.get(actor, vraagstuk_id)
        _still_open(current)
        require(actor, HANDLE)
        if tafel not in set(Tafel):
            self._refuse([f"tafel '{tafel}' bestaat niet (wel: {', '.join(Tafel)})"], f"vraagstuk {vraagstuk_id}")
        if current.volgende_tafel == tafel:
            return current
        return self._store(
            actor,
            current,
            current.version,
            "vraagstuk.volgende-tafel",
            f"vraagstuk {vraagstuk_id}: naar {tafel}",
            {"volgende_tafel": tafel},
            {"volgende_tafel": tafel},
            reden=reden,
        )

    def contribute(self, actor: Actor, vraagstuk_id: int, tekst: str) -> Bijdrage:
        """Add a comment (a province on its own) or expert input (a ministry)."""
        current = self.get(actor, vraagstuk_id)
        require(actor, CONTRIBUTE, _province_for(actor, current.provincies))
        self._refuse(
            _length("tekst", tekst, TEXT_LIMITS["tekst"]) or ([] if (tekst or "").strip() else ["de bijdrage is leeg"]),
            f"bijdrage aan vraagstuk {vraagstuk_id}",
        )
        stored = self.repo.add_bijdrage(
            vraagstuk_id,
            Bijdrage(
                0, actor.email, str(actor.role), tekst.strip(), datetime.now(UTC), actor.departement, actor.provincie
            ),
        )
        self.audit.record(
            [
                self._event(
                    actor,
                    "vraagstuk.bijdrage",
                    current,
                    f"vraagstuk {vraagstuk_id}: bijdrage van {actor.email}",
                    details={"bijdrage": stored.id},
                )
            ]
        )
        return stored

    def move_to(
        self,
        actor: Actor,
        vraagstuk_id: int,
        naar: str,
        reden: str | None,
        expected_version: int | None = None,
        plek: str | None = None,
    ) -> Vraagstuk:
        """Move to another BOB phase; an outcome (elders belegd, afgesloten, knelpunt) needs a reason."""
        current = self.get(actor, vraagstuk_id)
        version = current.version if expected_version is None else expected_version
        problems = _length("reden", reden, 5_000)
        if naar in bob.NEEDS_REASON and not (reden or "").strip():
            problems.append(f"'{naar}' vraagt een reden die de provincie kan lezen")
        values: dict[str, Any] = {"fase": naar}
        if naar == bob.ELDERS_BELEGD:
            if plek and self._register().plek(plek) is None:
                problems.append(f"plek '{plek}' staat niet in het register van plekken")
            current = replace(current, uitkomst_plek=plek if plek and self._register().plek(plek) else None)
            values["uitkomst_plek"] = current.uitkomst_plek
        if naar in bob.NEEDS_REASON:
            values["uitkomst_reden"] = _text(reden)
        self._refuse(problems, f"overgang van vraagstuk {vraagstuk_id}")
        transition = bob.BOB.transition(current.fase, naar)
        if transition is not None and not actor.system and actor.role not in transition.roles:
            raise Forbidden(f"de rol '{actor.role}' mag '{transition.name}' niet doen (vraagstuk {vraagstuk_id})")
        try:
            move(bob.BOB, current, naar, actor, reden, self.history, self.audit)
        except TransitionRefused as refused:
            open_moves = [m.transition.target for m in allowed_moves(bob.BOB, current, actor) if m.allowed]
            now = ", ".join(f"'{t}'" for t in open_moves) or "geen"
            raise TransitionRefused(
                f"vraagstuk {vraagstuk_id}: overgang van '{current.fase}' naar '{naar}'",
                [*refused.reasons, f"nu mogelijk: {now}"],
            ) from None
        if not self.repo.update(vraagstuk_id, version, datetime.now(UTC), **values):
            raise stale(f"vraagstuk {vraagstuk_id}", self._version(vraagstuk_id), version)
        moved = self.repo.get(vraagstuk_id)
        assert moved is not None
        return moved

    def add_register_entry(self, actor: Actor, soort: str, values: Mapping[str, Any]) -> None:
        """Add a place or an adopted decision to the open registers (VRO)."""
        require(actor, HANDLE)
        problems = self._register().entry_problems(soort, values)
        self._refuse(problems, f"registeritem ({soort})")
        datum = values.get("datum") if isinstance(values.get("datum"), date) else None
        self.register_repo.add_entry(soort, dict(values), actor.email, datum)
        self.audit.record(
            [
                event(
                    actor,
                    "register.toegevoegd",
                    ("register", values.get("id")),
                    f"{soort} '{values.get('id')}' toegevoegd aan het register",
                    details=dict((k, v if not isinstance(v, date) else v.isoformat()) for k, v in values.items()),
                )
            ]
        )

    # -- helpers -----------------------------------------------------------------------------

    def draft_problems(self, draft: VraagstukDraft, known_conflicts: Sequence[str] = ()) -> list[str]:
        """Everything wrong with a draft, each naming the field (empty when it is sound)."""
        problems = []
        if not draft.titel:
            problems.append("titel: verplicht")
        problems += [
            p
            for name in ("titel", "beschrijving", "planning", "inkadering")
            for p in _length(name, getattr(draft, name), TEXT_LIMITS[name])
        ]
        if not draft.provincies:
            problems.append("provincies: noem minstens één provincie")
        problems += [f"provincies: onbekende provincie '{p}'" for p in draft.provincies if p not in self.province_names]
        if draft.herkomst not in set(Herkomst):
            problems.append(f"herkomst: '{draft.herkomst}' bestaat niet (wel: {', '.join(Herkomst)})")
        areas = {g.id for g in self.cat.novex_gebieden}
        problems += [f"gebieden: onbekend NOVEX-gebied '{g}'" for g in draft.gebieden if g not in areas]
        problems += [f"domeinen: onbekend domein '{d}'" for d in draft.domeinen if d not in self.cat.domein_slugs()]
        problems += [
            f"conflicten: '{c}' is geen conflict-id (vorm C-<claim>-<claim>)"
            for c in draft.conflicten
            if not CONFLICT_ID.match(c)
        ]
        goals = self.cat.goal_ids()
        problems += [f"doelen: onbekend doel '{d}'" for d in draft.doelen if d not in goals]
        interests = {i.id for i in (*self.cat.novi.prioriteiten, *self.cat.novi.nationale_belangen)}
        problems += [
            f"belangen: onbekend nationaal belang of prioriteit '{b}'" for b in draft.belangen if b not in interests
        ]
        register = self._register()
        problems += [
            f"besluiten: '{b}' staat niet in het register van vastgestelde besluiten"
            for b in draft.besluiten
            if register.besluit(b) is None
        ]
        if draft.prioriteit is not None and draft.prioriteit not in set(Prioriteit):
            problems.append(f"prioriteit: '{draft.prioriteit}' bestaat niet (wel: {', '.join(Prioriteit)})")
        if draft.volgende_tafel is not None and draft.volgende_tafel not in set(Tafel):
            problems.append(f"volgende_tafel: '{draft.volgende_tafel}' bestaat niet (wel: {', '.join(Tafel)})")
        problems += [f"aard: '{a}' bestaat niet (wel: {', '.join(Aard)})" for a in draft.aard if a not in set(Aard)]
        if draft.accounthouder is not None and self.users.role_of(draft.accounthouder) != Role.VRO:
            problems.append(f"accounthouder: '{draft.accounthouder}' is geen actieve VRO-gebruiker")
        for name in ("gebieden", "domeinen", "claims", "conflicten", "doelen", "belangen", "besluiten", "aard"):
            if len(getattr(draft, name)) > MAX_LINKS:
                problems.append(f"{name}: hoogstens {MAX_LINKS} koppelingen")
        if not problems:
            problems += self._claim_problems(draft, known_conflicts)
        return problems

    def _claim_problems(self, draft: VraagstukDraft, known_conflicts: Sequence[str] = ()) -> list[str]:
        """Linked claims must exist; a newly linked conflict must be one the analysis finds now."""
        wanted = set(draft.claims) | {c for k in draft.conflicten for c in conflict_claims(k)}
        storable = {c for c in wanted if 0 < c <= MAX_ID}
        known = {c.id for c in self.claim_lookup(sorted(storable))} if storable else set()
        problems = [f"claims: claim {c} bestaat niet" for c in sorted(wanted - known)]
        new = [k for k in draft.conflicten if k not in known_conflicts]
        if not problems and new and self.conflict_lookup is not None:
            problems += [f"conflicten: {k} staat niet in de analyse (geen overlap van conflicterende domeinen)"
                         for k in new if self.conflict_lookup(Actor.operator(), k) is None]  # fmt: skip
        return problems

    def _refuse(self, problems: Sequence[str], what: str = "vraagstuk") -> None:
        if problems:
            raise InvalidInput(f"{what}: " + "; ".join(problems))

    def _version(self, vraagstuk_id: int) -> int:
        found = self.repo.get(vraagstuk_id)
        return found.version if found else 0

    def _store(
        self,
        actor: Actor,
        current: Vraagstuk,
        expected: int,
        actie: str,
        summary: str,
        values: Mapping[str, Any],
        details: Mapping[str, Any],
        reden: str | None = None,
    ) -> Vraagstuk:
        if current.version != expected or not self.repo.update(current.id, expected, datetime.now(UTC), **values):
            raise stale(f"vraagstuk {current.id}", self._version(current.id), expected)
        changed = self.repo.get(current.id)
        assert changed is not None
        self.audit.record([self._event(actor, actie, changed, summary, details=_plain(details), reden=reden)])
        return changed

    def _event(
        self,
        actor: Actor,
        actie: str,
        v: Vraagstuk,
        summary: str,
        details: Mapping[str, Any] | None = None,
        reden: str | None = None,
    ) -> Any:
        return event(actor, actie, (OBJECT, v.id), summary, provincie=v.provincie, details=details, reden=_text(reden))

    def may(self, actor: Actor, what: str, v: Vraagstuk | None = None) -> bool:
        """Whether `actor` may do `what` ('signaleren', 'bijdragen', 'behandelen', 'besluiten') — to hide buttons."""
        provincie = _province_for(actor, v.provincies) if v else actor.provincie
        actions = {"signaleren": SIGNAL, "bijdragen": CONTRIBUTE, "behandelen": HANDLE, "besluiten": DECIDE}
        if what == "besluiten" and v is not None and actor.role is Role.DEPARTEMENT:
            return bob.lead_ministry_only(v, actor) is None
        return can(actor, actions[what], provincie)


NEXT_TABLE: dict[str, str | None] = {Tafel.DO_NOVEX: Tafel.GP_DG, Tafel.GP_DG: Tafel.BOL, Tafel.BOL: None}
"""Where a vraagstuk goes after a table's outcome (seed 002 §4.1 stap 3): the DO NOVEX's advice (or, without
consensus, its differences of view) to the GP-DG table, whose advice prepares the BOL's choice; after the BOL none."""


def _province_for(actor: Actor, provincies: Sequence[str]) -> str | None:
    """The province an access check is about: the actor's own when the vraagstuk concerns it."""
    if actor.provincie and actor.provincie in provincies:
        return actor.provincie
    return provincies[0] if provincies else None


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _clean(draft: VraagstukDraft) -> VraagstukDraft:
    """Trimmed texts and de-duplicated links, order kept."""

    def unique(items: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(dict.fromkeys(items))

    return replace(
        draft,
        titel=(draft.titel or "").strip(),
        beschrijving=_text(draft.beschrijving),
        planning=_text(draft.planning),
        inkadering=_text(draft.inkadering),
        accounthouder=_text(draft.accounthouder),
        provincies=unique(p.strip().upper() for p in draft.provincies),
        gebieden=unique(draft.gebieden),
        domeinen=unique(draft.domeinen),
        claims=unique(draft.claims),
        conflicten=unique(c.strip() for c in draft.conflicten),
        doelen=unique(draft.doelen),
        belangen=unique(draft.belangen),
        besluiten=unique(draft.besluiten),
        aard=unique(draft.aard),
    )


def _plain(value: Any) -> Any:
    """A JSON-ready copy of audit details (dates as ISO text, tuples as lists, dataclasses as dicts)."""
    from dataclasses import asdict, is_dataclass

    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


__all__ = ["CRITERIA", "Prefill", "VraagstukService"]


def _still_open(v: Vraagstuk) -> None:
    """A vraagstuk in a final phase keeps its record: its outcome was given on it (navolgbaar, seed 002 §4.1)."""
    if v.fase in bob.BOB.final:
        raise StateConflict(f"vraagstuk {v.id} is in de eindfase '{v.fase}': wijzigen kan niet meer")
