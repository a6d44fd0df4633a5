"""The SMART check: one case per criterion, each found and worded; may_propose with and without motivation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from novex.arrangement.model import Acceptatie, Mijlpaal, Status
from novex.arrangement.smart import (
    Criterium,
    check_afspraak,
    getal,
    may_propose,
    open_bevindingen,
    smart_check,
    weigering,
)
from tests.fixtures.arrangementen import PARTIJEN, VANDAAG, afspraak, arrangement


def findings(**over):
    return check_afspraak(afspraak(**over), 1, vandaag=VANDAAG)


def only(found, code):
    assert [f.code for f in found] == [code], [f.melding for f in found]
    return found[0]


def test_a_smart_agreement_has_no_findings():
    assert findings() == []


@pytest.mark.parametrize(
    ("over", "criterium", "code", "words"),
    [
        ({"resultaat": ""}, "specifiek", "geen-resultaat", "geen specifiek resultaat"),
        ({"resultaat": "  Woningbouw A12 "}, "specifiek", "resultaat-te-kort", "'Woningbouw A12' is te kort"),
        (
            {"resultaat": "Samen de mogelijkheden voor woningbouw langs de A12 verkennen en bespreken"},
            "specifiek",
            "resultaat-vaag",
            "vaag ('bespreken', 'verkennen')",
        ),
        ({"indicator": None}, "meetbaar", "geen-indicator", "geen indicator"),
        ({"indicator": "  "}, "meetbaar", "geen-indicator", "geen indicator"),
        ({"streefwaarde": None}, "meetbaar", "geen-streefwaarde", "ontbreekt de streefwaarde"),
        (
            {"streefwaarde": "zo veel mogelijk"},
            "meetbaar",
            "streefwaarde-geen-getal",
            "de streefwaarde 'zo veel mogelijk' is geen getal; bij de indicator 'opgeleverde woningen' hoort een getal",
        ),
        ({"eenheid": ""}, "meetbaar", "geen-eenheid", "de indicator 'opgeleverde woningen' heeft geen eenheid"),
        ({"basiswaarde": None}, "meetbaar", "geen-basiswaarde", "ontbreekt de basiswaarde"),
        ({"basiswaarde": "onbekend"}, "meetbaar", "basiswaarde-geen-getal", "de basiswaarde 'onbekend' is geen getal"),
        ({"partijen": (), "acceptaties": ()}, "acceptabel", "geen-partijen", "geen partijen genoemd"),
        (
            {"acceptaties": (Acceptatie(PARTIJEN[0]),)},
            "acceptabel",
            "niet-geaccepteerd:Ministerie van VRO",
            "Ministerie van VRO heeft de afspraak nog niet geaccepteerd",
        ),
        (
            {"acceptaties": (Acceptatie(PARTIJEN[0]), Acceptatie(PARTIJEN[1], False, toelichting="geld ontbreekt"))},
            "acceptabel",
            "niet-geaccepteerd:Ministerie van VRO",
            "Ministerie van VRO is niet akkoord met de afspraak (geld ontbreekt)",
        ),
        ({"middelen": None}, "realistisch", "geen-middelen", "geen middelen vastgelegd"),
        ({"capaciteit": " "}, "realistisch", "geen-capaciteit", "geen capaciteit vastgelegd"),
        ({"deadline": None, "mijlpalen": ()}, "tijdsgebonden", "geen-deadline", "geen deadline"),
        (
            {"deadline": date(2027, 2, 28), "mijlpalen": ()},
            "tijdsgebonden",
            "deadline-verstreken",
            "de deadline 28 februari 2027 is al verstreken (vandaag is het 1 maart 2027)",
        ),
        (
            {"mijlpalen": (Mijlpaal("Plannen klaar", date(2031, 1, 1)),)},
            "tijdsgebonden",
            "mijlpaal-na-deadline:1",
            "mijlpaal 'Plannen klaar' (1 januari 2031) valt na de deadline 31 december 2030",
        ),
        ({"eigenaren": ()}, "eigenaar", "geen-eigenaar", "geen eigenaar van de uitvoering"),
    ],
)
def test_each_criterion_is_found_and_worded(over, criterium, code, words):
    found = only(findings(**over), code)
    assert found.criterium == criterium
    assert found.melding.startswith("Afspraak 1: ")
    assert words in found.melding
    assert found.afspraak == "a1"
    assert found.sleutel == f"a1/{code}"


def test_every_criterion_of_the_issue_has_a_case():
    assert {c.value for c in Criterium} == {
        "specifiek",
        "meetbaar",
        "acceptabel",
        "realistisch",
        "tijdsgebonden",
        "eigenaar",
    }


def test_a_result_with_a_vague_word_but_a_number_is_specific_enough():
    assert findings(resultaat="Verkennen afgerond en 3 locaties voor 1.200 woningen gekozen") == []


def test_each_party_that_has_not_accepted_is_named_separately():
    found = findings(acceptaties=())
    assert [f.code for f in found] == [f"niet-geaccepteerd:{p}" for p in PARTIJEN]
    assert [f.melding for f in found] == [f"Afspraak 1: {p} heeft de afspraak nog niet geaccepteerd." for p in PARTIJEN]


def test_a_past_deadline_counts_only_in_a_draft():
    old = {"deadline": date(2026, 12, 31), "mijlpalen": ()}
    assert check_afspraak(afspraak(**old), 1, vandaag=VANDAAG, concept=False) == []
    for status in (Status.CONCEPT, Status.VOORGELEGD):
        ra = arrangement(status=status, afspraken=(afspraak(**old),))
        assert [f.code for f in smart_check(ra, VANDAAG)] == ["deadline-verstreken"]
    adopted = arrangement(status=Status.VASTGESTELD, afspraken=(afspraak(**old),))
    assert smart_check(adopted, VANDAAG) == ()


def test_the_check_numbers_agreements_by_position_and_keeps_ids():
    ra = arrangement(afspraken=(afspraak("a1"), afspraak("a2", id=42, eigenaren=())))
    (found,) = smart_check(ra, VANDAAG)
    assert (found.afspraak, found.nummer, found.afspraak_id) == ("a2", 2, 42)
    assert found.melding.startswith("Afspraak 2: ")


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (4000, 4000.0),
        ("4000", 4000.0),
        ("12,5", 12.5),
        ("1.250", 1250.0),
        ("1.250,5", 1250.5),
        ("12.5", 12.5),
        ("0.125", 0.125),
        ("1,234.5", 1234.5),
        ("-1.250.000", -1250000.0),
    ],
)
def test_numbers_as_people_type_them(value, number):
    assert getal(value) == number


@pytest.mark.parametrize("value", ["veel", "", None, True, float("nan"), "inf", float("inf")])
def test_what_is_not_a_number(value):
    assert getal(value) is None


def test_proposing_is_refused_while_a_finding_is_open_and_accepted_with_a_motivation():
    ra = arrangement(afspraken=(afspraak(middelen=None, eigenaren=()),))
    found = smart_check(ra, VANDAAG)
    assert [f.sleutel for f in found] == ["a1/geen-middelen", "a1/geen-eigenaar"]
    assert not may_propose(found, {})
    reason = weigering(found, {})
    assert reason.startswith("2 SMART-bevindingen staan nog open zonder motivering: Afspraak 1: er zijn geen middelen")

    one = {"a1/geen-middelen": "Geen geld nodig: het is een planologische keuze."}
    assert not may_propose(found, one)
    assert [f.code for f in open_bevindingen(found, one)] == ["geen-eigenaar"]
    assert weigering(found, one).startswith("1 SMART-bevinding staat nog open")

    assert not may_propose(found, {**one, "a1/geen-eigenaar": "   "})  # a blank motivation does not count
    both = {**one, "a1/geen-eigenaar": "Eigenaar wordt in het BOL aangewezen."}
    assert may_propose(found, both)
    assert weigering(found, both) is None


def test_a_motivation_for_another_finding_does_not_help():
    found = smart_check(arrangement(afspraken=(afspraak(eigenaren=()),)), VANDAAG)
    assert not may_propose(found, {"a2/geen-eigenaar": "andere afspraak"})


def test_no_findings_may_always_be_proposed():
    assert may_propose((), {})
    assert weigering((), {}) is None


def test_a_long_refusal_shows_the_first_three_findings():
    found = smart_check(arrangement(afspraken=(replace(afspraak(), indicator=None, middelen=None, eigenaren=(),
                                                        capaciteit=None),)), VANDAAG)  # fmt: skip
    assert len(found) == 4
    assert "(en nog 1)" in weigering(found, {})
