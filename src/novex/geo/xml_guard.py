"""A first look at an XML upload before any parser sees it: UTF-8, no DTD or entities, the expected root."""

from __future__ import annotations

from pathlib import Path

from novex.errors import InvalidInput


def check_xml(path: Path, shown: str, what: str, root: bytes) -> None:
    """Refuse XML that is not `what`.

    UTF-8 only (in UTF-16 the checks below would not see the markup), no DTD or entities anywhere (no
    expansion bombs, no external entities), no GDAL VRT, the expected root in the first 64 KiB.
    """
    with path.open("rb") as stream:
        head = stream.read(1 << 16)
    if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(f"{shown}: XML moet UTF-8 (of ASCII) zijn; sla het bestand op als UTF-8")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        raise InvalidInput(f"{shown}: de inhoud is geen {what} (verwacht XML)")
    if _declares_dtd(path):
        raise InvalidInput(f"{shown}: XML met een DOCTYPE of entiteiten wordt niet gelezen")
    if b"OGRVRTDataSource" in head or root not in head:
        raise InvalidInput(f"{shown}: de inhoud is geen {what}")


def _declares_dtd(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether `<!DOCTYPE` or `<!ENTITY` (any case) occurs anywhere in the file, read in overlapping chunks."""
    tail = b""
    with path.open("rb") as stream:
        while block := stream.read(chunk):
            window = (tail + block).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                return True
            tail = block[-8:]
    return False
