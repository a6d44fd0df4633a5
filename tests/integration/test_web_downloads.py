"""Issue 14, finding 17: what was CLI-only is in the web app — tables as CSV/XLSX, the voorstel diff, a summary."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from shapely.geometry import mapping

from tests.fixtures.clients import PASSWORD, make_clients
from tests.fixtures.geo import UTRECHT, square

X, Y = UTRECHT
RD = {"Content-Crs": "epsg:28992"}


@pytest.fixture
def web(settings):
    api = make_clients(settings)
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    for naam, domein, x in (("Wijk", "wonen", X), ("Windpark", "energie-wind", X + 100)):
        body = {"type": "Feature", "geometry": mapping(square(x, Y, 300)),
                "properties": {"naam": naam, "domein": domein, "extern_id": naam}}  # fmt: skip
        assert api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).status_code == 201
    api.anonymous.post("/inloggen", data={"email": "lezer@example.nl", "wachtwoord": PASSWORD})
    return api.anonymous, api, vid


def test_the_conflicts_as_csv_and_xlsx(web):
    client, _, _ = web
    response = client.get("/provincies/PV26/conflicten.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "claim a", "claim b"] and len(rows) == 2  # one conflict: wonen × wind
    assert {rows[1][3], rows[1][4]} == {"Wijk", "Windpark"}
    assert rows[1][7] == "6,0"  # 200 m × 300 m overlap = 6 ha, with a Dutch decimal comma
    book = load_workbook(io.BytesIO(client.get("/provincies/PV26/conflicten.xlsx").content))
    sheet = book.active
    assert [c.value for c in sheet[1]][:2] == ["id", "claim a"] and sheet.cell(2, 8).value == pytest.approx(6.0)


def test_the_goals_as_xlsx(web):
    client, _, _ = web
    response = client.get("/provincies/PV26/doelen.xlsx")
    assert response.headers["content-disposition"] == 'attachment; filename="doelen-PV26.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert header[:5] == ["doel", "tekst", "schaal", "jaar", "doelwaarde"] and sheet.max_row > 1


def test_unknown_downloads_are_404(web):
    client, _, _ = web
    assert client.get("/provincies/PV26/conflicten.pdf").status_code == 404
    assert client.get("/provincies/PV99/conflicten.csv").status_code == 404


def test_the_voorstel_diff_in_the_web_app(web):
    client, api, vid = web
    v2 = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "V"}).json()["id"]
    body = {"type": "Feature", "geometry": mapping(square(X, Y, 500)),
            "properties": {"naam": "Wijk", "domein": "wonen", "extern_id": "Wijk"}}  # fmt: skip
    api.utrecht.post(f"/api/v1/voorstellen/{v2}/claims", json=body, headers=RD)
    listing = client.get("/provincies/PV26/voorstellen").text
    assert "Twee versies vergelijken" in listing
    response = client.get("/voorstellen/vergelijk", params={"a": vid, "b": v2})
    assert response.status_code == 200, response.text.split("<main")[1][:600]
    page = response.text
    assert "0 toegevoegd · 1 vervallen · 1 gewijzigd · 0 ongewijzigd" in page
    assert "geometrie (9,00 → 25,00 ha)" in page  # Dutch decimal comma


def test_a_printable_summary(web):
    client, _, _ = web
    page = client.get("/provincies/PV26/samenvatting").text
    assert "De ruimtelijke puzzel van Utrecht" in page and "Zwaarste conflicten" in page and "Wijk × Windpark" in page
