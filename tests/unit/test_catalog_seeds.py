"""The catalogue held to the seeds: counts, exact numbers, sources that exist."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from novex.catalog.model import PROVINCE_CODES, Source
from novex.catalog.service import quantitative_goals
from novex.catalog.sources import normalise, quote_in_seed, seed_text

THEME_IDS = {
    "water-bodem-sturend", "landelijk-gebied", "natuurinclusief", "nationaal-waterprogramma",
    "energiehoofdstructuur", "duurzame-industrie", "res", "werklocaties", "circulaire-economie",
    "mobiliteit", "woningbouw", "groen-in-en-om-de-stad", "erfgoed", "gezonde-leefomgeving",
    "defensie", "milieu", "luchtkwaliteit", "geluid",
}  # fmt: skip


def all_sources(obj, trail=""):
    if isinstance(obj, Source):
        yield trail, obj
    elif isinstance(obj, BaseModel):
        for key in type(obj).model_fields:
            yield from all_sources(getattr(obj, key), f"{trail}.{key}")
    elif isinstance(obj, list | tuple):
        for i, value in enumerate(obj):
            yield from all_sources(value, f"{trail}[{i}]")


def test_novi_counts(cat):
    assert len(cat.novi.prioriteiten) == 4
    assert len(cat.novi.nationale_belangen) == 21
    assert len(cat.novi.afwegingsprincipes) == 3
    assert [b.nummer for b in cat.novi.nationale_belangen] == list(range(1, 22))
    assert len(cat.novi.uitgangspunten) == 4
    herkomst = [v.herkomst for v in cat.novi.voorkeursvolgordes if v.onderdeel_van is None]
    assert herkomst.count("novi") == 4 and herkomst.count("bestuurlijk") == 3
    assert cat.novi.spelregels and cat.novi.mer_kwetsbaarheden


def test_every_theme_of_the_startpakket_is_present(cat):
    assert {t.id for t in cat.themas} == THEME_IDS
    for thema in cat.themas:
        # The theme's heading is in seed 004.
        assert thema.source.seed.startswith("004_")
        assert thema.opgave and thema.nationale_doelen_tekst


def test_sixteen_novex_areas_in_known_provinces(cat):
    assert len(cat.novex_gebieden) == 16
    assert len({g.id for g in cat.novex_gebieden}) == 16
    for gebied in cat.novex_gebieden:
        assert set(gebied.provincies) <= set(PROVINCE_CODES)
        assert gebied.hoofdopgave


def test_province_profiles_cover_the_twelve_provinces(cat):
    assert sorted(p.code for p in cat.provincieprofielen) == sorted(PROVINCE_CODES)


def test_structuring_choices_numbered_once_without_gaps(cat):
    keuzes = cat.thema("water-bodem-sturend").structurerende_keuzes
    numbers = [k.nummer for k in keuzes]
    assert len(numbers) == len(set(numbers)), "a structurerende keuze appears twice"
    assert sorted(numbers) == list(range(1, max(numbers) + 1)), "numbering has a gap"
    assert max(numbers) >= 20  # seed 004: Vitale bodem (15-20), and the area-specific choices after it


def test_legal_instruments_of_bijlage_1(cat):
    names = {i.naam.casefold() for i in cat.werkwijze.juridische_instrumenten}
    for expected in (
        "omgevingsvisie", "programma", "instructieregel", "instructiebesluit", "omgevingswaarde",
        "projectbesluit", "voorbereidingsbesluit", "voorkeursrecht", "onteigening",
    ):  # fmt: skip
        assert any(expected in name for name in names), expected
    assert len(cat.werkwijze.juridische_instrumenten) >= 11


def test_workflow_rules_are_present(cat):
    w = cat.werkwijze
    assert w.triagecriteria and w.ra_criteria and w.escalatiecriteria and w.snelle_procedure
    assert [f.naam.casefold() for f in w.bob_fasen][:3] == [
        "beeldvorming",
        "oordeelsvorming",
        "besluitvorming",
    ]
    assert w.paginalimieten and all(p.max_paginas >= 1 for p in w.paginalimieten)
    assert {v.schaal for v in w.vergaderfrequenties} >= {"provincie", "landsdeel"}


def test_every_source_points_to_text_in_its_seed(cat):
    parts = [cat.novi, cat.werkwijze, cat.startpakket, cat.themas, cat.novex_gebieden,
             cat.provincieprofielen, cat.domeinen]  # fmt: skip
    sources = [s for part in parts for s in all_sources(part)]
    assert len(sources) > 500
    missing = [(trail, s.seed, s.quote[:60]) for trail, s in sources if not quote_in_seed(s.seed, s.quote)]
    assert missing == []


def _spellings(value: float) -> set[str]:
    """Ways a seed writes a number: 900.000, 900000, 14,3, 37.400, 3,82."""
    if float(value).is_integer():
        n = int(value)
        return {str(n), f"{n:,}".replace(",", "."), f"{n:,}".replace(",", " ")}
    text = f"{value:.6f}".rstrip("0")
    return {text.replace(".", ","), text}


def test_every_quantitative_goal_is_written_in_its_source(cat):
    """The number of each structured goal appears in its goal text or its seed quote."""
    wrong = []
    for thema, doel in quantitative_goals(cat):
        texts = normalise(doel.source.quote + " " + doel.tekst)
        flat = re.sub(r"(?<=\d) (?=\d{3}\b)", ".", texts)
        if not any(s in texts or s in flat for s in _spellings(doel.waarde)):
            wrong.append((thema.id if thema else "provincie", doel.id, doel.waarde))
    assert wrong == []


# A dozen numbers checked by hand against the seed text: (theme, value, unit, year, seed wording).
EXACT = [
    ("woningbouw", 900_000, "woningen", 2030, "900.000 woningen"),
    ("res", 35, "TWh", 2030, "35 TWh grootschalige opwekking op land"),
    ("res", 7, "TWh", None, "7TWh autonome groei"),
    ("landelijk-gebied", 37_400, "ha", 2030, "37.400 ha nieuw bos in 2030"),
    ("landelijk-gebied", 40_571, "ha", 2027, "40.571 ha in 2027"),
    ("landelijk-gebied", 74, "%", 2030, "74% areaal met stikstof gevoelig"),
    ("landelijk-gebied", 5, "Mton CO2", 2030, "5 Mton CO2 eq (in 2030)"),
    ("landelijk-gebied", 3.82, "Mton CO2", 2030, "3,82 Mton CO2 eq"),
    ("landelijk-gebied", 10, "%", 2050, "10% groenblauwe dooradering"),
    ("duurzame-industrie", 14.3, "Mton CO2", 2030, "14,3 Mton CO2-reductie in 2030"),
    ("circulaire-economie", 50, "%", 2030, "50% minder"),
    ("landelijk-gebied", 30, "%", 2030, "30% natuurherstel"),
]


@pytest.mark.parametrize(("theme", "value", "unit", "year", "wording"), EXACT)
def test_exact_numbers_from_the_seed(cat, theme, value, unit, year, wording):
    assert normalise(wording) in seed_text("004_96b59ff8675cf4bb.txt")
    goals = [d for d in [*cat.thema(theme).nationale_doelen, *cat.thema(theme).doelen_per_gebied]
             if d.waarde == pytest.approx(value) and d.eenheid == unit]  # fmt: skip
    assert goals, f"{theme}: no goal {value} {unit}"
    if year is not None:
        assert any(d.jaar == year for d in goals), f"{theme}: {value} {unit} not for {year}"


def test_province_housing_contributions_are_from_the_seed(cat):
    with_number = [p for p in cat.provincieprofielen if p.woningbouw_tot_2030]
    assert len(with_number) >= 10
    groningen = cat.profiel("PV20").woningbouw_tot_2030
    assert groningen.waarde == 28_359 and groningen.eenheid == "woningen" and groningen.jaar == 2030
    assert "28.359" in normalise(groningen.source.quote)
