"""The analysis pages never wait for a long analysis: the last one with a banner, its age and the progress."""

from __future__ import annotations

import html
import re

import pytest
from shapely.geometry import mapping

from tests.fixtures.geo import UTRECHT, square
from tests.fixtures.slow_analysis import slow_analysis  # noqa: F401 - the `slow` fixture
from tests.fixtures.web import web_world

RD = {"Content-Crs": "epsg:28992"}
pytestmark = pytest.mark.sqlite_only  # page text; the service test runs on every backend


def text(page: str) -> str:
    """The page's text, tags dropped (no space before punctuation that followed a closing tag)."""
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    return re.sub(r" ([;:,.)%])", r"\1", re.sub(r"\( ", "(", plain))


@pytest.fixture
def world(settings):
    return web_world(settings)


def add_claim(world, dx):
    vid = world.api.utrecht.get("/api/v1/voorstellen", params={"provincie": "PV26"}).json()[0]["id"]
    body = {"type": "Feature", "geometry": mapping(square(UTRECHT[0] + dx, UTRECHT[1], 300)),
            "properties": {"naam": f"Nieuw {dx}", "domein": "wonen", "extern_id": f"n{dx}"}}  # fmt: skip
    answer = world.api.utrecht.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD)
    assert answer.status_code == 201, answer.text


def test_the_pages_show_the_last_analysis_with_its_age_and_the_progress_of_the_new_one(slow, world):
    for page in ("/", "/provincies/PV26"):  # computed at once (small data): no banner
        assert "analyse-stand" not in world.vro.get(page).text
    slow.over_budget()
    slow.gate.close()
    add_claim(world, 3000)
    for page, provincie in (("/", ""), ("/provincies/PV26", "?provincie=PV26")):
        answer = slow.promptly(lambda page=page: world.vro.get(page))
        assert answer.status_code == 200
        shown = text(answer.text)
        assert "Analyse van minder dan een minuut geleden; een nieuwe berekening loopt (0%)." in shown
        assert re.search(r'<progress id="analyse-voortgang" max="100" value="\d+">', answer.text)
        assert '<label for="analyse-voortgang">' in answer.text and 'aria-live="polite"' in answer.text
        assert f'data-analyse-status="/api/v1/analyse/status{provincie}"' in answer.text
        assert '<script src="/static/analyse-stand.js" defer></script>' in answer.text  # own file: strict CSP
        assert f'<a href="{page}">laad de pagina opnieuw</a>' in answer.text  # without JavaScript
    assert "2 claims in 1 van de 12 provincies" in text(world.vro.get("/").text)  # the last complete analysis
    province = text(world.vro.get("/provincies/PV26").text)
    assert "3 claims · 1 conflict." in province  # the register as it is now; conflicts of the last analysis
    script = world.vro.get("/static/analyse-stand.js")
    assert script.status_code == 200 and "/analyse" not in script.text  # the address comes from the page
    slow.finish()
    for page in ("/", "/provincies/PV26"):
        assert "analyse-stand" not in world.vro.get(page).text
    assert "3 claims in 1 van de 12 provincies" in text(world.vro.get("/").text)


def test_before_the_first_analysis_the_page_shows_progress_and_a_failure_in_dutch(slow, world):
    client = world.api.zuid_holland
    vid = client.post("/api/v1/voorstellen", json={"provincie": "PV28", "naam": "ZH"}).json()["id"]
    body = {"type": "Feature", "geometry": mapping(square(90_000, 450_000, 300)),
            "properties": {"naam": "Polder", "domein": "wonen", "extern_id": "p"}}  # fmt: skip
    assert client.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers=RD).status_code == 201
    assert "analyse-stand" not in world.vro.get("/provincies/PV26").text  # Utrecht analysed (small: at once)
    slow.over_budget()
    slow.gate.close(fail=RuntimeError("kapot"))
    add_claim(world, 3000)
    waiting = slow.promptly(lambda: world.vro.get("/provincies/PV28"))  # never analysed before: no last result
    shown = text(waiting.text)
    assert waiting.status_code == 200
    assert "De analyse van provincie Zuid-Holland wordt berekend" in shown
    assert "Er is nog geen analyse van provincie Zuid-Holland; de eerste berekening loopt" in shown
    download = slow.promptly(lambda: world.vro.get("/provincies/PV28/conflicten.csv"))
    assert download.status_code == 503 and "Retry-After" in download.headers
    assert "een nieuwe berekening loopt" in text(slow.promptly(lambda: world.vro.get("/provincies/PV26")).text)
    slow.finish()  # both runs fail
    failed = world.vro.get("/provincies/PV28")
    assert failed.status_code == 503
    assert "De analyse van provincie Zuid-Holland kon niet worden berekend: een onverwachte fout (RuntimeError)" in text(
        failed.text
    )
    changed = text(world.vro.get("/provincies/PV26").text)  # a province with an earlier result keeps showing it
    assert "Analyse van minder dan een minuut geleden; de nieuwe berekening is mislukt: een onverwachte fout" in changed
    assert "Conflicten" in changed
