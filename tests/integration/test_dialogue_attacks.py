"""Attacks on every new input path of the vraagstukken dialogue (seed 002): API, web forms, CLI, the A5 PDF.

Each test names the attack. Tests of attacks the code withstands pass and guard against regressions;
tests of confirmed findings fail until the finding is fixed (no skip, no xfail): their docstrings
say what happens now and what should happen.
"""

from __future__ import annotations

import html
import re
import threading

import pytest
from fastapi.testclient import TestClient
from shapely.geometry import mapping
from sqlalchemy import text
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor, Role
from novex.cli import app as cli_app
from tests.fixtures.clients import ACCOUNTS, PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT, square

# Most attacks are refused in front of the database (rights, validation, pages): SQLite only. The tests marked
# every_backend are where the database matters: huge ids, LIKE, versions, NUL in JSON, racing writers, unique ids.
pytestmark = pytest.mark.sqlite_only

V = "/api/v1/vraagstukken"
PROBLEM = "application/problem+json"
RD = {"Content-Crs": "epsg:28992"}
ZUID_HOLLAND = (92_000.0, 437_000.0)  # RD New, inside Zuid-Holland, clear of its borders
XSS = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'"
RAW = ("<script>alert", "<img src=x")
ESCAPED = "&lt;script&gt;alert(1)"
AANPAK = {"aanpak": "Ontwerpend onderzoek.", "tempo": "Een half jaar.", "fasering": "Verkennen, dan kiezen.",
          "rolverdeling": "VRO trekt.", "besluitvorming": "Het BOL legt vast.", "monitoring": "Via de voortgang."}  # fmt: skip
# The heaviest stored approach that still fits one A5 page (benchmarks/responsiveness.py times its PDF).
WORST_AANPAK = AANPAK | {"aanpak": "a" + "\u0301" * 4_999, "tempo": "x" * 700, "fasering": "مرحبا بالعالم " * 8,
                         "rolverdeling": "\u200b" * 2_000}  # fmt: skip
ALL_MET = [{"code": c, "besluit": True, "motivering": "afgewogen"} for c in ("1", "2a", "2b", "3")]
ENGLISH = ("Input should", "Field required", "Value error", "should have", "Traceback", " or '", "valid date")
TABLES = ("vraagstukken", "vraagstuk_links", "vraagstuk_bijdragen", "flow_history", "audit_events", "register_entries")
DRAFT_FIELDS = ("titel", "provincies", "herkomst", "beschrijving", "gebieden", "domeinen", "claims", "conflicten",
                "doelen", "belangen", "besluiten", "accounthouder", "prioriteit", "planning", "volgende_tafel",
                "deadline", "aard", "inkadering")  # fmt: skip
WEB_FORMS = ("bewerken", "triage", "leidend", "aanpak", "tafelbesluiten", "overgang", "bijdragen")
runner = CliRunner()


# -- the world the attacks run in --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fresh_analyses():
    bootstrap.analyses().clear()
    yield
    bootstrap.analyses().clear()


class World:
    """Clients per role (API and web), claims and a conflict in Utrecht and in Zuid-Holland, a vraagstuk each."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.api = make_clients(settings)
        self._web: dict[str, TestClient] = {}
        self._geo: dict[str, tuple[list[int], str]] = {}
        self.zh = signal(self.api.vro, titel="Zuid-Hollands geheim", provincies=["PV28"],
                         beschrijving="Alleen voor Zuid-Holland")["id"]  # fmt: skip
        self.utrecht = signal(self.api.utrecht, titel="Utrechts vraagstuk")["id"]

    def geo(self, code: str) -> tuple[list[int], str]:
        """Two overlapping claims (wonen, natuur) of a province and their conflict id, made when first asked."""
        if code not in self._geo:
            role, origin, naam = {
                "PV26": ("utrecht", UTRECHT, "Wijk"),
                "PV28": ("zuid_holland", ZUID_HOLLAND, "Haven"),
            }[code]
            self._geo[code] = self._claims(role, code, origin, naam)
        return self._geo[code]

    @property
    def utrecht_claims(self) -> list[int]:
        return self.geo("PV26")[0]

    @property
    def utrecht_conflict(self) -> str:
        return self.geo("PV26")[1]

    @property
    def zh_claims(self) -> list[int]:
        return self.geo("PV28")[0]

    @property
    def zh_conflict(self) -> str:
        return self.geo("PV28")[1]

    def _claims(self, role: str, code: str, origin: tuple[float, float], naam: str) -> tuple[list[int], str]:
        client = getattr(self.api, role)
        voorstel = client.post("/api/v1/voorstellen", json={"provincie": code, "naam": f"V {code}"}).json()["id"]
        ids = []
        for suffix, domein, dx in (("", "wonen", 0), (" natuur", "natuur", 150)):
            geometry = mapping(square(origin[0] + dx, origin[1], 300))
            body = {"type": "Feature", "geometry": geometry, "properties": {"naam": naam + suffix, "domein": domein}}
            response = client.post(f"/api/v1/voorstellen/{voorstel}/claims", json=body, headers=RD)
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])
        found = self.api.vro.get("/api/v1/conflicten", params={"provincie": code}).json()["data"]
        (conflict,) = [c["id"] for c in found if set(c["claims"]) == set(ids)]
        return ids, conflict

    def web(self, role: str) -> TestClient:
        """A browser session of `role` (logged in through the form)."""
        if role not in self._web:
            client = TestClient(self.api.anonymous.app)
            response = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD},
                                   follow_redirects=False)  # fmt: skip
            assert response.status_code == 303, response.text
            self._web[role] = client
        return self._web[role]

    def token(self, role: str) -> str:
        return csrf_of(self.web(role).get("/vraagstukken").text)

    def state(self, vid: int) -> dict:
        return self.api.vro.get(f"{V}/{vid}").json()

    def counts(self) -> dict[str, int]:
        db = bootstrap.database(self.settings)
        try:
            with db.engine.connect() as c:
                out = {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}  # noqa: S608
                out["versions"] = tuple(c.execute(text("SELECT id, version, fase FROM vraagstukken ORDER BY id")))
                return out
        finally:
            db.engine.dispose()


@pytest.fixture
def world(settings) -> World:
    return World(settings)


def signal(client, **body) -> dict:
    body = {"titel": "Vraagstuk", "provincies": ["PV26"], "herkomst": "informeel-contact"} | body
    response = client.post(V, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def csrf_of(page: str) -> str:
    return page.split('name="csrf" value="')[1].split('"')[0]


def alerts(page: str) -> str:
    """The text of every error message on a page, tags stripped."""
    found = re.findall(r'class="melding melding-fout"[^>]*>(.*?)</div>', page, re.S)
    return " | ".join(html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f))).strip() for f in found)


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["status"] == status and body["detail"], body
    return body


def dutch(detail: str) -> bool:
    return not any(marker in detail for marker in ENGLISH)


def version(world: World, vid: int) -> int:
    return world.state(vid)["versie"]


def web_post(world: World, role: str, vid: int, form: str, **data):
    data = {"csrf": world.token(role), "versie": version(world, vid)} | data
    return world.web(role).post(f"/vraagstukken/{vid}/{form}", data=data, follow_redirects=False)


def drive(world: World, vid: int, to: str) -> None:
    """Take a vraagstuk (signalled with inkadering and aard) through the BOB phases up to `to`, as VRO."""
    vro = world.api.vro
    steps = ["beeldvorming", "oordeelsvorming", "besluitvorming", "vastgelegd"]
    for step in steps[: steps.index(to) + 1]:
        if step == "oordeelsvorming":
            body = {"criteria": ALL_MET, "advies": "Oppakken.", "besloten_door": "Regietafel NOVEX"}
            assert vro.put(f"{V}/{vid}/triage", json=body | {"versie": version(world, vid)}).status_code == 200
        if step == "besluitvorming":
            assert vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"versie": version(world, vid)}).status_code == 200
        if step == "vastgelegd":
            body = {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "Eens.", "consensus": True}
            assert vro.post(f"{V}/{vid}/tafelbesluiten", json=body | {"versie": version(world, vid)}).status_code == 201
        moved = vro.post(f"{V}/{vid}/overgangen", json={"naar": step})
        assert moved.status_code == 200, moved.text


def ready(world: World, client=None, **body) -> int:
    """A new vraagstuk in Utrecht with what it needs to enter beeldvorming."""
    return signal(client or world.api.vro, inkadering="Uitvoeringsstrategie NR.", aard=["wegen"], **body)["id"]


# -- authorisation -------------------------------------------------------------------------------------------


def test_a_province_reads_no_other_provinces_vraagstuk_through_any_api_route(world):
    utrecht, zh = world.api.utrecht, world.zh
    for path in ("", "/geschiedenis", "/bijdragen", "/aanpak.pdf", "/aanpak.pdf?openbaar=true"):
        body = is_problem(utrecht.get(f"{V}/{zh}{path}"), 403)
        assert "Zuid-Hollands geheim" not in body["detail"], path
    for params in ({"provincie": "PV28"}, {"provincie": ["PV26", "PV28"]}, {"provincie": "pv28"}):
        is_problem(utrecht.get(V, params=params), 403)
    for params in ({}, {"tekst": "geheim"}, {"fase": "gesignaleerd"}, {"domein": "wonen"}, {"pageSize": 1000}):
        listed = utrecht.get(V, params=params)
        assert listed.status_code == 200 and "Zuid-Hollands geheim" not in listed.text, params
    assert utrecht.get(V).json()["numberMatched"] == 1
    assert "Zuid-Hollands geheim" in world.api.zuid_holland.get(f"{V}/{zh}").text  # the owner does read it


def test_a_province_writes_nothing_to_another_provinces_vraagstuk_through_the_api(world):
    utrecht, zh = world.api.utrecht, world.zh
    before = world.counts()
    attempts = [
        ("post", f"{V}/{zh}/bijdragen", {"tekst": "Utrecht praat mee"}),
        ("post", f"{V}/{zh}/overgangen", {"naar": "beeldvorming", "versie": 1}),
        ("put", f"{V}/{zh}", {"titel": "Overgenomen", "provincies": ["PV26"], "versie": 1}),
        ("put", f"{V}/{zh}/triage", {"criteria": ALL_MET, "versie": 1}),
        ("put", f"{V}/{zh}/leidend", {"leidend": "vro", "versie": 1}),
        ("put", f"{V}/{zh}/aanpak", AANPAK | {"versie": 1}),
        (
            "post",
            f"{V}/{zh}/tafelbesluiten",
            {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "x", "consensus": True, "versie": 1},
        ),  # fmt: skip
    ]
    for method, url, body in attempts:
        problem = is_problem(getattr(utrecht, method)(url, json=body), 403)
        assert dutch(problem["detail"]) and "Zuid-Hollands geheim" not in problem["detail"], url
    assert world.counts() == before


def test_a_province_sees_and_changes_nothing_of_another_province_on_the_web(world):
    planner, zh = world.web("utrecht"), world.zh
    for path in ("", "/bewerken", "/aanpak.pdf", "/aanpak.pdf?openbaar=ja"):
        page = planner.get(f"/vraagstukken/{zh}{path}")
        assert page.status_code == 403 and "Zuid-Hollands geheim" not in page.text, path
    for params in ({"provincie": "PV28"}, {"landsdeel": "zuidwest"}, {"weergave": "tabel", "tekst": "geheim"},
                   {"weergave": "tabel", "fase": "gesignaleerd"}, {"provincie": "PV28", "weergave": "tabel"}):  # fmt: skip
        page = planner.get("/vraagstukken", params=params)
        assert "Zuid-Hollands geheim" not in page.text and "Alleen voor Zuid-Holland" not in page.text, params
    before = world.counts()
    token = world.token("utrecht")
    for form in WEB_FORMS:
        data = {"csrf": token, "versie": 1, "titel": "x", "provincies": ["PV26"], "herkomst": "voortgang",
                "tekst": "x", "naar": "beeldvorming", "leidend": "vro", "tafel": "do-novex", "datum": "2026-10-01",
                "uitkomst": "x", "consensus": "ja", **AANPAK}  # fmt: skip
        response = planner.post(f"/vraagstukken/{zh}/{form}", data=data, follow_redirects=False)
        assert response.status_code == 403, (form, response.status_code)
        assert "Zuid-Hollands geheim" not in response.text and "mag de vraagstukken van PV28 niet lezen" in alerts(
            response.text
        ), form
    assert world.counts() == before


def test_a_province_signals_for_itself_and_the_provinces_it_crosses_into_only(world):
    utrecht = world.api.utrecht
    before = world.counts()
    for provincies in (["PV28"], ["PV28", "PV27"], ["pv28"], [" PV28 "]):
        response = utrecht.post(V, json={"titel": "Namens een ander", "provincies": provincies})
        assert response.status_code in (403, 400), (provincies, response.text)
    page = world.web("utrecht").post("/vraagstukken/nieuw", data={"csrf": world.token("utrecht"), "titel": "x",
                                     "provincies": ["PV28"], "herkomst": "voortgang"}, follow_redirects=False)  # fmt: skip
    assert page.status_code == 403 and "mag geen vraagstuk voor PV28 signaleren" in alerts(page.text)
    assert world.counts() == before
    # By design (seed 002: a province-crossing task names every province it touches), a mixed list is allowed:
    crossing = signal(utrecht, titel="Over de grens", provincies=["PV26", "PV28"])
    assert world.api.zuid_holland.get(f"{V}/{crossing['id']}").status_code == 200


def test_lezer_beheerder_and_a_ministry_write_nothing(world):
    vid = world.utrecht
    before = world.counts()
    for role in ("lezer", "beheerder", "departement"):
        client = getattr(world.api, role)
        attempts = [
            ("post", V, {"titel": "x", "provincies": ["PV26"]}),
            ("put", f"{V}/{vid}", {"titel": "x", "provincies": ["PV26"], "versie": 1}),
            ("put", f"{V}/{vid}/triage", {"criteria": ALL_MET, "versie": 1}),
            ("put", f"{V}/{vid}/leidend", {"leidend": "vro", "versie": 1}),
            ("put", f"{V}/{vid}/aanpak", AANPAK | {"versie": 1}),
            ("post", f"{V}/{vid}/overgangen", {"naar": "beeldvorming", "versie": 1}),
            ("post", "/api/v1/registers/plekken", {"id": "nieuw", "naam": "x", "soort": "overig", "bron": "b"}),
            ("post", "/api/v1/registers/besluiten", {"id": "nieuw", "titel": "x", "datum": "2026-01-01", "bron": "b"}),
        ]
        if role != "departement":  # a ministry contributes expertise (by design)
            attempts.append(("post", f"{V}/{vid}/bijdragen", {"tekst": "x"}))
        for method, url, body in attempts:
            problem = is_problem(getattr(client, method)(url, json=body), 403)
            assert dutch(problem["detail"]), problem
    for role in ("lezer", "departement"):
        token = world.token(role)
        for form in ("triage", "leidend", "aanpak", "overgang", "bewerken") + (
            ("bijdragen",) if role == "lezer" else ()
        ):
            data = {"csrf": token, "versie": 1, "titel": "x", "provincies": ["PV26"], "herkomst": "voortgang",
                    "tekst": "x", "naar": "beeldvorming", "leidend": "vro", **AANPAK}  # fmt: skip
            response = world.web(role).post(f"/vraagstukken/{vid}/{form}", data=data, follow_redirects=False)
            assert response.status_code == 403 and alerts(response.text), (role, form, response.status_code)
        new = world.web(role).post("/vraagstukken/nieuw", data={"csrf": token, "titel": "x", "provincies": ["PV26"],
                                                                  "herkomst": "voortgang"}, follow_redirects=False)  # fmt: skip
        assert new.status_code == 403, role
    assert world.counts() == before


def test_only_the_lead_ministry_records_outcomes_and_closes_besluitvorming(world):
    vid = ready(world)
    drive(world, vid, "besluitvorming")
    vro, ezk = world.api.vro, world.api.departement
    lead = {"leidend": "departement", "departement": "LVVN", "motivering": "formeel besluit van LVVN"}
    assert vro.put(f"{V}/{vid}/leidend", json=lead | {"versie": version(world, vid)}).status_code == 200
    decision = {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "Eens.", "consensus": True}
    before = world.counts()
    is_problem(ezk.post(f"{V}/{vid}/tafelbesluiten", json=decision | {"versie": version(world, vid)}), 403)
    for naar in ("vastgelegd", "knelpunt", "oordeelsvorming"):
        response = ezk.post(f"{V}/{vid}/overgangen", json={"naar": naar, "reden": "r"})
        assert response.status_code in (403, 409), (naar, response.status_code)
        if naar != "oordeelsvorming":  # the role may close besluitvorming, the guard names why this ministry may not
            assert "leidende vakdepartement" in response.json()["detail"], response.json()
    page = web_post(world, "departement", vid, "tafelbesluiten", tafel="do-novex", datum="2026-10-01",
                    uitkomst="Eens.", consensus="ja")  # fmt: skip
    assert page.status_code == 403 and "leidende vakdepartement" in alerts(page.text)
    page = web_post(world, "departement", vid, "overgang", naar="vastgelegd")
    assert page.status_code in (403, 409) and alerts(page.text)
    assert world.counts() == before
    # the lead ministry itself may
    lead["departement"] = "EZK"
    assert vro.put(f"{V}/{vid}/leidend", json=lead | {"versie": version(world, vid)}).status_code == 200
    assert ezk.post(f"{V}/{vid}/tafelbesluiten", json=decision | {"versie": version(world, vid)}).status_code == 201
    assert ezk.post(f"{V}/{vid}/overgangen", json={"naar": "vastgelegd"}).status_code == 200


def test_every_web_form_refuses_a_missing_wrong_or_foreign_csrf_token(world):
    vid = world.utrecht
    before = world.counts()
    foreign = world.token("utrecht")
    data = {"versie": 1, "titel": "x", "provincies": ["PV26"], "herkomst": "voortgang", "tekst": "x",
            "naar": "beeldvorming", "leidend": "vro", "tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "x",
            "besluit_1": "ja", **AANPAK}  # fmt: skip
    urls = ["/vraagstukken/nieuw", *(f"/vraagstukken/{vid}/{form}" for form in WEB_FORMS)]
    for url in urls:
        for bad in (None, "", "x" * 200, foreign, foreign.upper()):
            form = data | ({} if bad is None else {"csrf": bad})
            response = world.web("vro").post(url, data=form, follow_redirects=False)
            assert response.status_code == 403 and "CSRF" in alerts(response.text), (url, bad)
        cookieless = TestClient(world.api.anonymous.app).post(
            url, data=data | {"csrf": foreign}, follow_redirects=False
        )
        assert cookieless.status_code == 303 and cookieless.headers["location"].startswith("/inloggen"), url
    assert world.counts() == before


def test_claims_of_another_province_linked_into_a_vraagstuk_show_only_what_every_role_reads(world):
    """IDOR by id in a body: linking Zuid-Holland's claims and conflict into an Utrecht vraagstuk is allowed
    (claims and conflicts are readable by every role), and shows nothing the planner cannot read anyway."""
    mine = signal(world.api.utrecht, titel="Met Zuid-Hollandse claims", claims=world.zh_claims,
                  conflicten=[world.zh_conflict])["id"]  # fmt: skip
    page = world.web("utrecht").get(f"/vraagstukken/{mine}").text
    assert "Haven natuur" in page and "Zuid-Hollands geheim" not in page
    for claim in world.zh_claims:
        assert world.api.utrecht.get(f"/api/v1/claims/{claim}").status_code == 200  # already public to the planner
    evidence = world.api.utrecht.get(f"{V}/{mine}").json()["triage"]["criteria"]
    assert "Zuid-Hollands geheim" not in str(evidence)


@pytest.mark.every_backend
def test_the_audit_log_shows_a_province_nothing_of_a_vraagstuk_moved_away_from_it(world):
    """FINDING (information leak): audit events of a vraagstuk are filed under the province it had *before* the
    change. VRO changes Utrecht's vraagstuk to concern Zuid-Holland only (PUT /vraagstukken/{id} with provincies
    ['PV28'], a new titel and beschrijving): Utrecht's planner may no longer read it (403), yet GET
    /api/v1/audit?provincie=PV26&objectType=vraagstuk shows the 'vraagstuk.gewijzigd' event filed under PV26 with
    the new titel and beschrijving in its details. An event should be readable only by who may read the
    vraagstuk after it (file it under the new provinces, or leave out what the old one may not read)."""
    vid = world.utrecht
    body = {"titel": "Nu Zuid-Hollands", "provincies": ["PV28"], "beschrijving": "Zuid-Hollandse details", "versie": 1}
    assert world.api.vro.put(f"{V}/{vid}", json=body).status_code == 200
    is_problem(world.api.utrecht.get(f"{V}/{vid}"), 403)
    log = world.api.utrecht.get("/api/v1/audit", params={"provincie": "PV26", "objectType": "vraagstuk"})
    assert log.status_code == 200, log.text
    assert "Nu Zuid-Hollands" not in log.text and "Zuid-Hollandse details" not in log.text, log.json()["data"][0]


def test_a_province_gets_no_prefill_from_another_provinces_conflict(world):
    """FINDING: GET /api/v1/vraagstukken-uit-conflict/<Zuid-Holland conflict> as Utrecht's planner answers 200 with a
    draft for PV28 (and /vraagstukken/nieuw?conflict=… renders it), a draft the planner may never submit (signal
    refuses PV28). The data are public, so nothing leaks, but the prefill should be refused like the signal: 403."""
    response = world.api.utrecht.get(f"/api/v1/vraagstukken-uit-conflict/{world.zh_conflict}")
    is_problem(response, 403)
    page = world.web("utrecht").get("/vraagstukken/nieuw", params={"conflict": world.zh_conflict})
    assert page.status_code == 403


# -- input -------------------------------------------------------------------------------------------------


def test_hostile_bodies_are_refused_in_dutch_and_change_nothing(world):
    vro, vid = world.api.vro, world.utrecht
    before = world.counts()
    base = {"titel": "x", "provincies": ["PV26"]}
    bodies = [
        base | {"titel": "x" * 201}, base | {"titel": "   "}, base | {"titel": "a\x00b"},
        base | {"beschrijving": "x" * 10_001}, base | {"provincies": []}, base | {"provincies": ["PV99"]},
        base | {"provincies": ["PV26"] * 13}, base | {"provincies": ["PV26; DROP TABLE vraagstukken"]},
        base | {"provincies": ["PV٢٦"]}, base | {"claims": list(range(1, 202))}, base | {"claims": [0]},
        base | {"claims": [-1]}, base | {"claims": [2**31]}, base | {"claims": [10**30]}, base | {"claims": [999_999]},
        base | {"claims": ["1"] * 2 + ["x"]}, base | {"conflicten": ["C-1-2\nC-3-4"]}, base | {"conflicten": ["C-1-2\u200b"]}, base | {"conflicten": ["C-1-R"]},
        base | {"conflicten": ["C-%-_"]}, base | {"conflicten": ["c-1-2"]}, base | {"conflicten": ["C-1-2 OR 1=1"]},
        base | {"gebieden": ["x"] * 201},
        base | {"gebieden": ["onbekend"]}, base | {"domeinen": ["%"]}, base | {"doelen": ["../../etc/passwd"]},
        base | {"belangen": ["x" * 121]}, base | {"besluiten": ["novex-gebied-x"]},
        base | {"accounthouder": ACCOUNTS["utrecht"][0]}, base | {"accounthouder": "nobody@example.nl"},
        base | {"herkomst": "anders"}, base | {"prioriteit": "extreem"}, base | {"volgende_tafel": "kroeg"},
        base | {"aard": ["alles"]}, base | {"aard": ["wegen"] * 6}, base | {"titel": ["lijst"]},
        base | {"provincies": "PV26"}, base | {"claims": "1,2"}, base | {"onbekend": 1}, base | {"id": 5},
        base | {"fase": "vastgelegd"}, base | {"version": 9}, {"provincies": ["PV26"]}, [], "titel", None,
    ]  # fmt: skip
    for body in bodies:
        response = vro.post(V, json=body)
        assert response.status_code == 400, (body, response.status_code)
        problem = is_problem(response, 400)
        assert "Traceback" not in problem["detail"], body
    is_problem(
        vro.post(V, content=b'{"titel": "x", "provincies": ["PV26"]', headers={"content-type": "application/json"}), 400
    )
    others = [
        ("put", f"{V}/{vid}/triage", {"criteria": [{"code": "4"}], "versie": 1}),
        ("put", f"{V}/{vid}/triage", {"criteria": [{"code": "1"}] * 5, "versie": 1}),
        ("put", f"{V}/{vid}/triage", {"criteria": [{"code": "1"}, {"code": "1"}], "versie": 1}),
        ("put", f"{V}/{vid}/triage", {"advies": "x" * 5001, "versie": 1}),
        ("put", f"{V}/{vid}/leidend", {"leidend": "provincie", "versie": 1}),
        ("put", f"{V}/{vid}/leidend", {"leidend": "departement", "departement": "  ", "versie": 1}),
        ("put", f"{V}/{vid}/aanpak", {"onbekend": "x", "versie": 1}),
        ("put", f"{V}/{vid}/aanpak", AANPAK | {"tempo": "x" * 5001, "versie": 1}),
        ("post", f"{V}/{vid}/tafelbesluiten", {"tafel": "accountteam", "datum": "2026-10-01", "uitkomst": "x"}),
        (
            "post",
            f"{V}/{vid}/tafelbesluiten",
            {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "x", "consensus": True, "versie": 1},
        ),  # wrong phase  # fmt: skip
        ("post", f"{V}/{vid}/bijdragen", {"tekst": ""}),
        ("post", f"{V}/{vid}/bijdragen", {"tekst": "   "}),
        ("post", f"{V}/{vid}/bijdragen", {"tekst": "x" * 10_001}),
        ("post", f"{V}/{vid}/bijdragen", {"tekst": "a\x00b"}),
        ("post", f"{V}/{vid}/overgangen", {"naar": "elders-belegd", "reden": "x" * 5001}),
        ("post", "/api/v1/registers/plekken", {"id": "x", "naam": "x" * 501, "soort": "overig", "bron": "b"}),
    ]
    for method, url, body in others:
        response = getattr(vro, method)(url, json=body)
        assert response.status_code == 400, (url, body, response.text[:300])
        assert "Traceback" not in response.json()["detail"]
    assert world.counts() == before
    trimmed = signal(vro, conflicten=[f" {world.utrecht_conflict}\n"])  # surrounding whitespace is trimmed, not stored
    assert trimmed["conflicten"] == [world.utrecht_conflict]
    before = world.counts()
    for path in ("0", "-1", "2147483648", "99999999999999999999", "abc", "1.5", "%00", "1e3"):
        response = vro.get(f"{V}/{path}")
        assert response.status_code in (404, 400), (path, response.status_code)
    assert world.counts() == before


@pytest.mark.every_backend
def test_a_conflict_id_with_a_huge_claim_number_is_a_dutch_422_not_a_500(world):
    """FINDING: POST /api/v1/vraagstukken (any role that may signal, e.g. a province) with conflicten
    ['C-99999999999999999999-1'] passes the conflict-id pattern, and the claim number inside is looked up in the
    database unbounded: SQLite raises OverflowError, PostgreSQL an out-of-range error: a 500 (the same through the
    web form's 'Conflicten' field). It should be 400 naming the conflict (claim numbers stop at 2,147,483,647)."""
    client = TestClient(world.api.anonymous.app, raise_server_exceptions=False)
    client.headers["Authorization"] = world.api.utrecht.headers["Authorization"]
    before = world.counts()
    for conflict in ("C-99999999999999999999-1", "C-1-9223372036854775808", "C-2147483648-1"):
        response = client.post(V, json={"titel": "x", "provincies": ["PV26"], "conflicten": [conflict]})
        problem = is_problem(response, 400)
        assert "conflict" in problem["detail"] or "claim" in problem["detail"], problem["detail"]
    page = world.web("utrecht")
    page = TestClient(world.api.anonymous.app, raise_server_exceptions=False, cookies=page.cookies)
    response = page.post("/vraagstukken/nieuw", data={"csrf": world.token("utrecht"), "titel": "x",
                                                      "provincies": ["PV26"], "herkomst": "voortgang",
                                                      "conflicten": "C-99999999999999999999-1"})  # fmt: skip
    assert response.status_code == 400 and alerts(response.text), response.status_code
    assert world.counts() == before


@pytest.mark.every_backend
def test_the_tekst_filter_takes_like_wildcards_literally(world):
    vro = world.api.vro
    for titel in ("100% zeker", "a_b", "back\\slash", "gewoon"):
        signal(vro, titel=titel)
    cases = {"%": {"100% zeker"}, "_": {"a_b"}, "\\": {"back\\slash"}, "%%": set(), "a%b": set(), "0% z": {"100% zeker"},
             "'; --": set(), "[a]": set(), "*": set()}  # fmt: skip
    for needle, wanted in cases.items():
        found = {v["titel"] for v in vro.get(V, params={"tekst": needle, "pageSize": 1000}).json()["vraagstukken"]}
        assert found == wanted, (needle, found)
        page = world.web("vro").get("/vraagstukken", params={"weergave": "tabel", "tekst": needle}).text
        assert ("gewoon" in page) is False, needle


@pytest.mark.every_backend
def test_versions_stale_missing_negative_and_garbage(world):
    vro, vid = world.api.vro, world.utrecht
    body = {"titel": "Gewijzigd", "provincies": ["PV26"]}
    assert vro.put(f"{V}/{vid}", json=body | {"versie": 1}).status_code == 200
    before = world.counts()
    stale = is_problem(vro.put(f"{V}/{vid}", json=body | {"versie": 1}), 409)
    assert stale["currentVersion"] == 2 and dutch(stale["detail"])
    for header, status in (("garbage", 400), ("-3", 409), ("0", 409), ("99999999999999999999999", 409), ('W/"1"', 409),
                           ("", 400), ("1, 2", 400), ("1e3", 400)):  # fmt: skip
        problem = is_problem(vro.put(f"{V}/{vid}", json=body, headers={"If-Match": header}), status)
        assert dutch(problem["detail"]), header
    for versie in (0, -1, 2**31, 1, None, "x"):
        response = vro.put(f"{V}/{vid}/triage", json={"versie": versie})
        assert response.status_code in (409, 400), versie
    is_problem(vro.post(f"{V}/{vid}/overgangen", json={"naar": "beeldvorming", "versie": 1}), 409)
    web = web_post(world, "vro", vid, "bewerken", titel="Web", provincies=["PV26"], herkomst="voortgang", versie=1)
    assert web.status_code == 409 and "iemand anders was u voor" in alerts(web.text)
    assert world.counts() == before
    assert vro.put(f"{V}/{vid}", json=body, headers={"If-Match": 'W/"2"'}).status_code == 200


def test_moves_to_unknown_final_and_skipped_phases_are_refused(world):
    vro, vid = world.api.vro, world.utrecht
    before = world.counts()
    is_problem(vro.post(f"{V}/{vid}/overgangen", json={"naar": "nergens"}), 400)
    for naar in ("vastgelegd", "besluitvorming", "oordeelsvorming", "knelpunt", "afgesloten", "gesignaleerd"):
        problem = is_problem(vro.post(f"{V}/{vid}/overgangen", json={"naar": naar, "reden": "r"}), 409)
        assert "nu mogelijk" in problem["detail"] and dutch(problem["detail"]), naar
    closed = ready(world)
    drive(world, closed, "beeldvorming")
    triage = {"criteria": ALL_MET, "advies": "a", "besloten_door": "Regietafel NOVEX", "versie": version(world, closed)}
    assert vro.put(f"{V}/{closed}/triage", json=triage).status_code == 200
    for plek in ("onbekend", "../../etc/passwd", "provincie-pv99", "x" * 120, "%", "PROVINCIE-PV26"):
        problem = is_problem(vro.post(f"{V}/{closed}/overgangen", json={"naar": "elders-belegd", "reden": "r",
                                                                        "plek": plek}), 400)  # fmt: skip
        assert "register van plekken" in problem["detail"], plek
    is_problem(vro.post(f"{V}/{closed}/overgangen", json={"naar": "elders-belegd", "reden": "r"}), 409)
    is_problem(vro.post(f"{V}/{closed}/overgangen", json={"naar": "afgesloten", "reden": "  "}), 400)
    mid = world.counts()
    assert vro.post(f"{V}/{closed}/overgangen", json={"naar": "afgesloten", "reden": "hoeft niet"}).status_code == 200
    for naar in ("beeldvorming", "afgesloten", "elders-belegd", "gesignaleerd"):
        problem = is_problem(vro.post(f"{V}/{closed}/overgangen", json={"naar": naar, "reden": "r"}), 409)
        assert "eindfase" in problem["detail"], naar
    after = world.counts()
    assert after["flow_history"] == mid["flow_history"] + 1 == before["flow_history"] + 2  # beeldvorming, afgesloten


@pytest.mark.every_backend
def test_register_entries_with_taken_ids_or_bad_fields_are_refused(world):
    vro = world.api.vro
    assert vro.post("/api/v1/registers/besluiten", json={"id": "eigen-besluit", "titel": "x", "datum": "2026-01-01",
                                                         "bron": "b"}).status_code == 201  # fmt: skip
    taken = [world.api.vro.get("/api/v1/registers/plekken").json()[0]["id"], "eigen-besluit", "provincie-pv26"]
    before = world.counts()
    for key in taken:
        problem = is_problem(vro.post("/api/v1/registers/plekken", json={"id": key, "naam": "x", "soort": "overig",
                                                                         "bron": "b"}), 400)  # fmt: skip
        assert "bestaat al" in problem["detail"], key
    for key in ("Hoofdletter", "-voorloop", "a" * 81, "a b", "a\n", "ä", "", "a/b"):
        is_problem(vro.post("/api/v1/registers/plekken", json={"id": key, "naam": "x", "soort": "overig",
                                                               "bron": "b"}), 400)  # fmt: skip
    for body in ({"id": "b2", "titel": "x", "datum": "2026-02-30", "bron": "b"}, {"id": "b3", "titel": "", "datum":
                 "2026-01-01", "bron": "b"}, {"id": "b4", "titel": "x", "datum": "2026-01-01", "bron": "b", "plek": "x"}):  # fmt: skip
        is_problem(vro.post("/api/v1/registers/besluiten", json=body), 400)
    is_problem(
        vro.post("/api/v1/registers/plekken", json={"id": "p", "naam": "x", "soort": "novex-gebied", "bron": "b"}), 400
    )
    is_problem(world.api.utrecht.post("/api/v1/registers/plekken", json={"id": "p", "naam": "x", "soort": "overig",
                                                                          "bron": "b"}), 403)  # fmt: skip
    assert world.counts() == before


def test_register_ids_with_the_reserved_prefixes_are_refused(world):
    """FINDING: POST /api/v1/registers/plekken (VRO) with id 'provincie-pv99' or 'novex-gebied-nep' is stored (201).
    Those prefixes are reserved for the places the code adds from the catalogue and the provinces
    (registers.RESERVED_PREFIXES, enforced for the shipped YAML only): a user entry can squat an id the catalogue
    will add later, or pose as a province ('de provincie …') in the register. Should be 400 naming the prefix."""
    before = world.counts()
    for key in ("provincie-pv99", "novex-gebied-nep"):
        response = world.api.vro.post("/api/v1/registers/plekken", json={"id": key, "naam": "Nep", "soort": "overig",
                                                                          "bron": "b"})  # fmt: skip
        assert response.status_code == 400, (key, response.status_code, response.text[:200])
    assert world.counts() == before


@pytest.mark.every_backend
def test_nul_characters_never_reach_the_json_columns(world):
    """FINDING: the NUL net (store.db refuses '\\0' in bound text) misses JSON columns, whose values are bound as
    escaped JSON text. PUT …/triage with a criterion's motivering 'a\\0b' (VRO) answers 200 and stores the NUL in
    vraagstukken.triage; POST /registers/plekken with naam 'x\\0y' answers 201 and stores it in register_entries.
    Every other text field refuses a NUL (400 'bevat een NUL-teken'); so should these."""
    vro, vid = world.api.vro, world.utrecht
    before = world.counts()
    body = {"criteria": [{"code": "1", "besluit": True, "motivering": "a\x00b"}], "versie": 1}
    is_problem(vro.put(f"{V}/{vid}/triage", json=body), 400)
    is_problem(vro.post("/api/v1/registers/plekken", json={"id": "nul", "naam": "x\x00y", "soort": "overig",
                                                           "bron": "b"}), 400)  # fmt: skip
    assert world.counts() == before


def test_the_web_triage_form_keeps_the_motivation_limit_of_the_api(world):
    """FINDING: a criterion's motivering is capped at 5,000 characters by the API model only; the service does not
    check it, and the web form (TriageForm: 10,000) stores 9,000 characters (POST /vraagstukken/{id}/triage as VRO,
    motivering_1='x'*9000 → 303, stored). Limits belong in the service: refuse with 400, store nothing."""
    vid = world.utrecht
    before = world.counts()
    response = web_post(world, "vro", vid, "triage", besluit_1="ja", motivering_1="x" * 9_000)
    assert response.status_code == 400, response.status_code
    assert world.counts() == before


def test_booleans_are_not_taken_for_claim_numbers_or_versions(world):
    """FINDING (type confusion): JSON `true` is read as the integer 1 — POST /vraagstukken with claims: [true] is
    checked as claim 1, and {"versie": true} is version 1 — where a string is refused ('is geen geheel getal').
    A boolean where a number is expected should be 400 on the field."""
    vro, vid = world.api.vro, world.utrecht
    claim = world.utrecht_claims[0]
    assert claim == 1  # the first claim of the world: `true` would link it
    before = world.counts()
    problem = is_problem(vro.post(V, json={"titel": "x", "provincies": ["PV26"], "claims": [True]}), 400)
    assert "claims" in problem["detail"] and dutch(problem["detail"]), problem["detail"]
    problem = is_problem(vro.put(f"{V}/{vid}", json={"titel": "x", "provincies": ["PV26"], "versie": True}), 400)
    assert "versie" in problem["detail"] and dutch(problem["detail"]), problem["detail"]
    assert world.counts() == before


def test_bad_dates_and_choices_are_refused_in_dutch_only(world):
    """FINDING: some refusals carry Pydantic's English: a deadline or table date '2026-02-30', 'morgen' or
    '2026-01-01T10:00:00' gives 'Input should be a valid date or datetime, …' / 'Datetimes provided to dates
    should have zero time …', every list of choices ends in English ('… 'afgesloten' or 'knelpunt''),
    e.g. POST …/overgangen {"naar": "nergens"}, and a JSON body nested 5,000 deep is a 400 'There was an error
    parsing the body'. Every message should be Dutch."""
    vro, vid = world.api.vro, world.utrecht
    cases = [
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "2026-02-30"}),
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "morgen"}),
        (V, {"titel": "x", "provincies": ["PV26"], "deadline": "2026-01-01T10:00:00"}),
        (V, {"titel": "x", "provincies": ["PV26"], "herkomst": "anders"}),
        (f"{V}/{vid}/tafelbesluiten", {"tafel": "do-novex", "datum": "2026-13-01", "uitkomst": "x"}),
        (f"{V}/{vid}/overgangen", {"naar": "nergens"}),
    ]
    for url, body in cases:
        problem = is_problem(vro.post(url, json=body), 400)
        assert dutch(problem["detail"]), problem["detail"]
    nested = vro.post(V, content=b"[" * 5_000 + b"]" * 5_000, headers={"content-type": "application/json"})
    assert nested.status_code == 400 and nested.headers["content-type"].startswith(PROBLEM)
    assert "There was an error" not in nested.json()["detail"], nested.json()["detail"]


# -- documents ---------------------------------------------------------------------------------------------


def test_user_text_in_the_a5_is_escaped_and_weasyprint_fetches_nothing(world, monkeypatch):
    from weasyprint.urls import URLFetcher

    from novex.documents.vraagstuk import a5_html

    fetched: list[str] = []
    original = URLFetcher.__call__

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "__call__", spy)
    hostile = {
        "aanpak": '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
        "tempo": "</style><style>@import url(http://127.0.0.1:9/a.css); body { background: url(file:///etc/shadow) }",
        "fasering": '<iframe src="http://127.0.0.1:9/"></iframe><object data="file:///etc/passwd"></object>',
        "rolverdeling": "<svg><image href='file:///etc/hostname'/></svg>" + "<b>" * 50,
        "besluitvorming": "<base href='http://127.0.0.1:9/'><img src='x.png'>",
        "monitoring": '<div style="background:url(http://127.0.0.1:9/m.png)">m</div>',
    }
    vid = world.utrecht
    response = world.api.vro.put(f"{V}/{vid}/aanpak", json=hostile | {"versie": version(world, vid)})
    assert response.status_code == 200, response.text
    for client in (world.api.vro, world.api.utrecht, world.api.lezer):
        pdf = client.get(f"{V}/{vid}/aanpak.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:200]
    assert world.web("utrecht").get(f"/vraagstukken/{vid}/aanpak.pdf?openbaar=ja").status_code == 200
    assert fetched == [], fetched
    from novex.dialogue.service import VraagstukService

    with bootstrap.unit_of_work(bootstrap.database(world.settings), write=False) as uow:
        document = a5_html(uow.get(VraagstukService).get(Actor.operator(), vid))
    for tag in ("<img", "<link", "<iframe", "<object", "<svg", "<base", "<div style", "</style><style>"):
        assert tag not in document, tag
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in document


def test_the_pdf_route_lays_out_the_worst_text_that_fits(world):
    """The PDF is laid out on every GET (no cache): the heaviest stored text that still fits one A5 page
    (a word of combining accents, a very long unbroken word, right-to-left text) gives a PDF.
    How long that layout takes is measured by `benchmarks/responsiveness.py`."""
    vid = world.utrecht
    override = AANPAK | {"fasering": "\u202eomgekeerd\u202c"}  # a bidirectional override is refused outright
    refused = world.api.vro.put(f"{V}/{vid}/aanpak", json=override | {"versie": version(world, vid)})
    assert refused.status_code == 400 and "stuurteken" in refused.json()["detail"], refused.text
    response = world.api.vro.put(f"{V}/{vid}/aanpak", json=WORST_AANPAK | {"versie": version(world, vid)})
    assert response.status_code == 200, response.text
    pdf = world.api.lezer.get(f"{V}/{vid}/aanpak.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), pdf.text[:300]


def test_an_approach_far_over_one_page_is_refused_without_laying_out_hundreds_of_pages(world, monkeypatch):
    """FINDING (denial of service): PUT /vraagstukken/{id}/aanpak (VRO; the web form posts the same) lays the whole
    text out with WeasyPrint before refusing it. Six fields of 'a\\n' * 2500 (5,000 characters each, within the
    limits) take ~18-24 s (358 pages), one such field ~3-8 s — inside the write transaction, which holds the
    platform's writer lock: every other writer (a province's comment, an import) waits that long. A text that
    cannot fit one A5 (here 2,500 lines) should be refused by a cheap bound before the layout: WeasyPrint is
    never called. (`benchmarks/responsiveness.py` times the refusal against one page's layout.)"""
    import weasyprint

    laid_out = []

    def layout(*args, **kwargs):
        laid_out.append(1)
        return real_html(*args, **kwargs)

    real_html = weasyprint.HTML
    monkeypatch.setattr(weasyprint, "HTML", layout)
    vid = world.utrecht
    body = AANPAK | {"aanpak": "a\n" * 2_500, "versie": version(world, vid)}
    before = world.counts()
    response = world.api.vro.put(f"{V}/{vid}/aanpak", json=body)
    is_problem(response, 400)
    assert world.counts() == before
    assert laid_out == [], "the over-long approach was laid out before it was refused"


# -- rendering -----------------------------------------------------------------------------------------------


def test_stored_text_is_escaped_on_every_page(world):
    vro = world.api.vro
    for kind, body in (("plekken", {"id": "xss-plek", "naam": XSS, "soort": "overig", "verantwoordelijk": XSS,
                                    "bron": XSS}),
                       ("besluiten", {"id": "xss-besluit", "titel": XSS, "orgaan": XSS, "datum": "2026-01-01",
                                      "bron": XSS})):  # fmt: skip
        assert vro.post(f"/api/v1/registers/{kind}", json=body).status_code == 201
    voorstel = world.api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": XSS}).json()["id"]
    names = []
    for dx, domein in ((5_000, "wonen"), (5_150, "natuur")):
        body = {"type": "Feature", "geometry": mapping(square(UTRECHT[0] + dx, UTRECHT[1], 300)),
                "properties": {"naam": XSS[:60] + domein, "domein": domein}}  # fmt: skip
        created = world.api.utrecht.post(f"/api/v1/voorstellen/{voorstel}/claims", json=body, headers=RD)
        assert created.status_code == 201, created.text
        names.append(created.json()["id"])
    found = vro.get("/api/v1/conflicten", params={"provincie": "PV26"}).json()["data"]
    (conflict,) = [c["id"] for c in found if set(c["claims"]) == set(names)]
    fields = {"titel": XSS, "beschrijving": XSS, "planning": XSS, "claims": names,
              "conflicten": [conflict], "besluiten": ["xss-besluit"]}  # fmt: skip
    one = ready(world, world.api.utrecht, **fields)
    other = ready(world, **fields)
    world.api.utrecht.post(f"{V}/{one}/bijdragen", json={"tekst": XSS})
    drive(world, one, "beeldvorming")
    triage = {"criteria": [{"code": c, "besluit": True, "motivering": XSS} for c in ("1", "2a", "2b", "3")],
              "advies": XSS, "besloten_door": XSS, "afwijking": XSS}  # fmt: skip
    assert vro.put(f"{V}/{one}/triage", json=triage | {"versie": version(world, one)}).status_code == 200
    assert vro.post(f"{V}/{one}/overgangen", json={"naar": "oordeelsvorming", "reden": XSS}).status_code == 200
    lead = {"leidend": "departement", "departement": XSS, "motivering": XSS}
    assert vro.put(f"{V}/{one}/leidend", json=lead | {"versie": version(world, one)}).status_code == 200
    assert vro.put(f"{V}/{one}/aanpak", json=AANPAK | {"versie": version(world, one)}).status_code == 200
    assert vro.post(f"{V}/{one}/overgangen", json={"naar": "besluitvorming"}).status_code == 200
    decision = {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": XSS, "consensus": False, "verschillen": XSS}
    assert vro.post(f"{V}/{one}/tafelbesluiten", json=decision | {"versie": version(world, one)}).status_code == 201
    update = {k: v for k, v in world.state(one).items() if k in DRAFT_FIELDS}
    update |= {"beschrijving": XSS + " (gewijzigd)", "inkadering": XSS, "reden": XSS, "versie": version(world, one)}
    assert vro.put(f"{V}/{one}", json=update).status_code == 200
    drive(world, other, "beeldvorming")
    assert vro.put(f"{V}/{other}/triage", json=triage | {"versie": version(world, other)}).status_code == 200
    moved = vro.post(f"{V}/{other}/overgangen", json={"naar": "elders-belegd", "reden": XSS, "plek": "xss-plek"})
    assert moved.status_code == 200, moved.text
    pages = {
        "vro": [f"/vraagstukken/{one}", f"/vraagstukken/{other}", f"/vraagstukken/{one}/bewerken", "/vraagstukken",
                "/vraagstukken?weergave=tabel", f"/vraagstukken/nieuw?conflict={conflict}",
                f"/vraagstukken?tekst={XSS[:100]}&accounthouder=%22%3E%3Cscript%3Ealert(1)"],
        "utrecht": [f"/vraagstukken/{one}?gedaan=%3Cscript%3E", "/vraagstukken"],
        "lezer": [f"/vraagstukken/{other}", "/vraagstukken?weergave=tabel"],
    }  # fmt: skip
    for role, urls in pages.items():
        for url in urls:
            page = world.web(role).get(url)
            assert page.status_code in (200, 400), (role, url, page.status_code)
            for raw in RAW:
                assert raw not in page.text, (role, url, raw)
            assert ESCAPED in page.text, (role, url)
    page = world.web("vro").get(f"/vraagstukken/{one}").text
    assert page.count(ESCAPED) >= 10  # every field above was rendered (escaped), not dropped
    assert "<script" not in page.replace('<script src="/static/kaart.js" defer></script>', "")
    for url in (f"{V}/{one}", f"{V}/{one}/geschiedenis", f"{V}/{one}/bijdragen"):
        assert world.api.utrecht.get(url).headers["content-type"].startswith("application/json"), url


# -- atomicity and concurrency ----------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_refused_requests_change_nothing(world):
    vro, vid = world.api.vro, ready(world)
    drive(world, vid, "beeldvorming")
    before = world.counts()
    stale_ready = {"criteria": ALL_MET, "advies": "a", "besloten_door": "b", "versie": version(world, vid)}
    assert vro.put(f"{V}/{vid}/triage", json=stale_ready).status_code == 200
    before = world.counts()
    current = version(world, vid)
    refused = [
        vro.post(f"{V}/{vid}/overgangen", json={"naar": "oordeelsvorming", "versie": current - 1}),  # stale move
        vro.post(f"{V}/{vid}/overgangen", json={"naar": "elders-belegd", "reden": "r", "plek": "nergens"}),
        vro.post(f"{V}/{vid}/overgangen", json={"naar": "afgesloten"}),
        vro.put(f"{V}/{vid}", json={"titel": "x", "provincies": ["PV26"], "claims": [999_999], "versie": current}),
        vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"fasering": "stap " * 900, "versie": current}),
        vro.put(f"{V}/{vid}/triage", json={"criteria": [{"code": "1"}, {"code": "1"}], "versie": current}),
        vro.post(
            f"{V}/{vid}/tafelbesluiten",
            json={"tafel": "bol", "datum": "2026-10-01", "uitkomst": "x", "versie": current},
        ),  # fmt: skip
        world.api.utrecht.post(f"{V}/{vid}/overgangen", json={"naar": "oordeelsvorming"}),
        world.api.lezer.post(f"{V}/{vid}/bijdragen", json={"tekst": "x"}),
        world.api.departement.put(f"{V}/{vid}/triage", json=stale_ready | {"versie": current}),
        world.api.zuid_holland.post(f"{V}/{vid}/bijdragen", json={"tekst": "x"}),
        vro.post(
            "/api/v1/registers/plekken", json={"id": "provincie-pv26", "naam": "x", "soort": "overig", "bron": "b"}
        ),
        web_post(world, "vro", vid, "overgang", naar="oordeelsvorming", versie=current - 1),
        web_post(world, "vro", vid, "overgang", naar="elders-belegd", reden="r", plek="nergens"),
        web_post(world, "vro", vid, "bewerken", titel="", provincies=["PV26"], herkomst="voortgang"),
        web_post(world, "vro", vid, "aanpak", **(AANPAK | {"fasering": "stap " * 900})),
        web_post(world, "lezer", vid, "bijdragen", tekst="x"),
        web_post(world, "utrecht", vid, "triage", besluit_1="ja"),
        web_post(world, "departement", vid, "overgang", naar="oordeelsvorming"),
        world.web("vro").post(
            "/vraagstukken/nieuw",
            data={"csrf": world.token("vro"), "titel": "x", "provincies": ["PV99"], "herkomst": "voortgang"},
        ),  # fmt: skip
    ]
    for response in refused:
        assert response.status_code in (403, 409, 400), (
            response.request.url,
            response.status_code,
            response.text[:200],
        )
        if response.headers["content-type"].startswith(PROBLEM):
            assert dutch(response.json()["detail"]), response.json()
    assert world.counts() == before


def _together(calls):
    """Run the calls at the same moment, each in its own thread; their responses in order."""
    barrier = threading.Barrier(len(calls))
    out: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        out[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def _client(world: World, role: str = "vro") -> TestClient:
    client = TestClient(world.api.anonymous.app)
    client.headers["Authorization"] = getattr(world.api, role).headers["Authorization"]
    return client


@pytest.mark.every_backend
def test_simultaneous_moves_of_one_vraagstuk_one_wins_the_others_are_409(world):
    vid = ready(world)
    before = world.counts()
    clients = [_client(world) for _ in range(4)]
    responses = _together([lambda c=c: c.post(f"{V}/{vid}/overgangen", json={"naar": "beeldvorming", "versie": 1})
                           for c in clients])  # fmt: skip
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409, 409, 409], [r.text[:200] for r in responses]
    after = world.counts()
    assert after["flow_history"] == before["flow_history"] + 1
    assert world.api.vro.get(f"{V}/{vid}/geschiedenis").json()["overgangen"][-1]["naar"] == "beeldvorming"


@pytest.mark.every_backend
def test_simultaneous_changes_of_one_vraagstuk_one_wins(world):
    vid = world.utrecht
    clients = [_client(world) for _ in range(3)]
    responses = _together([lambda c=c, i=i: c.put(f"{V}/{vid}", json={"titel": f"Versie {i}", "provincies": ["PV26"],
                                                                       "versie": 1})
                           for i, c in enumerate(clients)])  # fmt: skip
    assert sorted(r.status_code for r in responses) == [200, 409, 409], [r.text[:200] for r in responses]
    winner = next(r for r in responses if r.status_code == 200).json()["titel"]
    assert world.state(vid)["titel"] == winner and world.state(vid)["versie"] == 2
    triage = [lambda c=c: c.put(f"{V}/{vid}/triage", json={"advies": "tegelijk", "versie": 2}) for c in clients[:2]]
    assert sorted(r.status_code for r in _together(triage)) == [200, 409]


@pytest.mark.every_backend
def test_simultaneous_register_entries_with_one_id_give_one_entry_and_no_500(world):
    clients = [_client(world) for _ in range(3)]
    body = {"id": "tegelijk", "naam": "Tegelijk", "soort": "overig", "bron": "b"}
    responses = _together([lambda c=c: c.post("/api/v1/registers/plekken", json=body) for c in clients])
    assert sorted(r.status_code for r in responses) == [201, 400, 400], [r.text[:200] for r in responses]
    assert [p["id"] for p in world.api.vro.get("/api/v1/registers/plekken").json()].count("tegelijk") == 1


# -- web refusals ---------------------------------------------------------------------------------------------


def test_a_refused_form_always_says_why_on_the_page(world):
    """FINDING: a refusal of a form the page does not show is answered without any message. As VRO, POST
    /vraagstukken/{id}/overgang with naar=vastgelegd (not a move out of gesignaleerd) or naar=nergens gives a
    409 page; POST …/tafelbesluiten outside besluitvorming gives 400; as lezer POST …/tafelbesluiten without a
    table gives 400 (before any right is checked). The refusal is filed under a form key the template never
    renders, so the page has no error at all. Every refusal should show its Dutch reason."""
    vid = world.utrecht
    before = world.counts()
    cases = [
        ("vro", "overgang", {"naar": "vastgelegd"}),
        ("vro", "overgang", {"naar": "nergens"}),
        ("vro", "tafelbesluiten", {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "x", "consensus": "ja"}),
        ("lezer", "tafelbesluiten", {}),
    ]
    for role, form, data in cases:
        response = web_post(world, role, vid, form, **data)
        assert response.status_code in (403, 409, 400), (role, form, response.status_code)
        assert alerts(response.text), f"{role} {form} {data}: {response.status_code} without a message"
    assert world.counts() == before


def test_a_closed_vraagstuk_keeps_its_triage_lead_and_approach(world):
    """FINDING: once a vraagstuk is in a final phase (vastgelegd, afgesloten, elders belegd, knelpunt) the page
    hides the triage, lead-party and approach forms (mag_behandelen = behandelen and an open phase), but the
    service does not check the phase: as VRO, PUT …/triage, …/leidend and …/aanpak on an 'afgesloten' vraagstuk
    answer 200 and rewrite what was decided (the same through forged web POSTs). They should be refused (409/400)."""
    vro, vid = world.api.vro, ready(world)
    drive(world, vid, "beeldvorming")
    triage = {"criteria": ALL_MET, "advies": "Oppakken.", "besloten_door": "Regietafel NOVEX"}
    assert vro.put(f"{V}/{vid}/triage", json=triage | {"versie": version(world, vid)}).status_code == 200
    assert vro.post(f"{V}/{vid}/overgangen", json={"naar": "afgesloten", "reden": "hoeft niet"}).status_code == 200
    closed = world.state(vid)
    assert closed["fase"] == "afgesloten"
    rewrites = [
        (
            "put",
            f"{V}/{vid}/triage",
            {
                "criteria": [{"code": "1", "besluit": False, "motivering": "achteraf"}],
                "advies": "Toch niet",
                "besloten_door": "iemand",
            },
        ),  # fmt: skip
        ("put", f"{V}/{vid}/leidend", {"leidend": "departement", "departement": "EZK", "motivering": "achteraf"}),
        ("put", f"{V}/{vid}/aanpak", AANPAK),
    ]
    for method, url, body in rewrites:
        response = getattr(vro, method)(url, json=body | {"versie": version(world, vid)})
        assert response.status_code in (409, 400), (url, response.status_code)
    page = web_post(
        world, "vro", vid, "triage", besluit_1="nee", motivering_1="achteraf", advies="x", besloten_door="y"
    )
    assert page.status_code in (409, 400), page.status_code
    after = world.state(vid)
    assert after["triage"] == closed["triage"] and after["leidend"] == closed["leidend"] and after["aanpak"] == {}


# -- the command line -----------------------------------------------------------------------------------------------


@pytest.fixture
def province_titles(cli_env):
    """Two vraagstukken signalled by a province's planner (untrusted text) in the CLI's database."""
    from novex.dialogue.model import VraagstukDraft
    from novex.dialogue.service import VraagstukService
    from novex.errors import InvalidInput

    planner = Actor(7, "planner@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")
    titles = ["kop [/] staart [bold]vet", "[link=file:///etc/passwd]klik[/link] \x1b[2J\x1b]0;titel\x07 \x1b[31mrood"]
    stored = []
    for titel in titles:
        try:
            with bootstrap.unit_of_work() as uow:
                created = uow.get(VraagstukService).signal(planner, VraagstukDraft(titel, ("PV26",), "voortgang"))
                stored.append(created.id)
        except InvalidInput:  # refusing control characters at the border is a fix too
            stored.append(None)
    return stored


def test_the_cli_prints_titles_as_text_not_as_rich_markup(province_titles):
    """FINDING: `novex vraagstuk list` and `show` print titles through Rich with markup on, so a title a province
    typed is read as markup: 'kop [/] staart' makes both commands crash with MarkupError (exit 1, a traceback,
    no list at all: one planner's title stops every operator's listing), and '[link=file:///…]' becomes a
    terminal hyperlink. Titles should be printed literally (rich.markup.escape)."""
    first, _ = province_titles
    for args in (["list"], ["show", str(first)], ["list", "--format", "json"]):
        result = runner.invoke(cli_app, ["vraagstuk", *args])
        assert result.exit_code == 0, (args, repr(result.exception))
        assert "[/]" in result.output, args


def test_the_cli_sends_no_terminal_control_codes_from_user_text(province_titles):
    """FINDING: titles may hold control characters (POST /api/v1/vraagstukken with titel '\\x1b[2J\\x1b]0;…\\x07'
    is 201), and `novex vraagstuk list`/`show` write them raw to the operator's terminal: ESC sequences that clear
    the screen, set the window title or worse. Control characters should be refused at input or shown escaped."""
    _, second = province_titles
    if second is None:
        return  # refused at the border: fixed
    for args in (["list"], ["show", str(second)]):
        result = runner.invoke(cli_app, ["vraagstuk", *args])
        assert "\x1b" not in result.output, (args, repr(result.output[:300]))


@pytest.mark.every_backend
def test_the_cli_answers_a_huge_id_in_dutch_not_with_a_traceback(cli_env):
    """FINDING: `novex vraagstuk show 99999999999999999999` (and `move`, `triage`) ends in an OverflowError
    traceback from the database driver (exit 1, no 'Fout:'); a number beyond the id range should be refused in
    Dutch like an unknown id ('vraagstuk … bestaat niet') or an out-of-range option."""
    for args in (["show", "99999999999999999999"], ["move", "9223372036854775808", "beeldvorming"],
                 ["triage", "99999999999999999999"]):  # fmt: skip
        result = runner.invoke(cli_app, ["vraagstuk", *args])
        assert result.exit_code in (1, 2), args
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
        assert "Traceback" not in result.output and ("Fout" in result.output or "Error" in result.output), args
