"""Shared fixtures: the shipped catalogue, the province index, a fresh database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from novex.catalog.loader import Catalogus
from novex.catalog.service import catalogus
from novex.reference.provinces import ProvinceIndex, province_index
from novex.settings import Settings


@pytest.fixture(scope="session")
def cat() -> Catalogus:
    return catalogus()


@pytest.fixture(scope="session")
def provinces() -> ProvinceIndex:
    return province_index()


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    """One initialised SQLite database (schema, catalogue, provinces, municipalities, layers)."""
    from novex import bootstrap

    folder = tmp_path_factory.mktemp("template")
    bootstrap.init(Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'novex.db'}"))
    return folder / "novex.db"


@pytest.fixture
def settings(tmp_path: Path, template_db: Path) -> Settings:
    """Settings pointing at a fresh copy of the initialised database in a temp directory."""
    shutil.copy(template_db, tmp_path / "novex.db")
    return Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'novex.db'}")


@pytest.fixture
def db(settings):
    """An initialised database in a temp directory."""
    from novex import bootstrap

    database = bootstrap.database(settings)
    yield database
    database.engine.dispose()
