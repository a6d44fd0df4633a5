"""In Chromium: a page over a long analysis shows the last one with a banner, and reloads itself when it is ready.

The analysis is held at a gate (tests/fixtures/slow_analysis.py) in the served app's own
process; the page's own script (static/analyse-stand.js) polls the status and reloads.
"""

from __future__ import annotations

from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor
from novex.claims.model import ClaimDraft
from tests.browser.support import assert_accessible, login, new_context, prepared, serving, snapper
from tests.fixtures.geo import UTRECHT
from tests.fixtures.slow_analysis import slow_analysis  # noqa: F401 - the `slow` fixture

snap = snapper("issue-21")


def add_claim(settings) -> None:
    db = bootstrap.database(settings)
    with db.session() as session:
        service = bootstrap.claim_service(session)
        voorstel = service.voorstel_for(Actor.operator(), "Achtergrond", "PV26", create=True)
        x, y = UTRECHT
        service.add_claim(Actor.operator(), voorstel.id, ClaimDraft("Nieuwe wijk", "wonen", box(x, y, x + 400, y + 400)))
    db.engine.dispose()


def test_the_banner_shows_progress_and_the_page_reloads_itself_when_the_analysis_is_ready(
    slow, browser, template_db, backend, tmp_path_factory
):
    settings = prepared(template_db, backend, tmp_path_factory.mktemp("achtergrond"))
    with serving(settings) as base:
        context = new_context(browser)
        page = context.new_page()
        login(page, base, "lezer")  # the dashboard, computed at once (the examples are small)
        assert page.locator(".analyse-stand").count() == 0
        before = page.locator(".inleiding").inner_text()
        slow.over_budget()
        slow.gate.close()
        add_claim(settings)
        page.goto(f"{base}/")
        banner = page.get_by_role("status").filter(has_text="een nieuwe berekening loopt")
        banner.wait_for()
        assert "Analyse van minder dan een minuut geleden; een nieuwe berekening loopt" in banner.inner_text()
        assert page.get_by_label("Voortgang, stap: gegevens laden").evaluate("e => e.tagName") == "PROGRESS"
        assert page.locator(".inleiding").inner_text() == before  # the last complete analysis
        assert_accessible(page, "dashboard met een analyse op de achtergrond")
        snap(page, "analyse-op-de-achtergrond", page.locator(".analyse-stand"))
        slow.gate.open()  # the script sees the new analysis and reloads the page
        page.locator(".analyse-stand").wait_for(state="detached", timeout=30_000)
        assert page.locator(".inleiding").inner_text() != before
        context.close()
