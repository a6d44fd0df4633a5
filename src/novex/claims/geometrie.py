"""One claim's geometry as a planner gives it on a form — typed, drawn or as a file — under the import's rules.

The same reprojection to RD New, the same "inside the Netherlands" check, the same repair rules and
1 mm grid as `novex claims import` (`novex.claims.io`), with the same Dutch messages; what the
service then checks (domain, province, ownership) is `ClaimService.check_drafts`, as for a file.
"""

from __future__ import annotations

from pathlib import Path

from novex.claims.io import clean_geometry, read_features
from novex.errors import InvalidInput
from novex.geo.geometrie_tekst import parse_geometry_text
from novex.geo.hygiene import Cleaned, GeometryRejected


def geometry_from_text(text: str, repair: bool = False, field: str = "coördinaten") -> Cleaned:
    """Typed pairs, WKT or GeoJSON as a stored claim geometry; `InvalidInput` naming `field` otherwise."""
    try:
        typed = parse_geometry_text(text)
        return clean_geometry(typed.geometry, typed.crs, repair)
    except GeometryRejected as exc:
        raise InvalidInput(f"{field}: {exc}") from None


def geometry_from_file(path: Path, name: str, repair: bool = False) -> Cleaned:
    """The one feature of a GeoJSON, GeoPackage or Shapefile, read exactly as the import reads it."""
    features, _ = read_features(path, {}, name=name, repair=repair)
    if len(features.geometries) != 1:
        raise InvalidInput(f"{name}: het bestand heeft {len(features.geometries)} features; voor één claim hoort er "
                           "één in (meerdere claims tegelijk: Claims uploaden)")  # fmt: skip
    return Cleaned(features.geometries[0], features.repairs[0] if features.repairs else None)
