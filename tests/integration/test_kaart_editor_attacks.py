"""Attacks on the map editor's input paths: the drawing page, the geometry on the claim edit page, the vendor route.

An outside tester posts what a browser never would: no or another session's CSRF token, a voorstel of another
province, typed geometry that is no polygon (or brackets nested thousands deep, a malformed `crs` member),
numbers and years that are no numbers, control characters, files that are no geometry, and paths under
/static/vendor/ that try to leave the pinned files. Each refusal is a 4xx with a Dutch message naming what is
wrong, and nothing is stored: the claims and the audit trail are compared before and after. Expected values
are worked out here from the coordinates typed, not read back from novex.
"""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest
from shapely.geometry import box, mapping
from sqlalchemy import text

from novex.settings import Settings
from novex.web import vendor
from tests.fixtures.geo import UTRECHT
from tests.fixtures.scenarios import claims_snapshot
from tests.fixtures.web import alert, csrf_of, field, web_world

pytestmark = pytest.mark.sqlite_only  # parsing, rights and page text in front of the database

X, Y = UTRECHT
BOW_TIE = f"{X + 2000} {Y + 2000}\n{X + 2400} {Y + 2400}\n{X + 2400} {Y + 2000}\n{X + 2000} {Y + 2400}"
ENGLISH = ("Traceback", "is not a valid", "Exception", "could not convert", "Field exceeded", "Expecting", "linearring")


def rectangle(x: float, y: float, w: float = 100, h: float = 100) -> str:
    return f"{x} {y}\n{x + w} {y}\n{x + w} {y + h}\n{x} {y + h}"


class World:
    """Logged-in browsers per role (tests/fixtures/web.py), Utrecht's voorstel 'V', and a voorstel of Zuid-Holland."""

    def __init__(self, settings: Settings) -> None:
        self.web = web_world(settings)
        self.db = self.web.api.vro.app.state.db
        self.voorstel = self.web.api.utrecht.get(f"/api/v1/claims/{self.web.claims[0]}").json()["properties"][
            "voorstel_id"
        ]
        made = self.web.api.zuid_holland.post("/api/v1/voorstellen", json={"provincie": "PV28", "naam": "Z"})
        assert made.status_code == 201, made.text
        self.zh_voorstel = made.json()["id"]

    def __getattr__(self, role: str):
        return getattr(self.web, role)

    def state(self) -> tuple:
        with self.db.engine.connect() as c:
            audit = c.execute(text("SELECT COUNT(*) FROM audit_events")).scalar_one()
        return claims_snapshot(self.db), audit

    def token(self, who: str = "utrecht") -> str:
        return csrf_of(getattr(self.web, who).get("/provincies/PV26/voorstellen").text)


@pytest.fixture(scope="module")
def world(template_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("kaart-editor-attacks")
    shutil.copy(template_db.removeprefix("sqlite:///"), folder / "novex.db")
    vendor_dir = folder / "vendor"
    for package in vendor.PACKAGES:
        (vendor_dir / package.folder).mkdir(parents=True)
        for _, name in package.files:
            (vendor_dir / package.folder / name).write_text(f"/* {package.name} {name} */", "utf-8")
    (folder / "geheim.txt").write_text("GEHEIME-INHOUD", "utf-8")
    settings = Settings(
        data_dir=folder / "data", database_url=f"sqlite:///{folder / 'novex.db'}", vendor_dir=vendor_dir
    )
    w = World(settings)
    yield w
    w.db.engine.dispose()


def message(response) -> str:
    """What the page says went wrong: its error messages, else its text without tags."""
    return alert(response.text) or html.unescape(re.sub(r"<[^>]+>", " ", response.text))


def refused(world: World, send, status: int, *words: str):
    """Send a post: refused with `status`, in Dutch, naming `words`, and nothing stored."""
    before = world.state()
    response = send()
    assert response.status_code == status, (response.status_code, message(response)[:800])
    said = message(response)
    for word in words:
        assert word in said, (word, said[:800])
    assert not any(marker in said for marker in ENGLISH), said[:800]
    assert world.state() == before
    return response


def post_new(world: World, who: str = "utrecht", vid: int | None = None, files=None, **fields):
    form = {"csrf": world.token(who), "naam": "Getekend", "domein": "wonen", "status": "idee", "hardheid": "middel",
            "prioriteit": "3"} | fields  # fmt: skip
    form = {k: v for k, v in form.items() if v is not None}
    return getattr(world.web, who).post(f"/voorstellen/{vid or world.voorstel}/claims/nieuw", data=form, files=files,
                                        follow_redirects=False)  # fmt: skip


# -- CSRF and rights ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("csrf", [None, "", "x", "other-session"])
def test_a_drawing_without_this_sessions_csrf_token_is_refused(world, csrf):
    token = world.token("vro") if csrf == "other-session" else csrf
    refused(world, lambda: world.web.utrecht.post(
        f"/voorstellen/{world.voorstel}/claims/nieuw", follow_redirects=False,
        data={k: v for k, v in {"csrf": token, "naam": "N", "domein": "wonen",
                                "coordinaten": rectangle(X + 3000, Y + 3000)}.items() if v is not None}),
        403, "CSRF")  # fmt: skip


def test_a_reshape_without_csrf_token_is_refused(world):
    cid = world.web.claims[0]
    page = world.web.utrecht.get(f"/claims/{cid}/bewerken").text
    form = {"version": field(page, "version"), "naam": "Wijk", "domein": "wonen", "status": "idee",
            "hardheid": "middel", "prioriteit": "3", "coordinaten": rectangle(X + 1000, Y, 300, 300)}  # fmt: skip
    refused(world, lambda: world.web.utrecht.post(f"/claims/{cid}/bewerken", data=form), 403, "CSRF")


@pytest.mark.parametrize(
    ("who", "voorstel", "coordinates", "status", "words"),
    [
        ("utrecht", "zh", rectangle(90_000, 440_000, 500, 500), 403, ("PV28",)),
        ("zuid_holland", "u", rectangle(X + 3000, Y + 3000), 403, ("PV26",)),
        ("departement", "u", rectangle(X + 3000, Y + 3000), 403, ("departement",)),
        ("lezer", "u", rectangle(X + 3000, Y + 3000), 403, ("lezer",)),
        ("vro", "u", rectangle(90_000, 440_000, 500, 500), 400, ("ligt niet in Utrecht maar in Zuid-Holland",)),
        ("utrecht", "u", rectangle(90_000, 440_000, 500, 500), 400, ("ligt niet in Utrecht maar in Zuid-Holland",)),
    ],
    ids=["into-another-province", "other-province-planner", "ministry", "reader", "vro-outside", "planner-outside"],
)
def test_drawing_into_another_provinces_voorstel_is_refused(world, who, voorstel, coordinates, status, words):
    vid = world.zh_voorstel if voorstel == "zh" else world.voorstel
    refused(world, lambda: post_new(world, who, vid=vid, coordinaten=coordinates), status, *words)


@pytest.mark.parametrize(("path", "status"), [("99999", 404), ("0", 400), ("abc", 400), ("1.0", 400), ("-1", 400)])
def test_voorstel_ids_that_are_no_voorstel(world, path, status):
    assert world.web.utrecht.get(f"/voorstellen/{path}/claims/nieuw").status_code == status
    refused(world, lambda: world.web.utrecht.post(f"/voorstellen/{path}/claims/nieuw", follow_redirects=False, data={
        "csrf": world.token(), "naam": "N", "domein": "wonen", "coordinaten": rectangle(X + 3000, Y + 3000)}), status)  # fmt: skip


# -- typed geometry -----------------------------------------------------------------------------------------------------------


def _ring(x: float, y: float, side: float = 100.0) -> list[list[float]]:
    return [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]


TYPED = [
    ("bow-tie", BOW_TIE, ("zelfdoorsnijding (de rand kruist zichzelf)",)),
    ("empty WKT", "POLYGON EMPTY", ("is leeg",)),
    ("point WKT", f"POINT ({X} {Y})", ("geometrietype Point", "Polygon")),
    ("line WKT", f"LINESTRING ({X} {Y}, {X + 100} {Y})", ("geometrietype LineString",)),
    ("collection WKT", f"GEOMETRYCOLLECTION (POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y})))",
     ("geometrietype GeometryCollection",)),
    ("two SRIDs", f"SRID=28992;SRID=4326;POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y}))",
     ("hoogstens één SRID",)),
    ("unknown SRID", f"SRID=999999;POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y}))",
     ("onbekend coördinatenstelsel 'EPSG:999999'",)),
    ("RD under SRID 4326", f"SRID=4326;POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y}))",
     ("ligt buiten Nederland", "RD New")),
    ("text after the WKT", f"POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}, {X} {Y})) ; DROP TABLE claims",
     ("er staat nog tekst na de geometrie",)),
    ("unclosed WKT", f"POLYGON (({X} {Y}, {X + 100} {Y}, {X + 100} {Y + 100}))",
     ("eindigt niet op het punt waar hij begint",)),
    ("hole outside its shell", json.dumps({"type": "Polygon", "coordinates": [_ring(X, Y), _ring(X + 900, Y + 900, 10)],
                                           "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}),
     ("een gat ligt buiten de buitenrand",)),
    ("brackets nested deep", "[" * 100_000, ("diep genest",)),
    ("objects nested deep", '{"a":' * 50_000 + "1" + "}" * 50_000, ("diep genest",)),
    ("crs member malformed", json.dumps({"type": "Polygon", "coordinates": [_ring(X, Y)],
                                         "crs": {"type": "name", "properties": "EPSG:28992"}}), ("GeoJSON 'crs'",)),
    ("features not a list", '{"type": "FeatureCollection", "features": 5}', ("'features'", "geen lijst")),
    ("strings as coordinates", json.dumps({"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]}),
     ("ring 1, punt 1",)),
    ("RD GeoJSON without crs", json.dumps({"type": "Polygon", "coordinates": [_ring(X, Y)]}),
     ("ligt buiten Nederland", "RD New")),
    ("underscores", "1_" + rectangle(X + 3000, Y + 3000), ("regel 1", "geen coördinatenpaar")),
    ("NaN", "nan nan\n1 1\n2 2", ("regel 1",)),
    ("three numbers a line", f"{X} {Y} 0\n{X + 100} {Y} 0\n{X + 100} {Y + 100} 0", ("regel 1", "geen coördinatenpaar")),
    ("one point three times", f"{X} {Y}\n{X} {Y}\n{X} {Y}", ("minstens drie verschillende hoekpunten",)),
    ("Dutch thousands separators", "\n".join(f"{x:,.0f} {y:,.0f}".replace(",", ".") for x, y in
                                             ((X, Y), (X + 1000, Y), (X + 1000, Y + 1000))), ("ligt buiten Nederland",)),
    ("NUL", f"{X} {Y}\x00\n{X + 1} {Y}\n{X} {Y + 1}", ("NUL",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "typed", "words"), TYPED, ids=[t[0] for t in TYPED])
def test_typed_geometry_that_is_no_claim_is_refused_naming_the_problem(world, case, typed, words):
    response = refused(world, lambda: post_new(world, coordinaten=typed), 400, "Niet opgeslagen", *words)
    if len(typed) < 10_000 and "\x00" not in typed:
        assert field(response.text, "coordinaten").strip() == typed.strip()  # what was typed is kept


@pytest.mark.parametrize("case", ["brackets nested deep", "crs member malformed", "features not a list"])
def test_the_maps_hidden_field_gets_the_same_refusals(world, case):
    (typed, words), = [t[1:] for t in TYPED if t[0] == case]  # fmt: skip
    refused(world, lambda: post_new(world, geometrie=typed), 400, "geometrie (kaart)", *words)


def test_the_edit_page_refuses_the_same_geometry_and_keeps_the_claim(world):
    cid = world.web.claims[0]
    for typed, words in (("[" * 100_000, "diep genest"), (f"POINT ({X} {Y})", "geometrietype Point")):
        page = world.web.utrecht.get(f"/claims/{cid}/bewerken").text
        form = {"csrf": csrf_of(page), "version": field(page, "version"), "naam": "Wijk", "domein": "wonen",
                "status": "idee", "hardheid": "middel", "prioriteit": "3", "coordinaten": typed}  # fmt: skip
        refused(world, lambda form=form: world.web.utrecht.post(f"/claims/{cid}/bewerken", data=form), 400, words)


@pytest.mark.parametrize(
    "typed",
    [
        "\n".join(f"{x} , {y}" for x, y in ((X + 5000, Y), (X + 5100, Y), (X + 5100, Y + 100))),
        "\n".join(f"{x};{y};" for x, y in ((X + 5200, Y), (X + 5300, Y), (X + 5300, Y + 100))),
        "\r\n".join(f"{x}\t{y}" for x, y in ((X + 5400, Y), (X + 5500, Y), (X + 5500, Y + 100))),
    ],
    ids=["space-comma-space", "semicolons", "tabs-crlf"],
)
def test_odd_but_honest_separators_are_read(settings, typed):
    """Not an attack: what people paste from spreadsheets is read as the pairs it holds (a triangle of 0,5 ha)."""
    web = web_world(settings)
    vid = web.api.utrecht.get(f"/api/v1/claims/{web.claims[0]}").json()["properties"]["voorstel_id"]
    form = {"csrf": csrf_of(web.utrecht.get("/provincies/PV26/voorstellen").text), "naam": "Geplakt", "domein": "wonen",
            "coordinaten": typed}  # fmt: skip
    response = web.utrecht.post(f"/voorstellen/{vid}/claims/nieuw", data=form, follow_redirects=False)
    assert response.status_code == 303, alert(response.text)
    made = web.api.vro.get("/api/v1/claims", params={"voorstel": vid, "pageSize": 100}).json()["features"]
    (claim,) = [f for f in made if f["properties"]["naam"] == "Geplakt"]
    assert claim["properties"]["area_ha"] == pytest.approx(100 * 100 / 2 / 10_000)


def test_a_million_typed_vertices_are_refused_in_dutch(world):
    typed = "\n".join(f"{X + i % 1000} {Y + i // 1000}" for i in range(300_000))
    refused(world, lambda: post_new(world, coordinaten=typed), 400, "langer dan 1024 kB", "bestand")


# -- the other fields ---------------------------------------------------------------------------------------------------------


FIELDS = [
    ("year 1e20", {"start_jaar": "1e20"}, ("startjaar '1e20' is geen jaartal",)),
    ("year 2027.5", {"eind_jaar": "2027.5"}, ("eindjaar", "geen jaartal")),
    ("year 99999", {"eind_jaar": "99999"}, ("eindjaar", "geen jaartal")),
    ("year in Arabic-Indic digits", {"start_jaar": "\u0662\u0660\u0662\u0667"}, ("startjaar", "geen jaartal")),
    ("amount with underscores", {"hoeveelheid": "1_000", "eenheid": "woningen"}, ("hoeveelheid", "geen getal")),
    ("amount nan", {"hoeveelheid": "nan", "eenheid": "woningen"}, ("hoeveelheid", "geen getal")),
    ("amount inf", {"hoeveelheid": "1e309", "eenheid": "woningen"}, ("hoeveelheid", "geen getal")),
    ("amount without unit", {"hoeveelheid": "12"}, ("hoeveelheid en eenheid horen samen",)),
    ("unknown status", {"status": "misschien"}, ("status 'misschien' is geen keuze", "zoekgebied")),
    ("unknown hardness", {"hardheid": "keihard"}, ("hardheid 'keihard' is geen keuze",)),
    ("unknown domain", {"domein": "kernenergie"}, ("onbekend domein 'kernenergie'",)),
    ("unknown goal", {"doel_id": "geen-doel"}, ("onbekend doel 'geen-doel'",)),
    ("escape in the name", {"naam": "a\x1b[31mb"}, ("naam", "stuurteken")),
    ("RTL override in the name", {"naam": "Wijk\u202eNoord"}, ("naam", "stuurteken")),
    ("escape in the notes", {"notities": "a\x07b"}, ("notities", "stuurteken")),
    ("only spaces as the name", {"naam": "   "}, ("naam: geef de claim een naam",)),
    ("no geometry at all", {"coordinaten": None}, ("teken de claim op de kaart",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "fields", "words"), FIELDS, ids=[f[0] for f in FIELDS])
def test_attribute_fields_are_refused_in_dutch(world, case, fields, words):
    typed = {"coordinaten": rectangle(X + 3000, Y + 3000)} | fields
    refused(world, lambda: post_new(world, **typed), 400, *words)


def test_a_priority_outside_1_to_5_is_a_4xx(world):
    refused(world, lambda: post_new(world, coordinaten=rectangle(X + 3000, Y + 3000), prioriteit="9"), 400,
            "prioriteit")  # fmt: skip


# -- files on the drawing page --------------------------------------------------------------------------------------------------


def _gpkg_with_two_layers(path) -> bytes:
    import geopandas

    for layer in ("een", "twee"):
        frame = geopandas.GeoDataFrame({"naam": [layer]}, geometry=[box(X, Y, X + 100, Y + 100)], crs="EPSG:28992")
        frame.to_file(path, layer=layer, driver="GPKG")
    return path.read_bytes()


def _collection(*geometries) -> bytes:
    return json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                       "features": [{"type": "Feature", "properties": {}, "geometry": mapping(g)}
                                    for g in geometries]}).encode()  # fmt: skip


FILES = [
    ("empty", "leeg.geojson", lambda _: b"", ("leeg.geojson", "geen GeoJSON")),
    ("binary", "x.geojson", lambda _: b"\x00\x01garbage", ("geen GeoJSON",)),
    ("text as GeoPackage", "x.gpkg", lambda _: b"not sqlite", ("geen GeoPackage",)),
    ("zip", "bom.zip", lambda _: b"PK\x03\x04" + b"\x00" * 1000, ("bom.zip: geen geldig zip-bestand",)),
    ("shapefile alone", "x.shp", lambda _: b"junk", ("wordt niet ondersteund",)),
    ("no features", "niets.geojson", lambda _: _collection(), ("het bestand bevat geen features",)),
    ("two features", "twee.geojson", lambda _: _collection(box(X, Y, X + 50, Y + 50), box(X + 100, Y, X + 150, Y + 50)),
     ("het bestand heeft 2 features",)),
    ("two layers", "lagen.gpkg", lambda folder: _gpkg_with_two_layers(folder / "lagen.gpkg"), ("2 lagen",)),
    ("a path as its name", "../../../../etc/passwd.geojson", lambda _: b"{}", ("passwd.geojson",)),
    ("deep JSON", "diep.geojson", lambda _: b"[" * 100_000, ("diep.geojson",)),
]  # fmt: skip


@pytest.mark.parametrize(("case", "name", "make", "words"), FILES, ids=[f[0] for f in FILES])
def test_files_that_hold_no_one_polygon_are_refused(world, case, name, make, words, tmp_path):
    content = make(tmp_path)
    refused(world, lambda: post_new(world, coordinaten="", files={"bestand": (name, content, "application/octet-stream")}),
            400, "Niet opgeslagen", *words)  # fmt: skip


# -- the vendor route -----------------------------------------------------------------------------------------------------------


OL = vendor.OL.folder
VENDOR_PATHS = [
    f"/static/vendor/{OL}/%2e%2e%2f{vendor.PROJ4.folder}%2fproj4.js",
    f"/static/vendor/{OL}/..%2F..%2Fgeheim.txt",
    "/static/vendor/%2e%2e/geheim.txt",
    "/static/vendor/..%2f..%2fgeheim.txt/x",
    f"/static/vendor/{OL}%00/ol.js",
    f"/static/vendor/{OL}/ol.js%00.md",
    f"/static/vendor/{OL}/package.json",
    f"/static/vendor/{vendor.PROJ4.folder}/ol.js",
    "/static/vendor/ol-9.0.0/ol.js",
    "/static/vendor/ol-10.10.0-beta/ol.js",
    "/static/vendor/leaflet-1.9.4/leaflet.js",
    f"/static/vendor/{OL.upper()}/ol.js",
    f"/static/vendor/{OL}/OL.JS",
    f"/static/vendor/{OL}/ol.js/",
    f"/static/vendor/{OL}//ol.js",
    f"/static/vendor/{OL}/%2fetc%2fpasswd",
    f"/static/vendor/{OL}/<script>alert(1)<%2fscript>",
    "/static/vendor/" + "a" * 5000 + "/ol.js",
    "/static/../novex.db",
]


@pytest.mark.parametrize("path", VENDOR_PATHS, ids=range(len(VENDOR_PATHS)))
def test_paths_under_static_vendor_reach_only_the_pinned_files(world, path):
    response = world.web.api.anonymous.get(path)
    assert response.status_code == 404, (path, response.status_code)
    assert "GEHEIME-INHOUD" not in response.text and "/* ol" not in response.text
    assert "<script>alert" not in response.text


def test_the_pinned_files_are_served_and_nothing_writes(world):
    client = world.web.api.anonymous
    assert client.get(f"/static/vendor/{OL}/ol.js").text == "/* ol ol.js */"
    assert client.get(f"/static/vendor/{OL}/ol.js?v=../../geheim.txt").text == "/* ol ol.js */"
    for method in ("POST", "PUT", "DELETE"):
        assert client.request(method, f"/static/vendor/{OL}/ol.js").status_code == 405, method
    assert client.get(f"/static/vendor/{OL}/ol.js").text == "/* ol ol.js */"


def test_head_on_a_pinned_file_answers_like_get_without_a_body(world):
    head = world.web.api.anonymous.head(f"/static/vendor/{OL}/ol.js")
    assert head.status_code == 200
    assert head.content == b""
    assert int(head.headers["content-length"]) == len(b"/* ol ol.js */")
