"""Every seed text the arrangement domain quotes is verbatim in its seed; the lists are parsed from the seed itself.

The seeds are read here on their own (not through `novex.catalog.sources.quote_in_seed`), and the
five criteria, the old-versus-new table and the five parts are parsed from the seed text, so the
code cannot agree with itself by construction.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import novex.catalog
from novex.arrangement import inclusie, model, productbeeld, smart
from novex.arrangement.investeringen import fondsen

SEEDS = Path(novex.catalog.__file__).parent / "sources"
SEED_002 = "002_007158e3502fce0d.txt"
SEED_003 = "003_ea5816389083bc68.txt"
SEED_004 = "004_96b59ff8675cf4bb.txt"


def raw(name: str) -> str:
    return (SEEDS / name).read_text("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def sources():
    yield "inclusie.BRON", inclusie.BRON
    yield "productbeeld.BRON_TABEL", productbeeld.BRON_TABEL
    yield "productbeeld.BRON_VERANDERINGEN", productbeeld.BRON_VERANDERINGEN
    for key, source in model.BRONNEN.items():
        yield f"model.BRONNEN[{key}]", source
    for f in fondsen():
        yield f"fondsen.yaml {f.id}", f.source


@pytest.mark.parametrize(("where", "source"), list(sources()), ids=lambda x: x if isinstance(x, str) else "")
def test_every_cited_quote_is_verbatim_in_its_seed(where, source):
    assert flat(source.quote) in flat(raw(source.seed)), where


@pytest.mark.parametrize(("nummer", "tekst"), list(inclusie.INCLUSIECRITERIA.items()))
def test_each_inclusion_criterion_is_the_seeds_numbered_line(nummer, tekst):
    assert f"{nummer}. {tekst};" in raw(SEED_002) or f"{nummer}. {tekst}." in raw(SEED_002)


def test_the_five_inclusion_criteria_parsed_from_bijlage_3_section_4():
    text = raw(SEED_002)
    section = text[text.index("4. Selectiecriteria en monitoring\n\nVraagstukken") :]
    parsed = re.findall(r"^(\d)\. (.+?)[;.]$", section, flags=re.MULTILINE)[:5]
    assert {int(n): t for n, t in parsed} == inclusie.INCLUSIECRITERIA
    assert "alleen opgenomen" in section[:200]  # all must hold


def test_the_old_versus_new_table_parsed_from_bijlage_3_section_2():
    text = raw(SEED_002)
    section = text[
        text.index("2. Oude werkwijze versus nieuwe lijn\n") : text.index("3. Nieuwe werkwijze en governance\n")
    ]
    rows = [line.split("\t") for line in section.splitlines() if "\t" in line]
    assert tuple(rows[0]) == productbeeld.KOLOMMEN
    assert [tuple(r) for r in rows[1:]] == [
        (v.onderdeel, v.oude_lijn, v.nieuwe_lijn) for v in productbeeld.OUD_EN_NIEUW
    ]


def test_the_changes_of_bijlage_3_section_1_are_verbatim():
    text = flat(raw(SEED_002))
    for change in productbeeld.VERANDERINGEN:
        assert f"- {change};" in text or f"- {change}." in text, change


def test_the_five_parts_parsed_from_seed_003():
    text = flat(raw(SEED_003))
    start = text.index("Het ruimtelijk arrangement bestaat uit: 1.")
    block = text[start : text.index("Samenwerking: gezamenlijk tot afspraken komen", start)]
    parsed = re.findall(r"(\d)\. (.+?)(?= \d\. |$)", block.removeprefix("Het ruimtelijk arrangement bestaat uit: "))
    assert {int(n): t.strip() for n, t in parsed} == model.ONDERDELEN


def test_smart_is_spelled_as_the_handreiking_spells_it():
    text = flat(raw(SEED_004))
    assert "SMART-model (Specifiek, Meetbaar, Acceptabel, Realistisch en Tijdsgebonden)" in text
    assert [c.value for c in smart.Criterium][:5] == ["specifiek", "meetbaar", "acceptabel", "realistisch",
                                                      "tijdsgebonden"]  # fmt: skip
