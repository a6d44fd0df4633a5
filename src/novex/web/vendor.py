"""OpenLayers and proj4 for the map editor: fetched once from the npm registry, then served by novex.

The pinned tarballs come from the npm registry (the one package source these machines and
government networks reach; no CDN at run time). Each is checked against the sha512 integrity the
registry publishes for that version (`npm view ol@10.10.0 dist.integrity`, pinned here), and only
the files the editor needs, with their licences, are kept. A package lands in its own folder
`<vendor dir>/<name>-<version>/` in one rename, so a folder that exists is complete; a second call
does nothing. Offline and not yet fetched, the pages work and the editor offers its keyboard
alternative.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import sys
import tarfile
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRY = "https://registry.npmjs.org"
TIMEOUT = 30  # seconds per request
MAX_TARBALL = 20 * 1024 * 1024


@dataclass(frozen=True)
class Package:
    """One pinned npm package: its integrity and the files kept (path in the tarball → name served)."""

    name: str
    version: str
    integrity: str  # the registry's dist.integrity: "sha512-<base64>"
    files: tuple[tuple[str, str], ...]

    @property
    def folder(self) -> str:
        """The folder (and URL segment) of this version: `ol-10.10.0`."""
        return f"{self.name}-{self.version}"

    def tarball_url(self, registry: str) -> str:
        """Where the registry serves this version's tarball."""
        return f"{registry.rstrip('/')}/{self.name}/-/{self.name}-{self.version}.tgz"


OL = Package(
    "ol",
    "10.10.0",
    "sha512-tLPKn6zl+6uWdPufYlqG/lQzuVUTVmfwahQqVr5+wZNyZecyAtIhMTyOtKpu7ooNDLY2sEjKZNXw9HL+sOjC1A==",
    (("package/dist/ol.js", "ol.js"), ("package/ol.css", "ol.css"), ("package/LICENSE.md", "LICENSE.md")),
)
PROJ4 = Package(
    "proj4",
    "2.22.0",
    "sha512-MVvH09QrYm3A235rcX39WDiCKanrBiblu28l0KYIn/B2DofmYhvP/LLS43kE66jNDfx/P1l/nah3JmsAq8UgbQ==",
    (("package/dist/proj4.js", "proj4.js"), ("package/LICENSE.md", "LICENSE.md")),
)
PACKAGES = (OL, PROJ4)

Report = Callable[[str], None]


class VendorError(RuntimeError):
    """A package could not be fetched or checked; the message says why, in Dutch."""


def to_stderr(message: str) -> None:
    """Report progress on standard error (the server's console)."""
    print(f"novex: {message}", file=sys.stderr, flush=True)


def registry_url() -> str:
    """The npm registry: `NOVEX_NPM_REGISTRY`, else npm's own `npm_config_registry`, else registry.npmjs.org."""
    npm_own = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")  # noqa: SIM112 (npm's name)
    return os.environ.get("NOVEX_NPM_REGISTRY") or npm_own or DEFAULT_REGISTRY


def available(target: Path, packages: tuple[Package, ...] = PACKAGES) -> bool:
    """Whether every package is in `target` (a package folder exists only when complete)."""
    return all((target / p.folder).is_dir() for p in packages)


def file_path(target: Path, folder: str, name: str, packages: tuple[Package, ...] = PACKAGES) -> Path | None:
    """The file a vendor URL names, if it is one of the pinned packages' files and present."""
    for package in packages:
        if package.folder == folder and name in {served for _, served in package.files}:
            path = target / folder / name
            return path if path.is_file() else None
    return None


def ensure(
    target: Path, packages: tuple[Package, ...] = PACKAGES, registry: str | None = None, report: Report = to_stderr
) -> list[str]:
    """Fetch every package not yet in `target`; the folders fetched now (none when all are there).

    Raises `VendorError` (Dutch) when the registry cannot be reached or a tarball is not the pinned one.
    """
    fetched = []
    for package in packages:
        if (target / package.folder).is_dir():
            continue
        url = package.tarball_url(registry or registry_url())
        report(f"{package.name} {package.version} ophalen van het npm-register ({url}) …")
        data = _download(url, package)
        _check_integrity(data, package)
        _install(data, package, target)
        report(f"{package.name} {package.version} staat klaar in {target / package.folder}")
        fetched.append(package.folder)
    return fetched


def _download(url: str, package: Package) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 (an https URL of ours)
            data = response.read(MAX_TARBALL + 1)
    except urllib.error.HTTPError as exc:
        raise VendorError(f"{package.name} {package.version}: het npm-register antwoordt {exc.code} op {url}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise VendorError(
            f"{package.name} {package.version}: het npm-register is niet bereikbaar ({reason}); de kaarteditor "
            "werkt dan met de coördinaten en bestanden. Geef een ander register op met NOVEX_NPM_REGISTRY."
        ) from None
    if len(data) > MAX_TARBALL:
        raise VendorError(f"{package.name} {package.version}: het pakket is groter dan verwacht; niet gebruikt")
    return data


def integrity_of(data: bytes) -> str:
    """The npm integrity string (sha512, base64) of a tarball."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def _check_integrity(data: bytes, package: Package) -> None:
    found = integrity_of(data)
    if found != package.integrity:
        raise VendorError(
            f"{package.name} {package.version}: de controlesom klopt niet (verwacht {package.integrity}, "
            f"gekregen {found}); het pakket is niet gebruikt"
        )


def _install(data: bytes, package: Package, target: Path) -> None:
    """Extract the package's files into a temporary folder beside `target/<folder>`, then rename it there."""
    try:
        target.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{package.folder}-", dir=target))
    except OSError as exc:
        raise VendorError(f"kan de map {target} niet maken of beschrijven ({exc.strerror}); "
                          "kies een andere met NOVEX_VENDOR_DIR") from None  # fmt: skip
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member_name, served in package.files:
                member = next((m for m in archive.getmembers() if m.name == member_name and m.isfile()), None)
                source = archive.extractfile(member) if member is not None else None
                if source is None:
                    raise VendorError(f"{package.name} {package.version}: {member_name} ontbreekt in het pakket")
                (work / served).write_bytes(source.read())
        try:
            work.rename(target / package.folder)
        except OSError:  # another process put it there first: theirs is as good as ours
            if not (target / package.folder).is_dir():
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


_busy = threading.Lock()


def fetch_in_background(target: Path, report: Report = to_stderr) -> threading.Thread | None:
    """Start fetching what is missing on a daemon thread (None when all is there or a fetch runs already)."""
    if available(target) or _busy.locked():
        return None

    def work() -> None:
        if not _busy.acquire(blocking=False):
            return
        try:
            ensure(target, report=report)
        except (VendorError, OSError, tarfile.TarError) as exc:
            report(f"kaartbibliotheken niet opgehaald: {exc}")
        finally:
            _busy.release()

    thread = threading.Thread(target=work, name="novex-vendor", daemon=True)
    thread.start()
    return thread
