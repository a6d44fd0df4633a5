"""`novex scenario …` (issue 20 item 5): make, change, analyse, compare, undo and redo, promote; bad input refused.

The operator of the server acts on the command line, as in every other command: the rights of each
role are the service's and are tested through the API (tests/integration/test_scenarios_api.py).
Expectations come from the crafted data (tests/fixtures/scenarios.py) and the catalogue, not from the
code under test: moving the 1 ha housing square off its Natura 2000 area solves exactly its conflict
and its 1 ha overlap; shifting 1000 homes moves both provinces' targets by exactly 1000.
"""

from __future__ import annotations

import json

import pytest
import shapely
from shapely import affinity
from typer.testing import CliRunner

from novex import bootstrap
from novex.catalog.service import quantitative_goals
from novex.claims.ports import ClaimFilter
from novex.cli import app
from tests.fixtures.scenarios import HOMES, OPERATOR, bow_tie, claims_snapshot, craft, rd_file

runner = CliRunner()


def run(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def as_json(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


@pytest.fixture
def crafted(cli_env):
    with bootstrap.configured_database() as db:
        made = craft(db, cli_env)
    return made


def snapshot():
    with bootstrap.configured_database() as db:
        return claims_snapshot(db)


def share(cat, code: str) -> float:
    """The province's share of the national housing goal, as the catalogue writes it."""
    return float(next(d.waarde for _, d in quantitative_goals(cat) if d.id == f"provincie-{code.lower()}-woningbouw-2030"))


def test_a_scenario_from_creation_to_promotion(crafted, cat, tmp_path):
    dx, dy = crafted.offset
    before = snapshot()
    assert "aangemaakt (id 1)" in run("scenario", "new", "Woonwijk uit Natura 2000", "--omschrijving", "proef").stdout
    run("scenario", "wijzig", "1", "--claim", str(crafted.claim_id), "--verplaats", str(dx), str(dy),
        "--reden", "weg uit het Natura 2000-gebied")  # fmt: skip
    out = run("scenario", "verschuif", "Woonwijk uit Natura 2000", "--doel", HOMES, "--van", "pv21", "--naar",
              "PV26", "--hoeveelheid", "1000").stdout  # fmt: skip
    assert "2 van 2 gelden (versie 3)" in out

    shown = as_json("scenario", "show", "1")
    assert [w["soort"] for w in shown["wijzigingen"]] == ["verplaatsen", "verschuiving"]
    assert shown["wijzigingen"][1]["verschuiving"] == {"doel": HOMES, "van": "PV21", "naar": "PV26",
                                                       "hoeveelheid": 1000.0}  # fmt: skip
    assert shown["wijzigingen"][0]["reden"] == "weg uit het Natura 2000-gebied"

    base = json.loads(run("analyse", "--format", "json").stdout)  # the real voorstellen, analysed the usual way
    assert crafted.conflict_id in {c["id"] for c in base["conflicts"]}
    analysed = as_json("scenario", "analyse", "1")["analyse"]
    assert {c["id"] for c in base["conflicts"]} - {c["id"] for c in analysed["conflicts"]} == {crafted.conflict_id}
    assert [r for r in analysed["restrictions"] if r["claim"] == crafted.claim_id] == []

    compared = as_json("scenario", "vergelijk", "1")
    assert [k["naam"] for k in compared["kolommen"]] == ["Basis", "Woonwijk uit Natura 2000"]
    basis, scenario = compared["conflicten"]
    assert scenario["opgelost"] == [crafted.conflict_id] and scenario["nieuw"] == []
    assert scenario["aantal"] == basis["aantal"] - 1
    natura = next(b for b in compared["beperkingen"] if b["laag"] == crafted.area.layer.naam)
    assert natura["aantal"][1] == natura["aantal"][0] - 1
    assert natura["ha"][1] == pytest.approx(natura["ha"][0] - 1.0, abs=1e-3)
    goals = {d["doel"]: d for d in compared["doelen"]}
    assert goals["provincie-pv21-woningbouw-2030"]["doelwaarde"] == [share(cat, "PV21"), share(cat, "PV21") - 1000]
    assert goals["provincie-pv26-woningbouw-2030"]["doelwaarde"] == [share(cat, "PV26"), share(cat, "PV26") + 1000]
    assert not goals[HOMES]["gewijzigd"]  # the national goal stays what it was
    assert [(m["claim"], m["wat"]) for m in compared["verplaatsingen"]] == [(crafted.claim_id, "verplaatst")]
    utrecht = next(b for b in compared["budgetten"] if b["provincie"] == "PV26")
    assert utrecht["geclaimdHa"][1] == pytest.approx(utrecht["geclaimdHa"][0])  # moved inside Utrecht, same 1 ha
    table = run("scenario", "vergelijk", "1").stdout
    assert "Conflicten" in table and "provincie-pv26-woningbouw-2030" in table and crafted.conflict_id in table

    run("scenario", "undo", "1")
    assert "0 van 2 gelden" in run("scenario", "undo", "1").stdout
    undone = as_json("scenario", "analyse", "1")["analyse"]
    assert {c["id"] for c in undone["conflicts"]} == {c["id"] for c in base["conflicts"]}
    assert undone["goals"] == base["goals"]
    run("scenario", "redo", "1")
    assert "2 van 2 gelden (versie 7)" in run("scenario", "redo", "1").stdout
    assert "geen ongedane wijziging" in run("scenario", "redo", "1", code=1).output
    assert snapshot() == before  # nothing real changed so far

    promoted = run("scenario", "promoveer", "1", "--provincie", "pv26").stdout
    assert "Voorstel 'Voorstel U' versie 2" in promoted
    assert "Niet meegenomen" in promoted and "deel 2 van het arrangement" in promoted  # the shift stays behind
    with bootstrap.configured_database() as db, db.session() as session:
        claims = bootstrap.claim_service(session)
        newest = [v for v in claims.voorstellen(OPERATOR, "PV26") if v.naam == "Voorstel U" and v.versie == 2]
        (stored,) = claims.list(OPERATOR, ClaimFilter(voorstel_id=newest[0].id))
    expected = affinity.translate(crafted.square, dx, dy)
    assert shapely.normalize(stored.geometry).equals_exact(shapely.normalize(expected), 0.001)

    run("scenario", "verwijder", "1")
    assert as_json("scenario", "list") == []


@pytest.mark.sqlite_only  # parsing and checks in front of the database
def test_exactly_one_change_and_bad_values_are_refused_in_dutch_and_change_nothing(crafted, tmp_path):
    run("scenario", "new", "Proef")
    claim = str(crafted.claim_id)
    x, y = crafted.square.bounds[:2]
    bow = rd_file(tmp_path / "strik.geojson", bow_tie(x, y))
    rd_as_wgs84 = rd_file(tmp_path / "zonder-crs.geojson", crafted.square, crs=None)  # RD metres read as degrees
    two = tmp_path / "twee.geojson"
    two.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                               "features": [json.loads(rd_file(tmp_path / "a.geojson", crafted.square).read_text())
                                            ["features"][0]] * 2}))  # fmt: skip
    cases = [
        (("--claim", claim), "kies precies één wijziging"),
        (("--claim", claim, "--verwijder", "--domein", "natuur"), "u gaf --verwijder en --domein"),
        (("--claim", claim, "--verplaats", "nan", "0"), "dx: een verplaatsing is een eindig getal"),
        (("--claim", claim, "--hoeveelheid", "nan"), "hoeveelheid: een eindig getal"),
        (("--claim", claim, "--domein", "kernenergie"), "onbekend domein 'kernenergie'"),
        (("--claim", "999999", "--verwijder"), "claim 999999 staat niet in scenario 'Proef'"),
        (("--claim", claim, "--status", "misschien"), "kies idee, zoekgebied, voorgenomen of vastgesteld"),
        (("--claim", claim, "--geometrie", str(bow)), "ongeldige geometrie"),
        (("--claim", claim, "--geometrie", str(rd_as_wgs84)), "ligt buiten Nederland"),
        (("--claim", claim, "--geometrie", str(two)), "het bestand heeft 2 features"),
        (("--claim", claim, "--geometrie", str(tmp_path / "nergens.geojson")), "bestaat niet"),
        (("--claim", claim, "--verwijder", "--versie", "5"), "intussen gewijzigd (versie 1, u had versie 5)"),
    ]
    for args, message in cases:
        result = run("scenario", "wijzig", "Proef", *args, code=1)
        assert message in result.output, (args, result.output)
        assert "Traceback" not in result.output
    refused = run("scenario", "verschuif", "Proef", "--doel", HOMES, "--van", "PV21", "--naar", "PV99",
                  "--hoeveelheid", "10", code=1)  # fmt: skip
    assert "naar: onbekende provincie 'PV99'" in refused.output
    too_much = run("scenario", "verschuif", "Proef", "--doel", HOMES, "--van", "PV21", "--naar", "PV26",
                   "--hoeveelheid", "10000000", code=1)  # fmt: skip
    assert "er kan niet meer af dan dat" in too_much.output
    added = run("scenario", "toevoeg", "Proef", "--geometrie", str(bow), "--naam", "Strik", "--domein", "wonen", code=1)
    assert "ongeldige geometrie" in added.output
    assert "horen samen" in run("scenario", "toevoeg", "Proef", "--geometrie", str(bow), "--naam", "X", "--domein",
                                "wonen", "--hoeveelheid", "4", code=1).output  # fmt: skip
    shown = as_json("scenario", "show", "Proef")
    assert (shown["wijzigingen"], shown["versie"]) == ([], 1)  # nothing stored
    assert "horen samen" not in run("scenario", "toevoeg", "Proef", "--geometrie", str(bow), "--naam", "Strik",
                                    "--domein", "wonen", "--herstel").output  # fmt: skip
    assert as_json("scenario", "show", "Proef")["wijzigingen"][0]["soort"] == "toevoegen"


@pytest.mark.sqlite_only  # parsing and checks in front of the database
def test_an_unknown_scenario_and_a_wrong_province_end_in_dutch(crafted):
    assert "scenario 'Nergens' bestaat niet" in run("scenario", "show", "Nergens", code=1).output
    run("scenario", "new", "Leeg")
    assert "onbekende provincie 'PV99'" in run("scenario", "promoveer", "Leeg", "--provincie", "PV99", code=1).output
    assert "wijzigt geen claim" in run("scenario", "promoveer", "Leeg", "--provincie", "PV26", code=1).output
    assert "alleen cijfers" in run("scenario", "new", "2027", code=1).output
