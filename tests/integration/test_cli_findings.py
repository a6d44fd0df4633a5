"""Issue 14, the command line: readable tables off a terminal, no tracebacks for a missing or
unreachable database, the province of an import taken from its features, `--herstel`, plurals."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from shapely.geometry import Polygon, mapping
from typer.testing import CliRunner

from novex.catalog.service import CatalogService, catalogus
from novex.cli import app
from novex.cli.common import OPERATOR
from novex.examples import DATA as EXAMPLES
from novex.settings import get_settings
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

runner = CliRunner()
X, Y = UTRECHT
ROTTERDAM = (92_000.0, 437_000.0)  # inside Zuid-Holland
UNREACHABLE = "postgresql+psycopg://x@127.0.0.1:1/x"
CUT = re.compile(r"\w…")  # a cell cut short ("Natuur…"); the severity caption's "hoogst … 5" is no cut


@pytest.fixture
def environment(tmp_path, monkeypatch):
    """Settings from the environment only (no database yet): each test says where the database is."""
    monkeypatch.delenv("NOVEX_DATABASE_URL", raising=False)
    monkeypatch.setenv("NOVEX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


# 1. Tables off a terminal ---------------------------------------------------------------------


def test_analysis_tables_are_not_cut_when_the_output_is_not_a_terminal(cli_env, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)  # a CI log or a pipe: no terminal, no width given
    imported = runner.invoke(app, ["claims", "import", str(EXAMPLES / "voorstel_zuid_holland.geojson"), "-p", "PV28"])
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(app, ["analyse", "-p", "PV28"])
    assert result.exit_code == 0, result.output
    assert "Claims op beschermde gebieden" in result.output
    assert CUT.search(result.output) is None, CUT.findall(result.output)
    assert "energie-wind" in result.output  # a long domain name, whole
    assert "(/join/id/regdata/pv28/2023/41gio37)" in result.output  # a long area code, whole
    assert "Natuurnetwerk" in result.output and "Claimdruk" in result.output


def test_other_tables_follow_columns_when_it_is_given(cli_env, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    result = runner.invoke(app, ["provinces"])
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 60
    assert CUT.search(result.output) is None and "Noord-Brabant" in result.output


# 2. A database that was never set up, or cannot be reached -----------------------------------


def test_a_read_command_on_a_new_data_directory_sets_the_database_up(environment, tmp_path):
    result = runner.invoke(app, ["analyse", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["provinces"]) == 12
    assert (tmp_path / "data" / "novex.db").exists()
    for command in (["logboek"], ["claims", "list"], ["voorstel", "list"], ["user", "list"], ["layers", "list"]):
        listed = runner.invoke(app, command)
        assert listed.exit_code == 0, (command, listed.output)
    assert "Natura 2000" in runner.invoke(app, ["layers", "list"]).output


@pytest.mark.parametrize(
    "command",
    [
        ["analyse"],
        ["logboek"],
        ["claims", "list"],
        ["claims", "export", "uit.geojson"],
        ["voorstel", "list"],
        ["voorstel", "diff", "1", "2"],
        ["user", "list"],
        ["layers", "list"],
        ["doelen", "list"],
        ["init"],
        ["backup", "b.backup.gz"],
    ],
    ids=" ".join,
)
def test_an_unreachable_database_is_a_dutch_message_and_exit_1(environment, command):
    environment.setenv("NOVEX_DATABASE_URL", UNREACHABLE)
    get_settings.cache_clear()
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Fout: de database is niet bereikbaar (postgresql+psycopg://x@127.0.0.1:1/x)" in result.output
    assert "Controleer NOVEX_DATABASE_URL" in result.output


def test_an_unreachable_database_prints_no_traceback_from_the_real_command(environment):
    environment.setenv("NOVEX_DATABASE_URL", UNREACHABLE)
    run = subprocess.run(
        [sys.executable, "-c", "from novex.cli import app; app()", "claims", "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "OperationalError" not in run.stderr
    assert run.stderr.startswith("Fout: de database is niet bereikbaar"), run.stderr


# 3. The province of an import, from its features ----------------------------------------------


def test_an_import_without_province_takes_the_one_province_its_features_lie_in(cli_env, tmp_path):
    path = write_geojson(tmp_path / "u.geojson", [
        feature(square(X, Y, 100), naam="A", domein="wonen"),
        feature(square(X + 500, Y, 100), naam="B", domein="bos"),
    ])  # fmt: skip
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "Nieuw"])
    assert result.exit_code == 0, result.output
    assert "Alle features liggen in Utrecht (PV26); het voorstel hoort bij Utrecht." in result.output
    assert "2 claims geïmporteerd in voorstel 1 'Nieuw' (versie 1, PV26)" in result.output


def test_an_import_of_features_crossing_a_border_goes_to_the_province_of_their_largest_part(cli_env):
    result = runner.invoke(app, ["claims", "import", str(EXAMPLES / "voorstel_zuid_holland.geojson")])
    assert result.exit_code == 0, result.output
    assert "Alle features liggen geheel of grotendeels in Zuid-Holland (PV28)" in result.output
    assert "(versie 1, PV28)" in result.output


def test_an_import_spanning_provinces_asks_for_the_province_and_names_them(cli_env, tmp_path):
    path = write_geojson(tmp_path / "twee.geojson", [
        feature(square(X, Y, 100), naam="Utrechts", domein="wonen"),
        feature(square(X + 500, Y, 100), naam="Ook Utrechts", domein="wonen"),
        feature(square(*ROTTERDAM, 100), naam="Rotterdams", domein="wonen"),
    ])  # fmt: skip
    result = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "Gemengd"])
    assert result.exit_code == 1
    assert "verschillende provincies: Utrecht (PV26) 2 features, Zuid-Holland (PV28) 1 feature" in result.output
    assert "--province PV26" in result.output
    assert "Gemengd" not in runner.invoke(app, ["voorstel", "list"]).output  # nothing stored


def test_an_import_into_an_existing_voorstel_needs_no_province(cli_env, tmp_path):
    first = write_geojson(tmp_path / "a.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")])
    assert runner.invoke(app, ["claims", "import", str(first), "--voorstel", "V", "-p", "PV26"]).exit_code == 0
    second = write_geojson(tmp_path / "b.geojson", [feature(square(X + 500, Y, 100), naam="B", domein="wonen")])
    result = runner.invoke(app, ["claims", "import", str(second), "--voorstel", "V"])
    assert result.exit_code == 0, result.output
    assert "Alle features" not in result.output and "in voorstel 1 'V' (versie 1, PV26)" in result.output


# 5. --herstel, and --nieuwe-versie --------------------------------------------------------------


def test_herstel_repairs_a_bow_tie_that_is_refused_without_it(cli_env, tmp_path):
    bow_tie = Polygon([(X, Y), (X + 100, Y + 100), (X + 100, Y), (X, Y + 100)])
    path = write_geojson(tmp_path / "strik.geojson", [feature(mapping(bow_tie), naam="Strik", domein="wonen")])
    refused = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "S", "-p", "PV26"])
    assert refused.exit_code == 1
    assert "zelfdoorsnijding" in refused.output and "Met --herstel herstelt novex zulke geometrie" in refused.output
    repaired = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "S", "-p", "PV26", "--herstel"])
    assert repaired.exit_code == 0, repaired.output
    assert "1 claim geïmporteerd in voorstel 1 'S' (versie 1, PV26); 0,5 ha" in repaired.output
    assert "feature 0 'Strik': hersteld: zelfdoorsnijding" in repaired.output
    assert "hersteld: feature" not in repaired.output  # said once
    again = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "S", "--nieuwe-versie", "--herstel"])
    assert again.exit_code == 0, again.output
    assert "in voorstel 2 'S' (versie 2, PV26)" in again.output


# 6. Plurals -------------------------------------------------------------------------------------


def test_one_of_a_kind_is_said_in_the_singular(cli_env, tmp_path):
    path = write_geojson(tmp_path / "een.geojson", [feature(square(X, Y, 100), naam="Enkel", domein="wonen")])
    imported = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "E", "-p", "PV26"])
    assert "1 claim geïmporteerd" in imported.output, imported.output
    listed = runner.invoke(app, ["claims", "list"])
    assert re.search(r"^\s*1 claim\s*$", listed.output, re.MULTILINE), listed.output
    exported = runner.invoke(app, ["claims", "export", str(tmp_path / "uit.geojson")])
    assert "1 claim geschreven naar" in exported.output
    assert "Grondbalans (1 claim)" in runner.invoke(app, ["analyse", "-p", "PV26"]).output
    service = CatalogService(catalogus())
    term = next((t for t in ("Brainport", "Maasvlakte", "Eemshaven", "Lelystad")
                 if len(service.search(OPERATOR, t)) == 1), None)  # fmt: skip
    if term is None:
        pytest.skip("no search term with exactly one hit in this catalogue")
    found = runner.invoke(app, ["catalog", "search", term])
    assert f"1 treffer voor '{term}'" in found.output, found.output
