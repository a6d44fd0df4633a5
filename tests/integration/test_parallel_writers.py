"""Whole processes writing at once: two `novex claims import`s, two first starts migrating one database.

Each runs on SQLite and, where configured, PostgreSQL (see tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import empty_database
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

# The `novex` command (its entry point, `novex.cli:app`) with a pause before it creates a voorstel:
# both runs look for the voorstel before either creates it, the window two real runs race through.
NOVEX_CREATING_SLOWLY = """
import sys, time
from sqlalchemy import Engine, event

@event.listens_for(Engine, "before_cursor_execute")
def _pause(_conn, _cursor, statement, *_args):
    if statement.lstrip().upper().startswith("INSERT INTO VOORSTELLEN"):
        time.sleep(2)

from novex.cli import app
sys.argv[0] = "novex"
app()
"""


def _grid(prefix: str, count: int) -> list[dict]:
    x, y = UTRECHT
    return [
        feature(square(x + 100 * (i % 20), y + 100 * (i // 20), 50), naam=f"{prefix}{i}", domein="wonen")
        for i in range(count)
    ]


def _run_together(commands: list[list[str]]) -> list[tuple[int, str]]:
    """Start every command at once; their exit codes and output (stdout and stderr)."""
    processes = [
        subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for command in commands
    ]
    try:
        outputs = [p.communicate(timeout=120)[0] for p in processes]
        return [(p.returncode, output) for p, output in zip(processes, outputs, strict=True)]
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()


@pytest.mark.sqlite_only
def test_two_cli_imports_at_once_both_land(cli_env, database_url):
    """`novex claims import FILE --voorstel X --province PV26` twice at once: both succeed, no traceback.

    SQLite only (a CLI start costs seconds); tests/integration/test_concurrency.py has the same
    race through the service on every backend.
    """
    files = [write_geojson(cli_env / f"{name}.geojson", _grid(name, n)) for name, n in (("a", 400), ("b", 300))]
    expected = sum(len(json.loads(path.read_text("utf-8"))["features"]) for path in files)
    command = [sys.executable, "-c", NOVEX_CREATING_SLOWLY, "claims", "import"]
    outputs = _run_together([[*command, str(path), "--voorstel", "X", "--province", "PV26"] for path in files])
    for returncode, output in outputs:
        assert returncode == 0, output
        assert "Traceback" not in output and "claims geïmporteerd in voorstel" in output, output
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            claims = connection.execute(text("SELECT count(*) FROM claims")).scalar_one()
            voorstellen = connection.execute(text("SELECT count(*) FROM voorstellen WHERE naam = 'X'")).scalar_one()
    finally:
        engine.dispose()
    assert claims == expected and voorstellen == 1


def test_two_first_starts_migrate_a_new_database_once(backend, tmp_path):
    """Two processes upgrading an empty database at once (e.g. two imports on a new data folder): one migrates."""
    with empty_database(backend, tmp_path, "nieuw") as url:
        script = "import sys; from novex.store.db import make_engine, upgrade; upgrade(make_engine(sys.argv[1]))"
        outputs = _run_together([[sys.executable, "-c", script, url]] * 2)
        for returncode, output in outputs:
            assert returncode == 0, output
        engine = create_engine(url)
        try:
            with engine.connect() as connection:
                versions = connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one()
        finally:
            engine.dispose()
        assert versions == 1
