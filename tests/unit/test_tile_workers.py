"""Tiles on worker processes: the same faces as on threads, and threads again when a worker dies."""

from __future__ import annotations

import os
import time
from concurrent.futures import wait
from concurrent.futures.process import BrokenProcessPool

import numpy as np
import pytest
import shapely

from novex.analysis import tile_workers, tiles
from novex.analysis.tiles import quadtree, tiled_partition

from .test_tiled_stacking import dense_claims, random_claims


def same_faces(a, b) -> None:
    """Exactly the same faces, in the same order, with the same members."""
    assert len(a) == len(b)
    np.testing.assert_array_equal(a.polygons.coords, b.polygons.coords)
    np.testing.assert_array_equal(a.polygons.ring_offsets, b.polygons.ring_offsets)
    np.testing.assert_array_equal(a.depth, b.depth)
    assert all(np.array_equal(x, y) for x, y in zip(a.members, b.members, strict=True))


def _crash(*_args) -> None:
    """A kernel that kills its worker, as a crash inside GEOS would."""
    os._exit(3)


def _slow(*args):
    """The tile kernel, slowed down: batches are still queued when the caller stops."""
    time.sleep(0.3)
    return tiles.tile_partition(*args)


@pytest.mark.parametrize("claims", [random_claims(80), dense_claims(25)], ids=["random", "dense"])
def test_processes_give_the_faces_threads_give(claims, monkeypatch):
    max_claims, min_edge = 5, 10.0
    assert len(quadtree(claims, max_claims, min_edge)) >= tile_workers.PROCESS_MIN_TILES
    monkeypatch.setenv("NOVEX_TILE_PROCESSES", "0")
    on_threads = tiled_partition(claims, threads=2, max_claims=max_claims, min_edge=min_edge)
    assert not tile_workers.wanted(2, 100)
    monkeypatch.delenv("NOVEX_TILE_PROCESSES")
    assert tile_workers.wanted(2, 100)
    on_processes = tiled_partition(claims, threads=2, max_claims=max_claims, min_edge=min_edge)
    assert tile_workers.process_pool.cache_info().currsize == 1  # the workers did run
    same_faces(on_processes, on_threads)


def test_names_follow_the_index_across_processes():
    claims = random_claims(60)
    index = np.arange(len(claims)) * 7 + 1000
    named = tiled_partition(claims, threads=2, max_claims=5, min_edge=10.0, index=index)
    plain = tiled_partition(claims, threads=2, max_claims=5, min_edge=10.0)

    def faces(members, areas) -> list:
        return sorted((tuple(m.tolist()), round(float(a), 6)) for m, a in zip(members, areas, strict=True))

    assert faces(named.members, named.areas) == faces([index[m] for m in plain.members], plain.areas)


def test_a_dying_worker_breaks_the_pool_and_is_reported():
    claims = random_claims(40)
    tree = shapely.STRtree(claims)
    boxes = quadtree(claims, 5, 10.0)
    with pytest.raises(BrokenProcessPool):
        list(tile_workers.in_processes(_crash, claims, tree, boxes, None, 2))
    tile_workers.forget_pool(2)
    assert tile_workers.process_pool.cache_info().currsize == 0


def test_a_broken_pool_falls_back_to_threads(monkeypatch):
    claims = random_claims(60)
    monkeypatch.setenv("NOVEX_TILE_PROCESSES", "0")
    want = tiled_partition(claims, threads=2, max_claims=5, min_edge=10.0)
    monkeypatch.delenv("NOVEX_TILE_PROCESSES")

    def breaks_halfway(kernel, geoms, tree, boxes, index, workers):
        yield kernel(geoms, tree, boxes[0], index)  # some tiles arrive, then a worker dies
        raise BrokenProcessPool("a worker died")

    forgotten = []
    monkeypatch.setattr(tiles.tile_workers, "in_processes", breaks_halfway)
    monkeypatch.setattr(tiles.tile_workers, "forget_pool", forgotten.append)
    got = tiled_partition(claims, threads=2, max_claims=5, min_edge=10.0)
    assert forgotten == [2]
    same_faces(got, want)


def test_batches_not_started_are_cancelled_when_the_caller_stops(monkeypatch):
    claims = random_claims(60)
    tree = shapely.STRtree(claims)
    boxes = quadtree(claims, 5, 10.0)
    sent: list = []
    real = tile_workers.process_pool

    class Recording:
        def submit(self, *args):
            future = real(2).submit(*args)
            sent.append(future)
            return future

    monkeypatch.setattr(tile_workers, "process_pool", lambda workers: Recording())
    results = tile_workers.in_processes(_slow, claims, tree, boxes, None, 2)
    next(results)
    results.close()  # as when the caller's loop raises
    assert len(sent) == tile_workers.IN_FLIGHT * 2 + 1  # sent ahead, plus one for the batch taken
    wait(sent)  # the batches already running end
    assert any(f.cancelled() for f in sent)  # those still queued never ran
