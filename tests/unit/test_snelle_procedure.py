"""The fast procedure (seed 002 §4.2): its products, the 2–3 options rule, and the flow."""

from __future__ import annotations

from importlib import resources

import pytest

from novex.access import Actor, Role
from novex.errors import TransitionRefused
from novex.flow import move
from novex.meetings.snelle_procedure import (
    ESCALATIECRITERIA,
    SNELLE_PROCEDURE,
    Optie,
    Selectie,
    Signaal,
    SnelleProcedure,
    TafelNotitie,
    Terugkoppeling,
    note_problems,
    selection_problems,
    signal_problems,
)

VRO = Actor(1, "vro@x.nl", Role.VRO)
PROVINCE = Actor(2, "p@x.nl", Role.PROVINCIE, provincie="PV26")

SEED = (resources.files("novex.catalog") / "sources" / "002_007158e3502fce0d.txt").read_text("utf-8")


class Memory:
    def __init__(self):
        self.steps, self.events = [], []

    def record(self, item):
        (self.events if isinstance(item, list) else self.steps).append(item)

    def history(self, flow, item_id):
        return self.steps


def option(k: int) -> Optie:
    return Optie(f"Richting {k}", "voor", "tegen", "ruimtelijk", "bestuurlijk", "juridisch")


def note(n: int) -> TafelNotitie:
    return TafelNotitie("Gedeeld beeld", tuple(option(k) for k in range(n)), "bestuurlijk")


def test_the_four_escalation_criteria_are_the_seeds_own_words():
    """Each criterion's text is in §4.2 of seed 002 (whitespace normalised)."""
    text = " ".join(SEED.split())
    for criterion in ESCALATIECRITERIA.values():
        assert criterion.lower() in text.lower()


@pytest.mark.parametrize(("options", "ok"), [(1, False), (2, True), (3, True), (4, False), (0, False)])
def test_a_snelle_tafel_formulates_two_or_three_options(options, ok):
    problems = note_problems(note(options))
    assert (not problems) is ok
    if not ok:
        assert f"nu {options}" in problems[0]


def test_an_option_without_its_implications_is_named():
    bad = TafelNotitie("Beeld", (option(1), Optie("Twee", "voor", "tegen", "", "b", "")), "verder-uitwerken")
    assert note_problems(bad) == ["optie 2: 'ruimtelijk' ontbreekt", "optie 2: 'juridisch' ontbreekt"]


def test_a_signal_names_what_clashes_where_and_why_urgent():
    assert signal_problems(Signaal(True, "ja", "wonen x water", "Lopik", "BOL in september")) == []
    assert signal_problems(Signaal(True, "ja", "", "Lopik", "")) == [
        "signaal: 'wat botst (functies/claims)' ontbreekt",
        "signaal: 'waarom urgent' ontbreekt",
    ]
    assert signal_problems(Signaal(False, "geen nationaal kader")) == []  # 'no' needs only its motivation


def test_a_selection_answers_every_criterion_and_names_experts_when_escalating():
    every = {code: (True, "omdat") for code in ESCALATIECRITERIA}
    assert selection_problems(Selectie(every, opschalen=True, experts=(3,))) == []
    assert "kies de inhoudelijke experts" in selection_problems(Selectie(every, opschalen=True))[0]
    partial = dict(list(every.items())[:3])
    assert selection_problems(Selectie(partial, opschalen=False)) == [
        f"escalatiecriterium '{list(ESCALATIECRITERIA)[3]}' is niet beantwoord"
    ]


def test_the_whole_procedure_runs_in_order_and_every_step_needs_its_product():
    memory = Memory()
    p = SnelleProcedure(1)
    with pytest.raises(TransitionRefused, match="'signaal' ontbreekt"):
        move(SNELLE_PROCEDURE, p, "snelle-selectie", VRO, None, memory, memory)
    p = SnelleProcedure(1, signaal=Signaal(True, "ja", "wonen x water", "Lopik", "BOL"))
    p = SnelleProcedure(1, move(SNELLE_PROCEDURE, p, "snelle-selectie", VRO, None, memory, memory), p.signaal)
    every = {code: (True, "omdat") for code in ESCALATIECRITERIA}
    p = SnelleProcedure(1, p.fase, p.signaal, Selectie(every, True, (3,)))
    with pytest.raises(TransitionRefused, match="'selectie-niet-opschalen' ontbreekt"):
        move(SNELLE_PROCEDURE, p, "terugkoppeling", VRO, None, memory, memory)
    p = SnelleProcedure(1, move(SNELLE_PROCEDURE, p, "snelle-tafel", VRO, None, memory, memory), p.signaal, p.selectie)
    with pytest.raises(TransitionRefused, match="'tafelnotitie' ontbreekt"):
        move(SNELLE_PROCEDURE, SnelleProcedure(1, p.fase, tafel=note(4)), "terugkoppeling", VRO, None, memory, memory)
    p = SnelleProcedure(1, p.fase, p.signaal, p.selectie, note(2))
    p = SnelleProcedure(1, move(SNELLE_PROCEDURE, p, "terugkoppeling", VRO, None, memory, memory), tafel=p.tafel,
                        terugkoppeling=Terugkoppeling("do-novex", True, "Richting 1 gekozen"))  # fmt: skip
    assert move(SNELLE_PROCEDURE, p, "afgerond", VRO, None, memory, memory) == "afgerond"
    assert [(s.source, s.target) for s in memory.steps] == [
        ("signalering", "snelle-selectie"), ("snelle-selectie", "snelle-tafel"),
        ("snelle-tafel", "terugkoppeling"), ("terugkoppeling", "afgerond"),
    ]  # fmt: skip


def test_only_the_accounthouder_vro_moves_the_procedure():
    p = SnelleProcedure(1, signaal=Signaal(True, "ja", "a", "b", "c"))
    with pytest.raises(TransitionRefused, match="de rol 'provincie' mag"):
        move(SNELLE_PROCEDURE, p, "snelle-selectie", PROVINCE, None, Memory(), Memory())


def test_a_no_at_the_quick_check_closes_the_procedure():
    p = SnelleProcedure(1, signaal=Signaal(False, "geen nationaal ruimtelijk kader in het spel"))
    with pytest.raises(TransitionRefused):
        move(SNELLE_PROCEDURE, p, "snelle-selectie", VRO, None, Memory(), Memory())
    assert move(SNELLE_PROCEDURE, p, "geen-botsing", VRO, None, Memory(), Memory()) == "geen-botsing"
