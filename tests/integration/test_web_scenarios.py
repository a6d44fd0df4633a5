"""The scenario pages for each role: the list, one scenario with its forms, the comparison and its document.

On a database with a crafted Utrecht claim: a 1 ha housing square inside a Natura 2000 area (worked out
here from the shipped layer, as in tests/integration/test_scenarios_service.py), plus the two crossing
claims of tests/fixtures/web.py. The owner moves the square off the protected land by typing its new
corners; the move (dx, dy) and the removed overlap (1 ha, one overlap, one conflict) are computed here from
the coordinates typed, not read back from novex. A reader and a non-owner get no forms, and their posts
are refused in Dutch with nothing changed. A bow-tie is refused naming the spot; a stale version is a 409.
"""

from __future__ import annotations

import html
import re

import pytest
import shapely
from shapely import affinity
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor
from novex.scenarios.model import Soort
from tests.fixtures.geo import feature, write_geojson
from tests.fixtures.web import alert, csrf_of, web_world

OPERATOR = Actor.operator()


@pytest.fixture
def world(settings, db, tmp_path):
    """The web clients per role, and a 1 ha housing claim inside a Natura 2000 area in Utrecht."""
    with db.session() as session:
        areas = bootstrap.restriction_service(session).areas(OPERATOR, ["PV26"])
    natura = [a for a in areas if a.layer.naam.startswith("Natura 2000")]
    province = bootstrap.reference_service().province(OPERATOR, "PV26").geometry
    target = next(a for a in natura if province.contains(a.geometry.buffer(-80).representative_point()))
    centre = target.geometry.buffer(-80).representative_point()
    x0, y0 = round(centre.x) - 50, round(centre.y) - 50
    square = box(x0, y0, x0 + 100, y0 + 100)
    assert target.geometry.contains(square)
    restricted = shapely.union_all([a.geometry for a in areas])
    offset = next(
        (dx, dy) for dx in range(2000, 20001, 1000) for dy in (0, 1000, -1000)
        if province.contains(affinity.translate(square, dx, dy))
        and not affinity.translate(square, dx, dy).intersects(restricted)
    )  # fmt: skip
    path = write_geojson(tmp_path / "u.geojson", [feature(square, naam="Woonwijk in Natura 2000", domein="wonen")])
    with db.session() as session:
        imported = bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="Voorstel U", provincie="PV26")
    w = web_world(settings)
    w.db, w.claim, w.area, w.offset, w.corner = db, imported.claim_ids[0], target, offset, (x0, y0)
    return w


def scenario_of(w, key):
    with w.db.session() as session:
        return bootstrap.scenario_service(session).scenario(OPERATOR, key)


def make(w, who="utrecht", naam="Woonwijk eruit", **extra):
    client = getattr(w, who)
    token = csrf_of(client.get("/scenarios").text)
    response = client.post("/scenarios", data={"csrf": token, "naam": naam, **extra}, follow_redirects=False)
    assert response.status_code == 303, alert(response.text)
    return int(re.search(r"/scenarios/(\d+)", response.headers["location"]).group(1))


def post(w, who, scenario_id, path, **form):
    client = getattr(w, who)
    page = client.get(f"/scenarios/{scenario_id}").text
    form = {"csrf": csrf_of(page), "versie": str(scenario_of(w, scenario_id).version)} | form
    return client.post(f"/scenarios/{scenario_id}/{path}", data=form, follow_redirects=False)


def corners(x: float, y: float, side: float = 100) -> str:
    return f"{x} {y}\n{x + side} {y}\n{x + side} {y + side}\n{x} {y + side}"


def row(page: str, table_id: str, header: str) -> list[str]:
    """The cells (text) of the row headed `header` in table `table_id`."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S).group(0)
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        th = re.search(r'<th scope="row"[^>]*>(.*?)</th>', tr, re.S)
        if th and header in html.unescape(re.sub(r"<[^>]+>", "", th.group(1))):
            return [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
    raise AssertionError(f"no row {header!r} in {table_id}")


def dutch(n: int) -> str:
    """A whole number as novex writes it: 12.000, -1.000."""
    return f"{n:,}".replace(",", ".")


def amount(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


# --- the list -------------------------------------------------------------------------------------------------


def test_the_list_offers_the_new_form_only_to_who_may_make_scenarios(world):
    made = make(world, naam="Eerste proef", omschrijving="Woningen weg uit Natura 2000")
    for who, offered in (("utrecht", True), ("vro", True), ("departement", True), ("lezer", False)):
        page = getattr(world, who).get("/scenarios")
        assert page.status_code == 200
        assert '<a href="/scenarios">Scenario\'s</a>' in page.text  # the menu
        assert ('action="/scenarios"' in page.text) is offered, who
        assert f'<a href="/scenarios/{made}">Eerste proef</a>' in page.text
        assert 'action="/scenarios/vergelijking"' in page.text and 'name="scenario" value="' in page.text
        assert "verandert de echte voorstellen pas als iemand het promoveert" in page.text
    token = csrf_of(world.lezer.get("/scenarios").text)
    refused = world.lezer.post("/scenarios", data={"csrf": token, "naam": "Mag niet"}, follow_redirects=False)
    assert refused.status_code == 403 and "mag niet: scenario's maken en wijzigen" in alert(refused.text)
    twice = world.utrecht.post("/scenarios", data={"csrf": token, "naam": "Eerste proef"}, follow_redirects=False)
    assert twice.status_code == 403  # another session's token: CSRF
    token = csrf_of(world.utrecht.get("/scenarios").text)
    twice = world.utrecht.post("/scenarios", data={"csrf": token, "naam": "Eerste proef"}, follow_redirects=False)
    assert twice.status_code == 400 and "er is al een scenario 'Eerste proef'" in alert(twice.text)
    with world.db.session() as session:
        assert [s.naam for s in bootstrap.scenario_service(session).scenarios(OPERATOR)] == ["Eerste proef"]


# --- one scenario: rights -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lezer", "vro", "zuid_holland"])
def test_who_is_not_the_owner_sees_no_forms_and_is_refused_with_nothing_changed(world, who):
    made = make(world)
    page = getattr(world, who).get(f"/scenarios/{made}")
    assert page.status_code == 200
    for action in ("kaart", "claims", "wijziging", "verschuiving", "ongedaan", "opnieuw"):
        assert f'action="/scenarios/{made}/{action}"' not in page.text, (who, action)
    assert "Vergelijking met de basis" in page.text
    refused = post(world, who, made, "wijziging", claim=str(world.claim), soort="verwijderen")
    assert refused.status_code == 403
    expected = "mag niet: scenario's maken en wijzigen" if who == "lezer" else "mag het lezen, niet wijzigen"
    assert expected in alert(refused.text)
    moved = post(world, who, made, "kaart", claim=str(world.claim), coordinaten=corners(0, 0))
    assert moved.status_code == 403
    assert scenario_of(world, made).wijzigingen == ()
    assert ('action="/scenarios/' + str(made) + '/promoveren"' in page.text) is (who != "lezer")


# --- changing it --------------------------------------------------------------------------------------------


def test_the_owner_moves_the_claim_by_typed_coordinates_and_sees_the_overlap_and_conflict_solved(world):
    made = make(world)
    page = world.utrecht.get(f"/scenarios/{made}", params={"claim": world.claim}).text
    assert 'id="kaart-claim-coordinaten"' in page and f'name="claim" value="{world.claim}"' in page
    x0, y0 = world.corner
    assert f"{x0} {y0}" in page  # the claim's shape, as text for the keyboard
    base = world.utrecht.get(f"/scenarios/{made}").text
    layer = world.area.layer.naam
    (count_base, ha_base) = (int(row(base, "vergelijking-beperkingen", layer)[0][0]), row(base, "vergelijking-beperkingen", layer)[1][0])

    dx, dy = world.offset
    response = post(world, "utrecht", made, "kaart", claim=str(world.claim), coordinaten=corners(x0 + dx, y0 + dy),
                    reden="weg uit het Natura 2000-gebied")  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    (change,) = scenario_of(world, made).wijzigingen
    assert (change.soort, change.claim_id, change.dx, change.dy) == (Soort.VERPLAATSEN, world.claim, dx, dy)
    assert change.reden == "weg uit het Natura 2000-gebied"

    page = world.utrecht.get(f"/scenarios/{made}").text
    assert "claim verplaatst" in page and "weg uit het Natura 2000-gebied" in page
    conflicts = row(page, "vergelijking-conflicten", "Woonwijk eruit")
    assert f"C-{world.claim}-{world.area.key}" in " ".join(conflicts[5])  # opgelost
    cells = row(page, "vergelijking-beperkingen", layer)
    assert int(cells[2][0]) == count_base - 1  # one overlap fewer
    assert amount(cells[3][0]) == pytest.approx(amount(ha_base) - 1.0, abs=0.01)  # the 1 ha square
    assert cells[3][1] == "-1"
    moved = row(page, "vergelijking-verplaatst", "Woonwijk in Natura 2000")
    assert moved[1] == ["verplaatst"] and " ".join(moved[4]) == f"{dutch(dx)}; {dutch(dy)}"
    assert 'class="scenario-voor"' in page and "claim scenario-na" in page  # the map: before dashed, after filled
    assert "<svg" in page and 'id="vergelijking-kaart"' in page
    svg = page[page.index('id="vergelijking-kaart"') : page.index("</svg>", page.index('id="vergelijking-kaart"'))]
    assert 'data-laag="beperking"' in svg  # the Natura 2000 area the claim left, hatched behind it
    assert f"<title>{world.area.layer.naam}: {world.area.naam}</title>" in html.unescape(svg)


def test_a_reshape_is_stored_as_a_new_outline(world):
    made = make(world)
    x0, y0 = world.corner
    dx, dy = world.offset
    wider = f"{x0 + dx} {y0 + dy}\n{x0 + dx + 150} {y0 + dy}\n{x0 + dx + 150} {y0 + dy + 100}\n{x0 + dx} {y0 + dy + 100}"
    assert post(world, "utrecht", made, "kaart", claim=str(world.claim), coordinaten=wider).status_code == 303
    (change,) = scenario_of(world, made).wijzigingen
    assert change.soort is Soort.VORM and change.geometry.area == pytest.approx(15_000)


def test_a_bow_tie_is_refused_naming_the_spot_and_nothing_is_stored(world):
    made = make(world)
    x, y = world.corner[0] + world.offset[0], world.corner[1] + world.offset[1]
    bow_tie = f"{x} {y}\n{x + 200} {y + 200}\n{x + 200} {y}\n{x} {y + 200}"
    refused = post(world, "utrecht", made, "claims", naam="Strik", domein="wonen", coordinaten=bow_tie)
    assert refused.status_code == 400
    message = alert(refused.text)
    assert "zelfdoorsnijding" in message and f"bij ({x + 100},000; {y + 100},000)" in message  # the spot
    assert 'value="Strik"' in refused.text  # what was typed is kept
    moved = post(world, "utrecht", made, "kaart", claim=str(world.claim), coordinaten=bow_tie)
    assert moved.status_code == 400 and "zelfdoorsnijding" in alert(moved.text)
    assert scenario_of(world, made).wijzigingen == ()
    square = corners(x, y, 200)
    added = post(world, "utrecht", made, "claims", naam="Nieuwe wijk", domein="wonen", coordinaten=square,
                 hoeveelheid="40", eenheid="woningen")  # fmt: skip
    assert added.status_code == 303, alert(added.text)
    (change,) = scenario_of(world, made).wijzigingen
    assert change.soort is Soort.TOEVOEGEN and change.draft.naam == "Nieuwe wijk"
    assert change.draft.geometry.area == pytest.approx(40_000) and change.claim_id == -1
    compared = world.utrecht.get("/scenarios/vergelijking", params={"scenario": [made]}).text
    assert "Nieuwe wijk <span class=\"hint-inline\">(nieuw in het scenario)</span>" in compared  # not "claim -1"
    document = world.utrecht.get("/scenarios/vergelijking/document", params={"scenario": [made]}).text
    assert "Nieuwe wijk (nieuw in het scenario)" in document and "(-1)" not in document


def test_remove_quantity_and_a_shift_between_provinces(world):
    made = make(world)
    assert post(world, "utrecht", made, "wijziging", claim=str(world.claim), soort="status",
                status="voorgenomen").status_code == 303  # fmt: skip
    refused = post(world, "utrecht", made, "wijziging", claim=str(world.claim), soort="domein", domein="kernenergie")
    assert refused.status_code == 400 and "onbekend domein" in alert(refused.text)
    goal = "woningbouw-doel-900000-woningen-2030"
    shifted = post(world, "utrecht", made, "verschuiving", doel=goal, van="PV21", naar="PV26", hoeveelheid="1000")
    assert shifted.status_code == 303, alert(shifted.text)
    too_much = post(world, "utrecht", made, "verschuiving", doel=goal, van="PV21", naar="PV26", hoeveelheid="10000000")
    assert too_much.status_code == 400 and "er kan niet meer af dan dat" in alert(too_much.text)
    assert post(world, "utrecht", made, "wijziging", claim=str(world.claim), soort="verwijderen").status_code == 303
    kinds = [w.soort for w in scenario_of(world, made).wijzigingen]
    assert kinds == [Soort.STATUS, Soort.VERSCHUIVING, Soort.VERWIJDEREN]
    page = world.utrecht.get(f"/scenarios/{made}").text
    # both provinces' shares move by exactly 1000 (the gap is target minus planned); the national goal stays
    for goal_id, province, change in (("provincie-pv21-woningbouw-2030", "Fryslân", "-1.000"),
                                      ("provincie-pv26-woningbouw-2030", "Utrecht", "+1.000")):  # fmt: skip
        cells = row(page, "vergelijking-doelen", goal_id)
        assert cells[0] == [province] and cells[2][-1] == change
        assert amount(cells[2][0]) == amount(cells[1][0]) + amount(change)
    assert f">{goal}<" not in page.split('id="vergelijking-doelen"')[1].split("</table>")[0]


def test_undo_redo_and_a_stale_version(world):
    made = make(world)
    dx, dy = world.offset
    x0, y0 = world.corner
    post(world, "utrecht", made, "kaart", claim=str(world.claim), coordinaten=corners(x0 + dx, y0 + dy))
    read = scenario_of(world, made).version
    undone = post(world, "utrecht", made, "ongedaan")
    assert undone.status_code == 303 and scenario_of(world, made).stand == 0
    page = world.utrecht.get(f"/scenarios/{made}").text
    assert "ongedaan gemaakt" in page and "wijziging-ongedaan" in page
    stale = post(world, "utrecht", made, "opnieuw", versie=str(read))
    assert stale.status_code == 409
    assert "iemand anders was u voor" in alert(stale.text) and scenario_of(world, made).stand == 0
    assert post(world, "utrecht", made, "opnieuw").status_code == 303
    assert scenario_of(world, made).stand == 1


def test_promotion_makes_a_new_voorstel_version_and_shows_it(world):
    made = make(world)
    x0, y0 = world.corner
    dx, dy = world.offset
    post(world, "utrecht", made, "kaart", claim=str(world.claim), coordinaten=corners(x0 + dx, y0 + dy))
    page = world.utrecht.get(f"/scenarios/{made}").text
    response = world.utrecht.post(f"/scenarios/{made}/promoveren", data={"csrf": csrf_of(page), "provincie": "PV26",
                                  "naar": "voorstel"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, alert(response.text)
    shown = world.utrecht.get(response.headers["location"]).text
    assert "Nieuwe voorstelversie" in shown and "Voorstel U versie 2" in shown
    refused = world.zuid_holland.post(f"/scenarios/{made}/promoveren", data={
        "csrf": csrf_of(world.zuid_holland.get(f"/scenarios/{made}").text), "provincie": "PV26"},
        follow_redirects=False)  # fmt: skip
    assert refused.status_code == 403


# --- the comparison -----------------------------------------------------------------------------------------


def test_the_comparison_page_and_its_document(world):
    first = make(world, naam="Verplaatst")
    second = make(world, naam="Weggehaald")
    x0, y0 = world.corner
    dx, dy = world.offset
    post(world, "utrecht", first, "kaart", claim=str(world.claim), coordinaten=corners(x0 + dx, y0 + dy))
    post(world, "utrecht", second, "wijziging", claim=str(world.claim), soort="verwijderen")
    page = world.lezer.get("/scenarios/vergelijking", params={"scenario": [first, second]})
    assert page.status_code == 200
    conflict = f"C-{world.claim}-{world.area.key}"
    for naam in ("Verplaatst", "Weggehaald"):
        assert conflict in " ".join(row(page.text, "vergelijking-conflicten", naam)[5])
    header = re.search(r'<table[^>]*id="vergelijking-beperkingen".*?</thead>', page.text, re.S).group(0)
    assert header.index("Basis") < header.index("Verplaatst") < header.index("Weggehaald")
    query = f"scenario={first}&amp;scenario={second}"
    assert f'href="/api/v1/scenarios/vergelijking?{query}"' in page.text
    assert f'href="/scenarios/vergelijking/document?{query}"' in page.text
    document = world.lezer.get("/scenarios/vergelijking/document", params={"scenario": [first, second]})
    assert document.status_code == 200 and document.headers["content-type"].startswith("text/html")
    assert "@page { size: A4 landscape" in document.text and conflict in document.text
    pdf = world.lezer.get("/scenarios/vergelijking/document", params={"scenario": [first], "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF") and "attachment" in pdf.headers["content-disposition"]
    for wrong, message in (([], "(kreeg 0)"), ([1, 2, 3, 4, 5], "(kreeg 5)"), (["x"], "geen nummer")):
        refused = world.lezer.get("/scenarios/vergelijking", params={"scenario": wrong})
        assert refused.status_code == 400 and message in alert(refused.text), wrong
