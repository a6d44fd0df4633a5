"""Issue 14, finding 2: catalogue search by words (any order, accents and case ignored), best first.

Expected hits are read by hand from the data files (provincies.yaml, themas/woningbouw.yaml,
themas/landelijk-gebied.yaml, themas/water-bodem-sturend.yaml, novi.yaml).
"""

from __future__ import annotations

import pytest

from novex.catalog.service import search


def ids(cat, query):
    return [hit.id for hit in search(cat, query)]


def test_words_of_a_query_need_not_stand_together(cat):
    # provincies.yaml, Provincie Utrecht: "Utrecht draagt met 83.500 woningen bij aan de nationale woningbouwopgave tot 2030."
    hits = search(cat, "woningen Utrecht")
    assert hits[0].id == "provincie-pv26-woningbouw-2030"
    assert hits[0].fragment == "Utrecht draagt met 83.500 woningen bij aan de nationale woningbouwopgave tot 2030."
    assert hits[0].thema == "woningbouw"  # the share of the national 900.000


def test_utrechts_housing_goals_are_found_by_theme_and_province(cat):
    found = ids(cat, "Woningbouw utrecht")
    # themas/woningbouw.yaml: the MRU locations (provincie PV26) and Utrecht's share of the national goal
    assert {"woningbouw-gebied-mru", "provincie-pv26-woningbouw-2030", "PV26"} <= set(found)
    # a goal with both words in its own text comes before one that has "Utrecht" only from its context
    # (natuurinclusief: "woningbouwopgaven", a goal for every province)
    assert found.index("woningbouw-gebied-mru") < found.index("natuurinclusief-gebied-biodiversiteit-bij-planning")


def test_a_goal_is_found_through_its_context(cat):
    # provincies.yaml, Provincie Fryslân: "De provincie draagt tot 2030 met 17.500 woningen bij …" names no province;
    # its context (the province) does, and "fryslan" matches "Fryslân"
    assert "provincie-pv21-woningbouw-2030" in ids(cat, "fryslan woningen")
    # the MRA locations lie in the NOVEX area MRA (Noord-Holland, Flevoland)
    assert "woningbouw-gebied-mra" in ids(cat, "Havenstad flevoland")
    # context alone is not enough: a goal for every province is not a hit for a province's name
    assert "luchtkwaliteit-gebied-provinciale-regiefunctie" in ids(cat, "regiefunctie utrecht")
    assert "luchtkwaliteit-gebied-provinciale-regiefunctie" not in ids(cat, "utrecht")


@pytest.mark.parametrize("query", ["één overheid", "EEN OVERHEID", "Een Overheid"])
def test_case_and_accents_do_not_matter(cat, query):
    # novi.yaml, uitgangspunt 1: "We werken als één overheid, samen met de samenleving"
    assert "novi-uitgangspunt-1" in ids(cat, query)
    assert ids(cat, query) == ids(cat, "één overheid")


def test_every_word_must_match(cat):
    assert ids(cat, "woningen Atlantis") == []
    assert ids(cat, "  ") == [] and ids(cat, "(…)") == []


def test_closer_words_rank_first_and_the_fragment_shows_them(cat):
    # themas/water-bodem-sturend.yaml: the goal "Laagveengebieden: toe bewegen naar een grondwaterstand van 20 cm tot 40 cm"
    hits = search(cat, "laagveen grondwaterstand")
    assert hits[0].id == "water-bodem-sturend-gebied-laagveen-grondwaterstand-20-tot-40-cm"
    assert hits[0].fragment.startswith("Laagveengebieden: toe bewegen naar een grondwaterstand")
    # themas/landelijk-gebied.yaml: "Bossenstrategie uitvoeren, 37.400 ha nieuw bos in 2030."
    bos = search(cat, "37.400 nieuw bos")
    assert bos[0].id == "landelijk-gebied-doel-bos-37400-ha-2030" and "37.400 ha nieuw bos" in bos[0].fragment
    # a long text is cut around the words
    merwede = next(h for h in search(cat, "Groot Merwede") if h.id == "woningbouw-gebied-mru")
    assert "Utrecht Groot Merwede" in merwede.fragment


def test_words_and_folding():
    from novex.catalog.search import fold, words

    assert words("Woningbouw,  UTRECHT woningbouw") == ["woningbouw", "utrecht"]
    assert fold("Fryslân CO₂ één") == "fryslan co2 een"
