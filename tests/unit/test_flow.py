"""The flow engine: tables checked on construction, and tests generated from every example table."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from novex.access import Actor, Role
from novex.errors import TransitionRefused
from novex.flow import Flow, Transition, allowed_moves, move, possible_moves

ALL_ROLES = frozenset(Role)
BESTUUR = frozenset({Role.VRO, Role.PROVINCIE})
VRO = frozenset({Role.VRO})


@dataclass(frozen=True)
class Item:
    """A workflow item as a service would read it from its row."""

    id: int
    state: str
    products: frozenset[str] = frozenset()
    besproken: bool = False
    provincie: str | None = "PV26"


def besproken_in_bo(item: Item, actor: Actor) -> str | None:
    return None if item.besproken else "het vraagstuk is nog niet besproken in het bestuurlijk overleg"


def eigen_provincie(item: Item, actor: Actor) -> str | None:
    if actor.role is Role.PROVINCIE and actor.provincie != item.provincie:
        return f"alleen provincie {item.provincie} mag dit vraagstuk verder brengen"
    return None


PHASES = ("beeldvorming", "oordeelsvorming", "besluitvorming")
BOB = Flow(
    name="vraagstuk",
    states=(*PHASES, "vastgelegd", "elders belegd", "afgesloten"),
    initial="beeldvorming",
    final=frozenset({"vastgelegd", "elders belegd", "afgesloten"}),
    transitions=(
        Transition("beeldvorming", "oordeelsvorming", "naar oordeelsvorming", BESTUUR,
                   guards=(eigen_provincie,), requires=("probleemanalyse",)),
        Transition("oordeelsvorming", "besluitvorming", "naar besluitvorming", BESTUUR,
                   guards=(eigen_provincie, besproken_in_bo), requires=("afwegingsnotitie",)),
        Transition("besluitvorming", "vastgelegd", "vastleggen", VRO, requires=("besluit", "afspraak")),
        Transition("oordeelsvorming", "beeldvorming", "terug naar beeldvorming", BESTUUR),
        *(Transition(phase, "elders belegd", "elders beleggen", VRO) for phase in PHASES),
        *(Transition(phase, "afgesloten", "afsluiten", VRO) for phase in PHASES),
    ),
)  # fmt: skip

FAST = Flow(
    name="snelle-procedure",
    states=("aangemeld", "getoetst", "besloten", "afgewezen"),
    initial="aangemeld",
    final=frozenset({"besloten", "afgewezen"}),
    transitions=(
        Transition("aangemeld", "getoetst", "toetsen", BESTUUR, requires=("toetsingsnotitie",)),
        Transition("getoetst", "besloten", "besluiten", VRO, guards=(besproken_in_bo,)),
        Transition("aangemeld", "afgewezen", "afwijzen", VRO),
        Transition("getoetst", "afgewezen", "afwijzen", VRO),
    ),
)

FLOWS = [BOB, FAST]


def everything(flow: Flow) -> frozenset[str]:
    return frozenset(p for t in flow.transitions for p in t.requires)


def ready(flow: Flow, state: str) -> Item:
    """An item in `state` that meets every guard and holds every product."""
    return Item(1, state, everything(flow), besproken=True)


def bare(state: str) -> Item:
    """An item in `state` that meets no guard and holds no product."""
    return Item(1, state, provincie="PV27")


def actor(role: Role) -> Actor:
    return Actor(7, f"{role}@example.nl", role, "PV26" if role is Role.PROVINCIE else None)


class Recorder:
    """A FlowHistory and AuditLog in memory."""

    def __init__(self) -> None:
        self.steps: list = []
        self.events: list = []

    def record(self, what) -> None:
        if isinstance(what, list):
            self.events += what
        else:
            self.steps.append(what)


def attempt(flow: Flow, item: Item, target: str, who: Actor, reason: str | None = "omdat") -> tuple[str, Recorder]:
    rec = Recorder()
    return move(flow, item, target, who, reason, rec, rec), rec


def refused(flow: Flow, item: Item, target: str, who: Actor) -> TransitionRefused:
    rec = Recorder()
    with pytest.raises(TransitionRefused) as caught:
        move(flow, item, target, who, "omdat", rec, rec)
    assert rec.steps == [] and rec.events == []
    assert caught.value.reasons and all(r in str(caught.value) for r in caught.value.reasons)
    return caught.value


def by_id(param) -> str:
    if isinstance(param, Flow):
        return param.name
    if isinstance(param, Transition):
        return f"{param.source}->{param.target}"
    return str(param)


TRANSITIONS = [(f, t) for f in FLOWS for t in f.transitions]


# --- generated from the tables -------------------------------------------------------------


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_every_state_is_reachable_from_the_initial_one(flow: Flow):
    seen, todo = {flow.initial}, [flow.initial]
    while todo:
        for t in possible_moves(flow, todo.pop()):
            if t.target not in seen:
                seen.add(t.target)
                todo.append(t.target)
    assert seen == set(flow.states)


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_no_move_out_of_a_final_state(flow: Flow):
    for state in flow.final:
        assert possible_moves(flow, state) == ()
        assert allowed_moves(flow, ready(flow, state), actor(Role.VRO)) == []
        for target in flow.states:
            error = refused(flow, ready(flow, state), target, Actor.operator())
            assert "eindfase" in str(error) and state in str(error)


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_every_non_final_state_has_a_way_out(flow: Flow):
    assert all(possible_moves(flow, s) for s in flow.states if s not in flow.final)


@pytest.mark.parametrize(("flow", "transition"), TRANSITIONS, ids=by_id)
def test_every_transition_has_a_role_and_each_of_its_roles_can_take_it(flow: Flow, transition: Transition):
    assert transition.roles
    for role in transition.roles:
        new, rec = attempt(flow, ready(flow, transition.source), transition.target, actor(role))
        assert new == transition.target
        (step,) = rec.steps
        (audit,) = rec.events
        assert (step.flow, step.item_id, step.source, step.target) == (flow.name, "1", transition.source, new)
        assert (step.actor, step.rol, step.reden) == (f"{role}@example.nl", str(role), "omdat")
        assert step.tijdstip.utcoffset().total_seconds() == 0
        assert audit.actie == f"{flow.name}.fase-gewijzigd"
        assert (audit.object_type, audit.object_id, audit.provincie) == (flow.name, "1", "PV26")
        assert audit.details == {"flow": flow.name, "van": transition.source, "naar": new, "overgang": transition.name}
        assert audit.reden == "omdat" and transition.name in audit.samenvatting


@pytest.mark.parametrize(("flow", "transition"), TRANSITIONS, ids=by_id)
def test_a_role_that_may_not_take_a_transition_is_refused_by_name(flow: Flow, transition: Transition):
    for role in ALL_ROLES - transition.roles:
        error = refused(flow, ready(flow, transition.source), transition.target, actor(role))
        (reason,) = error.reasons
        assert f"'{role}'" in reason and transition.name in reason
        assert all(f"'{r}'" in reason for r in transition.roles)  # and who may


@pytest.mark.parametrize(("flow", "transition"), TRANSITIONS, ids=by_id)
def test_a_missing_product_is_refused_by_name(flow: Flow, transition: Transition):
    for product in transition.requires:
        item = replace(ready(flow, transition.source), products=everything(flow) - {product})
        error = refused(flow, item, transition.target, actor(sorted(transition.roles)[0]))
        (reason,) = error.reasons
        assert f"'{product}' ontbreekt" in reason and transition.source in reason


@pytest.mark.parametrize(("flow", "transition"), TRANSITIONS, ids=by_id)
def test_a_failing_guard_is_refused_with_its_own_reason(flow: Flow, transition: Transition):
    item = replace(bare(transition.source), products=everything(flow))
    for guard in transition.guards:
        failures = {role: guard(item, actor(role)) for role in sorted(transition.roles)}
        assert any(failures.values()), f"{guard.__name__} should refuse the bare item for some role"
        for role, failing in failures.items():
            if failing:
                assert failing in refused(flow, item, transition.target, actor(role)).reasons


@pytest.mark.parametrize(("flow", "transition"), TRANSITIONS, ids=by_id)
def test_every_reason_is_given_at_once_and_greyed_out_moves_show_them(flow: Flow, transition: Transition):
    role = sorted(ALL_ROLES - transition.roles)[0]
    who, item = actor(role), bare(transition.source)
    error = refused(flow, item, transition.target, who)
    expected = 1 + sum(1 for g in transition.guards if g(item, who)) + len(transition.requires)
    assert len(error.reasons) == expected
    (option,) = [o for o in allowed_moves(flow, bare(transition.source), who) if o.transition == transition]
    assert list(option.reasons) == error.reasons and option.allowed is (expected == 0)


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_a_move_that_is_not_in_the_table_is_refused_naming_the_possible_ones(flow: Flow):
    for source in set(flow.states) - flow.final:
        targets = {t.target for t in possible_moves(flow, source)}
        for target in set(flow.states) - targets:
            error = refused(flow, ready(flow, source), target, Actor.operator())
            (reason,) = error.reasons
            assert source in reason and all(f"'{t}'" in reason for t in targets)
            assert target in str(error)


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_allowed_moves_lists_the_table_and_enables_what_this_actor_may_do_now(flow: Flow):
    for source in set(flow.states) - flow.final:
        for role in Role:
            options = allowed_moves(flow, ready(flow, source), actor(role))
            assert [o.transition for o in options] == list(possible_moves(flow, source))
            assert all(o.allowed == (role in o.transition.roles) for o in options)


# --- the BOB example in detail -------------------------------------------------------------


def test_a_vraagstuk_goes_through_the_bob_phases():
    vro, planner = actor(Role.VRO), actor(Role.PROVINCIE)
    item = Item(12, "beeldvorming", frozenset({"probleemanalyse"}))
    item = replace(item, state=attempt(BOB, item, "oordeelsvorming", planner)[0])
    error = refused(BOB, item, "besluitvorming", planner)
    assert error.reasons == [
        "het vraagstuk is nog niet besproken in het bestuurlijk overleg",
        "'afwegingsnotitie' ontbreekt: nodig om 'oordeelsvorming' te verlaten",
    ]
    assert str(error).startswith("vraagstuk 12: overgang van 'oordeelsvorming' naar 'besluitvorming' geweigerd: ")
    item = replace(item, besproken=True, products=item.products | {"afwegingsnotitie"})
    item = replace(item, state=attempt(BOB, item, "besluitvorming", planner)[0])
    assert [o.transition.target for o in allowed_moves(BOB, item, planner) if o.allowed] == []
    assert [o.transition.target for o in allowed_moves(BOB, item, vro) if o.allowed] == ["elders belegd", "afgesloten"]
    item = replace(item, products=item.products | {"besluit", "afspraak"})
    assert attempt(BOB, item, "vastgelegd", vro)[0] == "vastgelegd"


def test_another_provinces_planner_is_refused_by_the_guard():
    other = Actor(8, "planner@gelderland.nl", Role.PROVINCIE, "PV25")
    error = refused(BOB, Item(3, "beeldvorming", frozenset({"probleemanalyse"})), "oordeelsvorming", other)
    assert error.reasons == ["alleen provincie PV26 mag dit vraagstuk verder brengen"]


def test_the_operator_passes_the_role_check_but_not_the_guards():
    item = Item(4, "besluitvorming")
    assert attempt(BOB, item, "afgesloten", Actor.operator())[0] == "afgesloten"
    error = refused(BOB, item, "vastgelegd", Actor.operator())
    assert len(error.reasons) == 2 and all("ontbreekt" in r for r in error.reasons)


def test_a_blank_reason_is_recorded_as_none():
    _, rec = attempt(BOB, Item(5, "beeldvorming"), "afgesloten", actor(Role.VRO), reason="  ")
    assert rec.steps[0].reden is None and rec.events[0].reden is None


def test_an_unknown_target_or_stored_state_is_refused():
    error = refused(BOB, Item(6, "beeldvorming"), "vergeten", actor(Role.VRO))
    assert "'vergeten' is geen fase van vraagstuk" in error.reasons[0]
    error = refused(BOB, Item(6, "verdwenen"), "afgesloten", actor(Role.VRO))
    assert "onbekende fase 'verdwenen'" in error.reasons[0]
    with pytest.raises(TransitionRefused, match="verdwenen"):
        allowed_moves(BOB, Item(6, "verdwenen"), actor(Role.VRO))
    with pytest.raises(ValueError, match="verdwenen"):
        possible_moves(BOB, "verdwenen")


# --- the table is checked on construction --------------------------------------------------


def table(**changes) -> Flow:
    base = {
        "name": "proef",
        "states": ("a", "b", "c"),
        "initial": "a",
        "final": frozenset({"c"}),
        "transitions": (Transition("a", "b", "naar b", VRO), Transition("b", "c", "naar c", VRO)),
    }
    return Flow(**(base | changes))


def test_a_sound_table_is_accepted():
    assert table().reachable() == {"a", "b", "c"}


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"initial": "x"}, "unknown initial state 'x'"),
        ({"final": frozenset({"c", "x"})}, "unknown final state 'x'"),
        ({"final": frozenset()}, "no final state"),
        ({"states": ("a", "b", "c", "c")}, "listed twice"),
        ({"states": ("a", "b", "c", "d")}, "'d' is unreachable"),
        ({"transitions": (Transition("a", "b", "naar b", VRO), Transition("b", "x", "naar x", VRO))},
         "unknown state 'x'"),
        ({"transitions": (Transition("a", "b", "naar b", VRO), Transition("b", "c", "naar c", frozenset()))},
         "no role may take it"),
        ({"transitions": (Transition("a", "b", "b", VRO), Transition("b", "c", "c", VRO),
                          Transition("c", "a", "opnieuw", VRO))}, "leaves the final state 'c'"),
        ({"transitions": (Transition("a", "b", "naar b", VRO), Transition("a", "c", "naar c", VRO))},
         "'b' is not final but has no way out"),
        ({"transitions": (Transition("a", "b", "b", VRO), Transition("a", "b", "nog eens", VRO),
                          Transition("b", "c", "c", VRO))}, "declared twice"),
        ({"transitions": (Transition("a", "b", "naar b", frozenset({"vro"})), Transition("b", "c", "c", VRO))},
         "Role members"),
        ({"transitions": (Transition("a", "b", "naar b", VRO, guards=("geen functie",)),
                          Transition("b", "c", "c", VRO))}, "not callable"),
        ({"name": "x" * 31}, "name must have"),
        ({"states": ("a", "b", "c" * 41), "final": frozenset({"c" * 41})}, "must have 1 to 40"),
    ],
)  # fmt: skip
def test_a_broken_table_is_refused_on_construction(changes, problem):
    with pytest.raises(ValueError, match=problem):
        table(**changes)


@pytest.mark.parametrize("flow", FLOWS, ids=by_id)
def test_the_example_tables_are_sound(flow: Flow):
    assert Flow(flow.name, flow.states, flow.initial, flow.final, flow.transitions) == flow
