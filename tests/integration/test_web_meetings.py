"""The meeting pages (seed 002 §4.1–4.3, seed 001): calendar, meetings and agendas, the fast procedure, werkplaatsen.

Every form is posted as a browser would (a session cookie and the CSRF token from the page);
refusals come back in Dutch with the user's input kept and nothing stored.
"""

from __future__ import annotations

import html
import re

import pytest

from novex import bootstrap
from novex.access import Actor
from novex.dialogue.model import Criterium, Triage, VraagstukDraft
from tests.fixtures.web import XSS, alert, csrf_of, field, web_world

SIX = ("aanpak", "tempo", "fasering", "rolverdeling", "besluitvorming", "monitoring")
CRITERIA = ("meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten")
OPTION = {"titel": "Richting", "voordelen": "voor", "nadelen": "tegen", "ruimtelijk": "r", "bestuurlijk": "b",
          "juridisch": "j"}  # fmt: skip


@pytest.fixture
def web(settings):
    return web_world(settings)


def vraagstuk(web, titel: str, fase: str = "gesignaleerd", provincie: str = "PV26", claims=()) -> int:
    """A vraagstuk taken by the service itself up to `fase` (beeldvorming, oordeelsvorming or besluitvorming)."""
    operator = Actor.operator()
    with bootstrap.database(web.settings).session() as session:
        service = bootstrap.vraagstuk_service(session)
        v = service.signal(operator, VraagstukDraft(titel, (provincie,), "voortgang", inkadering="NR",
                                                    claims=tuple(claims), domeinen=("wonen",)))  # fmt: skip
        if fase == "gesignaleerd":
            return v.id
        v = service.move_to(operator, v.id, "beeldvorming", None)
        if fase == "beeldvorming":
            return v.id
        criteria = tuple(Criterium(c, besluit=True, motivering="m") for c in ("1", "2a", "2b", "3"))
        v = service.set_triage(operator, v.id, Triage(criteria, "advies", "Regietafel NOVEX"), v.version)
        v = service.move_to(operator, v.id, "oordeelsvorming", None)
        if fase == "oordeelsvorming":
            return v.id
        v = service.set_aanpak(operator, v.id, {k: "kort" for k in SIX}, v.version)
        return service.move_to(operator, v.id, "besluitvorming", None).id


def schedule(web, jaar: int = 2027) -> dict[tuple[str, str], int]:
    """Fix the year plan through the web form; the meeting ids by (kind, province or landsdeel)."""
    page = web.vro.get(f"/vergaderingen?jaar={jaar}").text
    response = web.vro.post("/vergaderingen/plan", data={"csrf": csrf_of(page), "jaar": jaar}, follow_redirects=False)
    assert response.status_code == 303, alert(response.text) or response.text[-1000:]
    return {(m["soort"], m["provincie"] or m["landsdeel"]): m["id"]
            for m in web.api.vro.get("/api/v1/vergaderingen", params={"jaar": jaar}).json()}  # fmt: skip


def state(web, vid: int) -> dict:
    return web.api.vro.get(f"/api/v1/vraagstukken/{vid}").json()


def post_meeting(web, who: str, mid: int, path: str, **form):
    client = getattr(web, who)
    token = csrf_of(client.get(f"/vergaderingen/{mid}").text)
    return client.post(f"/vergaderingen/{mid}/{path}", data={"csrf": token, **form}, follow_redirects=False)


def version_of(web, mid: int) -> int:
    return web.api.vro.get(f"/api/v1/vergaderingen/{mid}").json()["versie"]


def by_id(page: str, element_id: str) -> str:
    """The text of the textarea with this id."""
    found = re.search(rf'<textarea id="{element_id}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def agenda_form(page: str) -> dict[str, list[str]]:
    """The editor's fields as the browser would send them unchanged."""
    form: dict[str, list[str]] = {"csrf": [csrf_of(page)], "versie": [field(page, "versie")], "opnemen": []}
    for name in ("rij_vraagstuk", "rij_volgorde", "rij_titel"):
        form[name] = [html.unescape(v) for v in re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)]
    form["rij_reden"] = [html.unescape(v) for v in re.findall(r'<textarea[^>]*name="rij_reden"[^>]*>(.*?)</textarea>',
                                                              page, re.S)]  # fmt: skip
    form["rij_soort"] = []
    for row in re.findall(r'<li class="agenda-rij.*?</li>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', row) or re.search(
            r'name="rij_soort" value="([^"]*)"', row
        )
        form["rij_soort"].append(chosen.group(1))
    form["opnemen"] = re.findall(r'name="opnemen" value="(\d+)" checked', page)
    return form


# -- the calendar ----------------------------------------------------------------------------------


def test_the_calendar_shows_the_plan_until_vro_fixes_it(web):
    page = web.lezer.get("/vergaderingen", params={"jaar": 2027}).text
    assert "Nog niet vastgelegd" in page and "Jaarplanning vastleggen" not in page
    assert "De seeds geven de volgorde, niet de doorlooptijden" in page and "cyclus.yaml" in page
    assert "landsdelen.yaml" in page and "seed 002 §4.3" in page and "seed 002 Bijlage 3 §3" in page
    utrecht = page.split('id="kop-noordwest"')[1].split("</section>")[0]
    chain = utrecht.split('<p class="keten-kop">Utrecht</p>')[1].split("</ol>")[0]
    order = [chain.index(k) for k in ('soort-regietafel"', 'soort-do-novex"', 'soort-gp-dg"', 'soort-bol"')]
    assert order == sorted(order)
    table = web.lezer.get("/vergaderingen", params={"jaar": 2027, "weergave": "tabel"}).text
    assert '<table class="keten-tabel">' in table and "1. Regietafel<span" in table and "4. BOL</th>" in table
    assert table.count('<th scope="row">') == 12  # one row per province
    zuid = web.lezer.get("/vergaderingen", params={"jaar": 2027, "landsdeel": "zuid"}).text
    assert "Landsdeel Zuid" in zuid and "Landsdeel Noord<" not in zuid and "Limburg" in zuid
    bad = web.lezer.get("/vergaderingen", params={"jaar": 2027, "landsdeel": "midden"})
    assert bad.status_code == 400 and "onbekend landsdeel 'midden'" in alert(bad.text)
    early = web.lezer.get("/vergaderingen", params={"jaar": 2026})
    assert early.status_code == 400 and "de nieuwe werkwijze start na de BOL's van september 2026" in alert(early.text)

    vro = web.vro.get("/vergaderingen", params={"jaar": 2027}).text
    assert "Jaarplanning vastleggen" in vro
    token = csrf_of(web.utrecht.get("/vergaderingen").text)
    forged = web.utrecht.post("/vergaderingen/plan", data={"csrf": token, "jaar": 2027})
    assert forged.status_code == 403 and web.api.vro.get("/api/v1/vergaderingen").json() == []
    ids = schedule(web)
    assert len(ids) == 29
    done = web.vro.get("/vergaderingen", params={"jaar": 2027, "gedaan": "gepland"}).text
    assert "De jaarplanning 2027 is vastgelegd: 29 vergaderingen" in done and "Jaarplanning vastleggen" not in done
    assert f'href="/vergaderingen/{ids[("do-novex", "PV26")]}"' in done
    again = web.vro.post("/vergaderingen/plan", data={"csrf": csrf_of(done), "jaar": 2027})
    assert again.status_code == 409 and "al gepland" in alert(again.text)


# -- meetings, agendas, outcomes -------------------------------------------------------------------


def test_vro_drafts_and_fixes_an_agenda_and_outcomes_move_the_vraagstuk(web):
    ids = schedule(web)
    vid = vraagstuk(web, "Wonen en water bij Lopik", "besluitvorming")
    other = vraagstuk(web, "Haven Rotterdam", "besluitvorming", provincie="PV28")
    do, gpdg, bol = ids[("do-novex", "PV26")], ids[("gp-dg", "PV26")], ids[("bol", "noordwest")]

    page = web.vro.get(f"/vergaderingen/{do}").text
    assert "DO NOVEX Utrecht" in page and "Conceptagenda uit de vraagstukken" in page and "Eerste ronde" in page
    assert "Conceptagenda uit de vraagstukken" not in web.lezer.get(f"/vergaderingen/{do}").text
    editor = web.vro.get(f"/vergaderingen/{do}/agenda").text
    assert "Wonen en water bij Lopik" in editor and "Haven Rotterdam" not in editor  # only this province's
    assert "de eerste ronde start in het DO NOVEX" in editor
    form = agenda_form(editor)
    assert form["rij_vraagstuk"] == [str(vid), "", ""] and form["opnemen"] == ["0", "1", "2"]
    form["rij_titel"][1] = "Rondvraag"  # a free subject, first on the agenda
    form["rij_volgorde"][1] = "0"
    stale = web.vro.post(f"/vergaderingen/{do}/agenda", data=form | {"versie": ["7"]})
    assert stale.status_code == 409 and "is intussen gewijzigd" in alert(stale.text)
    assert field(stale.text, "rij_titel") == str(form["rij_titel"][0]) or "Rondvraag" in stale.text
    saved = web.vro.post(f"/vergaderingen/{do}/agenda", data=form, follow_redirects=False)
    assert saved.status_code == 303, alert(saved.text)
    page = web.vro.get(saved.headers["location"]).text
    assert "De agenda is vastgesteld." in page
    assert page.index("1. Rondvraag") < page.index("2. Wonen en water bij Lopik")
    assert f'href="/vraagstukken/{vid}"' in page and "besluitvorming" in page
    item = web.api.vro.get(f"/api/v1/vergaderingen/{do}").json()["agenda"][1]["id"]

    # no consensus: the differences of view are required; with them the vraagstuk escalates to the GP-DG
    refused = post_meeting(web, "vro", do, f"agenda/{item}/uitkomst", tekst="Geen eensgezind advies", consensus="nee")
    assert refused.status_code == 400
    assert "zonder consensus worden de verschillen van inzicht concreet beschreven (seed 002 §4.1)" in alert(
        refused.text
    )
    assert (
        by_id(refused.text, f"uitkomst-{item}-tekst") == "Geen eensgezind advies"
        and state(web, vid)["volgende_tafel"] is None
    )
    done = post_meeting(web, "vro", do, f"agenda/{item}/uitkomst", tekst="Geen eensgezind advies", consensus="nee",
                        verschillen="Rijk: water eerst; provincie: wonen eerst")  # fmt: skip
    assert done.status_code == 303
    assert state(web, vid)["volgende_tafel"] == "gp-dg"
    page = web.vro.get(f"/vergaderingen/{do}").text
    assert "Rijk: water eerst; provincie: wonen eerst" in page and "de agenda ligt vast" in page
    assert "Conceptagenda uit de vraagstukken" not in page
    assert "de agenda ligt vast" in web.vro.get(f"/vergaderingen/{do}/agenda").text
    # the province's planner sees its own items; another province sees only the free subject
    assert "Wonen en water bij Lopik" in web.utrecht.get(f"/vergaderingen/{do}").text
    assert "Wonen en water bij Lopik" not in web.zuid_holland.get(f"/vergaderingen/{do}").text

    # GP-DG: the escalated vraagstuk with the differences; then the BOL's choice lands on its list
    editor = web.vro.get(f"/vergaderingen/{gpdg}/agenda").text
    assert "geen consensus in het DO NOVEX" in editor
    assert web.vro.post(f"/vergaderingen/{gpdg}/agenda", data=agenda_form(editor)).status_code == 200
    gp_item = web.api.vro.get(f"/api/v1/vergaderingen/{gpdg}").json()["agenda"][0]["id"]
    assert post_meeting(web, "vro", gpdg, f"agenda/{gp_item}/uitkomst", tekst="Advies: richting 2").status_code == 303
    editor = web.vro.get(f"/vergaderingen/{bol}/agenda").text
    assert "Wonen en water bij Lopik" in editor and "Haven Rotterdam" not in editor  # PV28 is in Zuidwest
    assert web.vro.post(f"/vergaderingen/{bol}/agenda", data=agenda_form(editor)).status_code == 200
    bol_item = web.api.vro.get(f"/api/v1/vergaderingen/{bol}").json()["agenda"][0]["id"]
    assert post_meeting(web, "vro", bol, f"agenda/{bol_item}/uitkomst",
                        tekst="Het BOL kiest richting 2").status_code == 303  # fmt: skip
    page = web.lezer.get(f"/vergaderingen/{bol}").text
    afspraken = page.split('id="kop-afspraken"')[1].split("</section>")[0]
    assert "Het BOL kiest richting 2" in afspraken and f"Nr. {vid}: Wonen en water bij Lopik" in afspraken
    assert other  # the Zuid-Holland vraagstuk never showed up in Utrecht's or Noordwest's drafts

    # the rode-draden notitie and the documents, for the parties and public
    refused = post_meeting(web, "vro", do, "rode-draden", tekst="", versie=version_of(web, do))
    assert refused.status_code == 400 and "1 tot 10000 tekens" in alert(refused.text)
    assert post_meeting(web, "vro", do, "rode-draden", tekst="Water en wonen botsen in de polder.",
                        versie=version_of(web, do)).status_code == 303  # fmt: skip
    assert "Water en wonen botsen in de polder." in web.lezer.get(f"/vergaderingen/{do}").text
    for mid, soort in ((gpdg, "agenda"), (do, "rode-draden"), (bol, "agenda"), (bol, "bol-afsprakenlijst")):
        for suffix in ("", "?openbaar=ja"):
            pdf = web.utrecht.get(f"/vergaderingen/{mid}/{soort}.pdf{suffix}")
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), (soort, alert(pdf.text))
    refused = web.vro.get(f"/vergaderingen/{gpdg}/rode-draden.pdf")
    assert refused.status_code == 400 and "nog geen rode-draden notitie" in refused.text and "<html" in refused.text
    assert web.vro.get(f"/vergaderingen/{do}/notulen.pdf").status_code == 404


def test_an_agenda_with_a_free_subject_downloads_as_pdf(web):
    ids = schedule(web)
    do = ids[("do-novex", "PV26")]
    form = agenda_form(web.vro.get(f"/vergaderingen/{do}/agenda").text)
    form["rij_titel"][0] = "Rondvraag"
    assert web.vro.post(f"/vergaderingen/{do}/agenda", data=form, follow_redirects=False).status_code == 303
    pdf = web.vro.get(f"/vergaderingen/{do}/agenda.pdf")
    assert pdf.status_code == 200, alert(pdf.text)


def test_a_do_novex_item_for_besluitvorming_needs_the_consensus_question(web):
    ids = schedule(web)
    vid = vraagstuk(web, "Zon op landbouwgrond", "besluitvorming")
    do = ids[("do-novex", "PV26")]
    form = agenda_form(web.vro.get(f"/vergaderingen/{do}/agenda").text)
    assert web.vro.post(f"/vergaderingen/{do}/agenda", data=form, follow_redirects=False).status_code == 303
    item = web.api.vro.get(f"/api/v1/vergaderingen/{do}").json()["agenda"][0]["id"]
    refused = post_meeting(web, "vro", do, f"agenda/{item}/uitkomst", tekst="Akkoord")
    assert refused.status_code == 400 and "DO NOVEX: geef aan of er consensus was" in alert(refused.text)
    assert post_meeting(web, "vro", do, f"agenda/{item}/uitkomst", tekst="Akkoord", consensus="ja").status_code == 303
    assert state(web, vid)["tafelbesluiten"][-1]["consensus"] is True


# -- the fast procedure ----------------------------------------------------------------------------


def panel(page: str) -> str:
    return page.split('id="snelle-procedure"')[1].split("</section>")[0]


def post_procedure(web, who: str, vid: int, path: str, form: dict | None = None):
    client = getattr(web, who)
    page = client.get(f"/vraagstukken/{vid}").text
    data = {"csrf": csrf_of(page)}
    version = re.search(r'/snelle-procedure/[a-z]+" class="formulier[^>]*>\s*<h3[^>]*>[^<]*</h3>\s*'
                        r'<input type="hidden" name="csrf" value="[^"]*"><input type="hidden" name="versie" '
                        r'value="(\d+)"', page)  # fmt: skip
    if version:
        data["versie"] = version.group(1)
    return client.post(f"/vraagstukken/{vid}/snelle-procedure/{path}", data=data | (form or {}),
                       follow_redirects=False)  # fmt: skip


def note(count: int, **extra) -> dict:
    form = {"probleemdefinitie": "Wonen en wind willen dezelfde grond.", "advies": "bestuurlijk",
            "advies_toelichting": "Naar het DO NOVEX"} | extra  # fmt: skip
    for part, value in OPTION.items():
        form[f"optie_{part}"] = [f"{value} {k}" for k in range(1, count + 1)]
    return form


def test_the_fast_procedure_through_the_forms(web):
    vid = vraagstuk(web, "Wijk tegen windpark", "beeldvorming", claims=web.claims)
    for who in ("utrecht", "lezer", "departement"):
        page = panel(web.__dict__[who].get(f"/vraagstukken/{vid}").text)
        assert "niet gestart" in page and "Snelle procedure starten" not in page
    assert "Snelle procedure starten" in web.vro.get(f"/vraagstukken/{vid}").text
    assert post_procedure(web, "vro", vid, "start").status_code == 303
    page = web.vro.get(f"/vraagstukken/{vid}?gedaan=snelle-gestart").text
    assert "De snelle procedure is gestart" in page
    assert by_id(page, "snelle-signaal-wat_botst") == "Wijk (wonen); Windpark (energie-wind)"
    assert by_id(page, "snelle-signaal-waar") == "Utrecht"
    assert 'aria-current="step">Signalering' in page
    assert re.search(r"<button[^>]*disabled[^>]*>Naar de snelle selectie</button>", page)
    assert "&#39;signaal&#39; ontbreekt" in panel(page)  # the reason as text

    # the signal: over one page is refused naming the section; what was typed stays
    long = {"botsend": "ja", "motivering": "Nationaal kader: windenergie op land.", "waar": "Soesterberg",
            "wat_botst": "Woningbouw tegenover een windpark", "waarom_urgent": "Het BOL beslist binnenkort. " * 200}  # fmt: skip
    refused = post_procedure(web, "vro", vid, "signaal", long)
    assert refused.status_code == 400
    assert "Waarom is dat urgent?" in alert(refused.text) and "past niet op 1" in alert(refused.text)
    assert by_id(refused.text, "snelle-signaal-motivering") == long["motivering"]
    assert by_id(refused.text, "snelle-signaal-waar") == "Soesterberg"
    empty = post_procedure(web, "vro", vid, "signaal", {"motivering": "x"})
    assert "snelle check: kies ja of nee" in alert(empty.text)
    assert post_procedure(web, "vro", vid, "signaal", long | {"waarom_urgent": "BOL in september"}).status_code == 303
    assert post_procedure(web, "vro", vid, "stap", {"naar": "snelle-selectie"}).status_code == 303
    for suffix in ("", "?openbaar=ja"):
        pdf = web.utrecht.get(f"/vraagstukken/{vid}/snelle-procedure/signaal.pdf{suffix}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # the selection: experts are people from the directory (add one first), four criteria answered
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Het register van experts is nog leeg" in page and "personen, niet automatisch hele departementen" in page
    token = csrf_of(web.vro.get(f"/experts?terug=/vraagstukken/{vid}").text)
    added = web.vro.post("/experts", data={"csrf": token, "naam": "A. Deskundige", "departement": "IenW",
                                           "domeinen": ["wonen"], "terug": f"/vraagstukken/{vid}"},
                         follow_redirects=False)  # fmt: skip
    assert added.status_code == 303 and added.headers["location"].startswith(f"/vraagstukken/{vid}?")
    page = web.vro.get(added.headers["location"]).text
    expert = re.search(r'name="experts" value="(\d+)"', page).group(1)
    assert "A. Deskundige — Wonen (past bij de domeinen)" in page or "A. Deskundige" in page
    selection = {"opschalen": "ja", "experts": [expert], "motivering": "Twee sectoren"}
    for code in CRITERIA:
        selection |= {f"voldaan_{code}": "ja", f"motivering_{code}": f"Ja: {code}"}
    missing = post_procedure(web, "vro", vid, "selectie", selection | {"motivering_tijdsdruk": ""})
    assert missing.status_code == 400 and "escalatiecriterium 'tijdsdruk': de motivering ontbreekt" in alert(
        missing.text
    )
    assert by_id(missing.text, "snelle-selectie-motivering-genomen-besluiten") == "Ja: genomen-besluiten"
    assert post_procedure(web, "vro", vid, "selectie", selection).status_code == 303
    assert post_procedure(web, "vro", vid, "stap", {"naar": "snelle-tafel"}).status_code == 303

    # the snelle tafel: 2–3 options (1 and 4 refused), no decision field
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert "Een snelle tafel verkent opties maar neemt geen besluiten" in page
    assert page.count('name="optie_titel"') == 3 and "Een derde richting toevoegen" in page
    assert re.search(rf'name="experts" value="{expert}" checked', page)  # pre-filled from the selection
    one = post_procedure(web, "vro", vid, "tafel", note(1, experts=[expert]))
    assert one.status_code == 400
    assert "een snelle tafel formuleert 2–3 realistische oplossingsrichtingen (seed 002 §4.2): nu 1" in alert(one.text)
    assert by_id(one.text, "snelle-tafel-probleemdefinitie") == "Wonen en wind willen dezelfde grond."
    four = post_procedure(web, "vro", vid, "tafel", note(4))
    assert four.status_code == 400 and "(seed 002 §4.2): nu 4" in alert(four.text)
    decided = post_procedure(web, "vro", vid, "tafel", note(2, besluit="richting 1"))
    assert decided.status_code == 400 and "neemt geen besluiten" in alert(decided.text)
    two_advisers = post_procedure(web, "vro", vid, "tafel", note(2, experts=[expert], nota_ruimte_adviseur="B. Raad"))
    assert two_advisers.status_code == 303  # the expert is no Nota Ruimte adviser: one adviser is fine
    for suffix in ("", "?openbaar=ja"):
        pdf = web.vro.get(f"/vraagstukken/{vid}/snelle-procedure/notitie.pdf{suffix}")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # terugkoppeling in the existing line, then done; the history lists every step
    assert (
        post_procedure(web, "vro", vid, "stap", {"naar": "terugkoppeling", "reden": "Notitie klaar"}).status_code == 303
    )
    refused = post_procedure(web, "vro", vid, "terugkoppeling", {"lijn": "do-novex", "uitkomst": "Agenderen"})
    assert "Ruimtelijk Arrangement: kies" in alert(refused.text)
    assert post_procedure(web, "vro", vid, "terugkoppeling", {"lijn": "do-novex", "via_regietafel": "ja",
                                                             "uitkomst": "Agenderen in het DO NOVEX",
                                                             "ra": "knelpunt"}).status_code == 303  # fmt: skip
    assert post_procedure(web, "vro", vid, "stap", {"naar": "afgerond"}).status_code == 303
    page = panel(web.utrecht.get(f"/vraagstukken/{vid}").text)
    assert "Agenderen in het DO NOVEX" in page and "DO NOVEX, via de Regietafel NOVEX" in page
    assert "het RA markeert het knelpunt" in page and "Notitie klaar" in page
    assert page.count('class="tijdlijn-item tijdlijn-fase"') == 4
    assert "Signaal opslaan" not in page and "Volgende stap" not in page and "U leest mee" in page
    refused = post_procedure(web, "vro", vid, "stap", {"naar": "snelle-tafel"})
    assert refused.status_code == 409 and "eindfase" in alert(refused.text)


def test_closing_without_a_quick_check_is_not_offered(web):
    vid = vraagstuk(web, "Nog geen check")
    post_procedure(web, "vro", vid, "start")
    page = web.vro.get(f"/vraagstukken/{vid}").text
    assert re.search(r"<button[^>]*disabled[^>]*>Afsluiten: geen botsende claim</button>", page)


def test_a_quick_check_that_says_no_closes_the_procedure(web):
    vid = vraagstuk(web, "Geen botsing")
    post_procedure(web, "vro", vid, "start")
    assert (
        post_procedure(web, "vro", vid, "signaal", {"botsend": "nee", "motivering": "Provinciaal"}).status_code == 303
    )
    assert post_procedure(web, "vro", vid, "stap", {"naar": "geen-botsing"}).status_code == 303
    page = panel(web.vro.get(f"/vraagstukken/{vid}").text)
    assert "Geen botsende claim (snelle check)" in page and "Signaal opslaan" not in page


# -- experts, werkplaatsen, sessions ---------------------------------------------------------------


def test_the_experts_directory_per_ministry_and_domain(web):
    page = web.vro.get("/experts").text
    assert "Het register is nog leeg" in page and "niet automatisch hele departementen" in page
    bad = web.vro.post("/experts", data={"csrf": csrf_of(page), "naam": "Mijn Naam", "departement": "IenW",
                                         "domeinen": ["kernfusie"], "email": "geen-adres"})  # fmt: skip
    assert bad.status_code == 400
    assert "onbekend domein 'kernfusie'" in alert(bad.text) and "geen geldig e-mailadres" in alert(bad.text)
    assert field(bad.text, "naam") == "Mijn Naam" and web.api.vro.get("/api/v1/experts").json() == []
    for naam, dep, domein in (("B. Water", "IenW", "water"), ("A. Wind", "KGG", "energie-wind"),
                              ("C. Dijk", "IenW", "water")):  # fmt: skip
        response = web.vro.post("/experts", data={"csrf": csrf_of(page), "naam": naam, "departement": dep,
                                                  "domeinen": [domein]}, follow_redirects=False)  # fmt: skip
        assert response.status_code == 303
    page = web.lezer.get("/experts").text
    assert "<caption>IenW</caption>" in page and page.index("B. Water") < page.index("C. Dijk")
    assert page.index("<caption>IenW</caption>") < page.index("<caption>KGG</caption>")
    assert "Per domein" in page and "Expert toevoegen" not in page


def test_the_werkplaatsen_of_seed_001_and_a_session(web):
    page = web.lezer.get("/werkplaatsen").text
    table = page.split('<table class="werkplaatsen">')[1].split("</table>")[0]
    assert table.count("<tr>") == 40  # the header and 39 rows
    for header in ("#", "Werkplaats", "Datum", "Inhoudelijk trekker", "Bouwsteen", "Hoofdonderwerp", "Organisatie",
                   "Link"):  # fmt: skip
        assert f">{header}</th>" in table
    assert "Historisch, uit seed 001" in page and "001_3843d3c6ab845a18.txt" in page
    first = table.split("<tr>")[2]
    assert "Werkplaats De Kracht van Groene Blauwe Verbindingen" in first and ">11-5-2015<" in first
    assert "Jaar van de Ruimte" in first and "Gereed" in first and "Natuur" in first and "<td>–</td>" in first
    assert table.count("bouwsteen<span") == 36  # rows 10, 12 and 39 have no link
    assert "Sessie vastleggen" not in page and web.utrecht.get("/werkplaatsen/nieuw").status_code == 403

    vid = vraagstuk(web, "Veenweide en wonen")
    form_page = web.vro.get("/werkplaatsen/nieuw").text
    assert "atelier" in form_page and "Het atelier is een ontwerpkeuze" in form_page
    form = {"csrf": csrf_of(form_page), "soort": "kaartsessie", "titel": "Kaartsessie veenweide", "datum": "morgen",
            "organisatie": "VRO", "hoofdonderwerp": "Bodemdaling", "velden": ["interbestuurlijk"],
            "bouwsteen_titel": ["Kaartbeeld", "", ""], "bouwsteen_status": ["gereed", "", ""],
            "bouwsteen_link": ["ftp://x", "", ""], "vraagstukken": f"{vid}, 99999, abc"}  # fmt: skip
    refused = web.vro.post("/werkplaatsen/nieuw", data=form)
    text = alert(refused.text)
    assert refused.status_code == 400 and "datum: vul de datum van de sessie in" in text
    assert "vraagstukken: 'abc' is geen nummer" in text and "bouwsteen 1: een link begint met https://" in text
    assert (
        field(refused.text, "titel") == "Kaartsessie veenweide"
        and field(refused.text, "bouwsteen_titel") == "Kaartbeeld"
    )
    refused = web.vro.post("/werkplaatsen/nieuw", data=form | {"datum": "2027-03-04", "vraagstukken": "99999",
                                                               "bouwsteen_link": ["https://x.nl/k", "", ""]})  # fmt: skip
    assert "vraagstukken: vraagstuk 99999 bestaat niet" in alert(refused.text)
    saved = web.vro.post("/werkplaatsen/nieuw", data=form | {"datum": "2027-03-04", "vraagstukken": str(vid),
                                                             "bouwsteen_link": ["https://x.nl/k", "", ""]},
                         follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, alert(saved.text)
    page = web.utrecht.get(saved.headers["location"]).text
    assert "Kaartsessie veenweide" in page and "4 maart 2027" in page and "Kaartbeeld" in page
    assert f'href="/vraagstukken/{vid}"' in page and "interbestuurlijk veld" in page
    listed = web.lezer.get("/werkplaatsen").text
    assert "Kaartsessie veenweide" in listed.split('id="kop-sessies"')[1].split("</section>")[0]
    assert web.lezer.get("/werkplaatsen/sessies/999").status_code == 404
    zh = web.zuid_holland.get(saved.headers["location"].split("?")[0]).text
    assert "niet zichtbaar voor u" in zh and "Veenweide en wonen" not in zh


# -- every role, CSRF, escaping, forged posts ------------------------------------------------------


def test_the_pages_render_for_every_role(web):
    ids = schedule(web)
    vid = vraagstuk(web, "Leesbaar", "beeldvorming")
    paths = ["/vergaderingen", "/vergaderingen?weergave=tabel", f"/vergaderingen/{ids[('do-novex', 'PV26')]}",
             f"/vergaderingen/{ids[('bol', 'noordwest')]}", f"/vergaderingen/{ids[('gp-dg', 'PV26')]}", "/experts",
             "/werkplaatsen", f"/vraagstukken/{vid}"]  # fmt: skip
    for who in ("vro", "utrecht", "departement", "lezer"):
        for path in paths:
            response = getattr(web, who).get(path)
            assert response.status_code == 200, (who, path, response.text[-500:])
            assert (
                'href="/vergaderingen">Vergaderingen</a>' in response.text and 'href="/werkplaatsen">' in response.text
            )
    assert web.api.anonymous.get("/vergaderingen", follow_redirects=False).status_code == 303  # to the login page


def test_every_meetings_form_needs_the_csrf_token(web):
    ids = schedule(web)
    vid = vraagstuk(web, "Csrf", "beeldvorming")
    do = ids[("do-novex", "PV26")]
    posts = [("/vergaderingen/plan", {"jaar": 2028}), (f"/vergaderingen/{do}/agenda", {"versie": 1}),
             (f"/vergaderingen/{do}/agenda/1/uitkomst", {"tekst": "x"}),
             (f"/vergaderingen/{do}/rode-draden", {"tekst": "x", "versie": 1}), ("/experts", {"naam": "x"}),
             ("/werkplaatsen/nieuw", {"titel": "x"}), (f"/vraagstukken/{vid}/snelle-procedure/start", {}),
             (f"/vraagstukken/{vid}/snelle-procedure/signaal", {"botsend": "ja"}),
             (f"/vraagstukken/{vid}/snelle-procedure/selectie", {"opschalen": "ja"}),
             (f"/vraagstukken/{vid}/snelle-procedure/tafel", {"advies": "bestuurlijk"}),
             (f"/vraagstukken/{vid}/snelle-procedure/terugkoppeling", {"lijn": "bol"}),
             (f"/vraagstukken/{vid}/snelle-procedure/stap", {"naar": "snelle-selectie"})]  # fmt: skip
    for url, data in posts:
        for bad in (None, "", "nvx_vervalst", csrf_of(web.utrecht.get("/").text)):
            form = data | ({} if bad is None else {"csrf": bad})
            response = web.vro.post(url, data=form, follow_redirects=False)
            assert response.status_code == 403 and "CSRF" in response.text, (url, bad, response.status_code)
    assert web.api.vro.get("/api/v1/vergaderingen", params={"jaar": 2028}).json() == []
    assert web.api.vro.get(f"/api/v1/vraagstukken/{vid}/snelle-procedure").status_code == 404


def test_forms_are_hidden_from_other_roles_and_forged_posts_are_refused(web):
    ids = schedule(web)
    vid = vraagstuk(web, "Alleen VRO", "besluitvorming", claims=web.claims)
    do = ids[("do-novex", "PV26")]
    form = agenda_form(web.vro.get(f"/vergaderingen/{do}/agenda").text)
    web.vro.post(f"/vergaderingen/{do}/agenda", data=form)
    item = web.api.vro.get(f"/api/v1/vergaderingen/{do}").json()["agenda"][0]["id"]
    post_procedure(web, "vro", vid, "start")
    for who in ("utrecht", "departement", "lezer"):
        client = getattr(web, who)
        meeting = client.get(f"/vergaderingen/{do}").text
        for hidden in ("Conceptagenda uit de vraagstukken", "Uitkomst vastleggen", "Notitie opslaan",
                       f"/vergaderingen/{do}/rode-draden\""):  # fmt: skip
            assert hidden not in meeting, (who, hidden)
        assert "Jaarplanning vastleggen" not in client.get("/vergaderingen?jaar=2028").text
        assert "Expert toevoegen" not in client.get("/experts").text
        assert "Sessie vastleggen" not in client.get("/werkplaatsen").text
        page = panel(client.get(f"/vraagstukken/{vid}").text)
        for hidden in ("Signaal opslaan", "Volgende stap", 'name="botsend"'):
            assert hidden not in page, (who, hidden)
        assert client.get(f"/vergaderingen/{do}/agenda").status_code == 403
        # forged posts with a valid token are refused by the service
        token = csrf_of(client.get("/").text)
        assert client.post("/vergaderingen/plan", data={"csrf": token, "jaar": 2028}).status_code == 403
        outcome = client.post(f"/vergaderingen/{do}/agenda/{item}/uitkomst",
                              data={"csrf": token, "tekst": "Vervalst", "consensus": "ja"})  # fmt: skip
        assert outcome.status_code == 403
        assert client.post(f"/vergaderingen/{do}/rode-draden", data={"csrf": token, "tekst": "x",
                                                                      "versie": version_of(web, do)}).status_code == 403  # fmt: skip
        assert client.post("/experts", data={"csrf": token, "naam": "X", "departement": "Y"}).status_code == 403
        signal = client.post(f"/vraagstukken/{vid}/snelle-procedure/signaal",
                             data={"csrf": token, "versie": 1, "botsend": "nee", "motivering": "x"})  # fmt: skip
        assert signal.status_code == 403
        step = client.post(f"/vraagstukken/{vid}/snelle-procedure/stap", data={"csrf": token, "naar": "geen-botsing"})
        assert step.status_code in (403, 409)
    assert web.api.vro.get(f"/api/v1/vergaderingen/{do}").json()["agenda"][0]["uitkomst"] is None
    assert web.api.vro.get(f"/api/v1/vraagstukken/{vid}/snelle-procedure").json()["fase"] == "signalering"
    assert web.api.vro.get("/api/v1/experts").json() == [] and state(web, vid)["tafelbesluiten"] == []


def test_user_text_is_escaped_everywhere(web):
    ids = schedule(web)
    do = ids[("do-novex", "PV26")]
    vid = vraagstuk(web, XSS, "besluitvorming", claims=web.claims)
    form = agenda_form(web.vro.get(f"/vergaderingen/{do}/agenda").text)
    form["rij_titel"][1], form["rij_reden"][1] = XSS, XSS
    assert web.vro.post(f"/vergaderingen/{do}/agenda", data=form, follow_redirects=False).status_code == 303
    editor = web.vro.get(f"/vergaderingen/{do}/agenda").text
    assert "<script>alert(1)" not in editor and editor.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    item = web.api.vro.get(f"/api/v1/vergaderingen/{do}").json()["agenda"][0]["id"]
    post_meeting(web, "vro", do, f"agenda/{item}/uitkomst", tekst=XSS, consensus="nee", verschillen=XSS)
    post_meeting(web, "vro", do, "rode-draden", tekst=XSS, versie=version_of(web, do))
    token = csrf_of(web.vro.get("/experts").text)
    web.vro.post("/experts", data={"csrf": token, "naam": XSS, "departement": XSS})
    post_procedure(web, "vro", vid, "start")
    post_procedure(web, "vro", vid, "signaal", {"botsend": "ja", "motivering": XSS, "wat_botst": XSS, "waar": XSS,
                                                 "waarom_urgent": XSS})  # fmt: skip
    token = csrf_of(web.vro.get("/werkplaatsen/nieuw").text)
    session = web.vro.post("/werkplaatsen/nieuw", data={"csrf": token, "soort": "atelier", "titel": XSS,
                                                        "datum": "2027-01-05", "organisatie": XSS,
                                                        "hoofdonderwerp": XSS, "vraagstukken": str(vid)},
                           follow_redirects=False)  # fmt: skip
    assert session.status_code == 303
    pages = [f"/vergaderingen/{do}", f"/vraagstukken/{vid}", "/experts",
             "/werkplaatsen", session.headers["location"]]  # fmt: skip
    for path in pages:
        page = web.vro.get(path).text
        assert "<script>alert(1)" not in page and "<img src=x" not in page, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, path
    refused = web.vro.post("/werkplaatsen/nieuw", data={"csrf": token, "titel": XSS})
    assert "<script>alert(1)" not in refused.text and "&lt;script&gt;" in refused.text
