"""Dutch notation of numbers and moments."""

from __future__ import annotations


def test_dutch_numbers_and_moments():
    from datetime import UTC, datetime

    from novex.nl import format_fixed, format_moment, format_number

    assert [format_number(v) for v in (900_000, 14.3, 14.999, 1234.5, None)] == ["900.000", "14,3", "15", "1.234,5", ""]
    assert format_fixed(0.1034) == "0,103" and format_fixed(2, 1) == "2,0"
    assert format_moment(datetime(2026, 12, 1, 17, 5, tzinfo=UTC)) == "1 december 2026 18:05"  # CET
    assert format_moment(datetime(2026, 7, 1, 17, 5, tzinfo=UTC)) == "1 juli 2026 19:05"  # CEST
