"""The icon browsers show for novex: /favicon.ico (ICO) and the SVG the pages link."""

from __future__ import annotations

from fastapi.testclient import TestClient

from novex.server import create_app


def test_the_favicon_is_served_and_linked(settings):
    client = TestClient(create_app(settings))
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    svg = client.get("/static/favicon.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    login = client.get("/inloggen").text
    assert '<link rel="icon" href="/favicon.ico"' in login and 'href="/static/favicon.svg" type="image/svg+xml"' in login
