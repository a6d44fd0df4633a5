"""Investment agreements: validated (amount, programme, existing fund) and totalled per province and programme."""

from __future__ import annotations

from decimal import Decimal

import pytest

from novex.arrangement.investeringen import (
    bekende_fondsen,
    controleer_investering,
    fondsen,
    investering_problemen,
    load_fondsen,
    totalen,
)
from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput
from tests.fixtures.arrangementen import arrangement, investering

FONDSEN = frozenset({"woningbouwimpuls", "deltafonds"})


def test_a_valid_investment_has_no_problems():
    assert investering_problemen(investering(), FONDSEN) == []
    controleer_investering(investering())  # the shipped register knows the Woningbouwimpuls


@pytest.mark.parametrize(
    ("bedrag", "words"),
    [
        (Decimal(0), "moet groter dan nul zijn (nu 0)"),
        (Decimal("-5"), "moet groter dan nul zijn (nu -5)"),
        (-0.01, "moet groter dan nul zijn"),
        (float("nan"), "is geen eindig getal"),
        (Decimal("NaN"), "is geen eindig getal"),
        (float("inf"), "is geen eindig getal"),
        (Decimal("Infinity"), "is geen eindig getal"),
        ("veel", "is geen eindig getal"),
        (None, "is geen eindig getal"),
        (True, "is geen eindig getal"),
    ],
)
def test_the_amount_must_be_positive_and_finite(bedrag, words):
    (problem,) = investering_problemen(investering(bedrag=bedrag), FONDSEN)
    assert problem.startswith("investeringsafspraak 'i1': het bedrag")
    assert words in problem


@pytest.mark.parametrize("bedrag", [1, 0.5, Decimal("0.01"), "2500000.50"])
def test_positive_amounts_of_any_number_type(bedrag):
    assert investering_problemen(investering(bedrag=bedrag), FONDSEN) == []


@pytest.mark.parametrize("programma", ["", "   "])
def test_a_programme_must_be_named(programma):
    (problem,) = investering_problemen(investering(programma=programma), FONDSEN)
    assert "noem het nationale programma; dat blijft verantwoordelijk voor de toewijzing (seed 003 §3)" in problem


def test_the_fund_must_exist_in_the_given_set():
    (problem,) = investering_problemen(investering(fonds="nieuw-fonds"), FONDSEN)
    assert "onbekend fonds 'nieuw-fonds': alleen bestaande fondsen uit het register" in problem
    assert investering_problemen(investering(fonds="deltafonds"), FONDSEN) == []
    assert investering_problemen(investering(fonds="deltafonds"), {"woningbouwimpuls"}) != []  # configuration


def test_a_missing_fund_and_label_are_named():
    problems = investering_problemen(investering(fonds="", gelabeld_voor=""), FONDSEN)
    assert len(problems) == 2
    assert "noem het bestaande fonds" in problems[0]
    assert "zeg voor welke gebiedsopgave het geld gelabeld is" in problems[1]


def test_controleer_raises_every_problem_at_once():
    with pytest.raises(InvalidInput) as refused:
        controleer_investering(investering(bedrag=0, programma="", fonds="x"), FONDSEN)
    assert str(refused.value).count("investeringsafspraak 'i1'") == 3


def test_totals_per_province_and_programme_computed_by_hand():
    utrecht = arrangement(
        provincie="PV26",
        investeringen=(
            investering("u1", programma="Programma Woningbouw", bedrag=Decimal("12500000")),
            investering("u2", programma="Nationaal Waterprogramma 2022-2027", fonds="deltafonds", bedrag=3_000_000),
            investering("u3", programma=" Programma Woningbouw ", bedrag=Decimal("0.10")),
        ),
    )
    gelderland = arrangement(
        provincie="PV25",
        investeringen=(investering("g1", programma="Programma Woningbouw", bedrag=0.2),),
    )
    t = totalen([utrecht, gelderland])
    # by hand: Utrecht 12,500,000 + 3,000,000 + 0.10 = 15,500,000.10; Gelderland 0.20
    assert t.per_provincie == {"PV25": Decimal("0.2"), "PV26": Decimal("15500000.10")}
    # Woningbouw: 12,500,000 + 0.10 + 0.20 = 12,500,000.30; Water: 3,000,000
    assert t.per_programma == {
        "Nationaal Waterprogramma 2022-2027": Decimal("3000000"),
        "Programma Woningbouw": Decimal("12500000.30"),
    }
    assert t.per_provincie_en_programma == {
        ("PV25", "Programma Woningbouw"): Decimal("0.2"),
        ("PV26", "Nationaal Waterprogramma 2022-2027"): Decimal("3000000"),
        ("PV26", "Programma Woningbouw"): Decimal("12500000.10"),
    }
    assert t.totaal == Decimal("15500000.30")


def test_totals_of_nothing_are_zero():
    t = totalen([arrangement(investeringen=())])
    assert (t.totaal, t.per_provincie, t.per_programma) == (Decimal(0), {}, {})


def test_totals_refuse_an_amount_that_is_not_a_number():
    with pytest.raises(InvalidInput, match="het bedrag is geen eindig getal"):
        totalen([arrangement(investeringen=(investering(bedrag=float("nan")),))])


# --- the register of known funds (configuration) ----------------------------------------------------


def test_the_shipped_register_is_cited_from_the_seeds():
    shipped = fondsen()
    assert len(shipped) >= 8
    assert all(f.uit_seeds and f.source is not None for f in shipped)
    assert all(quote_in_seed(f.source.seed, f.source.quote) for f in shipped)
    assert {"deltafonds", "mobiliteitsfonds", "transitiefonds-landelijk-gebied-en-natuur"} <= bekende_fondsen()


def test_an_entry_not_from_the_seeds_needs_an_explanation(tmp_path):
    path = tmp_path / "fondsen.yaml"
    entry = "  - {id: klimaatfonds, naam: Klimaatfonds, soort: fonds, programma: null, uit_seeds: false, source: null"
    path.write_text(f"fondsen:\n{entry}}}\n", "utf-8")
    with pytest.raises(InvalidInput, match="heeft een toelichting"):
        load_fondsen(path)
    path.write_text(f"fondsen:\n{entry}, toelichting: Toegevoegd door de beheerder.}}\n", "utf-8")
    assert [f.id for f in load_fondsen(path)] == ["klimaatfonds"]


def test_a_quote_that_is_not_in_the_seed_is_refused(tmp_path):
    path = tmp_path / "fondsen.yaml"
    path.write_text(
        "fondsen:\n  - id: x\n    naam: X-fonds\n    soort: fonds\n    programma: null\n    uit_seeds: true\n"
        "    source: {seed: 003_ea5816389083bc68.txt, section: Nergens, quote: Dit staat nergens in de seed}\n"
        "  - id: x\n    naam: X-fonds\n    soort: fonds\n    programma: null\n    uit_seeds: false\n"
        "    toelichting: t\n    source: null\n",
        "utf-8",
    )
    with pytest.raises(InvalidInput) as refused:
        load_fondsen(path)
    assert "fonds 'x': citaat niet gevonden in 003_ea5816389083bc68.txt" in str(refused.value)
    assert "fonds 'x': dubbele id" in str(refused.value)
