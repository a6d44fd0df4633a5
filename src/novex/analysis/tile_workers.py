"""Batches of tiles computed on worker processes, so that both cores work in full.

Threads share one interpreter: between Shapely's calls the tile kernel's numpy work holds the
interpreter's lock, so two threads reach about 1.6 times one. Worker processes share nothing.
Each batch of tiles is sent with only the claims near it (as WKB, exact to the bit) and its faces
come back as flat arrays. Results are taken in order, with at most `IN_FLIGHT` batches per worker
out at once, so finished batches do not pile up in memory while an earlier one still runs. That is
enough work queued to keep the workers busy while the caller joins a million faces (about a
second, `tiles._Compacted`): with 3 batches ahead the machine fell to one busy core at each join.

Workers are started once (`spawn`: no copy of the caller's threads or locks) and kept. A worker
that dies (a crash inside GEOS) breaks only the pool: `BrokenProcessPool` reaches the caller,
which forgets the pool and computes on threads. `NOVEX_TILE_PROCESSES=0` keeps tiles on threads;
inside a daemonic process (a Dask worker) threads are used as well.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import TypeVar

import numpy as np
import shapely

PROCESS_MIN_TILES = 16  # fewer tiles are not worth starting workers for
BATCH_TILES = 2  # tiles per task: tiles differ a lot in cost, small tasks balance the workers
IN_FLIGHT = 16  # tasks per worker sent ahead (a batch's result: about a megabyte)
Box = tuple[float, float, float, float]
T = TypeVar("T")


def wanted(workers: int, n_tiles: int) -> bool:
    """Whether tiles should go to worker processes."""
    return (
        workers > 1
        and n_tiles >= PROCESS_MIN_TILES
        and os.environ.get("NOVEX_TILE_PROCESSES", "1") != "0"
        and not multiprocessing.current_process().daemon
    )


@cache
def process_pool(workers: int) -> ProcessPoolExecutor:
    """The long-lived pool of `workers` processes."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))


def forget_pool(workers: int) -> None:
    """Drop a broken pool: the next call starts a new one."""
    if process_pool.cache_info().currsize:
        process_pool(workers).shutdown(wait=False, cancel_futures=True)
    process_pool.cache_clear()


def in_processes(
    kernel: Callable[[np.ndarray, shapely.STRtree, Box, np.ndarray | None], T],
    geoms: np.ndarray,
    tree: shapely.STRtree,
    boxes: list[Box],
    index: np.ndarray | None,
    workers: int,
) -> Iterator[T]:
    """`kernel(claims, tree, box, names)` for every box, on worker processes, in the order of `boxes`.

    `kernel` must be a module-level function (sent by name); each task gets the claims whose
    boxes meet its tiles, named by `index` (or by position in `geoms`).
    """
    pool = process_pool(workers)
    batches = iter([boxes[start : start + BATCH_TILES] for start in range(0, len(boxes), BATCH_TILES)])
    pending: deque[Future] = deque()

    def send(batch: list[Box]) -> None:
        near = np.unique(tree.query(shapely.box(*np.array(batch, dtype=float).T))[1])
        names = near if index is None else index[near]
        pending.append(pool.submit(_run, kernel, shapely.to_wkb(geoms[near]), names, batch))

    for batch in batches:
        send(batch)
        if len(pending) >= IN_FLIGHT * workers:
            break
    try:
        while pending:
            done = pending.popleft().result()
            batch = next(batches, None)
            if batch is not None:
                send(batch)
            yield from done
    finally:  # the caller stopped early (an error): batches not yet started are not run
        for future in pending:
            future.cancel()


def _run(kernel: Callable, wkb: np.ndarray, names: np.ndarray, batch: list[Box]) -> list:
    geoms = shapely.from_wkb(wkb)
    tree = shapely.STRtree(geoms)
    return [kernel(geoms, tree, box, names) for box in batch]
