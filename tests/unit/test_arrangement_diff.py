"""The diff between two versions on crafted versions: added, dropped, each changed field, status and the rest."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from decimal import Decimal

import pytest

from novex.arrangement.diff import verschil
from novex.arrangement.lifecycle import volgende_versie
from novex.arrangement.model import (
    Acceptatie,
    Afspraak,
    Eigenaar,
    Herschikking,
    Investeringsafspraak,
    Mijlpaal,
    Onderdeel,
    OpenKnoop,
    Vaststelling,
    standaard_onderdelen,
)
from tests.fixtures.arrangementen import afspraak, arrangement, inclusie, investering

# A different value for every compared field of an agreement and of an investment agreement.
AFSPRAAK_ANDERS = {
    "tekst": "Andere tekst",
    "onderdeel": 2,
    "partijen": ("Provincie Utrecht",),
    "eigenaren": (Eigenaar("ministerie", "Ministerie van IenW"),),
    "vraagstuk_id": 8,
    "bol_besluit_id": 5,
    "doelen": ("wonen-900k",),
    "claims": (12, 13),
    "novex_gebied": "utrecht-a12",
    "resultaat": "5.000 woningen opgeleverd",
    "indicator": "woningen in aanbouw",
    "eenheid": "woningen per jaar",
    "basiswaarde": 100,
    "streefwaarde": "6000",
    "acceptaties": (Acceptatie("Provincie Utrecht", False),),
    "middelen": "Mobiliteitsfonds",
    "capaciteit": "3 fte",
    "randvoorwaarden": "Geen",
    "deadline": date(2031, 6, 30),
    "mijlpalen": (Mijlpaal("Start bouw", date(2029, 1, 1)),),
    "herschikking": Herschikking("uitruil", ("PV26", "PV27")),
}
INVESTERING_ANDERS = {
    "programma": "Nationaal Waterprogramma 2022-2027",
    "fonds": "deltafonds",
    "bedrag": Decimal("1"),
    "gelabeld_voor": "waterberging",
    "afspraak": "a2",
}


def test_every_compared_field_has_a_case():
    assert set(AFSPRAAK_ANDERS) == {f.name for f in fields(Afspraak)} - {"id", "sleutel"}
    assert set(INVESTERING_ANDERS) == {f.name for f in fields(Investeringsafspraak)} - {"id", "sleutel"}


def test_identical_versions_have_an_empty_diff():
    d = verschil(arrangement(), arrangement(id=2))
    assert d.leeg
    assert (d.van, d.naar) == (1, 2)


def test_agreements_added_and_dropped_by_key():
    a = arrangement(afspraken=(afspraak("a1"), afspraak("a2")))
    b = arrangement(afspraken=(afspraak("a2"), afspraak("a3")))
    d = verschil(a, b)
    assert [x.sleutel for x in d.afspraken.toegevoegd] == ["a3"]
    assert [x.sleutel for x in d.afspraken.vervallen] == ["a1"]
    assert d.afspraken.gewijzigd == ()
    assert not d.leeg


@pytest.mark.parametrize("veld", sorted(AFSPRAAK_ANDERS))
def test_each_changed_agreement_field_with_old_and_new_value(veld):
    old = afspraak("a1")
    new = replace(old, **{veld: AFSPRAAK_ANDERS[veld]})
    d = verschil(arrangement(afspraken=(old,)), arrangement(afspraken=(new,)))
    (change,) = d.afspraken.gewijzigd
    assert change.sleutel == "a1"
    assert [(v.veld, v.oud, v.nieuw) for v in change.velden] == [(veld, getattr(old, veld), AFSPRAAK_ANDERS[veld])]
    assert d.afspraken.toegevoegd == d.afspraken.vervallen == ()


def test_several_fields_in_declaration_order_and_the_row_id_is_ignored():
    old = afspraak("a1", id=1)
    new = replace(old, id=99, deadline=date(2032, 1, 1), tekst="Nieuwe tekst")
    (change,) = verschil(arrangement(afspraken=(old,)), arrangement(afspraken=(new,))).afspraken.gewijzigd
    assert [v.veld for v in change.velden] == ["tekst", "deadline"]
    assert change.veld("deadline").oud == date(2030, 12, 31)
    assert change.veld("id") is None


def test_investments_added_dropped_and_changed():
    a = arrangement(investeringen=(investering("i1"), investering("i2")))
    b = arrangement(investeringen=(investering("i1", bedrag=Decimal("13000000")), investering("i3")))
    d = verschil(a, b)
    assert [x.sleutel for x in d.investeringen.toegevoegd] == ["i3"]
    assert [x.sleutel for x in d.investeringen.vervallen] == ["i2"]
    (change,) = d.investeringen.gewijzigd
    assert [(v.veld, v.oud, v.nieuw) for v in change.velden] == [("bedrag", Decimal("12500000"), Decimal("13000000"))]


@pytest.mark.parametrize("veld", sorted(INVESTERING_ANDERS))
def test_each_changed_investment_field(veld):
    old = investering("i1")
    new = replace(old, **{veld: INVESTERING_ANDERS[veld]})
    (change,) = verschil(arrangement(investeringen=(old,)), arrangement(investeringen=(new,))).investeringen.gewijzigd
    assert [(v.veld, v.oud, v.nieuw) for v in change.velden] == [(veld, getattr(old, veld), INVESTERING_ANDERS[veld])]


def test_status_and_version_fields():
    bol = Vaststelling(31, date(2027, 9, 21), "BOL Noordwest 2027")
    d = verschil(arrangement(status="voorgelegd"), arrangement(status="vastgesteld", vastgesteld_in=bol))
    assert d.status == ("voorgelegd", "vastgesteld")
    assert [(v.veld, v.oud, v.nieuw) for v in d.velden] == [("vastgesteld_in", None, bol)]
    assert d.afspraken.leeg and d.investeringen.leeg


def test_parts_inclusions_and_knots():
    parts = tuple(Onderdeel(o.nummer, "Ruimtelijk beeld 2028" if o.nummer == 1 else "") for o in standaard_onderdelen())
    a = arrangement(open_knopen=(OpenKnoop("Knoop A", 7), OpenKnoop("Knoop B")), inclusies=(inclusie(7),))
    b = arrangement(
        onderdelen=parts,
        open_knopen=(OpenKnoop("Knoop B"), OpenKnoop("Knoop C", 9)),
        inclusies=(inclusie(7, nee=(2,)), inclusie(9)),
    )
    d = verschil(a, b)
    assert [(v.veld, v.oud, v.nieuw) for v in d.onderdelen] == [("onderdeel 1", "", "Ruimtelijk beeld 2028")]
    assert [(v.veld, v.oud, v.nieuw) for v in d.inclusies] == [
        ("vraagstuk 7", True, False),
        ("vraagstuk 9", None, True),
    ]
    assert d.knopen_toegevoegd == (OpenKnoop("Knoop C", 9),)
    assert d.knopen_vervallen == (OpenKnoop("Knoop A", 7),)


def test_the_diff_follows_agreements_into_next_years_copy():
    adopted = arrangement(status="vastgesteld", afspraken=(afspraak("a1", id=100), afspraak("a2", id=101)))
    draft = volgende_versie(adopted)
    draft = replace(draft, afspraken=(replace(draft.afspraken[0], streefwaarde=4500), afspraak("a9")))
    d = verschil(adopted, draft)
    assert d.status == ("vastgesteld", "concept")
    assert [(v.veld, v.oud, v.nieuw) for v in d.velden] == [("jaar", 2027, 2028)]
    assert [x.sleutel for x in d.afspraken.toegevoegd] == ["a9"]
    assert [x.sleutel for x in d.afspraken.vervallen] == ["a2"]
    (change,) = d.afspraken.gewijzigd
    assert [v.veld for v in change.velden] == ["streefwaarde", "acceptaties"]  # acceptances reset on copying
