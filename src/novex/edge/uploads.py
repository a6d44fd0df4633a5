"""Receiving an uploaded claims file: type and size checked, stored only inside the data directory.

Routes that take an upload are plain (`def`) functions: FastAPI runs them on its thread
pool, so reading and importing a large file never blocks the event loop and the server
keeps answering other users meanwhile.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from fastapi import UploadFile

from novex.errors import InvalidInput

MAX_UPLOAD = 50 * 1024 * 1024
UPLOAD_SUFFIXES = (".geojson", ".json", ".gpkg", ".zip", ".gml", ".xml", ".kml", ".fgb", ".csv")
SHOWN_SUFFIXES = ".geojson, .gpkg, .zip (Shapefile), .gml (ook STOP-GIO), .kml, .fgb of .csv (WKT)"
MAX_NAME = 120
STALE_AFTER = 3600  # seconds: a work folder this old was left behind by a killed process


@dataclass(frozen=True)
class SavedUpload:
    """An upload on disk (under a name of our own) and the file name the user gave it."""

    path: Path
    name: str


def upload_name(filename: str | None) -> str:
    """The user's file name, safe to show: no folders, no control characters, at most 120 characters."""
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    clean = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if len(clean) > MAX_NAME:
        stem, suffix = clean[: MAX_NAME - 10], Path(clean).suffix[:10]
        clean = stem + "…" + suffix
    return clean or "upload"


@contextmanager
def saved_upload(folder: Path, upload: UploadFile) -> Iterator[SavedUpload]:
    """The upload as a temporary file in `folder` (inside the data directory), removed afterwards.

    The client's file name is never used on disk; files over 50 MB are refused while
    they stream in.
    """
    name = upload_name(upload.filename)
    suffix = Path(name).suffix.lower()
    if suffix in (".shp", ".shx", ".dbf", ".prj"):
        raise InvalidInput(f"{name}: bestandstype {suffix} los wordt niet ondersteund: een Shapefile bestaat uit "
                           "meerdere bestanden; lever de .shp, .shx, .dbf en .prj samen in één .zip")  # fmt: skip
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(f"{name}: bestandstype {suffix or '(geen)'} wordt niet ondersteund; kies {SHOWN_SUFFIXES}")
    with tempfile.TemporaryDirectory(prefix="upload-", dir=folder) as work:
        path = Path(work) / f"upload{suffix}"
        size = 0
        upload.file.seek(0)
        with path.open("wb") as out:
            while chunk := upload.file.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise InvalidInput(f"{name}: het bestand is groter dan {MAX_UPLOAD // (1 << 20)} MB")
                out.write(chunk)
        yield SavedUpload(path, name)


def sweep_stale(folder: Path, prefixes: tuple[str, ...] = ("upload-", "export-"), now: float | None = None) -> int:
    """Remove work folders left behind by a killed process (older than `STALE_AFTER`); returns how many."""
    if not folder.is_dir():
        return 0
    now = time.time() if now is None else now
    removed = 0
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name.startswith(prefixes) and now - entry.stat().st_mtime > STALE_AFTER:
            shutil.rmtree(entry, ignore_errors=True)
            removed += 1
    return removed
