"""Deterministic synthetic claims in RD New (EPSG:28992), clustered like real proposals.

Claims come in clusters (about ``per_cluster`` claims each) whose centres are spread
uniformly over the extent of the Netherlands; inside a cluster, claim centres are
normally scattered (``sigma`` metres). Shapes are mixed:

- 50 % axis-aligned rectangles,
- 30 % rotated rectangles,
- 10 % buffered points with few segments (4 to 12-gons),
- 10 % convex hulls of 5–12 random points.

Sizes (rectangle sides, buffer diameters, hull spreads) are 100–1500 m. Every
geometry is snapped to the 1 mm grid novex stores (as the claim import does) and
checked to be a valid, non-empty Polygon. The same ``(n, seed)`` always gives the
same claims.

``make_dense`` is the hard case for stacking: one connected group of nearly all claims
with a deep core (depth > 100 at 100,000 claims, millions of overlapping pairs), like
many large, overlapping search areas uploaded over one region: a uniform carpet of
claims (the same shape mix, mean cover about 4) over a square whose area grows with
``n`` (so the carpet percolates into one group at every size), plus dense hotspots
(10 % of the claims, about 1,000 per hotspot, normally scattered with ``sigma`` 600 m).

Usage: ``python benchmarks/data.py 10000 -o claims.gpkg [--dense]`` writes a GeoPackage
with columns ``id`` (0..n-1) and the geometry.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import numpy as np
import shapely

CRS = "EPSG:28992"
EXTENT = (10_000.0, 310_000.0, 280_000.0, 610_000.0)  # xmin, ymin, xmax, ymax (RD New)
GRID = 0.001  # 1 mm, as the claim import snaps
SIZE_MIN, SIZE_MAX = 100.0, 1500.0
SHAPE_SHARES = (0.5, 0.3, 0.1, 0.1)  # axis rect, rotated rect, buffered point, convex hull


def _rectangles(cx, cy, w, h, angle):
    """Rectangles of widths ``w`` and heights ``h`` rotated by ``angle`` about their centres."""
    dx = np.array([-0.5, 0.5, 0.5, -0.5, -0.5])
    dy = np.array([-0.5, -0.5, 0.5, 0.5, -0.5])
    lx, ly = dx[None, :] * w[:, None], dy[None, :] * h[:, None]
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    coords = np.stack([cx[:, None] + c * lx - s * ly, cy[:, None] + s * lx + c * ly], axis=-1)
    return shapely.polygons(coords)


def _buffered(rng, cx, cy, size):
    quad_segs = rng.integers(1, 4, size=len(cx))  # 4, 8 or 12 segments around
    out = np.empty(len(cx), dtype=object)
    for q in (1, 2, 3):
        sel = quad_segs == q
        out[sel] = shapely.buffer(shapely.points(cx[sel], cy[sel]), size[sel] / 2, quad_segs=int(q))
    return out


def _hulls(rng, cx, cy, size):
    k = rng.integers(5, 13, size=len(cx))
    owner = np.repeat(np.arange(len(cx)), k)
    px = cx[owner] + rng.uniform(-0.5, 0.5, size=len(owner)) * size[owner]
    py = cy[owner] + rng.uniform(-0.5, 0.5, size=len(owner)) * size[owner]
    multi = shapely.multipoints(shapely.points(px, py), indices=owner)
    return shapely.convex_hull(multi)


def make_claims(
    n: int,
    seed: int = 20_260_101,
    per_cluster: int = 50,
    sigma: float = 1_500.0,
) -> np.ndarray:
    """``n`` valid claim polygons (numpy object array), clustered, seeded and reproducible."""
    rng = np.random.default_rng(seed)
    n_clusters = max(1, math.ceil(n / per_cluster))
    xmin, ymin, xmax, ymax = EXTENT
    centres = np.column_stack([rng.uniform(xmin, xmax, n_clusters), rng.uniform(ymin, ymax, n_clusters)])
    cluster = rng.integers(0, n_clusters, size=n)
    cx = centres[cluster, 0] + rng.normal(0.0, sigma, size=n)
    cy = centres[cluster, 1] + rng.normal(0.0, sigma, size=n)
    return _shapes(rng, cx, cy)


DENSE_CENTRE = (155_000.0, 463_000.0)  # Amersfoort, the origin of RD New
DENSE_HOT_SHARE, DENSE_PER_HOTSPOT, DENSE_COVER = 0.1, 1_000, 4.0
MEAN_CLAIM_M2 = 0.55e6  # mean area of the shape mix, measured


def make_dense(n: int, seed: int = 20_260_101, sigma: float = 600.0) -> np.ndarray:
    """``n`` valid claim polygons forming one deep connected group (see the module docstring)."""
    rng = np.random.default_rng(seed)
    n_hot = int(round(n * DENSE_HOT_SHARE))
    n_spots = max(1, round(n_hot / DENSE_PER_HOTSPOT))
    side = math.sqrt((n - n_hot) * MEAN_CLAIM_M2 / DENSE_COVER)
    x0, y0 = DENSE_CENTRE[0] - side / 2, DENSE_CENTRE[1] - side / 2
    spots = np.column_stack([rng.uniform(x0, x0 + side, n_spots), rng.uniform(y0, y0 + side, n_spots)])
    which = rng.integers(0, n_spots, size=n_hot)
    cx = np.concatenate([rng.uniform(x0, x0 + side, n - n_hot), spots[which, 0] + rng.normal(0, sigma, n_hot)])
    cy = np.concatenate([rng.uniform(y0, y0 + side, n - n_hot), spots[which, 1] + rng.normal(0, sigma, n_hot)])
    order = rng.permutation(n)  # hotspot claims not all at the end
    return _shapes(rng, cx[order], cy[order])


def _shapes(rng: np.random.Generator, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """The shape mix around the centres (cx, cy), snapped to the 1 mm grid and checked."""
    n = len(cx)
    kind = rng.choice(len(SHAPE_SHARES), size=n, p=SHAPE_SHARES)
    w = rng.uniform(SIZE_MIN, SIZE_MAX, size=n)
    h = rng.uniform(SIZE_MIN, SIZE_MAX, size=n)
    angle = rng.uniform(0.0, math.pi, size=n)

    geoms = np.empty(n, dtype=object)
    sel = kind == 0
    geoms[sel] = _rectangles(cx[sel], cy[sel], w[sel], h[sel], np.zeros(sel.sum()))
    sel = kind == 1
    geoms[sel] = _rectangles(cx[sel], cy[sel], w[sel], h[sel], angle[sel])
    sel = kind == 2
    geoms[sel] = _buffered(rng, cx[sel], cy[sel], w[sel])
    sel = kind == 3
    geoms[sel] = _hulls(rng, cx[sel], cy[sel], w[sel])

    geoms = shapely.set_precision(geoms, GRID)
    bad = ~shapely.is_valid(geoms) | shapely.is_empty(geoms) | (shapely.get_type_id(geoms) != 3)
    if bad.any():  # never seen with these shapes, but the promise is "valid polygons"
        raise ValueError(f"{int(bad.sum())} generated claims are not valid polygons")
    return geoms


def write_claims(geoms: np.ndarray, path: str | Path) -> Path:
    """Write claims with an ``id`` column (= position) to GeoPackage (or GeoParquet by suffix)."""
    import geopandas as gpd

    path = Path(path)
    df = gpd.GeoDataFrame({"id": np.arange(len(geoms), dtype=np.int64)}, geometry=geoms, crs=CRS)
    if path.suffix == ".parquet":
        df.to_parquet(path)
    else:
        df.to_file(path, driver="GPKG", engine="pyogrio", layer="claims")
    return path


def describe(geoms: np.ndarray) -> str:
    areas = shapely.area(geoms)
    return (
        f"{len(geoms):,} claims, total area {areas.sum() / 1e4:,.0f} ha, "
        f"median {np.median(areas) / 1e4:,.1f} ha, max {areas.max() / 1e4:,.1f} ha"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True, help="*.gpkg or *.parquet")
    parser.add_argument("--seed", type=int, default=20_260_101)
    parser.add_argument("--dense", action="store_true", help="one deep connected group (make_dense)")
    args = parser.parse_args()
    geoms = (make_dense if args.dense else make_claims)(args.n, args.seed)
    write_claims(geoms, args.output)
    print(f"{describe(geoms)} -> {args.output}")


if __name__ == "__main__":
    main()
