"""Scenarios on a real database: a crafted herschikking, undo and redo, the real voorstellen untouched, promotion.

The expectations are worked out in the test from the shipped Natura 2000 layer and the catalogue: a
1 ha housing square inside a Natura 2000 area makes exactly one restriction overlap (1 ha) and one
conflict (wonen × natuur is a conflict in the matrix); moved to open land, both go and nothing else
changes. Shifting homes between two provinces moves both goals' targets by exactly that amount.
"""

from __future__ import annotations

import pytest
import shapely
from shapely import affinity

from novex import bootstrap
from novex.access import Actor, Role
from novex.claims.ports import ClaimFilter
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict
from novex.scenarios.model import Soort, Verschuiving, Wijziging
from tests.fixtures.scenarios import HOMES, claims_snapshot, craft

OPERATOR = Actor.operator()
UTRECHT_PLANNER = Actor(11, "planner@utrecht.example", Role.PROVINCIE, "PV26")
FRYSLAN_PLANNER = Actor(12, "planner@fryslan.example", Role.PROVINCIE, "PV21")
VRO = Actor(13, "vro@minbzk.example", Role.VRO)
READER = Actor(14, "lezer@example", Role.LEZER)


@pytest.fixture
def crafted(db, tmp_path):
    """A 1 ha housing square inside a Natura 2000 area in Utrecht (tests/fixtures/scenarios.py)."""
    made = craft(db, tmp_path)
    return made.claim_id, made.area, made.offset


def test_moving_a_housing_claim_off_natura_2000_removes_exactly_that_overlap_and_conflict(db, crafted) -> None:
    claim_id, area, (dx, dy) = crafted
    before_claims = claims_snapshot(db)
    with db.session() as session:
        service = bootstrap.scenario_service(session)
        base = service.analyse(VRO, None).report
        made = service.nieuw(UTRECHT_PLANNER, "Woonwijk uit Natura 2000")
        service.wijzig(UTRECHT_PLANNER, made.id, Wijziging(Soort.VERPLAATSEN, claim_id, dx=dx, dy=dy,
                                                           reden="weg uit het Natura 2000-gebied"))  # fmt: skip
        moved = service.analyse(VRO, made.id).report
    mine = [r for r in base.restrictions if r.claim == claim_id]
    assert [(r.layer, r.area_name, r.area_ha) for r in mine] == [(area.layer.naam, area.naam, pytest.approx(1.0))]
    conflict_id = f"C-{claim_id}-{area.key}"
    assert conflict_id in {c.id for c in base.conflicts}
    assert {c.id for c in base.conflicts} - {c.id for c in moved.conflicts} == {conflict_id}
    assert {c.id for c in moved.conflicts} <= {c.id for c in base.conflicts}
    assert [r for r in moved.restrictions if r.claim == claim_id] == []
    assert sorted(map(repr, moved.restrictions)) == sorted(repr(r) for r in base.restrictions if r.claim != claim_id)
    assert claims_snapshot(db) == before_claims  # the real voorstellen are untouched


def test_shifting_homes_changes_both_gaps_by_exactly_that_amount_and_undo_restores_the_base(db, crafted) -> None:
    with db.session() as session:
        service = bootstrap.scenario_service(session)
        base = service.analyse(VRO, None).report
        made = service.nieuw(VRO, "Uitruil woningen")
        service.wijzig(VRO, made.id, Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving(HOMES, "PV21", "PV26", 1000)))
        shifted = service.analyse(VRO, made.id).report
        undone = service.ongedaan(VRO, made.id)
        restored = service.analyse(VRO, made.id).report
        redone = service.opnieuw(VRO, made.id)
        again = service.analyse(VRO, made.id).report
    gap = lambda report, goal: next(g for g in report.goals if g.goal == goal)  # noqa: E731
    for goal, change in (("provincie-pv21-woningbouw-2030", -1000), ("provincie-pv26-woningbouw-2030", 1000)):
        assert gap(shifted, goal).target == gap(base, goal).target + change
        assert gap(shifted, goal).gap == pytest.approx(gap(base, goal).gap + change)
    assert gap(shifted, HOMES).gap == gap(base, HOMES).gap  # the national goal is the same
    assert (undone.stand, redone.stand) == (0, 1)
    assert restored.to_json() == base.to_json()  # undo gives the base back exactly
    assert again.to_json() == shifted.to_json()


def test_promotion_makes_a_new_voorstel_version_of_the_own_province_only(db, crafted) -> None:
    claim_id, _, (dx, dy) = crafted
    with db.session() as session:
        service = bootstrap.scenario_service(session)
        made = service.nieuw(UTRECHT_PLANNER, "Verplaatsing")
        service.wijzig(UTRECHT_PLANNER, made.id, Wijziging(Soort.VERPLAATSEN, claim_id, dx=dx, dy=dy))
    before = claims_snapshot(db)
    with db.session() as session, pytest.raises(Forbidden):
        bootstrap.scenario_service(session).promoveer(FRYSLAN_PLANNER, made.id, "PV26")
    with db.session() as session, pytest.raises(Forbidden):
        bootstrap.scenario_service(session).wijzig(READER, made.id, Wijziging(Soort.VERWIJDEREN, claim_id))
    with db.session() as session, pytest.raises(Forbidden):
        bootstrap.scenario_service(session).wijzig(VRO, made.id, Wijziging(Soort.VERWIJDEREN, claim_id))  # not the owner
    assert claims_snapshot(db) == before
    with db.session() as session:
        promoted = bootstrap.scenario_service(session).promoveer(UTRECHT_PLANNER, made.id, "PV26")
        claims = bootstrap.claim_service(session)
        (new_id, naam, versie, count), = promoted.voorstellen
        stored = claims.list(OPERATOR, ClaimFilter(voorstel_id=new_id))
        original = claims.claim(OPERATOR, claim_id)
    assert naam == "Voorstel U" and versie == 2 and count == len(stored)
    moved = next(c for c in stored if c.naam == "Woonwijk in Natura 2000")
    expected = affinity.translate(original.geometry, dx, dy)
    assert shapely.normalize(moved.geometry).equals_exact(shapely.normalize(expected), 0.001)
    assert original.version == 1  # version 1 of the voorstel keeps its claim as it was


def test_bad_changes_are_refused_in_dutch_and_change_nothing(db, crafted) -> None:
    claim_id, _, _ = crafted
    with db.session() as session:
        service = bootstrap.scenario_service(session)
        made = service.nieuw(VRO, "Proef")
        cases = [
            (Wijziging(Soort.VERPLAATSEN, claim_id, dx=float("nan"), dy=0.0), "dx"),
            (Wijziging(Soort.VERPLAATSEN, claim_id, dx=0.0, dy=-400_000.0), "dy"),
            (Wijziging(Soort.DOMEIN, claim_id, domein="kernenergie"), "onbekend domein"),
            (Wijziging(Soort.VERWIJDEREN, 999_999), "staat niet in scenario"),
            (Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving(HOMES, "PV21", "PV21", 10)), "twee provincies"),
            (Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving(HOMES, "PV21", "PV26", 10**7)), "niet meer af"),
            (Wijziging(Soort.VERPLAATSEN, claim_id, dx=-95_000.0, dy=0.0), "geen enkele Nederlandse provincie"),  # sea
        ]
        for change, message in cases:
            with pytest.raises((InvalidInput, NotFound)) as refused:
                service.wijzig(VRO, made.id, change)
            assert message in str(refused.value), (change, str(refused.value))
        assert service.scenario(VRO, made.id).wijzigingen == ()
        with pytest.raises(StateConflict):
            service.wijzig(VRO, made.id, Wijziging(Soort.VERWIJDEREN, claim_id), expected_version=made.version + 5)
