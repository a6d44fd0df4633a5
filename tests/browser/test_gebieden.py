"""The NOVEX-area pages in real headless Chromium, on the shipped example voorstellen (Utrecht, Zuid-Holland).

A reader finds the areas through the main menu, reads the overview's map and table, and reaches an
area's page with the keyboard only through the map; on the Zuidelijke Randstad's page the claims
inside are focusable map features whose details open with Enter. VRO imports an official boundary
through the form and removes it again. axe-core checks every page (folded parts opened) for three
roles; the pages fit a 390 px screen without sideways scrolling. Screenshots:
docs/screenshots/gebieden-overzicht.png, gebied-zuidelijke-randstad.png and its -390 variant.
"""

from __future__ import annotations

import json
import re

import pytest
import shapely

from tests.browser.support import assert_accessible, login, new_context, snapper, status

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("")
ZR = "novex-zuidelijke-randstad"
PAGES = ("/novex-gebieden", f"/novex-gebieden/{ZR}", "/programmas", "/novex-gebieden/novex-north-sea-port-district")


def open_details(page, summary: str) -> None:
    block = page.locator("details", has=page.locator("summary", has_text=summary)).first
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()


def test_the_overview_from_the_menu_with_its_map_and_table(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "lezer")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="NOVEX-gebieden").click()
    page.get_by_role("heading", name="NOVEX-gebieden", level=1).wait_for()
    table = page.get_by_role("table", name=re.compile("^NOVEX-gebieden \\(tabel bij de kaart\\)"))
    assert table.locator("tbody tr").count() == 16
    kaart = page.get_by_role("group", name="Kaart van Nederland met de zestien NOVEX-gebieden")
    assert kaart.get_by_role("link").count() == 16
    assert "indicatief" in page.locator(".gebied-toelichting").inner_text()
    snap(page, "gebieden-overzicht")
    assert_accessible(page, "/novex-gebieden")

    # with the keyboard only: from the map's last button, Tab reaches an area on the map, Enter opens its page
    page.get_by_role("button", name="Heel Nederland").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label') || ''")
    assert focused.startswith("NOVEX-gebied "), focused
    assert page.evaluate("document.activeElement.closest('svg') !== null")
    name = focused.removeprefix("NOVEX-gebied ").split(":")[0]
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=re.compile(f"^{re.escape(name)}"), level=1).wait_for()
    context.close()


def test_an_area_page_with_its_claims_on_the_map(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "zuid_holland")
    page.goto(f"{server}/novex-gebieden/{ZR}")
    page.get_by_role("heading", name="Zuidelijke Randstad", level=1).wait_for()
    kaart = page.locator("#kaart-gebied")
    claims = kaart.locator("path[data-claim]")
    assert claims.count() >= 10
    assert kaart.locator("path[data-conflict]").count() >= 1
    rows = page.get_by_role("table", name=re.compile("^Claims met land binnen Zuidelijke Randstad")).locator("tbody tr")
    assert rows.count() == claims.count()
    assert "indicatief, afgeleid uit de ligging in seed 004" in page.locator("#begrenzing").inner_text()
    assert page.locator("#factsheet .bron").count() >= 10  # each factsheet section with its citation
    assert page.locator("form[action*='/grens']").count() == 0  # the boundary form is VRO's
    snap(page, "gebied-zuidelijke-randstad")
    assert_accessible(page, f"/novex-gebieden/{ZR}")

    # a claim on the map with the keyboard: focusable, Enter opens its details
    first = claims.first
    first.focus()
    assert page.evaluate("document.activeElement.dataset.claim") == first.get_attribute("data-claim")
    page.keyboard.press("Enter")
    details = page.locator("#details")
    assert first.get_attribute("data-naam") in details.inner_text()
    assert "binnen het gebied" in details.inner_text()
    conflict = kaart.locator("path[data-conflict]").first
    conflict.focus()
    page.keyboard.press("Enter")
    assert f"Conflict {conflict.get_attribute('data-conflict')}" in details.inner_text()
    context.close()


@pytest.mark.parametrize("who", ["vro", "utrecht", "lezer"])
def test_axe_finds_no_violations_on_the_area_pages(server, browser, who):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, who)
    for path in PAGES:
        page.goto(f"{server}{path}")
        assert_accessible(page, f"{path} ({who})")
    context.close()


def test_the_pages_fit_a_390_px_screen(server, browser):
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, "vro")
    for path in PAGES:
        page.goto(f"{server}{path}")
        page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        if path == f"/novex-gebieden/{ZR}":
            assert_accessible(page, f"{path} at 390 px")
            snap(page, "gebied-zuidelijke-randstad-390")
    context.close()


def test_vro_imports_and_removes_an_official_boundary(server, browser, tmp_path):
    from novex.reference.provinces import province_index

    inside = shapely.point_on_surface(province_index().get("PV28").geometry.buffer(-3_000))
    square = shapely.box(inside.x, inside.y, inside.x + 3_000, inside.y + 3_000)
    path = tmp_path / "grens-zuidelijke-randstad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
                                "features": [{"type": "Feature", "properties": {},
                                              "geometry": shapely.geometry.mapping(square)}]}), "utf-8")  # fmt: skip
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/novex-gebieden/{ZR}")
    open_details(page, "Officiële grens importeren")
    page.get_by_label("Bestand (GeoJSON of GeoPackage)").set_input_files(str(path))
    page.get_by_label("Bron", exact=True).fill("Uitvoeringsagenda NOVEX Zuidelijke Randstad, kaartbijlage")
    page.get_by_label("Peildatum", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Grens vastleggen").click()
    status(page, "De officiële grens is vastgelegd")
    begrenzing = page.locator("#begrenzing").inner_text()
    assert "Officiële grens" in begrenzing and "01-03-2026" in begrenzing and "900 ha" in begrenzing
    assert_accessible(page, "area page with an official boundary")
    open_details(page, "Officiële grens verwijderen")
    page.get_by_label("Reden", exact=True).fill("Proef in de browsertest")
    page.get_by_role("button", name="Grens verwijderen").click()
    status(page, "weer zijn indicatieve begrenzing")
    assert "indicatief, afgeleid uit de ligging" in page.locator("#begrenzing").inner_text()
    context.close()
