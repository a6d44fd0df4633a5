"""The chain of products through the API: the chain itself, an area's dossier end to end, and its refusals.

Roles from tests/fixtures/clients.py: Zuid-Holland's planner (PV28), Utrecht's (PV26), a ministry expert of
EZK, a reader. Groene Hart lies in PV26, PV27 and PV28 (trekkend bewindspersoon: LNV); Utrecht – Amersfoort
in PV26 and PV25; the Noordzeekanaalgebied's trekkend bewindspersoon is the minister of EZK.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from novex import registry
from novex.registry import Context
from tests.fixtures.clients import make_clients

ROUTER = "novex.api.routes.productketen:router"
SERVICE = "novex.gebieden.productketen_service:ProductketenService"
G = "/api/v1/novex-gebieden"
GH = f"{G}/novex-groene-hart/dossier"
UA = f"{G}/novex-utrecht-amersfoort/dossier"


def productketen_service(session):
    """The service as bootstrap wires it (used only while the gebieden context does not list it yet)."""
    from novex import bootstrap

    factory = getattr(bootstrap, "productketen_service", None)
    if factory is not None:
        return factory(session)
    from novex.catalog.service import catalogus
    from novex.gebieden.productketen_service import ProductketenService
    from novex.reference.provinces import province_index
    from novex.store.audit_repo import SqlAuditLog
    from novex.store.productketen_repo import SqlProductketenRepository

    names = {p.code: p.naam for p in province_index().provinces}
    return ProductketenService(SqlProductketenRepository(session), SqlAuditLog(session), catalogus(), names)


@pytest.fixture
def chain(monkeypatch):
    """The chain's routes, action and service: the gebieden context's once it lists them, until then a context
    of their own, put first (its `/novex-gebieden/productketen` before the area route `/novex-gebieden/{id}`)."""
    if any(ROUTER in c.api for c in registry.contexts()):
        yield
        return
    from novex.gebieden.productketen_actions import PRODUCTKETEN_ACTIONS

    extra = Context("productketen-proef", api=(ROUTER,), actions=PRODUCTKETEN_ACTIONS,
                    services={SERVICE: f"{__name__}:productketen_service"}, feeds_analysis=False)  # fmt: skip
    every = registry.contexts
    monkeypatch.setattr(registry, "contexts", lambda: (extra, *(c for c in every() if c is not extra)))
    with registry.registered(extra):
        yield


@pytest.fixture
def api(settings, chain):
    """Clients per role."""
    clients = make_clients(settings)
    yield clients
    clients.vro.app.state.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:800]
    return response.json() if response.content else None


def problem(response, status):
    assert response.status_code == status, response.text[:800]
    assert response.headers["content-type"].startswith("application/problem+json")
    return response.json()


def test_the_chain_with_its_seed_quotes_and_design_choices(api):
    keten = ok(api.lezer.get(f"{G}/productketen"))
    assert [f["code"] for f in keten["fasen"]] == ["huiswerkfase", "concretiseringsfase", "operationaliseringsfase",
                                                   "uitvoeringsfase"]  # fmt: skip
    assert keten["fasen"][2]["resultaat"] == "uitvoeringsagenda per NOVEX-gebied, inclusief RIA"
    assert keten["fasen"][0]["bron"]["seed"] == "003"
    assert (len(keten["elementen"]), len(keten["onderwerpen"])) == (6, 8)
    assert (keten["horizon"]["minJaren"], keten["horizon"]["maxJaren"]) == (4, 10)
    statussen = keten["statussen"]
    assert statussen["ontwerpkeuze"] is True
    assert statussen["toelichting"] == "Deze statussen zijn een ontwerpkeuze van dit platform; de seeds noemen ze niet."
    assert [s["code"] for s in statussen["afspraak"]] == ["open", "in-uitvoering", "afgerond", "vervallen"]
    assert keten["ministeries"]["ontwerpkeuze"] is True
    problem(api.anonymous.get(f"{G}/productketen"), 401)


def test_a_dossier_end_to_end(api):
    fresh = ok(api.lezer.get(GH))
    assert (fresh["versie"], fresh["fase"], fresh["faseNaam"], fresh["magBijwerken"]) == (0, None, "onbekend", False)
    assert fresh["governance"]["uitCatalogus"] and "Minister van LNV" in fresh["governance"]["duoRijk"]
    assert [p["soort"] for p in fresh["producten"]] == ["ontwikkelperspectief", "uitvoeringsagenda",
                                                        "regionale-investeringsagenda"]  # fmt: skip
    assert fresh["ontwerpkeuze"].startswith("Deze statussen zijn een ontwerpkeuze")
    assert ok(api.zuid_holland.get(GH))["magBijwerken"]

    # the phase, on the dossier's version
    d = ok(api.zuid_holland.put(f"{GH}/fase", json={"fase": "concretiseringsfase", "versie": 0}))
    assert (d["fase"], d["faseNaam"], d["versie"]) == ("concretiseringsfase", "Concretiseringsfase", 1)
    stale = problem(api.vro.put(f"{GH}/fase", json={"fase": "uitvoeringsfase", "versie": 0}), 409)
    assert stale["currentVersion"] == 1 and "intussen gewijzigd" in stale["detail"]
    d = ok(api.vro.put(f"{GH}/governance", json={"duoRijk": "Minister van LNV", "duoRegio": "gedeputeerde ZH",
                                                 "bestuurlijkeTrekker": "gedeputeerde ZH", "versie": 1}))  # fmt: skip
    assert d["versie"] == 2 and not d["governance"]["uitCatalogus"]

    # products: the horizon rule, fields of another kind, an exact amount
    refused = problem(api.vro.put(f"{GH}/producten/uitvoeringsagenda",
                                  json={"versie": 0, "startjaar": 2024, "eindjaar": 2040}), 400)  # fmt: skip
    assert "is 16 jaar; seed 003 §4.2" in refused["detail"] and "vier tot tien jaar" in refused["detail"]
    agenda = ok(api.vro.put(f"{GH}/producten/uitvoeringsagenda",
                            json={"versie": 0, "status": "in-voorbereiding", "startjaar": 2024, "eindjaar": 2032}))  # fmt: skip
    assert (agenda["horizonJaren"], agenda["statusNaam"], agenda["versie"]) == (8, "in voorbereiding", 1)
    stray = problem(api.vro.put(f"{GH}/producten/ontwikkelperspectief", json={"versie": 0, "startjaar": 2024}), 400)
    assert "startjaar: hoort niet bij dit product" in stray["detail"]
    ria = ok(api.vro.put(f"{GH}/producten/regionale-investeringsagenda", json={
        "versie": 0, "status": "vastgesteld", "bedrag": {"euro": "1234567890123.45"},
        "convenant": {"naam": "Convenant RIA Groene Hart", "datum": "2025-03-01"}}))  # fmt: skip
    assert ria["bedrag"] == {"euro": "1234567890123.45"} and ria["convenant"]["datum"] == "2025-03-01"
    perspectief = ok(api.vro.put(f"{GH}/producten/ontwikkelperspectief", json={
        "versie": 0, "status": "vastgesteld", "datumVastgesteld": "2023-07-01",
        "elementen": {"hoofdopgave": "Bodemdaling", "doelstellingen": "Veenweide"}}))  # fmt: skip
    assert [e["tekst"] for e in perspectief["elementen"]] == ["Bodemdaling", "", "", "", "", "Veenweide"]

    # an uitvoeringsafspraak that lands in Zuid-Holland's RA
    created = api.zuid_holland.post(f"{GH}/afspraken", json={
        "onderwerp": "financiering", "tekst": "40 mln voor veenweide", "eigenaar": "LNV",
        "deadline": "2028-12-31", "raAfspraken": ["PV28/A1"]})  # fmt: skip
    a = ok(created, 201)
    assert (a["status"], a["onderwerpNaam"], a["raAfspraken"], a["versie"]) == ("open", "financiering", ["PV28/A1"], 1)
    assert ok(api.lezer.get(created.headers["Location"]))["tekst"] == "40 mln voor veenweide"
    outside = problem(api.vro.post(f"{GH}/afspraken", json={"onderwerp": "doelen", "tekst": "x",
                                                            "raAfspraken": ["PV30/A1"]}), 400)  # fmt: skip
    assert "NOVEX-gebied Groene Hart ligt niet in PV30" in outside["detail"]
    changed = ok(api.vro.put(f"{GH}/afspraken/{a['id']}", json={
        "onderwerp": "financiering", "tekst": "40 mln voor veenweide", "status": "in-uitvoering",
        "raAfspraken": ["PV28/A1", "PV26/U3"], "versie": 1}))  # fmt: skip
    assert (changed["status"], changed["versie"]) == ("in-uitvoering", 2)
    stale = problem(api.vro.put(f"{GH}/afspraken/{a['id']}", json={"onderwerp": "doelen", "tekst": "y", "versie": 1}),
                    409)  # fmt: skip
    assert stale["currentVersion"] == 2
    voor_ra = ok(api.lezer.get(f"{G}/uitvoeringsafspraken/PV26"))
    assert [(x["id"], x["gebiedNaam"]) for x in voor_ra["afspraken"]] == [(a["id"], "Groene Hart")]
    bijdrage = ok(api.lezer.get(f"{GH}/bijdrage-ra"))
    assert bijdrage["onderdeel"] == 3 and bijdrage["ontwikkelperspectief"]["status"] == "vastgesteld"
    assert [x["id"] for x in bijdrage["afspraken"]] == [a["id"]]
    problem(api.vro.delete(f"{GH}/afspraken/{a['id']}", params={"versie": 1, "reden": "fout"}), 409)
    assert ok(api.vro.delete(f"{GH}/afspraken/{a['id']}", params={"versie": 2, "reden": "dubbel"}), 204) is None
    assert ok(api.lezer.get(f"{GH}/afspraken")) == []
    problem(api.lezer.get(created.headers["Location"]), 404)


def test_refusals_as_problem_json(api):
    refused = problem(api.zuid_holland.put(f"{UA}/fase", json={"fase": "huiswerkfase", "versie": 0}), 403)
    assert "dit gebied ligt in PV26, PV25" in refused["detail"]
    assert ok(api.utrecht.put(f"{UA}/fase", json={"fase": "huiswerkfase", "versie": 0}))["versie"] == 1
    refused = problem(api.departement.post(f"{GH}/afspraken", json={"onderwerp": "doelen", "tekst": "x"}), 403)
    assert "werkt voor ministerie EZK" in refused["detail"] and "(LNV)" in refused["detail"]
    nzkg = f"{G}/novex-nzkg/dossier"
    assert ok(api.departement.put(f"{nzkg}/fase", json={"fase": "uitvoeringsfase", "versie": 0}))["versie"] == 1
    problem(api.lezer.put(f"{GH}/producten/uitvoeringsagenda", json={"versie": 0}), 403)
    assert ok(api.lezer.get(UA))["fase"] == "huiswerkfase"  # nothing of the refusals was stored
    assert ok(api.lezer.get(GH))["afspraken"] == []
    problem(api.lezer.get(f"{G}/novex-atlantis/dossier"), 404)
    problem(api.vro.put(f"{GH}/fase", json={"fase": "huiswerkfase", "versie": 0, "extra": 1}), 400)
    problem(api.vro.put(f"{GH}/fase", json={"fase": "huiswerkfase", "versie": "0"}), 400)
    problem(api.vro.put(f"{GH}/fase", json={"fase": "eindfase", "versie": 0}), 400)
    problem(api.vro.put(f"{GH}/producten/verslag", json={"versie": 0}), 400)
    problem(api.vro.post(f"{GH}/afspraken", json={"onderwerp": "doelen", "tekst": "x", "deadline": "31-12-2028"}), 400)
    problem(api.vro.put(f"{GH}/producten/regionale-investeringsagenda",
                        json={"versie": 0, "bedrag": {"euro": "10.005"}}), 400)  # fmt: skip
    problem(api.vro.put(f"{GH}/producten/regionale-investeringsagenda",
                        json={"versie": 0, "bedrag": {"euro": "1", "tekst": "PM"}}), 400)  # fmt: skip
    problem(api.vro.get(f"{G}/uitvoeringsafspraken/PV99"), 400)


def test_the_dossier_on_the_command_line(cli_env, chain):
    from novex.cli.productketen import dossier_app

    def run(*args: str, code: int = 0) -> str:
        result = CliRunner().invoke(dossier_app, list(args))
        assert result.exit_code == code, result.output
        assert "Traceback" not in result.output
        return result.output

    gh = "novex-groene-hart"
    assert "Fase van novex-groene-hart: concretiseringsfase (dossierversie 1)" in run("fase", gh, "concretiseringsfase")
    assert "intussen gewijzigd" in run("fase", gh, "uitvoeringsfase", "--versie", "0", code=1)
    assert "dossierversie 2" in run("governance", gh, "--rijk", "Minister van LNV", "--regio", "gedeputeerde ZH")
    assert "seed 003 §4.2" in run("product", gh, "uitvoeringsagenda", "--startjaar", "2024", "--eindjaar", "2040",
                                  code=1)  # fmt: skip
    assert "--startjaar: hoort niet bij een ontwikkelperspectief" in run("product", gh, "ontwikkelperspectief",
                                                                         "--startjaar", "2024", code=1)  # fmt: skip
    assert "status vastgesteld (versie 1)" in run("product", gh, "regionale-investeringsagenda", "--status",
                                                  "vastgesteld", "--bedrag-euro", "1250000.50", "--convenant",
                                                  "Convenant RIA", "--convenant-datum", "2025-03-01")  # fmt: skip
    assert "versie 1" in run("product", gh, "ontwikkelperspectief", "--element", "hoofdopgave=Bodemdaling")
    run("afspraak", "add", gh, "--onderwerp", "financiering", "--tekst", "40 mln voor veenweide", "--ra", "PV28/A1",
        "--ra", "PV26/U3", "--deadline", "2028-12-31")  # fmt: skip
    assert "ligt niet in PV30" in run("afspraak", "add", gh, "--onderwerp", "doelen", "--tekst", "x", "--ra", "PV30/A1",
                                      code=1)  # fmt: skip
    (listed,) = json.loads(run("afspraak", "list", gh, "--format", "json"))
    assert (listed["raAfspraken"], listed["deadline"], listed["status"]) == (
        ["PV28/A1", "PV26/U3"],
        "2028-12-31",
        "open",
    )
    shown = json.loads(run("show", gh, "--format", "json"))
    assert (shown["fase"], shown["versie"], shown["governance"]["duoRijk"]) == (
        "concretiseringsfase",
        2,
        "Minister van LNV",
    )
    assert shown["producten"][2]["bedrag"] == {"euro": "1250000.50"}
    table = run("show", gh)
    assert "Concretiseringsfase" in table and "€ 1250000.50" in table and "40 mln voor veenweide" in table
