"""Applying scenario changes (pure): each kind of change, in order, on hand-made claims."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from novex.claims.model import Claim, ClaimDraft, ClaimStatus
from novex.scenarios.model import EigenaarSoort, Scenario, Soort, Verschuiving, Wijziging
from novex.scenarios.toepassen import ChangeRefused, describe, toepassen

A = Claim("Wijk", "wonen", box(0, 0, 100, 100), hoeveelheid=50.0, eenheid="woningen", id=1, voorstel_id=7)
B = Claim("Bos", "bos", box(500, 0, 700, 100), id=2, voorstel_id=7)
SHARES = {("nl-doel", "PV21"): "pv21-doel", ("nl-doel", "PV26"): "pv26-doel"}


def test_each_change_in_order() -> None:
    added = ClaimDraft("Zon", "energie-zon", box(1000, 0, 1100, 50))
    changes = [
        Wijziging(Soort.VERPLAATSEN, 1, dx=10.0, dy=-5.0),
        Wijziging(Soort.HOEVEELHEID, 1, hoeveelheid=80.0),
        Wijziging(Soort.STATUS, 1, status=ClaimStatus.VOORGENOMEN),
        Wijziging(Soort.VERWIJDEREN, 2),
        Wijziging(Soort.TOEVOEGEN, -1, draft=added, voorstel_id=7),
        Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving("nl-doel", "PV21", "PV26", 300.0)),
        Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving("nl-doel", "PV26", "PV21", 100.0)),
    ]
    stand = toepassen({1: A, 2: B}, changes, SHARES)
    moved = stand.claims[1]
    assert moved.geometry.bounds == (10.0, -5.0, 110.0, 95.0)
    assert (moved.hoeveelheid, moved.status, moved.area_ha) == (80.0, ClaimStatus.VOORGENOMEN, 1.0)
    assert 2 not in stand.claims
    assert stand.claims[-1].naam == "Zon" and stand.claims[-1].area_ha == pytest.approx(0.5)
    assert stand.verschuivingen == {"pv21-doel": -200.0, "pv26-doel": 200.0}  # 300 one way, 100 back
    assert stand.geraakt == {1, 2, -1}
    assert A.geometry.bounds == (0.0, 0.0, 100.0, 100.0)  # the base claims are not changed


def test_a_change_whose_claim_left_the_base_is_skipped_and_named() -> None:
    stand = toepassen({1: A}, [Wijziging(Soort.VERWIJDEREN, 2), Wijziging(Soort.DOMEIN, 1, domein="water")], SHARES)
    assert stand.overgeslagen == ("wijziging 1 (verwijderen): claim 2 staat niet (meer) in het scenario; overgeslagen",)
    assert stand.claims[1].domein == "water"


def test_changes_that_cannot_apply_are_refused() -> None:
    with pytest.raises(ChangeRefused, match="geen aandeel voor PV30"):
        toepassen({}, [Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving("nl-doel", "PV21", "PV30", 1.0))], SHARES)
    with pytest.raises(ChangeRefused, match="geen hoeveelheid met eenheid"):
        toepassen({2: B}, [Wijziging(Soort.HOEVEELHEID, 2, hoeveelheid=3.0)], SHARES)


def test_undo_and_the_next_added_claim_id() -> None:
    changes = (Wijziging(Soort.TOEVOEGEN, -1, draft=ClaimDraft("X", "bos", box(0, 0, 1, 1))),
               Wijziging(Soort.TOEVOEGEN, -2, draft=ClaimDraft("Y", "bos", box(0, 0, 1, 1))))  # fmt: skip
    s = Scenario(1, "S", "a@b", EigenaarSoort.GEBRUIKER, "vro", None, None, stand=1, wijzigingen=changes)
    assert s.actief == changes[:1] and s.kan_ongedaan and s.kan_opnieuw
    assert s.volgend_claim_id() == -3


def test_describe_in_dutch() -> None:
    assert describe(Wijziging(Soort.VERPLAATSEN, 1, dx=300.0, dy=-200.0), {1: "Wijk"}) == (
        "claim 1 'Wijk' verplaatst over (300, -200) m"
    )
    shift = Wijziging(Soort.VERSCHUIVING, verschuiving=Verschuiving("nl-doel", "PV21", "PV26", 1000.0))
    assert describe(shift) == "1.000 van nl-doel verschoven van PV21 naar PV26"
