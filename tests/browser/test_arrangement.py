"""The Ruimtelijk Arrangement in real headless Chromium: from BOL decisions to an adopted, locked version.

Two Utrecht vraagstukken are decided through DO NOVEX, GP-DG and the BOL of 2027 by the services
(tests/fixtures/vraagstukken.py). The province planner then drafts the RA of 2027 from them on
/arrangementen, decides the five inclusion criteria per vraagstuk, mends the SMART findings of
the first agreement in its form and motivates those of the second, and proposes the version for
the BOL; VRO adopts it in the BOL of landsdeel Noordwest and every form disappears behind the
"vastgesteld … kan niet meer worden gewijzigd" notice, and the RA downloads as a PDF. axe-core checks every page (folded forms
opened), the forms are used with the keyboard only, the pages fit a 390 px screen; screenshots go
to docs/screenshots/issue-18/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from novex import bootstrap
from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper, status
from tests.fixtures.vraagstukken import decided_in_bol

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("issue-18")
TITELS = ("Wonen langs de A12", "Water bij Lopik")
MOTIVERING = "De provincie levert de cijfers voor het BOL van september aan; de afspraak gaat zo naar het BOL."
made: dict[str, int] = {}


@pytest.fixture(scope="module")
def world(tmp_path_factory, template_db, backend):
    """A server on its own database holding two Utrecht vraagstukken decided in the BOL of 2027."""
    settings = prepared(template_db, backend, tmp_path_factory.mktemp("ra"))
    db = bootstrap.database(settings)
    with db.session() as session:
        ids, bol = decided_in_bol(session, TITELS)
    db.engine.dispose()
    made.update({"a12": ids[0], "lopik": ids[1], "bol": bol.id})
    with serving(settings) as base:
        yield base


def open_details(page, summary: str):
    """Unfold the <details> whose summary says `summary` and return it."""
    block = page.locator("details", has=page.locator("summary", has_text=summary)).first
    if not block.evaluate("d => d.open"):
        block.locator("summary").click()
    return block


def test_draft_mend_propose_adopt_and_see_it_locked(world, browser):
    server = world
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")

    # 1. The list, with the old-versus-new framing; the planner starts the concept of 2027
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Arrangementen").click()
    page.get_by_role("heading", name="Ruimtelijke arrangementen", level=1).wait_for()
    framing = page.get_by_role("table", name="Oude werkwijze versus nieuwe lijn")
    assert "SMART-geformuleerd en uitvoeringsgericht" in framing.inner_text()
    assert page.get_by_label("Provincie", exact=True).last.input_value() == "PV26"  # the planner's own only
    page.locator("#nieuw-jaar").fill("2027")
    snap(page, "01-arrangementen-nieuw-desktop")
    page.get_by_role("button", name="Concept aanmaken").click()
    status(page, "Het concept is aangemaakt.")
    rid = made["ra"] = int(re.search(r"/arrangementen/(\d+)", page.url).group(1))
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Utrecht 2027"
    table = page.get_by_role("table", name="Afspraken met hun SMART-status").inner_text()
    assert "Het BOL kiest: Wonen langs de A12" in table and "Het BOL kiest: Water bij Lopik" in table
    propose = page.get_by_role("button", name="Voorleggen aan het BOL")
    assert propose.is_disabled()
    reasons = page.locator("#overgang-voorgelegd-waarom").inner_text()
    assert "inclusiecriteria" in reasons and "SMART-bevindingen staan nog open" in reasons
    snap(page, "02-arrangement-concept-desktop")

    # 2. The five inclusion criteria per vraagstuk, each decided with a motivation
    for key in ("a12", "lopik"):
        vid = made[key]
        block = open_details(page, f"Besluit over de criteria voor vraagstuk {vid}")
        for n in range(1, 6):
            block.locator(f"#inclusie-{vid}-besluit-{n}").get_by_label("ja, voldoet").check()
            block.locator(f"#inclusie-{vid}-motivering-{n}").fill(f"Voldaan: criterium {n} voor {key}.")
        if key == "a12":
            snap(page, "03-inclusiecriteria-desktop", block)
        block.get_by_role("button", name="Besluit opslaan").click()
        status(page, "Het besluit over de inclusiecriteria is opgeslagen.")
    assert page.get_by_role("table", name="Besluit per vraagstuk en criterium").locator(".oordeel-ja").count() == 12

    # 3. Mend the first agreement's SMART findings in its form
    block = open_details(page, "Afspraak 1 wijzigen")
    block.get_by_label("Resultaat: wat ligt er na afloop?").fill("4.000 woningen opgeleverd in de A12-zone bij Woerden")
    block.get_by_label("Indicator (optioneel)").fill("opgeleverde woningen")
    block.get_by_label("Eenheid").fill("woningen")
    block.get_by_label("Basiswaarde").fill("0")
    block.get_by_label("Streefwaarde").fill("4.000")
    for n in (1, 2):
        block.locator(f"#afspraak-1-partij-{n}-akkoord").select_option("ja")
        block.locator(f"#afspraak-1-partij-{n}-datum").fill("2026-11-20")
    block.get_by_label("Middelen").fill("Woningbouwimpuls en de grondpositie van de provincie")
    block.get_by_label("Capaciteit").fill("2 fte provincie, 1 fte Rijksvastgoedbedrijf")
    block.get_by_label("Deadline").fill("2030-12-31")
    block.locator("#afspraak-1-mijlpaal-1-omschrijving").fill("Bestemmingsplannen vastgesteld")
    block.locator("#afspraak-1-mijlpaal-1-datum").fill("2028-06-30")
    block.locator("#afspraak-1-eigenaar-1-soort").select_option("provincie")
    block.locator("#afspraak-1-eigenaar-1-naam").fill("Provincie Utrecht")
    snap(page, "04-afspraak-smart-formulier-desktop", block)
    block.get_by_role("button", name="Afspraak 1 opslaan").click()
    status(page, "De afspraak is opgeslagen.")
    first = page.get_by_role("table", name="Afspraken met hun SMART-status").locator("tbody tr").first
    assert "in orde" in first.inner_text() and "31 december 2030" in first.inner_text()

    # 4. The second agreement goes as it is: a motivation per open finding
    second = page.get_by_role("table", name="SMART-bevindingen van afspraak 2").inner_text()
    assert "er is geen indicator: waaraan is te zien dat het resultaat bereikt is?" in second
    assert "Utrecht heeft de afspraak nog niet geaccepteerd." in second
    findings = open_details(page, "Bevindingen van afspraak 2 motiveren")
    for box in findings.locator("textarea").all():
        box.fill(MOTIVERING)
    snap(page, "05-smart-bevindingen-motiveren-desktop", page.locator("#afspraak-2"))
    findings.get_by_role("button", name="Motiveringen opslaan").click()
    status(page, "De motiveringen zijn opgeslagen.")
    assert page.locator("#afspraak-2 .oordeel-nee").count() == 0
    assert page.locator("#afspraak-2 .oordeel-ja", has_text="gemotiveerd").count() == 8
    assert "alle bevindingen gemotiveerd" in page.locator(".fase-regel").inner_text()

    # 5. Propose for the BOL
    page.locator("#overgang-voorgelegd-reden").fill("Klaar voor het BOL Noordwest.")
    page.get_by_role("button", name="Voorleggen aan het BOL").click()
    status(page, "De status is gewijzigd.")
    assert page.locator(".fase-label").inner_text() == "Voorgelegd aan het BOL"
    assert page.get_by_role("button", name="Afspraak 1 opslaan").count() == 0  # no edits while proposed
    assert page.get_by_role("button", name="Vaststellen").count() == 0  # VRO's, not the province's
    context.close()

    # 6. VRO adopts it in the BOL of landsdeel Noordwest
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/arrangementen/{rid}")
    bol = page.get_by_label("In welk BOL is het vastgesteld?")
    assert bol.input_value() == str(made["bol"])  # the BOL of 2027 of Noordwest, chosen for the year
    bol_name = bol.locator("option:checked").inner_text()
    snap(page, "06-vaststellen-in-bol-desktop", page.locator("#status"))
    page.get_by_role("button", name="Vaststellen").click()
    status(page, "De status is gewijzigd.")
    notice = page.get_by_role("note").filter(has_text="kan niet meer worden gewijzigd").inner_text()
    assert notice.startswith(f"Vastgesteld in {bol_name.split(' (')[0]} op ")
    forms = page.locator("main form")
    assert forms.count() == 1 and forms.first.get_attribute("action") == f"/arrangementen/{rid}/volgend-jaar"
    assert page.get_by_role("button", name="Concept voor 2028 beginnen").is_visible()
    history = page.locator("#geschiedenis").inner_text()
    assert history.index("Status: Voorgelegd aan het BOL → Vastgesteld") < history.index(
        "Status: Concept → Voorgelegd aan het BOL"
    )
    snap(page, "07-arrangement-vastgesteld-desktop")
    with page.expect_download() as download:
        page.locator("#documenten").get_by_role("link", name="voor de partijen (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == f"ruimtelijk-arrangement-utrecht-2027-v{rid}.pdf"

    # 7. Next year's concept is a copy; change one agreement, drop the other, and compare the versions
    page.get_by_role("button", name="Concept voor 2028 beginnen").click()
    status(page, "Het concept voor het volgende jaar is aangemaakt")
    made["ra2028"] = int(re.search(r"/arrangementen/(\d+)", page.url).group(1))
    assert page.get_by_role("heading", level=1).inner_text() == "Utrecht 2028"
    block = open_details(page, "Afspraak 1 wijzigen")
    block.get_by_label("Streefwaarde").fill("5.000")
    block.get_by_label("Deadline").fill("2031-12-31")
    block.get_by_role("button", name="Afspraak 1 opslaan").click()
    status(page, "De afspraak is opgeslagen.")
    open_details(page, "Afspraak 2 wijzigen").get_by_role("button", name="Afspraak 2 verwijderen").click()
    status(page, "De afspraak is verwijderd.")
    page.get_by_role("link", name="wat is er veranderd?").click()
    page.get_by_role("heading", name="Wat veranderde van Utrecht 2027 naar Utrecht 2028").wait_for()
    changed = page.get_by_role("table", name=re.compile("^Afspraak: Het BOL kiest: Wonen langs de A12")).inner_text()
    assert "Streefwaarde\t4.000\t5.000" in changed and "31 december 2030\t31 december 2031" in changed
    assert "Het BOL kiest: Water bij Lopik" in page.locator("#kop-vervallen + .tabelvak").inner_text()
    snap(page, "08-verschil-2027-2028-desktop")
    context.close()


def _ready(server, browser) -> int:
    if "ra" not in made:
        test_draft_mend_propose_adopt_and_see_it_locked(server, browser)
    return made["ra"]


@pytest.mark.parametrize("who", ["vro", "utrecht", "lezer"])
def test_axe_finds_no_violations_on_the_arrangement_pages(world, browser, who):
    rid = _ready(world, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, world, who)
    paths = ("/arrangementen", f"/arrangementen/{rid}", f"/arrangementen/{made['ra2028']}",
             f"/arrangementen/{rid}/verschil/{made['ra2028']}", "/arrangementen?jaar=abc")  # fmt: skip
    for path in paths:
        page.goto(f"{world}{path}")
        assert_accessible(page, path)
    if who != "lezer":  # a refused form: the summary at the top and at the form, the field marked invalid
        page.goto(f"{world}/arrangementen/{made['ra2028']}")
        block = open_details(page, "Investeringsafspraak toevoegen")
        block.get_by_label("Fonds").select_option("deltafonds")
        block.get_by_label("Nationaal programma").fill("Nationaal Waterprogramma 2022-2027")
        block.get_by_label("Bedrag in euro").fill("twaalf miljoen")
        block.get_by_label("Gelabeld voor (de gebiedsopgave)").fill("Waterberging Lopikerwaard")
        block.get_by_role("button", name="Investeringsafspraak toevoegen").click()
        page.get_by_role("alert").first.wait_for()
        assert "bedrag: 'twaalf miljoen' is geen bedrag" in page.locator("#fouten-investering").inner_text()
        assert page.get_by_label("Bedrag in euro").input_value() == "twaalf miljoen"
        assert page.get_by_label("Bedrag in euro").get_attribute("aria-invalid") == "true"
        if who == "utrecht":
            snap(page, "13-geweigerd-formulier-desktop", page.locator("#investeringen"))
        assert_accessible(page, "refused investment form")
    context.close()


def test_the_forms_work_with_the_keyboard_only(world, browser):
    _ready(world, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, world, "utrecht")
    page.goto(f"{world}/arrangementen/{made['ra2028']}")
    summary = page.locator("summary", has_text="Tekst van onderdeel 1 wijzigen")
    summary.focus()
    page.keyboard.press("Enter")  # unfolds the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "onderdeel-1-toelichting"
    page.keyboard.type("Wonen en water in balans langs de A12 en in de Lopikerwaard.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tekst opslaan"
    page.keyboard.press("Enter")
    status(page, "De tekst van het onderdeel is opgeslagen.")
    assert "Wonen en water in balans" in page.locator("#onderdeel-1").inner_text()

    # the new-version form on the list: Tab from the year to the choice of generation to the button
    page.goto(f"{world}/arrangementen")
    page.locator("#nieuw-jaar").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("2027")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "generatie"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Concept aanmaken"
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "heeft al een ruimtelijk arrangement voor 2027" in alert.inner_text()
    assert page.locator("#nieuw-jaar").input_value() == "2027"  # what was typed stays
    context.close()


def test_the_arrangement_pages_fit_a_390_px_screen(world, browser):
    _ready(world, browser)
    shots = {"/arrangementen": "09-arrangementen-390", f"/arrangementen/{made['ra2028']}": "10-arrangement-concept-390",
             f"/arrangementen/{made['ra']}": "11-arrangement-vastgesteld-390",
             f"/arrangementen/{made['ra']}/verschil/{made['ra2028']}": "12-verschil-390"}  # fmt: skip
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, world, "utrecht")
    for path, name in shots.items():
        page.goto(f"{world}{path}")
        page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        snap(page, name)
    context.close()
