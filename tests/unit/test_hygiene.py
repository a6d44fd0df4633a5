import math

import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon, box

from novex.geo.hygiene import GeometryRejected, clean_polygon


def test_valid_polygon_is_snapped_to_the_millimetre_grid():
    cleaned = clean_polygon(box(0.00049, 0, 10.0004, 10))
    assert cleaned.repair is None
    assert shapely.get_coordinates(cleaned.geometry).tolist()[0] in (
        [0.0, 0.0],
        [10.0, 0.0],
        [0.0, 10.0],
        [10.0, 10.0],
    )
    assert cleaned.geometry.area == pytest.approx(100.0)


def test_a_bow_tie_is_refused_with_its_location_in_dutch():
    """A digitising error that changes the shape (one part becomes two) is the planner's to fix."""
    bow_tie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    with pytest.raises(GeometryRejected) as refused:
        clean_polygon(bow_tie)
    message = str(refused.value)
    assert "zelfdoorsnijding" in message and "(5,000; 5,000)" in message and "2 delen in plaats van 1" in message
    assert "Self-intersection" not in message


def test_a_bow_tie_is_repaired_when_asked_and_reported():
    bow_tie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    cleaned = clean_polygon(bow_tie, repair=True)
    assert isinstance(cleaned.geometry, MultiPolygon) and cleaned.geometry.is_valid
    assert cleaned.geometry.area == pytest.approx(50.0)  # two triangles of 25 m²
    assert cleaned.repair.startswith("hersteld: zelfdoorsnijding")


def test_harmless_faults_are_repaired_silently():
    """Repeated points and clockwise shells are valid as they are: nothing to refuse or report."""
    repeated = Polygon([(0, 0), (10, 0), (10, 0), (10, 10), (0, 10)])
    clockwise = Polygon([(0, 0), (0, 10), (10, 10), (10, 0)])
    for polygon in (repeated, clockwise):
        cleaned = clean_polygon(polygon)
        assert cleaned.repair is None and cleaned.geometry.area == pytest.approx(100.0)


def test_repair_that_loses_area_is_rejected():
    # A hole larger than its shell: what was meant is unclear, make_valid would invent area.
    shell_in_hole = Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(-5, -5), (20, -5), (20, 20), (-5, 20)]])
    with pytest.raises(GeometryRejected, match="99,9 %"):
        clean_polygon(shell_in_hole, repair=True)


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (None, "lege geometrie"),
        (Polygon(), "lege geometrie"),
        (LineString([(0, 0), (1, 1)]), "LineString"),
        (Polygon([(0, 0), (math.nan, 0), (1, 1)]), "niet eindig"),
        (box(0, 0, 0.0001, 0.0001), "1 mm"),
    ],
)
def test_unusable_geometries_are_rejected_with_a_reason(geometry, message):
    with pytest.raises(GeometryRejected, match=message):
        clean_polygon(geometry)
