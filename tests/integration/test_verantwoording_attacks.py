"""The verantwoording of a voorstel attacked through its parser, the API, the web form and the CLI.

What holds is kept as well as what was fixed: each test names the attack. A refusal is a Dutch 4xx (or exit
code 1) naming what is wrong, with nothing stored and no stack trace. One database per module and backend;
each test makes its own voorstel. Invalid input is a 400, whether the app's generic input layer (pydantic,
JSON parsing) or the verantwoording's own rules refuse it.
"""

from __future__ import annotations

import json
import os
import threading
import uuid

import pytest
import yaml
from typer.testing import CliRunner

from novex.claims.verantwoording import lees_tekst, uit_gegevens
from novex.errors import NovexError
from novex.settings import Settings
from tests.conftest import POSTGRES, _admin, _pg_url, refill
from tests.fixtures.clients import ACCOUNTS, PASSWORD, make_clients
from tests.fixtures.web import XSS, alert, csrf_of, field

pytestmark = pytest.mark.sqlite_only  # parsing, rights and pages; database types and races: every_backend

GENERIC = (400,)  # the app's generic input layer (pydantic, JSON parsing)
GOOD = {"datasets": [{"naam": "Natura 2000", "vindplaats": "https://service.pdok.nl/n2000"}], "werkwijze": "selectie"}
LAUGHS = "".join(f"{c}: &{c} [{', '.join([f'*{p}' if p else 'lol'] * 9)}]\n"
                 for p, c in zip(["", *"abcdefg"], "abcdefgh", strict=True))  # fmt: skip


# -- the parser, without a database ------------------------------------------------------------------------------


def refused_text(tekst: str) -> str:
    """The Dutch refusal of a YAML/JSON text (parsing and checking), never another exception."""
    with pytest.raises(NovexError) as caught:
        uit_gegevens(lees_tekst(tekst, "verantwoording"), "verantwoording", [])
    message = str(caught.value)
    assert message.startswith("verantwoording"), message
    assert "Error" not in message and "Traceback" not in message
    return message


@pytest.mark.parametrize(
    ("tekst", "words"),
    [
        ("[" * 3000 + "]" * 3000, "te diep genest"),
        ("werkwijze: " + "{a: " * 3000 + "1" + "}" * 3000, "te diep genest"),
        ("werkwijze: " + "1" * 5000, "geen geldige datum of getal"),
        ("werkwijze: 2024-13-45\n", "geen geldige datum of getal"),
        ("werkwijze: !!float abc\n", "geen geldige datum of getal"),
        ("werkwijze: !!int abc\n", "geen geldige datum of getal"),
        ("werkwijze: a\nwerkwijze: b\n", "sleutel 'werkwijze' staat twee keer"),
        ('{"werkwijze": "a", "werkwijze": "b"}', "sleutel 'werkwijze' staat twee keer"),
        (
            "datasets:\n- naam: a\n  vindplaats: b\n  naam: c\n",
            "sleutel 'naam' staat twee keer in dezelfde velden (regel 4)",
        ),
        ("datasets:\n- {1: a, b: c, naam: x, vindplaats: y}\n", "onbekend veld 'b', 1"),
        ("1: a\nx: b\n", "onbekend veld"),
        ("werkwijze: .inf\n", "werkwijze: verwacht tekst, kreeg het getal inf"),
        ("datasets: [{naam: .nan, vindplaats: 1e400}]\n", "datasets[1].naam: verwacht tekst, kreeg het getal nan"),
        ('werkwijze: "a\\ud800"\n', "werkwijze: bevat een ongeldig teken"),
        ('werkwijze: "a\\0b"\n', "werkwijze: bevat stuur- of richtingstekens"),
        ('werkwijze: "abc\\u202edef"\n', "werkwijze: bevat stuur- of richtingstekens"),
        ('werkwijze: "a\\x1bb"\n', "werkwijze: bevat stuur- of richtingstekens"),
        ("werkwijze: " + "x" * 2001, "werkwijze: langer dan 2000 tekens"),
        ("werkwijze: 2024-01-01\n", "werkwijze: verwacht tekst, kreeg date"),
        ("werkwijze: !!binary aGVsbG8=\n", "werkwijze: verwacht tekst, kreeg bytes"),
        ("werkwijze: [a, b]\n", "werkwijze: verwacht tekst, kreeg list"),
        ("datasets: !!set {a, b}\n", "datasets: verwacht een lijst"),
        ("datasets: [{naam: a, vindplaats: b, basisset: 1}]\n", "datasets[1].basisset: verwacht ja of nee"),
        ("? [a]\n: b\n", "geen geldige YAML of JSON (regel 1"),
        ("a: 1\n---\nb: 2\n", "geen geldige YAML of JSON"),
        ("&a [*a]\n", "verwacht velden datasets"),
        ("datasets: &a [*a]\n", "datasets[1]: verwacht velden"),
        ("datasets: [&a {naam: *a, vindplaats: b}]\n", "datasets[1].naam: verwacht tekst, kreeg dict"),
        ("", "verwacht velden datasets"),
        ("just text", "verwacht velden datasets"),
        ("datasets: [" + ", ".join(["{naam: a, vindplaats: b}"] * 501) + "]", "datasets: meer dan 500 regels (501)"),
    ],
)
def test_hostile_yaml_is_refused_in_dutch_naming_what_and_where(tekst, words):
    assert words in refused_text(tekst)


def test_a_billion_laughs_is_refused_without_expanding():
    # nine aliases of nine aliases, eight deep: 43 million items if expanded; the shared lists are never walked
    message = refused_text(LAUGHS + "datasets: [*h, *h, *h]\nwerkwijze: *h\n")
    assert "datasets[1]: verwacht velden" in message and "werkwijze: verwacht tekst, kreeg list" in message


def test_python_tags_never_build_objects(tmp_path):
    marker = tmp_path / "uitgevoerd"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        assert "geen geldige YAML" in refused_text(f'werkwijze: {tag} ["touch {marker}"]\n')
    assert not marker.exists()


def test_numbers_where_text_is_expected_are_kept_as_their_text():
    found = uit_gegevens(lees_tekst("datasets: [{naam: 2030, vindplaats: 1.5}]\n", "v"), "v", [])
    assert (found.datasets[0].naam, found.datasets[0].vindplaats) == ("2030", "1.5")


# -- the API -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(template_db, backend, tmp_path_factory):
    """Clients per role and a logged-in browser session for Utrecht and Zuid-Holland, on one database."""
    folder = tmp_path_factory.mktemp("verantwoording-attacks")
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'novex.db'}"
    else:
        assert POSTGRES
        url = _pg_url(f"novex_t_{uuid.uuid4().hex[:12]}")
    refill(url, template_db)
    api = make_clients(Settings(data_dir=folder / "data", database_url=url))
    api.url = url
    api.web = {}
    for role in ("utrecht", "zuid_holland"):
        client = type(api.anonymous)(api.anonymous.app)
        response = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD},
                               follow_redirects=False)  # fmt: skip
        assert response.status_code == 303, response.text[:300]
        api.web[role] = client
    yield api
    api.lezer.app.state.db.engine.dispose()
    if backend != "sqlite":
        from sqlalchemy import text
        from sqlalchemy.engine import make_url

        admin = _admin()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


def new_voorstel(world, provincie: str = "PV26") -> int:
    client = world.utrecht if provincie == "PV26" else world.zuid_holland
    made = client.post("/api/v1/voorstellen", json={"provincie": provincie, "naam": f"V {uuid.uuid4().hex[:8]}"})
    assert made.status_code == 201, made.text
    return made.json()["id"]


def url_of(vid: int | str) -> str:
    return f"/api/v1/voorstellen/{vid}/verantwoording"


def stored(world, vid: int) -> dict:
    response = world.lezer.get(url_of(vid))
    assert response.status_code == 200, response.text[:300]
    return response.json()


def problem(response, statuses, *words: str) -> str:
    statuses = statuses if isinstance(statuses, tuple) else (statuses,)
    assert response.status_code in statuses, response.text[:600]
    assert response.headers["content-type"].startswith("application/problem+json")
    detail = json.dumps(response.json(), ensure_ascii=False)
    assert all(w in detail for w in words), detail
    assert "Traceback" not in response.text
    return detail


@pytest.mark.every_backend
def test_a_versie_that_is_no_whole_number_in_range_is_refused_and_nothing_stored(world):
    vid = new_voorstel(world)
    for versie in ("1", 1.0, True, -1, 2_147_483_648, 2**63, 10**30, None, [], {}):
        problem(world.utrecht.put(url_of(vid), json=GOOD | {"versie": versie}), GENERIC, "versie")
    assert stored(world, vid)["vastgelegd"] is False


@pytest.mark.every_backend
def test_a_stale_or_future_versie_is_a_409_and_changes_nothing(world):
    vid = new_voorstel(world)
    assert world.utrecht.put(url_of(vid), json=GOOD | {"versie": 0}).status_code == 200
    for versie in (0, 2, 2_147_483_647):
        problem(world.utrecht.put(url_of(vid), json=GOOD | {"versie": versie, "werkwijze": "anders"}), 409,
                "intussen gewijzigd")  # fmt: skip
    after = stored(world, vid)
    assert (after["versie"], after["werkwijze"]) == (1, "selectie")


@pytest.mark.every_backend
@pytest.mark.parametrize("first", [True, False], ids=["update", "insert"])
def test_two_writers_on_the_same_versie_one_wins_one_gets_409(world, first):
    vid = new_voorstel(world)
    versie = 0
    if first:  # both update version 1; otherwise both insert the first one (version 0)
        assert world.utrecht.put(url_of(vid), json=GOOD | {"versie": 0}).status_code == 200
        versie = 1
    clients = [type(world.utrecht)(world.utrecht.app, headers=dict(world.utrecht.headers)) for _ in range(2)]
    barrier, statuses = threading.Barrier(2), []

    def write(client, text):
        barrier.wait()
        statuses.append(client.put(url_of(vid), json=GOOD | {"versie": versie, "werkwijze": text}).status_code)

    threads = [threading.Thread(target=write, args=(c, f"schrijver {i}")) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(statuses) == [200, 409], statuses
    after = stored(world, vid)
    assert after["versie"] == versie + 1 and after["werkwijze"] in ("schrijver 0", "schrijver 1")


@pytest.mark.every_backend
def test_a_voorstel_id_that_is_no_voorstel_is_refused_without_overflow(world):
    for vid in ("0", "-1", "2147483648", "9223372036854775808", "9" * 30, "²", "٣", "1.0", "abc"):
        for response in (world.lezer.get(url_of(vid)), world.utrecht.put(url_of(vid), json=GOOD | {"versie": 0})):
            problem(response, (*GENERIC, 404))
    problem(world.lezer.get(url_of(2_147_483_647)), 404, "bestaat niet")


@pytest.mark.parametrize(
    ("role", "status"), [("lezer", 403), ("zuid_holland", 403), ("departement", 403), ("beheerder", 403),
                         ("anonymous", 401)],
)  # fmt: skip
def test_who_may_not_edit_utrechts_claims_stores_nothing(world, role, status):
    vid = new_voorstel(world)
    problem(getattr(world, role).put(url_of(vid), json=GOOD | {"versie": 0}), status)
    assert stored(world, vid)["vastgelegd"] is False


def test_vro_may_and_bad_tokens_may_not(world):
    vid = new_voorstel(world)
    for token in ("garbage", "x" * 5000, "eyJhbGciOiJub25lIn0.e30."):
        response = world.anonymous.put(url_of(vid), json=GOOD | {"versie": 0},
                                       headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        problem(response, 401)
    assert world.vro.put(url_of(vid), json=GOOD | {"versie": 0}).status_code == 200  # VRO edits every province


@pytest.mark.every_backend
@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"werkwijze": "a\u0000b"}, ()),
        ({"werkwijze": "a\ud800b"}, ()),
        ({"werkwijze": "a\u202eb"}, ("werkwijze",)),
        ({"werkwijze": "x" * 2001}, ("werkwijze",)),
        ({"werkwijze": 12}, ("werkwijze",)),
        ({"datasets": [{"naam": XSS, "vindplaats": "v", "kleur": "rood"}]}, ("kleur",)),
        ({"datasets": [{"naam": "a", "vindplaats": "v"}] * 501}, ("datasets",)),
        ({"datasets": [{"naam": "a", "vindplaats": "v"}, {"naam": "A", "vindplaats": "w"}]}, ("staat er al",)),
        ({"datasets": [{"naam": {"a": 1}, "vindplaats": "v"}]}, ("naam",)),
        ({"datasets": "Natura"}, ("datasets",)),
    ],
)
def test_bad_content_through_the_api_is_refused_whole(world, body, words):
    vid = new_voorstel(world)
    content = json.dumps(body | {"versie": 0}).encode()  # ASCII JSON: a lone surrogate travels as \\ud800
    response = world.utrecht.put(url_of(vid), content=content, headers={"Content-Type": "application/json"})
    problem(response, (*GENERIC, 400), *words)
    assert stored(world, vid)["vastgelegd"] is False


def test_a_document_larger_than_the_web_form_is_refused_whole(world):
    # every field and list within its own limit, 1.4 MB together: it could never be edited on the web again
    vid = new_voorstel(world)
    text = "x" * 1990
    rows = [{"naam": f"{i} {text}", "vindplaats": text, "versie": text, "licentie": text, "ngr": text, "gebruik": text}
            for i in range(120)]  # fmt: skip
    response = world.utrecht.put(url_of(vid), json={"versie": 0, "datasets": rows})
    problem(response, GENERIC, "samen langer dan 200000 tekens")
    assert stored(world, vid)["vastgelegd"] is False
    near = [{"naam": f"{i} {text}", "vindplaats": text} for i in range(45)]  # about 180 000 characters of YAML
    assert world.utrecht.put(url_of(vid), json={"versie": 0, "datasets": near}).status_code == 200
    page = world.web["utrecht"].get(web_url(vid)).text
    assert len(field(page, "tekst")) < 200_000  # what is stored fits the form it is edited in


def test_bodies_that_are_no_object_are_refused(world):
    vid = new_voorstel(world)
    for content in (b"[]", b"null", b"{" * 100_000, b"[" * 50_000 + b"]" * 50_000, b"\xff\xfe", b'{"versie": 0,}'):
        response = world.utrecht.put(url_of(vid), content=content, headers={"Content-Type": "application/json"})
        assert response.status_code in (*GENERIC, 413), (content[:20], response.status_code, response.text[:300])
        assert "Traceback" not in response.text
    assert stored(world, vid)["vastgelegd"] is False


def test_stored_markup_comes_back_as_data_and_is_escaped_on_the_page(world):
    vid = new_voorstel(world)
    body = {"versie": 0, "datasets": [{"naam": XSS, "vindplaats": f'javascript:alert(1)" {XSS}'}], "werkwijze": XSS}
    assert world.utrecht.put(url_of(vid), json=body).status_code == 200
    assert stored(world, vid)["datasets"][0]["naam"] == XSS
    page = world.web["utrecht"].get(f"/voorstellen/{vid}/verantwoording")
    assert page.status_code == 200 and "<script>alert(1)" not in page.text and "onerror=alert(2)>" not in page.text
    assert 'href="javascript:' not in page.text


# -- the web form ------------------------------------------------------------------------------------------------


def web_url(vid: int) -> str:
    return f"/voorstellen/{vid}/verantwoording"


def test_the_form_without_or_with_a_foreign_csrf_stores_nothing(world):
    vid = new_voorstel(world)
    own = world.web["utrecht"]
    foreign = csrf_of(world.web["zuid_holland"].get(web_url(new_voorstel(world, "PV28"))).text)
    tekst = yaml.safe_dump(GOOD)
    for data in ({"tekst": tekst, "versie": "0"}, {"tekst": tekst, "versie": "0", "csrf": foreign},
                 {"tekst": tekst, "versie": "0", "csrf": "x" * 64}, {"tekst": tekst, "versie": "0", "csrf": ""}):  # fmt: skip
        response = own.post(web_url(vid), data=data)
        assert response.status_code == 403, response.text[:300]
        assert "CSRF" in response.text
    bare = type(own)(own.app)  # a cross-site post carries the cookie but not the token: the same refusal
    bare.cookies = own.cookies
    assert bare.post(web_url(vid), data={"tekst": tekst, "versie": "0"}).status_code == 403
    assert stored(world, vid)["vastgelegd"] is False


@pytest.mark.parametrize(
    ("tekst", "words"),
    [
        (LAUGHS + "datasets: [*h]\n", "datasets[1]: verwacht velden"),
        ("[" * 3000 + "]" * 3000, "te diep genest"),
        ("werkwijze: a\nwerkwijze: b\n", "staat twee keer"),
        ("werkwijze: 2024-13-45\n", "geen geldige datum of getal"),
        ("werkwijze: !!python/object/apply:os.system [ls]\n", "geen geldige YAML of JSON"),
        ("werkwijze: " + "1" * 5000, "geen geldige datum of getal"),
    ],
)
def test_hostile_yaml_in_the_form_is_shown_back_in_dutch_and_stores_nothing(world, tekst, words):
    vid = new_voorstel(world)
    client = world.web["utrecht"]
    response = client.post(web_url(vid), data={"tekst": tekst, "versie": "0",
                                                "csrf": csrf_of(client.get(web_url(vid)).text)})  # fmt: skip
    assert response.status_code in GENERIC, response.text[:300]  # a refused import's status: the generic layer
    assert words in alert(response.text)
    assert stored(world, vid)["vastgelegd"] is False


def test_the_form_of_another_province_and_an_oversized_text_store_nothing(world):
    vid = new_voorstel(world)
    client = world.web["zuid_holland"]
    token = csrf_of(client.get(web_url(new_voorstel(world, "PV28"))).text)  # a valid token of this session
    assert (
        client.post(web_url(vid), data={"tekst": yaml.safe_dump(GOOD), "versie": "0", "csrf": token}).status_code == 403
    )
    own = world.web["utrecht"]
    big = {"tekst": "werkwijze: " + "x" * 230_000, "versie": "0", "csrf": csrf_of(own.get(web_url(vid)).text)}
    assert own.post(web_url(vid), data=big).status_code in (*GENERIC, 413)
    for versie in ("-1", "2147483648", "abc", "1e3"):
        response = own.post(web_url(vid), data={"tekst": yaml.safe_dump(GOOD), "versie": versie,
                                                "csrf": big["csrf"]})  # fmt: skip
        assert response.status_code in GENERIC, (versie, response.status_code)
    assert stored(world, vid)["vastgelegd"] is False


# -- the CLI -----------------------------------------------------------------------------------------------------


runner = CliRunner()


@pytest.fixture
def cli_world(world, monkeypatch, tmp_path):
    """The CLI on the module's database."""
    from novex.settings import get_settings

    monkeypatch.setenv("NOVEX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NOVEX_DATABASE_URL", world.url)
    get_settings.cache_clear()
    yield world
    get_settings.cache_clear()


def cli(*args: str):
    from novex.cli import app

    return runner.invoke(app, ["verantwoording", *args])


def test_the_cli_refuses_files_that_are_no_text_file(cli_world, tmp_path):
    vid = str(new_voorstel(cli_world))
    fifo = tmp_path / "pijp.yaml"
    os.mkfifo(fifo)
    huge = tmp_path / "groot.yaml"
    huge.write_bytes(b"werkwijze: " + b"x" * (1 << 20))
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("werkwijze: caf\xe9\n".encode("latin-1"))
    cases = [(tmp_path, "is een map"), ("/dev/zero", "geen gewoon bestand"), (fifo, "geen gewoon bestand"),
             (huge, "groter dan 1024 kB"), (latin, "geen UTF-8"), (tmp_path / "weg.yaml", "bestaat niet")]  # fmt: skip
    for path, words in cases:
        result = cli("leg-vast", vid, str(path))
        assert result.exit_code == 1, (path, result.output)
        assert words in result.output and "Traceback" not in result.output, result.output
    assert stored(cli_world, int(vid))["vastgelegd"] is False


@pytest.mark.every_backend
def test_the_cli_with_a_voorstel_id_out_of_range_says_it_does_not_exist(cli_world, tmp_path):
    file = tmp_path / "v.yaml"
    file.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    for vid in ("0", "2147483648", "9" * 30, "²", "٣"):
        for args in (("show", vid), ("leg-vast", vid, str(file))):
            result = cli(*args)
            assert result.exit_code == 1, (vid, result.output)
            assert "bestaat niet" in result.output and "Traceback" not in result.output, result.output


def test_the_cli_refuses_hostile_yaml_and_a_stale_versie(cli_world, tmp_path):
    vid = str(new_voorstel(cli_world))
    file = tmp_path / "v.yaml"
    for tekst, words in ((LAUGHS + "datasets: [*h]\n", "datasets[1]: verwacht velden"),
                         ("werkwijze: a\nwerkwijze: b\n", "staat twee keer"), ("[" * 3000, "te diep genest")):  # fmt: skip
        file.write_text(tekst, encoding="utf-8")
        result = cli("leg-vast", vid, str(file))
        assert result.exit_code == 1 and words in result.output, result.output
    file.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    assert cli("leg-vast", vid, str(file), "--versie", "3").exit_code == 1
    assert cli("leg-vast", vid, str(file), "--versie", "-1").exit_code == 2  # typer: below the minimum
    assert stored(cli_world, int(vid))["vastgelegd"] is False
    assert cli("leg-vast", vid, str(file)).exit_code == 0


def test_anonymous_on_the_web_is_sent_to_log_in_and_stores_nothing(world):
    vid = new_voorstel(world)
    browser = type(world.anonymous)(world.anonymous.app)
    for response in (browser.get(web_url(vid), follow_redirects=False),
                     browser.post(web_url(vid), data={"tekst": yaml.safe_dump(GOOD), "versie": "0"},
                                  follow_redirects=False)):  # fmt: skip
        assert response.status_code == 303 and response.headers["location"].startswith("/inloggen"), response.text
    assert stored(world, vid)["vastgelegd"] is False
