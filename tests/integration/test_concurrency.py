"""Two writers change the same claim at once: exactly one wins, the other gets a Conflict."""

from __future__ import annotations

import threading

import pytest

from novex import bootstrap
from novex.access import Actor
from novex.claims.model import ClaimDraft
from novex.errors import Conflict
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

OPERATOR = Actor.operator()


def test_two_concurrent_writers_one_wins(db, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 500), naam="Gedeeld", domein="wonen")])
    with db.session() as session:
        (claim_id,) = (
            bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="V", provincie="PV26").claim_ids
        )
    with db.session() as session:
        base = bootstrap.claim_service(session).claim(OPERATOR, claim_id)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def writer(name: str) -> None:
        draft = ClaimDraft(**{**{f: getattr(base, f) for f in ClaimDraft.__dataclass_fields__}, "naam": f"door {name}"})
        try:
            with db.session() as session:
                service = bootstrap.claim_service(session)
                barrier.wait(timeout=10)
                outcomes[name] = service.update_claim(OPERATOR, claim_id, draft, base.version).version
        except Conflict as exc:
            outcomes[name] = exc
        except Exception as exc:  # noqa: BLE001 - a database lock error is a failure of this test
            outcomes[name] = exc

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    wins = [n for n, o in outcomes.items() if o == 2]
    losses = [o for o in outcomes.values() if isinstance(o, Conflict)]
    assert len(wins) == 1 and len(losses) == 1, outcomes
    assert losses[0].current_version == 2
    with db.session() as session:
        final = bootstrap.claim_service(session).claim(OPERATOR, claim_id)
    assert final.version == 2 and final.naam == f"door {wins[0]}"


def test_stale_version_is_refused_sequentially(db, tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [feature(square(*UTRECHT, 500), naam="A", domein="wonen")])
    with db.session() as session:
        service = bootstrap.claim_service(session)
        (claim_id,) = service.import_file(OPERATOR, path, voorstel="V", provincie="PV26").claim_ids
        base = service.claim(OPERATOR, claim_id)
        draft = ClaimDraft(**{f: getattr(base, f) for f in ClaimDraft.__dataclass_fields__})
        service.update_claim(OPERATOR, claim_id, draft, 1)
        with pytest.raises(Conflict, match="versie 2, u had versie 1"):
            service.update_claim(OPERATOR, claim_id, draft, 1)
