"""The Ruimtelijk Arrangement pages (seed 003 §4.1; seed 002 §3.4 and Bijlage 3) as a browser uses them.

Every form is posted as a browser would (a session cookie, the CSRF token and the version from the
page, and only field names the page's form has); refusals come back in Dutch next to the form with
the user's input kept and nothing stored; each role sees only the forms it may use; a province
cannot open another province's concept; an adopted version answers every change with 409 and its
Dutch notice.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest

from novex import bootstrap
from novex.access import Actor
from tests.fixtures.vraagstukken import decided_in_bol
from tests.fixtures.web import XSS, alert, csrf_of, field, web_world

TITELS = ("Wonen langs de A12", "Water bij Lopik")
OPERATOR = Actor.operator()


@pytest.fixture
def web(settings):
    """The web world with two Utrecht vraagstukken decided in the BOL of 2027 (and the year's meetings)."""
    world = web_world(settings)
    with bootstrap.database(settings).session() as session:
        ids, bol = decided_in_bol(session, TITELS)
        others = [m.id for m in bootstrap.meeting_service(session).meetings(OPERATOR, 2027)
                  if m.soort == "bol" and m.id != bol.id]  # fmt: skip
    world.vraagstukken, world.bol, world.other_bol = ids, bol.id, others[0]
    return world


def stored(web, rid: int):
    with bootstrap.database(web.settings).session() as session:
        return bootstrap.arrangement_service(session).get(OPERATOR, rid)


def count(web) -> int:
    with bootstrap.database(web.settings).session() as session:
        return len(bootstrap.arrangement_service(session).list(OPERATOR))


def create(web, who: str = "utrecht", provincie: str = "PV26", jaar: str = "2027", **extra):
    client = getattr(web, who)
    token = csrf_of(client.get("/arrangementen").text)
    return client.post("/arrangementen/nieuw", data={"csrf": token, "provincie": provincie, "jaar": jaar, **extra},
                       follow_redirects=False)  # fmt: skip


def new_ra(web, who: str = "utrecht", jaar: str = "2027", **extra) -> int:
    response = create(web, who, jaar=jaar, **extra)
    assert response.status_code == 303, alert(response.text) or response.text[-2000:]
    return int(re.search(r"/arrangementen/(\d+)\?gedaan=aangemaakt$", response.headers["location"]).group(1))


def form_of(page: str, action: str, marker: str = "") -> str:
    """The HTML of the first form posting to `action` (that holds `marker`)."""
    for found in re.findall(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S):
        if marker in found:
            return found
    raise AssertionError(f"no form for {action} ({marker}) on the page")


def post(web, who: str, rid: int, path: str, data: dict | None = None, marker: str = "", forged: bool = False,
         **form):  # fmt: skip
    """Post a form of the RA page as the browser sends it: token and version from the page, only its field names.

    `forged`: a post the page offers no form for (another role's move, an old page), with the current version.
    """
    client = getattr(web, who)
    page = client.get(f"/arrangementen/{rid}").text
    body = {"csrf": csrf_of(page), **(data or {}), **form}
    if not forged and f'action="/arrangementen/{rid}/{path}"' in page:
        html_form = form_of(page, f"/arrangementen/{rid}/{path}", marker)
        names = set(re.findall(r'name="([^"]+)"', html_form))
        assert set(body) - {"versie"} <= names, set(body) - names
        version = re.search(r'name="versie" value="(\d+)"', html_form)
        if version:
            body.setdefault("versie", version.group(1))
    else:
        body.setdefault("versie", str(stored(web, rid).version))
    return client.post(f"/arrangementen/{rid}/{path}", data=body, follow_redirects=False)


def agreement(**over) -> dict:
    """The agreement form filled as SMART as the handreiking spells it (seed 004), as the browser sends it."""
    base = {"tekst": "Rijk en provincie realiseren samen de woningbouw in de A12-zone.", "onderdeel": "1",
            "partij": ["VRO", "Utrecht", ""], "akkoord": ["ja", "ja", ""],
            "akkoord_datum": ["2026-11-20", "2026-11-21", ""], "akkoord_toelichting": ["", "", ""],
            "eigenaar_soort": ["provincie", ""], "eigenaar_naam": ["Provincie Utrecht", ""], "vraagstuk": "",
            "resultaat": "4.000 woningen opgeleverd in de A12-zone bij Woerden", "indicator": "opgeleverde woningen",
            "eenheid": "woningen", "basiswaarde": "0", "streefwaarde": "4.000", "middelen": "Woningbouwimpuls",
            "capaciteit": "2 fte provincie", "randvoorwaarden": "", "deadline": "2030-12-31",
            "mijlpaal": ["Plannen vastgesteld", ""], "mijlpaal_datum": ["2028-06-30", ""]}  # fmt: skip
    return base | over


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def post_forms(page: str) -> list[str]:
    """The actions of the page's post forms, but for logging out."""
    return [a for a in re.findall(r'<form method="post" action="([^"]+)"', page) if a != "/uitloggen"]


def all_met(web, rid: int, who: str = "utrecht") -> None:
    for vid in web.vraagstukken:
        response = post(web, who, rid, "inclusie", marker=f'name="formulier" value="{vid}"', formulier=str(vid),
                        vraagstuk=str(vid), **{f"besluit_{n}": "ja" for n in range(1, 6)},
                        **{f"motivering_{n}": f"voldaan {n}" for n in range(1, 6)})  # fmt: skip
        assert response.status_code == 303, alert(response.text)


def proposed(web, rid: int) -> None:
    """Decide the inclusion, mend the first agreement, motivate the second's findings, and propose (as Utrecht)."""
    all_met(web, rid)
    ra = stored(web, rid)
    first, second = ra.afspraken
    response = post(web, "utrecht", rid, "afspraak", agreement(tekst=first.tekst, vraagstuk=str(first.vraagstuk_id)),
                    marker=f'value="{first.sleutel}"', sleutel=first.sleutel)  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    with bootstrap.database(web.settings).session() as session:
        keys = [f.sleutel for f in bootstrap.arrangement_service(session).smart(OPERATOR, rid)]
    assert keys and all(k.startswith(second.sleutel + "/") for k in keys)
    response = post(web, "utrecht", rid, "motiveringen", marker=f'value="{second.sleutel}"', afspraak=second.sleutel,
                    bevinding=keys, motivering=["gaat zo naar het BOL"] * len(keys))  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    response = post(web, "utrecht", rid, "overgang", marker='value="voorgelegd"', naar="voorgelegd", reden="Klaar")
    assert response.status_code == 303, alert(response.text)


# -- the list and a new version --------------------------------------------------------------------


def test_the_list_frames_the_new_product_and_only_drafters_start_a_version(web):
    page = web.lezer.get("/arrangementen").text
    assert '<caption id="caption-productbeeld">Oude werkwijze versus nieuwe lijn</caption>' in page
    assert "SMART-geformuleerd en uitvoeringsgericht" in page and "Jaarlijkse actualisatie centraal" in page
    assert "Bron: seed 002, Bijlage 3 §2" in text_of(page)
    assert "Er zijn geen arrangementen." in page and "Nieuw arrangement" not in page and not post_forms(page)
    assert not post_forms(web.departement.get("/arrangementen").text)
    own = form_of(web.utrecht.get("/arrangementen").text, "/arrangementen/nieuw")
    assert re.findall(r'<option value="(PV\d\d)"', own) == ["PV26"]  # a province starts only its own
    assert len(re.findall(r'<option value="(PV\d\d)"', form_of(web.vro.get("/arrangementen").text,
                                                              "/arrangementen/nieuw"))) == 12  # fmt: skip

    # refusals: in Dutch next to the form, what was typed kept, nothing stored
    empty = create(web, jaar="")
    assert empty.status_code == 400 and "jaar: vul het jaar in" in alert(empty.text)
    assert 'href="#nieuw-jaar"' in empty.text
    words = create(web, jaar="volgend jaar")
    assert words.status_code == 400 and "kies een jaar van 2023 tot en met 2100" in alert(words.text)
    assert field(form_of(words.text, "/arrangementen/nieuw"), "jaar") == "volgend jaar"
    far = create(web, jaar="2200")
    assert far.status_code == 400 and "(niet '2200')" in alert(far.text)
    forged = create(web, provincie="PV28")
    assert forged.status_code == 403 and "mag het ruimtelijk arrangement van PV28 niet opstellen" in alert(forged.text)
    bad_kind = create(web, generatie="derde")
    assert bad_kind.status_code == 400 and "generatie 'derde' bestaat niet" in alert(bad_kind.text)
    assert create(web, "lezer").status_code == 403
    assert count(web) == 0

    rid = new_ra(web)
    page = web.utrecht.get(f"/arrangementen/{rid}?gedaan=aangemaakt").text
    assert "Het concept is aangemaakt." in page and "<h1>Utrecht 2027</h1>" in page
    assert "Het BOL kiest: Wonen langs de A12" in page and "Het BOL kiest: Water bij Lopik" in page
    twice = create(web)
    assert twice.status_code == 409 and f"heeft al een ruimtelijk arrangement voor 2027 (nummer {rid})" in alert(
        twice.text
    )
    assert field(form_of(twice.text, "/arrangementen/nieuw"), "jaar") == "2027" and count(web) == 1

    listing = web.vro.get("/arrangementen").text
    assert f'href="/arrangementen/{rid}">Utrecht 2027</a>' in listing and "16 bevindingen open" in listing
    assert "Nog geen arrangement: Groningen" in listing and "Utrecht," not in listing.split("Nog geen arrangement")[1]
    assert "Utrecht 2027" in web.vro.get("/arrangementen", params={"provincie": "PV26", "jaar": "2027",
                                                                   "status": "concept"}).text  # fmt: skip
    assert "Utrecht 2027" not in web.vro.get("/arrangementen", params={"status": "vastgesteld"}).text
    for params, message in (({"jaar": "abc"}, "kies een jaar"), ({"status": "klaar"}, "status 'klaar' bestaat niet"),
                            ({"provincie": "PV99"}, "provincie 'PV99' bestaat niet")):  # fmt: skip
        bad = web.vro.get("/arrangementen", params=params)
        assert bad.status_code == 400 and message in alert(bad.text)


def test_a_province_cannot_open_another_provinces_concept_and_readers_see_no_forms(web):
    rid = new_ra(web)
    other = web.zuid_holland.get(f"/arrangementen/{rid}")
    assert other.status_code == 403 and "mag het concept van het ruimtelijk arrangement van PV26 niet lezen" in alert(
        other.text
    )
    assert f"/arrangementen/{rid}" not in web.zuid_holland.get("/arrangementen").text
    token = csrf_of(web.zuid_holland.get("/arrangementen").text)
    forged = web.zuid_holland.post(f"/arrangementen/{rid}/onderdelen/1", data={"csrf": token, "versie": "1",
                                                                             "toelichting": "Van ons"})  # fmt: skip
    assert forged.status_code == 403 and stored(web, rid).onderdeel(1).toelichting == ""
    assert web.zuid_holland.get(f"/arrangementen/{rid}/verschil/{rid}").status_code == 403

    for who in ("lezer", "departement"):
        page = web.__dict__[who].get(f"/arrangementen/{rid}").text
        assert "Het BOL kiest: Wonen langs de A12" in page and post_forms(page) == [], who
        assert "Voorleggen aan het BOL" not in page
        token = csrf_of(page)
        refused = web.__dict__[who].post(f"/arrangementen/{rid}/onderdelen/1", data={"csrf": token, "versie": "1",
                                                                                   "toelichting": "x"})  # fmt: skip
        assert refused.status_code == 403 and "mag niet: een ruimtelijk arrangement opstellen" in alert(refused.text)
        move = web.__dict__[who].post(f"/arrangementen/{rid}/overgang", data={"csrf": token, "versie": "99",
                                                                            "naar": "voorgelegd"})  # fmt: skip
        assert move.status_code == 403 and stored(web, rid).status == "concept"  # no right, whatever the version
    planner = web.utrecht.get(f"/arrangementen/{rid}").text
    assert f"/arrangementen/{rid}/afspraak" in post_forms(planner) and "Vaststellen" not in planner
    assert "Voorleggen aan het BOL" in planner and "Conceptagenda" not in planner
    no_csrf = web.utrecht.post(f"/arrangementen/{rid}/onderdelen/1", data={"versie": "1", "toelichting": "x"})
    assert no_csrf.status_code == 403 and "CSRF" in alert(no_csrf.text)
    missing = web.vro.get("/arrangementen/999999")
    assert missing.status_code == 404 and "ruimtelijk arrangement 999999 bestaat niet" in alert(missing.text)


# -- the forms on a concept ----------------------------------------------------------------------------


def test_parts_and_agreements_are_saved_and_refusals_keep_what_was_typed(web):
    rid = new_ra(web)
    saved = post(web, "utrecht", rid, "onderdelen/2", marker="onderdelen/2", toelichting=XSS)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?gedaan=onderdeel#onderdeel-2")
    page = web.utrecht.get(saved.headers["location"]).text
    assert "De tekst van het onderdeel is opgeslagen." in page and "&lt;script&gt;" in page and XSS not in page
    assert stored(web, rid).onderdeel(2).toelichting == XSS
    assert post(web, "utrecht", rid, "onderdelen/9", toelichting="x").status_code == 400

    # a new agreement with three problems: each named in Dutch at its field, everything typed kept, nothing stored
    before = stored(web, rid)
    bad = agreement(tekst="", deadline="31-12-2030", basiswaarde="nul",
                    partij=["VRO", "VRO", ""], akkoord=["ja", "", ""])  # fmt: skip
    refused = post(web, "utrecht", rid, "afspraak", bad, marker='name="sleutel" value=""', sleutel="")
    assert refused.status_code == 400
    problems = alert(refused.text)
    assert "tekst: vul de tekst van de afspraak in" in problems
    assert "deadline: '31-12-2030' is geen datum (jjjj-mm-dd)" in problems
    assert "partijen: 'VRO' staat er meer dan eens" in problems
    assert 'href="#afspraak-nieuw-tekst"' in refused.text and 'href="#afspraak-nieuw-deadline"' in refused.text
    form = form_of(refused.text, f"/arrangementen/{rid}/afspraak", 'name="sleutel" value=""')
    assert 'value="31-12-2030"' in form and 'value="nul"' in form and "4.000 woningen opgeleverd" in form
    assert (
        'id="fouten-afspraak-nieuw"' in form
        and '<details class="uitklap formulierblok" id="afspraak-nieuw" open>' in refused.text
    )
    assert stored(web, rid).version == before.version and len(stored(web, rid).afspraken) == 2

    # added as SMART as the handreiking spells it: no finding; numbers as a person types them
    added = post(web, "utrecht", rid, "afspraak", agreement(), marker='name="sleutel" value=""', sleutel="")
    assert added.status_code == 303, alert(added.text)
    ra = stored(web, rid)
    new = ra.afspraken[-1]
    assert (new.sleutel, new.streefwaarde, new.basiswaarde) == ("PV26-2027-3", 4000.0, 0.0)
    assert [(a.partij, a.akkoord) for a in new.acceptaties] == [("VRO", True), ("Utrecht", True)]
    assert [(e.soort, e.naam) for e in new.eigenaren] == [("provincie", "Provincie Utrecht")]
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert "Geen bevindingen: de afspraak is specifiek, meetbaar" in page
    assert "opgeleverde woningen: van 0 naar 4.000 woningen" in text_of(page)

    # the edit form shows what is stored; a stale version answers 409 and keeps the change on top of the current one
    edit = form_of(page, f"/arrangementen/{rid}/afspraak", f'value="{new.sleutel}"')
    assert 'value="4.000"' in edit and 'value="2030-12-31"' in edit and '<option value="ja" selected>' in edit
    stale = post(web, "utrecht", rid, "afspraak", agreement(streefwaarde="5.000"), marker=f'value="{new.sleutel}"',
                 sleutel=new.sleutel, versie=str(ra.version - 1))  # fmt: skip
    assert stale.status_code == 409 and "is intussen gewijzigd" in alert(stale.text)
    again = form_of(stale.text, f"/arrangementen/{rid}/afspraak", f'value="{new.sleutel}"')
    assert 'value="5.000"' in again and f'name="versie" value="{ra.version}"' in again
    assert stored(web, rid).afspraken[-1].streefwaarde == 4000.0

    # vague and non-numeric: the check names it per agreement and criterion
    vague = post(web, "utrecht", rid, "afspraak", agreement(resultaat="We gaan de woningbouw verder verkennen",
                 streefwaarde="veel", partij=["VRO", "Utrecht", ""], akkoord=["ja", "nee", ""],
                 akkoord_toelichting=["", "eerst de watertoets", ""]), marker=f'value="{new.sleutel}"',
                 sleutel=new.sleutel)  # fmt: skip
    assert vague.status_code == 303, alert(vague.text)
    findings = text_of(form_of(web.utrecht.get(f"/arrangementen/{rid}").text, f"/arrangementen/{rid}/motiveringen",
                               f'value="{new.sleutel}"'))  # fmt: skip
    assert "Specifiek: het resultaat is vaag ('verkennen')" in findings
    assert "Meetbaar: de streefwaarde 'veel' is geen getal" in findings
    assert "Acceptabel: Utrecht is niet akkoord met de afspraak (eerst de watertoets)." in findings

    removed = post(web, "utrecht", rid, "afspraak/verwijderen", marker=f'value="{new.sleutel}"', sleutel=new.sleutel)
    assert removed.status_code == 303 and len(stored(web, rid).afspraken) == 2
    gone = post(web, "utrecht", rid, "afspraak/verwijderen", sleutel="PV26-2027-77")
    assert gone.status_code == 404 and "afspraak 'PV26-2027-77' staat niet in" in alert(gone.text)


def test_inclusion_investments_knots_and_motivations(web):
    rid = new_ra(web)
    a12, lopik = web.vraagstukken
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert "Het vraagstuk is multisectoraal en vraagt om integrale afweging" in page
    assert "Behandeling is haalbaar binnen de beschikbare capaciteit en uitvoerbaarheid" in page
    assert (
        "Vraagstukken worden alleen opgenomen in het Ruimtelijk Arrangement als zij voldoen aan de volgende criteria"
        in page
    )

    # one criterion not met: not included, and the table says so per criterion
    decision = {f"besluit_{n}": "ja" for n in range(1, 6)} | {f"motivering_{n}": f"m{n}" for n in range(1, 6)}
    response = post(web, "utrecht", rid, "inclusie", decision | {"besluit_3": "nee"},
                    marker=f'name="formulier" value="{a12}"', formulier=str(a12), vraagstuk=str(a12))  # fmt: skip
    assert response.status_code == 303 and not stored(web, rid).inclusie(a12).opgenomen
    table = web.utrecht.get(f"/arrangementen/{rid}").text.split('id="caption-inclusie"')[1].split("</table>")[0]
    row = table.split(f"Nr. {a12}:")[1].split("</tr>")[0]
    assert row.count("oordeel-ja") == 4 and row.count("oordeel-nee") == 2  # criterion 3 and the outcome
    missing = post(web, "utrecht", rid, "inclusie", decision, marker='name="formulier" value="nieuw"',
                   formulier="nieuw", vraagstuk="")  # fmt: skip
    assert missing.status_code == 400 and "vraagstuk: kies het vraagstuk" in alert(missing.text)
    assert 'href="#inclusie-nieuw-vraagstuk"' in missing.text
    with bootstrap.database(web.settings).session() as session:
        from novex.dialogue.model import VraagstukDraft

        elders = bootstrap.vraagstuk_service(session).signal(OPERATOR, VraagstukDraft("Haven", ("PV28",), "voortgang"))
    foreign = post(web, "utrecht", rid, "inclusie", decision, marker='name="formulier" value="nieuw"',
                   formulier="nieuw", vraagstuk=str(elders.id))  # fmt: skip
    assert foreign.status_code == 400 and f"vraagstuk {elders.id} gaat niet over provincie PV26" in alert(foreign.text)
    assert stored(web, rid).inclusie(elders.id) is None

    # investments: existing funds only, a positive amount, a programme; totals per programme
    bad = post(web, "utrecht", rid, "investeringen", programma="", fonds="spaarpot", bedrag="twaalf miljoen",
               gelabeld_voor="", afspraak="")  # fmt: skip
    assert bad.status_code == 400
    problems = alert(bad.text)
    assert (
        "bedrag: 'twaalf miljoen' is geen bedrag" in problems and "programma: noem het nationale programma" in problems
    )
    assert "fonds: 'spaarpot' staat niet in het register van bestaande fondsen" in problems
    assert bad.text.count('href="#investering-bedrag"') == 2  # the summary at the top and the one at the form
    assert field(bad.text, "bedrag") == "twaalf miljoen" and 'id="investering-bedrag"' in bad.text
    negative = post(web, "utrecht", rid, "investeringen", programma="Programma Woningbouw", fonds="woningbouwimpuls",
                    bedrag="-5", gelabeld_voor="A12", afspraak="")  # fmt: skip
    assert negative.status_code == 400 and "bedrag: het bedrag moet groter dan nul zijn" in alert(negative.text)
    assert stored(web, rid).investeringen == ()
    first = stored(web, rid).afspraken[0].sleutel
    for amount, fonds, programma in (("12.500.000", "woningbouwimpuls", "Programma Woningbouw"),
                                     ("1.250.000,50", "deltafonds", "Nationaal Waterprogramma 2022-2027"),
                                     ("250000", "woningbouwimpuls", "Programma Woningbouw")):  # fmt: skip
        done = post(web, "utrecht", rid, "investeringen", programma=programma, fonds=fonds, bedrag=amount,
                    gelabeld_voor="Bovenplanse kosten A12-zone", afspraak=first)  # fmt: skip
        assert done.status_code == 303, alert(done.text)
    assert [i.bedrag for i in stored(web, rid).investeringen] == [Decimal("12500000"), Decimal("1250000.50"),
                                                                  Decimal("250000")]  # fmt: skip
    page = text_of(web.utrecht.get(f"/arrangementen/{rid}").text)
    assert "Totaal Programma Woningbouw € 12.750.000,00" in page and "Totaal Utrecht € 14.000.000,50" in page
    assert "Woningbouwimpuls € 12.500.000,00 Bovenplanse kosten A12-zone Afspraak 1" in page
    removed = post(web, "utrecht", rid, "investeringen/verwijderen", marker='value="I3"', sleutel="I3")
    assert removed.status_code == 303 and len(stored(web, rid).investeringen) == 2
    assert "€ 13.750.000,50" in web.vro.get("/arrangementen", params={"jaar": "2027"}).text

    # knots: a row without a description is refused; emptied rows are no longer open
    bad = post(web, "utrecht", rid, "knopen", knoop=["", ""], knoop_vraagstuk=[str(lopik), ""])
    assert bad.status_code == 400 and f"bij vraagstuk {lopik} ontbreekt de omschrijving" in alert(bad.text)
    knots = post(web, "utrecht", rid, "knopen", knoop=["Waterberging Lopik nog zonder oplossing", ""],
                 knoop_vraagstuk=[str(lopik), ""])  # fmt: skip
    assert knots.status_code == 303 and [(k.omschrijving, k.vraagstuk_id) for k in stored(web, rid).open_knopen] == [
        ("Waterberging Lopik nog zonder oplossing", lopik)
    ]
    assert post(web, "utrecht", rid, "knopen", knoop=["", "", ""], knoop_vraagstuk=["", str(lopik)]).status_code == 400

    # motivations: stored per finding, shown as gemotiveerd; emptied: withdrawn
    ra = stored(web, rid)
    second = ra.afspraken[1].sleutel
    with bootstrap.database(web.settings).session() as session:
        keys = [f.sleutel for f in bootstrap.arrangement_service(session).smart(OPERATOR, rid) if f.afspraak == second]
    texts = ["Volgt in het BOL"] + [""] * (len(keys) - 1)
    done = post(web, "utrecht", rid, "motiveringen", marker=f'value="{second}"', afspraak=second, bevinding=keys,
                motivering=texts)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"].endswith("#afspraak-2")
    assert stored(web, rid).motiveringen == {keys[0]: "Volgt in het BOL"}
    section = web.utrecht.get(f"/arrangementen/{rid}").text.split('id="afspraak-2"')[1].split("</article>")[0]
    assert section.count('oordeel-ja">gemotiveerd') == 1 and "Volgt in het BOL" in section
    assert post(web, "utrecht", rid, "motiveringen", afspraak=second, bevinding=keys,
                motivering=["x"]).status_code == 400  # fmt: skip
    unknown = post(web, "utrecht", rid, "motiveringen", afspraak=second, bevinding=["niets/geen"], motivering=["x"])
    assert unknown.status_code == 400 and "SMART-bevinding 'niets/geen' staat niet open" in alert(unknown.text)


# -- moves, adoption, the locked version, next year and the diff -------------------------------------


def test_propose_adopt_in_the_bol_and_the_adopted_version_is_locked(web):
    rid = new_ra(web)
    # the button is disabled with its reasons; posted anyway (an old page), the move is refused with them
    refused = post(web, "utrecht", rid, "overgang", marker='value="voorgelegd"', naar="voorgelegd")
    assert refused.status_code == 409 and "inclusiecriteria" in alert(refused.text)
    assert "SMART-bevindingen staan nog open zonder motivering" in alert(refused.text)
    assert stored(web, rid).status == "concept"
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert 'disabled aria-describedby="overgang-voorgelegd-waarom"' in page

    proposed(web, rid)
    ra = stored(web, rid)
    assert ra.status == "voorgelegd"
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert "Voorgelegd aan het BOL." in page and f"/arrangementen/{rid}/afspraak" not in post_forms(page)
    assert "Vaststellen" not in page and "Terug naar concept" in page  # the province proposes, VRO adopts
    edit = post(web, "utrecht", rid, "onderdelen/1", toelichting="Nog even")
    assert edit.status_code == 409 and "is voorgelegd aan het BOL en kan zo niet worden gewijzigd" in alert(edit.text)
    forged = post(web, "utrecht", rid, "overgang", forged=True, naar="vastgesteld", vergadering=str(web.bol))
    assert forged.status_code == 403 and stored(web, rid).status == "voorgelegd"

    # VRO: the BOLs of Noordwest; no BOL chosen, another landsdeel's BOL, an old page: refused with the reason
    page = web.vro.get(f"/arrangementen/{rid}").text
    form = form_of(page, f"/arrangementen/{rid}/overgang", 'value="vastgesteld"')
    assert f'<option value="{web.bol}" selected>' in form and f'value="{web.other_bol}"' not in form
    none = post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld", reden="",
                vergadering="")  # fmt: skip
    assert none.status_code == 400 and "vergadering: kies het BOL" in alert(none.text)
    assert 'href="#overgang-vastgesteld-vergadering"' in none.text
    wrong = post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld", reden="",
                 vergadering=str(web.other_bol))  # fmt: skip
    assert wrong.status_code == 400 and "is niet het BOL van landsdeel noordwest" in alert(wrong.text)
    old = post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld", reden="",
               vergadering=str(web.bol), versie=str(ra.version - 1))  # fmt: skip
    assert old.status_code == 409 and "is intussen gewijzigd" in alert(old.text)
    assert stored(web, rid).status == "voorgelegd"
    adopted = post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld",
                   reden="Vastgesteld in het BOL", vergadering=str(web.bol))  # fmt: skip
    assert adopted.status_code == 303, alert(adopted.text)
    ra = stored(web, rid)
    assert ra.status == "vastgesteld" and ra.vastgesteld_in.vergadering_id == web.bol

    # locked: the notice, no form but next year's, and every edit route answers 409 with the notice's reason
    for who in ("vro", "utrecht", "zuid_holland", "lezer"):
        page = getattr(web, who).get(f"/arrangementen/{rid}").text
        notice = text_of(page.split('class="melding melding-vast"')[1].split("</div>")[0])
        assert re.search(r"Vastgesteld in BOL \w+ .*op \d+ \w+ 2027 — kan niet meer worden gewijzigd\.", notice), notice
        expected = [f"/arrangementen/{rid}/volgend-jaar"] if who in ("vro", "utrecht") else []
        assert post_forms(page) == expected, who
    edits = {"onderdelen/1": {"toelichting": "x"}, "afspraak": agreement(sleutel=ra.afspraken[0].sleutel),
             "afspraak/verwijderen": {"sleutel": ra.afspraken[0].sleutel},
             "motiveringen": {"afspraak": ra.afspraken[1].sleutel, "bevinding": [], "motivering": []},
             "inclusie": {"formulier": "nieuw", "vraagstuk": str(web.vraagstukken[0])},
             "investeringen": {"programma": "P", "fonds": "deltafonds", "bedrag": "5", "gelabeld_voor": "x",
                               "afspraak": ""},
             "investeringen/verwijderen": {"sleutel": "I1"}, "knopen": {"knoop": ["k"], "knoop_vraagstuk": [""]},
             "ondertekening": {"datum": "2027-01-01", "ondertekenaars": "minister voor VRO"}}  # fmt: skip
    for path, data in edits.items():
        for who in ("vro", "utrecht"):
            response = post(web, who, rid, path, data)
            assert response.status_code == 409, (path, who, response.status_code, alert(response.text))
            assert "is vastgesteld in BOL" in alert(response.text) and "kan niet meer worden gewijzigd" in alert(
                response.text
            ), path
            assert "Niet opgeslagen: dit arrangement kan nu niet worden gewijzigd." in response.text
    assert stored(web, rid).version == ra.version
    back = post(web, "vro", rid, "overgang", naar="concept", reden="", vergadering="")
    assert back.status_code == 409 and stored(web, rid).status == "vastgesteld"

    # the other province reads the adopted version (public), not the drafts
    assert web.zuid_holland.get(f"/arrangementen/{rid}").status_code == 200
    assert f'href="/arrangementen/{rid}">Utrecht 2027</a>' in web.zuid_holland.get("/arrangementen").text

    # next year: a copy that links back; the diff page names what changed, field by field
    nxt = post(web, "utrecht", rid, "volgend-jaar")
    assert nxt.status_code == 303
    new_id = int(re.search(r"/arrangementen/(\d+)\?gedaan=volgend-jaar$", nxt.headers["location"]).group(1))
    page = web.utrecht.get(nxt.headers["location"]).text
    assert "<h1>Utrecht 2028</h1>" in page and "als kopie van de vastgestelde versie" in page
    assert f'href="/arrangementen/{rid}/verschil/{new_id}">wat is er veranderd?' in page
    assert post(web, "utrecht", rid, "volgend-jaar").status_code == 409  # 2028 exists
    first, second = stored(web, new_id).afspraken
    changed = post(web, "utrecht", new_id, "afspraak", agreement(tekst="Aangescherpt: 5.000 woningen",
                   streefwaarde="5.000", onderdeel="4"), marker=f'value="{first.sleutel}"',
                   sleutel=first.sleutel)  # fmt: skip
    assert changed.status_code == 303, alert(changed.text)
    assert post(web, "utrecht", new_id, "afspraak/verwijderen", marker=f'value="{second.sleutel}"',
                sleutel=second.sleutel).status_code == 303  # fmt: skip
    assert post(web, "utrecht", new_id, "afspraak", agreement(tekst="Nieuw: zon op daken"),
                marker='name="sleutel" value=""', sleutel="").status_code == 303  # fmt: skip
    diff = web.utrecht.get(f"/arrangementen/{rid}/verschil/{new_id}")
    assert diff.status_code == 200
    text = text_of(diff.text)
    assert "Wat veranderde van Utrecht 2027 naar Utrecht 2028" in text
    assert "Afspraken: 1 toegevoegd, 1 vervallen, 1 gewijzigd" in text and "Status: Vastgesteld → Concept" in text
    assert "Jaar 2027 2028" in text and "Streefwaarde 4.000 5.000" in text
    assert "Onderdeel 1. Ruimtelijk beeld en wederkerige afspraken per provincie 4. Wederkerige afspraken" in text
    assert "Tekst Het BOL kiest: Wonen langs de A12 Aangescherpt: 5.000 woningen" in text
    vervallen = diff.text.split('id="kop-vervallen"')[1].split("</table>")[0]
    toegevoegd = diff.text.split('id="kop-toegevoegd"')[1].split("</table>")[0]
    assert "Het BOL kiest: Water bij Lopik" in vervallen and "Nieuw: zon op daken" in toegevoegd
    assert web.zuid_holland.get(f"/arrangementen/{rid}/verschil/{new_id}").status_code == 403  # 2028 is a concept
    same = text_of(web.vro.get(f"/arrangementen/{rid}/verschil/{rid}").text)
    assert "Geen verschillen: de twee versies hebben dezelfde inhoud en status." in same


def test_a_first_generation_version_is_signed_not_adopted_in_a_bol(web):
    rid = new_ra(web, "vro", jaar="2023", generatie="eerste")
    page = web.vro.get(f"/arrangementen/{rid}").text
    assert "Eerste generatie (breed, ondertekend; seed 003 §4.1)" in page and "Ondertekening vastleggen" in page
    assert "Het BOL kiest" not in page  # the baseline holds no BOL decisions of the new way of working
    empty = post(web, "vro", rid, "ondertekening", datum="", ondertekenaars="")
    assert empty.status_code == 400 and "datum: vul de datum van de ondertekening in" in alert(empty.text)
    nobody = post(web, "vro", rid, "ondertekening", datum="2023-10-12", ondertekenaars="  \n ")
    assert nobody.status_code == 400 and "noem 1 tot 50 ondertekenaars" in alert(nobody.text)
    assert field(nobody.text, "datum") == "2023-10-12"
    signed = post(web, "vro", rid, "ondertekening", datum="2023-10-12",
                  ondertekenaars="minister voor VRO\nGedeputeerde Staten van Utrecht")  # fmt: skip
    assert signed.status_code == 303
    assert post(web, "vro", rid, "overgang", naar="voorgelegd", reden="").status_code == 303
    page = web.vro.get(f"/arrangementen/{rid}").text
    assert "In welk BOL is het vastgesteld?" not in page  # signed, not adopted in a BOL
    assert (
        post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld", reden="").status_code == 303
    )
    page = text_of(web.vro.get(f"/arrangementen/{rid}").text)
    assert "Ondertekend op 12 oktober 2023 — kan niet meer worden gewijzigd." in page
    assert "minister voor VRO, Gedeputeerde Staten van Utrecht" in page


def test_the_documents_download_from_the_pages(web):
    import csv
    import io

    from openpyxl import load_workbook

    rid = new_ra(web)
    concept = web.utrecht.get(f"/arrangementen/{rid}/document.pdf")
    assert concept.status_code == 200 and concept.content.startswith(b"%PDF")
    assert concept.headers["content-disposition"].startswith('attachment; filename="ruimtelijk-arrangement-')
    assert web.zuid_holland.get(f"/arrangementen/{rid}/document.pdf").status_code == 403  # a concept of another
    unknown = web.utrecht.get(f"/arrangementen/{rid}/document.docx")
    assert unknown.status_code == 400 and "onbekend formaat 'docx'" in alert(unknown.text)
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert f'href="/arrangementen/{rid}/document.pdf?openbaar=ja"' in page and "afsprakenlijst/" not in page

    proposed(web, rid)
    adopted = post(web, "vro", rid, "overgang", marker='value="vastgesteld"', naar="vastgesteld", reden="",
                   vergadering=str(web.bol))  # fmt: skip
    assert adopted.status_code == 303, alert(adopted.text)
    page = web.lezer.get(f"/arrangementen/{rid}").text
    for fmt in ("pdf", "html", "csv", "xlsx"):
        assert f'href="/arrangementen/afsprakenlijst/{web.bol}.{fmt}"' in page
    public = web.lezer.get(f"/arrangementen/{rid}/document.html", params={"openbaar": "ja"})
    assert public.status_code == 200 and "Het BOL kiest: Wonen langs de A12" in public.text
    assert "-openbaar.html" in public.headers["content-disposition"]
    table = web.lezer.get(f"/arrangementen/afsprakenlijst/{web.bol}.csv")
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig")), delimiter=";"))
    sheet = load_workbook(io.BytesIO(web.lezer.get(f"/arrangementen/afsprakenlijst/{web.bol}.xlsx").content)).active
    cells = [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    texts = {"Het BOL kiest: Wonen langs de A12", "Het BOL kiest: Water bij Lopik"}
    assert texts <= {c for r in rows for c in r} and texts <= {c for r in cells for c in r}
    assert len([r for r in rows if set(r) & texts]) == len([r for r in cells if set(r) & texts]) == 2

    nxt = post(web, "utrecht", rid, "volgend-jaar")
    new_id = int(re.search(r"/arrangementen/(\d+)", nxt.headers["location"]).group(1))
    diff = web.utrecht.get(f"/arrangementen/{rid}/verschil/{new_id}").text
    assert f'href="/arrangementen/{rid}/verschil/{new_id}/document.pdf?openbaar=ja"' in diff
    staten = web.utrecht.get(f"/arrangementen/{rid}/verschil/{new_id}/document.pdf", params={"openbaar": "ja"})
    assert staten.status_code == 200 and staten.content.startswith(b"%PDF")
    assert web.zuid_holland.get(f"/arrangementen/{rid}/verschil/{new_id}/document.pdf").status_code == 403


def test_a_milestone_carries_the_value_the_monitor_holds_measurements_against(web):
    rid = new_ra(web)
    steps = {"mijlpaal": ["Eerste 1.000", "Helft", ""], "mijlpaal_datum": ["2027-06-30", "2028-12-31", ""],
             "mijlpaal_waarde": ["1.000", "2.000,5", ""]}  # fmt: skip
    added = post(web, "utrecht", rid, "afspraak", agreement(**steps), marker='name="sleutel" value=""', sleutel="")
    assert added.status_code == 303, alert(added.text)
    new = stored(web, rid).afspraken[-1]
    assert [(m.omschrijving, m.datum.isoformat(), m.waarde) for m in new.mijlpalen] == [
        ("Eerste 1.000", "2027-06-30", 1000.0), ("Helft", "2028-12-31", 2000.5)]  # fmt: skip
    page = web.utrecht.get(f"/arrangementen/{rid}").text
    assert 'value="2.000,5"' in form_of(page, f"/arrangementen/{rid}/afspraak", f'value="{new.sleutel}"')
    before = stored(web, rid).version
    bad = agreement(**(steps | {"mijlpaal_waarde": ["duizend", "", ""]}))
    refused = post(web, "utrecht", rid, "afspraak", bad, marker=f'value="{new.sleutel}"', sleutel=new.sleutel)
    assert refused.status_code == 400 and "mijlpalen: de waarde 'duizend' is geen getal" in alert(refused.text)
    assert stored(web, rid).version == before
