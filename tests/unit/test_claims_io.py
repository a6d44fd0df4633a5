"""Reading claim files: formats, CRS, field mapping, atomic rejection."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from novex.claims.io import ImportRejected, parse_field_map, read_claims
from novex.errors import InvalidInput
from novex.geo.crs import reproject
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT


def test_rd_geojson_with_attributes(tmp_path):
    path = write_geojson(tmp_path / "c.geojson", [
        feature(square(X, Y, 1000), naam="Wijk", domein="wonen", hoeveelheid=1200, eenheid="woningen",
                status="voorgenomen", start_jaar=2025, eind_jaar=2030),
    ])  # fmt: skip
    result = read_claims(path)
    (draft,) = result.drafts
    assert (draft.naam, draft.domein, draft.hoeveelheid, draft.eenheid) == (
        "Wijk",
        "wonen",
        1200.0,
        "woningen",
    )
    assert str(draft.status) == "voorgenomen" and draft.geometry.area == pytest.approx(1_000_000)
    assert "28992" in result.source_crs


def test_geojson_without_crs_is_wgs84_and_reprojected_within_a_metre(tmp_path):
    # Amersfoort, Onze Lieve Vrouwetoren: the RD origin (155000, 463000).
    lon, lat = 5.387203658, 52.155172894
    d = 0.002
    ring = Polygon([(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d)])
    path = write_geojson(tmp_path / "wgs.geojson", [feature(ring, naam="A", domein="wonen")], crs=None)
    (draft,) = read_claims(path).drafts
    x0, y0 = min(draft.geometry.exterior.coords)
    assert Point(x0, y0).distance(Point(155_000, 463_000)) < 1.0


def test_field_mapping_and_defaults(tmp_path):
    path = write_geojson(tmp_path / "f.geojson", [feature(square(X, Y, 500), NAME="Zonneveld", KIND=None)])
    result = read_claims(path, parse_field_map(["naam=NAME"]), defaults={"domein": "energie-zon"})
    assert (result.drafts[0].naam, result.drafts[0].domein) == ("Zonneveld", "energie-zon")


def test_field_mapping_errors():
    with pytest.raises(InvalidInput, match="onbekend veld 'name'"):
        parse_field_map(["name=NAME"])
    with pytest.raises(InvalidInput, match="verwacht veld=attribuut"):
        parse_field_map(["naam"])


def test_one_bad_feature_rejects_the_file_and_names_each_problem(tmp_path):
    path = write_geojson(tmp_path / "bad.geojson", [
        feature(square(X, Y, 100), naam="Goed", domein="wonen"),
        feature(Polygon([(X, Y), (X + 10, Y + 10), (X + 10, Y), (X, Y + 10)]), naam="Strik", domein="wonen"),
        feature(square(X, Y, 100), naam="Zonder domein", extern_id="K-7"),
        feature(None, naam="Leeg", domein="wonen"),
        feature(square(X, Y, 100), naam="Raar", domein="wonen", status="misschien"),
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as info:
        read_claims(path)
    problems = info.value.problems
    assert len(problems) == 4
    assert problems[0].startswith("feature 1 'Strik': ongeldige geometrie: zelfdoorsnijding")
    assert f"bij ({X + 5:.0f},000; {Y + 5:.0f},000)" in problems[0]  # where the bow-tie crosses itself
    assert problems[1].startswith("feature 2 (id K-7) 'Zonder domein': domein ontbreekt")
    assert problems[2].startswith("feature 3 'Leeg': geen of onleesbare geometrie")
    assert "feature 4 'Raar': onbekende status 'misschien'" in problems[3]
    assert "er is niets opgeslagen" in str(info.value)


def test_rd_coordinates_declared_as_wgs84_are_refused_with_a_hint(tmp_path):
    path = write_geojson(tmp_path / "rd.geojson", [feature(square(X, Y, 100), naam="A", domein="wonen")], crs=None)
    with pytest.raises(ImportRejected, match="buiten Nederland.*RD New"):
        read_claims(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "geen geldige JSON"),
        ('{"type":"FeatureCollection","features":[]}', "geen features"),
    ],
)
def test_broken_files(tmp_path, content, message):
    path = tmp_path / "x.geojson"
    path.write_text(content, "utf-8")
    with pytest.raises(InvalidInput, match=message):
        read_claims(path)


def test_missing_file_and_unknown_format(tmp_path):
    with pytest.raises(InvalidInput, match="bestaat niet"):
        read_claims(tmp_path / "nope.geojson")
    (tmp_path / "a.dwg").write_text("x", "utf-8")
    with pytest.raises(InvalidInput, match="a.dwg: onbekend formaat; ondersteund: CSV met WKT-geometrie, FlatGeobuf"):
        read_claims(tmp_path / "a.dwg")


@pytest.mark.parametrize(("suffix", "driver"), [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile")])
def test_geopackage_and_shapefile_in_another_crs(tmp_path, suffix, driver):
    etrs = reproject(box(X, Y, X + 800, Y + 600), "EPSG:28992", "EPSG:4258")
    frame = gpd.GeoDataFrame({"naam": ["Berging"], "domein": ["water"]}, geometry=[etrs], crs="EPSG:4258")
    path = tmp_path / f"claims{suffix}"
    frame.to_file(path, driver=driver)
    (draft,) = read_claims(path).drafts
    assert draft.geometry.area == pytest.approx(480_000, rel=1e-4)


def test_shapefile_without_prj_is_refused(tmp_path):
    frame = gpd.GeoDataFrame({"naam": ["A"], "domein": ["water"]}, geometry=[square(X, Y, 10)])
    frame.to_file(tmp_path / "noprj.shp")
    with pytest.raises(InvalidInput, match="geen coördinatenstelsel"):
        read_claims(tmp_path / "noprj.shp")
