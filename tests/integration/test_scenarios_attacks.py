"""Attacks on every input path of the scenarios (issue 20 item 5): the JSON API, the file route, the CLI.

An outside tester's view: the wrong role, another province's planner, a crafted basis, ids that are no ids,
numbers that are no numbers, names that look like other names, geometry that is no polygon or names two CRSs,
files that are no geometry, stale versions and two writers, comparisons out of bounds, a promotion twice, a
change whose claim changed under it. Each refusal is a 4xx with a Dutch message naming what is wrong, and
nothing changes: the scenarios, their changes, the real claims, the voorstellen and the audit trail are
compared before and after. Expected values come from the crafted data (tests/fixtures/scenarios.py).
"""

from __future__ import annotations

import json
import shutil
import threading

import pytest
from shapely import affinity
from shapely.geometry import box, mapping
from sqlalchemy import text
from typer.testing import CliRunner

from novex import bootstrap
from novex.cli import app as cli_app
from novex.settings import Settings
from tests.fixtures.clients import make_clients
from tests.fixtures.scenarios import HOMES, bow_tie, claims_snapshot, craft, rd_file

# Refusals in front of the database (parsing, rights, checks) run once, on SQLite; the tests marked
# every_backend are where the database matters: racing writers, promotion into real voorstellen.
pytestmark = pytest.mark.sqlite_only

S = "/api/v1/scenarios"
RD = {"Content-Crs": "epsg:28992"}
JSON = {"Content-Type": "application/json"}
ENGLISH = ("Input should", "Field required", "Traceback", "valid integer", "Extra inputs", "could not convert",
           "Exception", "is not a valid", "linearring", "String should")  # fmt: skip
runner = CliRunner()


# -- the world -----------------------------------------------------------------------------------------------


class World:
    """Clients per role on a database with the crafted Utrecht claim, and scenarios and arrangements to attack.

    - `own`: Utrecht's planner's own scenario 'Proef' with one move of the crafted claim (version 2);
    - `gedeeld`: Utrecht's scenario shared with the role provincie of PV26;
    - `ander_basis`: Zuid-Holland's scenario on voorstel U as its basis, adding a claim to voorstel U;
    - `leeg`: Utrecht's planner's scenario without changes;
    - `ra26`, `ra28`: concept arrangements 2027 of Utrecht and Zuid-Holland.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.api = make_clients(settings)
        for role, client in self.api.by_role.items():
            setattr(self, role, client)
        self.db = self.api.vro.app.state.db
        self.crafted = craft(self.db, settings.data_dir)
        c = self.crafted
        self.own = ok(self.utrecht.post(S, json={"naam": "Proef"}), 201)["id"]
        ok(self.utrecht.post(f"{S}/{self.own}/wijzigingen", json={"soort": "verplaatsen", "claim": c.claim_id,
                                                                   "dx": c.offset[0], "dy": c.offset[1], "versie": 1}))  # fmt: skip
        self.gedeeld = ok(self.utrecht.post(S, json={"naam": "Gedeeld Utrecht", "gedeeld": True}), 201)["id"]
        self.leeg = ok(self.utrecht.post(S, json={"naam": "Leeg"}), 201)["id"]
        self.ander_basis = ok(self.zuid_holland.post(S, json={"naam": "Via basis U", "basis": c.voorstel_id}), 201)[
            "id"
        ]
        in_zh = mapping(box(90_000, 440_000, 90_500, 440_500))  # Zuid-Holland
        ok(self.zuid_holland.post(f"{S}/{self.ander_basis}/wijzigingen", headers=RD, json={
            "soort": "toevoegen", "naam": "In ZH bij U", "domein": "wonen", "voorstel": c.voorstel_id,
            "geometrie": in_zh, "versie": 1}))  # fmt: skip
        self.ra26 = ok(self.utrecht.post("/api/v1/arrangementen", json={"provincie": "PV26", "jaar": 2027}), 201)
        self.ra28 = ok(self.zuid_holland.post("/api/v1/arrangementen", json={"provincie": "PV28", "jaar": 2027}), 201)

    def state(self) -> dict:
        """Everything a scenario attack could change: scenarios, changes, claims, voorstellen, RAs, the audit trail."""
        with self.db.engine.connect() as c:

            def rows(sql: str) -> list[tuple]:
                return [tuple(str(v) for v in r) for r in c.execute(text(sql))]

            state = {
                "scenarios": rows("SELECT id, naam, eigenaar, stand, version FROM scenarios ORDER BY id"),
                "wijzigingen": rows("SELECT scenario_id, volgorde, gegevens FROM scenario_wijzigingen "
                                    "ORDER BY scenario_id, volgorde"),
                "voorstellen": rows("SELECT id, provincie, naam, versie FROM voorstellen ORDER BY id"),
                "arrangementen": rows("SELECT id, version FROM arrangementen ORDER BY id"),
                "audit": c.execute(text("SELECT COUNT(*) FROM audit_events")).scalar_one(),
            }  # fmt: skip
        return state | {"claims": claims_snapshot(self.db)}

    def version(self, sid: int) -> int:
        return ok(self.lezer.get(f"{S}/{sid}"))["versie"]


@pytest.fixture(scope="module")
def world(template_db, tmp_path_factory):
    """One world for the module's refusals (each asserts it changed nothing), on a copy of the template."""
    folder = tmp_path_factory.mktemp("scenario-attacks")
    shutil.copy(template_db.removeprefix("sqlite:///"), folder / "novex.db")
    w = World(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'novex.db'}"))
    yield w
    w.db.engine.dispose()


@pytest.fixture
def fresh(settings):
    """A world of this test's own, for attacks that change something first (every backend where marked)."""
    w = World(settings)
    yield w
    w.db.engine.dispose()


def ok(response, status=200):
    assert response.status_code == status, response.text[:1500]
    return response.json() if response.content else None


def problem(response, status: int, *words: str) -> str:
    """The Dutch detail of a refusal with `status`, which names every one of `words`."""
    assert response.status_code == status, (response.status_code, response.text[:1500])
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers["content-type"]
    detail = response.json()["detail"]
    for word in words:
        assert word in detail, (word, detail)
    assert not any(marker in json.dumps(response.json()) for marker in ENGLISH), detail
    return detail


def attack(world: World, send, status: int, *words: str) -> None:
    """Send a request: refused with `status` naming `words`, and the stored state as it was."""
    before = world.state()
    response = send()
    problem(response, status, *words)
    assert world.state() == before


# -- who may not -------------------------------------------------------------------------------------------------


RIGHTS = [
    ("lezer wijzigt", "lezer", "post", "own/wijzigingen", {"soort": "verwijderen", "claim": "C", "versie": 2}, 403,
     ("scenario's maken en wijzigen",)),
    ("lezer maakt", "lezer", "post", "", {"naam": "Van de lezer"}, 403, ("scenario's maken en wijzigen",)),
    ("beheerder maakt", "beheerder", "post", "", {"naam": "Beheer"}, 403, ("scenario's maken en wijzigen",)),
    ("lezer verwijdert", "lezer", "delete", "own", None, 403, ("scenario's maken en wijzigen",)),
    ("andere provincie wijzigt", "zuid_holland", "post", "own/wijzigingen",
     {"soort": "verwijderen", "claim": "C", "versie": 2}, 403, ("mag het lezen, niet wijzigen", "planner@pzh.nl")),
    ("VRO wijzigt andermans scenario", "vro", "post", "own/wijzigingen",
     {"soort": "verwijderen", "claim": "C", "versie": 2}, 403, ("is van planner@provincie-utrecht.nl",)),
    ("niet-eigenaar maakt ongedaan", "zuid_holland", "post", "own/ongedaan", {"versie": 2}, 403, ("niet wijzigen",)),
    ("niet-eigenaar doet opnieuw", "departement", "post", "own/opnieuw", {"versie": 2}, 403, ("niet wijzigen",)),
    ("niet-eigenaar verwijdert", "zuid_holland", "delete", "own", None, 403, ("niet wijzigen",)),
    ("gedeeld, andere provincie", "zuid_holland", "post", "gedeeld/wijzigingen",
     {"soort": "verschuiving", "verschuiving": {"doel": HOMES, "van": "PV28", "naar": "PV26", "hoeveelheid": 5},
      "versie": 1}, 403, ("de rol provincie van PV26",)),
    ("gedeeld, VRO", "vro", "post", "gedeeld/ongedaan", {"versie": 1}, 403, ("de rol provincie van PV26",)),
    ("promotie in een andere provincie", "zuid_holland", "post", "own/promotie", {"provincie": "PV26"}, 403, ("PV26",)),
    ("promotie naar eigen provincie zonder haar claims", "utrecht", "post", "own/promotie", {"provincie": "PV28"}, 403,
     ("PV28",)),
    ("lezer promoveert", "lezer", "post", "own/promotie", {"provincie": "PV26"}, 403, ("lezer",)),
    ("ministerie promoveert", "departement", "post", "own/promotie", {"provincie": "PV26"}, 403, ("departement",)),
    ("promotie via basis van een ander voorstel", "zuid_holland", "post", "ander_basis/promotie",
     {"provincie": "PV26"}, 403, ("PV26",)),
    ("promotie via basis, eigen provincie", "zuid_holland", "post", "ander_basis/promotie", {"provincie": "PV28"},
     400, ("wijzigt geen claim van een voorstel van PV28",)),
    ("arrangement van een andere provincie", "utrecht", "post", "own/promotie",
     {"provincie": "PV28", "naar": "arrangement", "arrangement": "RA28", "versie": 1}, 403, ("PV28", "niet lezen")),
    ("arrangement van een andere provincie, eigen code", "vro", "post", "own/promotie",
     {"provincie": "PV26", "naar": "arrangement", "arrangement": "RA28", "versie": 1}, 400, ("is van PV28, niet van PV26",)),
    ("arrangement zonder wijziging voor die provincie", "zuid_holland", "post", "own/promotie",
     {"provincie": "PV28", "naar": "arrangement", "arrangement": "RA28", "versie": 1}, 400, ("geen wijziging die PV28",)),
    ("lezer naar arrangement", "lezer", "post", "own/promotie",
     {"provincie": "PV26", "naar": "arrangement", "arrangement": "RA26", "versie": 1}, 403, ("lezer",)),
    ("zonder inloggen", "anonymous", "post", "own/wijzigingen", {"soort": "verwijderen", "claim": "C", "versie": 2},
     401, ()),
]  # fmt: skip


def _resolve(world: World, path: str, body):
    names = {"own": world.own, "gedeeld": world.gedeeld, "ander_basis": world.ander_basis, "leeg": world.leeg}
    head, _, rest = path.partition("/")
    url = f"{S}/{names[head]}" + (f"/{rest}" if rest else "") if head else S
    if isinstance(body, dict):
        body = {k: {"C": world.crafted.claim_id, "RA26": world.ra26["id"], "RA28": world.ra28["id"]}.get(v, v)
                if isinstance(v, str) else v for k, v in body.items()}  # fmt: skip
    return url, body


@pytest.mark.parametrize(
    ("case", "who", "method", "path", "body", "status", "words"), RIGHTS, ids=[r[0] for r in RIGHTS]
)
def test_who_may_not_is_refused_and_nothing_changes(world, case, who, method, path, body, status, words):
    url, body = _resolve(world, path, body)
    client = world.api.anonymous if who == "anonymous" else getattr(world, who)
    before = world.state()
    response = (
        client.request(method.upper(), url, json=body) if body is not None else client.request(method.upper(), url)
    )
    problem(response, status, *words)
    assert world.state() == before


def test_a_file_from_who_may_not_is_refused_before_it_is_read(world):
    files = {"bestand": ("vorm.geojson", b"{" * 10, "application/geo+json")}  # unreadable: would be a 400 if read
    for who, words in (("lezer", "scenario's maken en wijzigen"), ("zuid_holland", "niet wijzigen")):
        attack(world, lambda who=who: getattr(world, who).post(
            f"{S}/{world.own}/wijzigingen/bestand", files=files,
            data={"soort": "vorm", "claim": str(world.crafted.claim_id), "versie": "2"}), 403, words)  # fmt: skip


@pytest.mark.parametrize("sid", ["99999", "0", "-1", "1.0", "%C2%B2", "2147483648", "1e3", "abc"])
def test_ids_that_are_no_scenario(world, sid):
    status = 404 if sid == "99999" else 400
    words = ("scenario 99999 bestaat niet",) if status == 404 else ("scenario_id",)
    for method in ("GET", "DELETE"):
        attack(world, lambda method=method: world.utrecht.request(method, f"{S}/{sid}"), status, *words)
    attack(world, lambda: world.utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "verwijderen", "claim": 1,
                                                                               "versie": 1}), status, *words)  # fmt: skip


# -- numbers that are no numbers, fields that do not belong -----------------------------------------------------------


def move(dx, dy) -> str:
    return f'{{"soort": "verplaatsen", "claim": {{C}}, "dx": {dx}, "dy": {dy}, "versie": 2}}'


def shift(van: str = "PV21", naar: str = "PV26", hoeveelheid: str = "5") -> str:
    move = f'{{"doel": "{HOMES}", "van": "{van}", "naar": "{naar}", "hoeveelheid": {hoeveelheid}}}'
    return f'{{"soort": "verschuiving", "verschuiving": {move}, "versie": 2}}'


BAD_CHANGES = [
    ("dx NaN", move("NaN", 0), 400, ("dx", "eindig")),
    ("dx Infinity", move("Infinity", 0), 400, ("dx", "eindig")),
    ("dx -Infinity", move(0, "-Infinity"), 400, ("dy", "eindig")),
    ("dx 1e309", move("1e309", 0), 400, ("dx", "eindig")),
    ("dx as text", move('"5"', 0), 400, ("dx", "geen getal")),
    ("dx as boolean", move("true", 0), 400, ("dx", "geen getal")),
    ("dx null", move("null", 0), 400, ("dx: ontbreekt",)),
    ("-0 and 0", move("-0.0", "-0"), 400, ("allebei 0", "er verandert niets")),
    ("under a millimetre", move("1e-9", "0.0004"), 400, ("kleiner dan 1 mm",)),
    ("further than the country", move("1e6", 0), 400, ("dx: een verplaatsing", "100.000")),
    ("huge", move("1e300", "1e300"), 400, ("dx: een verplaatsing",)),
    ("hoeveelheid as text", '{"soort": "hoeveelheid", "claim": {C}, "hoeveelheid": "12", "versie": 2}', 400,
     ("hoeveelheid", "geen getal")),
    ("hoeveelheid NaN", '{"soort": "hoeveelheid", "claim": {C}, "hoeveelheid": NaN, "versie": 2}', 400,
     ("hoeveelheid", "eindig")),
    ("hoeveelheid 1e13", '{"soort": "hoeveelheid", "claim": {C}, "hoeveelheid": 1e13, "versie": 2}', 400,
     ("hoeveelheid",)),
    ("verschuiving as text", shift(hoeveelheid='"5"'), 400, ("hoeveelheid", "geen getal")),
    ("verschuiving -0", shift(hoeveelheid="-0.0"), 400, ("hoeveelheid: een positief getal",)),
    ("verschuiving NaN", shift(hoeveelheid="NaN"), 400, ("hoeveelheid", "eindig")),
    ("verschuiving more than the share", shift(hoeveelheid="1e9"), 400, ("niet meer af dan dat",)),
    ("verschuiving to itself", shift(van="pv26"), 400, ("allebei PV26",)),
    ("verschuiving by name", shift(van="Utrecht"), 400, ("van: onbekende provincie 'Utrecht'",)),
    ("unknown soort", '{"soort": "teleporteren", "claim": {C}, "versie": 2}', 400, ("soort", "kies uit")),
    ("extra field", '{"soort": "verwijderen", "claim": {C}, "versie": 2, "admin": true}', 400,
     ("admin", "geen bekend veld")),
    ("field of another soort", '{"soort": "verwijderen", "claim": {C}, "dx": 5, "versie": 2}', 400,
     ("dx: hoort niet bij een wijziging van soort verwijderen",)),
    ("missing claim", '{"soort": "domein", "domein": "wonen", "versie": 2}', 400, ("claim: ontbreekt",)),
    ("claim as text", '{"soort": "verwijderen", "claim": "{C}", "versie": 2}', 400, ("claim",)),
    ("unknown domain", '{"soort": "domein", "claim": {C}, "domein": "kernenergie", "versie": 2}', 400,
     ("onbekend domein 'kernenergie'",)),
    ("unknown claim", '{"soort": "verwijderen", "claim": 999999, "versie": 2}', 404,
     ("claim 999999 staat niet in scenario 'Proef'",)),
    ("NUL in reden", '{"soort": "verwijderen", "claim": {C}, "versie": 2, "reden": "a\\u0000b"}', 400,
     ("reden", "NUL")),
    ("escape in reden", '{"soort": "verwijderen", "claim": {C}, "versie": 2, "reden": "a\\u001b[31mb"}', 400,
     ("reden", "stuurteken")),
    ("RTL override in reden", '{"soort": "verwijderen", "claim": {C}, "versie": 2, "reden": "a\\u202eb"}', 400,
     ("reden", "stuurteken")),
    ("long reden", '{"soort": "verwijderen", "claim": {C}, "versie": 2, "reden": "%s"}' % ("x" * 2001), 400,
     ("reden",)),
    ("control character in a new claim's name", '{"soort": "toevoegen", "naam": "a\\u001bb", "domein": "wonen", '
     '"geometrie": {G}, "versie": 2}', 400, ("naam", "stuurteken")),
    ("new claim in a voorstel that does not exist", '{"soort": "toevoegen", "naam": "N", "domein": "wonen", '
     '"voorstel": 99999, "geometrie": {G}, "versie": 2}', 404, ("voorstel 99999 bestaat niet",)),
    ("stale version", '{"soort": "verwijderen", "claim": {C}, "versie": 1}', 409,
     ("intussen gewijzigd (versie 2, u had versie 1)",)),
    ("version from the future", '{"soort": "verwijderen", "claim": {C}, "versie": 3}', 409, ("u had versie 3",)),
    ("version as text", '{"soort": "verwijderen", "claim": {C}, "versie": "2"}', 400, ("versie",)),
    ("no version", '{"soort": "verwijderen", "claim": {C}}', 400, ("geef de versie die u wijzigt",)),
    ("not JSON", '{"soort": "verwijderen", "claim": {C}, ', 400, ()),
    ("a list", '[{"soort": "verwijderen", "claim": {C}, "versie": 2}]', 400, ()),
]  # fmt: skip


@pytest.mark.parametrize(("case", "raw", "status", "words"), BAD_CHANGES, ids=[c[0] for c in BAD_CHANGES])
def test_bad_changes_are_refused_in_dutch_and_nothing_changes(world, case, raw, status, words):
    c = world.crafted
    spot = mapping(affinity.translate(c.square, c.offset[0] + 400, c.offset[1]))
    body = raw.replace("{C}", str(c.claim_id)).replace("{G}", json.dumps(spot))
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/wijzigingen", content=body, headers=JSON | RD), status,
           *words)  # fmt: skip


def test_if_match_that_is_no_version(world):
    for value in ('"x"', "2.0", '"-2"', "99999999999", "W/"):
        attack(world, lambda value=value: world.utrecht.post(
            f"{S}/{world.own}/wijzigingen", headers={"If-Match": value},
            json={"soort": "verwijderen", "claim": world.crafted.claim_id}), 400, "geen versienummer")  # fmt: skip


# -- geometry that is no polygon, or names two CRSs -------------------------------------------------------------------


def _ring(x: float, y: float, side: float = 100.0) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


def _geometries(world: World) -> list[tuple[str, dict, dict, int, tuple[str, ...]]]:
    x, y = world.crafted.square.bounds[:2]
    return [
        ("empty polygon", {"type": "Polygon", "coordinates": []}, RD, 400, ("geometrie", "leeg")),
        ("empty ring", {"type": "Polygon", "coordinates": [[]]}, RD, 400, ("ring 1 heeft 0 punten",)),
        ("point", {"type": "Point", "coordinates": [x, y]}, RD, 400, ("geometrietype Point", "Polygon")),
        ("line", {"type": "LineString", "coordinates": _ring(x, y)}, RD, 400, ("geometrietype LineString",)),
        ("collection", {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "coordinates": [_ring(x, y)]}]},
         RD, 400, ("geometrietype GeometryCollection",)),
        ("bow-tie", bow_tie(x, y), RD, 400, ("zelfdoorsnijding", "herstel")),
        ("hole outside its shell", {"type": "Polygon", "coordinates": [_ring(x, y), _ring(x + 500, y + 500, 10)]}, RD,
         400, ("een gat ligt buiten de buitenrand",)),
        ("unclosed ring", {"type": "Polygon", "coordinates": [_ring(x, y)[:-1]]}, RD, 400,
         ("ring 1", "eindigt waar hij begint")),
        ("strings as coordinates", {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]}, RD,
         400, ("ring 1, punt 1",)),
        ("booleans as coordinates", {"type": "Polygon", "coordinates": [[[True, 2], [1, 2], [3, 4], [True, 2]]]}, RD,
         400, ("ring 1, punt 1",)),
        ("coordinates not a list", {"type": "Polygon", "coordinates": "oops"}, RD, 400, ("'coordinates'",)),
        ("no coordinates", {"type": "Polygon"}, RD, 400, ("'coordinates'",)),
        ("outside the Netherlands", {"type": "Polygon", "coordinates": [_ring(10, 10)]}, RD, 400,
         ("ligt buiten Nederland",)),
        ("degrees labelled RD", {"type": "Polygon", "coordinates": [_ring(5.1, 52.0, 0.01)]}, RD, 400,
         ("ligt buiten Nederland", "RD New")),
        ("RD without a CRS (WGS84)", {"type": "Polygon", "coordinates": [_ring(x, y)]}, {}, 400,
         ("ligt buiten Nederland", "RD New")),
        ("huge numbers", {"type": "Polygon", "coordinates": [_ring(1e300, 1e300, 1e299)]}, RD, 400,
         ("ligt buiten Nederland",)),
        ("smaller than the grid", {"type": "Polygon", "coordinates": [_ring(x, y, 1e-4)]}, RD, 400,
         ("1 mm-raster",)),
        ("crs member against Content-Crs", {"type": "Polygon", "coordinates": [_ring(x, y)],
                                            "crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}, RD, 400,
         ("'crs' noemt 'EPSG:4326'", "Content-Crs zegt 'epsg:28992'")),
        ("crs member of a CRS the API does not serve", {"type": "Polygon", "coordinates": [_ring(x, y)],
                                                        "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}},
         {}, 400, ("'crs' noemt 'EPSG:3857'", "epsg:28992")),
        ("crs member as a PROJ string", {"type": "Polygon", "coordinates": [_ring(x, y)],
                                         "crs": {"type": "name", "properties": {"name": "+proj=tmerc +x_0=1e308"}}},
         {}, 400, ("'crs' noemt",)),
        ("crs member malformed", {"type": "Polygon", "coordinates": [_ring(x, y)], "crs": {"properties": "x"}}, {}, 400,
         ("GeoJSON 'crs'",)),
        ("unknown Content-Crs", {"type": "Polygon", "coordinates": [_ring(x, y)]}, {"Content-Crs": "epsg:3857"}, 406,
         ("wordt niet geleverd",)),
        ("nonsense Content-Crs", {"type": "Polygon", "coordinates": [_ring(x, y)]}, {"Content-Crs": "'; DROP"}, 406,
         ("wordt niet geleverd",)),
        ("a million vertices", {"type": "Polygon", "coordinates": [[[x + i % 1000, y + i // 1000] for i in
                                                                    range(200_000)] + [[x, y]]]}, RD, 400,
         ("langer dan 2.000.000 tekens",)),
        ("nested deep", {"type": "Polygon", "coordinates": [[[[[[[[[[x, y]]]]]]]]]]}, RD, 400, ("diep genest",)),
    ]  # fmt: skip


GEOMETRY_CASES = [
    "empty polygon", "empty ring", "point", "line", "collection", "bow-tie", "hole outside its shell", "unclosed ring",
    "strings as coordinates", "booleans as coordinates", "coordinates not a list", "no coordinates",
    "outside the Netherlands", "degrees labelled RD", "RD without a CRS (WGS84)", "huge numbers",
    "smaller than the grid", "crs member against Content-Crs", "crs member of a CRS the API does not serve",
    "crs member as a PROJ string", "crs member malformed", "unknown Content-Crs", "nonsense Content-Crs",
    "a million vertices", "nested deep",
]  # fmt: skip


@pytest.mark.parametrize("case", GEOMETRY_CASES)
@pytest.mark.parametrize("soort", ["vorm", "toevoegen"])
def test_geometry_that_is_no_claim_is_refused_naming_the_problem(world, case, soort):
    ((geometry, headers, status, words),) = [g[1:] for g in _geometries(world) if g[0] == case]
    body = {"soort": soort, "geometrie": geometry, "versie": 2}
    body |= {"claim": world.crafted.claim_id} if soort == "vorm" else {"naam": "Nieuw", "domein": "wonen"}
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/wijzigingen", json=body, headers=headers), status,
           *words)  # fmt: skip


def test_a_body_over_the_limit_is_a_413_before_it_is_read(world):
    huge = b'{"soort": "vorm", "geometrie": "' + b"x" * (52 * 1024 * 1024) + b'"}'
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/wijzigingen", content=huge, headers=JSON), 413)


def test_the_same_crs_in_both_places_and_an_urn_are_accepted(fresh):
    """The check above refuses contradictions only: the same CRS named in the old-style member is read."""
    x, y = fresh.crafted.offset
    target = affinity.translate(fresh.crafted.square, x, y)
    for version, (crs, headers) in enumerate((("EPSG:28992", RD), ("urn:ogc:def:crs:EPSG::28992", {})), start=2):
        geometry = mapping(target) | {"crs": {"type": "name", "properties": {"name": crs}}}
        ok(fresh.utrecht.post(f"{S}/{fresh.own}/wijzigingen", headers=headers,
                              json={"soort": "vorm", "claim": fresh.crafted.claim_id, "geometrie": geometry,
                                    "versie": version}))  # fmt: skip


# -- files ----------------------------------------------------------------------------------------------------------------


def _gpkg_with_two_layers(path):
    import geopandas

    for layer in ("een", "twee"):
        frame = geopandas.GeoDataFrame({"naam": [layer]}, geometry=[box(136000, 456000, 136100, 456100)],
                                       crs="EPSG:28992")  # fmt: skip
        frame.to_file(path, layer=layer, driver="GPKG")
    return path.read_bytes()


def _files(world: World, folder) -> list[tuple[str, str, bytes, tuple[str, ...]]]:
    x, y = world.crafted.square.bounds[:2]
    two = rd_file(folder / "twee.geojson", box(x, y, x + 50, y + 50)).read_text()
    two_features = json.loads(two)
    two_features["features"] *= 2
    return [
        ("empty file", "leeg.geojson", b"", ("leeg.geojson", "geen GeoJSON")),
        ("binary as GeoJSON", "x.geojson", b"\x00\x01\x02garbage", ("geen GeoJSON",)),
        ("text as GeoPackage", "x.gpkg", b"not sqlite at all", ("geen GeoPackage",)),
        ("zip", "bom.zip", b"PK\x03\x04" + b"\x00" * 100, ("bom.zip: geen geldig zip-bestand",)),
        ("kml", "vlak.kml", b"<kml/>", ("vlak.kml: kan het bestand niet lezen als KML",)),
        ("no extension", "vlak", b"{}", ("bestandstype (geen) wordt niet ondersteund",)),
        ("two features", "twee.geojson", json.dumps(two_features).encode(), ("het bestand heeft 2 features",)),
        ("two layers", "lagen.gpkg", _gpkg_with_two_layers(folder / "lagen.gpkg"), ("2 lagen",)),
        ("bow-tie", "strik.geojson", rd_file(folder / "strik.geojson", bow_tie(x, y)).read_bytes(),
         ("zelfdoorsnijding",)),
        ("path in the name", "../../../etc/passwd.geojson", b"{}", ("passwd.geojson",)),
    ]  # fmt: skip


FILE_CASES = ["empty file", "binary as GeoJSON", "text as GeoPackage", "zip", "kml", "no extension", "two features",
              "two layers", "bow-tie", "path in the name"]  # fmt: skip


@pytest.mark.parametrize("case", FILE_CASES)
def test_files_that_hold_no_one_polygon_are_refused(world, case, tmp_path):
    ((name, content, words),) = [f[1:] for f in _files(world, tmp_path) if f[0] == case]
    data = {"soort": "vorm", "claim": str(world.crafted.claim_id), "versie": "2"}
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/wijzigingen/bestand", data=data,
                                              files={"bestand": (name, content, "application/octet-stream")}), 400,
           *words)  # fmt: skip


FORM_CASES = [
    ("claim 1.0", {"claim": "1.0"}, ("claim", "geen geheel getal")),
    ("claim +1", {"claim": "+1"}, ("claim", "geen geheel getal")),
    ("claim 1_0", {"claim": "1_0"}, ("claim", "geen geheel getal")),
    ("version 2.0", {"versie": "2.0"}, ("versie", "geen geheel getal")),
    ("soort verplaatsen", {"soort": "verplaatsen"}, ("soort",)),
    ("toevoegen with a claim", {"soort": "toevoegen", "naam": "N", "domein": "wonen"},
     ("claim: hoort niet bij een wijziging van soort toevoegen",)),
    ("vorm without a claim", {"claim": None}, ("claim: ontbreekt",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "fields", "words"), FORM_CASES, ids=[f[0] for f in FORM_CASES])
def test_form_fields_of_the_file_route(world, case, fields, words, tmp_path):
    x, y = world.crafted.square.bounds[:2]
    content = rd_file(tmp_path / "vorm.geojson", box(x, y, x + 50, y + 50)).read_bytes()
    data = {k: v for k, v in ({"soort": "vorm", "claim": str(world.crafted.claim_id), "versie": "2"} | fields).items()
            if v is not None}  # fmt: skip
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/wijzigingen/bestand", data=data,
                                              files={"bestand": ("vorm.geojson", content, "application/geo+json")}), 400,
           *words)  # fmt: skip


# -- names ---------------------------------------------------------------------------------------------------------------


NAMES = [
    ("lower case", "proef", ("er is al een scenario 'Proef'", "hoofdletters en spaties")),
    ("upper case and spaces", "  PROEF  ", ("er is al een scenario 'Proef'",)),
    ("full-width letter", "Ｐroef", ("er is al een scenario 'Proef'",)),
    ("double space", "Gedeeld  Utrecht", ("er is al een scenario 'Gedeeld Utrecht'",)),
    ("zero-width space", "Proef\u200b", ("onzichtbaar teken (U+200B)",)),
    ("zero-width joiner", "Pro\u200def", ("onzichtbaar teken (U+200D)",)),
    ("right-to-left mark", "\u200fProef 2", ("onzichtbaar teken (U+200F)",)),
    ("byte order mark", "\ufeffNieuw", ("onzichtbaar teken (U+FEFF)",)),
    ("right-to-left override", "Pro\u202eef", ("stuurteken",)),
    ("escape", "a\x1b[31mb", ("stuurteken",)),
    ("NUL", "a\x00b", ("NUL",)),
    ("only digits", "2027", ("alleen cijfers",)),
    ("only Arabic-Indic digits", "\u0662\u0660\u0662\u0667", ("alleen cijfers",)),
    ("superscript two", "\u00b2", ("alleen cijfers",)),
    ("digits with spaces", " 12 ", ("alleen cijfers",)),
    ("empty", "", ("naam",)),
    ("only spaces", "   ", ("een scenario heeft een naam",)),
    ("too long", "x" * 201, ("naam", "200")),
]  # fmt: skip


@pytest.mark.parametrize(("case", "naam", "words"), NAMES, ids=[n[0] for n in NAMES])
def test_names_that_collide_or_hide_something_are_refused(world, case, naam, words):
    attack(world, lambda: world.utrecht.post(S, json={"naam": naam}), 400, *words)


def test_a_long_description_is_refused(world):
    attack(world, lambda: world.utrecht.post(S, json={"naam": "Lang", "omschrijving": "x" * 2001}), 400, "omschrijving")


# -- undo, redo, comparison -----------------------------------------------------------------------------------------


def test_undo_and_redo_with_nothing_to_do_or_a_stale_version(world):
    attack(world, lambda: world.utrecht.post(f"{S}/{world.leeg}/ongedaan", json={"versie": 1}), 400,
           "geen wijziging om ongedaan te maken")  # fmt: skip
    attack(world, lambda: world.utrecht.post(f"{S}/{world.leeg}/opnieuw", json={"versie": 1}), 400,
           "geen ongedane wijziging")  # fmt: skip
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/ongedaan", json={"versie": 1}), 409,
           "u had versie 1")  # fmt: skip
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/ongedaan"), 400, "geef de versie")
    attack(world, lambda: world.utrecht.post(f"{S}/{world.own}/ongedaan", json={"versie": 2, "stand": 0}), 400,
           "stand")  # fmt: skip


COMPARISONS = [
    ("none", [], 400, ("scenario", "ontbreekt")),
    ("five", ["own", "own", "gedeeld", "leeg", "ander_basis"], 400, ("hoogstens 4", "maximaal 4")),
    ("twice the same", ["own", "own"], 400, ("twee keer",)),
    ("one that does not exist", ["own", "99999"], 404, ("scenario 99999 bestaat niet",)),
    ("another basis", ["own", "ander_basis"], 400, ("dezelfde basis",)),
    ("no id", ["own", "1.0"], 400, ("geen geheel getal",)),
    ("zero", ["0"], 400, ("minstens 1",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "keys", "status", "words"), COMPARISONS, ids=[c[0] for c in COMPARISONS])
def test_comparisons_out_of_bounds(world, case, keys, status, words):
    ids = {"own": world.own, "gedeeld": world.gedeeld, "leeg": world.leeg, "ander_basis": world.ander_basis}
    params = {"scenario": [str(ids.get(k, k)) for k in keys]} if keys else {}
    before = world.state()
    response = world.lezer.get(f"{S}/vergelijking", params=params)
    assert response.status_code == status, response.text[:800]
    detail = response.json()["detail"]
    assert any(w in detail for w in words) if case == "five" else all(w in detail for w in words), detail
    assert world.state() == before


# -- promotions, races and a base that changed (the database matters) -----------------------------------------------------


def voorstellen(w: World) -> list[tuple]:
    return w.state()["voorstellen"]


@pytest.mark.every_backend
def test_a_promotion_twice_is_refused_and_drops_no_claim(fresh):
    c = fresh.crafted
    sid, v = fresh.own, fresh.version(fresh.own)
    extra = mapping(affinity.translate(c.square, c.offset[0] + 400, c.offset[1]))
    ok(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", headers=RD, json={
        "soort": "toevoegen", "naam": "Extra", "domein": "wonen", "voorstel": c.voorstel_id, "geometrie": extra,
        "versie": v}))  # fmt: skip
    first = ok(fresh.utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV26"}))
    ((new_id, _, versie, count),) = [tuple(x.values()) for x in first["voorstellen"]]
    assert (versie, count) == (2, 2)  # the moved claim and the added one
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV26"}), 409,
           "versie 1", f"versie 2 (id {new_id}) is er intussen", "niets gepromoveerd")  # fmt: skip
    assert [r[3] for r in voorstellen(fresh) if r[2] == "Voorstel U"] == ["1", "2"]


@pytest.mark.every_backend
def test_a_promotion_into_the_arrangement_twice_adds_no_second_agreement(fresh):
    sid = ok(fresh.utrecht.post(S, json={"naam": "Herschikking"}), 201)["id"]
    ok(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "verschuiving", "versie": 1, "verschuiving": {
        "doel": HOMES, "van": "PV26", "naar": "PV28", "hoeveelheid": 100}}))  # fmt: skip
    ra = fresh.ra26
    made = ok(fresh.utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV26", "naar": "arrangement",
                                                               "arrangement": ra["id"], "versie": ra["versie"]}))  # fmt: skip
    assert made["afspraak"]
    current = ok(fresh.utrecht.get(f"/api/v1/arrangementen/{ra['id']}"))["versie"]
    body = {"provincie": "PV26", "naar": "arrangement", "arrangement": ra["id"]}
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/promotie", json=body | {"versie": ra["versie"]}), 409,
           "intussen gewijzigd")  # fmt: skip
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/promotie", json=body | {"versie": current}), 409,
           f"staat al als afspraak {made['afspraak']}")  # fmt: skip


@pytest.mark.every_backend
def test_two_writers_on_one_version_the_second_gets_409_and_nothing_is_doubled(fresh):
    c, sid = fresh.crafted, fresh.leeg
    first = {"soort": "verplaatsen", "claim": c.claim_id, "dx": c.offset[0], "dy": c.offset[1], "versie": 1}
    second = {"soort": "hoeveelheid", "claim": c.claim_id, "hoeveelheid": 60, "versie": 1}
    ok(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json=first))
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json=second), 409, "versie 2, u had versie 1")
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/ongedaan", json={"versie": 1}), 409, "u had versie 1")
    shown = ok(fresh.lezer.get(f"{S}/{sid}"))
    assert [w["soort"] for w in shown["wijzigingen"]] == ["verplaatsen"] and shown["versie"] == 2


@pytest.mark.every_backend
def test_writers_racing_on_one_version_one_wins_the_rest_get_409(fresh):
    c, sid = fresh.crafted, fresh.leeg
    results, barrier = [], threading.Barrier(4)

    def write(n: int) -> None:
        barrier.wait()
        body = {"soort": "hoeveelheid", "claim": c.claim_id, "hoeveelheid": 10 + n, "versie": 1}
        results.append(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json=body).status_code)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 409, 409, 409], results
    shown = ok(fresh.lezer.get(f"{S}/{sid}"))
    assert len(shown["wijzigingen"]) == 1 and shown["versie"] == 2
    with fresh.db.engine.connect() as conn:
        events = conn.execute(text("SELECT COUNT(*) FROM audit_events WHERE actie = 'scenario.gewijzigd' "
                                   "AND object_id = :id"), {"id": str(sid)}).scalar_one()  # fmt: skip
    assert events == 1


@pytest.mark.every_backend
def test_a_claim_deleted_from_the_real_voorstel_skips_its_change_and_refuses_new_ones(fresh):
    c, sid = fresh.crafted, fresh.own
    assert fresh.utrecht.delete(f"/api/v1/claims/{c.claim_id}", params={"reden": "weg"}).status_code == 204
    analysed = ok(fresh.lezer.get(f"{S}/{sid}/analyse"))
    assert analysed["overgeslagen"] == [f"wijziging 1 (verplaatsen): claim {c.claim_id} staat niet (meer) in het "
                                        "scenario; overgeslagen"]  # fmt: skip
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json={
        "soort": "verwijderen", "claim": c.claim_id, "versie": 2}), 404, f"claim {c.claim_id} staat niet in scenario")  # fmt: skip
    attack(fresh, lambda: fresh.utrecht.post(f"{S}/{sid}/promotie", json={"provincie": "PV26"}), 400,
           "wijzigt geen claim")  # fmt: skip
    ok(fresh.lezer.get(f"{S}/vergelijking", params={"scenario": [sid]}))  # still comparable


@pytest.mark.every_backend
def test_a_quantity_change_on_a_claim_that_lost_its_unit_no_longer_blocks_the_scenario(fresh):
    c, sid = fresh.crafted, fresh.own
    ok(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "hoeveelheid", "claim": c.claim_id,
                                                          "hoeveelheid": 80, "versie": 2}))  # fmt: skip
    claim = ok(fresh.utrecht.get(f"/api/v1/claims/{c.claim_id}", headers={"Accept-Crs": "epsg:28992"}))
    props = {k: v for k, v in claim["properties"].items() if k in ("naam", "domein", "status", "hardheid")}
    ok(fresh.utrecht.put(f"/api/v1/claims/{c.claim_id}", headers=RD, json={
        "type": "Feature", "geometry": claim["geometry"], "properties": props | {"version": 1}}))  # fmt: skip
    analysed = ok(fresh.lezer.get(f"{S}/{sid}/analyse"))
    assert any("wijziging 2 (hoeveelheid)" in line and "geen hoeveelheid met eenheid" in line
               for line in analysed["overgeslagen"]), analysed["overgeslagen"]  # fmt: skip
    ok(fresh.utrecht.post(f"{S}/{sid}/wijzigingen", json={"soort": "status", "claim": c.claim_id,
                                                          "status": "zoekgebied", "versie": 3}))  # fmt: skip


def test_a_shared_ministry_scenario_is_changed_by_that_ministry_only(fresh):
    from novex.access import Actor

    with fresh.db.session() as session:
        accounts = bootstrap.account_service(session)
        tokens = {}
        for email, ministry in (("expert@minbzk.nl", "BZK"), ("collega@minezk.nl", "EZK")):
            user = accounts.add_user(Actor.operator(), email, email.split("@")[0], "departement",
                                     "een-lang-wachtwoord-2026", None, ministry)  # fmt: skip
            tokens[ministry] = accounts.issue_token(user)
    made = ok(fresh.departement.post(S, json={"naam": "Gedeeld EZK", "gedeeld": True}), 201)
    assert made["eigenaarDepartement"] == "EZK"
    sid = made["id"]

    def shift(ministry: str, versie: int):
        change = {"soort": "verschuiving", "versie": versie,
                  "verschuiving": {"doel": HOMES, "van": "PV26", "naar": "PV28", "hoeveelheid": 5}}  # fmt: skip
        return fresh.api.anonymous.post(f"{S}/{sid}/wijzigingen", json=change,
                                        headers={"Authorization": f"Bearer {tokens[ministry]}"})  # fmt: skip

    problem(shift("BZK", 1), 403, "de rol departement van EZK", "expert@minbzk.nl")
    assert ok(fresh.departement.get(f"{S}/{sid}"))["wijzigingen"] == []
    assert len(ok(shift("EZK", 1))["wijzigingen"]) == 1


# -- the command line -------------------------------------------------------------------------------------------------------


def test_the_command_line_refuses_in_dutch_and_changes_nothing(cli_env):
    with bootstrap.configured_database() as db:
        crafted = craft(db, cli_env)
    claim = str(crafted.claim_id)

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(cli_app, list(args))
        assert result.exit_code == code, (args, result.output)
        assert "Traceback" not in result.output
        return result.output

    def snapshot():
        with bootstrap.configured_database() as db, db.engine.connect() as c:
            return ([tuple(r) for r in c.execute(text("SELECT id, naam, stand, version FROM scenarios"))],
                    [tuple(r) for r in c.execute(text("SELECT * FROM scenario_wijzigingen"))],
                    c.execute(text("SELECT COUNT(*) FROM audit_events")).scalar_one(), claims_snapshot(db))  # fmt: skip

    run("scenario", "new", "Proef")
    before = snapshot()
    cases = [
        (("scenario", "show", "\u00b2"), "bestaat niet"),
        (("scenario", "show", "\u0661"), "bestaat niet"),
        (("scenario", "show", "99999999999999999999"), "bestaat niet"),
        (("scenario", "undo", "proef"), "bestaat niet"),
        (("scenario", "new", " proef "), "er is al een scenario 'Proef'"),
        (("scenario", "new", "Proef\u200b"), "onzichtbaar teken"),
        (("scenario", "new", "\u00b2"), "alleen cijfers"),
        (("scenario", "new", "x" * 201), "hoogstens 200 tekens"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verplaats", "nan", "0"), "dx"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verplaats", "1e309", "0"), "dx"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verplaats", "0.0001", "0"), "kleiner dan 1 mm"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--hoeveelheid", "1e300"), "hoeveelheid"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--hoeveelheid", "inf"), "hoeveelheid"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verwijder", "--domein", "wonen"), "precies één"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--status", "misschien"), "status 'misschien'"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verwijder", "--reden", "a\x1bb"), "stuurteken"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--verwijder", "--versie", "7"), "u had versie 7"),
        (("scenario", "verschuif", "Proef", "--doel", HOMES, "--van", "PV21", "--naar", "PV26", "--hoeveelheid",
          "nan"), "hoeveelheid"),
        (("scenario", "verschuif", "Proef", "--doel", HOMES, "--van", "PV21", "--naar", "PV26", "--hoeveelheid",
          "-0"), "positief"),
        (("scenario", "vergelijk", "1", "Proef"), "twee keer"),
        (("scenario", "vergelijk", "1", "1", "1", "1", "1"), "1 tot 4"),
        (("scenario", "promoveer", "Proef", "--provincie", "PV26"), "wijzigt geen claim"),
        (("scenario", "promoveer", "Proef", "--provincie", "PV26", "--naar", "elders"), "geen keuze"),
        (("scenario", "toevoeg", "Proef", "--geometrie", "/etc/passwd", "--naam", "N", "--domein", "wonen"),
         "onbekend formaat"),
        (("scenario", "wijzig", "Proef", "--claim", claim, "--geometrie", str(cli_env)), "is een map"),
    ]  # fmt: skip
    for args, words in cases:
        output = run(*args, code=1)
        assert words in output, (args, output)
    assert snapshot() == before
