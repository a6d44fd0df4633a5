"""The scenario pages in real headless Chromium, with OpenLayers and proj4 as novex fetches and serves them.

Utrecht's planner makes a scenario on the list page, opens the crafted claim (a 1 ha housing square
inside a Natura 2000 area, worked out from the shipped layer) on the map, drags it with the editor's
Verplaatsen mode by mouse to open land and saves: the change is listed as "claim verplaatst" and the
comparison shows the conflict with the Natura 2000 area solved. A bow-tie drawn for a new claim is
refused with the import's Dutch message, a square is accepted. Then the list's compare form puts two
scenarios side by side. axe-core finds no violation on each page; the scenario page fits 390 px.
Screenshots: docs/screenshots/scenario.png, scenario-390.png, scenario-vergelijking.png.
"""

from __future__ import annotations

import pytest
import shapely
from shapely import affinity
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor
from novex.settings import Settings
from novex.web import vendor
from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper, status
from tests.fixtures.geo import feature, write_geojson

snap = snapper("")
EDITOR = "document.querySelector('[data-kaart-editor]')?.kaart"  # null-safe: waits while the page is still swapping
OPERATOR = Actor.operator()


def crafted(settings: Settings, folder) -> dict:
    """A 1 ha housing claim inside a Natura 2000 area in Utrecht, and an offset to open land."""
    db = bootstrap.database(settings)
    with db.session() as session:
        areas = bootstrap.restriction_service(session).areas(OPERATOR, ["PV26"])
    natura = [a for a in areas if a.layer.naam.startswith("Natura 2000")]
    province = bootstrap.reference_service().province(OPERATOR, "PV26").geometry
    target = next(a for a in natura if province.contains(a.geometry.buffer(-80).representative_point()))
    centre = target.geometry.buffer(-80).representative_point()
    x0, y0 = round(centre.x) - 50, round(centre.y) - 50
    square = box(x0, y0, x0 + 100, y0 + 100)
    restricted = shapely.union_all([a.geometry for a in areas])
    offset = next(
        (dx, dy) for dx in range(2000, 20001, 1000) for dy in (0, 1000, -1000)
        if province.contains(affinity.translate(square, dx, dy).buffer(600))
        and not affinity.translate(square, dx, dy).buffer(300).intersects(restricted)
    )  # fmt: skip
    path = write_geojson(folder / "u.geojson", [feature(square, naam="Woonwijk in Natura 2000", domein="wonen")])
    with db.session() as session:
        imported = bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="Voorstel U", provincie="PV26")
    db.engine.dispose()
    return {"claim": imported.claim_ids[0], "conflict": f"C-{imported.claim_ids[0]}-{target.key}", "corner": (x0, y0),
            "offset": offset}  # fmt: skip


@pytest.fixture(scope="module")
def vendor_dir():
    target = Settings().resolved_vendor_dir
    vendor.ensure(target)
    assert vendor.available(target)
    return target


@pytest.fixture(scope="module")
def world(tmp_path_factory, template_db, backend, vendor_dir):
    folder = tmp_path_factory.mktemp("scenarios")
    settings = prepared(template_db, backend, folder)
    facts = crafted(settings, folder)
    with serving(settings.model_copy(update={"vendor_dir": vendor_dir})) as base:
        yield base, facts


def pixel(page, x: float, y: float) -> tuple[float, float]:
    px, py = page.evaluate(f"([x, y]) => {EDITOR}.getPixelFromCoordinate([x, y])", [x, y])
    frame = page.locator(".kaart-editor-kaart").bounding_box()
    return frame["x"] + px, frame["y"] + py


def show(page, x: float, y: float, resolution: float) -> None:
    """Centre the map on (x, y) at `resolution` m per pixel and wait until it has rendered (even if it was there)."""
    page.locator(".kaart-editor-kaart").scroll_into_view_if_needed()
    page.evaluate(
        f"""([x, y, r]) => new Promise(done => {{
              const map = {EDITOR}, v = map.getView();
              map.once('rendercomplete', done); v.setCenter([x, y]); v.setResolution(r); map.render(); }})""",
        [x, y, resolution],
    )


def draw(page, points) -> None:
    for x, y in [*points, points[0]]:
        page.mouse.click(*pixel(page, x, y))
        page.wait_for_timeout(350)


def make(page, base: str, naam: str) -> None:
    page.goto(f"{base}/scenarios")
    page.get_by_label("Naam", exact=True).fill(naam)
    page.get_by_role("button", name="Scenario maken").click()
    page.wait_for_url(f"{base}/scenarios/*", timeout=120_000)
    status(page, "Het scenario is gemaakt")


def test_drag_a_claim_off_natura_2000_draw_a_claim_and_compare(world, browser):
    base, facts = world
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(60_000)
    login(page, base, "utrecht")
    page.get_by_role("link", name="Scenario's").first.click()
    page.wait_for_url(f"{base}/scenarios")
    assert_accessible(page, "scenariolijst")
    make(page, base, "Woonwijk uit Natura 2000")

    # pick the crafted claim: the map editor opens with its shape
    page.get_by_label("Claim", exact=True).first.select_option(str(facts["claim"]))
    page.get_by_role("button", name="Open op de kaart").click()
    page.wait_for_function(f"() => {EDITOR} && {EDITOR}.getLayers().getArray().at(-1).getSource().getFeatures().length === 1")
    x0, y0 = facts["corner"]
    dx, dy = facts["offset"]
    start, end = (x0 + 50, y0 + 50), (x0 + 50 + dx, y0 + 50 + dy)
    show(page, x0 + 50 + dx / 2, y0 + 50 + dy / 2, max(abs(dx), abs(dy)) / 250)
    page.get_by_role("button", name="Verplaatsen").click()
    assert page.get_by_role("button", name="Verplaatsen").get_attribute("aria-pressed") == "true"
    page.mouse.move(*pixel(page, *start))
    page.mouse.down()
    for step in range(1, 11):  # a drag of several moves, as a hand makes it
        page.mouse.move(*pixel(page, start[0] + (end[0] - start[0]) * step / 10, start[1] + (end[1] - start[1]) * step / 10))
    page.mouse.up()
    page.get_by_role("status").filter(has_text="Vlak verplaatst").wait_for()
    page.get_by_label("Reden").first.fill("weg uit het Natura 2000-gebied")
    page.get_by_role("button", name="Wijziging opslaan").first.click()
    status(page, "De wijziging staat in het scenario")
    changes = page.locator("ol.wijzigingen").inner_text()
    assert "claim verplaatst" in changes and f"claim {facts['claim']} 'Woonwijk in Natura 2000' verplaatst over" in changes
    solved = page.locator("#vergelijking-conflicten tbody tr").nth(1).inner_text()
    assert facts["conflict"] in solved
    assert "verplaatst" in page.locator("#vergelijking-verplaatst").inner_text()
    snap(page, "scenario")
    assert_accessible(page, "scenario na verplaatsen")

    # a bow-tie for a new claim is refused; a square is accepted
    nx, ny = x0 + dx, y0 + dy + 400
    show(page, nx + 100, ny + 100, 1)
    draw(page, [(nx, ny), (nx + 200, ny + 200), (nx + 200, ny), (nx, ny + 200)])
    page.get_by_label("Naam", exact=True).fill("Getekende strik")
    page.get_by_role("button", name="Claim toevoegen aan het scenario").click()
    error = page.get_by_role("alert").first
    error.wait_for()
    assert "zelfdoorsnijding (de rand kruist zichzelf)" in error.inner_text()
    assert page.locator("ol.wijzigingen > li").count() == 1
    page.wait_for_function(f"() => {EDITOR} && {EDITOR}.getView().getResolution() !== undefined")
    page.get_by_role("button", name="Wissen").click()
    page.get_by_role("button", name="Tekenen").click()
    show(page, nx + 100, ny + 100, 1)
    draw(page, [(nx, ny), (nx + 200, ny), (nx + 200, ny + 200), (nx, ny + 200)])
    page.get_by_label("Naam", exact=True).fill("Getekende wijk")
    page.get_by_role("button", name="Claim toevoegen aan het scenario").click()
    status(page, "De wijziging staat in het scenario")
    assert "claim 'Getekende wijk' (wonen) toegevoegd" in page.locator("ol.wijzigingen").inner_text()

    # a second scenario, then the two side by side
    make(page, base, "Woonwijk weg")
    page.get_by_label("Claim", exact=True).nth(1).select_option(str(facts["claim"]))
    page.get_by_role("radio", name="Claim weghalen").check()
    page.locator("#claim-wijzigen").get_by_role("button", name="Wijziging opslaan").click()
    status(page, "De wijziging staat in het scenario")
    page.goto(f"{base}/scenarios")
    page.get_by_label("Woonwijk uit Natura 2000 vergelijken").check()
    page.get_by_label("Woonwijk weg vergelijken").check()
    page.get_by_role("button", name="Vergelijk met de basis").click()
    page.get_by_role("heading", level=1, name="Vergelijking").wait_for()
    header = page.locator("#vergelijking-conflicten tbody").inner_text()
    assert header.index("Basis") < header.index("Woonwijk uit Natura 2000") < header.index("Woonwijk weg")
    assert page.locator("#vergelijking-conflicten tbody tr").nth(2).inner_text().count(facts["conflict"]) == 1
    snap(page, "scenario-vergelijking")
    assert_accessible(page, "scenariovergelijking")
    context.close()


def test_the_scenario_page_fits_a_390_px_screen(world, browser):
    base, facts = world
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, base, "utrecht")
    make(page, base, "Smal scherm")
    page.goto(page.url.split("?")[0] + f"?claim={facts['claim']}")
    page.wait_for_function(f"() => {EDITOR} && {EDITOR}.getView().getResolution() !== undefined")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the scenario page scrolls sideways on a phone ({width}px)"
    snap(page, "scenario-390")
    assert_accessible(page, "scenario op 390 px")
    context.close()
