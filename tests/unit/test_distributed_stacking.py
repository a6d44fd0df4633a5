"""The tile kernel on a Dask cluster (two worker processes) gives the faces of the in-process run."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from distributed import Client, LocalCluster, get_task_stream

from novex.analysis import distributed, tiles
from novex.analysis.distributed import SCHEDULER_ENV, dask_client, stack_faces_dask, tiled_partition_dask
from novex.analysis.overlay import GRID, Faces, candidate_pairs, components
from novex.analysis.puzzle import Matrix, analyse
from novex.analysis.stacking import TILED_GROUP, stack_faces
from novex.claims.model import Claim, Hardheid

DOMAINS = ("wonen", "energie-wind", "natuur", "landbouw")


def dense_cluster(n: int, seed: int = 7, sigma: float = 1_200.0, at: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    """One dense cluster: a third buffered points (8-gons), the rest rectangles, 60–300 m, on the 1 mm grid."""
    rng = np.random.default_rng(seed)
    cx, cy = rng.normal(at[0], sigma, n), rng.normal(at[1], sigma, n)
    w, h = rng.uniform(60, 300, n), rng.uniform(60, 300, n)
    k = n // 3
    points = shapely.buffer(shapely.points(cx[:k], cy[:k]), w[:k] / 2, quad_segs=2)
    rects = shapely.box(cx[k:] - w[k:] / 2, cy[k:] - h[k:] / 2, cx[k:] + w[k:] / 2, cy[k:] + h[k:] / 2)
    return shapely.set_precision(np.concatenate([points, rects]), GRID)


def scattered(n: int, seed: int = 3) -> np.ndarray:
    """Rectangles spread thin far from the cluster: isolated claims and small groups."""
    rng = np.random.default_rng(seed)
    x, y = rng.uniform(20_000, 40_000, n), rng.uniform(20_000, 40_000, n)
    w, h = rng.uniform(100, 900, n), rng.uniform(100, 900, n)
    return shapely.set_precision(shapely.box(x, y, x + w, y + h), GRID)


def by_members(faces: Faces) -> dict[tuple[int, ...], list[float]]:
    """Face areas per covering set, largest first (a set can cover several separate faces)."""
    out: dict[tuple[int, ...], list[float]] = {}
    for members, area in zip(faces.members, faces.areas.tolist(), strict=True):
        out.setdefault(tuple(members.tolist()), []).append(area)
    return {k: sorted(v, reverse=True) for k, v in out.items()}


def assert_same_faces(got: Faces, want: Faces) -> None:
    """Same number of faces, same covering sets (as often), areas within 0.01 %, same area per depth."""
    assert len(got) == len(want)
    mine, theirs = by_members(got), by_members(want)
    assert mine.keys() == theirs.keys()
    for key, areas in theirs.items():
        assert len(mine[key]) == len(areas), key
        assert mine[key] == pytest.approx(areas, rel=1e-4), key
    for faces in (got, want):
        assert np.all(faces.depth > 0)
    depths = np.unique(want.depth)
    assert np.array_equal(np.unique(got.depth), depths)
    per_depth = lambda f: [float(f.areas[f.depth == d].sum()) for d in depths]  # noqa: E731
    assert per_depth(got) == pytest.approx(per_depth(want), rel=1e-4)


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster, set_as_default=False) as client:
        yield client


@pytest.fixture(scope="module")
def claims() -> np.ndarray:
    """3,300 claims: a dense cluster of 3,000 (one group beyond TILED_GROUP) and 300 scattered ones."""
    return np.concatenate([dense_cluster(3_000), scattered(300)])


@pytest.fixture(autouse=True)
def no_scheduler(monkeypatch):
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    yield
    distributed.close_clients()


def tile_tasks(stream: list[dict]) -> list[dict]:
    return [t for t in stream if str(t["key"]).startswith("novex-tiles-")]


def test_the_data_is_tiled(claims) -> None:
    """The test is about tiling: one group is beyond TILED_GROUP and splits into many tiles."""
    sizes = np.bincount(components(len(claims), *candidate_pairs(claims)))
    assert sizes.max() > TILED_GROUP
    assert (sizes == 1).sum() > 50  # and there are isolated claims (the small-group path)
    group = np.flatnonzero(sizes[components(len(claims), *candidate_pairs(claims))] == sizes.max())
    assert len(tiles.quadtree(claims[group])) >= 16


def test_tiled_partition_on_two_workers_equals_the_in_process_run(client) -> None:
    group = dense_cluster(3_000)
    want = tiles.tiled_partition(group, max_claims=100)
    with get_task_stream(client) as stream:
        got = tiled_partition_dask(group, client, max_claims=100)
    assert len(tiles.quadtree(group, 100)) > 50
    assert_same_faces(got, want)
    ran = tile_tasks(stream.data)
    assert len({t["worker"] for t in ran}) == 2  # both worker processes computed tiles
    # Independent check: the faces cover the union of the claims, once.
    assert float(got.areas.sum()) == pytest.approx(shapely.union_all(group, grid_size=GRID).area, rel=1e-6)


def test_stack_faces_on_two_workers_equals_stack_faces(client, claims) -> None:
    want = stack_faces(claims)
    with get_task_stream(client) as stream:
        got = stack_faces_dask(claims, client)
    assert tile_tasks(stream.data)
    assert_same_faces(got, want)
    covered = float(shapely.union_all(claims, grid_size=GRID).area)
    assert float(got.areas.sum()) == pytest.approx(covered, rel=1e-6)
    assert float((got.areas * got.depth).sum()) == pytest.approx(float(shapely.area(claims).sum()), rel=1e-6)


def test_without_a_client_the_tiles_run_on_an_in_process_dask_cluster() -> None:
    group = dense_cluster(800, sigma=500.0)
    assert len(tiles.quadtree(group, 60)) > 8
    assert_same_faces(tiled_partition_dask(group, max_claims=60), tiles.tiled_partition(group, max_claims=60))


def test_without_a_scheduler_there_is_no_dask(monkeypatch, claims) -> None:
    assert dask_client() is None

    def no_cluster(*args, **kwargs):
        raise AssertionError("no Dask without NOVEX_DASK_SCHEDULER")

    monkeypatch.setattr(distributed, "submit_group", no_cluster)
    assert_same_faces(stack_faces_dask(claims[:500]), stack_faces(claims[:500]))


def test_the_scheduler_in_the_environment_is_picked_up(monkeypatch, cluster, client, claims) -> None:
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    found = dask_client()
    assert found is not None and found is not client
    assert found.scheduler.address == cluster.scheduler_address
    assert dask_client() is found  # one client per address, shared
    with get_task_stream(client) as stream:  # the scheduler's stream: tasks of every client
        got = stack_faces_dask(claims)
    assert tile_tasks(stream.data)
    assert_same_faces(got, stack_faces(claims))


def test_a_scheduler_that_is_not_there_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT_S", 1.0)
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:9")  # discard: nothing listens
    with pytest.raises(RuntimeError, match="niet bereikbaar"):
        dask_client()


def test_the_national_analysis_runs_its_large_groups_on_the_configured_cluster(
    monkeypatch, cluster, client, cat, provinces
) -> None:
    shared = provinces.get("PV26").geometry.boundary.intersection(provinces.get("PV25").geometry.boundary)
    at = shared.interpolate(0.5, normalized=True)
    geoms = dense_cluster(2_400, seed=11, at=(at.x, at.y))
    rng = np.random.default_rng(5)
    claims = [
        Claim(
            naam=f"claim {k}",
            domein=DOMAINS[int(rng.integers(len(DOMAINS)))],
            geometry=g,
            hardheid=Hardheid.ZACHT,
            prioriteit=int(rng.integers(1, 6)),
            id=k + 1,
            voorstel_id=1,
        )
        for k, g in enumerate(geoms)
    ]
    matrix = Matrix(cat.compatibiliteit)
    want = analyse(claims, provinces, matrix)
    monkeypatch.setenv(SCHEDULER_ENV, cluster.scheduler_address)
    with get_task_stream(client) as stream:
        got = analyse(claims, provinces, matrix)
    assert tile_tasks(stream.data)
    assert got.conflicts  # the dense cluster has conflicts to compare
    assert [(c.claims, c.domains) for c in got.conflicts] == [(c.claims, c.domains) for c in want.conflicts]
    assert [c.area_ha for c in got.conflicts] == pytest.approx([c.area_ha for c in want.conflicts], abs=1e-3)
    for mine, theirs in zip(got.provinces, want.provinces, strict=True):
        assert mine.code == theirs.code
        for name in ("claimed_ha", "covered_ha", "stacked_ha", "unclaimed_ha"):
            assert getattr(mine, name) == pytest.approx(getattr(theirs, name), abs=1e-3), (mine.code, name)
    spot = lambda h: (h.domains, tuple(sorted(h.claims)), h.province)  # noqa: E731
    assert sorted(map(spot, got.hotspots)) == sorted(map(spot, want.hotspots))
