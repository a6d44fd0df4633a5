"""The RA model: five parts, inclusion needing all five criteria, and the structural checks."""

from __future__ import annotations

from datetime import date

import pytest

from novex.arrangement.inclusie import (
    INCLUSIECRITERIA,
    Inclusie,
    Inclusiecriterium,
    inclusie_problemen,
    reden_niet_opgenomen,
)
from novex.arrangement.model import (
    ONDERDELEN,
    Acceptatie,
    Eigenaar,
    Herschikking,
    Onderdeel,
    Ondertekening,
    RuimtelijkArrangement,
    Vaststelling,
)
from novex.arrangement.validatie import arrangement_problemen, controleer
from novex.dialogue.model import CRITERIA as TRIAGECRITERIA
from novex.errors import InvalidInput
from tests.fixtures.arrangementen import afspraak, arrangement, inclusie, investering

# --- inclusion: all five must hold --------------------------------------------------------------------


def test_included_when_all_five_hold():
    assert inclusie().opgenomen
    assert inclusie().compleet
    assert reden_niet_opgenomen(inclusie()) is None


@pytest.mark.parametrize("nee", [(n,) for n in INCLUSIECRITERIA])
def test_one_criterion_not_met_keeps_the_vraagstuk_out(nee):
    i = inclusie(nee=nee)
    assert not i.opgenomen
    assert i.compleet  # decided and motivated, just not met
    assert i.niet_voldaan == nee
    assert reden_niet_opgenomen(i).endswith(f"(niet voldaan of nog niet besloten: {nee[0]})")


def test_undecided_or_missing_criteria_keep_it_out_and_incomplete():
    four = Inclusie(7, tuple(Inclusiecriterium(n, True, "m") for n in (1, 2, 3, 4)))
    assert not four.opgenomen and not four.compleet
    assert four.niet_voldaan == (5,)
    undecided = Inclusie(7, (*four.criteria, Inclusiecriterium(5)))
    assert not undecided.opgenomen and not undecided.compleet
    unmotivated = Inclusie(7, (*four.criteria, Inclusiecriterium(5, True, "  ")))
    assert unmotivated.opgenomen and not unmotivated.compleet


def test_inclusion_records_that_are_malformed():
    bad = Inclusie(7, (Inclusiecriterium(1, True), Inclusiecriterium(1, True), Inclusiecriterium(6, True)))
    assert inclusie_problemen(bad) == [
        "vraagstuk 7: onbekend inclusiecriterium 6 (kies 1 tot en met 5)",
        "vraagstuk 7: inclusiecriterium 1 staat er meer dan eens",
    ]


def test_the_inclusion_criteria_are_not_the_triage_criteria():
    assert len(INCLUSIECRITERIA) == 5 and len(TRIAGECRITERIA) == 4  # seed 002 Bijlage 3 §4 vs §3.3 (1, 2a, 2b, 3)
    assert not set(INCLUSIECRITERIA.values()) & set(TRIAGECRITERIA.values())
    assert Inclusiecriterium(3).tekst == "Het vraagstuk kan niet via een regulier traject worden opgelost"


# --- the model ------------------------------------------------------------------------------------------


def test_a_new_version_has_the_five_parts_with_the_seed_titles():
    ra = RuimtelijkArrangement("PV26", 2027)
    assert [o.nummer for o in ra.onderdelen] == [1, 2, 3, 4, 5]
    assert ra.onderdeel(5).titel.startswith("Investeringsafspraken per provincie")
    assert ra.onderdeel(2).titel == ONDERDELEN[2]
    assert (ra.status, ra.generatie, ra.state) == ("concept", "jaarlijks", "concept")


def test_products_for_the_flow_engine():
    assert arrangement().products == frozenset()
    ra = arrangement(
        vastgesteld_in=Vaststelling(1, date(2027, 9, 21)),
        ondertekening=Ondertekening(date(2023, 10, 5), ("minister voor VRO",)),
        vervangen_door=2,
    )
    assert ra.products == {"vaststelling", "ondertekening", "opvolger"}


def test_lookups():
    ra = arrangement(afspraken=(afspraak("a1"), afspraak("a2", onderdeel=4)))
    assert ra.afspraak("a2").onderdeel == 4
    assert ra.afspraak("zz") is None
    assert [a.sleutel for a in ra.afspraken_van(4)] == ["a2"]
    assert ra.opgenomen_vraagstukken == (7,)
    assert afspraak(acceptaties=(Acceptatie("Provincie Utrecht"),)).niet_geaccepteerd == ("Ministerie van VRO",)


# --- structural checks ---------------------------------------------------------------------------------


def test_the_fixture_is_sound():
    assert arrangement_problemen(arrangement()) == []
    controleer(arrangement())


@pytest.mark.parametrize(
    ("over", "problem"),
    [
        ({"provincie": "PV99"}, "onbekende provincie 'PV99'"),
        ({"jaar": 2022}, "jaar 2022 valt buiten 2023–2100"),
        ({"generatie": "tweede"}, "onbekende generatie 'tweede'"),
        ({"status": "klaar"}, "onbekende status 'klaar'"),
        ({"onderdelen": (Onderdeel(1), Onderdeel(2))}, "precies de vijf onderdelen 1 tot en met 5"),
        ({"afspraken": (afspraak("a1"), afspraak("a1"))}, "sleutel 'a1' staat bij meer dan één afspraak"),
        ({"afspraken": (afspraak(sleutel=" "),)}, "afspraak 1: geen sleutel"),
        ({"afspraken": (afspraak(tekst=""),)}, "afspraak 1: de tekst van de afspraak ontbreekt"),
        ({"afspraken": (afspraak(onderdeel=0),)}, "afspraak 1: onderdeel 0 bestaat niet"),
        ({"afspraken": (afspraak(partijen=("A", "A"), acceptaties=()),)}, "een partij staat er meer dan eens"),
        (
            {"afspraken": (afspraak(acceptaties=(Acceptatie("Gemeente Woerden"),)),)},
            "acceptatie van 'Gemeente Woerden', die geen partij is",
        ),
        ({"afspraken": (afspraak(eigenaren=(Eigenaar("bedrijf", "X"),)),)}, "onbekende soort eigenaar 'bedrijf'"),
        ({"afspraken": (afspraak(eigenaren=(Eigenaar("vro", ""),)),)}, "een eigenaar zonder naam"),
        (
            {"investeringen": (investering("i1"), investering("i1"))},
            "sleutel 'i1' staat bij meer dan één investeringsafspraak",
        ),
        ({"investeringen": (investering(afspraak="a7"),)}, "dient onbekende afspraak 'a7'"),
        ({"investeringen": (investering(fonds="onbekend"),)}, "onbekend fonds 'onbekend'"),
        ({"inclusies": (inclusie(), inclusie())}, "vraagstuk 7: de inclusie staat er meer dan eens"),
    ],
)
def test_structural_faults_are_named(over, problem):
    problems = arrangement_problemen(arrangement(**over))
    assert any(problem in p for p in problems), problems
    with pytest.raises(InvalidInput, match="ruimtelijk arrangement ongeldig"):
        controleer(arrangement(**over))


def test_the_known_funds_are_configuration():
    ra = arrangement(investeringen=(investering(fonds="klimaatfonds"),))
    assert arrangement_problemen(ra, fondsen={"klimaatfonds"}) == []
    assert arrangement_problemen(ra) != []  # not in the shipped register


def test_a_herschikking_belongs_to_part_2():
    h = Herschikking("herschikking", ("PV26",))
    assert arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=2, herschikking=h),))) == []
    (problem,) = arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=1, herschikking=h),)))
    assert "een herschikking is een nationale richtinggevende keuze en hoort in onderdeel 2" in problem


def test_an_uitruil_is_between_provinces():
    one = Herschikking("uitruil", ("PV26",))
    (problem,) = arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=2, herschikking=one),)))
    assert "een uitruil is tussen provincies (seed 004 handreiking §2.4): noem er minstens twee" in problem
    two = Herschikking("uitruil", ("PV26", "PV27"))
    assert arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=2, herschikking=two),))) == []


def test_a_herschikking_names_known_provinces_and_a_known_kind():
    bad = Herschikking("ruil", ("PV99",))
    problems = arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=2, herschikking=bad),)))
    assert any("onbekende soort 'ruil'" in p for p in problems)
    assert any("onbekende provincie(s) PV99" in p for p in problems)
    none = Herschikking("herschikking", ())
    (problem,) = arrangement_problemen(arrangement(afspraken=(afspraak(onderdeel=2, herschikking=none),)))
    assert "noem de provincie(s)" in problem
