"""The STOP GIO reader and writer, and the file checks of the reader (zip, CSV, layers): no database."""

from __future__ import annotations

import zipfile

import geopandas as gpd
import pyogrio
import pytest
import shapely
from shapely.geometry import box

from novex.errors import ImportRejected, InvalidInput
from novex.geo import zipped
from novex.geo.gio import Locatie, locatie_id, read_gio, write_gio
from novex.geo.vector_files import Choice, open_vector

RING = box(140_000, 455_000, 140_100, 455_100).difference(box(140_040, 455_040, 140_060, 455_060))
GIO_BY_HAND = """<?xml version="1.0" encoding="UTF-8"?>
<geo:GeoInformatieObjectVaststelling xmlns:geo="https://standaarden.overheid.nl/stop/imop/geo/"
    xmlns:basisgeo="http://www.geostandaarden.nl/basisgeometrie/1.0" xmlns:gml="http://www.opengis.net/gml/3.2"
    schemaversie="1.3.0">
  <geo:vastgesteldeVersie><geo:GeoInformatieObjectVersie>
    <geo:FRBRWork>/join/id/regdata/pv26/2024/test</geo:FRBRWork>
    <geo:FRBRExpression>/join/id/regdata/pv26/2024/test/nld@2024-01-01;1</geo:FRBRExpression>
    <geo:locaties>
      <geo:Locatie><geo:naam>Eerste</geo:naam><geo:geometrie><basisgeo:Geometrie gml:id="a">
        <basisgeo:id>0b0f6c2e-3c1a-4d0a-9b7e-2b1c3d4e5f60</basisgeo:id>
        <basisgeo:geometrie><gml:Polygon gml:id="p" srsName="urn:ogc:def:crs:EPSG::28992">
          <gml:exterior><gml:LinearRing><gml:posList>0 0 10 0 10 10 0 10 0 0</gml:posList></gml:LinearRing></gml:exterior>
        </gml:Polygon></basisgeo:geometrie></basisgeo:Geometrie></geo:geometrie></geo:Locatie>
      <geo:Locatie><geo:geometrie><basisgeo:Geometrie gml:id="b">
        <basisgeo:id>1b0f6c2e-3c1a-4d0a-9b7e-2b1c3d4e5f61</basisgeo:id>
        <basisgeo:geometrie><gml:MultiSurface gml:id="m" srsName="urn:ogc:def:crs:EPSG::4326"><gml:surfaceMember>
          <gml:Polygon gml:id="q"><gml:exterior><gml:LinearRing>
            <gml:pos>52.0 5.0</gml:pos><gml:pos>52.0 5.1</gml:pos><gml:pos>52.1 5.1</gml:pos><gml:pos>52.0 5.0</gml:pos>
          </gml:LinearRing></gml:exterior></gml:Polygon></gml:surfaceMember></gml:MultiSurface>
        </basisgeo:geometrie></basisgeo:Geometrie></geo:geometrie></geo:Locatie>
    </geo:locaties>
  </geo:GeoInformatieObjectVersie></geo:vastgesteldeVersie>
</geo:GeoInformatieObjectVaststelling>
"""


def test_a_written_gio_reads_back_with_its_ids_names_and_holes(tmp_path):
    path = write_gio(tmp_path / "g.gml", [Locatie(RING, locatie_id("claim/1"), "Wijk"), Locatie(box(0, 0, 1, 1),
                     locatie_id("0b0f6c2e-3c1a-4d0a-9b7e-2b1c3d4e5f60"))], "/join/id/regdata/pv26/2026/x",
                     "/join/id/regdata/pv26/2026/x/nld@2026-01-01;1")  # fmt: skip
    frame = read_gio(path, "g.gml")
    assert frame.naam[0] == "Wijk" and frame.naam.isna()[1]
    assert frame.extern_id[1] == "0b0f6c2e-3c1a-4d0a-9b7e-2b1c3d4e5f60"  # a UUID stays itself
    assert frame.extern_id[0] == locatie_id("claim/1") != locatie_id("claim/2")
    assert set(frame.bron) == {"/join/id/regdata/pv26/2026/x/nld@2026-01-01;1"}
    assert frame.geometry[0].equals(RING) and frame.geometry[0].geoms[0].exterior.is_ccw
    assert frame.crs.to_epsg() == 28992


def test_a_gio_in_two_crs_is_refused_per_location(tmp_path):
    path = tmp_path / "h.gml"
    path.write_text(GIO_BY_HAND, "utf-8")
    with pytest.raises(ImportRejected) as refused:
        read_gio(path, "h.gml")
    assert "Locatie 1 (id 1b0f6c2e-3c1a-4d0a-9b7e-2b1c3d4e5f61): ander coördinatenstelsel" in str(refused.value)
    path.write_text(GIO_BY_HAND.replace("EPSG::4326", "EPSG::28992"), "utf-8")
    frame = open_vector(path).frame
    assert frame.geometry[0].area == 100 and frame.naam[0] == "Eerste" and frame.naam.isna()[1]


def test_gio_reading_refuses_a_doctype(tmp_path):
    path = tmp_path / "x.gml"
    path.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + GIO_BY_HAND.split("?>", 1)[1], "utf-8")
    with pytest.raises(InvalidInput, match="DOCTYPE of entiteiten"):
        open_vector(path)


def test_a_wgs84_gio_swaps_lat_lon(tmp_path):
    path = tmp_path / "w.gml"
    text = GIO_BY_HAND.split("<geo:Locatie><geo:naam>")[0] + "<geo:Locatie>" + GIO_BY_HAND.split("<geo:Locatie>")[2]
    path.write_text(text, "utf-8")
    polygon = read_gio(path, "w.gml").geometry[0].geoms[0]
    assert polygon.exterior.coords[1] == (5.1, 52.0)


def test_zip_checks(tmp_path, monkeypatch):
    two = tmp_path / "twee.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.geojson", "{}")
        archive.writestr("b.geojson", "{}")
    with pytest.raises(InvalidInput, match=r"twee.zip: de zip bevat 2 gegevensbestanden \(a.geojson, b.geojson\)"):
        open_vector(two)
    big = tmp_path / "groot.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.csv", "0" * 5000)
    monkeypatch.setattr(zipped, "MAX_UNZIPPED", 4000)
    with pytest.raises(InvalidInput, match="groot.zip: uitgepakt 0 MB; maximaal 0 MB"):
        open_vector(big)
    empty = tmp_path / "leeg.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("lees.txt", "hallo")
    with pytest.raises(InvalidInput, match="leeg.zip: de zip bevat geen gegevensbestand"):
        open_vector(empty)
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("map/c.csv", "naam;geometry\nA;POINT (1 2)\n")
    assert list(open_vector(inner).frame.naam) == ["A"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("unzip-")]  # the work folder is gone


def test_csv_problems_name_the_line(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("naam,wkt\nA,POINT (1 2)\nB,POINT (1\nC\n", "utf-8")
    with pytest.raises(ImportRejected) as refused:
        open_vector(path)
    assert refused.value.problems == [
        "regel 3: kolom wkt: geen geldige WKT (ParseException: Expected number but encountered end of stream)",
        "regel 4: 1 velden, de kopregel heeft er 2",
    ]
    path.write_text("naam;vorm;hoeveelheid\nA;SRID=4326;POINT (5 52);2,5\n", "utf-8")
    with pytest.raises(InvalidInput, match="kolom 'geometrie' bestaat niet; kolommen: naam, vorm, hoeveelheid"):
        open_vector(path, choice=Choice(kolom="geometrie"))


def test_csv_ewkt_and_decimal_comma(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text('naam;vorm;hoeveelheid\nA;"SRID=4326;POINT (5 52)";2,5\n', "utf-8")
    read = open_vector(path, choice=Choice(kolom="vorm"))
    assert read.crs.to_epsg() == 4326 and read.frame.hoeveelheid[0] == "2.5"


def test_layer_choice(tmp_path):
    path = tmp_path / "l.gpkg"
    frame = gpd.GeoDataFrame({"naam": ["A"]}, geometry=[box(0, 0, 1, 1)], crs=28992)
    pyogrio.write_dataframe(frame, path, layer="een", driver="GPKG")
    pyogrio.write_dataframe(frame, path, layer="twee", driver="GPKG", append=True)
    with pytest.raises(InvalidInput, match=r"l.gpkg: bevat 2 lagen met geometrie \(een, twee\); kies er één \(bij het importeren"):
        open_vector(path)
    with pytest.raises(InvalidInput, match=r"laag 'drie' bestaat niet; lagen met geometrie: een, twee"):
        open_vector(path, choice=Choice(laag="drie"))
    assert shapely.equals(open_vector(path, choice=Choice(laag="twee")).frame.geometry[0], box(0, 0, 1, 1))
    single = tmp_path / "s.fgb"
    pyogrio.write_dataframe(frame, single, driver="FlatGeobuf")
    assert open_vector(single).crs.to_epsg() == 28992


def test_content_must_match_the_name(tmp_path):
    fake = tmp_path / "x.fgb"
    fake.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(InvalidInput, match="x.fgb: de inhoud is geen FlatGeobuf"):
        open_vector(fake)
    vrt = tmp_path / "x.kml"
    vrt.write_text('<OGRVRTDataSource><OGRVRTLayer name="kml"/></OGRVRTDataSource>', "utf-8")
    with pytest.raises(InvalidInput, match="x.kml: de inhoud is geen KML"):
        open_vector(vrt)


def test_tables_are_reexported():
    from novex.documents import tables
    from novex.geo import tables_out

    assert tables.to_csv is tables_out.to_csv
