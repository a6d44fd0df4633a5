"""The indicative extent of a NOVEX area, from the municipalities and provinces its ligging names."""

from __future__ import annotations

import pytest
import shapely

from novex.errors import InvalidInput
from novex.gebieden.ligging import indicatieve_begrenzing
from novex.reference.municipalities import municipality_index


@pytest.fixture(scope="module")
def gemeenten():
    return municipality_index()


def inside(naam, gemeenten) -> shapely.Point:
    """A point well inside the municipality `naam` (its representative point)."""
    found = next(m for m in gemeenten.municipalities if m.naam == naam)
    return found.geometry.representative_point()


def test_named_municipalities_make_the_extent_and_nothing_else(gemeenten, provinces):
    named = ["Amsterdam", "Zaanstad", "Beverwijk", "Heemskerk", "Velsen", "Haarlemmermeer"]
    b = indicatieve_begrenzing("nzkg", ["PV27"], named, [], gemeenten, provinces)
    assert b.soort == "indicatief" and "seed 004" in b.toelichting
    assert [d.naam for d in b.delen] == named and {d.soort for d in b.delen} == {"gemeente"}
    for naam in named:
        assert b.geometry.contains(inside(naam, gemeenten)), naam
    for other in ("Haarlem", "Alkmaar", "Amstelveen"):  # in Noord-Holland, not named
        assert not b.geometry.contains(inside(other, gemeenten)), other
    # The area is the named municipalities' land within the province (by hand: sum of their areas).
    expected = sum(m.geometry.intersection(provinces.get("PV27").geometry).area
                   for m in gemeenten.municipalities if m.naam in named)  # fmt: skip
    assert b.geometry.area == pytest.approx(expected, rel=1e-6)


def test_a_province_without_named_municipalities_counts_whole(gemeenten, provinces):
    b = indicatieve_begrenzing("ua", ["PV26", "PV25"], ["Barneveld", "Nijkerk"], [], gemeenten, provinces)
    assert [(d.soort, d.naam) for d in b.delen] == [("provincie", "Utrecht"), ("gemeente", "Barneveld"),
                                                    ("gemeente", "Nijkerk")]  # fmt: skip
    for naam in ("Utrecht", "Amersfoort", "Barneveld", "Nijkerk"):
        assert b.geometry.contains(inside(naam, gemeenten)), naam
    for other in ("Arnhem", "Ede", "Putten"):  # Gelderland, not named
        assert not b.geometry.contains(inside(other, gemeenten)), other


def test_the_extent_never_reaches_outside_its_provinces(gemeenten, provinces):
    b = indicatieve_begrenzing("x", ["PV27"], ["Velsen"], [], gemeenten, provinces)
    assert b.geometry.difference(provinces.get("PV27").geometry).area < 1e-3


def test_regions_abroad_are_listed_not_drawn(gemeenten, provinces):
    b = indicatieve_begrenzing("nspd", ["PV29"], [], ["Oost-Vlaanderen (België)"], gemeenten, provinces)
    assert b.buiten_kaart == ("Oost-Vlaanderen (België)",)
    assert b.geometry.area == pytest.approx(provinces.get("PV29").geometry.area, rel=1e-9)


@pytest.mark.parametrize(
    ("provincies", "gemeenten_", "message"),
    [
        (["PV27"], ["Atlantis"], "Atlantis niet gevonden in de gemeentekaart"),
        (["PV27"], ["Barneveld"], "Barneveld liggen niet in zijn provincies"),
    ],
)
def test_an_unknown_or_misplaced_municipality_is_refused_by_name(gemeenten, provinces, provincies, gemeenten_, message):
    with pytest.raises(InvalidInput, match=message):
        indicatieve_begrenzing("x", provincies, gemeenten_, [], gemeenten, provinces)
