"""A real server on loopback and headless Chromium (Debian `chromium` + Playwright)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url

from novex import bootstrap
from novex.access import Actor
from novex.examples import load_examples
from novex.server import create_app
from novex.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PASSWORD = "browser-test-wachtwoord"
USERS = {
    "utrecht": ("utrecht@novex.test", "provincie", "PV26"),
    "zuid_holland": ("zh@novex.test", "provincie", "PV28"),
    "lezer": ("lezer@novex.test", "lezer", None),
    "beheerder": ("beheer@novex.test", "beheerder", None),
}


def _copy(template: str, backend: str, folder: Path) -> str:
    """A module-wide copy of the template database (file copy or CREATE DATABASE … TEMPLATE)."""
    if backend == "sqlite":
        shutil.copy(template.removeprefix("sqlite:///"), folder / "novex.db")
        return f"sqlite:///{folder / 'novex.db'}"
    from tests.conftest import _admin, _pg_url

    name = f"novex_web_{folder.name.replace('-', '_')}".lower()
    with _admin().connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template).database}"'))
    return _pg_url(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, template_db, backend):
    folder = tmp_path_factory.mktemp("web")
    url = _copy(template_db, backend, folder)
    settings = Settings(data_dir=folder, database_url=url)
    db = bootstrap.database(settings)
    with db.session() as session:
        load_examples(bootstrap.claim_service(session))
        accounts = bootstrap.account_service(session)
        for email, role, provincie in USERS.values():
            accounts.add_user(Actor.operator(), email, email, role, PASSWORD, provincie)
    port = _free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    for _ in range(100):
        if instance.started:
            break
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


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


def login(page, base: str, who: str) -> None:
    email = USERS[who][0]
    page.goto(f"{base}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# A VRO accounthouder for the vraagstukken dialogue (tests/browser/test_dialogue.py): triage and phase moves.
USERS["vro"] = ("vro@novex.test", "vro", None)
