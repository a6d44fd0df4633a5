"""The API documentation page: Swagger UI served by novex, rendered under the strict CSP, no CDN."""

from __future__ import annotations

from tests.browser.support import SCREENSHOTS


def test_swagger_ui_renders_the_operations_offline_within_the_csp(server, page):
    problems: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server) else None)
    response = page.goto(f"{server}/api/v1/docs")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/claims" in paths and "/tokens" in paths
    assert page.locator(".servers").inner_text().strip().startswith("/api/v1")
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    assert foreign == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"))
