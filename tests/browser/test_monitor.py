"""The monitor in real headless Chromium, on the demo: Utrecht's and Zuid-Holland's adopted RA, measured over 2025–2026.

The served database holds the examples, the browser users and the monitor's demo (`novex.demo`:
two first-generation arrangements, measurements, owners' statuses, a closed round of 2025 and an
open one of 2026) plus two vraagstukken outside the BOL. VRO reads the national dashboard; the
Utrecht planner reads its province, adds a measurement and sets an owner's status with the
keyboard only, and imports a file that is refused row by row and then one that is stored. axe-core
checks every page (folded parts opened), each page fits a 390 px screen without sideways
scrolling; screenshots go to docs/screenshots/monitor-*.png.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from novex import bootstrap
from novex.demo import load_demo_monitor
from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper, status
from tests.fixtures.vraagstukken import in_besluitvorming

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("")  # docs/screenshots/monitor-*.png
PAGES = ("/monitor", "/monitor/provincies/PV26", "/monitor/afspraken/PV26/A2", "/monitor/import", "/monitor/rondes",
         "/monitor/gebieden/novex-groene-hart")  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db, backend):
    """A server on its own database with the monitor's demo and two vraagstukken outside the BOL."""
    settings = prepared(template_db, backend, tmp_path_factory.mktemp("monitor"))
    db = bootstrap.database(settings)
    with bootstrap.unit_of_work(db) as uow:
        assert load_demo_monitor(uow)
    with db.session() as session:
        in_besluitvorming(session, "Wonen en water bij Lopik", "PV26")
        in_besluitvorming(session, "Energieopslag op de Maasvlakte", "PV28")
    db.engine.dispose()
    with serving(settings) as base:
        yield base


def open_details(page, summary: str):
    block = page.locator("details", has=page.locator("summary", has_text=summary)).first
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()
    return block


def test_the_national_dashboard(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Monitor").click()
    page.get_by_role("heading", name="Monitor van de afspraken", level=1).wait_for()
    table = page.get_by_role("table", name="Afspraken per status, per provincie")
    rows = table.locator("tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == ["Utrecht", "Zuid-Holland"]
    assert rows[0].split("\t")[-1] == "5" and rows[1].split("\t")[-1] == "3"
    for name in ("Utrecht", "Zuid-Holland"):  # one chart per province, named with its counts
        assert page.get_by_role("img", name=re.compile(f"^{name}: ")).count() == 1
    assert page.get_by_role("table", name="Afspraken per status, per thema").is_visible()
    assert "Er is pas één jaar met een afgesloten monitorronde (2025)" in page.locator("#trend").inner_text()
    assert page.get_by_role("table", name="Afspraken per status per jaar (afgesloten rondes)").is_visible()
    knots = page.get_by_role("table", name=re.compile("^Open knopen")).inner_text()
    assert "energieopslag" in knots.lower()
    outside = page.get_by_role("table", name="Vraagstukken zonder BOL-besluit, per fase").inner_text()
    assert "Besluitvorming" in outside
    assert "ontwerpkeuze van dit platform" in page.locator("#over-statussen").inner_text()
    assert_accessible(page, "/monitor")
    snap(page, "monitor-dashboard")
    page.get_by_label("NOVEX-gebied", exact=True).select_option("novex-groene-hart")
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("heading", name="Monitor Groene Hart", level=1).wait_for()
    assert page.get_by_role("table", name="Afspraken over Groene Hart", exact=True).locator("tbody tr").count() == 2
    context.close()


def test_a_province_page(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/monitor")
    page.get_by_role("link", name="Utrecht", exact=True).first.click()
    page.get_by_role("heading", name="Monitor Utrecht", level=1).wait_for()
    agreements = page.get_by_role("table", name="Afspraken van Utrecht met hun laatste meting en status")
    texts = agreements.locator("tbody tr").all_inner_texts()
    assert len(texts) == 5 and all("(illustratief)" in t for t in texts)
    assert page.get_by_role("link", name="Monitorronde 2025").is_visible()
    assert_accessible(page, "/monitor/provincies/PV26")
    snap(page, "monitor-provincie")
    context.close()


def test_an_agreement_with_the_keyboard_only(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/monitor/afspraken/PV26/A2")
    assert page.get_by_role("img", name="Metingen van afspraak PV26/A2 (ha)").is_visible()
    measured = page.get_by_role("table", name=re.compile("^Metingen van hectare veenweide")).locator("tbody tr")
    assert measured.count() == 3
    open_details(page, "Status vaststellen als eigenaar")
    open_details(page, "Meting toevoegen")
    assert_accessible(page, "/monitor/afspraken/PV26/A2")
    snap(page, "monitor-afspraak")

    # a measurement, from the summary onwards with Tab and typing only
    page.reload()
    page.locator("summary", has_text="Meting toevoegen").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "meting-waarde"
    page.keyboard.type("420")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "meting-datum"
    yesterday = date.today() - timedelta(days=1)
    # the order of a date field's parts follows the browser's own locale: filled in place, the focus stays
    page.locator("#meting-datum").fill(yesterday.isoformat())
    assert page.evaluate("document.activeElement.id") == "meting-datum"
    for _ in range(6):  # the date field's day, month, year and calendar button are tab stops of their own
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "meting-bron":
            break
    assert page.evaluate("document.activeElement.id") == "meting-bron"
    page.keyboard.type("Waterschap De Stichtse Rijnlanden")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Meting opslaan"
    page.keyboard.press("Enter")
    status(page, "De meting is opgeslagen.")
    assert measured.count() == 4

    # the owner's status: a radio button chosen with the arrow keys, a motivation, Enter on the button
    page.locator("summary", has_text="Status vaststellen als eigenaar").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "status"
    page.keyboard.press("ArrowDown")  # from the first (op schema) to aandacht nodig
    assert page.locator("input[name=status]:checked").get_attribute("value") == "aandacht-nodig"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "status-motivering"
    page.keyboard.type("Het peilbesluit is genomen; de uitvoering start in het voorjaar.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Status vaststellen"
    page.keyboard.press("Enter")
    status(page, "De status is vastgesteld.")
    assert "vastgesteld door eigenaar" in page.locator(".fase-regel").inner_text()
    history = page.get_by_role("table", name="Statussen vastgesteld door de eigenaar, nieuwste eerst").inner_text()
    assert "utrecht@novex.test" in history and "Het peilbesluit is genomen" in history
    context.close()


def test_the_import_refuses_row_by_row_then_stores(server, browser, tmp_path):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/monitor/import")
    with page.expect_download() as download:
        page.get_by_role("link", name="Voorbeeldbestand downloaden (CSV)").click()
    example = download.value.path().read_text("utf-8-sig")
    assert example.splitlines()[0] == "afspraak;waarde;datum;bron;toelichting"
    day = (date.today() - timedelta(days=2)).isoformat()
    bad = tmp_path / "metingen.csv"
    bad.write_text(f"afspraak;waarde;datum;bron\nPV26/A1;5.200;{day};CBS\nPV26/A3;veel;{day};CBS\n"
                   f"PV28/B1;10.100;{day};CBS\n", "utf-8")  # fmt: skip
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(bad))
    page.get_by_role("button", name="Importeren").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    rows = alert.locator("li").all_inner_texts()
    assert [r.split(":")[0] for r in rows] == ["regel 3", "regel 4"]
    assert "mag geen metingen invoeren voor de afspraken van PV28" in rows[1]
    assert_accessible(page, "refused import")
    snap(page, "monitor-import")
    good = tmp_path / "goed.csv"
    good.write_text(f"afspraak;waarde;datum;bron\nPV26/A1;5.200;{day};CBS\nUtrecht/A3;260;{day};Klimaatmonitor\n",
                    "utf-8")  # fmt: skip
    page.get_by_label("Bestand (CSV of Excel)").set_input_files(str(good))
    page.get_by_role("button", name="Importeren").click()
    status(page, "2 metingen opgeslagen")
    context.close()


@pytest.mark.parametrize("who", ["vro", "zuid_holland", "lezer"])
def test_axe_finds_no_violations_on_the_monitor_pages(server, browser, who):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, who)
    page.goto(f"{server}/monitor/rondes")
    closed = page.get_by_role("table", name="Monitorrondes 2025 (2)")
    paths = [*PAGES, "/monitor/provincies/PV28", "/monitor/afspraken/PV28/B2",
             closed.get_by_role("link", name="Zuid-Holland").get_attribute("href"),
             page.get_by_role("table", name="Monitorrondes 2026 (2)").get_by_role("link", name="Utrecht")
             .get_attribute("href")]  # fmt: skip
    for path in paths:
        page.goto(f"{server}{path}")
        assert_accessible(page, path)
        if who == "vro" and path == paths[-2]:
            assert page.get_by_role("table", name="De stand van elke afspraak bij het afsluiten").is_visible()
            snap(page, "monitor-ronde")
    context.close()


def test_the_monitor_pages_fit_a_390_px_screen(server, browser):
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, "utrecht")
    for path in PAGES:
        page.goto(f"{server}{path}")
        page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        if path in ("/monitor", "/monitor/afspraken/PV26/A2"):
            snap(page, "monitor-dashboard-390" if path == "/monitor" else "monitor-afspraak-390")
    context.close()


def test_the_yearly_report_reads_in_the_browser_without_axe_violations(server, browser):
    """The report's HTML, downloaded as a reader does, opened in Chromium: headings, its tables, no violation."""
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "lezer")
    jaar = date.today().year
    response = context.request.get(f"{server}/monitor/rapport/{jaar}?formaat=html")
    assert response.status == 200 and "attachment" in response.headers.get("content-disposition", "")
    page.set_content(response.text())
    page.get_by_role("heading", name=f"Voortgangsrapportage NOVEX {jaar}", level=1).wait_for()
    for name in ("Utrecht", "Zuid-Holland"):
        assert page.get_by_role("heading", name=re.compile(name)).count() >= 1
    goals = page.get_by_role("table").filter(has_text="Versterken van de ruimtelijke regierol van het Rijk")
    assert goals.count() == 1
    assert_accessible(page, "voortgangsrapportage (HTML)")
    context.close()
