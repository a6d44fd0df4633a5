"""The pre-evaluation of the triage criteria (seed 002 §3.3) and the vuistregel (§3.6), on crafted data.

The compatibility classes are those of the shipped catalogue (src/novex/catalog/data/compatibiliteit.yaml),
looked up by hand for the pairs used here:

- natuur × wonen: `conflict` ("Woningbouw op natuurgrond (NNN of Natura 2000) is in strijd met het
  tegengaan van verslechtering van de natuur; ze sluiten elkaar uit.");
- bos × natuur: `combineerbaar` ("Nieuw bos draagt bij aan de verbetering van de natuur");
- bos × drinkwater: `combineerbaar`.
"""

from __future__ import annotations

import pytest

from novex.analysis.puzzle import Matrix
from novex.catalog.service import catalogus
from novex.dialogue.model import Criterium, Leidend, Triage
from novex.dialogue.triage import LinkedClaim, conflict_claims, decision_problems, merged, suggest
from novex.dialogue.vuistregel import suggest_lead

CAT = catalogus()
MATRIX = Matrix(CAT.compatibiliteit)
DOMAIN_NAMES = {"wonen": "Wonen", "natuur": "Natuur", "bos": "Bos", "drinkwater": "Drinkwater"}
PROVINCE_NAMES = {"PV26": "Utrecht", "PV27": "Noord-Holland", "PV28": "Zuid-Holland", "PV25": "Gelderland"}


def run(claims=(), conflicten=(), provincies=("PV26",), prioriteiten=()) -> dict[str, Criterium]:
    found = suggest(
        list(claims),
        list(conflicten),
        list(provincies),
        list(prioriteiten),
        MATRIX.klasse,
        lambda d: DOMAIN_NAMES.get(d, d),
        lambda p: PROVINCE_NAMES.get(p, p),
    )
    assert [c.code for c in found] == ["1", "2a", "2b", "3"]  # always all four, in order
    return {c.code: c for c in found}


def claim(cid: int, domein: str, **provincies: float) -> LinkedClaim:
    return LinkedClaim(cid, f"claim {cid}", domein, provincies or {"PV26": 10.0})


def test_the_matrix_classes_used_here_are_those_of_the_catalogue_file():
    assert MATRIX.klasse("wonen", "natuur") == MATRIX.klasse("natuur", "wonen") == "conflict"
    assert MATRIX.klasse("bos", "natuur") == "combineerbaar"
    assert MATRIX.klasse("bos", "drinkwater") == "combineerbaar"


# --- criterion 1: multi-sectoral and integral ----------------------------------------------


def test_two_claims_of_one_domain_are_not_multi_sectoral():
    c1 = run([claim(1, "wonen"), claim(2, "wonen")])["1"]
    assert c1.suggestie is False and "Wonen" in c1.onderbouwing


def test_housing_on_nature_is_multi_sectoral_with_the_conflict_named():
    c1 = run([claim(1, "wonen"), claim(2, "natuur")], ["C-1-2"])["1"]
    assert c1.suggestie is True
    assert "Wonen" in c1.onderbouwing and "Natuur" in c1.onderbouwing and "conflict" in c1.onderbouwing
    assert "wonen" not in c1.onderbouwing  # names, not slugs


def test_two_combinable_domains_are_not_in_tension():
    c1 = run([claim(1, "bos"), claim(2, "natuur")])["1"]
    assert c1.suggestie is False and "combineerbaar" in c1.onderbouwing
    assert "Bos" in c1.onderbouwing and "Natuur" in c1.onderbouwing


def test_three_domains_one_tense_pair_is_enough():
    c1 = run([claim(1, "bos"), claim(2, "natuur"), claim(3, "wonen")])["1"]
    assert c1.suggestie is True and "3 domeinen" in c1.onderbouwing
    assert "Natuur – Wonen: conflict" in c1.onderbouwing
    assert "Bos – Natuur" not in c1.onderbouwing  # the combinable pair is not listed as tension


# --- criterion 2a / 2b: a specific area, or crossing provinces ------------------------------


def test_geometry_across_a_province_border_suggests_2b():
    crossing = claim(5, "natuur", PV26=30.0, PV28=12.5)
    found = run([crossing, claim(6, "wonen")], ["C-5-6"])
    assert found["2b"].suggestie is True
    assert "Utrecht" in found["2b"].onderbouwing and "Zuid-Holland" in found["2b"].onderbouwing
    assert "claim 5" in found["2b"].onderbouwing and "claim 6" not in found["2b"].onderbouwing
    assert found["2a"].suggestie is False and "2b" in found["2a"].onderbouwing


def test_zero_hectares_in_a_province_does_not_count_as_crossing():
    found = run([claim(5, "natuur", PV26=30.0, PV28=0.0), claim(6, "wonen")], ["C-5-6"])
    assert found["2b"].suggestie is False and "Utrecht" in found["2b"].onderbouwing
    assert found["2a"].suggestie is True


def test_inside_one_province_with_a_linked_conflict_suggests_2a():
    found = run([claim(1, "wonen"), claim(2, "natuur")], ["C-1-2"])
    assert found["2a"].suggestie is True
    assert "C-1-2" in found["2a"].onderbouwing and "Utrecht" in found["2a"].onderbouwing
    assert found["2b"].suggestie is False and "Utrecht" in found["2b"].onderbouwing


def test_claims_without_a_linked_conflict_show_no_tension_in_an_area():
    found = run([claim(1, "wonen"), claim(2, "natuur")])
    assert found["2a"].suggestie is False and "geen gekoppeld conflict" in found["2a"].onderbouwing


def test_several_named_provinces_suggest_2b_even_without_geometry():
    found = run([], [], ["PV26", "PV27"])
    assert found["2b"].suggestie is True
    assert "2 provincies" in found["2b"].onderbouwing and "Noord-Holland" in found["2b"].onderbouwing


def test_no_claims_tell_nothing():
    found = run()
    assert found["1"].suggestie is None and found["2a"].suggestie is None and found["2b"].suggestie is None
    assert found["3"].suggestie is None
    assert all(c.onderbouwing for c in found.values())  # each says why it cannot tell
    assert all(c.besluit is None for c in found.values())  # the system only suggests


# --- criterion 3: substantive priority ----------------------------------------------------


def test_a_linked_novi_priority_suggests_3():
    name = next(p.naam for p in CAT.novi.prioriteiten if p.id == "novi-prioriteit-4")
    c3 = run(prioriteiten=[name])["3"]
    assert c3.suggestie is True and name in c3.onderbouwing


def test_without_a_priority_the_platform_says_it_cannot_judge_the_povis():
    c3 = run([claim(1, "wonen"), claim(2, "natuur")], ["C-1-2"])["3"]
    assert c3.suggestie is None and "POVI" in c3.onderbouwing


# --- a person's decision on top of the suggestion --------------------------------------------


def test_overriding_a_suggestion_needs_a_motivation():
    problems = decision_problems([Criterium("1", suggestie=True, besluit=False)])
    assert problems == ["criterium 1: afwijken van de suggestie vraagt een motivering"]
    assert decision_problems([Criterium("1", suggestie=True, besluit=False, motivering="  ")]) == problems
    assert decision_problems([Criterium("1", suggestie=True, besluit=False, motivering="lokaal opgelost")]) == []


def test_confirming_or_deciding_where_the_data_cannot_tell_needs_no_motivation():
    assert decision_problems([Criterium("1", suggestie=True, besluit=True)]) == []
    assert decision_problems([Criterium("3", suggestie=None, besluit=False)]) == []
    assert decision_problems([Criterium("2a", suggestie=False, besluit=None)]) == []


def test_unknown_and_double_criteria_are_problems():
    problems = decision_problems([Criterium("4", besluit=True), Criterium("1", besluit=True), Criterium("1")])
    assert any("'4' bestaat niet" in p for p in problems)
    assert any("'1' staat er twee keer in" in p for p in problems)


def test_merged_keeps_the_suggestion_and_lays_the_decision_on_top():
    suggested = tuple(run([claim(1, "wonen"), claim(2, "natuur")], ["C-1-2"]).values())
    recorded = Triage((Criterium("1", besluit=False, motivering="al geregeld"),))
    out = {c.code: c for c in merged(suggested, recorded)}
    assert (out["1"].suggestie, out["1"].besluit, out["1"].motivering) == (True, False, "al geregeld")
    assert out["2a"].suggestie is True and out["2a"].besluit is None


# --- conflict ids --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conflict_id", "claims"),
    [("C-12-40", (12, 40)), ("C-12-R3", (12,)), ("C-R3-12", (12,)), ("C-1-2", (1, 2)), ("C-R1-R2", ())],
)
def test_conflict_ids_give_their_claims(conflict_id, claims):
    assert conflict_claims(conflict_id) == claims


@pytest.mark.parametrize(
    "malformed",
    ["", "C-12", "C-12-40-7", "c-12-40", "C-12-x", "C--40", "C-12-40 ", "C-12-40\n", "X-12-40", "C-R-3", "C-1.5-2"],
)
def test_malformed_conflict_ids_are_refused(malformed):
    with pytest.raises(ValueError):
        conflict_claims(malformed)


# --- the vuistregel (§3.6) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "aard", [["wegen"], ["prioriteren"], ["uitruilen"], ["richting-kiezen"], ["wegen", "uitruilen"]]
)
def test_weighing_is_led_by_vro(aard):
    found = suggest_lead(aard)
    assert found.leidend == Leidend.VRO and "VRO neemt het voortouw" in found.onderbouwing
    assert "§3.6" in found.onderbouwing


def test_a_formal_sectoral_decision_is_led_by_the_ministry():
    found = suggest_lead(["formeel-sectoraal-besluit"])
    assert found.leidend == Leidend.DEPARTEMENT
    assert "vakdepartement" in found.onderbouwing and "VRO bewaakt het kader" in found.onderbouwing


def test_both_lead_to_the_ministry_with_vro_guarding_the_frame():
    found = suggest_lead(["prioriteren", "formeel-sectoraal-besluit"])
    assert found.leidend == Leidend.DEPARTEMENT
    assert "VRO bewaakt het kader" in found.onderbouwing and "prioriteren" in found.onderbouwing


def test_nothing_recorded_suggests_nothing():
    found = suggest_lead([])
    assert found.leidend is None and found.onderbouwing
