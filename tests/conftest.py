"""Shared fixtures: the shipped catalogue, the province index, a fresh database."""

from __future__ import annotations

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


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings pointing at a fresh SQLite file in a temporary data directory."""
    return Settings(data_dir=tmp_path / "data", database_url=f"sqlite:///{tmp_path / 'novex.db'}")


@pytest.fixture
def db(settings):
    """An initialised database (schema, catalogue, provinces) in a temp directory."""
    from novex import bootstrap

    bootstrap.init(settings)
    database = bootstrap.database(settings)
    yield database
    database.engine.dispose()
