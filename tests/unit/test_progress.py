"""Progress reports of long work."""

from __future__ import annotations


def test_tracked_reports_each_stage_and_the_end():
    from novex.progress import tracked

    heard = []
    items = list(tracked(list(range(450)), "controleren", lambda *a: heard.append(a), every=200))
    assert items == list(range(450))
    assert heard == [("controleren", 0, 450), ("controleren", 200, 450), ("controleren", 400, 450),
                     ("controleren", 450, 450)]  # fmt: skip
