"""A real client: GDAL's OGC API Features driver (`ogrinfo OAPIF:…`) against novex served by uvicorn.

It lists the collections and reads claims, filtered by a bbox, with their coordinates in RD New — the way
QGIS and GDAL use the service, with the API token as a bearer header (`GDAL_HTTP_HEADERS`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import httpx
import pytest
from pyproj import Transformer

from tests.fixtures.clients import add_accounts
from tests.fixtures.geo import UTRECHT, square
from tests.fixtures.serving import uvicorn_thread

pytestmark = pytest.mark.sqlite_only  # the client and the edge are what is tested; the services have their own tests

X, Y = UTRECHT
SQUARES = [square(X + i * 3000, Y, 400) for i in range(3)]  # RD New, 3 km apart
RD = "http://www.opengis.net/def/crs/EPSG/0/28992"
OGRINFO = shutil.which("ogrinfo")
TO_WGS84 = Transformer.from_crs(28992, 4326, always_xy=True)
TO_RD = Transformer.from_crs(4326, 28992, always_xy=True)
GUARD = 30.0  # seconds: only against a hang


@pytest.fixture
def served(settings):
    """novex on a free port with one Utrecht voorstel of three claims; yields (base URL, token, voorstel, ids)."""
    tokens = add_accounts(settings)
    with uvicorn_thread(settings, GUARD) as base:
        with httpx.Client(base_url=base, timeout=GUARD, headers={"Authorization": f"Bearer {tokens['utrecht']}"}) as c:
            vid = c.post("/api/v1/voorstellen", json={"provincie": "PV26", "naam": "GDAL-proef"}).json()["id"]
            ids = []
            for i, geom in enumerate(SQUARES):
                body = {"type": "Feature", "geometry": geom.__geo_interface__,
                        "properties": {"naam": f"Claim {i}", "domein": "wonen"}}  # fmt: skip
                made = c.post(f"/api/v1/voorstellen/{vid}/claims", json=body, headers={"Content-Crs": "epsg:28992"})
                assert made.status_code == 201, made.text
                ids.append(made.json()["id"])
        yield base, tokens["lezer"], vid, ids


def ogrinfo(token: str, *args: str) -> str:
    """Run ogrinfo with the bearer header; its standard output (fails the test on a non-zero exit)."""
    env = os.environ | {"GDAL_HTTP_HEADERS": f"Authorization: Bearer {token}", "CPL_DEBUG": "OFF"}
    done = subprocess.run([OGRINFO, *args], env=env, capture_output=True, text=True, timeout=GUARD)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(OGRINFO is None and not os.environ.get("CI"), reason="gdal-bin is not installed (CI installs it: .ci/run)")
def test_gdal_lists_the_collections_and_reads_claims_in_rd_new(served):
    base, token, vid, ids = served
    listing = ogrinfo(token, "-ro", "-so", f"OAPIF:{base}/ogc/v1")
    layers = set(re.findall(r"^\d+: (\S+)", listing, re.MULTILINE))
    assert {"claims", f"claims-voorstel-{vid}", "provincies", "gemeenten", "novex-gebieden", "conflicten"} <= layers
    assert any(name.startswith("beperkingen-") for name in layers)

    # Claims 1 and 2 by a bbox, read with their geometry, RD New asked for (open option CRS). GDAL 3.6 predates
    # Part 2 in its driver (it ignores the option and reads CRS84); GDAL 3.7+ reads RD New from the server. The
    # bbox is given in the layer's CRS either way.
    layer = f"claims-voorstel-{vid}"
    rd_option = ("-oo", f"CRS={RD}")
    summary = ogrinfo(token, "-ro", "-so", *rd_option, f"OAPIF:{base}/ogc/v1", layer)
    in_rd = 'ID["EPSG",28992]' in summary
    rd_box = (X + 3000 + 100, Y + 100, X + 6000 + 100, Y + 200)
    if in_rd:
        spat = rd_box
    else:
        xs, ys = TO_WGS84.transform([rd_box[0], rd_box[2], rd_box[0], rd_box[2]], [rd_box[1], rd_box[1], rd_box[3], rd_box[3]])
        spat = (min(xs), min(ys), max(xs), max(ys))  # a little larger than the RD box: still only claims 1 and 2
    out = ogrinfo(token, "-ro", *rd_option, "-spat", *(repr(v) for v in spat), f"OAPIF:{base}/ogc/v1", layer)
    found = [int(n) for n in re.findall(r"^OGRFeature\([^)]*\):(\d+)$", out, re.MULTILINE)]
    assert found == ids[1:], out
    assert "Claim 1" in out and "Claim 2" in out and "Claim 0" not in out
    polygons = re.findall(r"POLYGON \(\(([^)]*)\)\)", out)
    assert len(polygons) == 2
    for text, expected in zip(polygons, SQUARES[1:], strict=True):
        points = [tuple(float(v) for v in p.split()[:2]) for p in text.split(",")]
        xs, ys = zip(*points, strict=True)
        if not in_rd:  # the coordinates GDAL read, in RD New
            xs, ys = TO_RD.transform(xs, ys)
        assert (min(xs), min(ys), max(xs), max(ys)) == pytest.approx(expected.bounds, abs=0.05)
