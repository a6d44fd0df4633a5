"""Receiving an uploaded claims file: type and size checked, stored only inside the data directory."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Request, UploadFile

from novex.api.deps import work_dir
from novex.errors import InvalidInput

MAX_UPLOAD = 50 * 1024 * 1024
UPLOAD_SUFFIXES = (".geojson", ".json", ".gpkg")


@asynccontextmanager
async def saved_upload(request: Request, upload: UploadFile) -> AsyncIterator[Path]:
    """The upload as a temporary file in `<data dir>/uploads`, removed afterwards.

    The client's file name is never used on disk; files over 50 MB are refused while
    they stream in.
    """
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InvalidInput(f"bestandstype {suffix or '(geen)'} wordt niet ondersteund: kies .geojson, .json of .gpkg")
    with tempfile.TemporaryDirectory(prefix="upload-", dir=work_dir(request, "uploads")) as folder:
        path = Path(folder) / f"upload{suffix}"
        size = 0
        with path.open("wb") as out:
            while chunk := await upload.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise InvalidInput(f"het bestand is groter dan {MAX_UPLOAD // (1 << 20)} MB")
                out.write(chunk)
        yield path
