"""Property-based tests of the importer: whatever the file, a clear error or a whole import — never a crash
or a partial write."""

from __future__ import annotations

import json
import math
import os

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from novex import bootstrap
from novex.access import Actor
from novex.errors import NovexError
from novex.store.tables.claims import ClaimRow, VoorstelRow

OPERATOR = Actor.operator()
EXAMPLES = int(os.environ.get("NOVEX_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="NOVEX_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=list(HealthCheck), database=None)  # fmt: skip

number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=130_000, max_value=150_000),  # inside Utrecht in RD
    st.floats(min_value=4.9, max_value=5.5),  # lon/lat around Utrecht
    st.floats(min_value=51.9, max_value=52.3),
    st.just(1e300),
    st.integers(-(10**20), 10**20),
)
point = st.lists(number, min_size=0, max_size=4)
ring = st.lists(point, min_size=0, max_size=8)
closed_square = st.tuples(st.floats(130_000, 150_000), st.floats(445_000, 465_000), st.floats(0.01, 3000)).map(
    lambda t: [[t[0], t[1]], [t[0] + t[2], t[1]], [t[0] + t[2], t[1] + t[2]], [t[0], t[1] + t[2]], [t[0], t[1]]]
)
bow_tie = st.tuples(st.floats(130_000, 150_000), st.floats(445_000, 465_000), st.floats(1, 3000)).map(
    lambda t: [[t[0], t[1]], [t[0] + t[2], t[1] + t[2]], [t[0] + t[2], t[1]], [t[0], t[1] + t[2]], [t[0], t[1]]]
)
geometry = st.one_of(
    st.none(),
    st.builds(lambda r: {"type": "Polygon", "coordinates": [r]}, st.one_of(closed_square, bow_tie, ring)),
    st.builds(
        lambda rs: {"type": "MultiPolygon", "coordinates": [[r] for r in rs]}, st.lists(closed_square, max_size=3)
    ),
    st.builds(lambda p: {"type": "Point", "coordinates": p}, point),
    st.builds(lambda r: {"type": "LineString", "coordinates": r}, ring),
    st.just({"type": "Polygon", "coordinates": []}),
    st.just({"type": "GeometryCollection", "geometries": []}),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
text = st.text(max_size=30)
properties = st.fixed_dictionaries(
    {},
    optional={
        "naam": st.one_of(text, st.integers(), st.none()),
        "domein": st.one_of(st.sampled_from(["wonen", "natuur", "water", "kernenergie", ""]), text),
        "hoeveelheid": st.one_of(number, text),
        "eenheid": st.one_of(st.sampled_from(["woningen", "ha", "TWh"]), text),
        "status": st.one_of(st.sampled_from(["idee", "vastgesteld", "misschien"]), text),
        "hardheid": st.sampled_from(["zacht", "hard", "heel-hard"]),
        "prioriteit": st.one_of(st.integers(-5, 10), text),
        "start_jaar": st.one_of(st.integers(1800, 2300), text),
        "eind_jaar": st.integers(1800, 2300),
        "doel_id": st.one_of(st.just("provincie-pv26-woningbouw-2030"), text),
    },
)
feature = st.builds(lambda g, p: {"type": "Feature", "geometry": g, "properties": p}, geometry, properties)
crs = st.one_of(
    st.none(),
    st.sampled_from(["urn:ogc:def:crs:EPSG::28992", "EPSG:4326", "urn:ogc:def:crs:EPSG::3857", "EPSG:99999", "onzin"]),
)
good_feature = st.builds(
    lambda r, name, dom: {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [r]},
                          "properties": {"naam": name, "domein": dom}},
    st.one_of(closed_square, bow_tie),
    st.text(min_size=1, max_size=20).filter(lambda s: s.strip()),
    st.sampled_from(["wonen", "natuur", "water", "bos"]),
)  # fmt: skip
mostly_good = st.builds(
    lambda fs: {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
        "features": fs,
    },
    st.lists(st.one_of(good_feature, good_feature, good_feature, feature), min_size=1, max_size=6),
)
document = st.one_of(
    mostly_good,
    st.builds(
        lambda fs, c: (
            {"type": "FeatureCollection", "features": fs}
            | ({"crs": {"type": "name", "properties": {"name": c}}} if c else {})
        ),
        st.lists(feature, min_size=0, max_size=6),
        crs,
    ),
)


def counts(db):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ClaimRow)), s.scalar(
            select(func.count()).select_from(VoorstelRow)
        )


def check(db, path, n_features):
    before = counts(db)
    try:
        with db.session() as session:
            report = bootstrap.claim_service(session).import_file(OPERATOR, path, voorstel="Fuzz", provincie="PV26")
    except NovexError as exc:
        assert str(exc).strip(), "an error without a message"
        assert counts(db) == before, "a refused file changed the database"
        return "refused"
    assert len(report.claim_ids) == n_features
    assert counts(db)[0] == before[0] + n_features
    return "imported"


@FUZZ
@given(doc=document)
def test_random_geojson(db, tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("fuzz") / "f.geojson"
    path.write_text(json.dumps(doc, allow_nan=True), "utf-8")
    event(check(db, path, len(doc["features"])))


@FUZZ
@given(raw=st.binary(max_size=400))
def test_random_bytes(db, tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("fuzz") / "b.geojson"
    path.write_bytes(raw)
    assert check(db, path, 0) == "refused"


@FUZZ
@given(
    name=st.text(min_size=1, max_size=20).filter(lambda s: s.strip()),
    encoding=st.sampled_from(["latin-1", "cp1252", "utf-16"]),
)
def test_non_utf8_attribute_data(db, tmp_path_factory, name, encoding):
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:28992"}},
           "features": [{"type": "Feature", "properties": {"naam": name, "domein": "wonen"},
                         "geometry": {"type": "Polygon", "coordinates": [[[140000, 455000], [140100, 455000], [140100, 455100], [140000, 455000]]]}}]}  # fmt: skip
    path = tmp_path_factory.mktemp("fuzz") / "enc.geojson"
    try:
        path.write_bytes(json.dumps(doc, ensure_ascii=False).encode(encoding))
    except UnicodeEncodeError:
        return
    event(check(db, path, 1))


def test_huge_and_non_finite_coordinates_are_refused(db, tmp_path):
    for coords in (
        [[0, 0], [1e300, 0], [1e300, 1e300], [0, 0]],
        [[140000, 455000], [math.inf, 455000], [140000, 455100], [140000, 455000]],
    ):
        doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"naam": "A", "domein": "wonen"},
               "geometry": {"type": "Polygon", "coordinates": [coords]}}]}  # fmt: skip
        path = tmp_path / "huge.geojson"
        path.write_text(json.dumps(doc, allow_nan=True), "utf-8")
        assert check(db, path, 1) == "refused"


def test_upload_over_50_mb_is_refused_quickly(settings):
    from tests.fixtures.clients import make_clients

    api = make_clients(settings)
    vid = api.utrecht.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "Groot"}).json()["id"]
    big = b'{"type":"FeatureCollection","features":[' + b" " * (50 * 1024 * 1024 + 10) + b"]}"
    response = api.utrecht.post(f"/api/v1/voorstellen/{vid}/import", files={"bestand": ("groot.geojson", big)})
    assert response.status_code == 400 and "groter dan 50 MB" in response.json()["detail"]
