"""The analysis counts the newest version of each voorstel: a new version replaces the one before it."""

from __future__ import annotations

import pytest

from novex import bootstrap
from novex.access import Actor
from novex.claims.ports import ClaimFilter
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
OPERATOR = Actor.operator()


def test_a_new_version_replaces_the_old_one_in_the_analysis(db, tmp_path) -> None:
    v1 = write_geojson(tmp_path / "v1.geojson", [feature(square(X, Y, 1000), naam="Wijk", domein="wonen")])
    v2 = write_geojson(tmp_path / "v2.geojson", [feature(square(X, Y, 500), naam="Wijk", domein="wonen")])
    other = write_geojson(tmp_path / "o.geojson", [feature(square(X + 3000, Y, 1000), naam="Bos", domein="bos")])
    with db.session() as session:
        claims = bootstrap.claim_service(session)
        first = claims.import_file(OPERATOR, v1, voorstel="Voorstel U", provincie="PV26").voorstel
        second = claims.import_file(OPERATOR, v2, voorstel="Voorstel U", provincie="PV26", new_version=True).voorstel
        claims.import_file(OPERATOR, other, voorstel="Bossen", provincie="PV26")
        assert (first.versie, second.versie) == (1, 2)
        everything = claims.list(OPERATOR, ClaimFilter(provincies=("PV26",)))
        current = claims.list(OPERATOR, ClaimFilter(provincies=("PV26",), actueel=True))
    assert len(everything) == 3  # both versions are kept in the register
    assert sorted(c.area_ha for c in current) == pytest.approx([25.0, 100.0])  # version 2 (500 m square) and Bossen
    with db.session() as session:
        budget = bootstrap.analysis_service(session).analysis(OPERATOR, ["PV26"]).provinces[0]
    assert budget.by_domain == {"bos": pytest.approx(100.0), "wonen": pytest.approx(25.0)}  # not 100 + 25 for wonen
