"""Batches of tiles computed on worker processes, so that both cores work in full.

Threads share one interpreter: between Shapely's calls the tile kernel's numpy work holds the
interpreter's lock, so two threads reach about 1.6 times one. Worker processes share nothing.
Each batch of tiles is sent with only the claims near it (as WKB, exact to the bit) and its faces
come back as flat arrays. Results are taken in order, with at most `IN_FLIGHT` batches per worker
out at once, so finished batches do not pile up in memory while an earlier one still runs.

Results do not travel through the pipe: a worker writes the arrays of its pickled result into a
file in memory (`/dev/shm`) and sends only the pickle's frame; the caller maps the file, deletes
it at once and reads the arrays in place (`_handed_over`, `_taken_over`). That saves the copies
into and out of the pipe, most of the caller's work beside the workers.

Workers are started once (`spawn`: no copy of the caller's threads or locks) and kept. A worker
that dies (a crash inside GEOS) breaks only the pool: `BrokenProcessPool` reaches the caller,
which forgets the pool and computes on threads. `NOVEX_TILE_PROCESSES=0` keeps tiles on threads;
inside a daemonic process (a Dask worker) threads are used as well.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
import pickle
import shutil
import tempfile
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from functools import cache
from typing import TypeVar

import numpy as np
import shapely

PROCESS_MIN_TILES = 16  # fewer tiles are not worth starting workers for
BATCH_TILES = 2  # tiles per task: tiles differ a lot in cost, small tasks balance the workers
IN_FLIGHT = 3  # tasks per worker sent ahead
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


@cache
def hand_over_folder() -> str:
    """The folder, in memory where there is such a place, for results handed over by this process's workers.

    Removed when the process ends; a file in it lives only from a worker's write to the caller's read.
    """
    folder = tempfile.mkdtemp(prefix="novex-tiles-", dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None)
    weakref.finalize(hand_over_folder, shutil.rmtree, folder, True)
    return folder


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
    folder = hand_over_folder()
    batches = iter([boxes[start : start + BATCH_TILES] for start in range(0, len(boxes), BATCH_TILES)])
    pending: deque[Future] = deque()

    def send(batch: list[Box]) -> None:
        near = np.unique(tree.query(shapely.box(*np.array(batch, dtype=float).T))[1])
        names = near if index is None else index[near]
        pending.append(pool.submit(_run, kernel, shapely.to_wkb(geoms[near]), names, batch, folder))

    for batch in batches:
        send(batch)
        if len(pending) >= IN_FLIGHT * workers:
            break
    try:
        while pending:
            done = _taken_over(*pending.popleft().result())
            batch = next(batches, None)
            if batch is not None:
                send(batch)
            yield from done
    finally:  # the caller stopped early (an error): batches not yet started are not run
        for future in pending:
            if not future.cancel():  # running: its result is not wanted, its file goes when it is written
                future.add_done_callback(_discard)


def _run(kernel: Callable, wkb: np.ndarray, names: np.ndarray, batch: list[Box], folder: str) -> tuple:
    geoms = shapely.from_wkb(wkb)
    tree = shapely.STRtree(geoms)
    return _handed_over([kernel(geoms, tree, box, names) for box in batch], folder)


def _handed_over(value: object, folder: str) -> tuple[bytes, str | None, list[int]]:
    """`value` pickled: its arrays' data written to a new file in `folder`, the rest returned with the file's name.

    Where the file cannot be written (the folder full or gone), the whole value goes through the pipe.
    """
    buffers: list[pickle.PickleBuffer] = []
    frame = pickle.dumps(value, protocol=5, buffer_callback=buffers.append)
    raws = [b.raw() for b in buffers]
    path = None
    try:
        handle, path = tempfile.mkstemp(dir=folder, suffix=".tile")
        with os.fdopen(handle, "wb") as file:
            for raw in raws:
                file.write(raw)
    except OSError:
        if path is not None:
            os.unlink(path)
        return pickle.dumps(value, protocol=5), None, []
    return frame, path, [raw.nbytes for raw in raws]


def _discard(future: Future) -> None:
    """Delete the file of a handed-over result nobody will read."""
    if not future.cancelled() and future.exception() is None and future.result()[1] is not None:
        os.unlink(future.result()[1])


def _taken_over(frame: bytes, path: str | None, sizes: list[int]) -> object:
    """The value `_handed_over` wrote: its arrays read in place from the mapped file, which is deleted at once."""
    if path is None:
        return pickle.loads(frame)
    try:
        with open(path, "rb") as file:
            mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if sum(sizes) else b""
    finally:
        os.unlink(path)
    view, buffers, at = memoryview(mapped), [], 0
    for size in sizes:
        buffers.append(view[at : at + size])
        at += size
    return pickle.loads(frame, buffers=buffers)
