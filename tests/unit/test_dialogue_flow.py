"""The BOB flow of a vraagstuk (`novex.dialogue.bob.BOB`), tested pair by pair and role by role.

The expectations are written out by hand below from seed 002 §3.6 / §4.1 as documented in the
docstring of `novex.dialogue.bob` — they are NOT read from `transition.roles`:

- VRO coordinates the integral weighing and moves the phases (§3.6 "coördinator van de integrale
  weging"; §4.1 stap 2 "VRO belegt en agendeert");
- the ministry (vakdepartement) leads formal sectoral decisions (§3.6 vuistregel; §4.1 stap 3
  "Vakdepartementen nemen het voortouw voor sectorale besluiten"), so besides VRO a ministry that
  is the lead party may close besluitvorming (→ vastgelegd or → knelpunt);
- gesignaleerd needs the light first framing (inkadering), beeldvorming a complete triage,
  oordeelsvorming → besluitvorming the Format aanpak (A5), → vastgelegd a settling decision (the
  BOL, or a DO NOVEX with consensus), → knelpunt at least one table outcome;
- going on to oordeelsvorming against the criteria of §3.3 needs a recorded motivation
  (`afwijking`); elders beleggen names the place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from novex.access import Actor, Role
from novex.dialogue.bob import BOB, FASEN
from novex.dialogue.model import Criterium, Tafelbesluit, Triage, Vraagstuk
from novex.errors import TransitionRefused
from novex.flow import allowed_moves, move

G, B, OV, BV = "gesignaleerd", "beeldvorming", "oordeelsvorming", "besluitvorming"
VAST, ELDERS, AF, KNEL = "vastgelegd", "elders-belegd", "afgesloten", "knelpunt"
VRO = frozenset({Role.VRO})
VRO_DEP = frozenset({Role.VRO, Role.DEPARTEMENT})

# (from, to) -> (roles that may, products required to leave `from`)  — by hand, see the module docstring.
EXPECTED: dict[tuple[str, str], tuple[frozenset[Role], tuple[str, ...]]] = {
    (G, B): (VRO, ("inkadering",)),
    (B, OV): (VRO, ("triage",)),
    (B, ELDERS): (VRO, ("triage",)),
    (B, AF): (VRO, ("triage",)),
    (OV, BV): (VRO, ("aanpak",)),
    (OV, ELDERS): (VRO, ()),
    (OV, AF): (VRO, ()),
    (BV, OV): (VRO, ()),
    (BV, VAST): (VRO_DEP, ("besluit",)),
    (BV, KNEL): (VRO_DEP, ("tafelbesluit",)),
}
ALL_PHASES = (G, B, OV, BV, VAST, ELDERS, AF, KNEL)
FINAL = {VAST, ELDERS, AF, KNEL}
LEAD_MINISTRY = "EZK"


def test_the_table_has_exactly_the_phases_and_moves_written_here():
    assert tuple(FASEN) == ALL_PHASES and BOB.initial == G and BOB.final == FINAL
    assert {(t.source, t.target) for t in BOB.transitions} == set(EXPECTED)


def _triage(met: bool = True) -> Triage:
    criteria = tuple(Criterium(code, besluit=met or code != "3", motivering="m") for code in ("1", "2a", "2b", "3"))
    return Triage(criteria, advies="advies van de accounthouder", besloten_door="Regietafel NOVEX")


FULL_AANPAK = {k: f"tekst {k}" for k in ("aanpak", "tempo", "fasering", "rolverdeling", "besluitvorming", "monitoring")}
BOL = Tafelbesluit("bol", date(2026, 11, 1), "keuze voor de oplossingsrichting")
DO_WITHOUT_CONSENSUS = Tafelbesluit("do-novex", date(2026, 10, 1), "geen eenduidig advies", False, "verschil x")


def ready(fase: str) -> Vraagstuk:
    """A vraagstuk in `fase` that holds every product and meets every guard (crafted field by field)."""
    return Vraagstuk(
        titel="Rijnenburg",
        provincies=("PV26",),
        herkomst="informeel-contact",
        inkadering="uitvoeringsstrategie Nota Ruimte",
        id=42,
        fase=fase,
        uitkomst_plek="ministerie-ezk",
        leidend="departement",
        leidend_departement=LEAD_MINISTRY,
        triage=_triage(),
        aanpak=dict(FULL_AANPAK),
        tafelbesluiten=(DO_WITHOUT_CONSENSUS, BOL),
    )


def actor(role: Role) -> Actor:
    return Actor(
        7,
        f"{role}@example.nl",
        role,
        provincie="PV26" if role is Role.PROVINCIE else None,
        departement=LEAD_MINISTRY if role is Role.DEPARTEMENT else None,
    )


class Recorder:
    """FlowHistory and AuditLog in memory."""

    def __init__(self) -> None:
        self.steps: list = []
        self.events: list = []

    def record(self, what) -> None:
        if isinstance(what, list):
            self.events += what
        else:
            self.steps.append(what)


def refused(item: Vraagstuk, target: str, who: Actor) -> TransitionRefused:
    rec = Recorder()
    with pytest.raises(TransitionRefused) as caught:
        move(BOB, item, target, who, "omdat", rec, rec)
    assert rec.steps == [] and rec.events == []  # a refusal records nothing
    return caught.value


def allowed_targets(source: str) -> list[str]:
    return [t for (s, t) in EXPECTED if s == source]


PAIRS = [(s, t, r) for s in ALL_PHASES for t in ALL_PHASES for r in Role]


@pytest.mark.parametrize(("source", "target", "role"), PAIRS, ids=[f"{s}->{t}-{r}" for s, t, r in PAIRS])
def test_every_pair_of_phases_for_every_role(source, target, role):
    item, who = ready(source), actor(role)
    if source in FINAL:
        error = refused(item, target, who)
        assert "eindfase" in str(error) and f"'{source}'" in str(error)
        return
    if (source, target) not in EXPECTED:
        error = refused(item, target, who)
        (reason,) = error.reasons
        assert reason == f"vanuit '{source}' kan vraagstuk alleen naar " + ", ".join(
            f"'{t}'" for t in allowed_targets(source)
        )
        return
    roles, _ = EXPECTED[(source, target)]
    if role in roles:
        rec = Recorder()
        assert move(BOB, item, target, who, "omdat", rec, rec) == target
        (step,) = rec.steps
        (change,) = rec.events
        assert (step.flow, step.item_id, step.source, step.target) == ("vraagstuk", "42", source, target)
        assert (step.actor, step.rol, step.reden) == (who.email, str(role), "omdat")
        assert change.actie == "vraagstuk.fase-gewijzigd" and change.provincie == "PV26"
        assert (change.details["van"], change.details["naar"]) == (source, target)
    else:
        error = refused(item, target, who)
        assert any(f"de rol '{role}'" in r for r in error.reasons), error.reasons


@pytest.mark.parametrize("source", [s for s in ALL_PHASES if s not in FINAL])
def test_the_buttons_agree_with_the_table_for_every_role(source):
    for role in Role:
        options = {m.transition.target: m.allowed for m in allowed_moves(BOB, ready(source), actor(role))}
        expected = {t: role in EXPECTED[(source, t)][0] for t in allowed_targets(source)}
        assert options == expected, role


@pytest.mark.parametrize("source", sorted(FINAL))
def test_a_final_phase_has_no_buttons_and_refuses_even_the_operator(source):
    assert allowed_moves(BOB, ready(source), actor(Role.VRO)) == []
    for target in ALL_PHASES:
        assert "eindfase" in str(refused(ready(source), target, Actor.operator()))


@pytest.mark.parametrize(("source", "target"), list(EXPECTED), ids=[f"{s}->{t}" for s, t in EXPECTED])
def test_the_operator_on_the_command_line_may_make_every_move_of_the_table(source, target):
    rec = Recorder()
    assert move(BOB, ready(source), target, Actor.operator(), None, rec, rec) == target
    assert rec.steps[0].reden is None  # no reason given: none recorded


def test_an_unknown_target_is_refused_naming_the_phases():
    error = refused(ready(G), "klaar", actor(Role.VRO))
    assert "'klaar' is geen fase" in str(error) and all(f"'{p}'" in str(error) for p in ALL_PHASES)


# --- products ------------------------------------------------------------------------------

MISSING = {
    "inkadering": [
        lambda v: replace(v, inkadering=None),
        lambda v: replace(v, inkadering="   "),  # blank is not a framing
    ],
    "triage": [
        lambda v: replace(v, triage=Triage()),
        lambda v: replace(v, triage=replace(_triage(), advies=None)),  # no advice of the accounthouder
        lambda v: replace(v, triage=replace(_triage(), besloten_door="")),  # nobody decided
        lambda v: replace(v, triage=replace(_triage(), criteria=_triage().criteria[:3])),  # criterion 3 missing
        lambda v: replace(  # criterion 2b suggested but not decided by a person
            v,
            triage=replace(_triage(), criteria=(*_triage().criteria[:2], Criterium("2b", True), _triage().criteria[3])),
        ),
    ],
    "aanpak": [
        lambda v: replace(v, aanpak={}),
        lambda v: replace(v, aanpak={**FULL_AANPAK, "monitoring": ""}),
        lambda v: replace(v, aanpak={k: t for k, t in FULL_AANPAK.items() if k != "tempo"}),
        lambda v: replace(v, aanpak={**FULL_AANPAK, "rolverdeling": " \n "}),
    ],
    "besluit": [
        lambda v: replace(v, tafelbesluiten=()),
        lambda v: replace(v, tafelbesluiten=(DO_WITHOUT_CONSENSUS,)),  # no consensus: it goes on to GP-DG
        lambda v: replace(  # GP-DG prepares the BOL's decision, it does not settle
            v, tafelbesluiten=(DO_WITHOUT_CONSENSUS, Tafelbesluit("gp-dg", date(2026, 10, 20), "advies aan BOL"))
        ),
        lambda v: replace(v, tafelbesluiten=(Tafelbesluit("do-novex", date(2026, 10, 1), "?", None),)),
    ],
    "tafelbesluit": [lambda v: replace(v, tafelbesluiten=())],
}
PRODUCT_CASES = [
    (s, t, product, i)
    for (s, t), (_, products) in EXPECTED.items()
    for product in products
    for i in range(len(MISSING[product]))
]


@pytest.mark.parametrize(
    ("source", "target", "product", "variant"), PRODUCT_CASES, ids=[f"{s}->{t}-{p}-{i}" for s, t, p, i in PRODUCT_CASES]
)
def test_a_missing_product_is_refused_naming_it(source, target, product, variant):
    item = MISSING[product][variant](ready(source))
    error = refused(item, target, actor(Role.VRO))
    assert f"'{product}' ontbreekt" in str(error) and f"'{source}'" in str(error)


def test_a_settling_decision_is_the_bol_or_a_do_novex_with_consensus():
    do_consensus = Tafelbesluit("do-novex", date(2026, 10, 1), "eenduidig advies", True)
    for decisions in [(do_consensus,), (DO_WITHOUT_CONSENSUS, BOL)]:
        item = replace(ready(BV), tafelbesluiten=decisions)
        rec = Recorder()
        assert move(BOB, item, VAST, actor(Role.VRO), None, rec, rec) == VAST


def test_a_knot_needs_a_table_outcome_but_not_a_settling_one():
    item = replace(ready(BV), tafelbesluiten=(DO_WITHOUT_CONSENSUS,))
    rec = Recorder()
    assert move(BOB, item, KNEL, actor(Role.VRO), "geen oplossing", rec, rec) == KNEL


def test_products_are_needed_only_for_their_own_move():
    bare = replace(ready(OV), aanpak={})  # no approach: besluitvorming refused, the exits are not
    rec = Recorder()
    assert move(BOB, bare, AF, actor(Role.VRO), "hoeft niet door", rec, rec) == AF
    assert move(BOB, replace(bare, fase=OV), ELDERS, actor(Role.VRO), "elders", rec, rec) == ELDERS
    triage_only = replace(ready(BV), tafelbesluiten=())
    assert move(BOB, triage_only, OV, actor(Role.VRO), "verder uitwerken", rec, rec) == OV


# --- the criteria guard (§3.3: the criteria guide, they are not a gate) ---------------------

NOT_MET = [
    ("without 3", {"1": True, "2a": True, "2b": True, "3": False}),
    ("without 1", {"1": False, "2a": True, "2b": True, "3": True}),
    ("neither 2a nor 2b", {"1": True, "2a": False, "2b": False, "3": True}),
    ("none", {"1": False, "2a": False, "2b": False, "3": False}),
]
MET = [
    ("all", {"1": True, "2a": True, "2b": True, "3": True}),
    ("2a only", {"1": True, "2a": True, "2b": False, "3": True}),
    ("2b only", {"1": True, "2a": False, "2b": True, "3": True}),
]


def with_decisions(decisions: dict[str, bool], afwijking: str | None = None) -> Vraagstuk:
    criteria = tuple(Criterium(c, besluit=b, motivering="m") for c, b in decisions.items())
    return replace(ready(B), triage=Triage(criteria, "advies", "Regietafel NOVEX", afwijking))


@pytest.mark.parametrize(("label", "decisions"), NOT_MET, ids=[n for n, _ in NOT_MET])
def test_criteria_not_met_without_a_motivation_are_refused(label, decisions):
    for afwijking in (None, "", "   "):
        error = refused(with_decisions(decisions, afwijking), OV, actor(Role.VRO))
        assert "criteria" in str(error) and "afwijking" in str(error)


@pytest.mark.parametrize(("label", "decisions"), NOT_MET, ids=[n for n, _ in NOT_MET])
def test_criteria_not_met_with_a_motivation_go_on(label, decisions):
    rec = Recorder()
    item = with_decisions(decisions, "bestuurlijk urgent: het BOL vraagt erom")
    assert move(BOB, item, OV, actor(Role.VRO), None, rec, rec) == OV


@pytest.mark.parametrize(("label", "decisions"), MET, ids=[n for n, _ in MET])
def test_criteria_met_need_no_motivation(label, decisions):
    rec = Recorder()
    assert move(BOB, with_decisions(decisions), OV, actor(Role.VRO), None, rec, rec) == OV


def test_the_criteria_guard_does_not_stop_the_exits():
    item = with_decisions(NOT_MET[-1][1])
    rec = Recorder()
    assert move(BOB, item, AF, actor(Role.VRO), "voldoet niet", rec, rec) == AF


def test_elders_beleggen_needs_a_place():
    for source in (B, OV):
        item = replace(ready(source), uitkomst_plek=None)
        error = refused(item, ELDERS, actor(Role.VRO))
        assert "plek" in str(error)


# --- only the lead ministry closes besluitvorming -------------------------------------------


def ministry(departement: str) -> Actor:
    return Actor(9, f"expert@{departement.lower()}.nl", Role.DEPARTEMENT, departement=departement)


LEADS = [
    # leidend, leidend_departement, ministry of the actor, allowed?
    ("departement", "EZK", "EZK", True),
    ("departement", "IenW", "EZK", False),  # another ministry leads
    ("vro", None, "EZK", False),  # VRO leads
    ("vro", "EZK", "EZK", False),  # a stale ministry name does not make it the lead
    (None, None, "EZK", False),  # nobody decided yet
]


@pytest.mark.parametrize(("leidend", "lead_dept", "own_dept", "allowed"), LEADS)
@pytest.mark.parametrize("target", [VAST, KNEL])
def test_a_ministry_closes_besluitvorming_only_as_the_lead(leidend, lead_dept, own_dept, allowed, target):
    item = replace(ready(BV), leidend=leidend, leidend_departement=lead_dept)
    who = ministry(own_dept)
    if allowed:
        rec = Recorder()
        assert move(BOB, item, target, who, "besloten", rec, rec) == target
    else:
        (reason,) = refused(item, target, who).reasons
        assert "leidende vakdepartement" in reason
    # VRO may close it whoever leads
    rec = Recorder()
    assert move(BOB, item, target, actor(Role.VRO), "besloten", rec, rec) == target


def test_a_ministry_leading_may_still_not_move_the_other_phases():
    for source, target in [(G, B), (B, OV), (OV, BV), (BV, OV), (OV, AF)]:
        error = refused(ready(source), target, ministry(LEAD_MINISTRY))
        assert any("de rol 'departement'" in r for r in error.reasons)


def test_a_refusal_gives_every_reason_at_once():
    item = replace(ready(BV), leidend="vro", tafelbesluiten=())
    error = refused(item, VAST, ministry(LEAD_MINISTRY))
    assert len(error.reasons) == 2
    assert "leidende vakdepartement" in error.reasons[0] and "'besluit' ontbreekt" in error.reasons[1]
