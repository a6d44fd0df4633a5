"""The status suggestion on crafted measurement series: on track, behind a milestone, realised, and the rest.

Every expectation is worked out by hand from the series: 0 → 4.000 homes by 2030-12-31, milestones
1.000 on 2027-06-30 and 2.500 on 2028-12-31 (`gevolgde_afspraak`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from novex.arrangement.model import Mijlpaal
from novex.monitor.model import Meting
from novex.monitor.statussen import statuslijst
from novex.monitor.suggestie import suggereer
from tests.fixtures.monitor import gevolgde_afspraak

A = gevolgde_afspraak()


def series(*points: tuple[str, float]) -> list[Meting]:
    return [Meting("PV26", "A1", v, date.fromisoformat(d), "CBS", id=n) for n, (d, v) in enumerate(points, 1)]


def suggest(afspraak, metingen, vandaag: str):
    return suggereer(afspraak, metingen, date.fromisoformat(vandaag), statuslijst())


def test_on_track_after_reaching_the_first_milestone():
    s = suggest(A, series(("2027-03-01", 600), ("2027-06-15", 1100)), "2027-08-01")
    assert s.status == "op-schema"
    assert "1.100 woningen" in s.reden and "eerste 1.000" in s.reden


def test_behind_a_passed_milestone():
    s = suggest(A, series(("2027-03-01", 600), ("2027-06-20", 900)), "2027-08-01")
    assert s.status == "vertraagd"
    assert "eerste 1.000" in s.reden and "niet gehaald" in s.reden and "900 woningen" in s.reden


def test_realised_when_the_latest_measurement_reaches_the_target():
    s = suggest(A, series(("2029-01-01", 3000), ("2030-06-01", 4000)), "2030-07-01")
    assert s.status == "gerealiseerd"
    assert "4.000 woningen" in s.reden and "streefwaarde" in s.reden


def test_realised_counts_even_after_the_deadline():
    s = suggest(A, series(("2031-02-01", 4100)), "2031-03-01")
    assert s.status == "gerealiseerd"


def test_deadline_passed_without_reaching_the_target_is_late():
    s = suggest(A, series(("2030-12-01", 3900)), "2031-01-15")
    assert s.status == "vertraagd" and "deadline" in s.reden


def test_only_the_latest_measurement_counts_not_the_best():
    s = suggest(A, series(("2027-05-01", 1200), ("2027-06-29", 950)), "2027-08-01")
    assert s.status == "vertraagd"


def test_a_milestone_close_ahead_and_not_reached_needs_attention():
    # 2027-06-30 is 60 days after 2027-05-01 (<= 90): 700 does not reach 1.000 yet
    s = suggest(A, series(("2027-04-20", 700)), "2027-05-01")
    assert s.status == "aandacht-nodig"
    assert "over 60 dagen" in s.reden


def test_a_milestone_far_ahead_does_not_worry():
    s = suggest(A, series(("2027-01-10", 300)), "2027-02-01")  # 149 days ahead
    assert s.status == "op-schema"


def test_an_old_measurement_needs_attention():
    s = suggest(A, series(("2027-06-01", 1500)), "2028-07-10")  # 405 days old, 2.500 still ahead
    assert s.status == "aandacht-nodig" and "ouder dan 400 dagen" in s.reden


def test_no_measurement_before_any_milestone_gives_no_suggestion():
    s = suggest(A, [], "2027-01-01")
    assert s.status is None and "nog geen meting" in s.reden


def test_no_measurement_after_a_milestone_needs_attention():
    s = suggest(A, [], "2027-07-01")
    assert s.status == "aandacht-nodig" and "eerste 1.000" in s.reden


def test_a_target_in_words_gives_no_suggestion():
    s = suggest(replace(A, streefwaarde="zo veel mogelijk"), series(("2027-01-01", 5)), "2027-02-01")
    assert s.status is None and "geen streefwaarde als getal" in s.reden


@pytest.mark.parametrize(("last", "expected"), [(80.0, "vertraagd"), (60.0, "op-schema"), (30.0, "gerealiseerd")])
def test_a_downward_agreement_reaches_by_going_below(last, expected):
    """Peat subsidence 100 → 30 ha, milestone 70 ha by 2027-06-30."""
    down = replace(A, basiswaarde=100, streefwaarde=30, eenheid="ha",
                   mijlpalen=(Mijlpaal("70 ha", date(2027, 6, 30), 70.0),))  # fmt: skip
    assert suggest(down, series(("2027-07-01", last)), "2027-08-01").status == expected


def test_the_milestone_that_counts_is_the_latest_passed_one():
    # both milestones passed; 2.000 reaches the first (1.000) but not the second (2.500)
    s = suggest(A, series(("2029-01-05", 2000)), "2029-02-01")
    assert s.status == "vertraagd" and "'2.500'" in s.reden
