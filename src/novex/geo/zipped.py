"""A zipped dataset (typically a Shapefile: .shp, .shx, .dbf, .prj) unpacked safely and read.

Refused before anything is unpacked: members whose path leaves the folder (zip slip:
absolute paths, `..`, drive letters), links, more than one dataset, too many members and
more than `MAX_UNZIPPED` bytes once unpacked (checked again while unpacking, in case the
zip lies about its sizes). A damaged, encrypted or oddly compressed member is refused by name.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from novex.errors import InvalidInput

if TYPE_CHECKING:
    from novex.geo.vector_types import Choice, VectorFile

MAX_UNZIPPED = 500 * 1024 * 1024
MAX_MEMBERS = 200
DATASETS = (".shp", ".gpkg", ".geojson", ".json", ".gml", ".kml", ".fgb", ".csv")
SIDECARS = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml", ".qmd", ".xsd", ".gfs")
SKIPPED = ("__MACOSX/",)


def open_zipped(path: Path, shown: str, choice: Choice, read: Callable[[Path, str], VectorFile]) -> VectorFile:
    """Unpack the one dataset of a zip into a private folder and `read(file, 'x.zip/name')` it."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidInput(f"{shown}: geen geldig zip-bestand ({exc})") from None
    with archive:
        members = _members(archive, shown)
        dataset = _one_dataset(members, shown)
        stem = PurePosixPath(dataset.filename).with_suffix("").as_posix()
        wanted = [
            m
            for m in members
            if m is dataset
            or (
                PurePosixPath(m.filename).with_suffix("").as_posix() == stem
                and PurePosixPath(m.filename).suffix.lower() in SIDECARS
            )
        ]
        with _work_folder(path) as work:
            written = 0
            for member in wanted:
                target = Path(work) / ("data" + PurePosixPath(member.filename).suffix.lower())
                written = _unpack(archive, member, target, written, shown)
            inner = Path(work) / ("data" + PurePosixPath(dataset.filename).suffix.lower())
            return read(inner, f"{shown}/{dataset.filename}")


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, written: int, shown: str) -> int:
    """Copy one member to `target`, counting the bytes unpacked so far; a damaged or locked member is refused."""
    try:
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > MAX_UNZIPPED:
                    raise InvalidInput(f"{shown}: uitgepakt groter dan {MAX_UNZIPPED >> 20} MB")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise InvalidInput(f"{shown}: {member.filename!r} in de zip is beschadigd ({exc})") from None
    except NotImplementedError:
        raise InvalidInput(f"{shown}: {member.filename!r} is ingepakt met een compressiemethode die niet wordt "
                           "ondersteund; pak opnieuw in met de standaardmethode (Deflate)") from None  # fmt: skip
    except RuntimeError:  # zipfile: "is encrypted, password required"
        raise InvalidInput(
            f"{shown}: {member.filename!r} in de zip is versleuteld; lever een zip zonder wachtwoord"
        ) from None
    return written


def _work_folder(path: Path) -> tempfile.TemporaryDirectory[str]:
    """A private folder beside the zip (inside the data directory for uploads), else in the system's temp."""
    try:
        return tempfile.TemporaryDirectory(prefix="unzip-", dir=path.parent)
    except OSError:
        return tempfile.TemporaryDirectory(prefix="novex-unzip-")


def _members(archive: zipfile.ZipFile, shown: str) -> list[zipfile.ZipInfo]:
    """The zip's files, every one checked: a safe relative path, no link, sizes within the limits."""
    infos = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith(SKIPPED)]
    if len(infos) > MAX_MEMBERS:
        raise InvalidInput(f"{shown}: de zip bevat {len(infos)} bestanden; maximaal {MAX_MEMBERS}")
    total = 0
    for member in infos:
        name = member.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
            raise InvalidInput(f"{shown}: onveilig pad in de zip: {name!r} (verwijst buiten de map)")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise InvalidInput(f"{shown}: de zip bevat een koppeling (symlink): {name!r}")
        total += member.file_size
    if total > MAX_UNZIPPED:
        raise InvalidInput(f"{shown}: uitgepakt {total >> 20} MB; maximaal {MAX_UNZIPPED >> 20} MB")
    return infos


def _one_dataset(members: list[zipfile.ZipInfo], shown: str) -> zipfile.ZipInfo:
    """The zip's one dataset (a .shp with its sidecars, or one file of another format)."""
    found = [m for m in members if PurePosixPath(m.filename).suffix.lower() in DATASETS]
    shapes = [m for m in found if m.filename.lower().endswith(".shp")]
    if shapes:  # a .xml beside a .shp is metadata, not a dataset
        found = shapes + [m for m in found if not m.filename.lower().endswith((".shp", ".xml", ".json"))]
    if not found:
        raise InvalidInput(f"{shown}: de zip bevat geen gegevensbestand (verwacht bijv. een .shp met .shx, .dbf "
                           "en .prj)")  # fmt: skip
    if len(found) > 1:
        names = ", ".join(m.filename for m in found[:10])
        raise InvalidInput(f"{shown}: de zip bevat {len(found)} gegevensbestanden ({names}); lever er één per zip")
    return found[0]
