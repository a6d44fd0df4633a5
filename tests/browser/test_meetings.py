"""The meeting cycle in real headless Chromium: a signal from a conflict, through a snelle tafel, onto a DO agenda.

A province planner signals a vraagstuk from the conflict on the province map; VRO starts the
fast procedure (seed 002 §4.2), records the signal, the snelle selectie (adding an expert to
the directory first) and a snelle tafel with two options, downloads the note, feeds it back to
the DO NOVEX, fixes the year plan and finds the vraagstuk on the draft agenda of the DO NOVEX
of Utrecht once it is in oordeelsvorming. axe-core checks the calendar, the meeting page, the
vraagstuk page with the panel and the werkplaatsen; screenshots at desktop and 390 px go to
docs/screenshots/issue-17/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.support import assert_accessible, login, new_context, snapper, status

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("issue-17")
CONFLICT = "C-10-11"  # the example data's Soesterberg conflict in Utrecht: Defensie × wonen
CRITERIA = ("meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten")
made: dict[str, int] = {}


def signal_from_the_map(browser, server) -> int:
    """The province planner: the conflict on the map → "Nieuw vraagstuk" → the pre-filled form → save."""
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/provincies/PV26")
    conflict = page.locator(f"svg#kaart-provincie path.conflict[data-conflict='{CONFLICT}']")
    conflict.focus()
    page.keyboard.press("Enter")
    page.locator("#details").get_by_role("link", name="Nieuw vraagstuk").click()
    page.wait_for_url(f"{server}/vraagstukken/nieuw?conflict={CONFLICT}")
    page.get_by_label("Herkomst").select_option("voortgang")
    page.get_by_role("button", name="Vraagstuk signaleren").click()
    status(page, "Het vraagstuk is gesignaleerd.")
    vid = int(re.search(r"/vraagstukken/(\d+)", page.url).group(1))
    assert page.locator("#snelle-procedure").get_by_text("niet gestart").is_visible()
    assert page.get_by_role("button", name="Snelle procedure starten").count() == 0  # VRO's, not the province's
    context.close()
    return vid


def schedule_the_year(page, server) -> None:
    page.goto(f"{server}/vergaderingen?jaar=2027")
    button = page.get_by_role("button", name="Jaarplanning vastleggen")
    if button.count():
        button.click()
        status(page, "De jaarplanning 2027 is vastgelegd")


def draft_of_utrecht(page, server) -> str:
    """The text of the DO NOVEX Utrecht's draft agenda, reached from the calendar."""
    page.goto(f"{server}/vergaderingen?jaar=2027&landsdeel=noordwest")
    page.get_by_role("link", name="DO NOVEX Utrecht").first.click()
    page.get_by_role("heading", name="DO NOVEX Utrecht").wait_for()
    page.get_by_role("link", name="Conceptagenda uit de vraagstukken").click()
    page.get_by_role("heading", name="Conceptagenda: DO NOVEX Utrecht").wait_for()
    return page.locator("main").inner_text()


def test_signal_from_a_conflict_to_a_snelle_tafel_note_to_the_do_agenda(server, browser):
    vid = made["vraagstuk"] = signal_from_the_map(browser, server)
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    schedule_the_year(page, server)
    assert f"Vraagstuk {vid}:" not in draft_of_utrecht(page, server)  # only signalled: not ready for the DO

    # 1. Signalering: start, the quick check and the one-page signal (pre-filled from the conflict's claims)
    page.goto(f"{server}/vraagstukken/{vid}#snelle-procedure")
    page.get_by_role("button", name="Snelle procedure starten").click()
    status(page, "De snelle procedure is gestart")
    panel = page.locator("#snelle-procedure")
    assert "Oefenterrein Soesterberg" in panel.get_by_label("Wat botst? (functies, claims)").input_value()
    assert panel.get_by_label("Waar? (gebied)").input_value() == "Utrecht"
    assert panel.get_by_role("button", name="Naar de snelle selectie").is_disabled()
    assert "'signaal' ontbreekt" in panel.locator(".redenen").first.inner_text()
    panel.locator("#snelle-signaal-botsend").get_by_label("ja").check()
    panel.get_by_label("Motivering van de snelle check").fill(
        "Nationaal kader: ruimte voor defensie tegenover de woningbouwopgave."
    )
    panel.get_by_label("Waarom is dat urgent?").fill("De POVI wordt herzien; het BOL van september moet kiezen.")
    snap(page, "01-snelle-procedure-signaal-desktop", panel)
    assert_accessible(page, "vraagstuk met het signaalformulier")
    panel.get_by_role("button", name="Signaal opslaan").click()
    status(page, "Het signaal is opgeslagen.")
    page.get_by_role("button", name="Naar de snelle selectie").click()
    status(page, "Snelle selectie")

    # 2. Snelle selectie: add an expert to the directory first (people, not whole ministries)
    panel = page.locator("#snelle-procedure")
    assert "personen, niet automatisch hele departementen" in panel.inner_text()
    if "Het register van experts is nog leeg" in panel.inner_text():
        panel.get_by_role("link", name="Een expert toevoegen aan het register").click()
        page.get_by_label("Naam", exact=True).fill("Ir. D. Efensie")
        page.get_by_role("combobox", name="Ministerie").fill("Defensie")
        page.locator("#expert-domeinen").get_by_label("Defensie").check()
        page.get_by_role("button", name="Expert toevoegen").click()
        page.wait_for_url(re.compile(rf".*/vraagstukken/{vid}\?gedaan=snelle-expert.*"))
        status(page, "De expert staat in het register")
    panel = page.locator("#snelle-procedure")
    for code in CRITERIA:
        block = panel.locator(f"#snelle-selectie-{code}")
        block.get_by_label("ja").check()
        block.get_by_label("Motivering").fill(f"Voldaan: {code.replace('-', ' ')}.")
    panel.locator("#snelle-selectie-opschalen").get_by_label("ja, opschalen naar een snelle tafel").check()
    panel.get_by_label(re.compile("Ir. D. Efensie")).first.check()
    snap(page, "02-snelle-selectie-desktop", panel)
    assert_accessible(page, "vraagstuk met het selectieformulier")
    panel.get_by_role("button", name="Selectie opslaan").click()
    status(page, "De snelle selectie is opgeslagen.")
    page.get_by_role("button", name="Opschalen naar een snelle tafel").click()
    status(page, "Snelle tafel")

    # 3. Snelle tafel: two options; it explores options but takes no decision
    panel = page.locator("#snelle-procedure")
    assert panel.get_by_text("Een snelle tafel verkent opties maar neemt geen besluiten.").is_visible()
    panel.get_by_label("Probleemdefinitie (gedeeld beeld)").fill(
        "Woningbouw op de vliegbasis raakt de veiligheidszone van het oefenterrein."
    )
    for k, titel in ((1, "Zonering met bufferzone"), (2, "Oefenterrein verplaatsen")):
        block = panel.locator(f"#snelle-tafel-optie{k}")
        block.get_by_label("Titel").fill(titel)
        for label in ("Voordelen", "Nadelen", "Ruimtelijke implicaties", "Bestuurlijke implicaties",
                      "Juridische implicaties"):  # fmt: skip
            block.get_by_label(label).fill(f"{label} van {titel.lower()}.")
    panel.locator("#snelle-tafel-advies").get_by_label("bestuurlijk agenderen").check()
    panel.get_by_label("Toelichting op het advies").fill("Het DO NOVEX Utrecht weegt beide richtingen.")
    snap(page, "03-snelle-tafel-desktop", panel)
    assert_accessible(page, "vraagstuk met het tafelformulier")
    panel.get_by_role("button", name="Notitie opslaan").click()
    status(page, "De notitie van de snelle tafel is opgeslagen.")
    notitie = page.locator("#snelle-procedure li", has_text="Notitie van de snelle tafel")
    with page.expect_download() as download:
        notitie.get_by_role("link", name="voor de partijen (PDF)").click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename == f"snelle-tafel-vraagstuk-{vid}.pdf"
    page.get_by_role("button", name="Terugkoppelen in de bestaande lijn").click()
    status(page, "Terugkoppeling in bestaande lijn")

    # 4. Terugkoppeling to the DO NOVEX, via the Regietafel; the RA anchors the outcome
    panel = page.locator("#snelle-procedure")
    panel.locator("#snelle-terugkoppeling-lijn").get_by_label("DO NOVEX").check()
    panel.get_by_label("Via de Regietafel NOVEX").check()
    panel.get_by_label("Uitkomst", exact=True).fill(
        "Agenderen in het DO NOVEX Utrecht: keuze tussen zonering en verplaatsing."
    )
    panel.locator("#snelle-terugkoppeling-ra").get_by_label("het RA verankert de uitkomst bestuurlijk").check()
    panel.get_by_role("button", name="Terugkoppeling opslaan").click()
    status(page, "De terugkoppeling is opgeslagen.")
    page.get_by_role("button", name="Afronden").click()
    status(page, "Afgerond")
    history = page.locator("#snelle-procedure ol.tijdlijn").inner_text()
    assert history.index("Terugkoppeling in bestaande lijn → Afgerond") < history.index(
        "1. Signalering → 2. Snelle selectie"
    )
    snap(page, "04-snelle-procedure-afgerond-desktop", page.locator("#snelle-procedure"))

    # the vraagstuk to oordeelsvorming through its page (as test_dialogue.py does)
    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Eerste inkadering").fill("Uitvoeringsstrategie Nota Ruimte: defensieruimte en verstedelijking.")
    page.locator("#veld-aard").get_by_label("wegen").check()
    page.get_by_label("Accounthouder").fill("vro@novex.test")
    page.get_by_label("Reden van de wijziging").fill("Uit de snelle tafel")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    status(page, "De wijzigingen zijn opgeslagen.")
    page.get_by_role("button", name="In beeldvorming nemen").click()
    status(page, "naar de fase beeldvorming")
    page.locator("#triage-besluit-3").get_by_label("ja, voldoet").check()
    page.get_by_label("Advies van de VRO-accounthouder").fill("Oppakken: uitkomst van de snelle tafel.")
    page.get_by_label("Besloten door").select_option("Regietafel NOVEX")
    page.get_by_role("button", name="Triage opslaan").click()
    page.locator("#triage").get_by_role("status").wait_for()
    page.get_by_role("button", name="Agenderen voor oordeelsvorming").click()
    status(page, "naar de fase oordeelsvorming")

    # the DO NOVEX of Utrecht: the draft agenda now holds the vraagstuk; fix it
    text = draft_of_utrecht(page, server)
    assert f"Vraagstuk {vid}: Oefenterrein Soesterberg" in text and "oordeelsvorming" in text
    assert page.locator("input[name='opnemen'][value='0']").is_checked()
    snap(page, "05-conceptagenda-desktop")
    page.get_by_role("button", name="Agenda vaststellen").click()
    status(page, "De agenda is vastgesteld.")
    made["do"] = int(re.search(r"/vergaderingen/(\d+)", page.url).group(1))
    agenda = page.locator("#agenda").inner_text()
    assert "1. Oefenterrein Soesterberg" in agenda and "oordeelsvorming: aanpak bespreken" in agenda
    snap(page, "06-vergadering-do-novex-desktop")
    context.close()


def _ready(server, browser) -> tuple[int, int]:
    """The vraagstuk and the DO NOVEX of the flow above (made here when this test runs alone)."""
    if "vraagstuk" not in made:
        made["vraagstuk"] = signal_from_the_map(browser, server)
    if "do" not in made:
        context = new_context(browser)
        page = context.new_page()
        login(page, server, "vro")
        schedule_the_year(page, server)
        draft_of_utrecht(page, server)
        made["do"] = int(re.search(r"/vergaderingen/(\d+)", page.url).group(1))
        context.close()
    return made["vraagstuk"], made["do"]


@pytest.mark.parametrize("who", ["vro", "utrecht", "lezer"])
def test_axe_finds_no_violations_on_the_meeting_pages(server, browser, who):
    vid, do = _ready(server, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, server, who)
    paths = ["/vergaderingen?jaar=2027", "/vergaderingen?jaar=2027&weergave=tabel", f"/vergaderingen/{do}",
             f"/vraagstukken/{vid}", "/werkplaatsen", "/experts"]  # fmt: skip
    if who == "vro":
        paths += [f"/vergaderingen/{do}/agenda", "/werkplaatsen/nieuw", "/vergaderingen?jaar=2028"]
    for path in paths:
        page.goto(f"{server}{path}")
        assert_accessible(page, path)
    context.close()


def test_the_meeting_pages_fit_a_390_px_screen(server, browser):
    vid, do = _ready(server, browser)
    shots = {"/vergaderingen?jaar=2027&landsdeel=noordwest": "07-vergaderingen-tijdlijn-390",
             "/vergaderingen?jaar=2027&landsdeel=noordwest&weergave=tabel": "08-vergaderingen-tabel-390",
             f"/vergaderingen/{do}": "09-vergadering-390", f"/vergaderingen/{do}/agenda": "10-conceptagenda-390",
             f"/vraagstukken/{vid}": None, "/werkplaatsen": "11-werkplaatsen-390", "/experts": None,
             "/werkplaatsen/nieuw": None, "/vergaderingen?jaar=2028": None}  # fmt: skip
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, "vro")
    for path, name in shots.items():
        page.goto(f"{server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} scrolls sideways on a phone ({width}px)"
        if name:
            snap(page, name)
    page.goto(f"{server}/vraagstukken/{vid}#snelle-procedure")
    snap(page, "12-snelle-procedure-390", page.locator("#snelle-procedure"))
    context.close()

    # a fresh vraagstuk with the signal form open, at 390 px
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/vraagstukken/nieuw")
    page.get_by_label("Titel").fill("Zon op landbouwgrond bij Lopik")
    page.locator("#veld-provincies").get_by_label("Utrecht").check()
    page.get_by_label("Herkomst").select_option("informeel-contact")
    page.get_by_role("button", name="Vraagstuk signaleren").click()
    status(page, "Het vraagstuk is gesignaleerd.")
    page.get_by_role("button", name="Snelle procedure starten").click()
    status(page, "De snelle procedure is gestart")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    snap(page, "13-signaalformulier-390", page.locator("#snelle-procedure"))
    context.close()

    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    for path, name in (("/vergaderingen?jaar=2027", "14-vergaderingen-desktop"),
                       ("/vergaderingen?jaar=2027&weergave=tabel", "15-vergaderingen-tabel-desktop"),
                       ("/werkplaatsen", "16-werkplaatsen-desktop"), ("/experts", "17-experts-desktop"),
                       ("/werkplaatsen/nieuw", "18-sessie-formulier-desktop")):  # fmt: skip
        page.goto(f"{server}{path}")
        snap(page, name)
    context.close()
