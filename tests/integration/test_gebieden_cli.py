"""`novex gebieden list|show|analyse|grens|grens-verwijderen` and `novex programma list` (issue 15).

The operator of the server acts; the rights of each role are tested through the service and the API.
Expected values are read from the seeds in the test (seed 003 Bijlage I's trekkers), not from the code.
"""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from novex import bootstrap
from novex.catalog.sources import seed_text
from novex.cli import app
from novex.examples import load_examples
from tests.fixtures.geo import feature, square, write_geojson

runner = CliRunner()


def run(*args: str, code: int = 0):
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result


def test_list_as_json_has_the_asked_fields_and_seed_003s_trekkers_in_order(cli_env):
    items = json.loads(run("gebieden", "list", "--format", "json").stdout)
    assert len(items) == 16
    for item in items:
        assert {"naam", "trekker", "provincies", "fase"} <= set(item)
    seed = seed_text("003_ea5816389083bc68.txt")
    bijlage = seed[seed.index("Bijlage I – NOVEXgebieden") : seed.index("Bijlage II – Overzicht")]
    trekkers = re.findall(r"Trekkend bewindspersoon: (.+?)(?= \d+\. | Bijlage| \d+\.\s|$)", bijlage)
    assert [t.strip() for t in trekkers] == [i["trekker"]["bewindspersoon2022"] for i in items]


def test_show_as_json_has_the_whole_factsheet_with_citations(cli_env):
    data = json.loads(run("gebieden", "show", "novex-groene-hart", "--format", "json").stdout)
    assert data["naam"] and data["provincies"] == ["PV26", "PV28", "PV27"]
    assert {"hoofdopgave", "ligging", "trekkers", "bijdragen"} <= set(data["factsheet"])
    assert all(v["bron"].startswith("seed 004 Bijlage 3") for v in data["factsheet"].values())
    assert data["begrenzing"]["soort"] == "indicatief"
    table = run("gebieden", "show", "novex-groene-hart").stdout
    assert "Hoofdopgave" in table and "indicatief" in table


def test_an_unknown_area_ends_in_dutch_with_exit_1(cli_env):
    result = run("gebieden", "show", "atlantis", code=1)
    assert "NOVEX-gebied 'atlantis' bestaat niet" in result.output and "Traceback" not in result.output


def test_analyse_and_the_official_boundary_round_trip(cli_env, tmp_path):
    with bootstrap.configured_database() as db, db.session() as session:
        load_examples(bootstrap.claim_service(session))
    before = json.loads(run("gebieden", "analyse", "novex-rotterdamse-haven", "--format", "json").stdout)
    assert before["begrenzing"] == "indicatief" and before["claims"]
    path = write_geojson(tmp_path / "grens.geojson", [feature(square(83_000, 428_000, 10_000), naam="grens")])
    out = run("gebieden", "grens", "novex-rotterdamse-haven", str(path), "--bron", "Convenant 2027",
              "--peildatum", "2026-01-15").stdout  # fmt: skip
    assert "10.000 ha" in out
    after = json.loads(run("gebieden", "analyse", "novex-rotterdamse-haven", "--format", "json").stdout)
    assert after["begrenzing"] == "officieel" and after["oppervlakteHa"] == 10_000.0
    assert len(after["claims"]) <= len(before["claims"])
    refused = run("gebieden", "grens", "novex-rotterdamse-haven", str(path), "--bron", "x", "--peildatum",
                  "2026-01-15", code=1)  # fmt: skip
    assert "heeft al een officiële grens (versie 1)" in refused.output
    run("gebieden", "grens-verwijderen", "novex-rotterdamse-haven", "--reden", "proef")
    shown = json.loads(run("gebieden", "show", "novex-rotterdamse-haven", "--format", "json").stdout)
    assert shown["begrenzing"]["soort"] == "indicatief"


def test_a_bad_date_or_missing_file_is_refused_before_anything_happens(cli_env, tmp_path):
    assert "geen datum" in run("gebieden", "grens", "novex-nzkg", str(tmp_path / "x.geojson"), "--bron", "b",
                               "--peildatum", "15-01-2027", code=1).output  # fmt: skip
    assert "bestaat niet" in run("gebieden", "grens", "novex-nzkg", str(tmp_path / "x.geojson"), "--bron", "b",
                                 "--peildatum", "2026-01-15", code=1).output  # fmt: skip


def test_programma_list_as_json(cli_env):
    items = json.loads(run("programma", "list", "--format", "json").stdout)
    assert all({"naam", "groep", "verantwoordelijk"} <= set(p) for p in items)
    woningbouw = next(p for p in items if p["naam"] == "Programma Woningbouw")
    assert woningbouw["verantwoordelijk"] == "Min VRO"  # seed 003 Bijlage II: "Programma Woningbouw (Min VRO)"
    assert "Programma Woningbouw" in run("programma", "list").stdout


def test_programma_add_needs_a_source_and_validity_and_then_is_a_place(cli_env):
    refused = run("programma", "add", "programma-x", "--naam", "Programma X", "--bron", "Kamerbrief 2027",
                  "--geldig-vanaf", "2027-06-01", "--geldig-tot", "2027-01-01", code=1)  # fmt: skip
    assert "geldig_tot: 2027-01-01 ligt vóór geldig_vanaf 2027-06-01" in refused.output
    assert "programma-x" not in run("programma", "list", "--format", "json").stdout
    run("programma", "add", "programma-x", "--naam", "Programma X", "--bron", "Kamerbrief 2027",
        "--geldig-vanaf", "2027-06-01", "--groep", "Nieuw")  # fmt: skip
    added = next(p for p in json.loads(run("programma", "list", "--format", "json").stdout) if p["id"] == "programma-x")
    assert (added["geldigVanaf"], added["geldigTot"], added["groep"]) == ("2027-06-01", None, "Nieuw")
    again = run("programma", "add", "programma-x", "--naam", "Y", "--bron", "b", "--geldig-vanaf", "2027-06-01", code=1)
    assert "bestaat al" in again.output
