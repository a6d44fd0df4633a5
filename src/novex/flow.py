"""A small transition-table engine shared by the workflow contexts.

Each workflow kind (a vraagstuk with its BOB phases, the fast procedure, a version of the
Ruimtelijk Arrangement) declares its phases and moves as data in a `Flow`. The table is
checked when it is built. The engine itself keeps no state: the state lives in the item's
database row. A service reads the item, asks `allowed_moves` which buttons to enable, and
calls `move`. `move` checks the move, records it in the flow history and the audit trail
(both in the caller's unit of work) and returns the new phase, which the caller then stores.

A refusal is a `TransitionRefused` that gives every reason, in Dutch: an unknown move, a move
out of a final phase, a role that may not make the move, a guard that says no, or a product
that is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from novex.access import Actor, Role
from novex.audit import AuditLog, event
from novex.errors import TransitionRefused

# The history and audit columns these names are stored in (flow_history, audit_events.object_type).
MAX_FLOW_NAME = 30
MAX_STATE_NAME = 40

Guard = Callable[[Any, Actor], str | None]
"""A condition on a move: `(item, actor)` → None to allow it, or a Dutch reason to refuse it."""


class FlowItem(Protocol):
    """What the engine reads from a workflow item; an optional `provincie` goes into the audit event."""

    @property
    def id(self) -> object:
        """The item's identity (stored as text in the history)."""
        ...

    @property
    def state(self) -> str:
        """The current phase, as read from the item's database row."""
        ...

    @property
    def products(self) -> Collection[str]:
        """The names of the products (documents, decisions) already present on the item."""
        ...


@dataclass(frozen=True)
class Transition:
    """One allowed move from `source` to `target`, named for the user (Dutch), e.g. "naar oordeelsvorming".

    `roles` may make the move; every guard must return None; every product in `requires`
    must be present on the item before it leaves `source`.
    """

    source: str
    target: str
    name: str
    roles: frozenset[Role]
    guards: tuple[Guard, ...] = ()
    requires: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "guards", tuple(self.guards))
        object.__setattr__(self, "requires", tuple(self.requires))


@dataclass(frozen=True)
class Flow:
    """The transition table of one workflow kind, validated on construction (`ValueError` if broken).

    Every state must be reachable from `initial`; a final state has no moves out, and every
    other state has at least one; every transition names known states and at least one role,
    and each (source, target) pair occurs once.
    """

    name: str
    states: tuple[str, ...]
    initial: str
    final: frozenset[str]
    transitions: tuple[Transition, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "states", tuple(self.states))
        object.__setattr__(self, "final", frozenset(self.final))
        object.__setattr__(self, "transitions", tuple(self.transitions))
        problems = _table_problems(self)
        if problems:
            raise ValueError(f"flow {self.name!r} is not a valid transition table: " + "; ".join(problems))

    def moves_from(self, state: str) -> tuple[Transition, ...]:
        """The transitions out of `state`, in table order."""
        return tuple(t for t in self.transitions if t.source == state)

    def transition(self, source: str, target: str) -> Transition | None:
        """The transition from `source` to `target`, if the table has one."""
        return next((t for t in self.transitions if t.source == source and t.target == target), None)

    def reachable(self) -> set[str]:
        """The states that can be reached from the initial state (including it)."""
        seen, todo = {self.initial}, [self.initial]
        while todo:
            for t in self.moves_from(todo.pop()):
                if t.target not in seen:
                    seen.add(t.target)
                    todo.append(t.target)
        return seen


def _table_problems(flow: Flow) -> list[str]:
    """Everything wrong with a transition table (empty when it is sound)."""
    problems: list[str] = []
    if not flow.name or len(flow.name) > MAX_FLOW_NAME:
        problems.append(f"the name must have 1 to {MAX_FLOW_NAME} characters")
    states = set(flow.states)
    if not flow.states:
        problems.append("no states")
    if len(states) != len(flow.states):
        problems.append("a state is listed twice")
    problems += [f"state {s!r} must have 1 to {MAX_STATE_NAME} characters"
                 for s in flow.states if not s or len(s) > MAX_STATE_NAME]  # fmt: skip
    if flow.initial not in states:
        problems.append(f"unknown initial state {flow.initial!r}")
    if not flow.final:
        problems.append("no final state")
    problems += [f"unknown final state {s!r}" for s in sorted(flow.final - states)]
    pairs: set[tuple[str, str]] = set()
    for t in flow.transitions:
        move = f"transition {t.source!r} → {t.target!r}"
        problems += [f"{move}: unknown state {s!r}" for s in (t.source, t.target) if s not in states]
        if t.source in flow.final:
            problems.append(f"{move}: leaves the final state {t.source!r}")
        if not t.roles:
            problems.append(f"{move}: no role may take it")
        if any(not isinstance(r, Role) for r in t.roles):
            problems.append(f"{move}: roles must be novex.access.Role members")
        if not t.name:
            problems.append(f"{move}: no name")
        if any(not callable(g) for g in t.guards):
            problems.append(f"{move}: a guard is not callable")
        if any(not p for p in t.requires):
            problems.append(f"{move}: an empty product name")
        if (t.source, t.target) in pairs:
            problems.append(f"{move}: declared twice")
        pairs.add((t.source, t.target))
    if flow.initial in states:
        reachable = flow.reachable()
        problems += [f"state {s!r} is unreachable from {flow.initial!r}" for s in flow.states if s not in reachable]
    sources = {t.source for t in flow.transitions}
    problems += [f"state {s!r} is not final but has no way out"
                 for s in flow.states if s not in flow.final and s not in sources]  # fmt: skip
    return problems


@dataclass(frozen=True)
class MoveOption:
    """A move out of the item's current state, and why this actor may not make it now (empty: allowed)."""

    transition: Transition
    reasons: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        """Whether the actor may make this move now."""
        return not self.reasons


@dataclass(frozen=True)
class FlowStep:
    """One recorded move of one item: from, to, who (with which role), when (UTC) and why."""

    flow: str
    item_id: str
    source: str
    target: str
    actor: str
    rol: str
    reden: str | None
    tijdstip: datetime
    id: int = field(default=0, compare=False)


class FlowHistory(Protocol):
    """Append-only storage of the moves of workflow items, inside the caller's unit of work."""

    def record(self, step: FlowStep) -> None:
        """Append one move."""
        ...

    def history(self, flow: str, item_id: object) -> list[FlowStep]:
        """Every move of one item, oldest first (newest last)."""
        ...


def possible_moves(flow: Flow, state: str) -> tuple[Transition, ...]:
    """The moves the table allows out of `state`, whoever asks (`ValueError` for an unknown state)."""
    if state not in flow.states:
        raise ValueError(f"{state!r} is not a state of flow {flow.name!r}")
    return flow.moves_from(state)


def allowed_moves(flow: Flow, item: FlowItem, actor: Actor) -> list[MoveOption]:
    """Every move out of the item's state, each with the reasons `actor` may not make it now.

    For enabling or greying out buttons (with the reason as a tooltip); `move` checks again.
    An item in a final state has no moves; one in an unknown state is refused.
    """
    _refuse_unknown_state(flow, item)
    return [MoveOption(t, tuple(_reasons(t, item, actor))) for t in flow.moves_from(item.state)]


def move(
    flow: Flow,
    item: FlowItem,
    target: str,
    actor: Actor,
    reason: str | None,
    history: FlowHistory,
    audit: AuditLog,
) -> str:
    """Move `item` to `target`: check, record the move and its audit event, and return the new state.

    Both records are written through the caller's unit of work; the caller stores the new
    state in the item's row in that same unit of work, ideally only where the row still
    holds the old state, so that two simultaneous moves cannot both succeed.
    Raises `TransitionRefused` with every reason when the move may not be made.
    """
    source = item.state
    subject = f"{flow.name} {item.id}: overgang van '{source}' naar '{target}'"
    if target not in flow.states:
        raise TransitionRefused(subject, [f"'{target}' is geen fase van {flow.name} (fasen: {_listed(flow.states)})"])
    _refuse_unknown_state(flow, item)
    if source in flow.final:
        raise TransitionRefused(subject, [f"'{source}' is een eindfase: daarna is geen overgang meer mogelijk"])
    transition = flow.transition(source, target)
    if transition is None:
        targets = [t.target for t in flow.moves_from(source)]
        raise TransitionRefused(subject, [f"vanuit '{source}' kan {flow.name} alleen naar {_listed(targets)}"])
    reasons = _reasons(transition, item, actor)
    if reasons:
        raise TransitionRefused(subject, reasons)

    why = (reason or "").strip() or None
    history.record(
        FlowStep(flow.name, str(item.id), source, target, actor.email, str(actor.role), why, datetime.now(UTC))
    )
    change = event(
        actor,
        f"{flow.name}.fase-gewijzigd",
        (flow.name, item.id),
        f"{flow.name} {item.id}: {transition.name} ({source} → {target})",
        provincie=getattr(item, "provincie", None),
        details={"flow": flow.name, "van": source, "naar": target, "overgang": transition.name},
        reden=why,
    )
    audit.record([change])
    return target


def _reasons(transition: Transition, item: FlowItem, actor: Actor) -> list[str]:
    """Why `actor` may not make `transition` on `item` now: role, then guards, then products (empty: allowed)."""
    reasons = []
    if not actor.system and actor.role not in transition.roles:
        allowed = _listed(sorted(str(r) for r in transition.roles))
        reasons.append(f"de rol '{actor.role}' mag '{transition.name}' niet doen (alleen: {allowed})")
    reasons += [r for r in (guard(item, actor) for guard in transition.guards) if r]
    present = set(item.products)
    reasons += [f"'{p}' ontbreekt: nodig om '{transition.source}' te verlaten"
                for p in transition.requires if p not in present]  # fmt: skip
    return reasons


def _refuse_unknown_state(flow: Flow, item: FlowItem) -> None:
    if item.state not in flow.states:
        raise TransitionRefused(
            f"{flow.name} {item.id}", [f"staat in een onbekende fase '{item.state}' (fasen: {_listed(flow.states)})"]
        )


def _listed(names: Iterable[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return ", ".join(quoted) if quoted else "geen enkele fase"
