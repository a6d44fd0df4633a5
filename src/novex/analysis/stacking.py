"""The stack map (*stapelkaart*) of many claims: groups found, each noded alone, in batches or per tile.

`stack_faces` is the exact planar partition of the claims with, per face, the claims covering
it. It sits above the kernels it combines: `overlay` (noding one group, merging seams) and
`tiles` (one large group per tile, on worker processes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from novex.analysis.overlay import (
    DEFAULT_THREADS,
    Faces,
    OverlapPairs,
    _parallel,
    candidate_pairs,
    components,
    partition_group,
)
from novex.analysis.tiles import tiled_parts

TILED_GROUP = 2_000  # claims in a connected group beyond which it is noded per tile (analysis.tiles)
BATCH_CLAIMS = 256  # small groups are noded together in batches of about this many claims


def _batches(groups: list[np.ndarray], size: int = BATCH_CLAIMS) -> list[np.ndarray]:
    """Small groups joined into batches of about `size` polygons, each batch noded at once.

    Groups do not overlap one another, so noding several together gives each the faces it
    would get alone (the faces between them are covered by none and drop out), at a fraction
    of the per-call cost: a national run has thousands of groups of a few claims.
    """
    batches: list[np.ndarray] = []
    pending: list[np.ndarray] = []
    count = 0
    for group in groups:
        pending.append(group)
        count += len(group)
        if count >= size:
            batches.append(np.concatenate(pending))
            pending, count = [], 0
    if pending:
        batches.append(np.concatenate(pending))
    return batches


def stack_faces(
    geoms: Sequence | np.ndarray,
    threads: int = DEFAULT_THREADS,
    pairs: OverlapPairs | None = None,
    tiled_group: int = TILED_GROUP,
) -> Faces:
    """The exact planar partition (stapelkaart) of the polygons.

    Polygons that overlap nothing are their own face. Each connected group of
    overlapping polygons (its vertices on the 1 mm grid since ingest) is noded and its
    faces traced; small groups are noded together in batches (`_batches`). Each face keeps
    the indices of the polygons that cover it (faces in holes between polygons drop out).
    A group of more than `tiled_group` polygons is noded per tile and stitched
    (`analysis.tiles`): the same faces, in bounded memory and on every thread.
    Without `pairs`, groups are those of polygons whose bounding boxes meet (a tenth of the
    cost of testing the polygons; polygons that only touch or lie side by side in one group
    change no face), so no overlap area is measured.
    """
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    i, j = (pairs.i, pairs.j) if pairs is not None else candidate_pairs(geoms, threads, predicate=None)
    labels = components(n, i, j)
    sizes = np.bincount(labels, minlength=labels.max() + 1 if n else 0)
    alone = np.flatnonzero(sizes[labels] == 1)
    parts = [Faces.from_lists(geoms[alone], list(alone.reshape(-1, 1)))]

    grouped = np.argsort(labels[sizes[labels] > 1], kind="stable")
    multi = np.flatnonzero(sizes[labels] > 1)[grouped]
    starts = np.flatnonzero(np.diff(labels[multi], prepend=-1))
    groups = np.split(multi, starts[1:]) if len(multi) else []
    large = [g for g in groups if len(g) > tiled_group]
    groups = [g for g in groups if len(g) <= tiled_group]

    batches = _batches(groups)

    def run(part: slice) -> list[Faces]:
        out = []
        for batch in batches[part]:
            faces, members = partition_group(geoms[batch])
            out.append(Faces.from_lists(faces, [batch[m] for m in members]))
        return out

    for chunk in _parallel(run, len(batches), threads, max(1, len(batches) // (4 * max(threads, 1)) + 1)):
        parts += chunk
    for group in large:
        parts += tiled_parts(geoms[group], threads, index=group)
    return Faces.concat(parts)
