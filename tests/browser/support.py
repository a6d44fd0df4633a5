"""What the browser tests share: a served database with the examples and accounts, screenshots, axe, waits."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import uvicorn
from sqlalchemy import text
from sqlalchemy.engine import make_url

from novex import bootstrap
from novex.access import Actor
from novex.examples import load_examples
from novex.server import create_app
from novex.settings import Settings

PASSWORD = "browser-test-wachtwoord"
USERS = {
    "utrecht": ("utrecht@novex.test", "provincie", "PV26"),
    "zuid_holland": ("zh@novex.test", "provincie", "PV28"),
    "lezer": ("lezer@novex.test", "lezer", None),
    "beheerder": ("beheer@novex.test", "beheerder", None),
}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def database_copy(template: str, backend: str, folder: Path) -> str:
    """A module-wide copy of the template database (file copy or CREATE DATABASE … TEMPLATE)."""
    if backend == "sqlite":
        shutil.copy(template.removeprefix("sqlite:///"), folder / "novex.db")
        return f"sqlite:///{folder / 'novex.db'}"
    from tests.conftest import _admin, _pg_url

    name = f"novex_web_{uuid.uuid4().hex[:12]}"  # unique across parallel workers
    with _admin().connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template).database}"'))
    return _pg_url(name)


def prepared(template: str, backend: str, folder: Path) -> Settings:
    """Settings of a fresh database copy holding the example voorstellen and an account per browser user."""
    settings = Settings(data_dir=folder, database_url=database_copy(template, backend, folder))
    db = bootstrap.database(settings)
    with db.session() as session:
        load_examples(bootstrap.claim_service(session))
        accounts = bootstrap.account_service(session)
        for email, role, provincie in USERS.values():
            accounts.add_user(Actor.operator(), email, email, role, PASSWORD, provincie)
    db.engine.dispose()
    return settings


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The app on a free loopback port in a thread; yields its base URL.

    The socket is bound here and handed to uvicorn, so no other process (a parallel test worker) can take the
    port between choosing and binding it.
    """
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    instance = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    for _ in range(300):
        if instance.started or not thread.is_alive():
            break
        time.sleep(0.1)
    if not instance.started:
        raise RuntimeError("the app did not start serving")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)
        listener.close()


def snap(folder: str, page: Any, name: str, element: Any = None) -> Path:
    """A full-page (or one element's) screenshot in docs/screenshots/`folder`, with a 256-colour palette."""
    from PIL import Image

    (SCREENSHOTS / folder).mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / folder / f"{name}.png"
    png = element.screenshot() if element is not None else page.screenshot(full_page=True)
    with Image.open(io.BytesIO(png)) as shot:
        palette = shot.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    written = io.BytesIO()
    palette.save(written, format="PNG", optimize=True)
    _replace(path, written.getvalue())
    return path


def _replace(path: Path, content: bytes) -> None:
    """Write `path` whole in one step: the same test on the other backend, in a parallel worker, may write it too."""
    partial_file = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}")
    partial_file.write_bytes(content)
    os.replace(partial_file, path)


def snapper(folder: str) -> Any:
    """`snap` bound to one issue's screenshot folder."""
    return partial(snap, folder)


def axe_violations(page: Any) -> list:
    """axe-core's violations on the page: id, impact, help and the first targets."""
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"][:3]])
            for v in Axe().run(page).response["violations"]]  # fmt: skip


def assert_accessible(page: Any, what: str) -> None:
    """No axe violation on the loaded page (its h1 drawn), folded parts (details) opened first."""
    page.wait_for_load_state()
    page.locator("h1").first.wait_for()
    page.locator("details").evaluate_all("ds => ds.forEach(d => { d.open = true; })")
    found = axe_violations(page)
    assert found == [], (what, json.dumps(found, indent=1))


def new_context(browser: Any, width: int = 1280) -> Any:
    """A Dutch browser context of `width` pixels (a phone's height below 500)."""
    return browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844}, locale="nl-NL",
                               accept_downloads=True)  # fmt: skip


def status(page: Any, text: str) -> None:
    """Wait for the status message; on a refusal, fail with the page's Dutch reasons."""
    try:
        page.get_by_role("status").filter(has_text=text).first.wait_for(timeout=15_000)
    except Exception:
        alerts = page.get_by_role("alert").all_inner_texts()
        raise AssertionError(f"no status '{text}' on {page.url}; alerts: {alerts}") from None


def login(page: Any, base: str, who: str) -> None:
    """Log in through the form as one of the browser users."""
    email = USERS[who][0]
    page.goto(f"{base}/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{base}/")


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot in test-artifacts/ (not kept in the repository)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    _replace(path, page.screenshot(full_page=True))
    return path


# A VRO accounthouder for the vraagstukken dialogue (tests/browser/test_dialogue.py): triage and phase moves.
USERS["vro"] = ("vro@novex.test", "vro", None)
