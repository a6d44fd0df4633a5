"""The status vocabulary is configuration: the shipped list reads, and a broken one is refused naming what is wrong."""

from __future__ import annotations

import pytest

from novex.errors import InvalidInput
from novex.monitor.statussen import SUGGESTED, lees_statuslijst, statuslijst


def test_the_shipped_list_holds_every_suggested_status_and_says_it_is_a_design_choice():
    lijst = statuslijst()
    assert set(SUGGESTED) <= set(lijst.codes)
    assert "ontwerpkeuze" in lijst.ontwerpkeuze and "seeds" in lijst.ontwerpkeuze
    assert lijst.naam(None) == "geen status" and lijst.naam("vertraagd") == "vertraagd"
    assert not lijst.get("vervallen").suggestie  # only an owner sets it


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("statussen: 3", "verwacht een lijst 'statussen'"),
        ("ontwerpkeuze: x\nstatussen:\n  - {code: op-schema, naam: a, kleur: '#000'}", "status 'vertraagd' ontbreekt"),
        ("ontwerpkeuze: x\nstatussen:\n  - {code: Op Schema, naam: a, kleur: '#000'}", "mag alleen"),
        ("statussen: [{code: a, naam: a, kleur: '#000'}, {code: a, naam: b, kleur: '#111'}]", "'a' staat er dubbel in"),
        ("statussen: []\nmeting_verouderd_na_dagen: -1", "meting_verouderd_na_dagen"),
        ("statussen: []", "ontwerpkeuze: de tekst die het scherm toont ontbreekt"),
        ("statussen: [", "niet te lezen"),
    ],
)
def test_a_broken_list_is_refused_naming_the_problem(tmp_path, yaml_text, message):
    path = tmp_path / "statussen.yaml"
    path.write_text(yaml_text, "utf-8")
    with pytest.raises(InvalidInput, match=message):
        lees_statuslijst(path)
