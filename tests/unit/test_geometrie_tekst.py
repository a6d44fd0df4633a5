"""Reading a geometry a person typed: RD New pairs, degrees, WKT and GeoJSON, and the Dutch refusals.

Expected coordinates are the ones typed (or swapped by hand), never read back from novex's own writer.
"""

from __future__ import annotations

import json

import pytest
from shapely.geometry import MultiPolygon, Polygon

from novex.claims.geometrie import geometry_from_text
from novex.errors import InvalidInput
from novex.geo.crs import RD_NEW, WGS84
from novex.geo.geometrie_tekst import as_text, parse_geometry_text
from novex.geo.hygiene import GeometryRejected

SQUARE = [(140000.0, 455000.0), (140100.0, 455000.0), (140100.0, 455100.0), (140000.0, 455100.0)]


def ring(geometry: Polygon) -> list[tuple[float, float]]:
    return list(geometry.exterior.coords)[:-1]


@pytest.mark.parametrize(
    "text",
    [
        "140000 455000\n140100 455000\n140100 455100\n140000 455100",
        "140000 455000\n140100 455000\n140100 455100\n140000 455100\n140000 455000",  # closed by hand
        "\n  140000\t455000 \n140100 455000\n140100 455100\n140000 455100\n\n\n",  # tabs; empty lines around
        "140000,0 455000,0\n140100,0 455000,0\n140100,0 455100,0\n140000,0 455100,0",  # decimal comma
        "140000;455000\n140100;455000\n140100;455100\n140000;455100",
        "140000, 455000\n140100, 455000\n140100, 455100\n140000, 455100",
        "140000,455000\n140100,455000\n140100,455100\n140000,455100",
        "# hoek linksonder eerst\n140000 455000\n140100 455000\n140100 455100\n140000 455100",
    ],
)
def test_rd_pairs_in_the_ways_people_type_them(text):
    typed = parse_geometry_text(text)
    assert typed.vorm == "coördinaten" and typed.crs == RD_NEW
    assert isinstance(typed.geometry, Polygon) and ring(typed.geometry) == SQUARE


def test_decimals_are_kept():
    typed = parse_geometry_text("140000,25 455000,5\n140100.75 455000\n140100 455100")
    assert ring(typed.geometry) == [(140000.25, 455000.5), (140100.75, 455000.0), (140100.0, 455100.0)]


def test_an_empty_line_starts_another_part():
    text = "\n".join(f"{x} {y}" for x, y in SQUARE) + "\n\n" + "\n".join(f"{x + 500} {y}" for x, y in SQUARE)
    typed = parse_geometry_text(text)
    assert isinstance(typed.geometry, MultiPolygon) and len(typed.geometry.geoms) == 2
    assert ring(typed.geometry.geoms[1]) == [(x + 500, y) for x, y in SQUARE]


def test_degrees_are_wgs84_longitude_first_or_turned_round():
    lon_first = parse_geometry_text("5.10 52.08\n5.12 52.08\n5.12 52.10")
    assert lon_first.crs == WGS84 and ring(lon_first.geometry) == [(5.10, 52.08), (5.12, 52.08), (5.12, 52.10)]
    lat_first = parse_geometry_text("52,08 5,10\n52,08 5,12\n52,10 5,12")
    assert lat_first.crs == WGS84 and ring(lat_first.geometry) == [(5.10, 52.08), (5.12, 52.08), (5.12, 52.10)]


def test_wkt_in_rd_new_or_with_an_srid():
    plain = parse_geometry_text("POLYGON ((140000 455000, 140100 455000, 140100 455100, 140000 455000))")
    assert plain.vorm == "WKT" and plain.crs == RD_NEW and plain.geometry.area == pytest.approx(5000)
    multi = parse_geometry_text("multipolygon (((0 0, 1 0, 1 1, 0 0)), ((2 2, 3 2, 3 3, 2 2)))")
    assert isinstance(multi.geometry, MultiPolygon)
    srid = parse_geometry_text("SRID=4326;POLYGON((5.1 52.1, 5.2 52.1, 5.2 52.2, 5.1 52.1))")
    assert srid.crs == WGS84 and ring(srid.geometry)[0] == (5.1, 52.1)


def test_geojson_geometry_feature_and_collection_of_one():
    geometry = {"type": "Polygon", "coordinates": [[[5.1, 52.1], [5.2, 52.1], [5.2, 52.2], [5.1, 52.1]]]}
    for data in (geometry, {"type": "Feature", "properties": {}, "geometry": geometry},
                 {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": geometry}]}):  # fmt: skip
        typed = parse_geometry_text(json.dumps(data))
        assert typed.vorm == "GeoJSON" and typed.crs == WGS84  # RFC 7946: no crs member is WGS84
        assert ring(typed.geometry) == [(5.1, 52.1), (5.2, 52.1), (5.2, 52.2)]
    rd = geometry | {"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}
    assert parse_geometry_text(json.dumps(rd)).crs == RD_NEW


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "er zijn geen coördinaten ingevuld"),
        ("140000 455000\nhallo\n140100 455100", "regel 2: 'hallo' is geen coördinatenpaar"),
        ("140000 455000 12\n140100 455000\n140100 455100", "regel 1: '140000 455000 12' is geen coördinatenpaar"),
        ("140000 nan\n140100 455000\n140100 455100", "regel 1: '140000 nan' is geen coördinatenpaar"),
        ("140000 455000\n140100 455000", "regel 1–2: een vlak heeft minstens drie verschillende hoekpunten"),
        ("140000 455000\n140100 455000\n140000 455000", "een vlak heeft minstens drie verschillende hoekpunten"),
        ('{"type": "Point", "coordinates": [5, 52]}', "geometrietype Point; verwacht Polygon of MultiPolygon"),
        ('{"type": "Polygon", ', "geen geldige GeoJSON"),
        ('{"type": "FeatureCollection", "features": []}', "de FeatureCollection heeft 0 features"),
        ("POLYGON ((0 0, 1 0", "geen geldige WKT"),
        ("SRID=999999;POLYGON ((0 0, 1 0, 1 1, 0 0))", "onbekend coördinatenstelsel 'EPSG:999999'"),
    ],
)
def test_what_cannot_be_read_is_named_in_dutch(text, message):
    with pytest.raises(GeometryRejected, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_geometry_text(text)


def test_the_import_rules_apply_to_typed_text():
    bow_tie = "140000 455000\n140100 455100\n140100 455000\n140000 455100"
    with pytest.raises(InvalidInput, match=r"coördinaten: ongeldige geometrie: zelfdoorsnijding \(de rand kruist "
                                           r"zichzelf\) bij \(140050,000; 455050,000\)"):  # fmt: skip
        geometry_from_text(bow_tie)
    repaired = geometry_from_text(bow_tie, repair=True)
    assert repaired.geometry.area == pytest.approx(2 * 100 * 50 / 2) and repaired.repair.startswith("hersteld")
    with pytest.raises(InvalidInput, match="ligt buiten Nederland"):
        geometry_from_text("0 0\n100 0\n100 100")  # degrees near (0, 0): off the African coast, not NL
    snapped = geometry_from_text("140000.0004 455000\n140100 455000\n140100 455100").geometry
    assert (140000.0, 455000.0) in list(snapped.exterior.coords)  # on the 1 mm grid


def test_as_text_reads_back_to_the_same_shape():
    square = Polygon(SQUARE)
    assert as_text(square).splitlines() == ["140000 455000", "140100 455000", "140100 455100", "140000 455100"]
    holed = Polygon(SQUARE, [[(140010, 455010), (140020, 455010), (140020, 455020)]])
    assert as_text(holed).startswith("POLYGON ((140000 455000")
    assert parse_geometry_text(as_text(holed)).geometry.equals(holed)
