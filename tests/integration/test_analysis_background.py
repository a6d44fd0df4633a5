"""An analysis beyond the budget runs in the background: the answer is at once, the last result meanwhile.

The slow analysis is `build_report` held at a gate (tests/fixtures/slow_analysis.py); each
answer below is given while the gate is still shut, so it cannot have waited for the analysis.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor, Role
from novex.claims.model import ClaimDraft
from novex.errors import NotFound
from tests.fixtures.geo import UTRECHT
from tests.fixtures.slow_analysis import GUARD, slow_analysis  # noqa: F401 - the `slow` fixture

X, Y = UTRECHT
PLANNER = Actor(7, "planner@provincie-utrecht.nl", Role.PROVINCIE, "PV26")


def add(db, naam, x=X):
    with db.session() as session:
        service = bootstrap.claim_service(session)
        voorstel = service.voorstel_for(PLANNER, "Achtergrond", "PV26", create=True)
        service.add_claim(PLANNER, voorstel.id, ClaimDraft(naam, "wonen", box(x, Y, x + 500, Y + 500)))


def state(db, *provincies):
    with db.session() as session:
        return bootstrap.analysis_service(session).state(PLANNER, provincies)


def test_small_data_is_computed_at_once_as_before(db, slow):
    add(db, "A")
    first = slow.promptly(lambda: state(db, "PV26"))
    assert first.current and not first.running and first.error is None
    assert first.report.claims == 1 and first.progress is None
    assert first.computed_at <= datetime.now(UTC)
    with db.session() as session:  # the blocking call agrees: it is the same cached report
        assert bootstrap.analysis_service(session).analysis(PLANNER, ["PV26"]) is first.report


def test_over_budget_the_previous_result_answers_at_once_and_the_new_one_follows(db, slow):
    add(db, "A")
    before = slow.promptly(lambda: state(db, "PV26"))  # within budget: computed inline
    slow.over_budget()
    slow.gate.close()
    add(db, "B", X + 2000)
    during = slow.promptly(lambda: state(db, "PV26"))
    assert slow.gate.entered.wait(GUARD)  # the background run reached the analysis, and waits there
    assert during.report is before.report and during.report.claims == 1  # the last complete result
    assert not during.current and during.running and during.revision == before.revision
    assert during.computed_at == before.computed_at
    again = slow.promptly(lambda: state(db, "PV26"))  # asked again while it runs: no second run
    # held after loading, before the puzzle: the first of three stages done
    assert again.running and again.stage == "gegevens laden" and again.progress == pytest.approx(1 / 3)
    assert slow.gate.calls == 2  # one inline (A), one in the background (A + B)
    slow.finish()
    after = slow.promptly(lambda: state(db, "PV26"))
    assert after.current and not after.running and after.report.claims == 2
    assert after.revision != before.revision and after.computed_at >= before.computed_at
    assert slow.gate.calls == 2  # the next request was served from the background's result


def test_before_any_result_there_is_progress_and_then_the_result(db, slow):
    add(db, "A")
    slow.over_budget()
    slow.gate.close()
    first = slow.promptly(lambda: state(db))
    assert first.report is None and first.computed_at is None and first.running and not first.current
    assert first.progress is not None and 0 <= first.progress < 1
    slow.finish()
    done = slow.promptly(lambda: state(db))
    assert done.current and done.report.claims == 1 and done.report.scope[0] == "PV20"  # all twelve provinces


def test_a_change_during_a_run_is_computed_when_that_run_ends(db, slow):
    add(db, "A")
    slow.over_budget()
    slow.gate.close()
    slow.promptly(lambda: state(db, "PV26"))
    assert slow.gate.entered.wait(GUARD)
    add(db, "B", X + 2000)  # while the first run is held: its result is already out of date
    waiting = slow.promptly(lambda: state(db, "PV26"))
    assert waiting.report is None and waiting.running
    slow.finish()
    latest = slow.promptly(lambda: state(db, "PV26"))
    assert latest.current and latest.report.claims == 2
    assert slow.gate.calls == 2  # the first run, then the one asked for while it ran


def test_a_failure_in_the_background_is_logged_and_shown_in_dutch_and_the_old_result_stays(db, slow, caplog):
    add(db, "A")
    before = slow.promptly(lambda: state(db, "PV26"))
    slow.over_budget()
    slow.gate.close(fail=RuntimeError("schijf vol"))
    add(db, "B", X + 2000)
    with caplog.at_level(logging.ERROR, logger="novex.analysis.background"):
        slow.promptly(lambda: state(db, "PV26"))
        slow.finish()
    assert any("mislukt" in r.getMessage() and r.exc_info and "schijf vol" in str(r.exc_info[1]) for r in caplog.records)
    failed = slow.promptly(lambda: state(db, "PV26"))
    assert failed.report is before.report and not failed.current and not failed.running
    assert failed.error == "een onverwachte fout (RuntimeError); de details staan in het logboek van de server"
    assert slow.gate.calls == 2  # the same data are not tried again at every request
    slow.gate.shut = False
    add(db, "C", X + 4000)  # a change is tried at once
    slow.promptly(lambda: state(db, "PV26"))
    slow.finish()
    assert slow.promptly(lambda: state(db, "PV26")).report.claims == 3


def test_the_scope_and_the_role_are_checked_before_anything_runs(db, slow):
    slow.over_budget()
    with pytest.raises(NotFound):
        state(db, "PV99")
    assert slow.gate.calls == 0 and slow.runs.idle(0)
