"""The map editor in real headless Chromium, with OpenLayers and proj4 as novex fetches and serves them.

The fixture fetches the pinned packages from the npm registry through `novex.web.vendor` (once per
machine, into the user's cache, as `novex serve` does), so the map is really there. A Utrecht planner
opens "Claim tekenen" from the voorstellen page, draws a bow-tie by mouse clicks on the map and is
refused with the import's Dutch message, clears it, draws a square and saves it; the stored claim has
the area of the square clicked. Typing coordinates puts the shape on the map (the keyboard alternative).
axe-core finds no violation; the page fits a 390 px screen; no CSP violation. Screenshots:
docs/screenshots/kaart-editor.png and kaart-editor-390.png.
"""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from novex.reference.municipalities import municipality_index
from novex.settings import Settings
from novex.web import vendor
from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper, status

snap = snapper("")
SIDE = 200.0  # metres: the square drawn
EDITOR = "document.querySelector('[data-kaart-editor]')?.kaart"  # null-safe: waits while the page is still swapping


@pytest.fixture(scope="module")
def vendor_dir():
    """OpenLayers and proj4 fetched (or already there) exactly as the app fetches them."""
    target = Settings().resolved_vendor_dir
    vendor.ensure(target)
    assert vendor.available(target)
    return target


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db, backend, vendor_dir):
    settings = prepared(template_db, backend, tmp_path_factory.mktemp("kaart-editor"))
    with serving(settings.model_copy(update={"vendor_dir": vendor_dir})) as base:
        yield base


def open_space(claims: list[dict]) -> tuple[float, float]:
    """A point in Utrecht at least 400 m from every municipal border and claim edge: nothing to snap to."""
    edges = [m.geometry.boundary for m in municipality_index().of_province("PV26")]
    edges += [shape(c["geometry"]).boundary for c in claims]
    room = shapely.difference(
        shapely.union_all([m.geometry.buffer(-400) for m in municipality_index().of_province("PV26")]),
        shapely.union_all([e.buffer(400 + SIDE * 1.5) for e in edges]),
    )
    largest = max(shapely.get_parts(room), key=lambda p: p.area)
    point = shapely.point_on_surface(largest)
    return round(point.x), round(point.y)


def utrecht_claims(page, base: str) -> list[dict]:
    page.goto(f"{base}/api/v1/claims?provincie=PV26&pageSize=500", wait_until="load")
    page.wait_for_load_state()
    return json.loads(page.locator("body").inner_text())["features"]


def open_editor(page, base: str) -> None:
    page.goto(f"{base}/provincies/PV26/voorstellen")
    page.get_by_role("link", name="Claim tekenen").first.click()
    page.get_by_role("heading", name="Nieuwe claim tekenen", level=1).wait_for()
    page.wait_for_function(f"() => {EDITOR} && {EDITOR}.getView().getResolution() !== undefined")


def show_at(page, x: float, y: float) -> None:
    """Centre the map on (x, y) at 1 m per pixel and wait for it to render."""
    page.evaluate(f"([x, y]) => {{ const v = {EDITOR}.getView(); v.setCenter([x, y]); v.setResolution(1); }}", [x, y])
    page.evaluate(f"() => {EDITOR}.renderSync()")


def click_at(page, x: float, y: float) -> None:
    """A mouse click on the map where RD New point (x, y) is."""
    px, py = page.evaluate(f"([x, y]) => {EDITOR}.getPixelFromCoordinate([x, y])", [x, y])
    box = page.locator(".kaart-editor-kaart").bounding_box()
    page.mouse.click(box["x"] + px, box["y"] + py)
    page.wait_for_timeout(350)  # separate clicks, not a double click


def draw(page, points: list[tuple[float, float]]) -> None:
    """Draw a polygon through the points by clicking them, closed by clicking the first one again."""
    for x, y in [*points, points[0]]:
        click_at(page, x, y)


def test_drawing_a_claim_by_mouse_refused_as_a_bow_tie_then_saved(server, browser):
    context = new_context(browser)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    login(page, server, "utrecht")
    before = utrecht_claims(page, server)
    x, y = open_space(before)
    open_editor(page, server)
    assert page.locator(f"script[src='/static/vendor/{vendor.OL.folder}/ol.js']").count() == 1
    assert page.locator("#kaart-editor-melding").is_hidden()  # the map is there: no fallback notice
    show_at(page, x + SIDE / 2, y + SIDE / 2)
    assert page.get_by_role("button", name="Tekenen").get_attribute("aria-pressed") == "true"

    # a bow-tie: the second edge crosses the fourth
    draw(page, [(x, y), (x + SIDE, y + SIDE), (x + SIDE, y), (x, y + SIDE)])
    assert len(page.get_by_label("Coördinaten").input_value().strip().splitlines()) == 4
    drawn = json.loads(page.locator("input[name='geometrie']").input_value())
    assert drawn["crs"]["properties"]["name"] == "EPSG:28992" and drawn["type"] == "Polygon"
    page.get_by_label("Naam", exact=True).fill("Getekende strik")
    page.get_by_role("button", name="Claim opslaan").click()
    error = page.get_by_role("alert")
    error.wait_for()
    assert "Niet opgeslagen" in error.inner_text()
    assert "ongeldige geometrie: zelfdoorsnijding (de rand kruist zichzelf)" in error.inner_text()
    assert len(utrecht_claims(context.new_page(), server)) == len(before)  # nothing stored

    # the refused shape is back on the map; clear it and draw a square instead
    page.wait_for_function(f"() => {EDITOR} && {EDITOR}.getLayers().getArray().length >= 2")
    page.get_by_role("button", name="Wissen").click()
    assert page.get_by_label("Coördinaten").input_value() == ""
    page.get_by_role("button", name="Tekenen").click()
    show_at(page, x + SIDE / 2, y + SIDE / 2)
    draw(page, [(x, y), (x + SIDE, y), (x + SIDE, y + SIDE), (x, y + SIDE)])
    assert page.get_by_role("status").filter(has_text="Vlak getekend").count() == 1
    page.get_by_label("Naam", exact=True).fill("Getekend woongebied")
    page.get_by_label("Domein").select_option("wonen")
    page.evaluate(f"() => {{ {EDITOR}.getView().setResolution(6); {EDITOR}.renderSync(); }}")  # the context around it
    snap(page, "kaart-editor")
    assert_accessible(page, "kaart-editor met kaart")
    page.get_by_role("button", name="Claim opslaan").click()
    status(page, "is opgeslagen")

    (made,) = [c for c in utrecht_claims(page, server) if c["properties"]["naam"] == "Getekend woongebied"]
    assert made["properties"]["area_ha"] == pytest.approx(SIDE * SIDE / 10_000, rel=0.03)  # clicks land within ~1 m
    assert violations == []
    context.close()


def test_typed_coordinates_appear_on_the_map_and_reshaping_keeps_the_form_in_step(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    x, y = open_space(utrecht_claims(page, server))
    open_editor(page, server)
    text = f"{x} {y}\n{x + 300} {y}\n{x + 300} {y + 100}\n{x} {y + 100}"
    page.get_by_label("Coördinaten").fill(text)
    page.get_by_label("Coördinaten").blur()
    page.get_by_role("status").filter(has_text="De kaart toont nu de ingevoerde vorm").wait_for()
    extent = page.evaluate(f"{EDITOR}.getLayers().getArray().at(-1).getSource().getExtent()")
    assert extent == [x, y, x + 300, y + 100]
    drawn = json.loads(page.locator("input[name='geometrie']").input_value())
    assert shape(drawn).bounds == (x, y, x + 300, y + 100)
    page.get_by_role("button", name="Verplaatsen").click()
    assert page.get_by_role("button", name="Verplaatsen").get_attribute("aria-pressed") == "true"
    assert page.get_by_role("button", name="Tekenen").get_attribute("aria-pressed") == "false"
    context.close()


def test_the_editor_fits_a_390_px_screen(server, browser):
    context = new_context(browser, 390)
    page = context.new_page()
    login(page, server, "utrecht")
    open_editor(page, server)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the editor scrolls sideways on a phone ({width}px)"
    assert page.locator(".kaart-editor-kaart").bounding_box()["width"] <= 390
    snap(page, "kaart-editor-390")
    assert_accessible(page, "kaart-editor at 390 px")
    context.close()


def test_the_claim_edit_page_has_the_editor_with_the_claims_shape(server, browser):
    context = new_context(browser)
    page = context.new_page()
    login(page, server, "utrecht")
    claim = utrecht_claims(page, server)[0]
    page.goto(f"{server}/claims/{claim['id']}/bewerken")
    page.wait_for_function(
        f"() => {EDITOR} && {EDITOR}.getLayers().getArray().at(-1).getSource().getFeatures().length === 1"
    )
    assert page.get_by_role("button", name="Vorm aanpassen").get_attribute("aria-pressed") == "true"
    assert page.get_by_label("Coördinaten").input_value().strip() != ""
    assert_accessible(page, "claim bewerken met kaarteditor")
    context.close()
