"""The STOP GeoInformatieObject (GIO): read its locations with their identifiers, write one.

A GIO (`geo:GeoInformatieObjectVaststelling`, namespace `https://standaarden.overheid.nl/stop/imop/geo/`)
holds one version of a geographic object: its FRBR work and expression identifiers and
`geo:Locatie` elements, each with an optional `geo:naam` and a `basisgeo:Geometrie` (namespace
`http://www.geostandaarden.nl/basisgeometrie/1.0`) holding a `basisgeo:id` (a UUID) and a GML 3.2
geometry. Reading keeps `basisgeo:id` as `extern_id`, `geo:naam` as `naam` and the FRBR expression as
`bron`. Writing makes a GIO that GDAL's GML driver (`ogrinfo`) reads too.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - DTDs and entities are refused before parsing (check_xml)
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from novex.errors import ImportRejected, InvalidInput
from novex.geo.crs import authority_crs
from novex.geo.xml_guard import check_xml

GEO = "https://standaarden.overheid.nl/stop/imop/geo/"
GIO_NS = "https://standaarden.overheid.nl/stop/imop/gio/"
BASISGEO = "http://www.geostandaarden.nl/basisgeometrie/1.0"
GML = "http://www.opengis.net/gml/3.2"
RD_SRS = "urn:ogc:def:crs:EPSG::28992"
SCHEMA_VERSION = "1.3.0"
NOVEX_IDS = uuid.UUID("6f1d6c47-4a3e-5b8e-9a52-6e6f7665782d")


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def is_gio(path: Path) -> bool:
    """Whether an XML file's root is a STOP GeoInformatieObjectVaststelling."""
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    return b"GeoInformatieObjectVaststelling" in head and GEO.encode() in head


@dataclass(frozen=True)
class Locatie:
    """One location of a GIO: its geometry (RD New), basisgeo:id and optional name."""

    geometry: BaseGeometry
    id: str
    naam: str | None = None


def read_gio(path: Path, shown: str) -> gpd.GeoDataFrame:
    """The locations of a GIO as a GeoDataFrame (naam, extern_id, bron, gio_work, gio_expression)."""
    check_xml(path, shown, "STOP-GIO", b"GeoInformatieObjectVaststelling")
    try:
        root = ET.parse(path).getroot()  # noqa: S314 - no DTD (checked above); expat limits expansion
    except ET.ParseError as exc:
        raise InvalidInput(f"{shown}: geen geldige XML ({exc})") from None
    if root.tag != _q(GEO, "GeoInformatieObjectVaststelling"):
        raise InvalidInput(f"{shown}: het hoofdelement is geen geo:GeoInformatieObjectVaststelling")
    work = (root.findtext(f".//{_q(GEO, 'FRBRWork')}") or "").strip() or None
    expression = (root.findtext(f".//{_q(GEO, 'FRBRExpression')}") or "").strip() or None
    rows, geometries, problems, crs = [], [], [], None
    for number, locatie in enumerate(root.iter(_q(GEO, "Locatie"))):
        naam = (locatie.findtext(_q(GEO, "naam")) or "").strip() or None
        holder = locatie.find(f"{_q(GEO, 'geometrie')}/{_q(BASISGEO, 'Geometrie')}")
        ident = (holder.findtext(_q(BASISGEO, "id")) or "").strip() if holder is not None else ""
        label = f"Locatie {number}" + (f" (id {ident})" if ident else "") + (f" '{naam}'" if naam else "")
        shape = holder.find(_q(BASISGEO, "geometrie")) if holder is not None else None
        if shape is None or len(shape) == 0:
            problems.append(f"{label}: geen basisgeo:Geometrie met geometrie")
            continue
        if not ident:
            problems.append(f"{label}: basisgeo:id ontbreekt")
            continue
        element = shape[0]
        try:
            srs = _srs_name(element) or RD_SRS
            here = authority_crs(srs, shown)
            crs = crs or here
            if here != crs:
                raise ValueError(f"ander coördinatenstelsel ({srs}) dan de eerdere locaties")
            geometry = gml_geometry(element, swap=here.is_geographic and not srs.upper().startswith("EPSG:"))
        except (ValueError, InvalidInput) as exc:
            problems.append(f"{label}: {exc}")
            continue
        rows.append({"naam": naam, "extern_id": ident, "bron": expression or work, "gio_work": work,
                     "gio_expression": expression})  # fmt: skip
        geometries.append(geometry)
    if problems:
        raise ImportRejected(shown, problems)
    if not rows:
        raise InvalidInput(f"{shown}: de GIO bevat geen geo:Locatie")
    return gpd.GeoDataFrame(rows, geometry=geometries, crs=crs)


def _srs_name(element: ET.Element) -> str | None:
    for node in element.iter():
        if node.get("srsName"):
            return node.get("srsName")
    return None


def gml_geometry(element: ET.Element, swap: bool = False) -> BaseGeometry:
    """A GML 3.2 surface geometry (Polygon, MultiSurface, Surface, MultiPolygon) as Shapely; `ValueError` else."""
    kind = element.tag.rsplit("}", 1)[-1]
    if kind == "Polygon":
        return _polygon(element, swap)
    if kind in ("MultiSurface", "MultiPolygon", "Surface", "CompositeSurface"):
        polygons = []
        for node in element.iter():
            name = node.tag.rsplit("}", 1)[-1]
            if name in ("Polygon", "PolygonPatch"):
                polygons.append(_polygon(node, swap))
        if not polygons:
            raise ValueError(f"gml:{kind} zonder vlakken")
        parts = [p for poly in polygons for p in (poly.geoms if isinstance(poly, MultiPolygon) else [poly])]
        return MultiPolygon(parts)
    raise ValueError(f"geometrietype gml:{kind} wordt niet gelezen; verwacht een vlak (gml:Polygon of "
                     "gml:MultiSurface)")  # fmt: skip


def _polygon(element: ET.Element, swap: bool) -> Polygon:
    rings = []
    for role in ("exterior", "interior", "outerBoundaryIs", "innerBoundaryIs"):
        for boundary in element.findall(_q(GML, role)):
            ring = next((n for n in boundary.iter() if n.tag.rsplit("}", 1)[-1] == "LinearRing"), None)
            if ring is None:
                raise ValueError(f"gml:{role} zonder gml:LinearRing")
            rings.append((role, _coordinates(ring, swap)))
    outer = [r for role, r in rings if role in ("exterior", "outerBoundaryIs")]
    if len(outer) != 1:
        raise ValueError("een gml:Polygon heeft precies één gml:exterior")
    return Polygon(outer[0], [r for role, r in rings if role not in ("exterior", "outerBoundaryIs")])


def _coordinates(ring: ET.Element, swap: bool) -> list[tuple[float, float]]:
    pos_list = ring.find(_q(GML, "posList"))
    if pos_list is not None:
        dimension = int(pos_list.get("srsDimension") or ring.get("srsDimension") or 2)
        numbers = (pos_list.text or "").split()
    else:
        positions = ring.findall(_q(GML, "pos"))
        if not positions:
            raise ValueError("gml:LinearRing zonder gml:posList of gml:pos")
        rows = [(p.text or "").split() for p in positions]
        dimension = len(rows[0])
        numbers = [n for row in rows for n in row]
    try:
        values = [float(n) for n in numbers]
    except ValueError:
        raise ValueError("coördinaten in gml:posList zijn geen getallen") from None
    if dimension not in (2, 3) or len(values) % dimension or len(values) < 4 * dimension:
        raise ValueError(f"gml:posList heeft {len(values)} getallen; verwacht minstens vier punten van "
                         f"{dimension} getallen")  # fmt: skip
    points = [(values[i], values[i + 1]) for i in range(0, len(values), dimension)]
    return [(y, x) for x, y in points] if swap else points


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped: written, they make the GML unreadable."""


def xml_text(value: str) -> str:
    """Text XML 1.0 can hold: the control characters it cannot are left out (stored names from before the check)."""
    return _NOT_XML.sub("", value)


def locatie_id(key: str) -> str:
    """A stable basisgeo:id (UUID) for a novex object key; a key that is a UUID already is kept."""
    try:
        return str(uuid.UUID(key))
    except ValueError:
        return str(uuid.uuid5(NOVEX_IDS, key))


def write_gio(path: Path, locaties: Sequence[Locatie], work: str, expression: str) -> Path:
    """Write locations (RD New) as a STOP GIO: GeoInformatieObjectVaststelling with FRBR ids and Locaties."""
    for prefix, ns in (("geo", GEO), ("gio", GIO_NS), ("basisgeo", BASISGEO), ("gml", GML)):
        ET.register_namespace(prefix, ns)
    root = ET.Element(_q(GEO, "GeoInformatieObjectVaststelling"), {"schemaversie": SCHEMA_VERSION})
    context = ET.SubElement(ET.SubElement(root, _q(GEO, "context")), _q(GIO_NS, "GeografischeContext"))
    ET.SubElement(context, _q(GIO_NS, "achtergrondVerwijzing")).text = "cbs"
    ET.SubElement(context, _q(GIO_NS, "achtergrondActualiteit")).text = date.today().isoformat()
    version = ET.SubElement(ET.SubElement(root, _q(GEO, "vastgesteldeVersie")), _q(GEO, "GeoInformatieObjectVersie"))
    ET.SubElement(version, _q(GEO, "FRBRWork")).text = work
    ET.SubElement(version, _q(GEO, "FRBRExpression")).text = expression
    holder = ET.SubElement(version, _q(GEO, "locaties"))
    for locatie in locaties:
        element = ET.SubElement(holder, _q(GEO, "Locatie"))
        if locatie.naam:
            ET.SubElement(element, _q(GEO, "naam")).text = xml_text(locatie.naam)
        geometrie = ET.SubElement(ET.SubElement(element, _q(GEO, "geometrie")), _q(BASISGEO, "Geometrie"),
                                  {_q(GML, "id"): f"id-{locatie.id}"})  # fmt: skip
        ET.SubElement(geometrie, _q(BASISGEO, "id")).text = locatie.id
        _gml_multisurface(ET.SubElement(geometrie, _q(BASISGEO, "geometrie")), locatie.geometry, locatie.id)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="UTF-8", xml_declaration=True)
    return path


def _gml_multisurface(parent: ET.Element, geometry: BaseGeometry, ident: str) -> None:
    polygons = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    surface = ET.SubElement(parent, _q(GML, "MultiSurface"), {_q(GML, "id"): f"ms-{ident}", "srsName": RD_SRS})
    for number, polygon in enumerate(polygons):
        polygon = shapely.orient_polygons(polygon)
        member = ET.SubElement(surface, _q(GML, "surfaceMember"))
        element = ET.SubElement(member, _q(GML, "Polygon"), {_q(GML, "id"): f"p-{ident}-{number}"})
        for role, ring in [("exterior", polygon.exterior)] + [("interior", r) for r in polygon.interiors]:
            linear = ET.SubElement(ET.SubElement(element, _q(GML, role)), _q(GML, "LinearRing"))
            pos = ET.SubElement(linear, _q(GML, "posList"), {"srsDimension": "2"})
            pos.text = " ".join(f"{x:.3f} {y:.3f}" for x, y in ring.coords)


GFS = """<GMLFeatureClassList>
  <GMLFeatureClass>
    <Name>Locatie</Name>
    <ElementPath>Locatie</ElementPath>
    <GeometryName>geometrie</GeometryName>
    <GeometryElementPath>geometrie|Geometrie|geometrie</GeometryElementPath>
    <GeometryType>6</GeometryType>
    <SRSName>urn:ogc:def:crs:EPSG::28992</SRSName>
    <PropertyDefn><Name>naam</Name><ElementPath>naam</ElementPath><Type>String</Type></PropertyDefn>
    <PropertyDefn><Name>basisgeo_id</Name><ElementPath>geometrie|Geometrie|id</ElementPath><Type>String</Type></PropertyDefn>
  </GMLFeatureClass>
</GMLFeatureClassList>
"""


def write_gfs(gml: Path) -> Path:
    """The GDAL feature-class file beside a GIO, so that GDAL/QGIS read its Locaties as features.

    Without it GDAL's GML driver guesses the feature type from element nesting and, in a
    GIO, takes the polygons inside `gml:surfaceMember` for features.
    """
    target = gml.with_suffix(".gfs")
    target.write_text(GFS, encoding="utf-8")
    return target
