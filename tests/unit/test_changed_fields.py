"""A claim's geometry counts as changed only when its shape changed, not where its rings start."""

from __future__ import annotations

from shapely.geometry import Polygon

from novex.claims.model import Claim
from novex.claims.service import changed_fields


def claim(ring) -> Claim:
    shape = Polygon(ring)
    return Claim("Wijk", "wonen", shape, id=1, voorstel_id=1, area_ha=shape.area / 10_000)


def test_the_same_square_starting_at_another_corner_is_unchanged() -> None:
    a = claim([(0, 0), (100, 0), (100, 100), (0, 100)])
    b = claim([(100, 100), (0, 100), (0, 0), (100, 0)])  # same square, ring starts at another corner
    assert changed_fields(a, b) == {}


def test_a_moved_square_is_changed() -> None:
    a = claim([(0, 0), (100, 0), (100, 100), (0, 100)])
    b = claim([(0, 0), (100, 0), (100, 101), (0, 101)])
    assert changed_fields(a, b) == {"geometrie": [1.0, 1.01]}
