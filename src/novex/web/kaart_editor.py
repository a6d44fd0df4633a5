"""The map editor's configuration for a page: what to show and snap to, the geometry edited, the libraries.

A page hands a `KaartEditor` to the macro `kaart_editor` (templates/kaart_editor_macros.html.j2);
static/kaart-editor.js reads it from data attributes and an embedded JSON block. Posted back are
`geometrie` (GeoJSON in EPSG:28992, written by the map), `coordinaten` (the keyboard alternative:
pairs, WKT or GeoJSON) and `bestand` (a file); `geometry_input` says which one counts.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import Request, UploadFile
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from novex.claims.geometrie import geometry_from_file, geometry_from_text
from novex.claims.model import Claim
from novex.edge.deps import work_dir
from novex.edge.uploads import saved_upload
from novex.geo.geometrie_tekst import as_text
from novex.geo.hygiene import Cleaned
from novex.reference.municipalities import municipality_index
from novex.reference.provinces import province_index
from novex.web import vendor

CRS_RD = {"type": "name", "properties": {"name": "EPSG:28992"}}


@dataclass(frozen=True)
class KaartEditor:
    """Everything the macro renders: ids, the edited geometry (GeoJSON, text), context, the libraries."""

    id: str
    geometrie: str  # GeoJSON (RD New) of the geometry edited; '' for none yet
    tekst: str  # the keyboard alternative: as the person typed it, or the geometry as "x y" lines / WKT
    context: dict[str, Any]  # a FeatureCollection (RD New) of outlines and claims to see and snap to
    extent: str  # "minx,miny,maxx,maxy": where the map opens when nothing is drawn yet
    bibliotheek: dict[str, str] | None  # URLs of ol.js, ol.css and proj4.js; None: not fetched (yet)
    herstel: bool = False


def libraries(request: Request) -> dict[str, str] | None:
    """The served URLs of OpenLayers and proj4, or None while they are not in the vendor directory."""
    if not vendor.available(request.app.state.settings.resolved_vendor_dir):
        return None
    ol, proj4 = f"/static/vendor/{vendor.OL.folder}", f"/static/vendor/{vendor.PROJ4.folder}"
    return {"ol": f"{ol}/ol.js", "css": f"{ol}/ol.css", "proj4": f"{proj4}/proj4.js"}


def _feature(geometry: BaseGeometry, **properties: Any) -> dict[str, Any]:
    return {"type": "Feature", "geometry": mapping(geometry), "properties": properties}


def context_layers(provincie: str, claims: Sequence[Claim], skip: int | None = None) -> dict[str, Any]:
    """The province's outline, its municipalities and its claims (but `skip`) as GeoJSON in RD New."""
    municipalities = municipality_index().of_province(provincie)
    features = [_feature(m.geometry, soort="gemeente", naam=m.naam) for m in municipalities]
    features.append(_feature(province_index().get(provincie).geometry, soort="provincie", naam=provincie))
    features += [_feature(c.geometry, soort="claim", naam=c.naam, id=c.id) for c in claims if c.id != skip]
    return {"type": "FeatureCollection", "crs": CRS_RD, "features": features}


def editor(
    request: Request,
    provincie: str,
    claims: Sequence[Claim],
    geometry: BaseGeometry | None = None,
    typed: str | None = None,
    skip: int | None = None,
    herstel: bool = False,
    editor_id: str = "kaart-editor",
) -> KaartEditor:
    """The editor on a province's map: `geometry` to edit (or none), `typed` text to show again after a refusal."""
    shown = json.dumps(mapping(geometry) | {"crs": CRS_RD}) if geometry is not None and typed is None else ""
    text = typed if typed is not None else (as_text(geometry) if geometry is not None else "")
    minx, miny, maxx, maxy = province_index().get(provincie).geometry.bounds
    return KaartEditor(
        id=editor_id,
        geometrie=shown,
        tekst=text,
        context=context_layers(provincie, claims, skip),
        extent=f"{minx:.0f},{miny:.0f},{maxx:.0f},{maxy:.0f}",
        bibliotheek=libraries(request),
        herstel=herstel,
    )


def geometry_input(
    request: Request, geometrie: str, coordinaten: str, bestand: UploadFile | None, repair: bool = False
) -> Cleaned | None:
    """The geometry a form posted, under the import's rules: a file first, then the text, then the map's GeoJSON.

    With the script the map writes both the hidden field and the text, so they agree; without it only the
    text and the file are there. None when nothing was given.
    """
    if bestand is not None and bestand.filename:
        with saved_upload(work_dir(request, "uploads"), bestand) as saved:
            return geometry_from_file(saved.path, saved.name, repair)
    if coordinaten.strip():
        return geometry_from_text(coordinaten, repair)
    if geometrie.strip():
        return geometry_from_text(geometrie, repair, field="geometrie (kaart)")
    return None
