import pytest
from shapely.geometry import box

from novex.errors import NotFound
from novex.reference.provinces import landsdelen

CBS_NAMES = {
    "PV20": "Groningen", "PV21": "Fryslân", "PV22": "Drenthe", "PV23": "Overijssel",
    "PV24": "Flevoland", "PV25": "Gelderland", "PV26": "Utrecht", "PV27": "Noord-Holland",
    "PV28": "Zuid-Holland", "PV29": "Zeeland", "PV30": "Noord-Brabant", "PV31": "Limburg",
}  # fmt: skip


def test_twelve_provinces_with_cbs_codes_and_names(provinces):
    assert {p.code: p.naam for p in provinces.provinces} == CBS_NAMES


def test_land_area_is_computed_in_hectares(provinces):
    total_km2 = sum(p.land_ha for p in provinces.provinces) / 100
    assert total_km2 == pytest.approx(35_094, rel=1e-3)  # shared/data README: ≈ 35,094 km²
    utrecht = provinces.get("PV26")
    assert utrecht.land_ha == pytest.approx(utrecht.geometry.area / 10_000)
    assert 140_000 < utrecht.land_ha < 160_000


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
