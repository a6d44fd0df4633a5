"""Backups are restored whole or refused: a cut, changed or malformed file changes nothing.

Every refusal is an `InvalidInput` in Dutch, and on the command line `Fout: …` with exit
code 1, never a traceback. Row counts are taken with a plain SELECT COUNT(*) per table,
independent of the backup code. Runs on every backend (see tests/conftest.py).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor
from novex.cli import app
from novex.errors import InvalidInput
from novex.examples import load_examples
from novex.store import backup as store_backup
from novex.store.backup import backup, restore

OPERATOR = Actor.operator()
NOTHING = "er is niets teruggezet"
runner = CliRunner()


def counts(engine) -> dict[str, int]:
    """Rows per table of the database, by a plain SELECT COUNT(*)."""
    names = inspect(engine).get_table_names()
    with engine.connect() as connection:
        return {name: connection.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() for name in names}


def lines_of(path: Path) -> list[bytes]:
    return gzip.decompress(path.read_bytes()).splitlines(keepends=True)


def write(path: Path, lines: list[bytes]) -> Path:
    """`lines` as a valid gzip file."""
    path.write_bytes(gzip.compress(b"".join(lines)))
    return path


def line(value: dict) -> bytes:
    return (json.dumps(value, ensure_ascii=False) + "\n").encode()


def resealed(lines: list[bytes]) -> list[bytes]:
    """The lines with the header's row counts and checksum made to fit the table lines again."""
    header = json.loads(lines[0])
    body = lines[1:]
    header["rows"] = {json.loads(b)["table"]: len(json.loads(b)["rows"]) for b in body}
    header["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    return [line(header), *body]


def table_index(lines: list[bytes], name: str) -> int:
    return next(i for i, b in enumerate(lines) if i and json.loads(b).get("table") == name)


def edited(lines: list[bytes], name: str, change) -> list[bytes]:
    """The lines with `change(rows)` applied to the rows of table `name`."""
    i = table_index(lines, name)
    chunk = json.loads(lines[i])
    change(chunk["rows"])
    return [*lines[:i], line(chunk), *lines[i + 1 :]]


def fill(settings) -> None:
    """The example voorstellen, a user and a token."""
    db = bootstrap.database(settings)
    with db.session() as session:
        load_examples(bootstrap.claim_service(session))
        accounts = bootstrap.account_service(session)
        user = accounts.add_user(OPERATOR, "b@pu.nl", "B", "provincie", "backup-wachtwoord-1", "PV26")
        accounts.issue_token(user)
    db.engine.dispose()


@pytest.fixture
def filled(settings, prebuilt):
    """A database with the example voorstellen, a user and a token (filled once per worker, copied per test)."""
    prebuilt.fill(settings.database_url, "backup-integrity", fill)
    db = bootstrap.database(settings)
    before = counts(db.engine)
    assert all(before[t] > 0 for t in ("users", "api_tokens", "voorstellen", "claims", "audit_events"))
    yield db
    db.engine.dispose()


@pytest.fixture
def dump(filled, tmp_path) -> Path:
    return backup(filled.engine, tmp_path / "novex.backup.gz").path


def test_a_backup_cut_after_60_percent_of_its_lines_is_refused_and_changes_nothing(filled, dump, tmp_path):
    lines = lines_of(dump)
    cut = write(tmp_path / "cut.gz", lines[: int(len(lines) * 0.6)])
    tables = len(lines) - 1
    missing = tables - (int(len(lines) * 0.6) - 1)
    before = counts(filled.engine)
    with pytest.raises(InvalidInput, match=f"onvolledig: {missing} van de {tables} tabellen ontbreken .*{NOTHING}"):
        restore(filled.engine, cut)
    assert counts(filled.engine) == before


def test_a_row_changed_in_a_table_line_is_refused_by_the_checksum(filled, dump, tmp_path):
    def rename(rows):
        rows[0]["naam"] = "Indringer"

    changed = write(tmp_path / "changed.gz", edited(lines_of(dump), "users", rename))
    before = counts(filled.engine)
    with pytest.raises(InvalidInput, match=f"controlesom klopt niet.*{NOTHING}"):
        restore(filled.engine, changed)
    assert counts(filled.engine) == before
    with filled.engine.connect() as connection:
        assert connection.execute(text("SELECT naam FROM users")).scalars().all() == ["B"]


def test_a_backup_that_verifies_but_cannot_be_loaded_is_rolled_back(filled, dump, tmp_path):
    """Two users with the same id pass every file check but not the database: nothing changes."""
    twice = write(tmp_path / "twice.gz", resealed(edited(lines_of(dump), "users", lambda rows: rows.append(rows[0]))))
    before = counts(filled.engine)
    with pytest.raises(InvalidInput, match=f"tabel users kon niet worden geladen.*{NOTHING}"):
        restore(filled.engine, twice)
    assert counts(filled.engine) == before


def test_excluded_tables_are_never_backed_up_and_emptied_by_a_restore(filled, tmp_path, monkeypatch):
    full = backup(filled.engine, tmp_path / "full.gz").path
    monkeypatch.setattr(store_backup, "EXCLUDED_TABLES", store_backup.EXCLUDED_TABLES | {"api_tokens"})
    report = backup(filled.engine, tmp_path / "without.gz")
    header = json.loads(lines_of(report.path)[0])
    assert "api_tokens" not in header["tables"] and "api_tokens" not in report.rows
    assert "web_sessions" not in header["tables"]
    before = counts(filled.engine)
    restore(filled.engine, report.path)
    after = counts(filled.engine)
    assert after["api_tokens"] == 0 and after["users"] == before["users"] and after["claims"] == before["claims"]
    # a backup that holds an excluded table is refused
    with pytest.raises(InvalidInput, match=f"nooit in een back-up horen \\(api_tokens\\).*{NOTHING}"):
        restore(filled.engine, full)


def version_1(lines: list[bytes]) -> list[bytes]:
    """The lines as the first format wrote them: no counts, no checksum."""
    header = json.loads(lines[0])
    del header["rows"], header["sha256"]
    return [line(header | {"format_version": 1}), *lines[1:]]


def test_version_1_backups_restore_only_when_complete(filled, dump, tmp_path):
    old = version_1(lines_of(dump))
    cut = write(tmp_path / "v1-cut.gz", old[: int(len(old) * 0.6)])
    before = counts(filled.engine)
    with pytest.raises(InvalidInput, match=f"onvolledig: .*{NOTHING}"):
        restore(filled.engine, cut)
    assert counts(filled.engine) == before
    report = restore(filled.engine, write(tmp_path / "v1.gz", old))
    assert report.rows["claims"] == before["claims"] and counts(filled.engine)["users"] == before["users"]


# --- the command line: `Fout: …` in Dutch, exit code 1, no traceback ---


def _cut_stream(dump, path):
    data = dump.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])


def _garbage(dump, path):
    path.write_bytes(bytes(range(256)) * 4)


def _gzip_magic_then_garbage(dump, path):
    path.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + bytes(range(256)) * 4)


def _not_gzipped(dump, path):
    path.write_bytes(gzip.decompress(dump.read_bytes()))


def _empty(dump, path):
    path.write_bytes(b"")


def _line_not_json(dump, path):
    lines = lines_of(dump)
    write(path, [*lines[:3], b'{"table": "users", "rows": [\n', *lines[4:]])


def _table_not_in_header(dump, path):
    lines = lines_of(dump)
    header = json.loads(lines[0])
    header["tables"].remove("api_tokens")
    del header["rows"]["api_tokens"]
    write(path, [line(header), *lines[1:]])


def _unknown_table(dump, path):
    lines = lines_of(dump)
    header = json.loads(lines[0])
    header["tables"].append("geheimen")
    write(path, resealed([line(header), *lines[1:], line({"table": "geheimen", "rows": []})]))


def _unknown_column(dump, path):
    write(path, resealed(edited(lines_of(dump), "users", lambda rows: rows[0].update(is_admin=True))))


def _duplicate_table_line(dump, path):
    lines = lines_of(dump)
    write(path, resealed([*lines, lines[table_index(lines, "users")]]))


def _row_removed(dump, path):
    write(path, edited(lines_of(dump), "claims", lambda rows: rows.pop()))


def _row_changed(dump, path):
    write(path, edited(lines_of(dump), "claims", lambda rows: rows[0].update(naam="Anders")))


def _cut_lines(dump, path):
    lines = lines_of(dump)
    write(path, lines[: int(len(lines) * 0.6)])


def _future_version(dump, path):
    lines = lines_of(dump)
    write(path, [line(json.loads(lines[0]) | {"format_version": 3}), *lines[1:]])


BROKEN = {
    "cut-gzip-stream": (_cut_stream, "back-up is afgebroken"),
    "garbage": (_garbage, "geen novex-backup (geen gzip-bestand)"),
    "gzip-header-then-garbage": (_gzip_magic_then_garbage, "back-up is beschadigd"),
    "not-gzipped": (_not_gzipped, "geen novex-backup (geen gzip-bestand)"),
    "empty": (_empty, "geen novex-backup (leeg bestand)"),
    "line-not-json": (_line_not_json, "regel 4 is geen geldige JSON"),
    "table-not-in-header": (_table_not_in_header, "bevat tabel 'api_tokens', die niet in de kop"),
    "unknown-table": (_unknown_table, "onbekende tabellen geheimen"),
    "unknown-column": (_unknown_column, "tabel users heeft onbekende kolommen (is_admin)"),
    "duplicate-table-line": (_duplicate_table_line, "tabel users komt twee keer voor"),
    "row-removed": (_row_removed, "aantal rijen klopt niet met de kop (claims"),
    "row-changed": (_row_changed, "controlesom klopt niet"),
    "cut-after-60-percent": (_cut_lines, "back-up is onvolledig"),
    "future-version": (_future_version, "formaatversie 3; deze novex leest versie 1 en 2"),
    "missing-file": (None, "bestand niet gevonden"),
}


# The command line checks a backup file whole before it touches the database, and asks before it restores: its
# refusals and its question run once, on SQLite (restoring itself runs on every backend above and below).


def refused_cleanly(result, fragment: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not an uncaught error
    assert "Fout:" in result.output and fragment in result.output and NOTHING in result.output, result.output
    assert "Traceback" not in result.output and "Aborted" not in result.output


@pytest.mark.sqlite_only
@pytest.mark.parametrize("case", BROKEN)
def test_the_cli_refuses_a_broken_backup_in_dutch(filled, dump, cli_env, case):
    make, fragment = BROKEN[case]
    broken = cli_env / f"{case}.gz"
    if make:
        make(dump, broken)
    before = counts(filled.engine)
    refused_cleanly(runner.invoke(app, ["restore", str(broken), "--ja"]), fragment)
    assert counts(filled.engine) == before


@pytest.mark.sqlite_only
def test_the_cli_checks_the_whole_file_before_asking(filled, dump, cli_env):
    cut = cli_env / "cut.gz"
    _cut_lines(dump, cut)
    before = counts(filled.engine)
    result = runner.invoke(app, ["restore", str(cut)], input="y\n")
    refused_cleanly(result, "back-up is onvolledig")
    assert "Doorgaan?" not in result.output
    assert counts(filled.engine) == before


@pytest.mark.sqlite_only
def test_a_cut_gzip_stream_is_refused_without_a_traceback_in_a_real_process(filled, dump, cli_env):
    cut = cli_env / "cut.gz"
    _cut_stream(dump, cut)
    before = counts(filled.engine)
    command = [sys.executable, "-c", "from novex.cli import app; app()", "restore", str(cut), "--ja"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Fout:" in result.stderr and "back-up is afgebroken" in result.stderr and NOTHING in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert counts(filled.engine) == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize("answer", ["n\n", ""], ids=["no", "end-of-input"])
def test_declining_the_question_restores_nothing(filled, dump, cli_env, answer):
    with filled.session() as session:  # a change after the backup, which a restore would undo
        bootstrap.account_service(session).add_user(OPERATOR, "c@pu.nl", "C", "provincie", "ander-wachtwoord-2", "PV26")
    before = counts(filled.engine)
    result = runner.invoke(app, ["restore", str(dump)], input=answer)
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Doorgaan?" in result.output and "Niets teruggezet." in result.output, result.output
    assert "Aborted" not in result.output and "Traceback" not in result.output
    assert counts(filled.engine) == before


def test_agreeing_to_the_question_restores(filled, dump, cli_env):
    with filled.session() as session:
        bootstrap.account_service(session).add_user(OPERATOR, "c@pu.nl", "C", "provincie", "ander-wachtwoord-2", "PV26")
    result = runner.invoke(app, ["restore", str(dump)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Back-up teruggezet" in result.output
    assert counts(filled.engine)["users"] == 1
