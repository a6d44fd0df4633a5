"""Shared fixtures: the catalogue, the province index, and fresh databases on every backend.

Every test that uses a database runs on SQLite and — when `NOVEX_TEST_POSTGRES_URL` points
at a PostgreSQL server with PostGIS (an admin connection, e.g. to the `postgres`
database) — once more on PostgreSQL. Each test gets its own copy of an initialised
template database (file copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL).
"""

from __future__ import annotations

import os

os.environ.setdefault("NOVEX_PASSWORD_HASH_COST", "test")  # before any account is made

import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from novex.catalog.loader import Catalogus
from novex.catalog.service import catalogus
from novex.reference.provinces import ProvinceIndex, province_index
from novex.settings import Settings

POSTGRES = os.environ.get("NOVEX_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", *(["postgresql"] if POSTGRES else [])]


@pytest.fixture(autouse=True)
def _no_inherited_terminal_size(monkeypatch):
    """No test sees a terminal size from the way the suite was started.

    GNU readline, which pytest loads with pdb, exports COLUMNS=80 and LINES=24 into the environment of every
    process pytest starts, so a pytest-xdist worker has them while a serial run's own environment does not.
    Command output off a terminal is as wide as COLUMNS says (200 without it): the same test would print
    narrower, folded tables in a worker. A test that needs a width sets COLUMNS itself (`cli_env`: 250).
    """
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture(scope="session")
def cat() -> Catalogus:
    return catalogus()


@pytest.fixture(scope="session")
def provinces() -> ProvinceIndex:
    return province_index()


def _admin():
    return create_engine(POSTGRES, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)


@contextmanager
def empty_database(backend: str, folder: Path, label: str) -> Iterator[str]:
    """The URL of a new, empty database (an SQLite file, or a PostGIS database dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'{label}.db'}"
        return
    name = f"novex_{label}_{uuid.uuid4().hex[:10]}"
    admin = _admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    engine = create_engine(_pg_url(name))
    with engine.begin() as c:
        c.execute(text("CREATE EXTENSION IF NOT EXISTS postgis"))
    engine.dispose()
    try:
        yield _pg_url(name)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only: what the test checks cannot depend on the database (parsing, rights, page text); "
        "it runs once, on SQLite, instead of once per backend",
    )
    config.addinivalue_line(
        "markers",
        "every_backend: the database matters to this test (SQL, constraints, racing writers, types), so it runs "
        "on every backend even in a module marked sqlite_only",
    )


def pytest_generate_tests(metafunc) -> None:
    """Every test that uses a database runs once per backend, unless it is marked `sqlite_only`.

    A test belongs on both backends where the database matters: SQL and PostGIS paths, constraints, locking
    and racing writers, text and number types. Checks of Python code in front of the database (a parser, a
    role's rights, a page's words) would only repeat themselves on PostgreSQL. In a module marked
    `sqlite_only`, a test marked `every_backend` still runs on both.
    """
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        backends = ["sqlite"] if marked("sqlite_only") and not marked("every_backend") else BACKENDS
        metafunc.parametrize("backend", backends, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request) -> str:
    """The backend of this test's databases (parametrised in `pytest_generate_tests`)."""
    return request.param


@pytest.fixture(scope="session")
def template_db(backend: str, tmp_path_factory) -> Iterator[str]:
    """The URL of one initialised database (schema, catalogue, provinces, municipalities, layers)."""
    from novex import bootstrap

    folder = tmp_path_factory.mktemp(f"template-{backend}")
    with empty_database(backend, folder, "template") as url:
        bootstrap.init(Settings(data_dir=folder, database_url=url))
        yield url


@pytest.fixture
def database_url(template_db: str, backend: str, tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the template database for one test."""
    if backend == "sqlite":
        target = tmp_path / "novex.db"
        shutil.copy(template_db.removeprefix("sqlite:///"), target)
        yield f"sqlite:///{target}"
        return
    name = f"novex_t_{uuid.uuid4().hex[:12]}"
    admin = _admin()
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{make_url(template_db).database}"'))
    yield _pg_url(name)
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def refill(url: str, source: str) -> None:
    """Make the database at `url` an exact copy of `source`; neither may have an open connection."""
    if url.startswith("sqlite"):
        shutil.copy(source.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
        return
    admin = _admin()
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        c.execute(text(f'CREATE DATABASE "{make_url(url).database}" TEMPLATE "{make_url(source).database}"'))
    admin.dispose()


class Prebuilt:
    """Worlds (accounts, data) built once per worker and backend on a copy of the template, then copied whole
    into each test's own database: every test still starts from the same state and changes only its copy."""

    def __init__(self, template: str, backend: str, folder: Path) -> None:
        self._template, self._backend, self._folder = template, backend, folder
        self._built: dict[str, tuple[str, Any]] = {}

    def fill(self, url: str, name: str, build: Callable[[Settings], Any]) -> Any:
        """Fill the (unopened) database at `url` with the world `name`; what `build` returned when it made it.

        `build` gets settings of a fresh copy of the template, and must close every connection it opened.
        """
        if name not in self._built:
            if self._backend == "sqlite":
                source = f"sqlite:///{self._folder / f'{name}.db'}"
            else:
                source = _pg_url(f"novex_w_{uuid.uuid4().hex[:12]}")
            refill(source, self._template)
            self._built[name] = (source, build(Settings(data_dir=self._folder / name, database_url=source)))
        source, made = self._built[name]
        refill(url, source)
        return made

    def close(self) -> None:
        if self._backend == "sqlite":
            return
        admin = _admin()
        with admin.connect() as c:
            for source, _ in self._built.values():
                c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(source).database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def prebuilt(template_db: str, backend: str, tmp_path_factory) -> Iterator[Prebuilt]:
    """The worlds of this worker and backend (see `Prebuilt`)."""
    worlds = Prebuilt(template_db, backend, tmp_path_factory.mktemp(f"prebuilt-{backend}"))
    yield worlds
    worlds.close()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings pointing at a fresh initialised database."""
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def db(settings):
    """An initialised database."""
    from novex import bootstrap

    database = bootstrap.database(settings)
    yield database
    database.engine.dispose()


@pytest.fixture
def cli_env(tmp_path, monkeypatch, database_url):
    """Environment for CLI tests: a fresh database and data directory, wide output."""
    from novex.settings import get_settings

    (tmp_path / "data").mkdir()
    monkeypatch.setenv("NOVEX_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NOVEX_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "250")
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
