"""The vraagstukken dialogue in real headless Chromium: from a conflict on the map to besluitvorming.

A province planner opens a conflict on the province map and signals a pre-filled vraagstuk;
VRO frames it, triages it, moves it to oordeelsvorming, fills the Format aanpak, downloads
its A5 PDF and puts it up for besluitvorming. axe-core checks the board, the form and the
vraagstuk page; the board is used with the keyboard only; screenshots at desktop and 390 px
go to docs/screenshots/issue-16/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.browser.support import axe_violations, login, new_context, snapper

# What a browser shows and how it is operated does not depend on the database: SQLite only
# (the pages' queries run on both backends in tests/integration).
pytestmark = pytest.mark.sqlite_only

snap = snapper("issue-16")
CONFLICT = "C-10-11"  # the example data's Soesterberg conflict in Utrecht: Defensie × wonen, 100 ha
AANPAK = {
    "Aanpak": "Ontwerpend onderzoek met provincie, gemeente Soest en Defensie naar de zonering.",
    "Tempo": "Keuze binnen zes maanden, vóór de herziening van de POVI.",
    "Fasering": "1. verkennen (Q1), 2. varianten (Q2), 3. voorstel aan het DO NOVEX (Q3).",
    "Rolverdeling": "VRO trekt de afweging; Defensie levert de veiligheidszones; de provincie de woningbouwopgave.",
    "Benodigde besluitvorming": "GS en de minister van Defensie leggen de zonering vast.",
    "Hoe het besluit wordt gemonitord": "In de voortgangsrapportage van het Ruimtelijk Arrangement.",
}
made: dict[str, int] = {}


def test_from_a_conflict_on_the_map_to_besluitvorming(server, browser):
    # 1. The province planner: the conflict on the map → "Nieuw vraagstuk" → pre-filled form → save.
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    page.goto(f"{server}/provincies/PV26")
    conflict = page.locator(f"svg#kaart-provincie path.conflict[data-conflict='{CONFLICT}']")
    conflict.focus()
    page.keyboard.press("Enter")  # a conflict on the map is a button (click, or Tab and Enter)
    details = page.locator("#details")
    assert f"Conflict {CONFLICT}" in details.inner_text() and "Soesterberg" in details.inner_text()
    snap(page, "01-provincie-conflict-nieuw-vraagstuk")
    details.get_by_role("link", name="Nieuw vraagstuk").click()
    page.wait_for_url(f"{server}/vraagstukken/nieuw?conflict={CONFLICT}")
    assert page.get_by_label("Titel").input_value() == "Oefenterrein Soesterberg – Woningbouw Vliegbasis Soesterberg"
    assert "Een conflict is een invoer, geen signaal" in page.locator("main").inner_text()
    assert page.locator("#veld-provincies").get_by_label("Utrecht").is_checked()
    assert page.get_by_label("Conflicten").input_value() == CONFLICT
    snap(page, "02-nieuw-vraagstuk-uit-conflict")
    page.get_by_role("button", name="Vraagstuk signaleren").click()
    alert = page.get_by_role("alert")  # the herkomst is asked for, not assumed
    assert "herkomst: kies waar het vraagstuk vandaan komt" in alert.inner_text()
    assert page.get_by_label("Titel").input_value().startswith("Oefenterrein Soesterberg")  # nothing lost
    page.get_by_label("Herkomst").select_option("voortgang")
    page.get_by_role("button", name="Vraagstuk signaleren").click()
    page.get_by_role("status").get_by_text("Het vraagstuk is gesignaleerd.").wait_for()
    vid = int(re.search(r"/vraagstukken/(\d+)", page.url).group(1))
    made["vraagstuk"] = vid
    assert page.locator(".fase-label").inner_text() == "Gesignaleerd"
    assert page.locator("svg#kaart-vraagstuk path[data-claim]").count() == 2  # the conflict's two claims
    assert page.get_by_role("button", name="Triage opslaan").count() == 0  # VRO's, not the province's
    context.close()

    # 2. VRO: frame it (edit), take it into beeldvorming, triage, oordeelsvorming, Format aanpak, A5, besluitvorming.
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/vraagstukken/{vid}")
    refused = page.locator(".overgang", has=page.get_by_role("button", name="In beeldvorming nemen"))
    assert page.get_by_role("button", name="In beeldvorming nemen").is_disabled()
    assert "inkadering" in refused.locator(".redenen").inner_text()  # the reason as text, not only a tooltip
    page.get_by_role("link", name="Wijzigen").click()
    page.get_by_label("Eerste inkadering").fill("Uitvoeringsstrategie Nota Ruimte: defensieruimte en verstedelijking.")
    page.locator("#veld-aard").get_by_label("wegen").check()
    page.get_by_label("Accounthouder").fill("vro@novex.test")
    page.get_by_label("Reden van de wijziging").fill("Ingekaderd op de Regietafel")
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    page.get_by_role("status").get_by_text("De wijzigingen zijn opgeslagen.").wait_for()
    page.get_by_role("button", name="In beeldvorming nemen").click()
    page.get_by_role("status").get_by_text("naar de fase beeldvorming").wait_for()

    triage = page.locator("#triage")
    assert "Bron: seed 002 §3.3" in triage.inner_text()
    page.locator("#triage-besluit-3").get_by_label("ja, voldoet").check()
    page.get_by_label("Advies van de VRO-accounthouder").fill("Oppakken: twee nationale belangen botsen.")
    page.get_by_label("Besloten door").select_option("Regietafel NOVEX")
    page.get_by_role("button", name="Triage opslaan").click()
    page.locator("#triage").get_by_role("status").get_by_text("De triage is opgeslagen.").wait_for()
    assert "triage compleet" in page.locator("#triage").inner_text()
    page.get_by_role("button", name="Agenderen voor oordeelsvorming").click()
    page.get_by_role("status").get_by_text("naar de fase oordeelsvorming").wait_for()

    for label, text in AANPAK.items():
        page.locator("#aanpak").get_by_label(label).fill(text)
    page.get_by_role("button", name="Aanpak opslaan").click()
    page.locator("#aanpak").get_by_role("status").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="A5 voor de partijen (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and download.value.suggested_filename == f"aanpak-vraagstuk-{vid}.pdf"
    with page.expect_download() as public:
        page.get_by_role("link", name="openbare variant zonder namen (PDF)").click()
    assert Path(public.value.path()).read_bytes().startswith(b"%PDF")
    page.get_by_role("button", name="Voorleggen voor besluitvorming").click()
    page.get_by_role("status").get_by_text("naar de fase besluitvorming").wait_for()
    assert page.locator(".fase-label").inner_text() == "Besluitvorming"
    assert page.locator(".fasestappen [aria-current='step']").inner_text().startswith("Besluitvorming")
    history = page.locator("#geschiedenis ol.tijdlijn > li").first.inner_text()
    assert "Oordeelsvorming → Besluitvorming" in history and "vro@novex.test" in history
    snap(page, "03-vraagstuk-besluitvorming-desktop")
    context.close()


def _vraagstuk(server, browser) -> int:
    """The vraagstuk of the flow above (or a new one, when this test runs alone)."""
    if "vraagstuk" not in made:
        context = new_context(browser)
        page = context.new_page()
        login(page, server, "utrecht")
        page.goto(f"{server}/vraagstukken/nieuw?conflict={CONFLICT}")
        page.get_by_label("Herkomst").select_option("voortgang")
        page.get_by_role("button", name="Vraagstuk signaleren").click()
        page.get_by_role("status").wait_for()
        made["vraagstuk"] = int(re.search(r"/vraagstukken/(\d+)", page.url).group(1))
        context.close()
    return made["vraagstuk"]


@pytest.mark.parametrize("who", ["vro", "utrecht", "lezer"])
def test_axe_finds_no_violations_on_the_board_the_form_and_the_vraagstuk(server, browser, who):
    vid = _vraagstuk(server, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, server, who)
    paths = ["/vraagstukken", "/vraagstukken?weergave=tabel", f"/vraagstukken/{vid}"]
    if who != "lezer":
        paths.append(f"/vraagstukken/nieuw?conflict={CONFLICT}")
    if who == "vro":
        paths.append(f"/vraagstukken/{vid}/bewerken")
    for path in paths:
        page.goto(f"{server}{path}")
        page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")  # check folded parts too
        found = axe_violations(page)
        assert found == [], (path, json.dumps(found, indent=1))
    context.close()


def test_the_board_is_usable_with_the_keyboard(server, browser):
    vid = _vraagstuk(server, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")

    def tab_to(predicate: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"(() => {{ const e = document.activeElement; return {predicate}; }})()"):
                return
        raise AssertionError(f"never reached by Tab: {predicate}")

    tab_to("e.matches('nav.menu a') && e.textContent.trim() === 'Vraagstukken'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/vraagstukken")
    tab_to(f"e.matches('.kaartje-titel a') && e.getAttribute('href') === '/vraagstukken/{vid}'")
    outline = page.evaluate("getComputedStyle(document.activeElement.closest('.kaartje')).outlineStyle")
    assert outline == "solid"  # the focused card shows where the focus is
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/vraagstukken/{vid}")
    context.close()


SEEDS = [  # title, province, domain, priority, next table, deadline, how far along
    ("Waterberging en woningbouw in de Zuidplaspolder", "PV28", "water", "hoog", "do-novex", "2027-03-01", None),
    ("Zon op landbouwgrond bij Lopik", "PV26", "energie-zon", "midden", "accountteam", "", None),
    ("Netcongestie en werklocaties rond Amersfoort", "PV26", "energienetten", "hoog", "regietafel", "2027-06-30",
     "beeldvorming"),
    ("Groene Hart: bodemdaling en veenweide", "PV28", "landbouw", "laag", "", "", "beeldvorming"),
    ("Defensieterrein Leusderheide en natuur", "PV26", "defensie", "midden", "do-novex", "2027-01-15",
     "oordeelsvorming"),
    ("Bedrijventerrein langs de A12", "PV26", "economie", "laag", "", "", "afgesloten"),
]  # fmt: skip


def seed_the_board(page, server) -> None:
    """A few vraagstukken in several phases, through the forms (for screenshots that show a real board)."""
    if made.get("seeded"):
        return

    def token(path: str) -> str:
        page.goto(f"{server}{path}")
        return page.locator('input[name="csrf"]').first.get_attribute("value")

    def version(vid: int) -> str:
        return str(json.loads(page.request.get(f"{server}/api/v1/vraagstukken/{vid}").text())["versie"])

    def send(path: str, form: dict) -> None:
        response = page.request.post(f"{server}{path}", form=form, max_redirects=0)
        assert response.status in (303, 302), (path, response.status, response.text()[:400])

    csrf = token("/vraagstukken/nieuw")
    for titel, provincie, domein, prioriteit, tafel, deadline, stage in SEEDS:
        form = {"csrf": csrf, "titel": titel, "provincies": provincie, "herkomst": "voortgang", "domeinen": domein,
                "prioriteit": prioriteit, "volgende_tafel": tafel, "deadline": deadline,
                "accounthouder": "vro@novex.test", "aard": "wegen",
                "inkadering": "Uitvoeringsstrategie van de Nota Ruimte." if stage else ""}  # fmt: skip
        response = page.request.post(f"{server}/vraagstukken/nieuw", form=form, max_redirects=0)
        vid = int(re.search(r"/vraagstukken/(\d+)", response.headers["location"]).group(1))
        if stage:
            send(f"/vraagstukken/{vid}/overgang", {"csrf": csrf, "versie": version(vid), "naar": "beeldvorming"})
        if stage in ("oordeelsvorming", "afgesloten"):
            triage = {"besluit_1": "ja", "besluit_2a": "ja", "besluit_2b": "nee", "besluit_3": "ja",
                      "advies": "Oppakken", "besloten_door": "Regietafel NOVEX"}  # fmt: skip
            send(f"/vraagstukken/{vid}/triage", {"csrf": csrf, "versie": version(vid), **triage})
            move = {"naar": stage, "reden": "Past in het programma Mooi Nederland; hoeft niet door."}
            send(f"/vraagstukken/{vid}/overgang", {"csrf": csrf, "versie": version(vid), **move})
    made["seeded"] = 1


def test_the_pages_fit_a_390_px_screen(server, browser):
    vid = _vraagstuk(server, browser)
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    seed_the_board(page, server)
    context.close()
    for who in ("vro", "utrecht"):
        context = new_context(browser, 390)
        page = context.new_page()
        login(page, server, who)
        for path in ("/vraagstukken", "/vraagstukken?weergave=tabel", f"/vraagstukken/{vid}",
                     f"/vraagstukken/nieuw?conflict={CONFLICT}"):  # fmt: skip
            page.goto(f"{server}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} scrolls sideways on a phone ({width}px, {who})"
        if who == "vro":
            page.goto(f"{server}/vraagstukken")
            snap(page, "04-bord-390")
            page.goto(f"{server}/vraagstukken/{vid}")
            snap(page, "05-vraagstuk-390")
            page.goto(f"{server}/vraagstukken/nieuw?conflict={CONFLICT}")
            snap(page, "06-nieuw-vraagstuk-390")
        context.close()
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "vro")
    page.goto(f"{server}/vraagstukken")
    snap(page, "07-bord-desktop")
    page.goto(f"{server}/vraagstukken?weergave=tabel")
    snap(page, "08-tabel-desktop")
    context.close()
