"""The verantwoording of a voorstel in Chromium: a planner lays it down by keyboard, reads it back; axe clean."""

from __future__ import annotations

import re

from tests.browser.support import assert_accessible, login, new_context, snapper, status

snap = snapper("issue-23")

TEKST = """datasets:
  - naam: Natura 2000-begrenzing
    vindplaats: https://service.pdok.nl/rvo/natura2000/atom/index.xml
    basisset: ja
    ngr: https://www.nationaalgeoregister.nl/geonetwork/srv/dut/catalog.search#/metadata/natura2000
    licentie: CC BY 4.0
  - naam: Provinciale woningbouwmonitor 2026
    vindplaats: https://example.org/woningbouwmonitor-2026.gpkg
    licentie: CC0
afwijkingen:
  - basisset_dataset: Plancapaciteit woningbouw (landelijk)
    vervangen_door: Provinciale woningbouwmonitor 2026
    reden: de provinciale monitor is een jaar actueler
indicatoren:
  - naam: Woningbouw
    definitie: netto toevoeging aan de woningvoorraad tot 2030
    eenheid: woningen
    doel: provincie-pv26-woningbouw-2030
werkwijze: Locaties buiten Natura 2000 geselecteerd en getoetst met de analyse van de ruimtelijke puzzel.
"""


def test_a_planner_lays_down_the_verantwoording_by_keyboard_and_reads_it_back(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/provincies/PV26/voorstellen")
    page.get_by_role("link", name=re.compile("Data en definities")).first.click()
    page.get_by_label("Verantwoording (YAML of JSON)").fill("datasets:\n  - naam: Alleen een naam\n")
    page.get_by_role("button", name="Vastleggen").press("Enter")
    alert = page.get_by_role("alert")
    assert "datasets[1].vindplaats: ontbreekt" in alert.inner_text() and "niets opgeslagen" in alert.inner_text()
    page.get_by_label("Verantwoording (YAML of JSON)").fill(TEKST)
    page.get_by_role("button", name="Vastleggen").press("Enter")
    status(page, "De verantwoording is vastgelegd (versie 1).")
    datasets = page.get_by_role("table", name="Gebruikte datasets")
    assert "Provinciale woningbouwmonitor 2026" in datasets.inner_text()
    afwijkingen = page.get_by_role("table", name=re.compile("Afwijkingen"))
    assert "de provinciale monitor is een jaar actueler" in afwijkingen.inner_text()
    assert_accessible(page, "verantwoording")
    snap(page, "verantwoording")
    phone = new_context(browser, 390).new_page()
    login(phone, server, "lezer")
    phone.goto(page.url.split("?")[0])
    assert phone.get_by_label("Verantwoording (YAML of JSON)").count() == 0  # a reader gets no editor
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone, "verantwoording 390 px")
    context.close()
