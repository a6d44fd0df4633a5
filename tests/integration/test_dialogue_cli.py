"""`novex vraagstuk new|list|show|triage|move --format json` through the CLI runner: JSON parsed and checked,
every refusal exits 1 with a Dutch message (`Fout: …`) and no traceback."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from novex import bootstrap
from novex.cli import app
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

runner = CliRunner()
X, Y = UTRECHT


@pytest.fixture(autouse=True)
def isolated(cli_env):
    bootstrap.analyses().clear()
    yield cli_env
    bootstrap.analyses().clear()


def ok(args: list[str]) -> object:
    result = runner.invoke(app, ["vraagstuk", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def refused(args: list[str], *needles: str) -> str:
    result = runner.invoke(app, ["vraagstuk", *args])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "Fout:" in result.output, result.output
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


@pytest.fixture
def conflict(tmp_path):
    """Two overlapping claims imported on the command line (wonen × natuur, 50 ha) and their conflict."""
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 1000), naam="Wijk", domein="wonen"),
        feature(square(X + 500, Y, 1000), naam="Natuurgebied", domein="natuur"),
    ])  # fmt: skip
    imported = runner.invoke(app, ["claims", "import", str(path), "--voorstel", "Dialoog", "-p", "PV26"])
    assert imported.exit_code == 0, imported.output
    analysed = json.loads(runner.invoke(app, ["analyse", "-p", "PV26", "--format", "json"]).stdout)
    (found,) = [c for c in analysed["conflicts"] if set(c["domains"]) == {"wonen", "natuur"}]
    return found["claims"], found["id"]


def test_new_show_triage_move_and_list(conflict):
    claims, cid = conflict
    created = ok(["new", "--titel", "Wijk op natuur", "-p", "pv26", "--claim", str(claims[0]), "--claim",
                  str(claims[1]), "--conflict", cid, "--herkomst", "voortgang", "--deadline", "2027-03-01"])  # fmt: skip
    vid = created["id"]
    assert (created["fase"], created["provincies"], created["versie"]) == ("gesignaleerd", ["PV26"], 1)
    assert created["claims"] == claims and created["conflicten"] == [cid] and created["deadline"] == "2027-03-01"
    assert created["aangemaakt_door"] == "systeem"
    criteria = {c["code"]: c for c in created["triage"]["criteria"]}
    assert (criteria["1"]["suggestie"], criteria["2a"]["suggestie"], criteria["2b"]["suggestie"]) == (True, True, False)
    assert criteria["3"]["suggestie"] is None and "Wonen" in criteria["1"]["onderbouwing"]

    shown = ok(["show", str(vid)])
    assert shown["id"] == vid and shown["geschiedenis"] == [] and shown["waarschuwingen"] == []

    triaged = ok(["triage", str(vid), "--criterium", "1=ja", "--criterium", "2a=ja", "--criterium",
                  "2b=nee", "--criterium", "3=ja:bestuurlijke prioriteit in de POVI",
                  "--advies", "oppakken", "--besloten-door", "Regietafel NOVEX"])  # fmt: skip
    assert triaged["triage"]["compleet"] is True and triaged["versie"] == 2
    decided = {c["code"]: (c["besluit"], c["motivering"]) for c in triaged["triage"]["criteria"]}
    assert decided == {"1": (True, None), "2a": (True, None), "2b": (False, None),
                       "3": (True, "bestuurlijke prioriteit in de POVI")}  # fmt: skip

    output = refused(["move", str(vid), "beeldvorming"], "'inkadering' ontbreekt", "nu mogelijk: geen")
    assert "vraagstuk" in output
    output = refused(["move", str(vid), "besluitvorming"], "alleen naar 'beeldvorming'")

    listed = ok(["list"])
    assert [v["id"] for v in listed] == [vid] and listed[0]["fase"] == "gesignaleerd"
    assert ok(["list", "-p", "PV28"]) == []
    assert [v["id"] for v in ok(["list", "--fase", "gesignaleerd", "--domein", "wonen"])] == []  # no domain linked
    assert [v["id"] for v in ok(["list", "--fase", "gesignaleerd", "-p", "pv26"])] == [vid]


def test_a_whole_move_sequence_on_the_command_line():
    framed = ok(["new", "--titel", "Kort", "-p", "PV26", "--domein", "wonen", "--domein", "natuur"])
    vid = str(framed["id"])
    # the CLI has no option to frame it: do that through the service, as VRO would in the web app
    from novex.access import Actor
    from novex.dialogue.model import VraagstukDraft

    with bootstrap.unit_of_work() as uow:
        from novex.dialogue.service import VraagstukService

        service = uow.get(VraagstukService)
        service.update(Actor.operator(), int(vid), VraagstukDraft("Kort", ("PV26",), "informeel-contact",
                                                                 domeinen=("wonen", "natuur"), inkadering="NR"), 1)  # fmt: skip
    moved = ok(["move", vid, "beeldvorming", "--reden", "ingekaderd"])
    assert moved["fase"] == "beeldvorming" and moved["versie"] == 3
    refused(["move", vid, "afgesloten"], "reden")  # an outcome needs a reason the province can read
    refused(["move", vid, "afgesloten", "--reden", "hoeft niet door"], "'triage' ontbreekt")
    ok(["triage", vid, "--criterium", "1=nee", "--criterium", "2a=nee", "--criterium", "2b=nee",
        "--criterium", "3=nee", "--advies", "niet oppakken", "--besloten-door", "accountteam Midden"])  # fmt: skip
    refused(["move", vid, "oordeelsvorming"], "afwijking")  # the criteria are not met
    closed = ok(["move", vid, "afgesloten", "--reden", "hoeft niet door"])
    assert closed["fase"] == "afgesloten" and closed["uitkomst"] == {"plek": None, "reden": "hoeft niet door"}
    shown = ok(["show", vid])
    assert [(s["van"], s["naar"], s["reden"]) for s in shown["geschiedenis"]] == [
        ("gesignaleerd", "beeldvorming", "ingekaderd"), ("beeldvorming", "afgesloten", "hoeft niet door")
    ]  # fmt: skip
    refused(["move", vid, "oordeelsvorming"], "eindfase")
    table = runner.invoke(app, ["vraagstuk", "show", vid])
    assert table.exit_code == 0 and "Afgesloten (hoeft niet door)" in table.output
    listing = runner.invoke(app, ["vraagstuk", "list"])
    assert listing.exit_code == 0 and "Kort" in listing.output


REFUSALS = [
    (["new", "--titel", "x", "-p", "PV99"], ["onbekende provincie 'PV99'"]),
    (["new", "--titel", "x", "-p", "PV26", "--domein", "kernenergie"], ["onbekend domein 'kernenergie'"]),
    (["new", "--titel", "x", "-p", "PV26", "--herkomst", "roddel"], ["herkomst"]),
    (["new", "--titel", "x", "-p", "PV26", "--deadline", "morgen"], ["--deadline", "JJJJ-MM-DD"]),
    (["new", "--titel", "x", "-p", "PV26", "--claim", "4242"], ["claim 4242 bestaat niet"]),
    (["new", "--titel", "x", "-p", "PV26", "--conflict", "C-12"], ["conflicten"]),
    (["new", "--titel", "x" * 201, "-p", "PV26"], ["titel", "200"]),
    (["new", "--titel", "x", "-p", "PV26", "--accounthouder", "niemand@minbzk.nl"], ["accounthouder"]),
    (["new", "--titel", "x", "-p", "PV26", "--gebied", "novex-atlantis"], ["gebieden"]),
    (["new", "--titel", "x", "-p", "PV26", "--conflict", "C-99999999999999999999-1"], ["claim"]),
    (["list", "--fase", "klaar"], ["onbekende fase 'klaar'"]),
    (["list", "--domein", "kernenergie"], ["onbekend domein"]),
    (["list", "-p", "PV99"], ["onbekende provincie"]),
    (["show", "999"], ["vraagstuk 999 bestaat niet"]),
    (["move", "999", "beeldvorming"], ["vraagstuk 999 bestaat niet"]),
    (["triage", "999", "--criterium", "1=ja"], ["vraagstuk 999 bestaat niet"]),
]


@pytest.mark.parametrize(("args", "needles"), REFUSALS, ids=[" ".join(a)[:60] for a, _ in REFUSALS])
def test_refusals_exit_1_in_dutch(args, needles):
    refused(args, *needles)
    assert ok(["list"]) == []  # nothing was stored


def test_triage_refusals_exit_1_and_change_nothing():
    vid = str(ok(["new", "--titel", "x", "-p", "PV26"])["id"])
    refused(["triage", vid, "--criterium", "1=misschien"], "code=ja|nee")
    refused(["triage", vid, "--criterium", "9=ja"], "code=ja|nee")
    refused(["triage", vid, "--advies", "a" * 5_001], "advies", "5000")
    refused(["move", vid, "nergens"], "'nergens' is geen fase")
    shown = ok(["show", vid])
    assert shown["versie"] == 1 and shown["triage"]["advies"] is None


ENGLISH = ("Invalid value", "Input should", "Value error", "is not one of", "unable to parse", "Missing option")
USAGE_ERRORS = [
    (["new", "--titel", "x", "-p", "PV26", "--claim", str(10**20)], "--claim"),
    (["new", "--titel", "x", "-p", "PV26", "--claim", "0"], "--claim"),
    (["show", "abc"], "VRAAGSTUK_ID"),
    (["move", "99999999999", "beeldvorming"], "VRAAGSTUK_ID"),
    (["list", "--format", "xml"], "--format"),
    (["new", "-p", "PV26"], "--titel"),
]


@pytest.mark.parametrize(("args", "option"), USAGE_ERRORS, ids=[" ".join(a)[:60] for a, _ in USAGE_ERRORS])
def test_usage_errors_name_the_option_in_dutch(args, option):
    """A value the command line itself refuses (out of range, not a number, unknown choice, missing): exit 1 or 2
    (a usage error), the option named, and in Dutch like every other refusal — no traceback."""
    result = runner.invoke(app, ["vraagstuk", *args])
    assert result.exit_code in (1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert option.lower() in result.output.lower(), result.output
    assert not any(marker.lower() in result.output.lower() for marker in ENGLISH), result.output
    assert ok(["list"]) == []
