import json

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import box, mapping

from novex.errors import NotFound
from novex.reference.provinces import landsdelen, load_provinces

CBS_NAMES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel",
    "PV24": "Flevoland", "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland", "PV29": "Zeeland", "PV30": "Noord-Brabant", "PV31": "Limburg",
}  # fmt: skip


def test_twelve_provinces_with_cbs_codes_and_names(provinces):
    assert {p.code: p.naam for p in provinces.provinces} == CBS_NAMES


def geodesic_ha(rd_geometry) -> float:
    """An independent measurement: the area on the WGS84 ellipsoid (pyproj.Geod) of the polygon taken to lon/lat."""
    to_wgs84 = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)
    lonlat = shapely.transform(rd_geometry, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1])))
    area_m2, _ = Geod(ellps="WGS84").geometry_area_perimeter(lonlat)
    return abs(area_m2) / 10_000


def test_land_area_is_computed_in_hectares(provinces):
    total_km2 = sum(p.land_ha for p in provinces.provinces) / 100
    assert total_km2 == pytest.approx(35_094, rel=1e-3)  # shared/data README: ≈ 35,094 km²
    # RD New is conformal with a scale within ±0.02 % over the Netherlands: its planar area in hectares
    # agrees with the geodesic area on the ellipsoid to well within 0.1 % for every province.
    for p in provinces.provinces:
        assert p.land_ha == pytest.approx(geodesic_ha(p.geometry), rel=1e-3), p.code
    assert 140_000 < provinces.get("PV26").land_ha < 160_000


def test_land_area_of_hand_made_provinces(tmp_path):
    """Shapes whose area is known by hand, read as a province layer: the land area in hectares."""
    shapes = {
        "PV26": box(140_000, 450_000, 143_000, 452_000),  # 3 km × 2 km = 600 ha
        "PV28": {"type": "Polygon", "coordinates": [[[90_000, 430_000], [94_000, 430_000], [90_000, 433_000],
                                                     [90_000, 430_000]]]},  # right triangle ½ × 4 km × 3 km = 600 ha
        "PV25": {"type": "Polygon", "coordinates": [  # 10 km × 10 km with a 2 km × 2 km hole = 10,000 − 400 ha
            [[180_000, 440_000], [190_000, 440_000], [190_000, 450_000], [180_000, 450_000], [180_000, 440_000]],
            [[184_000, 444_000], [184_000, 446_000], [186_000, 446_000], [186_000, 444_000], [184_000, 444_000]]]},
        "PV29": {"type": "MultiPolygon", "coordinates": [  # two islands of 1 km × 500 m = 2 × 50 ha
            [[[30_000, 390_000], [31_000, 390_000], [31_000, 390_500], [30_000, 390_500], [30_000, 390_000]]],
            [[[40_000, 390_000], [41_000, 390_000], [41_000, 390_500], [40_000, 390_500], [40_000, 390_000]]]]},
    }  # fmt: skip
    features = [
        {"type": "Feature", "properties": {"statcode": code, "statnaam": code},
         "geometry": shape if isinstance(shape, dict) else mapping(shape)}
        for code, shape in shapes.items()
    ]  # fmt: skip
    path = tmp_path / "provincies.geojson"
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}), "utf-8")
    land = {p.code: p.land_ha for p in load_provinces(path)}
    assert land == {"PV25": pytest.approx(9_600), "PV26": pytest.approx(600), "PV28": pytest.approx(600),
                    "PV29": pytest.approx(100)}  # fmt: skip


def test_five_landsdelen_partition_the_provinces(provinces):
    parts, source = landsdelen()
    assert [p.naam for p in parts] == ["Noord", "Oost", "Noordwest", "Zuidwest", "Zuid"]
    codes = [c for p in parts for c in p.provincies]
    assert sorted(codes) == sorted(CBS_NAMES)
    assert {p.code for p in provinces.provinces if p.landsdeel == "zuidwest"} == {"PV28", "PV29"}
    assert "vijf landsdelen" in source.quote


def test_point_lookup(provinces):
    assert provinces.at_point(136_900, 455_900).code == "PV26"  # Utrecht, Domtoren
    assert provinces.at_point(92_000, 437_000).code == "PV28"  # Den Haag
    assert provinces.at_point(50_000, 500_000) is None  # Noordzee


def test_polygon_split_across_a_border(provinces):
    utrecht = provinces.get("PV26").geometry
    zh = provinces.get("PV28").geometry
    border = utrecht.intersection(zh)
    point = border.representative_point()
    square = box(point.x - 500, point.y - 500, point.x + 500, point.y + 500)  # 100 ha
    split = provinces.split(square)
    assert set(split) >= {"PV26", "PV28"}
    assert sum(split.values()) == pytest.approx(100, rel=1e-6)


def test_unknown_province_names_the_valid_codes(provinces):
    with pytest.raises(NotFound, match="PV99.*PV20"):
        provinces.get("PV99")
