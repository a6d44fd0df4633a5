"""The verantwoording of a voorstel (seed 004 Bijlage 5) through the API and the CLI: rights, versions, refusals.

Roles from tests/fixtures/clients.py: Utrecht's planner (PV26), Zuid-Holland's (PV28), a reader.
"""

from __future__ import annotations

import json

import pytest
import yaml
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor
from novex.cli import app
from tests.fixtures.clients import make_clients

OPERATOR = Actor.operator()
BODY = {
    "versie": 0,
    "datasets": [
        {"naam": "Natura 2000", "vindplaats": "https://service.pdok.nl/rvo/natura2000/atom/index.xml", "basisset": True,
         "ngr": "https://www.nationaalgeoregister.nl/geonetwork/srv/dut/catalog.search#/metadata/n2000",
         "licentie": "CC BY 4.0"},
        {"naam": "Eigen woningbouwlocaties", "vindplaats": "https://example.org/woningbouw.gpkg"},
    ],
    "afwijkingen": [{"basissetDataset": "Plancapaciteit (landelijk)", "vervangenDoor": "Eigen woningbouwlocaties",
                     "reden": "de provinciale monitor is actueler"}],
    "indicatoren": [{"naam": "Woningen", "definitie": "netto toevoeging", "eenheid": "woningen",
                     "doel": "provincie-pv26-woningbouw-2030"}],
    "werkwijze": "locaties buiten Natura 2000 geselecteerd",
}


def voorstel(settings, provincie: str, naam: str = "Voorstel") -> int:
    db = bootstrap.database(settings)
    with db.session() as session:
        made = bootstrap.claim_service(session).create_voorstel(OPERATOR, provincie, naam)
    db.engine.dispose()
    return made.id


@pytest.fixture
def api(settings):
    clients = make_clients(settings)
    yield clients
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json()


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def test_a_province_lays_down_its_verantwoording_and_every_reader_sees_it(api, settings):
    v1 = voorstel(settings, "PV26")
    url = f"/api/v1/voorstellen/{v1}/verantwoording"
    empty = ok(api.lezer.get(url))
    assert (empty["vastgelegd"], empty["versie"], empty["datasets"]) == (False, 0, [])
    assert empty["bron"].startswith("seed 004 Bijlage 5") and empty["ngrTrefwoord"] == "basisset NOVEX"

    stored = ok(api.utrecht.put(url, json=BODY))
    assert (stored["vastgelegd"], stored["versie"], stored["gewijzigdDoor"]) == (True, 1, "planner@provincie-utrecht.nl")
    read = ok(api.lezer.get(url))
    for part in ("datasets", "afwijkingen", "indicatoren"):
        sent = [{k: v for k, v in row.items()} for row in BODY[part]]
        got = [{k: v for k, v in row.items() if k in sent[i]} for i, row in enumerate(read[part])]
        assert got == sent
    assert read["datasets"][1]["basisset"] is False and read["werkwijze"] == BODY["werkwijze"]

    # a stale version changes nothing
    stale = problem(api.vro.put(url, json={**BODY, "werkwijze": "anders"}), 409)
    assert "intussen gewijzigd (versie 1, u had versie 0)" in stale["detail"]
    assert ok(api.lezer.get(url))["werkwijze"] == BODY["werkwijze"]

    with bootstrap.configured_database(settings) as db, db.session() as session:
        events = bootstrap.audit_service(session).history(OPERATOR, "voorstel", v1)
    events = [e for e in events if e.actie == "voorstel.verantwoording-vastgelegd"]
    assert len(events) == 1
    assert events[0].details == {"datasets": 2, "afwijkingen": 1, "indicatoren": 1}


def test_a_new_version_takes_over_the_verantwoording_until_it_has_its_own(api, settings):
    v1 = voorstel(settings, "PV26", "Groei")
    ok(api.utrecht.put(f"/api/v1/voorstellen/{v1}/verantwoording", json=BODY))
    v2 = voorstel(settings, "PV26", "Groei")  # the next version of the same name
    taken = ok(api.lezer.get(f"/api/v1/voorstellen/{v2}/verantwoording"))
    assert (taken["voorstel"]["versie"], taken["overgenomenVan"], taken["versie"]) == (2, v1, 0)
    assert [d["naam"] for d in taken["datasets"]] == ["Natura 2000", "Eigen woningbouwlocaties"]
    own = ok(api.utrecht.put(f"/api/v1/voorstellen/{v2}/verantwoording", json={"versie": 0, "werkwijze": "nieuw"}))
    assert (own["overgenomenVan"], own["datasets"], own["versie"]) == (None, [], 1)
    assert ok(api.lezer.get(f"/api/v1/voorstellen/{v1}/verantwoording"))["werkwijze"] == BODY["werkwijze"]


def test_other_provinces_readers_and_bad_content_change_nothing(api, settings):
    v1 = voorstel(settings, "PV26")
    url = f"/api/v1/voorstellen/{v1}/verantwoording"
    assert "mag geen gegevens van" in problem(api.zuid_holland.put(url, json=BODY), 403)["detail"]
    problem(api.lezer.put(url, json=BODY), 403)
    problem(api.anonymous.put(url, json=BODY), 401)
    bad = {**BODY, "datasets": [{"naam": "A", "vindplaats": "v", "basisset": True}],
           "indicatoren": [{"naam": "I", "definitie": "d", "eenheid": "e", "doel": "bestaat-niet"}]}  # fmt: skip
    refused = problem(api.utrecht.put(url, json=bad), 400)
    assert "datasets[1].ngr: een dataset uit de basisset is vindbaar in het Nationaal Geo Register" in refused["detail"]
    assert "afwijkingen[1].vervangen_door: 'Eigen woningbouwlocaties' staat niet onder datasets" in refused["detail"]
    assert "indicatoren[1].doel: onbekend doel 'bestaat-niet'" in refused["detail"]
    problem(api.utrecht.put(url, json={**BODY, "kleur": "rood"}), 400)
    problem(api.utrecht.put("/api/v1/voorstellen/999999/verantwoording", json=BODY), 404)
    assert ok(api.lezer.get(url))["vastgelegd"] is False


runner = CliRunner()


def test_the_cli_lays_down_a_yaml_file_and_shows_it(cli_env):
    with bootstrap.configured_database() as db, db.session() as session:
        made = bootstrap.claim_service(session).create_voorstel(OPERATOR, "PV28", "ZH")
    body = {k: v for k, v in BODY.items() if k != "versie"}
    body["afwijkingen"] = [{"basisset_dataset": "Plancapaciteit (landelijk)", "vervangen_door": "Eigen woningbouwlocaties",
                            "reden": "actueler"}]  # fmt: skip
    body["indicatoren"] = [{"naam": "Woningen", "definitie": "netto toevoeging", "eenheid": "woningen"}]
    file = cli_env / "verantwoording.yaml"
    file.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(app, ["verantwoording", "leg-vast", str(made.id), str(file)])
    assert result.exit_code == 0, result.output
    assert "vastgelegd (versie 1): 2 datasets, 1 afwijkingen, 1 indicatoren" in result.output
    shown = json.loads(runner.invoke(app, ["verantwoording", "show", "ZH", "--format", "json"]).stdout)
    assert [d["naam"] for d in shown["datasets"]] == ["Natura 2000", "Eigen woningbouwlocaties"]
    assert shown["afwijkingen"][0]["vervangenDoor"] == "Eigen woningbouwlocaties"
    table = runner.invoke(app, ["verantwoording", "show", str(made.id)]).output
    assert "Afwijkingen van de basisset (pas toe of leg uit)" in table and "actueler" in table

    file.write_text("datasets:\n  - naam: A\n    vindplaats: [x\n", encoding="utf-8")
    broken = runner.invoke(app, ["verantwoording", "leg-vast", str(made.id), str(file)])
    assert broken.exit_code == 1 and "verantwoording.yaml: geen geldige YAML of JSON (regel 4" in broken.output
    stale = runner.invoke(app, ["verantwoording", "leg-vast", str(made.id), str(cli_env / "verantwoording.yaml"),
                                "--versie", "0"])  # fmt: skip
    assert stale.exit_code == 1


def test_the_web_page_shows_it_and_offers_the_editor_only_to_who_may_edit(settings):
    from tests.fixtures.web import XSS, alert, csrf_of, field, web_world

    world = web_world(settings)
    vid = world.api.utrecht.get("/api/v1/voorstellen", params={"provincie": "PV26"}).json()[0]["id"]
    url = f"/voorstellen/{vid}/verantwoording"
    listing = world.lezer.get("/provincies/PV26/voorstellen").text
    assert f'href="{url}"' in listing

    empty = world.utrecht.get(url).text
    assert "Voor deze versie is nog geen verantwoording vastgelegd." in empty and 'name="tekst"' in empty
    assert 'name="tekst"' not in world.zuid_holland.get(url).text  # no editor for another province
    assert 'name="tekst"' not in world.lezer.get(url).text

    tekst = yaml.safe_dump({"datasets": [{"naam": f"Eigen {XSS}", "vindplaats": "https://example.org/a.gpkg"}],
                            "werkwijze": "selectie"}, allow_unicode=True)  # fmt: skip
    saved = world.utrecht.post(url, data={"tekst": tekst, "versie": "0", "csrf": csrf_of(empty)}, follow_redirects=True)
    assert saved.status_code == 200 and "De verantwoording is vastgelegd (versie 1)." in saved.text
    assert XSS not in saved.text and "Eigen &lt;script&gt;" in saved.text
    assert field(saved.text, "versie") == "1"

    refused = world.utrecht.post(url, data={"tekst": "datasets:\n  - naam: A\n", "versie": "1",
                                            "csrf": csrf_of(saved.text)})  # fmt: skip
    assert refused.status_code == 400 and "datasets[1].vindplaats: ontbreekt" in alert(refused.text)
    assert field(refused.text, "tekst") == "datasets:\n  - naam: A\n"  # what was typed stays
    stale = world.utrecht.post(url, data={"tekst": tekst, "versie": "0", "csrf": csrf_of(saved.text)})
    assert stale.status_code == 409 and "intussen gewijzigd" in alert(stale.text)
    form = world.zuid_holland.get(url).text
    other = world.zuid_holland.post(url, data={"tekst": tekst, "versie": "1", "csrf": csrf_of(form)})
    assert other.status_code == 403
    assert world.api.lezer.get(f"/api/v1/voorstellen/{vid}/verantwoording").json()["versie"] == 1
