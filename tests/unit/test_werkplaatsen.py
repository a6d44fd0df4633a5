"""Seed 001's werkplaatsen held to the seed's own text: every row, every cell, every link."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from urllib.parse import unquote_plus

import pytest
import yaml

from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput
from novex.meetings.werkplaatsen import (
    SESSIE_SOORT_BRONNEN,
    SESSIE_SOORTEN,
    VELD_BRONNEN,
    VELDEN,
    load_werkplaatsen,
    werkplaatsen,
)

SEED = "001_3843d3c6ab845a18.txt"
RAW = resources.files("novex.catalog").joinpath("sources", SEED).read_text("utf-8")
LINES = RAW.split("\n")
# Dutch month abbreviations as the links write them (seed 001, regels 1416-1451), by hand.
MAANDEN = {
    1: "jan",
    2: "feb",
    3: "mrt",
    4: "apr",
    5: "mei",
    6: "jun",
    7: "jul",
    9: "sep",
    10: "okt",
    11: "nov",
    12: "dec",
}


def squash(text: str) -> str:
    return " ".join(text.split())


def table_rows() -> list[tuple[int, str]]:
    """(line number, row text) of every numbered row of the table, found in the raw seed."""
    header = next(i for i, line in enumerate(LINES) if line.startswith("# Werkplaats Datum Inhoudelijk Trekker"))
    rows = []
    for i in range(header + 1, len(LINES)):
        line = LINES[i]
        if line.startswith("https://"):
            break  # the list of links after the table
        if re.match(r"^\d+ .* \d{1,2}-\d{1,2}-20\d\d ", line):
            rows.append((i + 1, squash(line)))
    return rows


def link_block() -> dict[int, str]:
    """line number -> URL of the run of links directly after the table."""
    last_row = table_rows()[-1][0]
    block: dict[int, str] = {}
    for i in range(last_row, len(LINES)):
        line = LINES[i].strip()
        if line.startswith("https://"):
            block[i + 1] = line
        elif block and line:
            break
    return block


def test_the_seed_table_has_39_rows_and_every_one_is_loaded():
    rows = table_rows()
    assert len(rows) == 39  # counted by eye in the seed: rows 1 to 39
    assert len(werkplaatsen()) == len(rows)


def test_numbers_are_the_seeds_numbering_without_gaps():
    seed_numbers = [int(text.split(" ", 1)[0]) for _, text in table_rows()]
    assert seed_numbers == list(range(1, 40))
    assert [w.nummer for w in werkplaatsen()] == seed_numbers


def test_joining_the_cells_gives_back_the_seed_row():
    """No cell lost, invented or reordered: the cells in column order are the row line."""
    seed_rows = dict(table_rows())
    for w in werkplaatsen():
        cells = [str(w.nummer), w.werkplaats, w.datum_tekst, w.trekker or "-", w.bouwsteen, w.hoofdonderwerp]
        assert " ".join([*cells, w.organisatie]) == seed_rows[w.regel], w.nummer


def test_every_quote_is_the_row_and_is_in_the_seed():
    for w in werkplaatsen():
        assert w.source.seed == SEED and w.source.section == "Tabel Werkplaatsen & Bouwstenen"
        assert quote_in_seed(SEED, w.source.quote)
        assert squash(w.source.quote) == squash(LINES[w.regel - 1])


def test_dates_parse_and_match_the_text():
    for w in werkplaatsen():
        day, month, year = (int(p) for p in w.datum_tekst.split("-"))
        assert w.datum == date(year, month, day)
        assert date(2015, 5, 1) <= w.datum <= date(2016, 6, 30)  # the table runs from May 2015 to June 2016


def test_rows_checked_by_hand():
    by_number = {w.nummer: w for w in werkplaatsen()}
    four = by_number[4]
    assert (four.werkplaats, four.datum, four.trekker) == (
        "Noord Nederland (MIRT)",
        date(2015, 10, 1),
        "Jaap Kersten & Ireen Röling",
    )
    assert (four.bouwsteen, four.hoofdonderwerp, four.organisatie) == ("Gereed", "MIRT", "Rijkswaterstaat")
    ten = by_number[10]
    assert (ten.bouwsteen, ten.hoofdonderwerp, ten.organisatie, ten.link) == (
        "Verslag op viadesk",
        "Samen Werken",
        "IenM",
        None,
    )
    thirty_six = by_number[36]
    assert (thirty_six.trekker, thirty_six.bouwsteen, thirty_six.hoofdonderwerp) == (None, "Door Ieder(in)", "Welvaart")
    thirty_nine = by_number[39]
    assert (thirty_nine.trekker, thirty_nine.bouwsteen, thirty_nine.organisatie) == (
        None,
        "Volgt",
        "IenM & prov. Overijssel",
    )
    assert by_number[1].trekker is None
    assert [n for n, w in by_number.items() if w.trekker is None] == [1, 36, 39]  # the rows with '-'


def test_each_link_is_on_its_line_and_names_the_rows_date():
    for w in werkplaatsen():
        if w.link is None:
            continue
        assert LINES[w.link_regel - 1].strip() == w.link
        title = unquote_plus(w.link.split("?t=", 1)[1])
        assert str(w.datum.year) in title, (w.nummer, title)
        assert MAANDEN[w.datum.month] in title, (w.nummer, title)
        assert re.search(rf"\b{w.datum.day}\b", title), (w.nummer, title)


def test_every_link_after_the_table_belongs_to_one_row_and_three_rows_have_none():
    block = link_block()
    assert len(block) == 36 and min(block) == 1416 and max(block) == 1451
    linked = {w.link_regel: w.link for w in werkplaatsen() if w.link is not None}
    assert linked == block
    assert [w.nummer for w in werkplaatsen() if w.link is None] == [10, 12, 39]


def test_links_follow_the_row_order():
    lines = [w.link_regel for w in werkplaatsen() if w.link_regel is not None]
    assert lines == sorted(lines)


def test_ambiguous_rows_are_explained():
    by_number = {w.nummer: w for w in werkplaatsen()}
    for number in (10, 12, 28, 33, 36, 38, 39):
        assert by_number[number].toelichting, number


def test_vocabulary_and_its_sources():
    assert SESSIE_SOORTEN == ("werkplaats", "kaartsessie", "atelier", "ontwerpend-onderzoek")
    assert VELDEN == ("interdepartementaal", "interbestuurlijk", "kennis-en-advies", "maatschappelijk")
    assert set(SESSIE_SOORT_BRONNEN) == set(SESSIE_SOORTEN) and set(VELD_BRONNEN) == set(VELDEN)
    assert SESSIE_SOORT_BRONNEN["atelier"] is None  # no seed says "atelier": a design choice
    assert "vier velden" in squash(RAW)
    for source in [*VELD_BRONNEN.values(), *(s for s in SESSIE_SOORT_BRONNEN.values() if s)]:
        assert quote_in_seed(source.seed, source.quote), source.quote


def row_yaml(**changes: object) -> str:
    row = {
        "nummer": 1,
        "werkplaats": "Werkplaats De Kracht van Groene Blauwe Verbindingen",
        "datum": "2015-05-11",
        "datum_tekst": "11-5-2015",
        "trekker": None,
        "bouwsteen": "Gereed",
        "hoofdonderwerp": "Natuur",
        "organisatie": "Jaar van de Ruimte",
        "link": None,
        "link_regel": None,
        "regel": 1374,
        "source": {
            "seed": SEED,
            "section": "Tabel Werkplaatsen & Bouwstenen",
            "quote": "1 Werkplaats De Kracht van Groene Blauwe Verbindingen 11-5-2015 - Gereed Natuur Jaar van de Ruimte",
        },
    }
    row.update(changes)
    return yaml.safe_dump({"werkplaatsen": [row]}, allow_unicode=True)


def test_a_valid_row_loads():
    assert load_werkplaatsen(row_yaml())[0].datum == date(2015, 5, 11)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"datum_tekst": "12-5-2015"}, "wijkt af van datum_tekst"),
        ({"trekker": "-"}, "wordt null"),
        ({"link": "https://example.org/x"}, "link en link_regel horen samen"),
        (
            {"source": {"seed": SEED, "section": "Tabel", "quote": "een citaat dat er niet staat"}},
            "citaat niet gevonden",
        ),
        ({"extra": 1}, "extra: onbekend veld"),
        ({"datum": "2015-02-30"}, "geen geldige datum"),
    ],
)
def test_bad_rows_are_refused_in_dutch(changes, message):
    with pytest.raises(InvalidInput, match=message):
        load_werkplaatsen(row_yaml(**changes))


def test_double_numbers_are_refused():
    rows = yaml.safe_load(row_yaml())["werkplaatsen"] * 2
    doubled = yaml.safe_dump({"werkplaatsen": rows}, allow_unicode=True)
    with pytest.raises(InvalidInput, match="dubbele nummers: 1"):
        load_werkplaatsen(doubled)
