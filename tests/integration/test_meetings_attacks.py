"""Attacks on every input path of the meetings context: API, web forms, CLI and the documents it writes.

The meeting cycle (plan, agenda, outcomes, rode draden, BOL-afsprakenlijst), the fast procedure (signal,
selection, snelle tafel, feedback, steps), experts and sessions. Each test names the attack. Tests of attacks
the code withstands pass and guard against regressions; tests of confirmed findings fail until the finding is
fixed (no skip, no xfail): their docstrings start with FINDING and say what happens now and what should.
"""

from __future__ import annotations

import html
import re
import subprocess
import threading
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from novex import bootstrap
from novex.cli import app as cli_app
from tests.fixtures.clients import ACCOUNTS, PASSWORD, make_clients

# Most attacks are refused in front of the database (rights, validation, documents, pages): SQLite only. The tests
# marked every_backend are where the database matters: versions, huge ids, duplicates, NUL in JSON, racing writers.
pytestmark = pytest.mark.sqlite_only

V = "/api/v1/vraagstukken"
M = "/api/v1/vergaderingen"
D = "/api/v1/documenten"
PROBLEM = "application/problem+json"
ENGLISH = ("Input should", "Field required", "Value error", "should have", "Traceback", "valid integer", " or '")
ALL_MET = [{"code": c, "besluit": True, "motivering": "afgewogen"} for c in ("1", "2a", "2b", "3")]
AANPAK = {"aanpak": "A.", "tempo": "T.", "fasering": "F.", "rolverdeling": "R.", "besluitvorming": "B.",
          "monitoring": "M."}  # fmt: skip
CRITERIA = ("meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten")
OPTION = {"titel": "R", "voordelen": "v", "nadelen": "n", "ruimtelijk": "r", "bestuurlijk": "b", "juridisch": "j"}
SESSION = {"soort": "werkplaats", "titel": "Kaartsessie Lopik", "datum": "2027-03-01", "organisatie": "BZK",
           "hoofdonderwerp": "Wonen en water"}  # fmt: skip
HOSTILE = ('<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
           "</style><style>@import url(http://127.0.0.1:9/a.css); body{background:url(file:///etc/shadow)}</style>"
           '<iframe src="http://127.0.0.1:9/"></iframe><div style="background:url(http://127.0.0.1:9/m.png)">m</div>'
           "<base href='http://127.0.0.1:9/'><svg><image href='file:///etc/hostname'/></svg>")  # fmt: skip
RAW = ('<img src="file', '<link rel="stylesheet" href="http://127', "<iframe", "<style>@import", '<div style="background',
       "<base href", "<image href")  # fmt: skip
TABLES = ("vergaderingen", "agendapunten", "bol_afspraken", "snelle_procedures", "experts", "sessies",
          "flow_history", "audit_events", "vraagstukken")  # fmt: skip
SECRET = "Zuid-Hollands geheim"
runner = CliRunner()


# -- the world the attacks run in --------------------------------------------------------------------------


def signal(client, **body) -> int:
    body = {"titel": "Vraagstuk", "provincies": ["PV26"], "herkomst": "informeel-contact",
            "inkadering": "Uitvoeringsstrategie NR.", "aard": ["wegen"]} | body  # fmt: skip
    response = client.post(V, json=body)
    assert response.status_code == 201, response.text
    return response.json()["id"]


class World:
    """Clients per role (API and web), the meetings of 2027 stored, a vraagstuk in Utrecht and one in Zuid-Holland."""

    def __init__(self, settings) -> None:
        self.settings = settings
        self.api = make_clients(settings)
        self.vro = self.api.vro
        self._web: dict[str, TestClient] = {}
        stored = self.vro.post(f"{M}/plan", params={"jaar": 2027})
        assert stored.status_code == 201, stored.text
        meetings = stored.json()

        def find(soort: str, key: str, value: str) -> int:
            return next(m["id"] for m in meetings if m["soort"] == soort and m[key] == value)

        self.do_u, self.gp_u = find("do-novex", "provincie", "PV26"), find("gp-dg", "provincie", "PV26")
        self.do_zh, self.bol_zw = find("do-novex", "provincie", "PV28"), find("bol", "landsdeel", "zuidwest")
        self.u = signal(self.vro, titel="Utrechts vraagstuk")
        self.zh = signal(self.vro, titel=SECRET, provincies=["PV28"], beschrijving="Alleen voor Zuid-Holland")

    def web(self, role: str) -> TestClient:
        """A browser session of `role`; a server error is a 500 answer, not an exception in the test."""
        if role not in self._web:
            client = TestClient(self.api.anonymous.app, raise_server_exceptions=False)
            response = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD},
                                   follow_redirects=False)  # fmt: skip
            assert response.status_code == 303, response.text
            self._web[role] = client
        return self._web[role]

    def token(self, role: str) -> str:
        page = self.web(role).get("/werkplaatsen").text
        return page.split('name="csrf" value="')[1].split('"')[0]

    def meeting(self, mid: int) -> dict:
        return self.vro.get(f"{M}/{mid}").json()

    def version(self, vid: int) -> int:
        return self.vro.get(f"{V}/{vid}").json()["versie"]

    def snapshot(self) -> dict:
        """Row counts and the versions and contents that a refused request must leave alone."""
        db = bootstrap.database(self.settings)
        try:
            with db.engine.connect() as c:
                out = {t: c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in TABLES}  # noqa: S608
                queries = {
                    "meetings": "SELECT id, version, rode_draden FROM vergaderingen ORDER BY id",
                    "items": "SELECT id, onderwerp, reden, vraagstuk_id, uitkomst FROM agendapunten ORDER BY id",
                    "procedures": "SELECT id, version, fase FROM snelle_procedures ORDER BY id",
                    "vraagstukken": "SELECT id, version, fase FROM vraagstukken ORDER BY id",
                }
                for name, sql in queries.items():
                    out[name] = [tuple(str(v) for v in row) for row in c.execute(text(sql))]
                return out
        finally:
            db.engine.dispose()


@pytest.fixture
def world(settings) -> World:
    return World(settings)


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    body = response.json()
    assert body["status"] == status and body["detail"], body
    return body


def dutch(detail: str) -> bool:
    return not any(marker in detail for marker in ENGLISH)


def alerts(page: str) -> str:
    """The text of every error message on a page, tags stripped."""
    found = re.findall(r'class="melding melding-fout"[^>]*>(.*?)</div>', page, re.S)
    return " | ".join(html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f))).strip() for f in found)


def into_besluitvorming(world: World, vid: int) -> None:
    """Triage, approach and the BOB phases up to besluitvorming, as VRO."""
    vro = world.vro
    for step in ("beeldvorming", "oordeelsvorming", "besluitvorming"):
        if step == "oordeelsvorming":
            body = {"criteria": ALL_MET, "advies": "Oppakken.", "besloten_door": "Regietafel NOVEX"}
            assert vro.put(f"{V}/{vid}/triage", json=body | {"versie": world.version(vid)}).status_code == 200
        if step == "besluitvorming":
            assert vro.put(f"{V}/{vid}/aanpak", json=AANPAK | {"versie": world.version(vid)}).status_code == 200
        moved = vro.post(f"{V}/{vid}/overgangen", json={"naar": step})
        assert moved.status_code == 200, moved.text


def agenda(world: World, mid: int, *punten: dict) -> list[dict]:
    body = {"punten": list(punten), "versie": world.meeting(mid)["versie"]}
    response = world.vro.put(f"{M}/{mid}/agenda", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def outcome(world: World, mid: int, punt: int, **body):
    return world.vro.post(f"{M}/{mid}/agenda/{punt}/uitkomst", json=body)


def procedure_at_selection(world: World, vid: int) -> int:
    """Start the fast procedure, record a signal and step to the snelle selectie; the procedure's version."""
    vro = world.vro
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    body = {"botsend": True, "motivering": "m", "wat_botst": "a", "waar": "b", "waarom_urgent": "c", "versie": version}
    assert vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=body).status_code == 200
    moved = vro.post(f"{V}/{vid}/snelle-procedure/stappen", json={"naar": "snelle-selectie"})
    assert moved.status_code == 200, moved.text
    return moved.json()["versie"]


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


# -- authorisation and confidentiality ----------------------------------------------------------------------


def test_no_other_role_plans_agendas_records_or_handles_the_fast_procedure(world):
    item = agenda(world, world.do_u, {"onderwerp": "Vrij", "reden": "r"})[0]["id"]
    before = world.snapshot()
    attempts = [
        ("post", f"{M}/plan?jaar=2028", None),
        ("get", f"{M}/{world.do_u}/conceptagenda", None),
        ("put", f"{M}/{world.do_u}/agenda", {"punten": [{"onderwerp": "x"}], "versie": 2}),
        ("post", f"{M}/{world.do_u}/agenda/{item}/uitkomst", {"tekst": "x", "consensus": True}),
        ("put", f"{M}/{world.do_u}/rode-draden", {"tekst": "x", "versie": 2}),
        ("post", "/api/v1/experts", {"naam": "x", "departement": "IenW"}),
        ("post", "/api/v1/werkplaatsen", SESSION),
        ("post", f"{V}/{world.u}/snelle-procedure", None),
    ]
    for role in ("utrecht", "zuid_holland", "departement", "lezer", "beheerder"):
        client = getattr(world.api, role)
        for method, url, body in attempts:
            response = getattr(client, method)(url, **({"json": body} if body is not None else {}))
            problem = is_problem(response, 403)
            assert dutch(problem["detail"]), (role, url, problem["detail"])
    assert world.snapshot() == before


def test_a_province_reads_nothing_of_another_provinces_fast_procedure_or_agenda_items(world):
    vro, utrecht = world.vro, world.api.utrecht
    procedure_at_selection(world, world.zh)
    agenda(world, world.do_zh, {"vraagstuk_id": world.zh, "onderwerp": SECRET, "soort": "triage", "reden": "r"})
    for url in (f"{V}/{world.zh}/snelle-procedure", f"{D}/signaal/{world.zh}.pdf", f"{D}/a5/{world.zh}.pdf",
                f"{D}/snelle-tafel/{world.zh}.pdf"):  # fmt: skip
        problem = is_problem(utrecht.get(url), 403)
        assert SECRET not in problem["detail"], url
    for path in ("signaal.pdf", "notitie.pdf"):
        page = world.web("utrecht").get(f"/vraagstukken/{world.zh}/snelle-procedure/{path}")
        assert page.status_code == 403 and SECRET not in page.text, path
    assert SECRET not in utrecht.get(f"{M}/{world.do_zh}").text
    assert SECRET not in world.web("utrecht").get(f"/vergaderingen/{world.do_zh}").text
    assert SECRET in vro.get(f"{M}/{world.do_zh}").text  # VRO does see it
    pdf = utrecht.get(f"{D}/agenda/{world.do_zh}.pdf")
    assert pdf.status_code == 200 and SECRET not in pdf_text(pdf.content)


def test_a_province_does_not_read_another_provinces_bol_choices(world):
    """FINDING (confidentiality): the BOL-afsprakenlijst is not filtered per province. After VRO records a BOL
    choice on a vraagstuk of Zuid-Holland only ('Zuid-Hollands geheim'), Utrecht's planner — who gets a 403 on
    that vraagstuk itself and sees it filtered out of every agenda — reads its title and the BOL's choice through
    GET /bol-afsprakenlijst, GET /vergaderingen/{bol} ('afspraken'), the web page /vergaderingen/{bol} and the
    BOL-afsprakenlijst PDF (all 200 with the title). The afspraken should be filtered like the agenda."""
    vro = world.vro
    into_besluitvorming(world, world.zh)
    do_item = agenda(world, world.do_zh, {"vraagstuk_id": world.zh, "onderwerp": SECRET, "soort": "besluitvorming"})
    assert outcome(world, world.do_zh, do_item[0]["id"], tekst="Eens.", consensus=True).status_code == 201
    bol_item = agenda(world, world.bol_zw, {"vraagstuk_id": world.zh, "onderwerp": SECRET, "soort": "besluitvorming"})
    chosen = outcome(world, world.bol_zw, bol_item[0]["id"], tekst="Het BOL kiest de geheime variant.")
    assert chosen.status_code == 201, chosen.text
    assert SECRET in vro.get("/api/v1/bol-afsprakenlijst").text  # VRO does see it
    utrecht = world.api.utrecht
    assert SECRET not in utrecht.get("/api/v1/bol-afsprakenlijst").text
    assert "geheime variant" not in utrecht.get(f"{M}/{world.bol_zw}").text
    assert "geheime variant" not in world.web("utrecht").get(f"/vergaderingen/{world.bol_zw}").text
    pdf = utrecht.get(f"{D}/bol-afsprakenlijst/{world.bol_zw}.pdf")
    assert pdf.status_code == 403 or "geheime variant" not in pdf_text(pdf.content)


# -- agendas and outcomes -----------------------------------------------------------------------------------


def test_agenda_items_pointing_to_missing_or_other_provinces_vraagstukken_are_refused(world):
    before = world.snapshot()
    cases = [
        ({"vraagstuk_id": 999_999, "soort": "triage"}, "punt 1: vraagstuk 999999 bestaat niet"),
        ({"vraagstuk_id": world.zh, "soort": "triage"}, f"punt 1: vraagstuk {world.zh} gaat niet over DO NOVEX Utrecht"),
        ({"vraagstuk_id": world.u, "soort": "besluit"}, "soort"),
        ({"onderwerp": "   "}, "punt 1: een onderwerp heeft 1 tot 300 tekens"),
    ]  # fmt: skip
    for item, expected in cases:
        problem = is_problem(world.vro.put(f"{M}/{world.do_u}/agenda", json={"punten": [item], "versie": 1}), 400)
        assert expected in problem["detail"] and dutch(problem["detail"]), problem["detail"]
    assert world.snapshot() == before


@pytest.mark.every_backend
def test_one_vraagstuk_twice_on_one_agenda_is_refused(world):
    """FINDING (doubled decisions): PUT /vergaderingen/{do}/agenda with the same vraagstuk twice is stored (200,
    two items). Recording an outcome on each (201, 201) writes two DO NOVEX decisions into the vraagstuk's
    tafelbesluiten — the same table, the same date, twice. A vraagstuk should appear once per agenda: 400 naming
    the item, nothing stored."""
    item = {"vraagstuk_id": world.u, "onderwerp": "Utrechts vraagstuk", "soort": "besluitvorming"}
    before = world.snapshot()
    problem = is_problem(world.vro.put(f"{M}/{world.do_u}/agenda", json={"punten": [item, item], "versie": 1}), 400)
    assert "punt 2" in problem["detail"] and dutch(problem["detail"]), problem["detail"]
    assert world.snapshot() == before


def test_an_agenda_fixed_through_the_api_can_be_printed(world):
    """FINDING: the API's agenda item takes its title from the optional `onderwerp`, also for a vraagstuk. PUT
    /vergaderingen/{do}/agenda with {"vraagstuk_id": 1, "soort": "triage"} stores an item with an empty title
    (200), after which GET /documenten/agenda/{do}.pdf is refused for good: 400 'agendapunt 1: de titel ontbreekt'.
    (The web form takes the vraagstuk's own title; the API also lets any other title stand for a vraagstuk.)
    An item of a vraagstuk should carry the vraagstuk's title, or the PUT be refused naming the field."""
    response = world.vro.put(f"{M}/{world.do_u}/agenda", json={"punten": [{"vraagstuk_id": world.u,
                                                                             "soort": "triage"}], "versie": 1})  # fmt: skip
    if response.status_code == 400:
        assert "onderwerp" in response.json()["detail"]
        return
    assert response.status_code == 200, response.text
    assert response.json()[0]["onderwerp"] == "Utrechts vraagstuk"
    pdf = world.vro.get(f"{D}/agenda/{world.do_u}.pdf")
    assert pdf.status_code == 200, pdf.text[:300]


def test_outcomes_out_of_order_twice_or_on_another_meeting_are_refused(world):
    items = agenda(world, world.do_u, {"vraagstuk_id": world.u, "onderwerp": "U", "soort": "besluitvorming"},
                   {"onderwerp": "Vrij", "reden": "r"})  # fmt: skip
    punt, free = items[0]["id"], items[1]["id"]
    before = world.snapshot()
    wrong_phase = is_problem(outcome(world, world.do_u, punt, tekst="x", consensus=True), 400)
    assert "uitkomsten van tafels horen bij besluitvorming" in wrong_phase["detail"]
    is_problem(outcome(world, world.gp_u, punt, tekst="x", consensus=True), 404)
    is_problem(outcome(world, world.do_u, 2_147_483_647, tekst="x"), 404)
    is_problem(outcome(world, world.do_u, free, tekst="x", consensus=False), 400)  # no differences named
    assert world.snapshot() == before
    assert outcome(world, world.do_u, free, tekst="Besproken.").status_code == 201
    after_first = world.snapshot()
    is_problem(outcome(world, world.do_u, free, tekst="Nog eens."), 409)
    refix = world.vro.put(f"{M}/{world.do_u}/agenda", json={"punten": [{"onderwerp": "x"}], "versie": 2})
    assert "de agenda ligt vast" in is_problem(refix, 409)["detail"]
    page = world.web("vro").post(f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst",
                                 data={"csrf": world.token("vro"), "tekst": "Dubbel"}, follow_redirects=False)  # fmt: skip
    assert page.status_code == 409
    assert world.snapshot() == after_first


def test_a_refused_meeting_form_always_says_why_on_the_page(world):
    """FINDING (silent refusal): the meeting page shows a refusal inside the form it belongs to, and that form is
    only drawn while it can be used. So the page answers with the right status but no message at all when
    the outcome form of an item that already has an outcome is posted again (a double submission: 409), when an
    outcome is posted for an item that is not on this agenda (404), when the rode-draden form is posted to a
    GP-DG meeting (400), and when a province's planner posts an outcome (403). Each page should say why."""
    free = agenda(world, world.do_u, {"onderwerp": "Vrij"})[0]["id"]
    assert outcome(world, world.do_u, free, tekst="Besproken.").status_code == 201
    before = world.snapshot()
    vro, utrecht = world.web("vro"), world.web("utrecht")
    cases = [
        (vro, "vro", f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst", {"tekst": "Dubbel"}, 409),
        (vro, "vro", f"/vergaderingen/{world.gp_u}/agenda/{free}/uitkomst", {"tekst": "Elders"}, 404),
        (vro, "vro", f"/vergaderingen/{world.gp_u}/rode-draden", {"versie": "1", "tekst": "x"}, 400),
        (utrecht, "utrecht", f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst", {"tekst": "x"}, 403),
    ]
    silent = []
    for client, role, path, data, status in cases:
        page = client.post(path, data={"csrf": world.token(role), **data}, follow_redirects=False)
        assert page.status_code == status, (path, page.status_code)
        if not alerts(page.text):
            silent.append((role, path, status))
    assert world.snapshot() == before
    assert silent == [], f"pages that refuse without a message: {silent}"


@pytest.mark.every_backend
def test_stale_versions_of_meetings_and_procedures_are_refused(world):
    agenda(world, world.do_u, {"onderwerp": "Vrij"})
    before = world.snapshot()
    problem = is_problem(world.vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": "x", "versie": 1}), 409)
    assert problem["currentVersion"] == 2
    is_problem(world.vro.put(f"{M}/{world.do_u}/agenda", json={"punten": [], "versie": 1}), 409)
    rode = world.vro.put(f"{M}/{world.gp_u}/rode-draden", json={"tekst": "x", "versie": 1})
    assert "hoort bij het DO NOVEX" in is_problem(rode, 400)["detail"]
    assert world.snapshot() == before
    web = world.web("vro")
    stale = web.post(f"/vergaderingen/{world.do_u}/rode-draden", data={"csrf": world.token("vro"), "versie": "1",
                                                                       "tekst": "oud"}, follow_redirects=False)  # fmt: skip
    assert stale.status_code == 409 and "intussen gewijzigd" in alerts(stale.text)
    assert world.snapshot() == before


# -- the fast procedure ---------------------------------------------------------------------------------------


def test_the_fast_procedure_refuses_skipped_steps_wrong_products_and_moves_after_the_end(world):
    vro, vid = world.vro, world.u
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    is_problem(vro.post(f"{V}/{vid}/snelle-procedure"), 409)
    before = world.snapshot()
    for naar in ("snelle-tafel", "terugkoppeling", "afgerond"):
        body = is_problem(vro.post(f"{V}/{vid}/snelle-procedure/stappen", json={"naar": naar}), 409)
        assert "nu mogelijk" in body["detail"], body["detail"]
    assert dutch(
        is_problem(vro.post(f"{V}/{vid}/snelle-procedure/stappen", json={"naar": "signalering"}), 400)["detail"]
    )
    note = {"probleemdefinitie": "p", "opties": [OPTION] * 2, "advies": "bestuurlijk", "advies_toelichting": "t",
            "experts": [1], "versie": version}  # fmt: skip
    is_problem(vro.put(f"{V}/{vid}/snelle-procedure/tafel", json=note), 409)
    is_problem(vro.put(f"{V}/{vid}/snelle-procedure/tafel", json=note | {"besluit": "ja"}), 400)
    back = {"lijn": "bol", "uitkomst": "x", "versie": version}
    is_problem(vro.put(f"{V}/{vid}/snelle-procedure/terugkoppeling", json=back), 409)
    assert world.snapshot() == before
    quick = {"botsend": False, "motivering": "Geen nationaal kader.", "versie": version}
    assert vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=quick).status_code == 200
    assert vro.post(f"{V}/{vid}/snelle-procedure/stappen", json={"naar": "geen-botsing"}).status_code == 200
    closed = world.snapshot()
    for naar in ("snelle-selectie", "afgerond", "geen-botsing"):
        is_problem(vro.post(f"{V}/{vid}/snelle-procedure/stappen", json={"naar": naar}), 409)
    is_problem(vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=quick | {"versie": version + 2}), 409)
    is_problem(vro.post(f"{V}/{vid}/snelle-procedure"), 409)
    web = world.web("vro").post(f"/vraagstukken/{vid}/snelle-procedure/tafel",
                                data={"csrf": world.token("vro"), "besluit": "ja", "probleemdefinitie": "p"},
                                follow_redirects=False)  # fmt: skip
    assert web.status_code == 400 and "neemt geen besluiten" in alerts(web.text)
    assert world.snapshot() == closed


def test_a_signal_that_says_no_clash_is_still_held_to_its_one_page(world):
    """FINDING (page limit checked late): the signal's one-page check at save (`documents.dialoog.checker`) runs
    only when botsend is true. PUT …/snelle-procedure/signaal {"botsend": false, "motivering": "regel\\n" * 1600}
    (9,600 characters, within the field limit) answers 200 and stores it; the signal PDF of that vraagstuk is then
    refused for good (400 'past bij lange na niet op 1 pagina … Snelle check'). Its docstring promises 'a signal
    that would not fit one page is refused when it is saved, naming the section': 400 naming 'Snelle check'."""
    vro, vid = world.vro, world.u
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    before = world.snapshot()
    body = {"botsend": False, "motivering": "regel\n" * 1_600, "versie": version}
    problem = is_problem(vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=body), 400)
    assert "Snelle check" in problem["detail"], problem["detail"]
    assert world.snapshot() == before


def test_a_long_unbroken_word_in_a_signal_is_refused_not_cut_at_the_page_edge(world):
    vro, vid = world.vro, world.u
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    body = {"botsend": True, "motivering": "m", "wat_botst": "W" * 3_000, "waar": "b", "waarom_urgent": "c"}
    problem = is_problem(vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=body | {"versie": version}), 400)
    assert "Wat botst?" in problem["detail"] and "niets ingekort" in problem["detail"], problem["detail"]
    fits = body | {"wat_botst": "W" * 400, "versie": version}
    assert vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=fits).status_code == 200
    pdf = vro.get(f"{D}/signaal/{vid}.pdf")
    assert pdf.status_code == 200 and pdf_text(pdf.content).replace("\n", "").count("W") >= 400


# -- hostile values -----------------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_ids_years_and_versions_out_of_range_or_of_the_wrong_type_are_dutch_422s(world):
    vro = world.vro
    for bad in ("0", "-1", "2147483648", "9223372036854775808", "abc", "1.5"):
        for url in (f"{M}/{bad}", f"{V}/{bad}/snelle-procedure", f"{D}/agenda/{bad}.pdf", f"{M}/{bad}/conceptagenda"):
            assert dutch(is_problem(vro.get(url), 400)["detail"]), url
    for jaar in ("0", "2026", "2101", "abc", "9223372036854775808", "-2027"):
        assert dutch(is_problem(vro.get(f"{M}/plan", params={"jaar": jaar}), 400)["detail"]), jaar
        assert dutch(is_problem(vro.post(f"{M}/plan", params={"jaar": jaar}), 400)["detail"]), jaar
    before = world.snapshot()
    for versie in (True, 1.0, "1", -1, 0, 2**31, 2**63, None):
        body = {"punten": [{"onderwerp": "x"}], "versie": versie}
        problem = is_problem(vro.put(f"{M}/{world.do_u}/agenda", json=body), 400)
        assert "versie" in problem["detail"] and dutch(problem["detail"]), (versie, problem["detail"])
    for vid in (0, -5, 1.5, 2**31, 2**63, "een"):
        body = {"punten": [{"vraagstuk_id": vid, "soort": "triage"}], "versie": 1}
        assert dutch(is_problem(vro.put(f"{M}/{world.do_u}/agenda", json=body), 400)["detail"]), vid
    assert world.snapshot() == before


def test_booleans_are_not_taken_for_vraagstuk_or_expert_numbers(world):
    """FINDING (type confusion): JSON `true` is read as the number 1 where an id is expected. PUT
    /vergaderingen/{do}/agenda with {"vraagstuk_id": true} puts vraagstuk 1 on the agenda (200), POST
    /werkplaatsen with "vraagstukken": [true] links vraagstuk 1 (201), PUT …/snelle-procedure/selectie with
    "experts": [true] chooses expert 1 (200). The versions are strict already ('is geen geheel getal');
    so should the ids be: 400 naming the field, nothing stored."""
    vro = world.vro
    expert = vro.post("/api/v1/experts", json={"naam": "A. Deskundige", "departement": "IenW"}).json()["id"]
    assert expert == 1 and world.u == 1  # `true` would pick exactly these
    version = procedure_at_selection(world, world.u)
    before = world.snapshot()
    item = {"punten": [{"vraagstuk_id": True, "onderwerp": "x", "soort": "triage"}], "versie": 1}
    problem = is_problem(vro.put(f"{M}/{world.do_u}/agenda", json=item), 400)
    assert "vraagstuk_id" in problem["detail"], problem["detail"]
    problem = is_problem(vro.post("/api/v1/werkplaatsen", json=SESSION | {"vraagstukken": [True]}), 400)
    assert "vraagstukken" in problem["detail"], problem["detail"]
    selection = {"criteria": [{"code": c, "voldaan": True, "motivering": "m"} for c in CRITERIA], "opschalen": True,
                 "experts": [True], "versie": version}  # fmt: skip
    problem = is_problem(vro.put(f"{V}/{world.u}/snelle-procedure/selectie", json=selection), 400)
    assert "experts" in problem["detail"], problem["detail"]
    assert world.snapshot() == before


@pytest.mark.every_backend
def test_duplicate_ids_in_a_list_are_stored_once(world):
    """FINDING (doubled rows): the API keeps duplicates the web form removes. POST /werkplaatsen with
    "vraagstukken": [1, 1, 1] stores the session linked to vraagstuk 1 three times (201, [1, 1, 1]); PUT
    …/snelle-procedure/selectie with "experts": [e, e] stores the expert twice. Each id should be kept once
    (or the body refused naming the field)."""
    vro = world.vro
    expert = vro.post("/api/v1/experts", json={"naam": "A. Deskundige", "departement": "IenW"}).json()["id"]
    made = vro.post("/api/v1/werkplaatsen", json=SESSION | {"vraagstukken": [world.u] * 3})
    assert made.status_code == 400 or made.json()["vraagstukken"] == [world.u], made.text
    version = procedure_at_selection(world, world.u)
    selection = {"criteria": [{"code": c, "voldaan": True, "motivering": "m"} for c in CRITERIA], "opschalen": True,
                 "experts": [expert, expert], "versie": version}  # fmt: skip
    saved = vro.put(f"{V}/{world.u}/snelle-procedure/selectie", json=selection)
    assert saved.status_code == 400 or saved.json()["selectie"]["experts"] == [expert], saved.text


@pytest.mark.every_backend
def test_a_double_submission_does_not_double_an_expert_or_a_session(world):
    """FINDING (doubled rows): POST /experts twice with the same body (a double click, a retried request) adds
    the same person twice (201, 201: two 'A. Deskundige, IenW' in the directory and in every selection list);
    POST /werkplaatsen twice stores the same session twice (201, 201). The second identical submission should be
    refused (409/400 naming the existing entry) and store nothing."""
    vro = world.vro
    person = {"naam": "A. Deskundige", "departement": "IenW", "domeinen": ["water"], "email": "a@ienw.nl"}
    assert vro.post("/api/v1/experts", json=person).status_code == 201
    assert vro.post("/api/v1/werkplaatsen", json=SESSION).status_code == 201
    before = world.snapshot()
    assert vro.post("/api/v1/experts", json=person).status_code in (409, 400)
    assert vro.post("/api/v1/werkplaatsen", json=SESSION).status_code in (409, 400)
    assert world.snapshot() == before


@pytest.mark.every_backend
def test_nul_characters_never_reach_the_json_columns_of_meetings(world):
    """FINDING: the NUL net (store.db refuses '\\0' in bound text) misses JSON columns, and the meetings service
    only checks the fast procedure's products. POST …/agenda/{p}/uitkomst on a free subject with tekst 'a\\0b' and
    verschillen 'x\\0' answers 201 and stores both NULs in agendapunten.uitkomst; POST /werkplaatsen with a
    bouwsteen titel 'a\\0' answers 201 and stores it in sessies.bouwstenen. Should be 400 naming the field."""
    free = agenda(world, world.do_u, {"onderwerp": "Vrij", "reden": "r"})[0]["id"]
    before = world.snapshot()
    problem = is_problem(outcome(world, world.do_u, free, tekst="a\x00b", consensus=False, verschillen="x\x00"), 400)
    assert "tekst" in problem["detail"] or "uitkomst" in problem["detail"], problem["detail"]
    bouwsteen = {"bouwstenen": [{"titel": "a\x00", "status": "gereed"}]}
    is_problem(world.vro.post("/api/v1/werkplaatsen", json=SESSION | bouwsteen), 400)
    assert world.snapshot() == before


def test_control_characters_and_bidi_overrides_are_refused_in_meeting_texts(world):
    """FINDING: the dialogue refuses control characters and bidirectional overrides in every text ('bevat een
    stuurteken'); the meetings context stores them. PUT …/rode-draden with 'Kort\\u202e', POST /experts with naam
    'B\\x07', POST …/uitkomst with tekst 'x\\x1b[2J', POST …/snelle-procedure/stappen with reden '\\x1b]0;pwned\\x07',
    PUT …/snelle-procedure/signaal with motivering 'm\\u202e' and POST /werkplaatsen with titel 'T\\u2066' all
    answer 200/201 and store them (they reach PDFs, pages and the terminal). Each should be 400 naming the field."""
    vro, vid = world.vro, world.u
    free = agenda(world, world.do_u, {"onderwerp": "Vrij", "reden": "r"})[0]["id"]
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    signal_ok = {"botsend": True, "motivering": "m", "wat_botst": "a", "waar": "b", "waarom_urgent": "c"}
    before = world.snapshot()
    attempts = [
        vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": "Kort\u202e", "versie": 2}),
        vro.post("/api/v1/experts", json={"naam": "B\x07", "departement": "IenW"}),
        outcome(world, world.do_u, free, tekst="x\x1b[2J"),
        vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=signal_ok | {"motivering": "m\u202e", "versie": version}),
        vro.post("/api/v1/werkplaatsen", json=SESSION | {"titel": "T\u2066"}),
    ]
    for response in attempts:
        problem = is_problem(response, 400)
        assert dutch(problem["detail"]), problem["detail"]
    assert world.snapshot() == before
    assert vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=signal_ok | {"versie": version}).status_code == 200
    moved = world.snapshot()
    step = vro.post(
        f"{V}/{vid}/snelle-procedure/stappen", json={"naar": "snelle-selectie", "reden": "\x1b]0;pwned\x07"}
    )
    is_problem(step, 400)
    assert world.snapshot() == moved


def test_session_dates_outside_any_sensible_range_are_refused(world):
    """FINDING: POST /werkplaatsen takes any date a Python date can hold: 0001-01-01 and 9999-12-31 are stored
    (201) as the date of a session of ontwerpend onderzoek (the web form likewise). A session's date should lie
    in a plausible range (seed 001's werkplaatsen start in 2015): 400 naming 'datum'. Impossible dates
    (2023-02-29, 0000-01-01, 2027-13-01) are refused in Dutch already; a leap day (2024-02-29) is fine."""
    vro = world.vro
    for bad in ("2023-02-29", "0000-01-01", "2027-13-01", "morgen", "2027-01-01T10:00:00"):
        problem = is_problem(vro.post("/api/v1/werkplaatsen", json=SESSION | {"datum": bad}), 400)
        assert "datum" in problem["detail"] and dutch(problem["detail"]), (bad, problem["detail"])
    assert vro.post("/api/v1/werkplaatsen", json=SESSION | {"datum": "2024-02-29"}).status_code == 201
    before = world.snapshot()
    for far in ("0001-01-01", "9999-12-31"):
        problem = is_problem(vro.post("/api/v1/werkplaatsen", json=SESSION | {"datum": far}), 400)
        assert "datum" in problem["detail"], problem["detail"]
    assert world.snapshot() == before


def test_oversized_lists_and_texts_are_refused_in_dutch_and_change_nothing(world):
    vro, vid = world.vro, world.u
    before = world.snapshot()
    huge = "x" * 100_000
    cases = [
        ("put", f"{M}/{world.do_u}/agenda", {"punten": [{"onderwerp": "x"}] * 101, "versie": 1}, "punten"),
        ("put", f"{M}/{world.do_u}/agenda", {"punten": [{"onderwerp": "x", "reden": huge}], "versie": 1}, "reden"),
        ("put", f"{M}/{world.do_u}/rode-draden", {"tekst": huge, "versie": 1}, "tekst"),
        ("post", f"{M}/{world.do_u}/agenda/1/uitkomst", {"tekst": huge}, "tekst"),
        ("put", f"{V}/{vid}/snelle-procedure/signaal", {"botsend": True, "motivering": huge, "versie": 1}, "motivering"),
        ("put", f"{V}/{vid}/snelle-procedure/tafel", {"probleemdefinitie": "p", "opties": [OPTION] * 11,
                                                      "advies": "bestuurlijk", "versie": 1}, "opties"),
        ("put", f"{V}/{vid}/snelle-procedure/selectie", {"criteria": [], "opschalen": True,
                                                         "experts": list(range(1, 5_001)), "versie": 1}, "experts"),
        ("post", "/api/v1/experts", {"naam": "x", "departement": "IenW", "domeinen": ["wonen"] * 31}, "domeinen"),
        ("post", "/api/v1/werkplaatsen", SESSION | {"vraagstukken": list(range(1, 52))}, "vraagstukken"),
        ("post", "/api/v1/werkplaatsen", SESSION | {"bouwstenen": [{"titel": "b", "status": "gereed"}] * 31},
         "bouwstenen"),
    ]  # fmt: skip
    for method, url, body, field in cases:
        problem = is_problem(getattr(vro, method)(url, json=body), 400)
        assert field in problem["detail"] and dutch(problem["detail"]), (url, problem["detail"][:300])
    assert world.snapshot() == before


# -- documents ------------------------------------------------------------------------------------------------


def test_user_text_in_every_meeting_document_is_escaped_and_weasyprint_fetches_nothing(world, monkeypatch):
    from weasyprint.urls import URLFetcher

    fetched: list[str] = []
    original = URLFetcher.__call__

    def spy(self, url, *args, **kwargs):
        fetched.append(url)
        return original(self, url, *args, **kwargs)

    monkeypatch.setattr(URLFetcher, "__call__", spy)
    vro, vid = world.vro, world.u
    items = agenda(world, world.do_u, {"onderwerp": HOSTILE[:300], "reden": HOSTILE},
                   {"onderwerp": "Emoji 🌊🏠 en עברית مرحبا", "reden": "€ ‰ — „citaat”"})  # fmt: skip
    recorded = outcome(world, world.do_u, items[0]["id"], tekst=HOSTILE, consensus=False, verschillen=HOSTILE)
    assert recorded.status_code == 201, recorded.text
    assert vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": HOSTILE, "versie": 2}).status_code == 200
    version = vro.post(f"{V}/{vid}/snelle-procedure").json()["versie"]
    body = {"botsend": True, "motivering": HOSTILE, "wat_botst": HOSTILE, "waar": "🌊", "waarom_urgent": HOSTILE}
    assert vro.put(f"{V}/{vid}/snelle-procedure/signaal", json=body | {"versie": version}).status_code == 200
    for url in (f"{D}/agenda/{world.do_u}.pdf", f"{D}/rode-draden/{world.do_u}.pdf", f"{D}/signaal/{vid}.pdf",
                f"{D}/signaal/{vid}.pdf?openbaar=true", f"{D}/agenda/{world.do_u}.pdf?openbaar=true"):  # fmt: skip
        pdf = vro.get(url)
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), (url, pdf.text[:300])
        assert 'src="file:///etc/passwd"' in pdf_text(pdf.content).replace("\n", ""), url  # shown as text
    web = world.web("vro")
    for path in (f"/vergaderingen/{world.do_u}/agenda.pdf", f"/vergaderingen/{world.do_u}/rode-draden.pdf?openbaar=ja",
                 f"/vraagstukken/{vid}/snelle-procedure/signaal.pdf"):  # fmt: skip
        assert web.get(path).status_code == 200, path
    assert fetched == [], fetched
    from novex.documents import overleg
    from novex.meetings.agenda import Vergadering

    meeting = Vergadering(1, "do-novex", date(2027, 6, 28), "DO NOVEX Utrecht", "PV26")
    document = overleg.rode_draden_html(overleg.RodeDradenNotitie(meeting, HOSTILE, ()))
    for tag in RAW:
        assert tag not in document, tag


def test_the_rode_draden_notitie_stays_printable_after_its_outcomes_are_recorded(world):
    """FINDING (page limit vs immutable text): outcomes are part of the two-page rode-draden notitie but are
    checked against no page limit when recorded, and once recorded they cannot be changed. Three outcomes of
    ~5,400 characters each on a DO NOVEX (each within the 10,000 limit) answer 201, after which GET
    /documenten/rode-draden/{do}.pdf is refused for good (400 'past niet op 2 A4-pagina's … kort deze
    onderdelen … in: Uitkomst: …'): the message asks to shorten text that no route can change. The outcome
    that would push the notitie over two pages should be refused when it is recorded, naming the section."""
    free = agenda(world, world.do_u, *({"onderwerp": f"Onderwerp {k}", "reden": "r"} for k in range(1, 4)))
    assert world.vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": "Kort.", "versie": 2}).status_code == 200
    answers = [outcome(world, world.do_u, item["id"], tekst="woord " * 900).status_code for item in free]
    pdf = world.vro.get(f"{D}/rode-draden/{world.do_u}.pdf")
    assert pdf.status_code == 200 or 400 in answers, (answers, pdf.text[:300])


def test_a_rode_draden_text_that_cannot_fit_its_two_pages_is_refused_when_saved(world):
    """FINDING (page limit checked late): PUT /vergaderingen/{do}/rode-draden with 'a\\n' * 4,999 (within the
    10,000-character limit) is stored (200); every later GET /documenten/rode-draden/{do}.pdf is refused (400 'past
    bij lange na niet op 2 pagina's … Rode draden'). The fast procedure's products are checked when saved; the
    rode-draden notitie should be too: 400 naming 'Rode draden', nothing stored."""
    before = world.snapshot()
    problem = is_problem(world.vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": "a\n" * 4_999, "versie": 1}),
                         400)  # fmt: skip
    assert "Rode draden" in problem["detail"], problem["detail"]
    assert world.snapshot() == before


# -- scheduling -------------------------------------------------------------------------------------------------


@pytest.mark.every_backend
def test_a_year_is_scheduled_once_also_when_posted_twice_at_the_same_moment(world):
    before = world.snapshot()
    assert "al gepland (29)" in is_problem(world.vro.post(f"{M}/plan", params={"jaar": 2027}), 409)["detail"]
    page = world.web("vro").post("/vergaderingen/plan", data={"csrf": world.token("vro"), "jaar": "2027"},
                                 follow_redirects=False)  # fmt: skip
    assert page.status_code == 409
    assert world.snapshot() == before
    clients = []
    for _ in range(3):
        client = TestClient(world.api.anonymous.app, raise_server_exceptions=False)
        client.headers["Authorization"] = world.vro.headers["Authorization"]
        clients.append(client)
    barrier, answers = threading.Barrier(3), [None] * 3

    def run(k: int) -> None:
        barrier.wait()
        answers[k] = clients[k].post(f"{M}/plan", params={"jaar": 2028})

    threads = [threading.Thread(target=run, args=(k,)) for k in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text[:200] for a in answers]
    assert len(world.vro.get(M, params={"jaar": 2028}).json()) == 29


# -- web forms -------------------------------------------------------------------------------------------------


def test_every_meetings_web_form_refuses_a_missing_wrong_or_foreign_csrf_token(world):
    free = agenda(world, world.do_u, {"onderwerp": "Vrij"})[0]["id"]
    world.vro.post(f"{V}/{world.u}/snelle-procedure")
    forms = [
        "/vergaderingen/plan",
        f"/vergaderingen/{world.do_u}/agenda",
        f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst",
        f"/vergaderingen/{world.do_u}/rode-draden",
        *(f"/vraagstukken/{world.u}/snelle-procedure/{f}" for f in ("start", "signaal", "selectie", "tafel",
                                                                     "terugkoppeling", "stap")),
        "/experts",
        "/werkplaatsen/nieuw",
    ]  # fmt: skip
    foreign = world.token("utrecht")
    web = world.web("vro")
    before = world.snapshot()
    for path in forms:
        for token in (None, "", "x" * 64, foreign):
            data = {"versie": "2", "jaar": "2029", "tekst": "x", "naam": "x", "departement": "IenW", "botsend": "ja",
                    "motivering": "m", "naar": "geen-botsing", **SESSION}  # fmt: skip
            if token is not None:
                data["csrf"] = token
            response = web.post(path, data=data, follow_redirects=False)
            assert response.status_code == 403, (path, token, response.status_code)
    assert world.snapshot() == before


def test_other_roles_post_no_meetings_web_form(world):
    free = agenda(world, world.do_u, {"onderwerp": "Vrij"})[0]["id"]
    before = world.snapshot()
    for role in ("utrecht", "lezer", "departement"):
        token, web = world.token(role), world.web(role)
        for path, data in (
            ("/vergaderingen/plan", {"jaar": "2029"}),
            (f"/vergaderingen/{world.do_u}/agenda", {"versie": "2"}),
            (f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst", {"tekst": "x"}),
            (f"/vergaderingen/{world.do_u}/rode-draden", {"versie": "2", "tekst": "x"}),
            (f"/vraagstukken/{world.u}/snelle-procedure/start", {}),
            ("/experts", {"naam": "x", "departement": "IenW"}),
            ("/werkplaatsen/nieuw", SESSION),
        ):
            response = web.post(path, data={"csrf": token, **data}, follow_redirects=False)
            assert response.status_code == 403, (role, path, response.status_code)
        assert web.get(f"/vergaderingen/{world.do_u}/agenda").status_code == 403
    assert world.snapshot() == before


def test_odd_digits_in_web_number_fields_are_a_dutch_422_not_a_500(world):
    """FINDING (server error): the web forms test numbers with str.isdigit(), which is true for '²' and '①', and
    then call int(), which raises ValueError: POST /vergaderingen/{do}/agenda with rij_vraagstuk '²', POST
    /werkplaatsen/nieuw with vraagstukken '²' and POST …/snelle-procedure/selectie with experts '²' all answer 500.
    Each should show the form again with a Dutch message ('… is geen nummer'), status 400."""
    version = procedure_at_selection(world, world.u)
    before = world.snapshot()
    token, web = world.token("vro"), world.web("vro")
    row = {"csrf": token, "versie": "1", "opnemen": ["0"], "rij_vraagstuk": ["²"], "rij_soort": ["triage"],
           "rij_titel": ["x"], "rij_reden": ["r"], "rij_volgorde": ["1"]}  # fmt: skip
    selection = {"csrf": token, "versie": str(version), "opschalen": "ja", "experts": ["²"],
                 **{f"voldaan_{c}": "ja" for c in CRITERIA}, **{f"motivering_{c}": "m" for c in CRITERIA}}  # fmt: skip
    for path, data in (
        (f"/vergaderingen/{world.do_u}/agenda", row),
        ("/werkplaatsen/nieuw", {"csrf": token, **SESSION, "vraagstukken": "²"}),
        (f"/vraagstukken/{world.u}/snelle-procedure/selectie", selection),
    ):
        response = web.post(path, data=data, follow_redirects=False)
        assert response.status_code == 400 and "²" in alerts(response.text), (path, response.status_code)
    assert world.snapshot() == before


@pytest.mark.every_backend
def test_a_huge_vraagstuk_number_in_the_agenda_form_is_a_dutch_422_on_every_backend(world):
    """FINDING (server error on PostgreSQL): the agenda form's rij_vraagstuk (up to 12 digits) is looked up without
    a range check: '99999999999' answers 500 on PostgreSQL (psycopg NumericValueOutOfRange: integer out of range,
    in _agenda_items) and 400 on SQLite. It should be 400 on both, naming the number."""
    token, web = world.token("vro"), world.web("vro")
    before = world.snapshot()
    row = {"csrf": token, "versie": "1", "opnemen": ["0"], "rij_vraagstuk": ["99999999999"], "rij_soort": ["triage"],
           "rij_titel": ["x"], "rij_reden": ["r"], "rij_volgorde": ["1"]}  # fmt: skip
    response = web.post(f"/vergaderingen/{world.do_u}/agenda", data=row, follow_redirects=False)
    assert response.status_code == 400 and "99999999999" in alerts(response.text), response.status_code
    assert world.snapshot() == before


def test_the_web_session_form_keeps_the_api_limit_of_the_trekker(world):
    """FINDING: the web session form lets 'trekker' be 400 characters (the API: 300; the column: VARCHAR(300)) and
    session_problems does not check it. POST /werkplaatsen/nieuw with trekker 't' * 350 answers 500 on PostgreSQL
    (StringDataRightTruncation) and on SQLite stores all 350 characters (303). It should be 400 naming 'trekker'."""
    before = world.snapshot()
    response = world.web("vro").post("/werkplaatsen/nieuw", data={"csrf": world.token("vro"), **SESSION,
                                                                  "trekker": "t" * 350}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 400 and "trekker" in alerts(response.text), response.status_code
    assert world.snapshot() == before


def test_the_web_agenda_form_does_not_cut_a_long_reason(world):
    """FINDING (silently cut): the agenda form takes a reason of up to 20,000 characters and the service cuts
    every reason to 10,000 without a word (`reden[:MAX_TEXT]`, and a vraagstuk's title to 300): POST
    /vergaderingen/{do}/agenda with rij_reden 'r' * 15,000 answers 303 and stores 10,000 characters.
    It should be refused (400 naming the item's reason), nothing stored."""
    before = world.snapshot()
    row = {"csrf": world.token("vro"), "versie": "1", "opnemen": ["0"], "rij_vraagstuk": [""],
           "rij_soort": ["onderwerp"], "rij_titel": ["Vrij"], "rij_reden": ["r" * 15_000], "rij_volgorde": ["1"]}  # fmt: skip
    response = world.web("vro").post(f"/vergaderingen/{world.do_u}/agenda", data=row, follow_redirects=False)
    assert response.status_code == 400, (response.status_code, [len(i["reden"]) for i in
                                                                 world.meeting(world.do_u)["agenda"]])  # fmt: skip
    assert world.snapshot() == before


def test_the_web_outcome_form_keeps_the_api_limit_of_the_differences(world):
    """FINDING: an outcome's verschillen is limited to 10,000 characters by the API model only; the service
    checks it only on items that move a vraagstuk. The web form (20,000) stores 15,000 characters on a free
    subject: POST /vergaderingen/{do}/agenda/{p}/uitkomst with consensus 'nee', verschillen 'v' * 15,000 → 303.
    Limits belong in the service: 400 naming 'verschillen', nothing stored."""
    free = agenda(world, world.do_u, {"onderwerp": "Vrij"})[0]["id"]
    before = world.snapshot()
    response = world.web("vro").post(f"/vergaderingen/{world.do_u}/agenda/{free}/uitkomst",
                                     data={"csrf": world.token("vro"), "tekst": "x", "consensus": "nee",
                                           "verschillen": "v" * 15_000}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 400, response.status_code
    assert world.snapshot() == before


def test_stored_meeting_text_is_escaped_on_every_page(world):
    vro = world.vro
    agenda(world, world.do_u, {"onderwerp": HOSTILE[:300], "reden": HOSTILE})
    assert vro.put(f"{M}/{world.do_u}/rode-draden", json={"tekst": HOSTILE, "versie": 2}).status_code == 200
    expert = vro.post("/api/v1/experts", json={"naam": HOSTILE[:200], "departement": HOSTILE[:200]})
    assert expert.status_code == 201, expert.text
    session = vro.post("/api/v1/werkplaatsen", json=SESSION | {"titel": HOSTILE[:300], "trekker": HOSTILE[:300],
                       "bouwstenen": [{"titel": HOSTILE[:300], "status": "gereed", "link": "https://x.nl/\"><script>"}]})  # fmt: skip
    assert session.status_code == 201, session.text
    vro.post(f"{V}/{world.u}/snelle-procedure")
    web = world.web("vro")
    for path in (f"/vergaderingen/{world.do_u}", f"/vergaderingen/{world.do_u}/agenda", "/experts", "/werkplaatsen",
                 f"/werkplaatsen/sessies/{session.json()['id']}", f"/vraagstukken/{world.u}"):  # fmt: skip
        page = web.get(path)
        assert page.status_code == 200, path
        for tag in (*RAW, '"><script>'):
            assert tag not in page.text, (path, tag)


def test_the_calendar_page_answers_bad_years_and_landsdelen_in_dutch(world):
    web = world.web("vro")
    for params in ({"jaar": "2026"}, {"landsdeel": "<script>alert(1)</script>"}, {"landsdeel": "atlantis"}):
        page = web.get("/vergaderingen", params=params)
        assert page.status_code == 400 and "<script>alert" not in page.text, params
    for params in ({"jaar": "abc"}, {"jaar": "99999"}, {"jaar": "1999"}):
        page = web.get("/vergaderingen", params=params)
        assert page.status_code == 400 and "Input should" not in page.text, params


# -- the command line --------------------------------------------------------------------------------------------


@pytest.fixture
def cli_meeting(cli_env):
    """A DO NOVEX of 2027 with one free agenda item, for the `novex document` command."""
    from novex.settings import get_settings

    vro = make_clients(get_settings()).vro
    meetings = vro.post(f"{M}/plan", params={"jaar": 2027}).json()
    do = next(m["id"] for m in meetings if m["soort"] == "do-novex" and m["provincie"] == "PV26")
    fixed = vro.put(f"{M}/{do}/agenda", json={"punten": [{"onderwerp": "Vrij", "reden": "r"}], "versie": 1})
    assert fixed.status_code == 200, fixed.text
    return cli_env, do


def test_the_cli_refuses_bad_ids_years_and_kinds_in_dutch(cli_meeting):
    folder, do = cli_meeting
    cases = [
        (["document", "agenda", "0", "-o", "x.pdf"], 2),
        (["document", "agenda", "2147483648", "-o", "x.pdf"], 2),
        (["document", "agenda", "abc", "-o", "x.pdf"], 2),
        (["document", "onzin", "1", "-o", "x.pdf"], 2),
        (["document", "agenda", str(do)], 2),
        (["document", "agenda", "99999", "-o", "x.pdf"], 1),
        (["document", "rode-draden", str(do), "-o", "x.pdf"], 1),
        (["document", "bol-afsprakenlijst", str(do), "-o", "x.pdf"], 1),
        (["document", "signaal", "1", "-o", "x.pdf"], 1),
        (["vergadering", "plan", "0"], 1),
        (["vergadering", "plan", "2026"], 1),
        (["vergadering", "plan", "10000"], 1),
        (["vergadering", "plan", "99999999999999999999999"], 1),
        (["vergadering", "plan", "2027.5"], 2),
        (["vergadering", "plan", "2027", "--opslaan"], 1),
        (["vergadering", "plan", "2027", "--format", "xml"], 2),
        (["werkplaats", "list", "--format", "xml"], 2),
    ]
    for args, code in cases:
        result = runner.invoke(cli_app, args)
        assert result.exit_code == code, (args, result.exit_code, result.output[-300:])
        assert result.output.startswith("Fout: ") and dutch(result.output), (args, result.output)
        assert str(folder) not in result.output, args
    assert not (folder / "x.pdf").exists()
    assert runner.invoke(cli_app, ["vergadering", "plan", "9999", "--format", "json"]).exit_code == 0


def test_the_cli_names_an_unwritable_output_file_in_dutch_not_with_a_traceback(cli_meeting):
    """FINDING (traceback): `novex document` writes the PDF with Path.write_bytes outside any error handling.
    `-o` naming an existing directory, a file in a directory that does not exist, or '' ends in an uncaught
    IsADirectoryError / FileNotFoundError (a traceback, exit code 1, no 'Fout:'). Each should be a Dutch
    'Fout: …' naming the output file and what is wrong with it, and a non-zero exit."""
    folder, do = cli_meeting
    (folder / "map").mkdir()
    for target in (str(folder / "map"), str(folder / "bestaat-niet" / "x.pdf"), "", "/proc/novex.pdf"):
        result = runner.invoke(cli_app, ["document", "agenda", str(do), "-o", target])
        assert result.exit_code != 0, (target, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (target, repr(result.exception))
        assert result.output.startswith("Fout: ") and dutch(result.output), (target, result.output)


def test_the_cli_writes_a_document_and_names_the_id_as_its_help_does(cli_meeting):
    """FINDING (message): `novex document agenda 0 -o x.pdf` answers 'Fout: ongeldige waarde voor KEY: moet
    minstens 1 zijn', but the usage line and --help call the argument ID (metavar). The message should name
    the argument as the user sees it: 'ID'."""
    folder, do = cli_meeting
    written = runner.invoke(cli_app, ["document", "agenda", str(do), "-o", str(folder / "agenda.pdf")])
    assert written.exit_code == 0 and (folder / "agenda.pdf").read_bytes().startswith(b"%PDF"), written.output
    result = runner.invoke(cli_app, ["document", "agenda", "0", "-o", "x.pdf"])
    assert "ID" in result.output and "KEY" not in result.output, result.output
