"""The monitor's pages (seed 002 §4.1, §5, Bijlage 3 §4; seed 003 §5.2) as a browser uses them.

Two adopted versions (Utrecht with five agreements built to land on each suggested status, Zuid-Holland
with two, one owned by the ministry of the departement account) and measurements dated relative to
today. Every count the tests expect is worked out by hand from those dates and the rules in
`novex.monitor.suggestie`, not read back from the meter. Forms are posted as a browser would (session
cookie, the page's CSRF token and field names); refusals are Dutch, keep what was typed, store nothing.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from novex import bootstrap
from novex.access import Actor
from novex.arrangement.model import Eigenaar, Mijlpaal
from novex.dialogue.model import VraagstukDraft
from novex.monitor.statussen import statuslijst
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.web import XSS, csrf_of, web_world

OPERATOR = Actor.operator()
T = date.today()
ONTWERPKEUZE = statuslijst().ontwerpkeuze


def days(n: int) -> date:
    return T + timedelta(days=n)


def utrecht_agreements():
    """A1 op schema, A2 vertraagd, A3 gerealiseerd, A4 aandacht nodig (old measurement), A5 no status."""
    far = days(1200)
    return (
        gevolgde_afspraak("A1", "PV26", mijlpalen=(Mijlpaal("eerste 1.000", days(-200), 1000.0),
                                                   Mijlpaal("2.500", days(300), 2500.0)), deadline=far,
                          novex_gebied="novex-groene-hart", doelen=("provincie-pv26-woningbouw-2030",)),
        gevolgde_afspraak("A2", "PV26", mijlpalen=(Mijlpaal("eerste 1.000", days(-100), 1000.0),), deadline=far),
        gevolgde_afspraak("A3", "PV26", mijlpalen=(), deadline=far),
        gevolgde_afspraak("A4", "PV26", mijlpalen=(Mijlpaal("2.000", days(400), 2000.0),), deadline=far),
        gevolgde_afspraak("A5", "PV26", mijlpalen=(Mijlpaal("1.000", days(500), 1000.0),), deadline=far,
                          tekst=f"Afspraak zonder meting {XSS}"),
    )  # fmt: skip


def zuid_holland_agreements():
    """B1 owned by the ministry 'EZK' (the departement account's), op schema; B2 the province's, no status."""
    far = days(1200)
    return (
        gevolgde_afspraak("B1", "PV28", eigenaren=(Eigenaar("ministerie", "EZK"),), deadline=far,
                          mijlpalen=(Mijlpaal("eerste 1.000", days(300), 1000.0),), novex_gebied="novex-groene-hart"),
        gevolgde_afspraak("B2", "PV28", deadline=far, mijlpalen=()),
    )  # fmt: skip


MEASUREMENTS = (  # (province, key, value, days from today)
    ("PV26", "A1", 400, -300), ("PV26", "A1", 1200, -30),  # passed milestone of 1.000 reached: op schema, vooruit
    ("PV26", "A2", 600, -20),  # passed milestone of 1.000 missed: vertraagd
    ("PV26", "A3", 4100, -10),  # target 4.000 reached: gerealiseerd
    ("PV26", "A4", 300, -500),  # older than 400 days, no milestone missed: aandacht nodig
    ("PV28", "B1", 500, -15),  # no milestone passed, next one in 300 days: op schema
)  # fmt: skip
HAND_COUNT = {  # province -> [op schema, aandacht nodig, vertraagd, gerealiseerd, vervallen, geen status, total]
    "Utrecht": [1, 1, 1, 1, 0, 1, 5],
    "Zuid-Holland": [1, 0, 0, 0, 0, 1, 2],
}


@pytest.fixture
def web(settings):
    world = web_world(settings)
    with bootstrap.database(settings).session() as session:
        world.ra_utrecht = vastgesteld(session, "PV26", utrecht_agreements())
        world.ra_zh = vastgesteld(session, "PV28", zuid_holland_agreements())
        service = bootstrap.monitor_service(session)
        for provincie, sleutel, waarde, n in MEASUREMENTS:
            service.add_meting(OPERATOR, provincie, sleutel, waarde, days(n), f"bron {sleutel} {n}")
        dialogue = bootstrap.vraagstuk_service(session)
        for titel, provincies in (
            ("Water bij Lopik", ("PV26",)),
            ("Wonen in Gouda", ("PV28",)),
            ("Groene Hart", ("PV26", "PV28")),
        ):
            dialogue.signal(OPERATOR, VraagstukDraft(titel, provincies, "voortgang", inkadering="NR"))
        dialogue.move_to(OPERATOR, dialogue.list(OPERATOR)[0].id, "beeldvorming", None)  # the newest: Groene Hart
    return world


def measurements_of(web, provincie: str, sleutel: str) -> list:
    with bootstrap.database(web.settings).session() as session:
        return bootstrap.monitor_service(session).metingen(OPERATOR, provincie, sleutel)


def stored_measurements(web) -> int:
    with bootstrap.database(web.settings).session() as session:
        return len(bootstrap.monitor_service(session).metingen(OPERATOR))


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def rows_of(page: str, table_id: str) -> list[list[str]]:
    """The texts of the cells of a table's body (and footer) rows."""
    found = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S)
    assert found, f"no table {table_id}"
    body = re.sub(r"<thead>.*?</thead>", "", found.group(0), flags=re.S)
    return [[text_of(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]  # fmt: skip


def table(page: str, table_id: str) -> dict[str, list[str]]:
    """A table's rows by their first cell's text: the other cells' texts."""
    return {cells[0]: cells[1:] for cells in rows_of(page, table_id)}


def post_forms(page: str) -> list[str]:
    return [a for a in re.findall(r'<form method="post" action="([^"]+)"', page) if a != "/uitloggen"]


def post(web, who: str, path: str, page_path: str | None = None, **data):
    client = getattr(web, who)
    token = csrf_of(client.get(page_path or "/monitor").text)
    return client.post(path, data={"csrf": token, **data}, follow_redirects=False)


# -- the dashboards -------------------------------------------------------------------------------------


def test_the_national_dashboard_counts_agreements_by_status_as_counted_by_hand(web):
    page = web.lezer.get("/monitor").text
    rows = table(page, "tabel-provincies")
    expected = {name: [str(n) for n in counts] for name, counts in HAND_COUNT.items()}
    assert {k: v for k, v in rows.items() if k in expected} == expected
    total = [str(a + b) for a, b in zip(*HAND_COUNT.values(), strict=True)]
    assert rows["Alle provincies"] == total  # the footer: the national total
    header = re.search(r'id="tabel-provincies".*?<thead>(.*?)</thead>', page, re.S).group(1)
    assert [text_of(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", header)] == [
        "Provincie",
        "op schema",
        "aandacht nodig",
        "vertraagd",
        "gerealiseerd",
        "vervallen",
        "geen status",
        "Totaal",
    ]
    # one small chart per province, each an image with its counts in words, and the same words as text
    assert page.count('class="veelvoud"') == 2
    assert (
        'role="img" aria-label="Utrecht: 5 afspraken: 1 op schema, 1 aandacht nodig, 1 vertraagd, 1 gerealiseerd, '
        '1 geen status"' in page
    )
    assert "Nog geen vastgesteld arrangement: Drenthe, Flevoland" in text_of(page)
    assert ONTWERPKEUZE in html.unescape(page)


def test_the_dashboard_lists_overdue_milestones_knots_and_vraagstukken_outside_the_bol(web):
    page = web.vro.get("/monitor").text
    overdue = table(page, "tabel-mijlpalen")
    # A2's milestone of 1.000 (100 days ago) is missed; A1's (200 days ago) is reached by 1.200; A4 has none past
    assert list(overdue) == ["Utrecht"] and overdue["Utrecht"][0] == "PV26/A2"
    assert "Geen open knopen in de vastgestelde arrangementen." in page
    # none of the three vraagstukken has a BOL decision: Utrecht has one signalled and Groene Hart in beeldvorming
    assert table(page, "tabel-buiten-bol") == {"Utrecht": ["1", "1", "2"], "Zuid-Holland": ["1", "1", "2"]}
    own = table(web.utrecht.get("/monitor").text, "tabel-buiten-bol")
    # a province planner sees its own province's vraagstukken: Lopik and the shared Groene Hart, not Gouda
    assert own == {"Utrecht": ["1", "1", "2"], "Zuid-Holland": ["0", "1", "1"]}
    assert "Er is nog geen afgesloten monitorronde" in page  # no trend line without closed rounds


def test_a_province_page_shows_its_agreements_with_status_origin_reason_and_trend(web):
    page = web.utrecht.get("/monitor/provincies/PV26").text
    rows = table(page, "tabel-afspraken")
    assert len(rows) == 5
    a1 = next(v for k, v in rows.items() if k.startswith("A1 "))
    assert a1[0] == "opgeleverde woningen (woningen)"
    assert a1[1].startswith("1.200")  # the last measurement
    assert a1[2] == "op schema voorgesteld" and a1[4] == "↑ vooruit"
    a2 = next(v for k, v in rows.items() if k.startswith("A2 "))
    assert a2[2] == "vertraagd voorgesteld" and "niet gehaald" in a2[3]
    a5 = next(v for k, v in rows.items() if k.startswith("A5 "))
    assert a5[2] == "geen status" and a5[1] == "—"
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert ONTWERPKEUZE in html.unescape(page)
    assert web.utrecht.get("/monitor/provincies/PV99").status_code == 404


def test_an_area_page_holds_the_agreements_linked_to_it_across_provinces(web):
    page = web.departement.get("/monitor/gebieden/novex-groene-hart").text
    rows = table(page, "tabel-afspraken")
    assert {k: v[0].split()[0] for k, v in rows.items()} == {"Utrecht": "A1", "Zuid-Holland": "B1"}
    counts = table(page, "tabel-gebied")
    assert counts["Utrecht"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert counts["Zuid-Holland"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert web.departement.get("/monitor/gebieden/atlantis").status_code == 404


@pytest.mark.parametrize("who", ["vro", "utrecht", "zuid_holland", "departement", "lezer"])
def test_every_page_renders_for_every_role(web, who):
    client = getattr(web, who)
    paths = ["/monitor", "/monitor/gebieden/novex-groene-hart", "/monitor/rondes", "/monitor/import",
             "/monitor/provincies/PV26", "/monitor/provincies/PV28", "/monitor/afspraken/PV26/A1",
             "/monitor/afspraken/PV28/B1"]  # fmt: skip
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[-1500:])
    assert client.get("/monitor/afspraken/PV28/ZZ").status_code == 404


def test_the_filter_form_leads_to_the_province_or_area_page(web):
    for params, target in (({"provincie": "PV28"}, "/monitor/provincies/PV28"),
                           ({"gebied": "novex-groene-hart"}, "/monitor/gebieden/novex-groene-hart")):  # fmt: skip
        response = web.lezer.get("/monitor", params=params, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == target
    assert web.lezer.get("/monitor", params={"provincie": "PV99"}).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(web):
    response = web.api.anonymous.get("/monitor", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


# -- one agreement: the forms -------------------------------------------------------------------------


AGREEMENT = "/monitor/afspraken/{}/{}"


@pytest.mark.parametrize(("who", "provincie", "sleutel", "meten", "status"), [
    ("lezer", "PV26", "A1", False, False),
    ("vro", "PV28", "B1", True, True),  # VRO coordinates: measures and sets every status
    ("utrecht", "PV26", "A1", True, True),  # its own agreement, owned by the province
    ("utrecht", "PV28", "B2", False, False),  # another province's: read only
    ("departement", "PV26", "A1", True, False),  # a ministry measures, but owns only B1
    ("departement", "PV28", "B1", True, True),
    ("zuid_holland", "PV28", "B1", True, False),  # owned by the ministry, not the province
    ("zuid_holland", "PV28", "B2", True, True),
])  # fmt: skip
def test_an_agreement_page_offers_only_the_forms_the_user_may_use(web, who, provincie, sleutel, meten, status):
    url = AGREEMENT.format(provincie, sleutel)
    page = getattr(web, who).get(url).text
    expected = [f"{url}/status"] * status + [f"{url}/metingen"] * meten  # in the page's order
    assert post_forms(page) == expected
    assert ONTWERPKEUZE in html.unescape(page)
    assert ('href="/monitor/import"' in page) is meten


def test_the_agreement_page_draws_the_measurements_with_milestones_and_target_and_tables_them(web):
    page = web.lezer.get(AGREEMENT.format("PV26", "A1")).text
    chart = re.search(r'<svg class="grafiek grafiek-meting"[^>]*>', page).group(0)
    assert 'role="img"' in chart and 'aria-label="Metingen van afspraak PV26/A1 (woningen), met mijlpalen' in chart
    svg = re.search(r'<svg class="grafiek grafiek-meting".*?</svg>', page, re.S).group(0)
    assert "<script" not in svg and svg.count("<polygon") == 2  # the two milestones, as diamonds
    assert "streefwaarde 4.000" in page  # the target line, labelled
    measured = table(page, "tabel-metingen")
    from novex.nl import format_date

    assert list(measured) == [format_date(days(-300)), format_date(days(-30))]
    assert measured[format_date(days(-30))][0] == "1.200"
    milestones = table(page, "tabel-mijlpalen")
    assert milestones["1"][-1] == "gehaald" and milestones["2"][-1] == "nog niet gehaald"
    assert "Het platform stelt voor: op schema" in text_of(page)


def test_a_measurement_is_stored_and_shown(web):
    url = AGREEMENT.format("PV26", "A2")
    before = stored_measurements(web)
    response = post(web, "utrecht", f"{url}/metingen", url, waarde="1.050", datum=days(-1).isoformat(),
                    bron="BAG-registratie", toelichting="na de zomer")  # fmt: skip
    assert response.status_code == 303 and response.headers["location"].endswith("?gedaan=meting#metingen")
    assert stored_measurements(web) == before + 1
    page = web.utrecht.get(response.headers["location"]).text
    assert "De meting is opgeslagen." in page
    # 1.050 now reaches the passed milestone of 1.000: A2 moves from vertraagd to op schema
    assert "Het platform stelt voor: op schema" in text_of(page)
    rows = table(web.lezer.get("/monitor").text, "tabel-provincies")
    assert rows["Utrecht"] == ["2", "1", "0", "1", "0", "1", "5"]


def test_a_bad_measurement_is_refused_next_to_its_fields_and_nothing_is_stored(web):
    url = AGREEMENT.format("PV26", "A1")
    before = stored_measurements(web)
    response = post(web, "utrecht", f"{url}/metingen", url, waarde="veel", datum="", bron="", toelichting="x")
    assert response.status_code == 400
    page = response.text
    refused = text_of(re.search(r'id="fouten-meting".*?</div>', page, re.S).group(0))
    assert "waarde: 'veel' is geen getal" in refused and "datum: vul de datum van de meting in" in refused
    assert "bron: noem waar de waarde vandaan komt" in refused
    assert re.search(r'<input id="meting-waarde"[^>]*value="veel"[^>]*aria-invalid="true"', page)
    future = post(web, "utrecht", f"{url}/metingen", url, waarde="10", datum=days(3).isoformat(), bron="CBS")
    assert future.status_code == 400 and "een meting ligt tussen 2000-01-01 en vandaag" in text_of(future.text)
    assert re.search(r'<input id="meting-datum"[^>]*aria-invalid="true"', future.text)
    assert stored_measurements(web) == before


def test_a_forged_post_for_another_province_is_refused_and_stores_nothing(web):
    before = stored_measurements(web)
    url = AGREEMENT.format("PV28", "B2")
    token = csrf_of(web.utrecht.get("/monitor").text)
    response = web.utrecht.post(f"{url}/metingen", data={"csrf": token, "waarde": "5", "datum": days(-2).isoformat(),
                                                          "bron": "vervalst"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 403
    assert "mag geen metingen invoeren voor de afspraken van PV28" in text_of(response.text)
    forged = web.utrecht.post(f"{url}/status", data={"csrf": token, "status": "gerealiseerd", "motivering": "x"},
                              follow_redirects=False)  # fmt: skip
    assert forged.status_code == 403
    assert stored_measurements(web) == before
    # the province of B1 is not its owner (the ministry is): refused on its own page, next to nothing stored
    b1 = AGREEMENT.format("PV28", "B1")
    refused = post(web, "zuid_holland", f"{b1}/status", b1, status="vertraagd", motivering="te laat")
    assert refused.status_code == 403 and "is geen eigenaar van afspraak PV28/B1" in text_of(refused.text)
    assert "vastgesteld door eigenaar" not in web.lezer.get(b1).text
    assert web.lezer.get(AGREEMENT.format("PV28", "B2")).text.count("Nog geen metingen.") == 1


def test_an_owner_sets_a_status_with_a_motivation_and_returns_to_the_suggestion(web):
    url = AGREEMENT.format("PV26", "A2")
    no_reason = post(web, "utrecht", f"{url}/status", url, status="aandacht-nodig", motivering=" ")
    assert no_reason.status_code == 400 and "motivering ontbreekt: leg uit waarom" in text_of(no_reason.text)
    none_chosen = post(web, "utrecht", f"{url}/status", url, motivering="zo")
    assert none_chosen.status_code == 400 and "status: kies een status" in text_of(none_chosen.text)
    set_ = post(web, "utrecht", f"{url}/status", url, status="aandacht-nodig",
                motivering="De vergunning is binnen; de bouw start in maart.")  # fmt: skip
    assert set_.status_code == 303
    page = web.utrecht.get(set_.headers["location"]).text
    assert "De status is vastgesteld." in page
    (row,) = rows_of(page, "tabel-geschiedenis")
    assert row[1:] == [
        "planner@provincie-utrecht.nl",
        "aandacht nodig",
        "De vergunning is binnen; de bouw start in maart.",
    ]
    assert "aandacht nodig vastgesteld door eigenaar" in text_of(page)
    assert "Het platform stelt voor: vertraagd" in text_of(page)  # the suggestion stays visible beside it
    rows = table(web.lezer.get("/monitor").text, "tabel-provincies")
    assert rows["Utrecht"] == ["1", "2", "0", "1", "0", "1", "5"]
    back = post(web, "utrecht", f"{url}/status", url, status="suggestie", motivering="De bouw is toch uitgesteld.")
    assert back.status_code == 303 and back.headers["location"].endswith("?gedaan=suggestie#status")
    page = web.utrecht.get(back.headers["location"]).text
    assert len(rows_of(page, "tabel-geschiedenis")) == 2 and "terug naar de suggestie" in text_of(page)
    assert table(web.lezer.get("/monitor").text, "tabel-provincies")["Utrecht"] == ["1", "1", "1", "1", "0", "1", "5"]


# -- the import ---------------------------------------------------------------------------------------


def upload(web, who: str, name: str, body: bytes):
    client = getattr(web, who)
    token = csrf_of(client.get("/monitor/import").text)
    return client.post("/monitor/import", data={"csrf": token}, files={"bestand": (name, body, "text/csv")},
                       follow_redirects=False)  # fmt: skip


def test_the_import_refuses_a_bad_file_naming_every_bad_row_and_stores_nothing(web):
    before = stored_measurements(web)
    csv = (f"afspraak;waarde;datum;bron;toelichting\n"
           f"PV26/A1;1.300;{days(-3).isoformat()};CBS;goed\n"
           f"PV26/A2;veel;{days(-3).isoformat()};CBS;\n"
           f"PV26/A3;10;{days(5).isoformat()};CBS;\n"
           f"PV26/Z9;10;{days(-3).isoformat()};CBS;\n"
           f"PV28/B2;10;{days(-3).isoformat()};CBS;\n").encode()  # fmt: skip
    response = upload(web, "utrecht", "metingen.csv", csv)
    assert response.status_code == 400
    problems = re.findall(r"<li>(regel \d+:.*?)</li>", re.search(r'class="importfouten">(.*?)</ul>',
                                                                  response.text, re.S).group(1))  # fmt: skip
    assert [p.split(":")[0] for p in problems] == ["regel 3", "regel 4", "regel 5", "regel 6"]
    text = html.unescape(" ".join(problems))
    assert "waarde 'veel' is geen getal" in text and "een meting ligt tussen 2000-01-01 en vandaag" in text
    assert "afspraak PV26/Z9 staat niet in het vastgestelde ruimtelijk arrangement van Utrecht" in text
    assert "u mag geen metingen invoeren voor de afspraken van PV28" in text
    assert "niets ingelezen" in text_of(response.text)
    assert stored_measurements(web) == before


def test_the_import_stores_a_good_file_whole(web):
    before = stored_measurements(web)
    csv = (f"afspraak;waarde;datum;bron\nPV26/A1;1.300;{days(-3).isoformat()};CBS\n"
           f"Utrecht/A2;700;{days(-3).isoformat()};CBS\nPV26/A2;750;{days(-2).isoformat()};CBS\n").encode()  # fmt: skip
    response = upload(web, "utrecht", "metingen.csv", csv)
    assert response.status_code == 201, text_of(response.text)
    assert "3 metingen opgeslagen voor 2 afspraken" in text_of(response.text)
    assert stored_measurements(web) == before + 3


def test_who_may_not_measure_gets_no_upload_form_and_a_forged_upload_is_refused(web):
    page = web.lezer.get("/monitor/import").text
    assert post_forms(page) == [] and "U mag geen metingen invoeren." in page
    token = csrf_of(page)
    response = web.lezer.post("/monitor/import", data={"csrf": token},
                              files={"bestand": ("m.csv", b"afspraak;waarde;datum;bron\n", "text/csv")})  # fmt: skip
    assert response.status_code == 403


def test_the_example_file_has_the_columns_and_agreements_the_user_can_measure(web):
    response = web.utrecht.get("/monitor/import/voorbeeld.csv")
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "afspraak;waarde;datum;bron;toelichting"
    assert [line.split(";")[0] for line in lines[1:]] == ["PV26/A1", "PV26/A2"]
    back = upload(web, "utrecht", "voorbeeld.csv", response.content)  # the example itself imports
    assert back.status_code == 201


# -- the yearly rounds --------------------------------------------------------------------------------


def open_round(web, provincie: str = "PV26", jaar: int = T.year) -> int:
    response = post(web, "vro", "/monitor/rondes", "/monitor/rondes", provincie=provincie, jaar=str(jaar))
    assert response.status_code == 303, text_of(response.text)[-800:]
    return int(re.search(r"/monitor/rondes/(\d+)\?gedaan=geopend$", response.headers["location"]).group(1))


def round_form(page: str) -> dict:
    form = re.search(r'<form method="post" action="/monitor/rondes/\d+" .*?</form>', page, re.S).group(0)
    return {"versie": re.search(r'name="versie" value="(\d+)"', form).group(1),
            "soort": re.findall(r'<option value="(\w*)" selected>', form),
            "naam": re.findall(r'name="naam" type="text" value="([^"]*)"', form)}  # fmt: skip


def test_a_round_is_opened_written_and_closed_with_its_snapshot(web):
    rid = open_round(web)
    url = f"/monitor/rondes/{rid}"
    assert post_forms(web.lezer.get(url).text) == []
    assert post_forms(web.utrecht.get(url).text) == [url]  # the picture, not the closing
    assert post_forms(web.vro.get(url).text) == [url, f"{url}/afsluiten"]
    page = web.utrecht.get(url).text
    typed = round_form(page)
    assert typed["naam"][:2] == ["ministerie van VRO", "Utrecht"]  # the default participants, then empty rows
    closed_early = post(web, "vro", f"{url}/afsluiten", url, versie=typed["versie"])
    assert closed_early.status_code == 400 and "schrijf eerst het kwalitatieve beeld" in text_of(closed_early.text)
    names = [*typed["naam"][:2], "Ministerie van EZK", ""]
    kinds = ["vro", "provincie", "ministerie", ""]
    saved = post(web, "utrecht", url, url, versie=typed["versie"], beeld="Woningbouw op schema; water stokt.",
                 soort=kinds, naam=names)  # fmt: skip
    assert saved.status_code == 303
    page = web.lezer.get(url).text
    assert "Woningbouw op schema; water stokt." in page and "Ministerie van EZK" in page
    stale = post(web, "utrecht", url, url, versie=typed["versie"], beeld="Oud beeld", soort=kinds, naam=names)
    assert stale.status_code == 409 and "iemand anders was u voor" in text_of(stale.text).lower()
    assert "Oud beeld" in stale.text  # what was typed stays, with the current version to save it over
    forged = post(web, "utrecht", f"{url}/afsluiten", url, versie=round_form(web.utrecht.get(url).text)["versie"])
    assert forged.status_code == 403
    closed = post(web, "vro", f"{url}/afsluiten", url, versie=round_form(web.vro.get(url).text)["versie"])
    assert closed.status_code == 303
    page = web.lezer.get(closed.headers["location"]).text
    assert "de momentopname ligt vast" in page.lower() and post_forms(web.vro.get(url).text) == []
    rows = re.search(r'<caption id="caption-standen">.*?</table>', page, re.S).group(0)
    statuses = [text_of(c).strip() for c in re.findall(r'<td><span class="status">(.*?)</td>', rows, re.S)]
    assert statuses == ["op schema voorgesteld", "vertraagd voorgesteld", "gerealiseerd voorgesteld",
                        "aandacht nodig voorgesteld", "geen status"]  # fmt: skip
    assert ONTWERPKEUZE in html.unescape(page)


def test_a_participant_without_a_name_is_refused(web):
    rid = open_round(web, "PV28")
    url = f"/monitor/rondes/{rid}"
    typed = round_form(web.zuid_holland.get(url).text)
    response = post(web, "zuid_holland", url, url, versie=typed["versie"], beeld="b", soort=["ministerie"], naam=[""])
    assert response.status_code == 400
    assert "deelnemers: bij de soort 'ministerie' ontbreekt de naam" in text_of(response.text)


def test_the_trend_needs_two_closed_years(web):
    def close(rid: int) -> None:
        url = f"/monitor/rondes/{rid}"
        typed = round_form(web.vro.get(url).text)
        assert post(web, "vro", url, url, versie=typed["versie"], beeld="beeld", soort=typed["soort"],
                    naam=typed["naam"][: len(typed["soort"])]).status_code == 303  # fmt: skip
        assert post(web, "vro", f"{url}/afsluiten", url,
                    versie=round_form(web.vro.get(url).text)["versie"]).status_code == 303  # fmt: skip

    close(open_round(web, "PV26", T.year - 1))
    page = web.lezer.get("/monitor").text
    assert f"Er is pas één jaar met een afgesloten monitorronde ({T.year - 1})" in page
    assert "grafiek-lijn" not in page
    close(open_round(web, "PV26", T.year))
    page = web.lezer.get("/monitor").text
    chart = re.search(r'<svg class="grafiek grafiek-lijn"[^>]*>', page).group(0)
    assert f'aria-label="Afspraken per status per jaar, {T.year - 1}–{T.year}"' in chart and 'role="img"' in chart
    trend = table(page, "tabel-trend")  # both snapshots hold Utrecht's five agreements as they stand today
    assert trend[str(T.year - 1)] == trend[str(T.year)] == ["1", "1", "1", "1", "0", "1", "5"]


# -- the yearly report ----------------------------------------------------------------------------------


def test_the_yearly_report_downloads_as_html_and_pdf(web):
    response = web.lezer.get(f"/monitor/rapport/{T.year}", params={"formaat": "html"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    assert "Utrecht" in response.text
    pdf = web.lezer.get(f"/monitor/rapport/{T.year}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert web.lezer.get(f"/monitor/rapport/{T.year}", params={"formaat": "doc"}).status_code == 400
    assert f'href="/monitor/rapport/{T.year}"' in web.lezer.get("/monitor").text


# -- the demo -------------------------------------------------------------------------------------------


def test_the_demo_adopts_two_arrangements_measures_them_and_runs_twice_without_doubling(db):
    from novex.demo import AFGESLOTEN_OP, load_demo_monitor
    from novex.monitor.service import MonitorService

    with bootstrap.unit_of_work(db) as uow:
        made = load_demo_monitor(uow)
    assert len(made) == 2 and all("(illustratief)" in m for m in made)
    with bootstrap.unit_of_work(db) as uow:
        service = uow.get(MonitorService)
        before = (len(service.metingen(OPERATOR)), [(r.provincie, r.jaar, r.status) for r in service.rondes(OPERATOR)])
        assert load_demo_monitor(uow) == []
    with bootstrap.unit_of_work(db) as uow:
        service = uow.get(MonitorService)
        after = (len(service.metingen(OPERATOR)), [(r.provincie, r.jaar, r.status) for r in service.rondes(OPERATOR)])
        assert after == before
        assert sorted(x[1:] for x in before[1]) == [(2025, "afgesloten"), (2025, "afgesloten"), (2026, "open"),
                                                    (2026, "open")]  # fmt: skip
        closed = {r.provincie: r.momentopname for r in service.rondes(OPERATOR, 2025)}
        # on 15 December 2025 (worked out from the demo's dates): Utrecht's four measured agreements were on
        # schedule and the tram had nothing to judge; Zuid-Holland's housing missed its milestone 16 days later
        assert closed["PV26"].datum == AFGESLOTEN_OP
        assert [(s.sleutel, s.status) for s in closed["PV26"].standen] == [
            ("A1", "op-schema"),
            ("A2", "op-schema"),
            ("A3", "op-schema"),
            ("A4", "op-schema"),
            ("A5", None),
        ]
        assert [(s.sleutel, s.status) for s in closed["PV28"].standen] == [
            ("B1", "aandacht-nodig"),
            ("B2", "op-schema"),
            ("B3", "op-schema"),
        ]
        service.today = lambda: date(2026, 12, 2)  # the day the demo was made for: every status shows
        meter = service.meter(OPERATOR)
        statuses = {f"{r.provincie}/{r.afspraak.sleutel}": (r.status, r.gezet is not None) for r in meter.regels}
        assert statuses == {
            "PV26/A1": ("op-schema", False),  # 4.700 on 30 Sept 2026 reaches the 4.500 of that day
            "PV26/A2": ("vertraagd", False),  # 310 ha misses the 400 ha of June 2026
            "PV26/A3": ("gerealiseerd", False),  # 255 MW reaches 250 MW
            "PV26/A4": ("aandacht-nodig", False),  # measured on 31 May 2025: older than 400 days
            "PV26/A5": (None, False),  # not measured, no milestone passed
            "PV28/B1": ("aandacht-nodig", False),  # 9.800 of the 11.000 due on 31 Dec 2026, within 90 days
            "PV28/B2": ("aandacht-nodig", True),  # set by the ministry that owns it
            "PV28/B3": ("vervallen", True),  # set by the province
        }  # fmt: skip


@pytest.mark.parametrize(("typed", "stored"), [("0.125", 0.125), ("1.050", 1050.0), ("12,5", 12.5)])
def test_a_measurement_is_read_as_typed_in_dutch_or_with_a_decimal_point(web, typed, stored):
    url = AGREEMENT.format("PV26", "A2")
    response = post(web, "utrecht", f"{url}/metingen", url, waarde=typed, datum=days(-1).isoformat(), bron="BAG")
    assert response.status_code == 303
    assert measurements_of(web, "PV26", "A2")[-1].waarde == stored


def test_a_province_name_in_the_path_leads_back_to_the_agreement_by_its_code(web):
    url = AGREEMENT.format("PV26", "A2")
    response = post(web, "utrecht", f"{AGREEMENT.format('utrecht', 'A2')}/metingen", url, waarde="7",
                    datum=days(-1).isoformat(), bron="BAG")  # fmt: skip
    if response.status_code == 303:  # accepted: the redirect names the code, and the page is there
        assert response.headers["location"].startswith(url)
        assert web.utrecht.get(response.headers["location"]).status_code == 200
    else:  # or refused as no province code: nothing stored
        assert response.status_code in (404, 400)
        assert not [m for m in measurements_of(web, "PV26", "A2") if m.waarde == 7]


@pytest.mark.parametrize("year", ["2026.0", "+2026", "02026", "２０２６"])
def test_a_report_year_is_four_ascii_digits(web, year):
    assert web.lezer.get(f"/monitor/rapport/{year}").status_code in (404, 400)


def test_an_uploaded_file_name_is_cleaned_before_it_is_shown(web):
    response = upload(web, "vro", "../../etc/pass\x1bwd.csv", b"afspraak;waarde;datum;bron\nPV26/A9;1;2026-01-01;x\n")
    assert response.status_code == 400
    assert "../" not in response.text and "\x1b" not in response.text
