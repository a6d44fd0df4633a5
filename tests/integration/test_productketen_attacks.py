"""Attacks on the NOVEX areas' dossier (seed 003 §4.2: phase, governance, products, uitvoeringsafspraken) and on the
area page's boundary forms — through the API, the web pages and `novex gebieden dossier`.

A wrong role, an area of another province or ministry, somebody else's agreement id, a stale or missing version, a
bad value or a forged form gets a Dutch refusal with the right status (a problem+json in the API, a Dutch page on
the web, `Fout:` and a non-zero exit on the command line) and changes nothing: every attack compares the stored
dossiers, products, agreements, boundaries and the number of audit events before and after.

Most attacks share one module database per backend (they are refused, so it never changes); what must change
something gets a fresh database. The defects it found (amounts rounded as JSON numbers, typed values dropped by the CLI,
a malformed version skipping the check, blank and negative-zero amounts, English decimal messages, control characters
echoed into a refused form) are fixed; their tests stand guard.

Areas used: Groene Hart (PV26, PV28, PV27; trekkend bewindspersoon LNV), Utrecht – Amersfoort (PV26, PV25; BZK),
the Noordzeekanaalgebied (PV27; EZK), the Rotterdamse haven (PV28) for the boundary forms. Roles from
tests/fixtures/clients.py: Utrecht's planner (PV26), Zuid-Holland's (PV28), an EZK expert, a reader, a user manager.
"""

from __future__ import annotations

import html
import json
import re
import threading
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from novex.cli import app as cli_app
from novex.settings import Settings
from tests.fixtures.clients import ACCOUNTS, PASSWORD, make_clients
from tests.fixtures.geo import feature, square
from tests.fixtures.matrix import template_copy

# Most attacks are refused in front of the database (rights, parsing, validation): SQLite only. The tests
# marked every_backend are where the database matters: versions, racing first writes, amounts, stored text, geometry.
pytestmark = pytest.mark.sqlite_only

G = "/api/v1/novex-gebieden"
GH, UA, NZ = "novex-groene-hart", "novex-utrecht-amersfoort", "novex-nzkg"
HAVEN = "novex-rotterdamse-haven"  # Zuid-Holland (PV28): the boundary forms
PROBLEM = "application/problem+json"
ENGLISH = ("Input should", "Field required", "Value error", "should have", "Traceback", "valid integer", " or '",
           "String should", "Extra inputs", "Decimal input", "valid decimal", "Expected", "There was an error",
           "Internal Server Error")  # fmt: skip
TODAY = date.today()
TOMORROW = (TODAY + timedelta(days=1)).isoformat()
XSS = '<script>alert(1)</script><img src=x onerror=alert(2)> "quote" & ünïcode 😀'
MARKUP = "[bold red]rood[/] [link=https://evil.example]klik[/link]"
ROLES = ("vro", "utrecht", "zuid_holland", "departement", "lezer", "beheerder")
BODY_LIMIT = 51 * 1024 * 1024  # 50 MB of file plus its envelope (novex.server)
ZH_SQUARE = square(83_000, 428_000, 10_000)  # inside Zuid-Holland (RD New)
runner = CliRunner()


def geojson(*geometries) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [feature(g, naam="grens") for g in geometries],
                       "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}).encode()  # fmt: skip


GOOD_GRENS = geojson(ZH_SQUARE)


# -- the world ------------------------------------------------------------------------------------------------


def raw(client) -> TestClient:
    """The same user, but a server error is a 500 answer instead of an exception in the test."""
    return TestClient(client.app, raise_server_exceptions=False, headers=dict(client.headers))


def dossier(area: str) -> str:
    return f"{G}/{area}/dossier"


class World:
    """Clients per role (API tokens and logged-in browsers) on one database with a seeded dossier.

    Groene Hart: phase and governance (dossier version 2), all three products (version 1) and agreement `gh`;
    Utrecht – Amersfoort and the Noordzeekanaalgebied each one agreement (`ua`, `nz`) and nothing else.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = make_clients(settings)
        self.db = self.api.vro.app.state.db
        for role, client in self.api.by_role.items():
            setattr(self, role, raw(client))
        self.anonymous = raw(self.api.anonymous)
        self.web = SimpleNamespace(anonymous=TestClient(self.api.anonymous.app, raise_server_exceptions=False))
        for role, (email, *_rest) in ACCOUNTS.items():
            browser = TestClient(self.api.anonymous.app, raise_server_exceptions=False)
            response = browser.post("/inloggen", data={"email": email, "wachtwoord": PASSWORD}, follow_redirects=False)
            assert response.status_code == 303, response.text[:500]
            setattr(self.web, role, browser)
        v = self.vro
        ok(v.put(f"{dossier(GH)}/fase", json={"fase": "concretiseringsfase", "versie": 0}))
        ok(v.put(f"{dossier(GH)}/governance", json={"duoRijk": "Minister van LNV", "duoRegio": "gedeputeerde ZH",
                                                    "bestuurlijkeTrekker": "gedeputeerde ZH", "versie": 1}))  # fmt: skip
        ok(v.put(f"{dossier(GH)}/producten/ontwikkelperspectief", json={
            "versie": 0, "status": "vastgesteld", "datumVastgesteld": "2023-07-01",
            "elementen": {"hoofdopgave": "Bodemdaling"}}))  # fmt: skip
        ok(v.put(f"{dossier(GH)}/producten/uitvoeringsagenda", json={"versie": 0, "startjaar": 2024, "eindjaar": 2032}))
        ok(v.put(f"{dossier(GH)}/producten/regionale-investeringsagenda", json={
            "versie": 0, "bedrag": {"euro": "1250000.50"}, "convenant": {"naam": "Convenant RIA"}}))  # fmt: skip
        self.ids = {}
        for key, area, ra in (("gh", GH, ["PV28/A1"]), ("ua", UA, ["PV26/U1"]), ("nz", NZ, [])):
            created = ok(v.post(f"{dossier(area)}/afspraken", json={"onderwerp": "doelen", "tekst": f"afspraak {key}",
                                                                    "raAfspraken": ra}), 201)  # fmt: skip
            self.ids[key] = created["id"]

    def state(self) -> dict:
        """Everything the dossier and the boundary forms can change, and the number of audit events."""
        with self.db.engine.connect() as c:

            def rows(sql: str) -> list[tuple]:
                return [tuple(str(v) for v in r) for r in c.execute(text(sql))]

            return {
                "dossiers": rows("SELECT id, version, fase, duo_rijk, duo_regio, trekker, gewijzigd_door "
                                 "FROM gebiedsdossiers ORDER BY id"),
                "producten": rows("SELECT id, version, status, vindplaats, velden FROM gebiedsproducten ORDER BY id"),
                "afspraken": rows("SELECT id, gebied, version, onderwerp, tekst, eigenaar, status, deadline, "
                                  "ra_afspraken FROM uitvoeringsafspraken ORDER BY id"),
                "grenzen": rows("SELECT id, version, bron, bestand, peildatum FROM novex_gebied_grenzen ORDER BY id"),
                "audit": c.execute(text("SELECT COUNT(*) FROM audit_events")).scalar_one(),
            }  # fmt: skip

    def events(self, prefix: str = "novex-gebied") -> list[tuple[str, str]]:
        with self.db.engine.connect() as c:
            rows = c.execute(text("SELECT actie, object_id FROM audit_events ORDER BY id"))
            return [(a, o) for a, o in rows if a.startswith(prefix)]

    def versions(self, area: str) -> dict:
        """The dossier's version and each product's, as the API shows them."""
        d = ok(self.lezer.get(dossier(area)))
        return {"dossier": d["versie"], **{p["soort"]: p["versie"] for p in d["producten"]}}

    def csrf(self, role: str) -> str:
        page = getattr(self.web, role).get(f"/novex-gebieden/{HAVEN}").text
        return page.split('name="csrf" value="')[1].split('"')[0]


@pytest.fixture(scope="module")
def shared(template_db, backend, tmp_path_factory):
    """One seeded world per backend for the attacks that must change nothing."""
    folder = tmp_path_factory.mktemp("productketen-attacks")
    with template_copy(template_db, backend, folder) as url:
        w = World(Settings(data_dir=folder / "data", database_url=url))
        yield w
        w.db.engine.dispose()


@pytest.fixture
def world(settings):
    """A world of its own, for attacks that (must) change something."""
    w = World(settings)
    yield w
    w.db.engine.dispose()


@pytest.fixture
def cli(shared, tmp_path, monkeypatch):
    """The command line on the shared database."""
    from novex.settings import get_settings

    (tmp_path / "data").mkdir()
    monkeypatch.setenv("NOVEX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NOVEX_DATABASE_URL", shared.settings.database_url)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield shared
    get_settings.cache_clear()


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.text[:1500])
    return response.json() if response.content else None


def dutch(body) -> bool:
    blob = repr(body)
    return not any(marker in blob for marker in ENGLISH)


def problem(response, status: int, *words: str) -> dict:
    """A Dutch problem+json with `status` whose detail names `words`."""
    assert response.status_code == status, (response.status_code, response.text[:1500])
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["detail"] and dutch(body), body
    blob = body["detail"] + " ".join(p.get("reason", "") for p in body.get("invalidParams", []))
    assert all(w in blob for w in words), (words, body)
    return body


def page_text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def refused_page(response, status: int, *words: str) -> str:
    """A Dutch HTML page with `status` naming `words`, not a traceback."""
    assert response.status_code == status, (response.status_code, response.text[:1500])
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    shown = page_text(response.text)
    assert all(w in shown for w in words), (words, shown[:3000])
    assert dutch(shown), shown[:3000]
    return shown


# -- rights -------------------------------------------------------------------------------------------------------


def writes(w: World, area: str) -> list[tuple[str, str, dict | None, dict | None]]:
    """Every write of the dossier of `area`, each valid and on the current version: (method, path, json, params)."""
    v = w.versions(area)
    afspraak = w.ids[{GH: "gh", UA: "ua", NZ: "nz"}[area]]
    base = dossier(area)
    av = ok(w.lezer.get(f"{base}/afspraken/{afspraak}"))["versie"]
    return [
        ("PUT", f"{base}/fase", {"fase": "uitvoeringsfase", "versie": v["dossier"]}, None),
        ("PUT", f"{base}/governance", {"duoRijk": "x", "duoRegio": "y", "bestuurlijkeTrekker": "", "versie": v["dossier"]},
         None),
        ("PUT", f"{base}/producten/ontwikkelperspectief", {"versie": v["ontwikkelperspectief"], "status": "concept"},
         None),
        ("PUT", f"{base}/producten/uitvoeringsagenda", {"versie": v["uitvoeringsagenda"], "startjaar": 2026,
                                                        "eindjaar": 2030}, None),
        ("PUT", f"{base}/producten/regionale-investeringsagenda", {"versie": v["regionale-investeringsagenda"],
                                                                   "bedrag": {"tekst": "PM"}}, None),
        ("POST", f"{base}/afspraken", {"onderwerp": "financiering", "tekst": "kaping"}, None),
        ("PUT", f"{base}/afspraken/{afspraak}", {"onderwerp": "financiering", "tekst": "kaping", "versie": av}, None),
        ("DELETE", f"{base}/afspraken/{afspraak}", None, {"versie": av, "reden": "kaping"}),
    ]  # fmt: skip


MAY = {  # role -> the areas whose dossier it may write
    "vro": {GH, UA, NZ},
    "utrecht": {GH, UA},  # PV26: Groene Hart and Utrecht – Amersfoort lie partly in Utrecht
    "zuid_holland": {GH},  # PV28
    "departement": {NZ},  # EZK: the Noordzeekanaalgebied's trekkend bewindspersoon
    "lezer": set(),
    "beheerder": set(),
}
REFUSAL = {
    ("utrecht", NZ): "dit gebied ligt in PV27",
    ("zuid_holland", UA): "dit gebied ligt in PV26, PV25",
    ("zuid_holland", NZ): "dit gebied ligt in PV27",
    ("departement", GH): "werkt voor ministerie EZK",
    ("departement", UA): "werkt voor ministerie EZK",
    ("lezer", GH): "mag niet",
    ("beheerder", GH): "mag niet",
}


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_every_role_on_every_write_of_every_dossier(shared, role):
    client = getattr(shared, role)
    for area in (GH, UA, NZ):
        may = area in MAY.get(role, set())
        shown = ok(shared.lezer.get(dossier(area))) if role == "anonymous" else ok(client.get(dossier(area)))
        assert shown["magBijwerken"] is (may and role != "anonymous"), (role, area)
        if may:
            continue
        before = shared.state()
        for method, path, body, params in writes(shared, area):
            response = client.request(method, path, json=body, params=params)
            if role == "anonymous":
                problem(response, 401, "log in")
            else:
                problem(response, 403, REFUSAL.get((role, area), ""))
            assert shared.state() == before, (role, method, path)


@pytest.mark.every_backend
def test_the_roles_that_may_write_a_dossier_can(world):
    """The other side of the matrix: each allowed role's every write goes through, one event each."""
    for role, areas in MAY.items():
        for area in sorted(areas):
            client = getattr(world, role)
            for n in range(8):
                method, path, body, params = writes(world, area)[n]  # on the versions of the moment
                before = len(world.events())
                response = client.request(method, path, json=body, params=params)
                assert response.status_code in (200, 201, 204), (role, method, path, response.text[:800])
                assert len(world.events()) == before + 1, (role, method, path)
                if method == "DELETE":
                    key = {GH: "gh", UA: "ua", NZ: "nz"}[area]
                    world.ids[key] = ok(world.vro.post(f"{dossier(area)}/afspraken",
                                                       json={"onderwerp": "doelen", "tekst": "opnieuw"}), 201)["id"]  # fmt: skip


def test_an_agreement_is_reached_only_through_its_own_area(shared):
    before = shared.state()
    nz, ua = shared.ids["nz"], shared.ids["ua"]
    update = {"onderwerp": "doelen", "tekst": "kaping", "versie": 1}
    for client, area, other in ((shared.vro, GH, nz), (shared.zuid_holland, GH, ua), (shared.utrecht, GH, nz),
                                (shared.departement, NZ, shared.ids["gh"]), (shared.utrecht, UA, shared.ids["gh"])):  # fmt: skip
        base = f"{dossier(area)}/afspraken/{other}"
        problem(client.get(base), 404, f"uitvoeringsafspraak {other} van NOVEX-gebied {area} bestaat niet")
        problem(client.put(base, json=update), 404, "bestaat niet")
        problem(client.delete(base, params={"versie": 1, "reden": "kaping"}), 404, "bestaat niet")
    assert [a["id"] for a in ok(shared.lezer.get(f"{dossier(GH)}/afspraken"))] == [shared.ids["gh"]]
    assert shared.state() == before


@pytest.mark.parametrize(("afspraak_id", "status", "words"), [
    ("0", 400, "minstens 1"),
    ("-1", 400, "geen geheel getal"),
    (str(2**31), 400, "hoogstens 2147483647"),
    (str(2**63), 400, "geen geheel getal"),
    (str(2**64 + 1), 400, "geen geheel getal"),
    ("abc", 400, "geen geheel getal"),
    ("1.0", 400, "geen geheel getal"),
    ("1e0", 400, "geen geheel getal"),
    ("%C2%B2", 400, "geen geheel getal"),  # superscript two
    ("%EF%BC%91", 400, "geen geheel getal"),  # fullwidth one
    ("99999", 404, "bestaat niet"),
    (str(2**31 - 1), 404, "bestaat niet"),
])  # fmt: skip
def test_agreement_ids_that_are_no_ids_or_none_of_ours(shared, afspraak_id, status, words):
    before = shared.state()
    base = f"{dossier(GH)}/afspraken/{afspraak_id}"
    problem(shared.vro.get(base), status, words)
    problem(shared.vro.put(base, json={"onderwerp": "doelen", "tekst": "x", "versie": 1}), status, words)
    problem(shared.vro.delete(base, params={"versie": 1, "reden": "x"}), status, words)
    assert shared.state() == before


@pytest.mark.parametrize(("path", "status", "words"), [
    (f"{G}/novex-atlantis/dossier", 404, "NOVEX-gebied 'novex-atlantis' bestaat niet"),
    (f"{G}/NOVEX-GROENE-HART/dossier", 400, "verwachte vorm"),
    (f"{G}/novex-groene-hart%00/dossier", 400, "verwachte vorm"),
    (f"{G}/{'a' * 81}/dossier", 400, "verwachte vorm"),
    (f"{G}/productketen/dossier", 404, "'productketen' bestaat niet"),
    (f"{G}/novex-atlantis/dossier/bijdrage-ra", 404, "bestaat niet"),
    (f"{G}/novex-atlantis/dossier/afspraken", 404, "bestaat niet"),
    (f"{G}/uitvoeringsafspraken/PV99", 400, "provincie 'PV99' bestaat niet"),
    (f"{G}/uitvoeringsafspraken/PV2", 400, "verwachte vorm"),
    (f"{G}/uitvoeringsafspraken/%EF%BC%B0%EF%BC%B6%EF%BC%92%EF%BC%96", 400, "verwachte vorm"),  # fullwidth PV26
])  # fmt: skip
def test_unknown_or_malformed_areas_and_provinces_are_refused_in_dutch(shared, path, status, words):
    problem(shared.lezer.get(path), status, words)


def test_writes_to_an_unknown_area_or_product_change_nothing(shared):
    before = shared.state()
    for client in (shared.vro, shared.utrecht):
        problem(client.put(f"{G}/novex-atlantis/dossier/fase", json={"fase": None, "versie": 0}), 404, "bestaat niet")
        problem(client.post(f"{G}/novex-atlantis/dossier/afspraken", json={"onderwerp": "doelen", "tekst": "x"}), 404)
        for soort in ("verslag", "Uitvoeringsagenda", "uitvoeringsagenda%20", "uitvoeringsagenda%00", "..%2Fverslag"):
            response = client.put(f"{dossier(GH)}/producten/{soort}", json={"versie": 1})
            assert response.status_code in (404, 400), (soort, response.status_code)
            problem(response, response.status_code)
    assert shared.state() == before


# -- versions -----------------------------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_stale_missing_and_odd_versions_are_refused_and_change_nothing(shared):
    before = shared.state()
    v = shared.versions(GH)
    assert v == {"dossier": 2, "ontwikkelperspectief": 1, "uitvoeringsagenda": 1, "regionale-investeringsagenda": 1}
    fase = f"{dossier(GH)}/fase"
    assert problem(shared.vro.put(fase, json={"fase": "uitvoeringsfase", "versie": 1}), 409,
                   "intussen gewijzigd (versie 2, u had versie 1)")["currentVersion"] == 2  # fmt: skip
    assert problem(shared.vro.put(fase, json={"fase": "uitvoeringsfase", "versie": 0}), 409)["currentVersion"] == 2
    assert problem(shared.vro.put(fase, json={"fase": "uitvoeringsfase", "versie": 3}), 409)["currentVersion"] == 2
    problem(shared.vro.put(fase, json={"fase": "uitvoeringsfase"}), 400, "versie: ontbreekt")
    gov = {"duoRijk": "x", "duoRegio": "y", "bestuurlijkeTrekker": ""}
    assert problem(shared.vro.put(f"{dossier(GH)}/governance", json=gov | {"versie": 1}), 409)["currentVersion"] == 2
    problem(shared.vro.put(f"{dossier(GH)}/governance", json=gov), 400, "versie: ontbreekt")
    for versie, words in ((None, "geen geheel getal"), ("2", "geen geheel getal"), (2.0, "geen geheel getal"),
                          (True, "geen geheel getal"), (-1, "minstens 0"), (2**31, "hoogstens 2147483647"),
                          (2**63, "hoogstens"), ([2], "geen geheel getal")):  # fmt: skip
        problem(shared.vro.put(fase, json={"fase": "uitvoeringsfase", "versie": versie}), 400, words)
    for soort, body in (("ontwikkelperspectief", {"status": "concept"}), ("uitvoeringsagenda", {}),
                        ("regionale-investeringsagenda", {"bedrag": {"tekst": "PM"}})):  # fmt: skip
        url = f"{dossier(GH)}/producten/{soort}"
        assert problem(shared.vro.put(url, json=body | {"versie": 0}), 409, "intussen gewijzigd")["currentVersion"] == 1
        assert problem(shared.vro.put(url, json=body | {"versie": 7}), 409)["currentVersion"] == 1
        problem(shared.vro.put(url, json=body), 400, "versie: ontbreekt")
    afspraak = f"{dossier(GH)}/afspraken/{shared.ids['gh']}"
    body = {"onderwerp": "doelen", "tekst": "x"}
    assert problem(shared.vro.put(afspraak, json=body | {"versie": 2}), 409)["currentVersion"] == 1
    problem(shared.vro.put(afspraak, json=body | {"versie": 0}), 400, "minstens 1")
    problem(shared.vro.put(afspraak, json=body), 400, "versie: ontbreekt")
    assert problem(shared.vro.delete(afspraak, params={"versie": 2, "reden": "x"}), 409)["currentVersion"] == 1
    problem(shared.vro.delete(afspraak, params={"versie": 0, "reden": "x"}), 400, "minstens 1")
    problem(shared.vro.delete(afspraak, params={"reden": "x"}), 400, "versie: ontbreekt")
    problem(shared.vro.delete(afspraak, params={"versie": "een", "reden": "x"}), 400, "geen geheel getal")
    problem(shared.vro.post(f"{dossier(GH)}/afspraken", json=body | {"versie": 1}), 400, "versie: is geen bekend veld")
    assert shared.state() == before


def test_a_version_in_the_query_is_an_integer_as_typed(shared):
    before = shared.state()
    afspraak = f"{dossier(GH)}/afspraken/{shared.ids['gh']}"
    problem(shared.vro.delete(afspraak, params={"versie": "2.0", "reden": "x"}), 400, "geen geheel getal")
    assert shared.state() == before


def _race(calls: list) -> list:
    """Run the calls at once (released together); their responses in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(n: int, call) -> None:
        barrier.wait()
        results[n] = call()

    threads = [threading.Thread(target=run, args=(n, call)) for n, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.every_backend
def test_racing_first_writes_store_one_and_the_others_get_409(world):
    """Four users create the same product, four set the first phase, two change one agreement: one wins each."""
    clients = [world.vro, world.utrecht, raw(world.api.vro), raw(world.api.utrecht)]
    url = f"{dossier(UA)}/producten/uitvoeringsagenda"
    for what, call in (
        ("product", lambda c: c.put(url, json={"versie": 0, "startjaar": 2026, "eindjaar": 2031})),
        ("fase", lambda c: c.put(f"{dossier(UA)}/fase", json={"fase": "huiswerkfase", "versie": 0})),
    ):
        before = len(world.events())
        responses = _race([lambda c=c, call=call: call(c) for c in clients])
        codes = sorted(r.status_code for r in responses)
        assert codes == [200, 409, 409, 409], (what, [(r.status_code, r.text[:300]) for r in responses])
        for r in responses:
            if r.status_code == 409:
                assert problem(r, 409, "intussen gewijzigd")["currentVersion"] == 1
        assert len(world.events()) == before + 1, what
    state = world.state()
    assert [p[0] for p in state["producten"]].count(f"{UA}/uitvoeringsagenda") == 1
    assert [d[:2] for d in state["dossiers"] if d[0] == UA] == [(UA, "1")]
    afspraak = f"{dossier(UA)}/afspraken/{world.ids['ua']}"
    responses = _race([lambda c=c, n=n: c.put(afspraak, json={"onderwerp": "doelen", "tekst": f"door {n}", "versie": 1})
                       for n, c in enumerate(clients[:2])])  # fmt: skip
    assert sorted(r.status_code for r in responses) == [200, 409], [r.text[:300] for r in responses]
    assert ok(world.lezer.get(afspraak))["versie"] == 2


@pytest.mark.every_backend
def test_the_unique_key_turns_an_outrun_first_write_into_a_409(world, monkeypatch):
    """The check said 'nothing stored yet', but another writer stored it since: 409, the unit of work intact."""
    from novex.store.productketen_repo import SqlProductketenRepository

    ok(world.vro.put(f"{dossier(UA)}/producten/uitvoeringsagenda", json={"versie": 0, "startjaar": 2026,
                                                                         "eindjaar": 2031}))  # fmt: skip
    ok(world.vro.put(f"{dossier(UA)}/fase", json={"fase": "huiswerkfase", "versie": 0}))
    before = world.state()
    real_producten, real_dossier = SqlProductketenRepository.producten, SqlProductketenRepository.dossier
    blind = {"producten": 1, "dossier": 1}

    def producten(self, gebied):
        if blind["producten"]:
            blind["producten"] -= 1
            return []
        return real_producten(self, gebied)

    def dossier_(self, gebied):
        if blind["dossier"]:
            blind["dossier"] -= 1
            return None
        return real_dossier(self, gebied)

    monkeypatch.setattr(SqlProductketenRepository, "producten", producten)
    monkeypatch.setattr(SqlProductketenRepository, "dossier", dossier_)
    r = world.vro.put(f"{dossier(UA)}/producten/uitvoeringsagenda", json={"versie": 0, "startjaar": 2027,
                                                                          "eindjaar": 2032})  # fmt: skip
    assert problem(r, 409, "intussen gewijzigd")["currentVersion"] == 1
    r = world.vro.put(f"{dossier(UA)}/fase", json={"fase": "uitvoeringsfase", "versie": 0})
    assert problem(r, 409, "intussen gewijzigd")["currentVersion"] == 1
    monkeypatch.undo()
    assert world.state() == before


# -- values -------------------------------------------------------------------------------------------------------


def P(name: str, area: str, path: str, body, status: int, words: str, *marks, raw_body: bool = False):
    """One value attack: PUT/POST `body` (a dict with `versie` filled in as the current version, or raw JSON text)."""
    return pytest.param(area, path, body, status, words, raw_body, id=name, marks=marks)


FASE, GOV, OP, UAG, RIA, AFS = ("fase", "governance", "producten/ontwikkelperspectief", "producten/uitvoeringsagenda",
                                "producten/regionale-investeringsagenda", "afspraken")  # fmt: skip
GOOD_GOV = {"duoRijk": "a", "duoRegio": "b", "bestuurlijkeTrekker": "c"}
GOOD_AFS = {"onderwerp": "doelen", "tekst": "x"}

VALUES = [
    # phase: unknown codes, case variants, lookalikes, invisible characters
    *[P(f"fase-{n}", GH, FASE, {"fase": f}, 400, "bestaat niet; kies een van huiswerkfase")
      for n, f in (("eind", "eindfase"), ("hoofdletter", "Huiswerkfase"), ("kapitalen", "HUISWERKFASE"),
                   ("cyrillisch-a", "huiswerkf\u0430se"), ("zero-width", "huiswerkfase\u200b"),
                   ("nbsp", "huiswerkfase\u00a0x"), ("nul", "huiswerkfase\x00"), ("fullwidth", "ｈｕｉｓｗｅｒｋｆａｓｅ"))],
    P("fase-41-tekens", GH, FASE, {"fase": "x" * 41}, 400, "te lang"),
    P("fase-getal", GH, FASE, {"fase": 1}, 400, "geen tekst"),
    P("fase-lijst", GH, FASE, {"fase": ["huiswerkfase"]}, 400, "geen tekst"),
    P("fase-onbekend-veld", GH, FASE, {"fase": "huiswerkfase", "gebied": NZ}, 400, "gebied: is geen bekend veld"),
    # governance
    P("gov-rijk-leeg", GH, GOV, GOOD_GOV | {"duoRijk": ""}, 400, "te kort"),
    P("gov-rijk-spaties", GH, GOV, GOOD_GOV | {"duoRijk": "   "}, 400, "duo_rijk: verplicht"),
    P("gov-regio-ontbreekt", GH, GOV, {"duoRijk": "a", "bestuurlijkeTrekker": ""}, 400, "duoRegio: ontbreekt"),
    P("gov-regel", GH, GOV, GOOD_GOV | {"duoRegio": "a\nb"}, 400, "één regel"),
    P("gov-nul", GH, GOV, GOOD_GOV | {"bestuurlijkeTrekker": "a\x00b"}, 400, "NUL-teken"),
    P("gov-escape", GH, GOV, GOOD_GOV | {"duoRijk": "a\x1b[2Jb"}, 400, "stuurteken"),
    P("gov-bidi", GH, GOV, GOOD_GOV | {"duoRijk": "a\u202eb"}, 400, "stuurteken"),
    P("gov-301", GH, GOV, GOOD_GOV | {"duoRijk": "x" * 301}, 400, "te lang (maximaal 300"),
    P("gov-null", GH, GOV, GOOD_GOV | {"bestuurlijkeTrekker": None}, 400, "geen tekst"),
    P("gov-snake-case", GH, GOV, {"duo_rijk": "a", "duoRegio": "b", "bestuurlijkeTrekker": ""}, 400,
      "duo_rijk: is geen bekend veld"),
    # ontwikkelperspectief: status, date, six elements
    *[P(f"status-{n}", GH, OP, {"status": s}, 400, "kies een van concept")
      for n, s in (("onbekend", "klaar"), ("hoofdletter", "Concept"), ("cyrillisch", "c\u043encept"),
                   ("zero-width", "concept\u200b"))],
    P("vastgesteld-morgen", GH, OP, {"status": "vastgesteld", "datumVastgesteld": TOMORROW}, 400, "en vandaag"),
    P("vastgesteld-2999", GH, OP, {"status": "vastgesteld", "datumVastgesteld": "2999-01-01"}, 400, "en vandaag"),
    P("vastgesteld-2019", GH, OP, {"status": "vastgesteld", "datumVastgesteld": "2019-12-31"}, 400, "2020-01-01"),
    P("vastgesteld-zonder-datum", GH, OP, {"status": "vastgesteld"}, 400, "verplicht bij status vastgesteld"),
    P("concept-met-datum", GH, OP, {"status": "concept", "datumVastgesteld": "2024-01-01"}, 400, "alleen bij status"),
    *[P(f"datum-{n}", GH, OP, {"status": "vastgesteld", "datumVastgesteld": d}, 400, "geen datum (JJJJ-MM-DD)")
      for n, d in (("30-februari", "2024-02-30"), ("maand-13", "2024-13-01"), ("nederlands", "01-07-2023"),
                   ("tijdstip", "2023-07-01T00:00:00"), ("jaar-0", "0000-01-01"), ("getal", 20230701),
                   ("tekst", "gisteren"), ("leeg", ""))],
    P("element-onbekend", GH, OP, {"elementen": {"onbekend": "x"}}, 400, "geen onderdeel van het ontwikkelperspectief"),
    P("element-hoofdletter", GH, OP, {"elementen": {"Hoofdopgave": "x"}}, 400, "geen onderdeel"),
    P("element-spatie", GH, OP, {"elementen": {"hoofdopgave ": "x"}}, 400, "geen onderdeel"),
    P("element-20001", GH, OP, {"elementen": {"hoofdopgave": "x" * 20_001}}, 400, "te lang (maximaal 20000"),
    P("element-nul", GH, OP, {"elementen": {"identiteit": "a\x00b"}}, 400, "NUL-teken"),
    P("element-escape", GH, OP, {"elementen": {"identiteit": "a\x1b]0;titel\x07b"}}, 400, "stuurteken"),
    P("element-bidi", GH, OP, {"elementen": {"identiteit": "a\u2066b"}}, 400, "stuurteken"),
    P("element-getal", GH, OP, {"elementen": {"identiteit": 5}}, 400, "geen tekst"),
    P("element-null", GH, OP, {"elementen": {"identiteit": None}}, 400, "geen tekst"),
    P("elementen-lijst", GH, OP, {"elementen": ["identiteit"]}, 400, "geen object"),
    P("elementen-21", GH, OP, {"elementen": {f"k{i}": "x" for i in range(21)}}, 400, "te veel elementen"),
    P("element-sleutel-61", GH, OP, {"elementen": {"k" * 61: "x"}}, 400, "te lang"),
    P("vindplaats-regel", GH, OP, {"vindplaats": "a\r\nb"}, 400, "één regel"),
    P("vindplaats-501", GH, OP, {"vindplaats": "x" * 501}, 400, "te lang (maximaal 500"),
    P("perspectief-startjaar", GH, OP, {"startjaar": 2024}, 400, "startjaar: hoort niet bij dit product"),
    P("perspectief-bedrag", GH, OP, {"bedrag": {"euro": "1"}}, 400, "bedrag: hoort niet bij dit product"),
    P("perspectief-snake-case", GH, OP, {"datum_vastgesteld": "2024-01-01"}, 400, "is geen bekend veld"),
    # uitvoeringsagenda: the horizon of four to ten years, and years that are no years
    P("horizon-3", GH, UAG, {"startjaar": 2024, "eindjaar": 2027}, 400, "is 3 jaar; seed 003 §4.2"),
    P("horizon-11", GH, UAG, {"startjaar": 2024, "eindjaar": 2035}, 400, "is 11 jaar"),
    P("horizon-0", GH, UAG, {"startjaar": 2030, "eindjaar": 2030}, 400, "is 0 jaar"),
    P("start-na-eind", GH, UAG, {"startjaar": 2034, "eindjaar": 2028}, 400, "4 tot en met 10 jaar"),
    P("jaar-0", GH, UAG, {"startjaar": 0, "eindjaar": 4}, 400, "minstens 1900"),
    P("jaar-99999", GH, UAG, {"startjaar": 99999, "eindjaar": 100003}, 400, "hoogstens 2200"),
    P("jaar-negatief", GH, UAG, {"startjaar": -2030, "eindjaar": -2024}, 400, "minstens 1900"),
    P("jaar-2019", GH, UAG, {"startjaar": 2019, "eindjaar": 2025}, 400, "jaartal van 2020 tot en met 2100"),
    P("jaar-2101", GH, UAG, {"startjaar": 2095, "eindjaar": 2101}, 400, "jaartal van 2020 tot en met 2100"),
    P("jaar-tekst", GH, UAG, {"startjaar": "2024", "eindjaar": "2030"}, 400, "geen geheel getal"),
    P("jaar-komma", GH, UAG, {"startjaar": 2024.0, "eindjaar": 2030.5}, 400, "geen geheel getal"),
    P("jaar-bool", GH, UAG, {"startjaar": True, "eindjaar": 2030}, 400, "geen geheel getal"),
    P("jaar-2-63", GH, UAG, {"startjaar": 2**63, "eindjaar": 2**63 + 5}, 400, "hoogstens 2200"),
    P("alleen-startjaar", GH, UAG, {"startjaar": 2024}, 400, "geef beide, of geen van beide"),
    P("agenda-elementen", GH, UAG, {"elementen": {}}, 400, "elementen: hoort niet bij dit product"),
    # regionale investeringsagenda: amounts, texts, convenant
    P("euro-negatief", GH, RIA, {"bedrag": {"euro": "-1"}}, 400, "minstens 0"),
    P("euro-NaN-tekst", GH, RIA, {"bedrag": {"euro": "NaN"}}, 400, "geen eindig getal"),
    P("euro-sNaN", GH, RIA, {"bedrag": {"euro": "sNaN"}}, 400, "geen eindig getal"),
    P("euro-Infinity", GH, RIA, {"bedrag": {"euro": "Infinity"}}, 400, "geen eindig getal"),
    P("euro-1e309-tekst", GH, RIA, {"bedrag": {"euro": "1e309"}}, 400, "kleiner zijn dan"),
    P("euro-1e16", GH, RIA, {"bedrag": {"euro": "1e16"}}, 400, "kleiner zijn dan"),
    P("euro-huge", GH, RIA, {"bedrag": {"euro": "9" * 400}}, 400, "kleiner zijn dan"),
    P("euro-NaN-json", GH, RIA, '{"versie": %d, "bedrag": {"euro": NaN}}', 400, "als tekst", raw_body=True),
    P("euro-Infinity-json", GH, RIA, '{"versie": %d, "bedrag": {"euro": -Infinity}}', 400, "als tekst", raw_body=True),
    P("euro-1e309-json", GH, RIA, '{"versie": %d, "bedrag": {"euro": 1e309}}', 400, "als tekst", raw_body=True),
    P("euro-3-decimalen", GH, RIA, {"bedrag": {"euro": "10.005"}}, 400, "te veel decimalen"),
    P("euro-komma", GH, RIA, {"bedrag": {"euro": "1,50"}}, 400, "bedrag"),
    P("euro-duizendtallen", GH, RIA, {"bedrag": {"euro": "1.250.000,50"}}, 400, "bedrag"),
    P("euro-tekst", GH, RIA, {"bedrag": {"euro": "tien miljoen"}}, 400, "bedrag"),
    P("euro-hex", GH, RIA, {"bedrag": {"euro": "0x10"}}, 400, "bedrag"),
    P("euro-lijst", GH, RIA, {"bedrag": {"euro": ["1"]}}, 400, "bedrag"),
    P("euro-bool", GH, RIA, {"bedrag": {"euro": True}}, 400, "bedrag"),
    P("euro-en-tekst", GH, RIA, {"bedrag": {"euro": "1", "tekst": "PM"}}, 400, "niet allebei"),
    P("bedrag-leeg", GH, RIA, {"bedrag": {}}, 400, "geef 'euro' of 'tekst'"),
    P("bedrag-getal", GH, RIA, {"bedrag": 5}, 400, "geen object"),
    P("bedrag-valuta", GH, RIA, {"bedrag": {"euro": "1", "valuta": "USD"}}, 400, "valuta: is geen bekend veld"),
    P("tekst-leeg", GH, RIA, {"bedrag": {"tekst": ""}}, 400, "te kort"),
    P("tekst-regel", GH, RIA, {"bedrag": {"tekst": "P\nM"}}, 400, "één regel"),
    P("tekst-301", GH, RIA, {"bedrag": {"tekst": "x" * 301}}, 400, "te lang"),
    P("convenant-zonder-naam", GH, RIA, {"convenant": {"datum": "2024-01-01"}}, 400, "naam: ontbreekt"),
    P("convenant-naam-leeg", GH, RIA, {"convenant": {"naam": ""}}, 400, "te kort"),
    P("convenant-naam-spaties", GH, RIA, {"convenant": {"naam": "   "}}, 400, "convenant.naam: verplicht"),
    P("convenant-naam-nul", GH, RIA, {"convenant": {"naam": "a\x00"}}, 400, "NUL-teken"),
    P("convenant-1999", GH, RIA, {"convenant": {"naam": "C", "datum": "1999-12-31"}}, 400, "2020-01-01"),
    P("convenant-2101", GH, RIA, {"convenant": {"naam": "C", "datum": "2101-01-01"}}, 400, "2100-12-31"),
    P("convenant-30-februari", GH, RIA, {"convenant": {"naam": "C", "datum": "2024-02-30"}}, 400, "geen datum"),
    P("convenant-tekst", GH, RIA, {"convenant": "Convenant RIA"}, 400, "geen object"),
    P("ria-eindjaar", GH, RIA, {"eindjaar": 2030}, 400, "eindjaar: hoort niet bij dit product"),
    # uitvoeringsafspraken: topic, text, owner, status, deadline, RA refs
    *[P(f"onderwerp-{n}", GH, AFS, GOOD_AFS | {"onderwerp": o}, 400, "kies een van doelen")
      for n, o in (("onbekend", "wonen"), ("hoofdletter", "Doelen"), ("cyrillisch", "d\u043eelen"),
                   ("zero-width", "doelen\u200b"), ("leeg", ""))],
    P("onderwerp-null", GH, AFS, GOOD_AFS | {"onderwerp": None}, 400, "geen tekst"),
    P("onderwerp-ontbreekt", GH, AFS, {"tekst": "x"}, 400, "onderwerp: ontbreekt"),
    P("afspraak-tekst-spaties", GH, AFS, GOOD_AFS | {"tekst": " \t "}, 400, "tekst: verplicht"),
    P("afspraak-tekst-5001", GH, AFS, GOOD_AFS | {"tekst": "x" * 5001}, 400, "te lang (maximaal 5000"),
    P("afspraak-tekst-nul", GH, AFS, GOOD_AFS | {"tekst": "a\x00b"}, 400, "NUL-teken"),
    P("afspraak-tekst-escape", GH, AFS, GOOD_AFS | {"tekst": "a\x1b[2Jb"}, 400, "stuurteken"),
    P("afspraak-eigenaar-regel", GH, AFS, GOOD_AFS | {"eigenaar": "a\nb"}, 400, "één regel"),
    P("afspraak-status", GH, AFS, GOOD_AFS | {"status": "Open"}, 400, "kies een van open"),
    P("afspraak-deadline-1999", GH, AFS, GOOD_AFS | {"deadline": "1999-12-31"}, 400, "2000-01-01 en 2100-12-31"),
    P("afspraak-deadline-2101", GH, AFS, GOOD_AFS | {"deadline": "2101-01-01"}, 400, "2000-01-01 en 2100-12-31"),
    P("afspraak-deadline-nl", GH, AFS, GOOD_AFS | {"deadline": "31-12-2028"}, 400, "geen datum"),
    *[P(f"ra-{n}", GH, AFS, GOOD_AFS | {"raAfspraken": [r]}, 400, "schrijf PROVINCIE/SLEUTEL")
      for n, r in (("zonder-sleutel", "PV26"), ("lege-sleutel", "PV26/"), ("drie-delen", "PV26/A1/x"),
                   ("leeg", ""), ("alleen-slash", "/"), ("fullwidth", "ＰＶ２６/A1"), ("nul", "PV26/A\x001"),
                   ("html", "PV26/<script>"), ("spatie-in-sleutel", "PV26/A 1"), ("naam", "Utrecht/A1"),
                   ("sleutel-61", "PV26/" + "A" * 61))],
    P("ra-provincie-99", GH, AFS, GOOD_AFS | {"raAfspraken": ["PV99/A1"]}, 400, "provincie PV99 bestaat niet"),
    P("ra-arabische-cijfers", GH, AFS, GOOD_AFS | {"raAfspraken": ["PV\u0662\u0666/A1"]}, 400, "bestaat niet"),
    P("ra-andere-provincie", GH, AFS, GOOD_AFS | {"raAfspraken": ["PV30/A1"]}, 400,
      "NOVEX-gebied Groene Hart ligt niet in PV30; het ligt in PV26, PV28, PV27"),
    P("ra-utrecht-in-nzkg", NZ, AFS, GOOD_AFS | {"raAfspraken": ["PV26/A1"]}, 400, "ligt niet in PV26"),
    P("ra-dubbel", GH, AFS, GOOD_AFS | {"raAfspraken": ["PV26/A1", "pv26/A1"]}, 400, "staat er dubbel in"),
    P("ra-21", GH, AFS, GOOD_AFS | {"raAfspraken": [f"PV26/A{i}" for i in range(21)]}, 400, "te veel elementen"),
    P("ra-10000", GH, AFS, GOOD_AFS | {"raAfspraken": [f"PV26/A{i}" for i in range(10_000)]}, 400, "maximaal 20"),
    P("ra-tekst", GH, AFS, GOOD_AFS | {"raAfspraken": "PV26/A1"}, 400, "geen lijst"),
    P("ra-getal", GH, AFS, GOOD_AFS | {"raAfspraken": [26]}, 400, "geen tekst"),
    P("afspraak-id", GH, AFS, GOOD_AFS | {"id": 1}, 400, "id: is geen bekend veld"),
    P("afspraak-gebied", GH, AFS, GOOD_AFS | {"gebied": NZ}, 400, "gebied: is geen bekend veld"),
    # bodies that are no object
    P("body-lijst", GH, FASE, "[1]", 400, "geen object", raw_body=True),
    P("body-kapot", GH, FASE, '{"fase": ', 400, "geen geldige JSON", raw_body=True),
    P("body-leeg", GH, FASE, "", 400, "ontbreekt", raw_body=True),
    P("body-null", GH, AFS, "null", 400, "geen object", raw_body=True),
    P("body-diep", GH, FASE, '{"fase": ' + "[" * 100_000 + "]" * 100_000 + "}", 400, "te diep genest", raw_body=True),
]  # fmt: skip


@pytest.mark.parametrize(("area", "path", "body", "status", "words", "raw_body"), VALUES)
def test_bad_values_are_refused_in_dutch_and_change_nothing(shared, area, path, body, status, words, raw_body):
    before = shared.state()
    v = shared.versions(area)
    versie = v["dossier"] if path in (FASE, GOV) else v.get(path.removeprefix("producten/"), 0)
    url = f"{dossier(area)}/{path}"
    method = "POST" if path == AFS else "PUT"
    if raw_body:
        content = body if isinstance(body, bytes) else (body % versie if "%d" in body else body).encode()
        response = shared.vro.request(method, url, content=content, headers={"content-type": "application/json"})
    else:
        payload = body if path == AFS else {"versie": versie} | body
        response = shared.vro.request(method, url, json=payload)
    problem(response, status, words)
    assert shared.state() == before


@pytest.mark.parametrize("body", [
    pytest.param({"onderwerp": "wonen", "tekst": "x", "versie": 1}, id="onderwerp"),
    pytest.param({"onderwerp": "doelen", "tekst": "x", "status": "klaar", "versie": 1}, id="status"),
    pytest.param({"onderwerp": "doelen", "tekst": "x", "raAfspraken": ["PV30/A1"], "versie": 1}, id="ra"),
    pytest.param({"onderwerp": "doelen", "tekst": "", "versie": 1}, id="tekst"),
    pytest.param({"onderwerp": "doelen", "tekst": "x", "versie": 1, "gebied": NZ}, id="gebied"),
    pytest.param({"onderwerp": "doelen", "tekst": "x", "versie": 1, "id": 1}, id="id"),
])  # fmt: skip
def test_a_bad_agreement_update_is_refused_and_changes_nothing(shared, body):
    before = shared.state()
    problem(shared.vro.put(f"{dossier(GH)}/afspraken/{shared.ids['gh']}", json=body), 400)
    assert shared.state() == before


@pytest.mark.parametrize("reden", ["", "   ", "a\x1b[2J", "x" * 2001, "a\u202eb"])
def test_an_agreement_is_removed_only_with_a_real_reason(shared, reden):
    before = shared.state()
    problem(shared.vro.delete(f"{dossier(GH)}/afspraken/{shared.ids['gh']}", params={"versie": 1, "reden": reden}), 400,
            "reden")  # fmt: skip
    assert shared.state() == before


def test_a_body_over_the_limit_is_a_413_and_changes_nothing(shared):
    before = shared.state()
    v = shared.versions(GH)
    url = f"{dossier(GH)}/producten/ontwikkelperspectief"
    big = json.dumps({"versie": v["ontwikkelperspectief"], "elementen": {"hoofdopgave": "x" * BODY_LIMIT}}).encode()
    problem(shared.vro.put(url, content=big, headers={"content-type": "application/json"}), 413, "groter dan")
    problem(shared.anonymous.put(url, content=big, headers={"content-type": "application/json"}), 413)

    def chunks():  # a streamed body without a Content-Length
        for _ in range(BODY_LIMIT // (1 << 20) + 2):
            yield b"x" * (1 << 20)

    problem(shared.vro.put(url, content=chunks(), headers={"content-type": "application/json"}), 413)
    # a body well under the limit but far over the fields' limits: 400, not a slow 200
    mid = {
        "versie": v["ontwikkelperspectief"],
        "elementen": {c: "x" * 1_000_000 for c in ("hoofdopgave", "identiteit")},
    }
    problem(shared.vro.put(url, json=mid), 400, "te lang")
    assert shared.state() == before


# -- values that are taken, but must not be -------------------------------------------------------------------------


@pytest.mark.every_backend
@pytest.mark.parametrize(("euro", "area"), [
    pytest.param("999999999999999.99", "novex-mra", id="17-cijfers"),
    pytest.param("1.0000000000000000001", "novex-de-peel", id="verborgen-decimalen"),
    pytest.param("0.1000000000000000001", "novex-zuid-limburg", id="verborgen-decimalen-2"),
])  # fmt: skip
def test_an_amount_as_a_json_number_is_never_rounded_silently(shared, euro, area):
    before = shared.state()
    url = f"{dossier(area)}/producten/regionale-investeringsagenda"
    body = f'{{"versie": 0, "bedrag": {{"euro": {euro}}}}}'
    response = shared.vro.put(url, content=body.encode(), headers={"content-type": "application/json"})
    if response.status_code == 200:  # taken: only if exactly what was sent
        assert response.json()["bedrag"] == {"euro": euro}, response.json()["bedrag"]
    else:
        problem(response, 400, "bedrag")
        assert shared.state() == before


@pytest.mark.every_backend
def test_minus_zero_euro_is_stored_as_zero(shared):
    url = f"{dossier('novex-groningen')}/producten/regionale-investeringsagenda"
    response = shared.vro.put(url, json={"versie": 0, "bedrag": {"euro": "-0.00"}})
    if response.status_code == 200:
        assert response.json()["bedrag"] == {"euro": "0.00"}
    else:
        problem(response, 400, "bedrag")


def test_a_blank_amount_text_is_refused_not_dropped(shared):
    area = "novex-groningen-assen"
    before = shared.state()
    url = f"{dossier(area)}/producten/regionale-investeringsagenda"
    problem(shared.vro.put(url, json={"versie": 0, "bedrag": {"tekst": "   "}}), 400, "bedrag")
    assert shared.state() == before


# -- hostile text ---------------------------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_hostile_text_round_trips_as_data_and_is_inert_on_the_page_and_the_command_line(world, cli_env, monkeypatch):
    hostile = f"{XSS} {MARKUP}"
    v = world.versions(GH)
    ok(world.vro.put(f"{dossier(GH)}/governance", json={"duoRijk": hostile, "duoRegio": XSS,
                                                        "bestuurlijkeTrekker": MARKUP, "versie": v["dossier"]}))  # fmt: skip
    perspectief = ok(world.vro.put(f"{dossier(GH)}/producten/ontwikkelperspectief", json={
        "versie": v["ontwikkelperspectief"], "vindplaats": hostile,
        "elementen": {"hoofdopgave": f"{hostile}\nregel 2\ttab", "identiteit": "&lt;b&gt;"}}))  # fmt: skip
    ria = ok(world.vro.put(f"{dossier(GH)}/producten/regionale-investeringsagenda", json={
        "versie": v["regionale-investeringsagenda"], "bedrag": {"tekst": hostile},
        "convenant": {"naam": hostile, "vindplaats": XSS}}))  # fmt: skip
    afspraak = ok(world.vro.post(f"{dossier(GH)}/afspraken", json={"onderwerp": "doelen", "tekst": hostile,
                                                                    "eigenaar": MARKUP}), 201)  # fmt: skip
    read = ok(world.lezer.get(dossier(GH)))
    assert (read["governance"]["duoRijk"], read["governance"]["duoRegio"]) == (hostile, XSS)
    assert read["governance"]["bestuurlijkeTrekker"] == MARKUP
    assert perspectief["elementen"][0]["tekst"] == f"{hostile}\nregel 2\ttab"
    assert perspectief["elementen"][2]["tekst"] == "&lt;b&gt;"  # stored as typed, never unescaped
    assert (ria["bedrag"], ria["convenant"]["naam"]) == ({"tekst": hostile}, hostile)
    assert ok(world.lezer.get(f"{dossier(GH)}/afspraken/{afspraak['id']}"))["tekst"] == hostile
    for role in ROLES:
        page = getattr(world.web, role).get(f"/novex-gebieden/{GH}")
        assert page.status_code == 200, (role, page.text[:500])
        assert "<script>alert(1)" not in page.text and "<img src=x onerror" not in page.text, role
        if 'id="dossier"' in page.text:  # the page shows the dossier: the hostile text is there, as text
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, role
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.settings.database_url)
    for args in (["show", GH], ["afspraak", "list", GH]):
        result = runner.invoke(cli_app, ["gebieden", "dossier", *args])
        assert result.exit_code == 0, result.output
        assert "[bold red]rood[/]" in result.output or "[bold red]rood[/]" in result.output.replace("\n", ""), args
        assert "\x1b]8;" not in result.output  # the [link=…] markup did not become a terminal hyperlink
    shown = json.loads(runner.invoke(cli_app, ["gebieden", "dossier", "show", GH, "--format", "json"]).output)
    assert shown["governance"]["duoRijk"] == hostile


# -- the area page's boundary forms ------------------------------------------------------------------------------

GRENS = f"/novex-gebieden/{HAVEN}/grens"
FORM = {"bron": "Convenant 2027", "peildatum": "2026-01-15"}


def post_grens(shared, who: str, token: str | None, content: bytes | None = GOOD_GRENS, name: str = "grens.geojson",
               area: str = HAVEN, **form):  # fmt: skip
    data = {**FORM, **form} | ({"csrf": token} if token is not None else {})
    files = {"bestand": (name, content, "application/geo+json")} if content is not None else None
    return getattr(shared.web, who).post(f"/novex-gebieden/{area}/grens", data=data, files=files,
                                         follow_redirects=False)  # fmt: skip


@pytest.mark.parametrize(("who", "token", "area", "status", "words"), [
    ("vro", None, HAVEN, 403, "CSRF"),
    ("vro", "", HAVEN, 403, "CSRF"),
    ("vro", "vervalst-token", HAVEN, 403, "CSRF"),
    ("vro", "other-user", HAVEN, 403, "CSRF"),
    ("lezer", "own", HAVEN, 403, "mag niet"),
    ("beheerder", "own", HAVEN, 403, "mag niet"),
    ("zuid_holland", "own", HAVEN, 403, "mag niet"),
    ("utrecht", "own", HAVEN, 403, "mag niet"),
    ("departement", "own", HAVEN, 403, "mag niet"),
    ("zuid_holland", None, HAVEN, 403, "CSRF"),
    ("vro", "own", "novex-atlantis", 404, "NOVEX-gebied 'novex-atlantis' bestaat niet"),
])  # fmt: skip
def test_forged_or_unauthorised_boundary_posts_are_refused_and_store_nothing(shared, who, token, area, status, words):
    before = shared.state()
    if token == "own":
        token = shared.csrf(who)
    elif token == "other-user":
        token = shared.csrf("lezer")
    response = post_grens(shared, who, token, area=area)
    refused_page(response, status, words)
    assert shared.state() == before
    assert ok(shared.lezer.get(f"{G}/{HAVEN}"))["properties"]["begrenzing"]["soort"] == "indicatief"


def test_an_anonymous_boundary_post_goes_to_the_login_and_stores_nothing(shared):
    before = shared.state()
    response = shared.web.anonymous.post(GRENS, data={**FORM, "csrf": "x"},
                                         files={"bestand": ("grens.geojson", GOOD_GRENS)}, follow_redirects=False)  # fmt: skip
    assert response.status_code in (303, 401, 403), response.status_code
    if response.status_code == 303:
        assert response.headers["location"].startswith("/inloggen")
    assert shared.state() == before


@pytest.mark.parametrize(("content", "name", "form", "words"), [
    (b"geen json", "grens.geojson", {}, "grens.geojson"),
    (b"", "grens.geojson", {}, "grens.geojson"),
    (b'{"type": "FeatureCollection", "features": []}', "grens.geojson", {}, "grens.geojson"),
    (geojson(square(250_000, 600_000, 1_000)), "grens.geojson", {}, "grens.geojson"),  # outside Zuid-Holland
    (b"geen sqlite", "grens.gpkg", {}, "grens.gpkg"),
    (GOOD_GRENS, "grens.exe", {}, "bestandstype .exe"),
    (GOOD_GRENS, "../../../etc/passwd", {}, "bestandstype (geen)"),
    (b"kapot", "..\\..\\windows\\grens.geojson", {}, "grens.geojson"),
    (b"kapot", "/etc/cron.d/grens.geojson", {}, "grens.geojson"),
    (GOOD_GRENS, "grens.geojson", {"peildatum": TOMORROW}, "ligt in de toekomst"),
    (GOOD_GRENS, "grens.geojson", {"peildatum": "2026-02-30"}, "peildatum"),
    (GOOD_GRENS, "grens.geojson", {"peildatum": ""}, "vul de peildatum"),
    (GOOD_GRENS, "grens.geojson", {"bron": "  "}, "noem waar de grens vandaan komt"),
    (GOOD_GRENS, "grens.geojson", {"bron": "a\x1b[2Jb"}, "stuurteken"),
    (GOOD_GRENS, "grens.geojson", {"attributie": "a\x00b"}, "NUL"),
    (None, "", {}, "kies een GeoJSON- of GeoPackage-bestand"),
])  # fmt: skip
def test_bad_boundary_uploads_are_refused_on_the_page_and_store_nothing(shared, content, name, form, words):
    before = shared.state()
    response = post_grens(shared, "vro", shared.csrf("vro"), content, name, **form)
    shown = refused_page(response, 400, words)
    assert "../" not in shown and "..\\" not in shown and "/etc/" not in shown
    assert shared.state() == before


@pytest.mark.parametrize("form", [{"bron": "a\x1b[2Jb"}, {"attributie": "a\x00b"}, {"bron": "a\u202eb"}])
def test_a_refused_boundary_form_never_echoes_control_characters_raw(shared, form):
    before = shared.state()
    response = post_grens(shared, "vro", shared.csrf("vro"), **form)
    refused_page(response, 400, "grens")
    assert shared.state() == before
    assert not any(ch in response.text for ch in "\x1b\x00\u202e"), [
        ch for ch in "\x1b\x00\u202e" if ch in response.text
    ]


def test_oversized_boundary_uploads_are_refused(shared):
    before = shared.state()
    token = shared.csrf("vro")
    just_over_file = b" " * (50 * 1024 * 1024 + 1)  # over the file limit, under the body limit
    refused_page(post_grens(shared, "vro", token, just_over_file), 400, "groter dan 50 MB")
    over_body = b" " * (BODY_LIMIT + 1024)
    response = post_grens(shared, "vro", token, over_body)
    assert response.status_code == 413, response.status_code
    assert "groter dan" in response.text
    assert shared.state() == before


def test_boundary_removal_forms_are_refused_without_csrf_right_or_boundary(shared):
    before = shared.state()
    url = f"/novex-gebieden/{HAVEN}/grens/verwijderen"
    refused_page(shared.web.vro.post(url, data={"reden": "weg", "versie": "1"}, follow_redirects=False), 403, "CSRF")
    refused_page(shared.web.vro.post(url, data={"reden": "weg", "csrf": shared.csrf("lezer")},
                                     follow_redirects=False), 403, "CSRF")  # fmt: skip
    for role in ("lezer", "zuid_holland", "departement", "beheerder"):
        response = getattr(shared.web, role).post(url, data={"reden": "weg", "csrf": shared.csrf(role)},
                                                  follow_redirects=False)  # fmt: skip
        refused_page(response, 403, "mag niet")
    token = shared.csrf("vro")
    refused_page(shared.web.vro.post(url, data={"reden": "weg", "csrf": token}, follow_redirects=False), 404,
                 "heeft geen officiële grens")  # fmt: skip
    refused_page(shared.web.vro.post(url, data={"reden": " ", "csrf": token}, follow_redirects=False), 400,
                 "reden: verplicht")  # fmt: skip
    refused_page(shared.web.vro.post("/novex-gebieden/novex-atlantis/grens/verwijderen",
                                     data={"reden": "weg", "csrf": token}, follow_redirects=False), 404,
                 "bestaat niet")  # fmt: skip
    assert shared.state() == before


@pytest.mark.every_backend
def test_a_boundary_is_stored_under_its_clean_name_and_guarded_by_its_version(world):
    token = world.csrf("vro")
    response = post_grens(world, "vro", token, GOOD_GRENS, "../../../../tmp/<b>grens</b>\x1b[2J.geojson")
    assert response.status_code == 303, response.text[:1500]
    ((gebied, versie, bron, bestand, _),) = world.state()["grenzen"]
    assert (gebied, versie, bron) == (HAVEN, "1", "Convenant 2027")
    assert "/" not in bestand and "\\" not in bestand and "\x1b" not in bestand and bestand.endswith(".geojson")
    page = world.web.vro.get(f"/novex-gebieden/{HAVEN}").text
    assert "<b>grens</b>" not in page
    before = world.state()
    # a second boundary without naming the version, or on a stale one: 409, nothing changed
    refused_page(post_grens(world, "vro", token), 409, "heeft al een officiële grens")
    refused_page(post_grens(world, "vro", token, versie="7"), 409, "intussen gewijzigd")
    url = f"/novex-gebieden/{HAVEN}/grens/verwijderen"
    refused_page(world.web.vro.post(url, data={"reden": "weg", "csrf": token, "versie": "7"}, follow_redirects=False),
                 409, "intussen gewijzigd")  # fmt: skip
    for role in ("lezer", "zuid_holland"):
        response = getattr(world.web, role).post(url, data={"reden": "weg", "csrf": world.csrf(role), "versie": "1"},
                                                 follow_redirects=False)  # fmt: skip
        refused_page(response, 403, "mag niet")
    assert world.state() == before
    response = world.web.vro.post(url, data={"reden": "weg", "csrf": token, "versie": "1"}, follow_redirects=False)
    assert response.status_code == 303, response.text[:1500]
    assert world.state()["grenzen"] == []


@pytest.mark.parametrize("versie", ["x", "1.0", "\u00b9"])
def test_a_malformed_version_in_the_removal_form_is_refused(world, versie):
    token = world.csrf("vro")
    assert post_grens(world, "vro", token).status_code == 303
    before = world.state()
    response = world.web.vro.post(f"/novex-gebieden/{HAVEN}/grens/verwijderen",
                                  data={"reden": "weg", "csrf": token, "versie": versie}, follow_redirects=False)  # fmt: skip
    refused_page(response, 400, "versie")
    assert world.state() == before


# -- the command line ------------------------------------------------------------------------------------------------

ESC = "\x1b[2J"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["fase", GH, "eindfase"], 1, "fase 'eindfase' bestaat niet"),
    (["fase", GH, "Huiswerkfase"], 1, "bestaat niet"),
    (["fase", GH, "huiswerkf\u0430se"], 1, "bestaat niet"),
    (["fase", GH, f"huiswerk{ESC}fase"], 1, "bestaat niet"),
    (["fase", GH, "huiswerkfase", "--versie", "0"], 1, "intussen gewijzigd (versie 2, u had versie 0)"),
    (["fase", GH, "huiswerkfase", "--versie", "-1"], 2, "minstens 0"),
    (["fase", GH, "huiswerkfase", "--versie", str(2**63)], 2, "hoogstens 2147483647"),
    (["fase", GH, "huiswerkfase", "--versie", "een"], 2, "--versie"),
    (["fase", "novex-atlantis", "huiswerkfase"], 1, "NOVEX-gebied 'novex-atlantis' bestaat niet"),
    (["fase", "../../etc/passwd", "huiswerkfase"], 1, "bestaat niet"),
    (["governance", GH, "--rijk", "", "--regio", "x"], 1, "duo_rijk: verplicht"),
    (["governance", GH, "--rijk", "a\nb", "--regio", "x"], 1, "één regel"),
    (["governance", GH, "--rijk", "x" * 301, "--regio", "x"], 1, "hoogstens 300 tekens"),
    (["governance", GH, "--rijk", f"a{ESC}", "--regio", "x"], 1, "stuurteken"),
    (["product", GH, "verslag"], 1, "productsoort 'verslag'"),
    (["product", GH, "Uitvoeringsagenda"], 1, "productsoort"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "2024", "--eindjaar", "2027"], 1, "is 3 jaar"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "2024", "--eindjaar", "2035"], 1, "is 11 jaar"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "2032", "--eindjaar", "2026"], 1, "4 tot en met 10 jaar"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "0", "--eindjaar", "4"], 2, "minstens 1900"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "99999", "--eindjaar", "100003"], 2, "hoogstens 2200"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "-2030", "--eindjaar", "2034"], 2, "--startjaar"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "2024"], 1, "geef beide"),
    (["product", GH, "uitvoeringsagenda", "--startjaar", "2024", "--eindjaar", "2030", "--versie", "0"], 1,
     "intussen gewijzigd"),
    (["product", GH, "ontwikkelperspectief", "--startjaar", "2024"], 1, "hoort niet bij een ontwikkelperspectief"),
    (["product", GH, "ontwikkelperspectief", "--status", "vastgesteld", "--datum-vastgesteld", TOMORROW], 1,
     "en vandaag"),
    (["product", GH, "ontwikkelperspectief", "--status", "vastgesteld", "--datum-vastgesteld", "2024-02-30"], 1,
     "geen datum"),
    (["product", GH, "ontwikkelperspectief", "--status", "vastgesteld"], 1, "verplicht bij status vastgesteld"),
    (["product", GH, "ontwikkelperspectief", "--status", "Vastgesteld"], 1, "kies een van concept"),
    (["product", GH, "ontwikkelperspectief", "--element", "hoofdopgave"], 1, "schrijf CODE=TEKST"),
    (["product", GH, "ontwikkelperspectief", "--element", "onbekend=x"], 1, "geen onderdeel"),
    (["product", GH, "ontwikkelperspectief", "--element", "hoofdopgave=" + "x" * 20_001], 1, "hoogstens 20000"),
    (["product", GH, "ontwikkelperspectief", "--element", f"hoofdopgave=a{ESC}"], 1, "stuurteken"),
    (["product", GH, "ontwikkelperspectief", "--element", "hoofdopgave=a\x00b"], 1, "NUL-teken"),
    (["product", GH, "ontwikkelperspectief", "--vindplaats", "x" * 501], 1, "hoogstens 500"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "-1"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "NaN"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "sNaN"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "Infinity"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "1e309"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "1e999999999"], 1, "van 0 tot 10^16"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "1.005"], 1, "twee decimalen"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "1,50"], 1, "geen bedrag"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "tien"], 1, "geen bedrag"),
    (["product", GH, "regionale-investeringsagenda", "--bedrag-euro", "1", "--bedrag-tekst", "PM"], 1, "kies er één"),
    (["product", GH, "regionale-investeringsagenda", "--convenant-datum", "2024-01-01"], 1, "noem de naam"),
    (["product", GH, "regionale-investeringsagenda", "--convenant", "  "], 1, "convenant.naam: verplicht"),
    (["product", GH, "regionale-investeringsagenda", "--convenant", "C", "--convenant-datum", "2024-02-30"], 1,
     "geen datum"),
    (["product", GH, "regionale-investeringsagenda", "--convenant", "C", "--convenant-datum", "1999-01-01"], 1,
     "2020-01-01"),
    (["afspraak", "add", GH, "--onderwerp", "Doelen", "--tekst", "x"], 1, "kies een van doelen"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", " "], 1, "tekst: verplicht"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", f"x{ESC}"], 1, "stuurteken"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", "--status", "klaar"], 1, "kies een van open"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", "--deadline", "31-12-2028"], 1, "geen datum"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", "--deadline", "2101-01-01"], 1, "2100-12-31"),
    *[(["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", "--ra", r], 1, m)
      for r, m in (("PV26", "PROVINCIE/SLEUTEL"), ("PV26/", "PROVINCIE/SLEUTEL"), ("PV26/A1/x", "PROVINCIE/SLEUTEL"),
                   ("PV99/A1", "provincie PV99 bestaat niet"), ("PV30/A1", "ligt niet in PV30"),
                   (f"PV26/{ESC}A1", "PROVINCIE/SLEUTEL"))],
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", "--ra", "PV26/A1", "--ra", "PV26/A1"], 1,
     "staat er dubbel in"),
    (["afspraak", "add", GH, "--onderwerp", "doelen", "--tekst", "x", *[a for i in range(21) for a in
                                                                       ("--ra", f"PV26/A{i}")]], 1, "hoogstens 20"),
    (["afspraak", "add", "novex-atlantis", "--onderwerp", "doelen", "--tekst", "x"], 1, "bestaat niet"),
    (["afspraak", "list", "novex-atlantis"], 1, "bestaat niet"),
    (["show", f"novex{ESC}"], 1, "bestaat niet"),
])  # fmt: skip
def test_the_command_line_refuses_bad_values_in_dutch_and_stores_nothing(cli, args, code, message):
    before = cli.state()
    result = runner.invoke(cli_app, ["gebieden", "dossier", *args])
    assert result.exit_code == code, (result.exit_code, result.output)
    assert message in result.output and "Fout:" in result.output, result.output
    assert "Traceback" not in result.output and ESC not in result.output and "\x00" not in result.output
    assert dutch(result.output), result.output
    assert cli.state() == before


@pytest.mark.parametrize(("args", "area"), [
    pytest.param(["--convenant", "", "--convenant-datum", "2024-03-01", "--convenant-vindplaats", "Staatscourant"],
                 "novex-lelylijn", id="convenant-leeg-met-datum"),
    pytest.param(["--bedrag-tekst", ""], "novex-stedelijk-brabant", id="bedrag-tekst-leeg"),
    pytest.param(["--bedrag-tekst", "   "], "novex-regio-zwolle", id="bedrag-tekst-spaties"),
])  # fmt: skip
def test_the_command_line_never_drops_a_typed_value_silently(cli, args, area):
    before = cli.state()
    result = runner.invoke(cli_app, ["gebieden", "dossier", "product", area, "regionale-investeringsagenda", *args])
    assert result.exit_code == 1 and "Fout:" in result.output, result.output
    assert cli.state() == before


# -- the dossier's own web forms (when the area page offers them) ----------------------------------------------------


def dossier_forms(w: World, area: str) -> list[tuple[str, dict]]:
    """Every dossier form of the area page, each filled in validly on the current versions."""
    v = w.versions(area)
    afspraak = w.ids[{GH: "gh", UA: "ua", NZ: "nz"}[area]]
    base = f"/novex-gebieden/{area}/dossier"
    return [
        (f"{base}/fase", {"fase": "uitvoeringsfase", "versie": str(v["dossier"])}),
        (f"{base}/governance", {"duo_rijk": "x", "duo_regio": "y", "bestuurlijke_trekker": "",
                                "versie": str(v["dossier"])}),
        (f"{base}/producten/uitvoeringsagenda", {"startjaar": "2026", "eindjaar": "2030",
                                                 "versie": str(v["uitvoeringsagenda"])}),
        (f"{base}/producten/regionale-investeringsagenda", {"bedrag": "PM",
                                                            "versie": str(v["regionale-investeringsagenda"])}),
        (f"{base}/afspraken", {"onderwerp": "financiering", "tekst": "kaping"}),
        (f"{base}/afspraken/{afspraak}/status", {"status": "vervallen", "versie": "1"}),
        (f"{base}/afspraken/{afspraak}/verwijderen", {"reden": "kaping", "versie": "1"}),
    ]  # fmt: skip


def test_forged_or_unauthorised_dossier_form_posts_store_nothing(shared):
    probe = shared.web.vro.post(f"/novex-gebieden/{GH}/dossier/fase", data={"fase": "huiswerkfase"},
                                follow_redirects=False)  # fmt: skip
    if probe.status_code in (404, 405):
        pytest.skip("the area page has no dossier forms (yet)")
    before = shared.state()
    cases = [("vro", GH, None, "CSRF"), ("vro", GH, "vervalst", "CSRF"), ("vro", GH, "lezer", "CSRF"),
             ("lezer", GH, "own", "mag niet"), ("beheerder", GH, "own", "mag niet"),
             ("zuid_holland", UA, "own", "dit gebied ligt in PV26, PV25"),
             ("departement", GH, "own", "werkt voor ministerie EZK"), ("utrecht", NZ, "own", "dit gebied ligt in PV27")]  # fmt: skip
    for who, area, token, words in cases:
        for path, data in dossier_forms(shared, area):
            if token == "own":
                data |= {"csrf": shared.csrf(who)}
            elif token == "lezer":
                data |= {"csrf": shared.csrf("lezer")}
            elif token is not None:
                data |= {"csrf": token}
            response = getattr(shared.web, who).post(path, data=data, follow_redirects=False)
            refused_page(response, 403, words)
            assert shared.state() == before, (who, path)
