"""The NOVEX areas' service on a real database: extents, the analysis inside, the official boundary.

Expectations are computed by a naive reference here: every claim cut to the extent with Shapely,
every pair of claims checked against the compatibility matrix by hand.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest
import shapely

from novex import bootstrap
from novex.access import Actor, Role
from novex.analysis.puzzle import Matrix
from novex.claims.ports import ClaimFilter
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict
from novex.examples import load_examples
from novex.gebieden.service import GebiedenService
from tests.fixtures.geo import feature, square, write_geojson

OPERATOR = Actor.operator()
VRO = Actor(1, "vro@minbzk.nl", Role.VRO)
PLANNER = Actor(2, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
ROTTERDAM = (88_000.0, 433_000.0)  # RD New, inside Zuid-Holland
PEILDATUM = date(2026, 1, 15)


@pytest.fixture
def examples(db):
    with db.session() as session:
        load_examples(bootstrap.claim_service(session))
    return db


def naive(claims, extent, matrix, min_conflict_ha):
    """Claims inside (id -> ha inside) and claim-claim conflicts inside, by brute force."""
    inside = {c.id: c.geometry.intersection(extent).area / 10_000 for c in claims}
    inside = {k: ha for k, ha in inside.items() if ha * 10_000 >= 1.0}
    kept = [c for c in claims if c.id in inside]
    conflicts = set()
    for a, b in combinations(sorted(kept, key=lambda c: c.id), 2):
        if matrix.klasse(a.domein, b.domein) != "conflict":
            continue
        shared = a.geometry.intersection(b.geometry).intersection(extent).area / 10_000
        if shared >= min_conflict_ha:
            conflicts.add(tuple(sorted((str(a.id), str(b.id)))))
    return inside, conflicts


def check_against_naive(session, gebied_id, min_conflict_ha=1.0):
    service = session_service(session)
    begrenzing = service.begrenzing(OPERATOR, gebied_id)
    claims = bootstrap.claim_service(session).repo.claims(ClaimFilter())
    result = service.analyse(OPERATOR, gebied_id, min_conflict_ha)
    inside, conflicts = naive(claims, begrenzing.geometry, Matrix(service.cat.compatibiliteit), min_conflict_ha)
    assert {c.id: round(c.binnen_ha, 3) for c in result.claims} == {k: round(v, 3) for k, v in inside.items()}
    found = {tuple(sorted(map(str, c.claims))) for c in result.conflicten if c.layer is None}
    assert found == conflicts
    # every figure is land inside the area: no claim counts more than it has inside
    assert sum(result.domeinen.values()) == pytest.approx(sum(inside.values()), rel=1e-9)
    return result


def session_service(session) -> GebiedenService:
    return bootstrap.gebieden_service(session)


def test_every_area_has_an_extent_within_its_provinces_naming_how_it_was_made(db, provinces):
    with db.session() as session:
        service = session_service(session)
        begrenzingen = service.begrenzingen(OPERATOR)
        assert len(begrenzingen) == 16
        for gebied, b in zip(service.gebieden(OPERATOR), begrenzingen, strict=True):
            within = shapely.union_all([provinces.get(code).geometry for code in gebied.provincies])
            assert b.geometry.area > 0, gebied.id
            assert b.geometry.difference(within).area < 1.0, gebied.id
            assert b.soort == "indicatief" and "afgeleid uit de ligging in seed 004" in b.toelichting


def test_a_point_in_a_municipality_the_factsheet_names_falls_in_the_area(db):
    with db.session() as session:
        service = session_service(session)
        municipalities = service.municipalities()
        named = 0
        for gebied in service.gebieden(OPERATOR):
            extent = service.begrenzing(OPERATOR, gebied.id).geometry
            for naam in gebied.ligging.gemeenten:
                m = next(m for m in municipalities.municipalities if m.naam == naam)
                assert extent.contains(m.geometry.representative_point()), (gebied.id, naam)
                named += 1
        assert named >= 8  # NZKG's six and Utrecht – Amersfoort's two (seed 004 Bijlage 3, Ligging)


def test_analysis_inside_a_zuid_holland_area_matches_a_naive_reference(examples):
    with examples.session() as session:
        result = check_against_naive(session, "novex-rotterdamse-haven")
        assert result.claims, "the Zuid-Holland example has claims in the Rotterdam port area"
        assert result.conflicten, "and conflicts"
        assert "PV28" in {c.provincie for c in result.claims}


def test_analysis_inside_a_utrecht_area_matches_a_naive_reference(examples):
    with examples.session() as session:
        result = check_against_naive(session, "novex-utrecht-amersfoort")
        assert result.claims and "PV26" in {c.provincie for c in result.claims}
        # the Groene Hart lies in Utrecht, Zuid-Holland and Noord-Holland: claims of both examples
        groene_hart = check_against_naive(session, "novex-groene-hart", min_conflict_ha=0.5)
        assert {"PV26", "PV28"} <= {c.provincie for c in groene_hart.claims}


def test_stacked_domain_pairs_add_up_to_the_land_claimed_twice(examples):
    with examples.session() as session:
        service = session_service(session)
        extent = service.begrenzing(OPERATOR, "novex-rotterdamse-haven").geometry
        claims = bootstrap.claim_service(session).repo.claims(ClaimFilter(provincies=("PV28",)))
        result = service.analyse(OPERATOR, "novex-rotterdamse-haven")
        for stapel in result.stapels:
            a, b = stapel.domeinen
            first = shapely.union_all([c.geometry for c in claims if c.domein == a]).intersection(extent)
            second = shapely.union_all([c.geometry for c in claims if c.domein == b]).intersection(extent)
            assert stapel.area_ha == pytest.approx(first.intersection(second).area / 10_000, rel=1e-3, abs=0.01)


def test_an_official_boundary_replaces_the_indicative_one_and_the_analysis_follows(examples, tmp_path):
    x, y = ROTTERDAM
    path = write_geojson(tmp_path / "grens.geojson", [feature(square(x - 5_000, y - 5_000, 10_000), naam="grens")])
    with examples.session() as session:
        service = session_service(session)
        stored = service.leg_grens_vast(VRO, "novex-rotterdamse-haven", path, "Convenant 2027, bijlage 1",
                                        PEILDATUM, "Gemeente Rotterdam")  # fmt: skip
        assert stored.version == 1
    with examples.session() as session:
        service = session_service(session)
        b = service.begrenzing(OPERATOR, "novex-rotterdamse-haven")
        assert b.soort == "officieel" and b.area_ha == pytest.approx(10_000.0)
        assert "Convenant 2027" in b.toelichting
        check_against_naive(session, "novex-rotterdamse-haven")
        history = bootstrap.audit_service(session).history(OPERATOR, "novex-gebied", "novex-rotterdamse-haven")
        assert [e.actie for e in history] == ["novex-gebied.grens-vastgelegd"]
        with pytest.raises(StateConflict, match="intussen gewijzigd"):
            service.leg_grens_vast(VRO, "novex-rotterdamse-haven", path, "ander", PEILDATUM, expected_version=7)
        with pytest.raises(StateConflict):  # replacing without naming the version read is refused too
            service.leg_grens_vast(VRO, "novex-rotterdamse-haven", path, "ander", PEILDATUM)
        service.verwijder_grens(VRO, "novex-rotterdamse-haven", "verkeerde grens", expected_version=1)
    with examples.session() as session:
        assert session_service(session).begrenzing(OPERATOR, "novex-rotterdamse-haven").soort == "indicatief"


@pytest.mark.parametrize(
    ("actor", "where", "error", "message"),
    [
        (PLANNER, ROTTERDAM, Forbidden, "mag niet"),
        (VRO, (140_000.0, 455_000.0), InvalidInput, "ligt niet in de provincies"),  # Utrecht, not Zuid-Holland
    ],
)
def test_a_refused_boundary_changes_nothing(examples, tmp_path, actor, where, error, message):
    x, y = where
    path = write_geojson(tmp_path / "grens.geojson", [feature(square(x, y, 1_000), naam="grens")])
    with examples.session() as session:
        service = session_service(session)
        with pytest.raises(error, match=message):
            service.leg_grens_vast(actor, "novex-rotterdamse-haven", path, "bron", PEILDATUM)
    with examples.session() as session:
        assert session_service(session).begrenzing(OPERATOR, "novex-rotterdamse-haven").soort == "indicatief"


def test_an_unknown_area_is_named_in_dutch(db):
    with db.session() as session, pytest.raises(NotFound, match="NOVEX-gebied 'atlantis' bestaat niet"):
        session_service(session).begrenzing(OPERATOR, "atlantis")
