"""The NOVEX-area pages (overview, one area, the programme register) as a browser uses them.

On a database with the shipped example voorstellen (Utrecht and Zuid-Holland), a vraagstuk and an
adopted RA agreement linked to the Zuidelijke Randstad. Every role reads every page; only VRO is
offered the boundary forms and only VRO's posts change anything: an official boundary replaces
the indicative extent on the page, and removing it brings the indicative one back.
"""

from __future__ import annotations

import html
import json
import re

import pytest
import shapely

from novex import bootstrap
from novex.access import Actor
from novex.dialogue.model import VraagstukDraft
from novex.examples import load_examples
from tests.fixtures.geo import feature, square
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld
from tests.fixtures.web import ROLES, XSS, alert, csrf_of, web_world

OPERATOR = Actor.operator()
ZR = "novex-zuidelijke-randstad"
PAGE = f"/novex-gebieden/{ZR}"


@pytest.fixture
def web(settings):
    world = web_world(settings)
    with bootstrap.database(settings).session() as session:
        load_examples(bootstrap.claim_service(session))
        world.ra = vastgesteld(session, "PV28", (gevolgde_afspraak("Z1", "PV28", novex_gebied=ZR, onderdeel=3),
                                                 gevolgde_afspraak("Z2", "PV28")))  # fmt: skip
        dialogue = bootstrap.vraagstuk_service(session)
        dialogue.signal(OPERATOR, VraagstukDraft(f"Wonen langs de Oude Lijn {XSS}", ("PV28",), "voortgang",
                                                 gebieden=(ZR,)))  # fmt: skip
        dialogue.signal(OPERATOR, VraagstukDraft("Elders in Utrecht", ("PV26",), "voortgang"))
        world.gebieden = [g.id for g in bootstrap.gebieden_service(session).gebieden(OPERATOR)]
    return world


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def section(page: str, section_id: str) -> str:
    found = re.search(rf'\n<section id="{section_id}".*?\n</section>', page, re.S)  # top-level: not indented
    assert found, f"no section {section_id}"
    return found.group(0)


def post_forms(page: str) -> list[str]:
    """The page's forms but the logout and the dossier's (tests/integration/test_web_gebied_dossier.py)."""
    return [a for a in re.findall(r'<form method="post" action="([^"]+)"', page)
            if a != "/uitloggen" and "/dossier/" not in a]  # fmt: skip


def boundary_geojson(x: float, y: float, side: float) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [feature(square(x, y, side), naam="grens")],
                       "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}).encode()  # fmt: skip


def inside_zuid_holland() -> tuple[float, float]:
    """A point well inside Zuid-Holland (RD New)."""
    from novex.reference.provinces import province_index

    point = shapely.point_on_surface(province_index().get("PV28").geometry.buffer(-3_000))
    return point.x, point.y


def upload(web, who: str, data: dict, content: bytes | None, name: str = "grens.geojson"):
    client = getattr(web, who)
    token = csrf_of(client.get(PAGE).text)
    files = {"bestand": (name, content, "application/geo+json")} if content is not None else None
    return client.post(f"{PAGE}/grens", data={"csrf": token, **data}, files=files, follow_redirects=False)


def stored_boundary(web):
    with bootstrap.database(web.settings).session() as session:
        return bootstrap.gebieden_service(session).begrenzing(OPERATOR, ZR)


# -- reading ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_the_overview_the_area_page_and_the_programmes(web, role):
    client = getattr(web, role)
    overview = client.get("/novex-gebieden")
    assert overview.status_code == 200, overview.text[:500]
    assert overview.text.count('href="/novex-gebieden/novex-') >= 32  # a link on the map and in the table per area
    assert 'id="kaart-gebieden"' in overview.text and "indicatief" in overview.text
    area = client.get(PAGE)
    assert area.status_code == 200, area.text[:500]
    programmes = client.get("/programmas")
    assert programmes.status_code == 200, programmes.text[:500]
    assert 'href="/novex-gebieden"' in client.get("/").text  # the nav link


def test_the_overview_table_is_the_maps_alternative(web):
    page = web.lezer.get("/novex-gebieden").text
    table = re.search(r'<table id="tabel-gebieden".*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr id=\"gebied-([a-z0-9-]+)\"", table)
    assert rows == web.gebieden and len(rows) == 16
    assert text_of(table).count("afgeleid") >= 16  # each type marked as derived, with how
    assert 'href="/programmas"' in page
    assert "afgeleid uit de regel “Ligging”" in text_of(page)
    # every area on the map: a link named by the area
    assert len(re.findall(r'<a href="/novex-gebieden/[a-z0-9-]+" aria-label="NOVEX-gebied ', page)) == 16


def test_every_area_page_renders(web):
    for gebied in web.gebieden:
        response = web.lezer.get(f"/novex-gebieden/{gebied}")
        assert response.status_code == 200, (gebied, response.text[:500])
        page = response.text
        assert 'id="kaart-gebied"' in page and 'id="factsheet"' in page
        assert "indicatief, afgeleid uit de ligging in seed 004" in text_of(page)
        assert "Bron: seed 004" in text_of(page) and "Bron: seed 003" in text_of(page)


def test_an_unknown_area_is_a_dutch_404(web):
    response = web.lezer.get("/novex-gebieden/novex-atlantis")
    assert response.status_code == 404
    assert "NOVEX-gebied 'novex-atlantis' bestaat niet" in html.unescape(response.text)


def test_the_zuidelijke_randstad_shows_the_example_claims_inside_it(web):
    page = web.lezer.get(PAGE).text
    claims = re.search(r'<table id="tabel-claims".*?</table>', page, re.S)
    assert claims, "no claims table"
    names = re.findall(r'<tr id="claim-(\d+)"><td>\d+</td><td>([^<]+?) <button', claims.group(0))
    shown = {html.unescape(n) for _, n in names}
    assert {"Binckhorst (Den Haag)", "Rotterdamse haven, Maasvlakte", "Zuidplaspolder woningbouw"} <= shown, shown
    on_map = set(re.findall(r'data-claim="(\d+)"', section(page, "begrenzing")))
    assert {i for i, _ in names} == on_map  # each claim in the table is on the map, and no other
    with bootstrap.database(web.settings).session() as session:
        analysis = bootstrap.gebieden_service(session).analyse(OPERATOR, ZR)
    assert {str(c.id) for c in analysis.claims} == on_map and analysis.claims
    for c in analysis.conflicten:
        assert f'id="conflict-{c.id}"' in page and f'data-conflict="{c.id}"' in page


def test_the_factsheet_governance_and_2022_entry_with_their_sources(web):
    page = web.lezer.get(PAGE).text
    with bootstrap.database(web.settings).session() as session:
        gebied = bootstrap.gebieden_service(session).gebied(OPERATOR, ZR)
    from novex.gebieden import present

    detail = present.detail(gebied)
    text = text_of(section(page, "factsheet"))
    for key, veld in detail["factsheet"].items():
        assert f'id="factsheet-{key}"' in page
        assert f"Bron: {veld['bron']}" in text
    for line in (gebied.hoofdopgave or "").split("\n"):
        assert line.strip() in text
    bestuur = text_of(section(page, "bestuur"))
    assert gebied.programma_2022.trekkend_bewindspersoon in bestuur and "Programma NOVEX (2022)" in bestuur
    assert all(t.functie in bestuur for t in gebied.trekkers)
    assert text_of(gebied.programma_2022.beschrijving.split("\n")[0]) in text_of(section(page, "programma-2022"))
    for b in gebied.bijdragen:  # each contribution linked to the register where it has a place there
        if b.plek:
            assert f'href="/programmas#{b.plek}"' in page


def test_linked_vraagstukken_and_agreements_only_as_far_as_the_user_reads(web):
    page = web.zuid_holland.get(PAGE).text
    vraagstukken = section(page, "vraagstukken")
    assert "Wonen langs de Oude Lijn" in html.unescape(vraagstukken) and XSS not in vraagstukken
    assert "Elders in Utrecht" not in vraagstukken
    agreements = section(page, "afspraken")
    assert f'href="/arrangementen/{web.ra}#afspraak-1"' in agreements
    assert "Bijdrage vanuit de NOVEX-gebieden" in text_of(agreements) and "(Z2)" not in agreements
    utrecht = web.utrecht.get(PAGE).text  # Utrecht's planner reads no vraagstuk of Zuid-Holland
    assert "Wonen langs de Oude Lijn" not in html.unescape(utrecht)


def test_the_programme_register_groups_and_links_the_areas(web):
    page = web.lezer.get("/programmas").text
    headings = re.findall(r'<h2 id="kop-groep-\d+">(.*?)</h2>', page)
    assert len(headings) == 6 and headings[-1].startswith("Nieuwere namen")
    assert 'id="programma-woningbouw"' in page
    with bootstrap.database(web.settings).session() as session:
        gebieden = bootstrap.gebieden_service(session).gebieden(OPERATOR)
    linked = {(g.id, b.plek) for g in gebieden for b in g.bijdragen if b.plek}
    assert linked
    for gebied, plek in linked:
        item = re.search(rf'<li class="programma" id="{plek}">.*?</li>\s*</ul>|<li class="programma" id="{plek}">.*?'
                         r'<p class="bron">', page, re.S)  # fmt: skip
        assert item and f'href="/novex-gebieden/{gebied}#factsheet-bijdragen"' in item.group(0), (gebied, plek)


# -- the official boundary -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r != "vro"])
def test_only_vro_is_offered_the_boundary_form_and_others_are_refused(web, role):
    assert post_forms(web.vro.get(PAGE).text) == [f"{PAGE}/grens"]
    page = getattr(web, role).get(PAGE).text
    assert post_forms(page) == [] and "grens-beheren" not in page
    x, y = inside_zuid_holland()
    response = upload(web, role, {"bron": "Kaart", "peildatum": "2026-01-01"}, boundary_geojson(x, y, 2_000))
    assert response.status_code == 403
    assert "mag niet" in alert(response.text)
    client = getattr(web, role)
    token = csrf_of(client.get(PAGE).text)
    removal = client.post(f"{PAGE}/grens/verwijderen", data={"csrf": token, "reden": "weg"}, follow_redirects=False)
    assert removal.status_code == 403
    assert stored_boundary(web).soort == "indicatief"


def test_vro_imports_a_boundary_then_removes_it(web):
    x, y = inside_zuid_holland()
    response = upload(web, "vro", {"bron": "Ontwikkelperspectief Zuidelijke Randstad, kaartbijlage",
                                   "peildatum": "2026-03-01", "attributie": "Provincie Zuid-Holland"},
                      boundary_geojson(x, y, 4_000))  # fmt: skip
    assert response.status_code == 303, alert(response.text) or response.text[:500]
    page = web.vro.get(response.headers["location"]).text
    begrenzing = text_of(section(page, "begrenzing"))
    assert "Officiële grens" in begrenzing and "officiële grens, geïmporteerd door VRO" in begrenzing
    assert "01-03-2026" in begrenzing and "Ontwikkelperspectief Zuidelijke Randstad" in begrenzing
    assert "1.600 ha" in begrenzing and "grens.geojson" in begrenzing
    assert "De officiële grens is vastgelegd" in text_of(page)
    assert stored_boundary(web).soort == "officieel"
    overview = web.lezer.get("/novex-gebieden").text
    row = re.search(rf'<tr id="gebied-{ZR}">.*?</tr>', overview, re.S).group(0)
    assert "officieel" in text_of(row)
    assert post_forms(page) == [f"{PAGE}/grens", f"{PAGE}/grens/verwijderen"]

    token = csrf_of(page)
    refused = web.vro.post(f"{PAGE}/grens/verwijderen", data={"csrf": token, "reden": " "}, follow_redirects=False)
    assert refused.status_code == 400 and "reden" in alert(refused.text)
    assert stored_boundary(web).soort == "officieel"
    removed = web.vro.post(f"{PAGE}/grens/verwijderen", data={"csrf": token, "reden": "Verkeerde kaart", "versie": "1"},
                           follow_redirects=False)  # fmt: skip
    assert removed.status_code == 303, alert(removed.text)
    page = web.vro.get(removed.headers["location"]).text
    assert "weer zijn indicatieve begrenzing" in text_of(page)
    assert "indicatief, afgeleid uit de ligging in seed 004" in text_of(section(page, "begrenzing"))
    assert stored_boundary(web).soort == "indicatief"


@pytest.mark.parametrize(
    ("data", "content", "expected"),
    [
        ({"bron": "", "peildatum": "2026-01-01"}, "square", "bron"),
        ({"bron": "Kaart", "peildatum": ""}, "square", "peildatum"),
        ({"bron": "Kaart", "peildatum": "1-3-2026"}, "square", "geen datum"),
        ({"bron": "Kaart", "peildatum": "2999-01-01"}, "square", "toekomst"),
        ({"bron": "Kaart", "peildatum": "2026-01-01"}, "utrecht", "ligt niet in de provincies"),
        ({"bron": "Kaart", "peildatum": "2026-01-01"}, "broken", "grens.geojson"),
        ({"bron": "Kaart", "peildatum": "2026-01-01"}, None, "bestand"),
    ],
)
def test_a_refused_boundary_is_shown_in_dutch_and_nothing_is_stored(web, data, content, expected):
    x, y = inside_zuid_holland()
    body = {"square": boundary_geojson(x, y, 2_000), "utrecht": boundary_geojson(140_000, 455_000, 1_000),
            "broken": b'{"type": "FeatureCollection", "features": [', None: None}[content]  # fmt: skip
    response = upload(web, "vro", data, body)
    assert response.status_code == 400, response.text[:500]
    assert expected in alert(response.text)
    assert "Er is niets opgeslagen" in text_of(response.text)
    assert stored_boundary(web).soort == "indicatief"
    if data["bron"]:  # what was typed is kept
        assert 'value="Kaart"' in response.text


def test_a_stale_version_is_refused(web):
    x, y = inside_zuid_holland()
    first = upload(web, "vro", {"bron": "Eerste", "peildatum": "2026-01-01"}, boundary_geojson(x, y, 2_000))
    assert first.status_code == 303
    stale = upload(web, "vro", {"bron": "Tweede", "peildatum": "2026-01-02", "versie": "7"},
                   boundary_geojson(x, y, 3_000))  # fmt: skip
    assert stale.status_code == 409, stale.text[:300]
    assert "iemand anders was u voor" in alert(stale.text)
    assert stored_boundary(web).officieel.bron == "Eerste"


def test_the_forms_need_the_sessions_csrf_token(web):
    x, y = inside_zuid_holland()
    response = web.vro.post(f"{PAGE}/grens", data={"csrf": "vals", "bron": "Kaart", "peildatum": "2026-01-01"},
                            files={"bestand": ("g.geojson", boundary_geojson(x, y, 1_000))}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 403
    assert stored_boundary(web).soort == "indicatief"
