"""A real server on loopback and headless Chromium (Debian `chromium` + Playwright)."""

from __future__ import annotations

import shutil

import pytest

from tests.browser.support import prepared, serving

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db, backend):
    """The app on its own copy of the database, with the examples and the browser users."""
    with serving(prepared(template_db, backend, tmp_path_factory.mktemp("web"))) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    yield context.new_page()
    context.close()
