"""The national run on Dask (`dask.distributed`): the tile kernel on many machines.

A national analysis with millions of claims has connected groups far too large for one
machine's two cores. Their tiles are independent (`analysis.tiles`), so the same kernel,
`tiles.tile_partition`, runs on a Dask cluster instead of the local thread pool:

1. `tiles.quadtree` splits the group's box into tiles, here, on the calling machine;
2. the group's polygons go to every worker once (`Client.scatter(..., broadcast=True)`, as
   WKB); each worker decodes them and builds its STRtree once per group (cached on the worker);
3. the tiles go out in batches (`Client.map`): each task returns its tiles' inner faces and
   their border pieces (`overlay.Faces`, flat arrays: cheap to send back);
4. the border pieces are stitched here with `overlay.merge_seams`, exactly as
   `tiles.tiled_partition` does, so the faces are the same as the in-process run's.

Dask is an optional extra (`pip install 'novex[dask]'`) and imported only when used. Without
`NOVEX_DASK_SCHEDULER` nothing changes: `dask_client()` gives no client and the national
analysis runs in-process on the thread pool. With `NOVEX_DASK_SCHEDULER=tcp://host:8786` the
large groups (more than `stacking.TILED_GROUP` claims) go to that cluster; the small groups,
cheap and many, stay in-process (they are computed while the cluster works).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from novex.analysis import tiles
from novex.analysis.overlay import DEFAULT_THREADS, Faces, OverlapPairs, candidate_pairs, components
from novex.analysis.stacking import TILED_GROUP, stack_faces

if TYPE_CHECKING:
    from distributed import Client, Future

SCHEDULER_ENV = "NOVEX_DASK_SCHEDULER"
BATCHES_PER_THREAD = 4  # tile batches per worker thread: tiles differ a lot in cost, small batches balance
MAX_BATCH = 64  # tiles per task at most (a task's faces come back in one message)
CONNECT_TIMEOUT_S = 30.0  # to reach the scheduler at NOVEX_DASK_SCHEDULER


# --------------------------------------------------------------------------- the client


def scheduler_address() -> str | None:
    """The Dask scheduler novex is pointed at (`NOVEX_DASK_SCHEDULER`), or None: in-process."""
    address = os.environ.get(SCHEDULER_ENV, "").strip()
    return address or None


_clients: dict[str, Client] = {}
_clients_lock = threading.Lock()


def dask_client(address: str | None = None, *, in_process: bool = False) -> Client | None:
    """A Dask client for the national run, or None for the default in-process run (no Dask at all).

    `address` (else `NOVEX_DASK_SCHEDULER`) names a running scheduler (`tcp://host:8786`); the
    client is made once per address and shared. Without an address, `in_process=True` asks for
    an in-process Dask cluster (`Client(processes=False)`, threads in this process); otherwise
    there is no client and the caller keeps the existing thread-pool path.
    """
    address = address or scheduler_address()
    if address is None and not in_process:
        return None
    Client = _client_class()
    if address is None:
        return Client(processes=False, dashboard_address=":0", set_as_default=False)
    with _clients_lock:
        client = _clients.get(address)
        if client is None or client.status not in ("running", "connecting", "newly-created"):
            try:
                client = Client(address, set_as_default=False, timeout=CONNECT_TIMEOUT_S)
            except OSError as exc:  # no scheduler there (distributed raises OSError or TimeoutError)
                raise RuntimeError(f"De Dask-scheduler {address} ({SCHEDULER_ENV}) is niet bereikbaar: {exc}") from exc
            _clients[address] = client
        return client


def close_clients() -> None:
    """Close the shared clients (`dask_client(address)`): at shutdown, or between tests."""
    with _clients_lock:
        while _clients:
            _clients.popitem()[1].close()


def _client_class() -> type[Client]:
    try:
        from distributed import Client
    except ImportError as exc:  # the optional extra is missing
        raise RuntimeError(
            f"{SCHEDULER_ENV} is gezet, maar Dask is niet geïnstalleerd: installeer novex met "
            "de extra 'dask' (pip install 'novex[dask]')."
        ) from exc
    return Client


def _total_threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


# --------------------------------------------------------------------------- worker side

_WORKER_GROUPS: OrderedDict[str, tuple[np.ndarray, shapely.STRtree]] = OrderedDict()
_WORKER_LOCK = threading.Lock()
# Groups whose polygons and tree a worker keeps: the scheduler runs the tasks about in the order they
# were sent (group after group), and a group is forgotten as soon as it is stitched.
_WORKER_KEEP = 4


def _worker_group(token: str, wkb: np.ndarray) -> tuple[np.ndarray, shapely.STRtree]:
    """The group's polygons and STRtree on this worker, decoded and built once per group."""
    with _WORKER_LOCK:
        if token in _WORKER_GROUPS:
            _WORKER_GROUPS.move_to_end(token)
            return _WORKER_GROUPS[token]
        geoms = shapely.from_wkb(wkb)
        found = (geoms, shapely.STRtree(geoms))
        _WORKER_GROUPS[token] = found
        while len(_WORKER_GROUPS) > _WORKER_KEEP:
            _WORKER_GROUPS.popitem(last=False)
        return found


def _forget_group(token: str) -> None:
    with _WORKER_LOCK:
        _WORKER_GROUPS.pop(token, None)


def _tile_batch(boxes: list[tiles.Box], token: str, wkb: np.ndarray, index: np.ndarray | None) -> tuple[Faces, Faces]:
    """The kernel on a batch of tiles: their inner faces and their border pieces, each as one `Faces`."""
    geoms, tree = _worker_group(token, wkb)
    done = [tiles.tile_partition(geoms, tree, box, index) for box in boxes]
    inner = [tile[0] for tile in done]
    border = [tile[1] for tile in done]
    del done
    return Faces.concat(inner), Faces.concat(border)


# --------------------------------------------------------------------------- calling side


@dataclass
class _Submitted:
    """A group's tiles under way on the cluster."""

    client: Client
    token: str
    futures: list[Future]
    data: list[Future]
    released: bool = False

    def result(self) -> Faces:
        """Gather the tiles as they finish and stitch their border pieces (`merge_seams`)."""
        from distributed import as_completed

        inner: list[Faces] = []
        border: list[Faces] = []
        try:
            for future, (faces, seams) in as_completed(self.futures, loop=self.client.loop, with_results=True):
                inner.append(faces)
                border.append(seams)
                future.release()
        finally:
            self.release()
        return _stitch(inner, border)

    def release(self) -> None:
        """Free the group's data on the workers (the futures and the workers' decoded copy)."""
        if self.released:
            return
        self.released = True
        for future in (*self.futures, *self.data):
            future.release()
        if self.client.status == "running":
            self.client.run(_forget_group, self.token)


def _stitch(inner: list[Faces], border: list[Faces]) -> Faces:
    """The group's faces: the tiles' inner faces and their merged border pieces (as `tiles.tiled_partition`)."""
    return Faces.concat(tiles.stitched(inner, border))


def _batches(boxes: list[tiles.Box], n_threads: int) -> list[list[tiles.Box]]:
    """Boxes dealt round-robin into batches: neighbouring tiles (a deep core) spread over all tasks."""
    n = max(1, min(len(boxes), max(BATCHES_PER_THREAD * n_threads, -(-len(boxes) // MAX_BATCH))))
    return [boxes[k::n] for k in range(n) if boxes[k::n]]


def submit_group(
    client: Client,
    geoms: np.ndarray,
    max_claims: int | None = None,
    min_edge: float | None = None,
    index: np.ndarray | None = None,
) -> _Submitted:
    """Send one connected group's tiles to the cluster; `.result()` gathers and stitches them."""
    geoms = np.asarray(geoms, dtype=object)
    boxes = tiles.quadtree(
        geoms,
        tiles.TILE_CLAIMS if max_claims is None else max_claims,
        tiles.MIN_TILE_M if min_edge is None else min_edge,
    )
    token = uuid.uuid4().hex
    wkb = client.scatter(shapely.to_wkb(geoms), broadcast=True, hash=False)
    data = [wkb]
    index_data: Any = None
    if index is not None:
        index_data = client.scatter(np.asarray(index), broadcast=True, hash=False)
        data.append(index_data)
    batches = _batches(boxes, _total_threads(client))
    futures = client.map(
        _tile_batch,
        batches,
        token=token,
        wkb=wkb,
        index=index_data,
        key=[f"novex-tiles-{token}-{k}" for k in range(len(batches))],
        pure=False,
    )
    return _Submitted(client, token, futures, data)


def tiled_partition_dask(
    geoms: Sequence | np.ndarray,
    client: Client | None = None,
    max_claims: int | None = None,
    min_edge: float | None = None,
    index: np.ndarray | None = None,
) -> Faces:
    """`tiles.tiled_partition` with the tiles computed on a Dask cluster: the same faces.

    `client` defaults to `dask_client(in_process=True)` when `NOVEX_DASK_SCHEDULER` is not set
    (an in-process Dask cluster: for tests and trials; the national run uses `stack_faces_dask`).
    """
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return tiles.tiled_partition(geoms, max_claims=max_claims, min_edge=min_edge, index=index)
    own = client is None
    client = client or dask_client(in_process=True)
    try:
        return submit_group(client, geoms, max_claims, min_edge, index).result()
    finally:
        if own and scheduler_address() is None:
            client.close()


def stack_faces_dask(
    geoms: Sequence | np.ndarray,
    client: Client | None = None,
    threads: int = DEFAULT_THREADS,
    pairs: OverlapPairs | None = None,
    tiled_group: int = TILED_GROUP,
    max_claims: int | None = None,
    min_edge: float | None = None,
) -> Faces:
    """`stacking.stack_faces` with the large groups' tiles on a Dask cluster: the same faces.

    `client` defaults to `dask_client()`: the cluster at `NOVEX_DASK_SCHEDULER`; without one this
    is `stacking.stack_faces` itself (no Dask at all). Groups of more than `tiled_group` polygons
    are sent to the cluster first; the smaller groups are computed here meanwhile, on `threads`.
    """
    client = client or dask_client()
    if client is None:
        return stack_faces(geoms, threads=threads, pairs=pairs, tiled_group=tiled_group)
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    i, j = (pairs.i, pairs.j) if pairs is not None else candidate_pairs(geoms, threads)
    labels = components(n, i, j)
    sizes = np.bincount(labels, minlength=labels.max() + 1 if n else 0)
    large_labels = np.flatnonzero(sizes > tiled_group)
    if not len(large_labels):
        return stack_faces(
            geoms, threads=threads, pairs=OverlapPairs(i, j, _areas(pairs, len(i))), tiled_group=tiled_group
        )
    large = [np.flatnonzero(labels == label) for label in large_labels]
    submitted = [submit_group(client, geoms[group], max_claims, min_edge, index=group) for group in large]
    try:
        rest = np.flatnonzero(~np.isin(labels, large_labels))
        small = _stack_subset(geoms, rest, i, j, pairs, threads, tiled_group)
        parts = [small, *(job.result() for job in submitted)]
    finally:
        for job in submitted:
            job.release()
    return Faces.concat(parts)


def _areas(pairs: OverlapPairs | None, n: int) -> np.ndarray:
    return pairs.area if pairs is not None else np.zeros(n)  # stack_faces reads only i and j


def _stack_subset(
    geoms: np.ndarray,
    subset: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    pairs: OverlapPairs | None,
    threads: int,
    tiled_group: int,
) -> Faces:
    """`stack_faces` of `geoms[subset]` (whole groups) with the members as positions in `geoms`."""
    position = np.full(len(geoms), -1, dtype=np.int64)
    position[subset] = np.arange(len(subset))
    keep = (position[i] >= 0) & (position[j] >= 0)
    area = _areas(pairs, len(i))[keep]
    sub_pairs = OverlapPairs(position[i[keep]], position[j[keep]], area)
    faces = stack_faces(geoms[subset], threads=threads, pairs=sub_pairs, tiled_group=tiled_group)
    return replace(faces, own=subset[faces.own].astype(np.int32), sets=subset[faces.sets].astype(np.int32))
