"""Backup → restore round trips, across backends when PostgreSQL is available."""

from __future__ import annotations

import gzip
import hashlib
import json
from decimal import Decimal

import pytest
import shapely
from sqlalchemy import select
from sqlalchemy.orm import Session

from novex import bootstrap
from novex.access import Actor
from novex.arrangement.model import Investeringsafspraak
from novex.errors import InvalidInput
from novex.examples import load_examples
from novex.settings import Settings
from novex.store.backup import backup, restore
from novex.store.tables import metadata
from novex.store.types import WKBGeometry
from tests.conftest import BACKENDS, empty_database

OPERATOR = Actor.operator()


def snapshot(engine) -> dict[str, list[dict]]:
    """Every row of every table; geometries as (area, normalised WKB) so backends compare equal."""
    out = {}
    with Session(engine) as session:
        for table in metadata().sorted_tables:
            rows = []
            for row in session.execute(select(table).order_by(*table.primary_key.columns)):
                values = {}
                for column in table.columns:
                    value = row._mapping[column.name]
                    if isinstance(column.type, WKBGeometry) and value is not None:
                        value = (round(value.area, 6), shapely.to_wkb(shapely.normalize(value), hex=True))
                    elif hasattr(value, "isoformat"):
                        value = value.isoformat()[:19]
                    values[column.name] = value
                rows.append(values)
            out[table.name] = rows
    return out


@pytest.fixture
def filled(db):
    with db.session() as session:
        load_examples(bootstrap.claim_service(session))
        accounts = bootstrap.account_service(session)
        user = accounts.add_user(OPERATOR, "b@pu.nl", "B", "provincie", "backup-wachtwoord-1", "PV26")
        accounts.issue_token(user)
        arrangements = bootstrap.arrangement_service(session)  # exact amounts (Numeric) survive the round trip
        ra = arrangements.create(OPERATOR, "PV26", 2027)
        money = Investeringsafspraak("", "Programma Woningbouw", "woningbouwimpuls", Decimal("12500000.05"), "A12")
        arrangements.add_investering(OPERATOR, ra.id, money, ra.version)
    return db


def without_restores(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """A snapshot without the audit events that record restores (each restore adds one)."""
    events = [e for e in rows["audit_events"] if e["actie"] != "backup.teruggezet"]
    return rows | {"audit_events": events}


def restores(engine) -> list[str]:
    return [e["samenvatting"] for e in snapshot(engine)["audit_events"] if e["actie"] == "backup.teruggezet"]


@pytest.mark.parametrize("target", BACKENDS)
def test_round_trip_to_every_backend(filled, tmp_path, request, target):
    first = tmp_path / "a.backup.gz"
    report = backup(filled.engine, first)
    assert report.rows["claims"] == 29 and report.rows["restriction_areas"] == 162 and report.rows["users"] == 1
    assert report.rows["audit_events"] >= 29 + 2  # every example claim and both shipped layers were recorded
    lines = gzip.decompress(first.read_bytes()).splitlines(keepends=True)
    header = json.loads(lines[0])  # the header carries what the table lines must add up to
    assert header["format_version"] == 2 and header["rows"] == report.rows and header["tables"] == list(report.rows)
    assert header["sha256"] == hashlib.sha256(b"".join(lines[1:])).hexdigest()
    assert report.rows["arrangement_investeringen"] == 1
    assert "web_sessions" not in header["tables"]
    # restore into a fresh, separate database of the target backend (same or other)
    other = bootstrap.database(Settings(data_dir=tmp_path / "o", database_url=_other(request, tmp_path, target)))
    restored = restore(other.engine, first)
    assert restored.rows == report.rows
    assert without_restores(snapshot(other.engine)) == snapshot(filled.engine)
    assert restores(other.engine) == [
        f"backup a.backup.gz teruggezet ({sum(report.rows.values())} rijen, catalogus 2026.1)"
    ]
    # and back again: the second backup restores to the same rows, the first restore's record included
    second = tmp_path / "b.backup.gz"
    backup(other.engine, second)
    restore(filled.engine, second)
    assert without_restores(snapshot(filled.engine)) == without_restores(snapshot(other.engine))
    assert len(restores(filled.engine)) == 2
    with other.session() as session:  # ids continue after the restored ones
        service = bootstrap.claim_service(session)
        new = service.create_voorstel(OPERATOR, "PV26", "Na herstel")
        assert new.id > max(v.id for v in service.repo.voorstellen() if v.id != new.id)
    other.engine.dispose()


def _other(request, tmp_path, target):
    """A fresh, initialised database of the target backend for the restore."""
    context = empty_database(target, tmp_path, "other")
    url = context.__enter__()
    request.addfinalizer(lambda: context.__exit__(None, None, None))
    bootstrap.init(Settings(data_dir=tmp_path / "o", database_url=url))
    return url


def test_a_broken_backup_is_refused_and_changes_nothing(filled, tmp_path):
    before = snapshot(filled.engine)
    junk = tmp_path / "junk.gz"
    junk.write_bytes(b"not a backup")
    with pytest.raises(InvalidInput, match="geen novex-backup"):
        restore(filled.engine, junk)
    truncated = tmp_path / "cut.gz"
    backup(filled.engine, truncated)
    data = gzip.decompress(truncated.read_bytes())
    truncated.write_bytes(gzip.compress(data[: len(data) // 2]))
    with pytest.raises(InvalidInput, match="(geen geldige JSON|onvolledig).*er is niets teruggezet"):
        restore(filled.engine, truncated)
    assert snapshot(filled.engine) == before
