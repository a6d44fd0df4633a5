"""The section "Producten en afspraken" of an area's page in real headless Chromium (seed 003 §4.2).

VRO reaches the section through the page's own navigation, records the Groene Hart's phase and its
ontwikkelperspectief, adds an uitvoeringsafspraak with the keyboard only, and sees a refusal (a horizon
of sixteen years) at its field with what was typed. axe-core checks the page with every form opened,
for VRO and for a reader (who gets no forms); the section fits a 390 px screen. Screenshot:
docs/screenshots/gebied-dossier.png (the section only).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper, status
from tests.integration.test_web_gebied_dossier import dossier_pages

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("")
GH = "novex-groene-hart"
ZR = "novex-zuidelijke-randstad"


def assert_section_accessible(page, what: str) -> None:
    """No axe violation inside the section, every form opened.

    The Groene Hart's whole page is checked per section: its factsheet has two parts headed
    "Belangrijkste nationale programma’s" (a landmark-unique finding outside this section); the whole
    page with this section is checked on the Zuidelijke Randstad's page.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    found = [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
             for v in Axe().run(page, context="#dossier").response["violations"]]  # fmt: skip
    assert found == [], (what, found)


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db, backend):
    """The app on its own database copy (examples, browser users), with the dossier forms plugged in if need be."""
    with dossier_pages(), serving(prepared(template_db, backend, tmp_path_factory.mktemp("dossier"))) as base:
        yield base


def open_details(page, summary: str) -> None:
    block = page.locator("details", has=page.locator("summary", has_text=summary)).first
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()


def tab_to(page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element with this id has the focus (keyboard only)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_vro_keeps_the_dossier_on_the_area_page(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/novex-gebieden/{GH}")
    page.get_by_role("navigation", name="Op deze pagina").get_by_role("link", name="Producten en afspraken").click()
    section = page.locator("#dossier")
    section.get_by_role("heading", name="Producten en afspraken", level=2).wait_for()
    assert section.locator("ol.ketenfasen > li").count() == 4
    assert "nog niet vastgelegd" in section.inner_text()

    open_details(page, "Fase vastleggen")
    page.locator("#dossier-fase-fase").select_option("concretiseringsfase")
    page.get_by_role("button", name="Fase opslaan").click()
    status(page, "De fase is vastgelegd")
    current = page.locator("#dossier li[aria-current='step']")
    assert "Concretiseringsfase" in current.inner_text() and "huidige fase" in current.inner_text()

    open_details(page, "Ontwikkelperspectief vastleggen")
    form = page.locator("form[action$='/producten/ontwikkelperspectief']")
    form.get_by_label("Status").select_option("concept")
    form.get_by_label("1. Hoofdopgave en meekoppelende opgaven").fill("Bodemdaling remmen (browsertest)")
    form.get_by_label("6. Aangescherpte doelstelling(en)").fill("Een doel per polder (browsertest)")
    form.get_by_role("button", name="Ontwikkelperspectief opslaan").click()
    status(page, "Het product is opgeslagen")
    assert "Bodemdaling remmen (browsertest)" in page.locator("#dossier-ontwikkelperspectief").inner_text()

    # an uitvoeringsafspraak with the keyboard only
    summary = page.locator("summary", has_text="Uitvoeringsafspraak toevoegen")
    summary.focus()
    page.keyboard.press("Enter")
    tab_to(page, "dossier-afspraak-onderwerp")
    page.keyboard.press("ArrowDown")  # the first topic: te behalen doelen
    tab_to(page, "dossier-afspraak-tekst")
    page.keyboard.type("Rijk en regio spreken per polder een doel af (browsertest)")
    tab_to(page, "dossier-afspraak-eigenaar")
    page.keyboard.type("provincie Utrecht")
    tab_to(page, "dossier-afspraak-ra_afspraken")
    page.keyboard.type("PV26/A2")
    page.keyboard.press("Enter")
    status(page, "De uitvoeringsafspraak is toegevoegd")
    table = page.get_by_role("table", name="Uitvoeringsafspraken van Groene Hart")
    assert table.locator("tbody tr").count() == 1
    row = table.locator("tbody tr").first.inner_text()
    assert "te behalen doelen" in row and "PV26/A2" in row and "onderdeel 3 van het RA van Utrecht" in row
    assert table.get_by_role("link", name="PV26/A2").get_attribute("href") == "/monitor/afspraken/PV26/A2"

    # a refusal at its field, with what was typed
    open_details(page, "Uitvoeringsagenda vastleggen")
    form = page.locator("form[action$='/producten/uitvoeringsagenda']")
    form.get_by_label("Startjaar").fill("2024")
    form.get_by_label("Eindjaar").fill("2040")
    form.get_by_role("button", name="Uitvoeringsagenda opslaan").click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "16 jaar" in alert.inner_text()
    eind = page.locator("#dossier-uitvoeringsagenda-eindjaar")
    assert eind.input_value() == "2040" and eind.get_attribute("aria-invalid") == "true"
    assert_section_accessible(page, "the section with a refused dossier form")

    page.goto(f"{server}/novex-gebieden/{GH}#dossier")
    snap(page, "gebied-dossier", page.locator("#dossier"))
    assert_section_accessible(page, f"/novex-gebieden/{GH} (vro, every form open)")
    context.close()


@pytest.mark.parametrize("who", ["lezer", "vro"])
def test_the_section_fits_390_px_and_has_no_axe_violations(server, browser, who):
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, who)
    page.goto(f"{server}/novex-gebieden/{GH}")
    section = page.locator("#dossier")
    forms = section.locator("form").count()
    assert (forms == 0) if who == "lezer" else (forms >= 6), forms
    page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the area page scrolls sideways on a phone ({width}px, {who})"
    wide = section.evaluate(
        "s => [...s.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > 391 "
        "&& !e.closest('.tabelvak')).map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert wide == [], wide
    assert re.search(r"Deze statussen zijn een ontwerpkeuze", section.inner_text())
    assert_section_accessible(page, f"/novex-gebieden/{GH} at 390 px ({who})")
    page.goto(f"{server}/novex-gebieden/{ZR}")
    assert (page.locator("#dossier form").count() == 0) == (who == "lezer")
    assert_accessible(page, f"/novex-gebieden/{ZR} at 390 px ({who})")  # the whole page with the section
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
