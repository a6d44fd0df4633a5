"""The web app in real headless Chromium: login, upload, the conflict on the map, refusals, axe-core."""

from __future__ import annotations

import json

import pytest

from tests.browser.support import login, shot
from tests.fixtures.geo import feature, square, write_geojson

PAGES = ["/", "/provincies/PV26", "/provincies/PV28", "/provincies/PV26/upload", "/catalogus?q=wind",
         "/catalogus/themas/res", "/toegankelijkheid", "/claims/1/bewerken", "/logboek"]  # fmt: skip
ADMIN_PAGES = ["/beheer/accounts", "/beheer/accounts/1"]
# The tests after the first check what the browser shows, which does not depend on the database: SQLite only.


def test_login_upload_and_see_the_conflict_on_the_map(server, page, tmp_path):
    """On both backends: the real server's threads and connection pool on each database, end to end."""
    login(page, server, "utrecht")
    shot(page, "01-overzicht")
    # A housing claim right on top of the example's Utrechtse Heuvelrug nature claim (U-07): a conflict.
    path = write_geojson(
        tmp_path / "wijk.geojson", [feature(square(149_000, 447_000, 800), naam="Browsertest wijk", domein="wonen")]
    )
    page.goto(f"{server}/provincies/PV26/upload")
    page.get_by_label("Bestand (GeoJSON of GeoPackage)").set_input_files(str(path))
    page.get_by_label("Voorstel").fill("Browsertest")
    page.get_by_role("button", name="Uploaden").click()
    page.get_by_text("1 claim geïmporteerd").wait_for()
    shot(page, "02-upload-gelukt")
    page.goto(f"{server}/provincies/PV26")
    conflict = page.locator("svg#kaart-provincie path.conflict[aria-label*='Browsertest wijk']")
    assert conflict.count() == 1 and conflict.is_visible()
    assert page.locator("table.conflicten").get_by_text("Browsertest wijk").count() == 1
    claim = page.locator("svg#kaart-provincie path[data-naam='Browsertest wijk']")
    claim.focus()
    page.keyboard.press("Enter")
    assert page.locator("#details").get_by_text("Browsertest wijk").is_visible()
    shot(page, "03-provincie-conflict")


@pytest.mark.sqlite_only
def test_refused_upload_shows_every_problem(server, page, tmp_path):
    login(page, server, "utrecht")
    bad = write_geojson(tmp_path / "fout.geojson", [
        feature(square(140_000, 455_000, 100), naam="Goed", domein="wonen"),
        feature(square(140_000, 455_000, 100), naam="Kernreactor", domein="kernenergie"),
    ])  # fmt: skip
    page.goto(f"{server}/provincies/PV26/upload")
    page.get_by_label("Bestand (GeoJSON of GeoPackage)").set_input_files(str(bad))
    page.get_by_role("button", name="Uploaden").click()
    alert = page.get_by_role("alert")
    assert (
        "niet geïmporteerd" in alert.inner_text()
        and "feature 1 'Kernreactor': onbekend domein 'kernenergie'" in alert.inner_text()
    )
    shot(page, "04-upload-geweigerd")


@pytest.mark.sqlite_only
def test_utrecht_cannot_edit_a_zuid_holland_claim_via_the_form(server, page):
    login(page, server, "utrecht")
    page.goto(f"{server}/api/v1/voorstellen?provincie=PV28")
    zh_voorstel = json.loads(page.locator("body").inner_text())[0]["id"]
    page.goto(f"{server}/api/v1/claims?voorstel={zh_voorstel}&pageSize=1")
    zh_claim = json.loads(page.locator("body").inner_text())["features"][0]["id"]
    page.goto(f"{server}/claims/{zh_claim}/bewerken")
    assert page.get_by_role("button", name="Opslaan").count() == 0  # the form is not offered
    assert "u kunt haar bekijken, niet wijzigen" in page.locator("main").inner_text()
    shot(page, "05-bewerken-niet-aangeboden")
    # a forged post with a valid CSRF token is still refused by the service
    page.goto(f"{server}/provincies/PV26/upload")
    csrf = page.locator('input[name="csrf"]').first.get_attribute("value")
    form = {"csrf": csrf, "version": "1", "naam": "Gekaapt door Utrecht", "domein": "wonen", "status": "idee",
            "hardheid": "middel", "prioriteit": "3"}  # fmt: skip
    refused = page.request.post(f"{server}/claims/{zh_claim}/bewerken", form=form)
    assert refused.status == 403 and "mag geen gegevens van PV28 wijzigen" in refused.text()
    page.goto(f"{server}/api/v1/claims/{zh_claim}")
    assert json.loads(page.locator("body").inner_text())["properties"]["naam"] != "Gekaapt door Utrecht"


@pytest.mark.sqlite_only
def test_an_edit_with_its_reason_appears_in_the_history(server, page):
    login(page, server, "utrecht")
    page.goto(f"{server}/api/v1/voorstellen?provincie=PV26")
    voorstel = json.loads(page.locator("body").inner_text())[0]["id"]
    page.goto(f"{server}/api/v1/claims?voorstel={voorstel}&pageSize=1")
    first = json.loads(page.locator("body").inner_text())["features"][0]
    claim, status = first["id"], "zoekgebied" if first["properties"]["status"] != "zoekgebied" else "idee"
    page.goto(f"{server}/claims/{claim}/bewerken")
    page.get_by_label("Status").select_option(status)
    page.get_by_label("Reden van de wijziging").fill("Besluit GS 24 november 2026")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("status").get_by_text("is opgeslagen").wait_for()
    page.goto(f"{server}/claims/{claim}/bewerken#geschiedenis")
    latest = page.locator("ol.tijdlijn > li").first
    assert "Besluit GS 24 november 2026" in latest.inner_text() and status in latest.inner_text()
    assert "utrecht@novex.test" in latest.inner_text()
    shot(page, "07-geschiedenis")


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violations(server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    login(page, server, "zuid_holland")
    page.goto(f"{server}{path}")
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(
        [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious], indent=1
    )


@pytest.mark.sqlite_only
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_axe_on_the_account_pages(server, page, path):
    from axe_playwright_python.sync_playwright import Axe

    login(page, server, "beheerder")
    page.goto(f"{server}{path}")
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in serious]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("who", ["utrecht", "beheerder"])
def test_no_page_scrolls_sideways_at_390_px(server, browser, who):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page = context.new_page()
    login(page, server, who)
    for path in [*PAGES, *(ADMIN_PAGES if who == "beheerder" else [])]:
        page.goto(f"{server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
    page.goto(f"{server}/")
    shot(page, "06-smal-scherm-overzicht")
    context.close()


@pytest.mark.sqlite_only
def test_a_reader_sees_no_edit_link_or_upload_button(server, page):
    from axe_playwright_python.sync_playwright import Axe

    login(page, server, "lezer")
    page.goto(f"{server}/provincies/PV26")
    assert page.get_by_role("link", name="Bewerken").count() == 0
    assert page.get_by_role("link", name="Claims uploaden").count() == 0
    assert page.get_by_role("button", name="Op de kaart").count() > 0  # reading the map is for everyone
    page.goto(f"{server}/claims/1/bewerken")
    assert page.get_by_role("button", name="Opslaan").count() == 0
    serious = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == []
    shot(page, "07-lezer-zonder-bewerken")


@pytest.mark.sqlite_only
def test_the_map_names_municipalities_and_zooms_to_a_chosen_claim(server, page):
    login(page, server, "utrecht")
    page.goto(f"{server}/provincies/PV26")
    svg = page.locator("svg#kaart-provincie")
    names = svg.locator("g.namen text").evaluate_all("texts => texts.map(t => t.textContent)")
    assert {"Utrecht", "Amersfoort", "Zeist", "Veenendaal"} <= set(names)  # municipal names at province zoom
    before = [float(v) for v in svg.get_attribute("viewBox").split()]
    row = page.locator("table.claims tr", has_text="Rijnenburg woningbouw")
    row.get_by_role("button", name="Op de kaart").click()
    after = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert after[2] < before[2] / 3  # zoomed in
    claim = svg.locator("path[data-naam='Rijnenburg woningbouw']")
    box = claim.evaluate("p => { const b = p.getBBox(); return [b.x, b.y, b.width, b.height]; }")
    assert after[0] <= box[0] and box[0] + box[2] <= after[0] + after[2]  # the claim lies inside the new view
    assert after[1] <= box[1] and box[1] + box[3] <= after[1] + after[3]
    details = page.locator("#details").inner_text()
    assert "Rijnenburg woningbouw" in details and "Hoeveelheid" in details and "woningen" in details
    assert "Conflicten" in details
    shot(page, "08-kaart-ingezoomd-op-claim")
