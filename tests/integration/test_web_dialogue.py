"""The vraagstukken pages (seed 002): board, signalling, the vraagstuk page and its forms, per role.

Every form is posted as a browser would (a session cookie and the CSRF token from the page);
refusals must come back in Dutch with the user's input kept and nothing stored.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from novex import bootstrap
from novex.access import Actor, Role
from novex.dialogue.model import VraagstukDraft
from tests.fixtures.web import EMAILS, XSS, alert, csrf_of, field, web_world

AANPAK = {"aanpak": "Ontwerpend onderzoek met provincie en Defensie.", "tempo": "Binnen een half jaar.",
          "fasering": "Eerst verkennen, dan kiezen.", "rolverdeling": "VRO trekt; Defensie levert kennis.",
          "besluitvorming": "GS en de minister leggen de keuze vast.", "monitoring": "Via de voortgang."}  # fmt: skip


@pytest.fixture
def web(settings):
    return web_world(settings)


def signal(web, who: str = "utrecht", **fields) -> int:
    """Signal through the web form; the new vraagstuk's id."""
    client = getattr(web, who)
    form = {"csrf": csrf_of(client.get("/vraagstukken/nieuw").text), "titel": "Soesterberg: wonen of wind",
            "provincies": ["PV26"], "herkomst": "voortgang", **fields}  # fmt: skip
    response = client.post("/vraagstukken/nieuw", data=form, follow_redirects=False)
    assert response.status_code == 303, alert(response.text) or response.text[-2000:]
    return int(response.headers["location"].split("/")[2].split("?")[0])


def post(web, who: str, vid: int, path: str, **form):
    client = getattr(web, who)
    token = csrf_of(client.get(f"/vraagstukken/{vid}").text)
    version = web.api.vro.get(f"/api/v1/vraagstukken/{vid}").json()["versie"]
    return client.post(f"/vraagstukken/{vid}/{path}", data={"csrf": token, "versie": version, **form},
                       follow_redirects=False)  # fmt: skip


def state(web, vid: int) -> dict:
    return web.api.vro.get(f"/api/v1/vraagstukken/{vid}").json()


def to_beeldvorming(web, vid: int) -> None:
    api = web.api.vro
    body = {k: v for k, v in state(web, vid).items() if k in ("titel", "provincies", "herkomst", "claims")}
    body |= {"inkadering": "Uitvoeringsstrategie NR: verstedelijking en defensie.", "aard": ["wegen"],
             "versie": state(web, vid)["versie"]}  # fmt: skip
    assert api.put(f"/api/v1/vraagstukken/{vid}", json=body).status_code == 200
    assert post(web, "vro", vid, "overgang", naar="beeldvorming").status_code == 303


def triage_form(**overrides) -> dict:
    form = {"besluit_1": "ja", "besluit_2a": "ja", "besluit_2b": "nee", "besluit_3": "ja",
            "motivering_3": "Prioriteit in de POVI.", "advies": "Oppakken.", "besloten_door": "Regietafel NOVEX"}  # fmt: skip
    return form | overrides


# -- the board -------------------------------------------------------------------------------------


def test_the_board_shows_each_role_what_it_may_read(web):
    own = signal(web, titel="Utrechtse kwestie")
    web.api.vro.post("/api/v1/vraagstukken", json={"titel": "Zuid-Hollandse kwestie", "provincies": ["PV28"]})
    vro = web.vro.get("/vraagstukken").text
    assert "Utrechtse kwestie" in vro and "Zuid-Hollandse kwestie" in vro
    assert 'href="/vraagstukken/nieuw"' in vro and "ontwerpkeuze van dit platform" in vro  # the landsdeel note
    for fase in ("Gesignaleerd", "Beeldvorming", "Oordeelsvorming", "Besluitvorming", "Afgerond"):
        assert f">{fase} <span" in vro or f">{fase}</h2>" in vro
    utrecht = web.utrecht.get("/vraagstukken").text
    assert "Utrechtse kwestie" in utrecht and "Zuid-Hollandse kwestie" not in utrecht
    assert 'name="provincie"' not in utrecht  # a province filters nothing beyond its own
    zh = web.zuid_holland.get("/vraagstukken?weergave=tabel").text
    assert "Zuid-Hollandse kwestie" in zh and "Utrechtse kwestie" not in zh
    lezer = web.lezer.get("/vraagstukken").text
    assert "Utrechtse kwestie" in lezer and 'href="/vraagstukken/nieuw"' not in lezer
    assert f'href="/vraagstukken/{own}"' in lezer  # a card is a link


def test_the_board_filters_and_its_table_view(web):
    signal(web, titel="Wonen bij Utrecht", domeinen=["wonen"])
    web.api.vro.post("/api/v1/vraagstukken", json={"titel": "Haven Rotterdam", "provincies": ["PV28"],
                                                   "domeinen": ["industrie"], "accounthouder": EMAILS["vro"]})  # fmt: skip
    noordwest = web.vro.get("/vraagstukken", params={"landsdeel": "noordwest"}).text
    assert "Wonen bij Utrecht" in noordwest and "Haven Rotterdam" not in noordwest
    assert "Haven Rotterdam" not in web.vro.get("/vraagstukken", params={"domein": "wonen"}).text
    table = web.vro.get("/vraagstukken", params={"weergave": "tabel", "accounthouder": EMAILS["vro"]}).text
    assert "<table" in table and "Haven Rotterdam" in table and "Wonen bij Utrecht" not in table
    assert "Wonen bij Utrecht" in web.vro.get("/vraagstukken", params={"weergave": "tabel", "tekst": "utrecht"}).text
    both = web.vro.get("/vraagstukken", params={"provincie": "PV28", "landsdeel": "noordwest"}).text
    assert "Haven Rotterdam" not in both and "Wonen bij Utrecht" not in both
    bad = web.vro.get("/vraagstukken", params={"domein": "kernenergie"})
    assert bad.status_code == 400 and "onbekend domein 'kernenergie'" in alert(bad.text)


def test_the_board_with_a_thousand_vraagstukken_asks_the_database_a_few_times(web):
    """A board of 1,000 vraagstukken is one list query (its links in batches), not one query per card.

    Its response times are measured by `benchmarks/api_latency.py` (the board and the table view)."""
    db = bootstrap.database(web.settings)
    vro = Actor(None, EMAILS["vro"], Role.VRO)
    with db.session() as session:
        service = bootstrap.vraagstuk_service(session)
        for i in range(1000):
            service.signal(vro, VraagstukDraft(titel=f"Vraagstuk {i}", provincies=(("PV26", "PV28", "PV21")[i % 3],),
                                               herkomst="voortgang", domeinen=("wonen", "natuur"),
                                               prioriteit="hoog" if i % 7 == 0 else None))  # fmt: skip
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        board = web.vro.get("/vraagstukken")
        board_queries = len(statements)
        statements.clear()
        table = web.vro.get("/vraagstukken", params={"weergave": "tabel", "pagina": 3})
        table_queries = len(statements)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert board.status_code == 200 and "Alle 1.000 in gesignaleerd in de tabel" in board.text
    assert table.status_code == 200 and "pagina 3 van 20" in table.text
    assert board_queries < 20, board_queries  # one list query (links in two batches), not one per card
    assert table_queries < 20, table_queries


# -- signalling ----------------------------------------------------------------------------------


def test_a_conflict_prefills_the_new_form_and_is_not_a_signal(web):
    page = web.utrecht.get("/vraagstukken/nieuw", params={"conflict": web.conflict}).text
    assert "Een conflict is een invoer, geen signaal" in page and "ernst = H × log2(1 + A)" in page
    assert field(page, "titel") == "Wijk – Windpark" and field(page, "conflicten") == web.conflict
    assert re.search(r'name="provincies" value="PV26" checked', page)
    assert re.search(r'<option value="">— kies de herkomst —</option>', page)
    assert not re.search(r'name="herkomst".*?selected', page.split('id="veld-herkomst"')[1].split("</select>")[0])
    token = csrf_of(page)
    form = {"csrf": token, "titel": "Wijk – Windpark", "provincies": ["PV26"], "conflicten": web.conflict,
            "claims": ", ".join(map(str, web.claims)), "bron_conflict": web.conflict, "herkomst": ""}  # fmt: skip
    refused = web.utrecht.post("/vraagstukken/nieuw", data=form)
    assert refused.status_code == 400 and "herkomst: kies waar het vraagstuk vandaan komt" in alert(refused.text)
    assert field(refused.text, "titel") == "Wijk – Windpark" and "Een conflict is een invoer" in refused.text
    assert web.api.vro.get("/api/v1/vraagstukken").json()["numberMatched"] == 0
    saved = web.utrecht.post("/vraagstukken/nieuw", data=form | {"herkomst": "informeel-contact"},
                             follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    page = web.utrecht.get(saved.headers["location"]).text
    assert "Het vraagstuk is gesignaleerd." in page and 'id="kaart-vraagstuk"' in page
    assert 'data-naam="Wijk"' in page and 'data-conflict="' + web.conflict + '"' in page
    assert '<table class="claims">' in page and "Windpark" in page  # the map's table for screen readers


def test_the_new_form_refuses_bad_input_in_dutch_and_keeps_it(web):
    client = web.utrecht
    token = csrf_of(client.get("/vraagstukken/nieuw").text)
    form = {"csrf": token, "titel": "", "provincies": ["PV26"], "herkomst": "voortgang", "claims": "12x, 99999",
            "deadline": "morgen", "beschrijving": "Mijn lange tekst", "accounthouder": "niemand@x.nl"}  # fmt: skip
    refused = client.post("/vraagstukken/nieuw", data=form)
    text = alert(refused.text)
    assert refused.status_code == 400
    assert "titel: verplicht" in text and "claims: '12x' is geen claimnummer" in text
    assert "deadline: 'morgen' is geen datum" in text
    assert field(refused.text, "beschrijving") == "Mijn lange tekst" and field(refused.text, "claims") == "12x, 99999"
    assert 'href="#veld-titel"' in refused.text and 'aria-invalid="true"' in refused.text
    other = client.post("/vraagstukken/nieuw", data=form | {"titel": "T", "claims": "", "deadline": "",
                                                            "provincies": ["PV28"]})  # fmt: skip
    assert other.status_code == 403 and "mag geen vraagstuk voor PV28 signaleren" in alert(other.text)
    no_vro = client.post("/vraagstukken/nieuw", data=form | {"titel": "T", "claims": "", "deadline": ""})
    assert "accounthouder: 'niemand@x.nl' is geen actieve VRO-gebruiker" in alert(no_vro.text)
    assert web.api.vro.get("/api/v1/vraagstukken").json()["numberMatched"] == 0
    assert web.lezer.get("/vraagstukken/nieuw").status_code == 403


# -- one vraagstuk -------------------------------------------------------------------------------------


def test_a_province_cannot_open_another_provinces_vraagstuk(web):
    other = web.api.vro.post("/api/v1/vraagstukken", json={"titel": "Zuid-Holland", "provincies": ["PV28"]}).json()
    response = web.utrecht.get(f"/vraagstukken/{other['id']}")
    assert response.status_code == 403 and "mag de vraagstukken van PV28 niet lezen" in response.text
    assert web.utrecht.get("/vraagstukken/999999").status_code == 404
    assert web.zuid_holland.get(f"/vraagstukken/{other['id']}").status_code == 200


def test_the_whole_cycle_through_the_forms(web):
    vid = signal(web, claims=", ".join(map(str, web.claims)), conflicten=web.conflict)
    # VRO frames it (edit form), then moves it to beeldvorming
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert re.search(r"<button[^>]*disabled[^>]*>In beeldvorming nemen</button>", page)
    assert "ontbreekt: inkadering" in page or "inkadering" in page.split("Nu nog niet mogelijk")[1][:400]
    edit = web.vro.get(f"/vraagstukken/{vid}/bewerken").text
    form = {"csrf": csrf_of(edit), "versie": field(edit, "versie"), "titel": field(edit, "titel"),
            "provincies": ["PV26"], "herkomst": "voortgang", "claims": field(edit, "claims"),
            "conflicten": field(edit, "conflicten"), "inkadering": "Uitvoeringsstrategie NR: wonen en energie.",
            "aard": ["wegen", "prioriteren"], "accounthouder": EMAILS["vro"], "prioriteit": "hoog",
            "reden": "Ingekaderd op de Regietafel"}  # fmt: skip
    assert web.vro.post(f"/vraagstukken/{vid}/bewerken", data=form, follow_redirects=False).status_code == 303
    assert post(web, "vro", vid, "overgang", naar="beeldvorming", reden="Rijp").status_code == 303
    # triage: overriding a suggestion without a motivation is refused, with the choices kept
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Bron: seed 002 §3.3" in page and "minstens twee domeinen raken elkaar" in page
    refused = post(web, "vro", vid, "triage", **triage_form(besluit_1="nee", advies="Mijn advies"))
    assert refused.status_code == 400 and "criterium 1: afwijken van de suggestie vraagt een motivering" in alert(
        refused.text
    )
    assert field(refused.text, "advies") == "Mijn advies" and state(web, vid)["triage"]["compleet"] is False
    assert post(web, "vro", vid, "triage", **triage_form()).status_code == 303
    assert state(web, vid)["triage"]["compleet"] is True
    assert post(web, "vro", vid, "leidend", leidend="vro").status_code == 303
    assert post(web, "vro", vid, "overgang", naar="oordeelsvorming").status_code == 303
    # Format aanpak: too long for one A5 is refused with the section and by how much
    long = {k: "Een lange zin over de aanpak van dit vraagstuk. " * 40 for k in AANPAK}
    refused = post(web, "vro", vid, "aanpak", **long)
    message = alert(refused.text)
    assert refused.status_code == 400 and "past niet op 1 A5-pagina" in message and "mm" in message
    assert "‘Aanpak’" in message and state(web, vid)["aanpak"] == {}
    assert field(refused.text, "tempo").startswith("Een lange zin")
    assert post(web, "vro", vid, "aanpak", **AANPAK).status_code == 303
    for suffix in ("", "?openbaar=ja"):
        pdf = web.utrecht.get(f"/vraagstukken/{vid}/aanpak.pdf{suffix}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        assert pdf.headers["content-type"] == "application/pdf"
    assert post(web, "vro", vid, "overgang", naar="besluitvorming").status_code == 303
    # table outcomes: DO NOVEX first; without consensus the differences of view
    refused = post(web, "vro", vid, "tafelbesluiten", tafel="bol", datum="2026-11-01", uitkomst="Keuze")
    assert "de besluitvorming start in het DO NOVEX" in alert(refused.text)
    refused = post(web, "vro", vid, "tafelbesluiten", tafel="do-novex", datum="2026-10-01", uitkomst="Geen",
                   consensus="nee")  # fmt: skip
    assert "verschillen van inzicht concreet beschreven" in alert(refused.text)
    assert post(web, "vro", vid, "tafelbesluiten", tafel="do-novex", datum="2026-10-01", uitkomst="Geen akkoord",
                consensus="nee", verschillen="Wind wil de oostrand").status_code == 303  # fmt: skip
    assert state(web, vid)["volgende_tafel"] == "gp-dg"
    assert post(web, "vro", vid, "tafelbesluiten", tafel="bol", datum="2026-11-01", uitkomst="Wonen gaat voor",
                consensus="").status_code == 303  # fmt: skip
    assert post(web, "vro", vid, "overgang", naar="vastgelegd", reden="BOL koos").status_code == 303
    page = web.utrecht.get(f"/vraagstukken/{vid}").text
    assert "Uitkomst: vastgelegd" in page and "Wonen gaat voor" in page and "BOL koos" in page
    timeline = page.split('id="kop-geschiedenis"')[1]
    assert timeline.index("Besluitvorming → Vastgelegd") < timeline.index("Gesignaleerd → Beeldvorming")
    assert "Ingekaderd op de Regietafel" in timeline and "(vro)" in timeline
    assert timeline.count("Besluitvorming → Vastgelegd") == 1  # a move is listed once, not also as its audit event


def test_outcomes_elsewhere_and_closed_show_place_and_reason(web):
    vid = signal(web)
    to_beeldvorming(web, vid)
    assert post(web, "vro", vid, "triage", **triage_form()).status_code == 303
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert '<select id="overgang-elders-belegd-plek" name="plek" required>' in page
    refused = post(web, "vro", vid, "overgang", naar="elders-belegd", reden="")
    assert refused.status_code == 400 and "plek: kies waar het vraagstuk belegd wordt" in alert(refused.text)
    refused = post(web, "vro", vid, "overgang", naar="elders-belegd", plek="ministerie-ezk", reden="")
    assert "vraagt een reden die de provincie kan lezen" in alert(refused.text)
    assert state(web, vid)["fase"] == "beeldvorming"
    moved = post(web, "vro", vid, "overgang", naar="elders-belegd", plek="ministerie-ezk", reden="Sectoraal: EZK")
    assert moved.status_code == 303
    vro = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Belegd bij:</strong> Ministerie van EZK" in vro
    province = web.utrecht.get(f"/vraagstukken/{vid}").text
    assert "Uitkomst: elders belegd" in province and "Sectoraal: EZK" in province and "eindfase" in province
    closed = signal(web, titel="Tweede")
    to_beeldvorming(web, closed)
    post(web, "vro", closed, "triage", **triage_form())
    assert post(web, "vro", closed, "overgang", naar="afgesloten", reden="Hoeft niet door").status_code == 303
    assert "Hoeft niet door" in web.utrecht.get(f"/vraagstukken/{closed}").text
    assert f'href="/vraagstukken/{closed}"' in web.utrecht.get("/vraagstukken").text.split('id="kop-afgerond"')[1]


def test_buttons_a_role_may_not_use_are_not_shown(web):
    vid = signal(web)
    lezer = web.lezer.get(f"/vraagstukken/{vid}").text
    for hidden in ("Triage opslaan", "Bijdrage plaatsen", "Aanpak opslaan", "In beeldvorming nemen",
                   f"/vraagstukken/{vid}/bewerken", "Leidende partij vastleggen"):  # fmt: skip
        assert hidden not in lezer, hidden
    utrecht = web.utrecht.get(f"/vraagstukken/{vid}").text
    assert "Bijdrage plaatsen" in utrecht and "Triage opslaan" not in utrecht and "In beeldvorming nemen" not in utrecht
    assert "Alleen VRO zet een vraagstuk in een andere fase" in utrecht
    assert "Bijdrage plaatsen" in web.departement.get(f"/vraagstukken/{vid}").text
    vro = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Triage opslaan" in vro and "In beeldvorming nemen" in vro and "Aanpak opslaan" in vro
    # a forged post with a valid CSRF token is still refused by the service
    refused = post(web, "utrecht", vid, "triage", **triage_form())
    assert refused.status_code == 403 and "mag niet" in alert(refused.text)
    refused = post(web, "departement", vid, "overgang", naar="beeldvorming")
    assert refused.status_code == 403 and state(web, vid)["fase"] == "gesignaleerd"


def test_the_lead_ministry_records_the_outcome_others_do_not(web):
    vid = signal(web)
    to_beeldvorming(web, vid)
    post(web, "vro", vid, "triage", **triage_form())
    post(web, "vro", vid, "overgang", naar="oordeelsvorming")
    post(web, "vro", vid, "aanpak", **AANPAK)
    post(web, "vro", vid, "overgang", naar="besluitvorming")
    page = web.departement.get(f"/vraagstukken/{vid}").text
    assert "Uitkomst vastleggen" not in page
    assert "alleen het leidende vakdepartement" in page  # the move is shown, disabled, with the reason as text
    refused = post(web, "vro", vid, "leidend", leidend="departement", departement="EZK")
    assert "de vuistregel (§3.6) suggereert 'vro': afwijken vraagt een motivering" in alert(refused.text)
    assert field(refused.text, "departement") == "EZK"
    assert post(web, "vro", vid, "leidend", leidend="departement", departement="EZK",
                motivering="Vergunning nodig").status_code == 303  # fmt: skip
    page = web.departement.get(f"/vraagstukken/{vid}").text
    assert "Uitkomst vastleggen" in page
    assert post(web, "departement", vid, "tafelbesluiten", tafel="do-novex", datum="2026-10-01",
                uitkomst="Akkoord", consensus="ja").status_code == 303  # fmt: skip
    assert post(web, "departement", vid, "overgang", naar="vastgelegd").status_code == 303
    assert state(web, vid)["fase"] == "vastgelegd"


def test_a_stale_edit_says_so_in_dutch_and_loses_nothing(web):
    vid = signal(web)
    edit = web.vro.get(f"/vraagstukken/{vid}/bewerken").text
    body = {k: v for k, v in state(web, vid).items() if k in ("titel", "provincies", "herkomst")}
    web.api.vro.put(f"/api/v1/vraagstukken/{vid}", json=body | {"planning": "Q3", "versie": 1})
    form = {"csrf": csrf_of(edit), "versie": field(edit, "versie"), "titel": "Mijn nieuwe titel",
            "provincies": ["PV26"], "herkomst": "voortgang", "beschrijving": "Wat ik typte"}  # fmt: skip
    stale = web.vro.post(f"/vraagstukken/{vid}/bewerken", data=form)
    assert stale.status_code == 409
    assert "is intussen gewijzigd (versie 2, u had versie 1)" in alert(stale.text)
    assert "Uw wijziging staat nog in het formulier" in alert(stale.text)
    assert field(stale.text, "titel") == "Mijn nieuwe titel" and field(stale.text, "beschrijving") == "Wat ik typte"
    assert field(stale.text, "versie") == "2" and state(web, vid)["titel"] != "Mijn nieuwe titel"
    again = web.vro.post(f"/vraagstukken/{vid}/bewerken", data=form | {"versie": "2"}, follow_redirects=False)
    assert again.status_code == 303 and state(web, vid)["titel"] == "Mijn nieuwe titel"
    assert web.utrecht.get(f"/vraagstukken/{vid}/bewerken").status_code == 403


def test_a_linked_adopted_decision_shows_the_guards_warning(web):
    vid = signal(web, who="vro", besluiten=["klimaatakkoord"])
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Let op: gekoppeld aan vastgesteld beleid" in page and "&#39;Klimaatakkoord&#39;" in page
    assert "hierop wordt niet teruggekomen" in page


def test_contributions_from_a_province_and_a_ministry(web):
    vid = signal(web)
    assert post(web, "utrecht", vid, "bijdragen", tekst="Graag voor de zomer").status_code == 303
    assert post(web, "departement", vid, "bijdragen", tekst="EZK: netcongestie speelt mee").status_code == 303
    empty = post(web, "utrecht", vid, "bijdragen", tekst="   ")
    assert empty.status_code == 400 and "de bijdrage is leeg" in alert(empty.text)
    page = web.lezer.get(f"/vraagstukken/{vid}").text
    assert "Graag voor de zomer" in page and "EZK: netcongestie speelt mee" in page and "Bijdragen (2)" in page
    other = web.api.vro.post("/api/v1/vraagstukken", json={"titel": "ZH", "provincies": ["PV28"]}).json()["id"]
    token = csrf_of(web.utrecht.get(f"/vraagstukken/{vid}").text)
    refused = web.utrecht.post(f"/vraagstukken/{other}/bijdragen", data={"csrf": token, "tekst": "Ik ook"})
    assert refused.status_code == 403


def test_every_dialogue_form_needs_the_csrf_token(web):
    vid = signal(web)
    token = csrf_of(web.vro.get("/").text)
    posts = [("/vraagstukken/nieuw", {"titel": "X", "provincies": ["PV26"], "herkomst": "voortgang"}),
             (f"/vraagstukken/{vid}/bewerken", {"titel": "X", "provincies": ["PV26"], "herkomst": "voortgang"}),
             (f"/vraagstukken/{vid}/triage", triage_form()), (f"/vraagstukken/{vid}/leidend", {"leidend": "vro"}),
             (f"/vraagstukken/{vid}/aanpak", AANPAK), (f"/vraagstukken/{vid}/overgang", {"naar": "beeldvorming"}),
             (f"/vraagstukken/{vid}/tafelbesluiten", {"tafel": "do-novex", "datum": "2026-10-01", "uitkomst": "x"}),
             (f"/vraagstukken/{vid}/bijdragen", {"tekst": "x"})]  # fmt: skip
    before = state(web, vid)
    for url, data in posts:
        for bad in (None, "", "nvx_vervalst", csrf_of(web.utrecht.get("/").text)):
            form = data | {"versie": before["versie"]} | ({} if bad is None else {"csrf": bad})
            response = web.vro.post(url, data=form, follow_redirects=False)
            assert response.status_code == 403 and "CSRF" in response.text, (url, bad)
    assert state(web, vid) == before and web.vro.get(f"/api/v1/vraagstukken/{vid}/bijdragen").json() == []
    assert web.api.vro.get("/api/v1/vraagstukken").json()["numberMatched"] == 1
    assert token  # the right token exists; it was simply not sent


def test_user_text_is_escaped_everywhere(web):
    vid = signal(web, titel=XSS, beschrijving=XSS, planning=XSS)
    post(web, "utrecht", vid, "bijdragen", tekst=XSS)
    to_beeldvorming(web, vid)
    post(web, "vro", vid, "triage", **triage_form(advies=XSS, motivering_3=XSS))
    post(web, "vro", vid, "overgang", naar="afgesloten", reden=XSS)
    for who in ("vro", "utrecht"):
        for url in (f"/vraagstukken/{vid}", "/vraagstukken", "/vraagstukken?weergave=tabel"):
            page = getattr(web, who).get(url).text
            assert "<script>alert" not in page and "<img src=x" not in page, url
            assert "&lt;script&gt;alert(1)" in page, url
    refused = web.vro.post("/vraagstukken/nieuw", data={"csrf": csrf_of(web.vro.get("/").text), "titel": XSS,
                                                        "herkomst": XSS, "provincies": [XSS]})  # fmt: skip
    assert refused.status_code == 400 and "<script>alert" not in refused.text


def test_the_province_page_offers_a_new_vraagstuk_per_conflict_to_who_may_signal(web):
    link = f'href="/vraagstukken/nieuw?conflict={web.conflict}"'
    assert link in web.utrecht.get("/provincies/PV26").text
    assert link in web.vro.get("/provincies/PV26").text
    assert link not in web.zuid_holland.get("/provincies/PV26").text
    assert link not in web.lezer.get("/provincies/PV26").text
    assert 'id="conflict-' + web.conflict + '"' in web.lezer.get("/provincies/PV26").text
    assert 'href="/vraagstukken">Vraagstukken</a>' in web.lezer.get("/").text  # the nav link


def test_dates_and_deadlines_in_dutch(web):
    vid = signal(web, deadline="2027-03-01", volgende_tafel="do-novex", prioriteit="hoog")
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert "1 maart 2027" in page and "DO NOVEX" in page
    board = web.vro.get("/vraagstukken").text
    assert "1 maart 2027" in board and "prioriteit hoog" in board
    if date.today() > date(2027, 3, 1):
        assert "verlopen" in board
