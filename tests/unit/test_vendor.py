"""Fetching the map editor's libraries: pinned integrity, only the needed files, atomic, idempotent, Dutch errors.

A small registry on loopback serves a tarball made here; its integrity is computed here with hashlib,
independently of `vendor.integrity_of`. No test here reaches the real npm registry (the browser test does).
"""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from novex.web import vendor


def tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, content in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return out.getvalue()


DATA = tarball({"package/dist/demo.js": b"var demo = 1;", "package/LICENSE.md": b"MIT", "package/README.md": b"x",
                "package/package.json": b"{}"})  # fmt: skip
INTEGRITY = "sha512-" + base64.b64encode(hashlib.sha512(DATA).digest()).decode()
DEMO = vendor.Package(
    "demo", "1.2.3", INTEGRITY, (("package/dist/demo.js", "demo.js"), ("package/LICENSE.md", "LICENSE.md"))
)


@pytest.fixture
def registry():
    """A registry on loopback serving demo-1.2.3.tgz; `served` lists the paths asked for."""
    served: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            served.append(self.path)
            if self.path == "/demo/-/demo-1.2.3.tgz":
                self.send_response(200)
                self.end_headers()
                self.wfile.write(DATA)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", served
    server.shutdown()


def test_the_pinned_packages_and_their_integrity_strings():
    assert [(p.name, p.version) for p in vendor.PACKAGES] == [("ol", "10.10.0"), ("proj4", "2.22.0")]
    for package in vendor.PACKAGES:
        assert package.integrity.startswith("sha512-") and len(base64.b64decode(package.integrity[7:])) == 64
    assert {served for _, served in vendor.OL.files} == {"ol.js", "ol.css", "LICENSE.md"}
    assert vendor.OL.tarball_url("https://registry.npmjs.org/") == "https://registry.npmjs.org/ol/-/ol-10.10.0.tgz"


def test_fetch_keeps_only_the_named_files_and_a_second_call_does_nothing(tmp_path, registry):
    url, served = registry
    messages: list[str] = []
    assert vendor.ensure(tmp_path, (DEMO,), url, messages.append) == ["demo-1.2.3"]
    assert sorted(p.name for p in (tmp_path / "demo-1.2.3").iterdir()) == ["LICENSE.md", "demo.js"]
    assert (tmp_path / "demo-1.2.3" / "demo.js").read_bytes() == b"var demo = 1;"
    assert [p.name for p in tmp_path.iterdir()] == ["demo-1.2.3"]  # no work folder left
    assert any("ophalen van het npm-register" in m for m in messages)
    assert vendor.ensure(tmp_path, (DEMO,), url, messages.append) == []
    assert served == ["/demo/-/demo-1.2.3.tgz"]  # fetched once
    assert vendor.available(tmp_path, (DEMO,))
    assert vendor.file_path(tmp_path, "demo-1.2.3", "demo.js", (DEMO,)) == tmp_path / "demo-1.2.3" / "demo.js"
    assert vendor.file_path(tmp_path, "demo-1.2.3", "README.md", (DEMO,)) is None
    assert vendor.file_path(tmp_path, "demo-1.2.3", "../demo-1.2.3/demo.js", (DEMO,)) is None


def test_a_tarball_that_is_not_the_pinned_one_is_refused_and_nothing_is_kept(tmp_path, registry):
    url, _ = registry
    other = vendor.Package("demo", "1.2.3", "sha512-" + base64.b64encode(b"\0" * 64).decode(), DEMO.files)
    with pytest.raises(vendor.VendorError, match="de controlesom klopt niet"):
        vendor.ensure(tmp_path, (other,), url, lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_a_file_missing_from_the_package_leaves_no_half_folder(tmp_path, registry):
    url, _ = registry
    wanting = vendor.Package("demo", "1.2.3", INTEGRITY, (*DEMO.files, ("package/dist/extra.js", "extra.js")))
    with pytest.raises(vendor.VendorError, match="package/dist/extra.js ontbreekt in het pakket"):
        vendor.ensure(tmp_path, (wanting,), url, lambda _: None)
    assert list(tmp_path.iterdir()) == []


def test_offline_or_a_wrong_version_says_so_in_dutch(tmp_path, registry):
    url, _ = registry
    missing = vendor.Package("demo", "9.9.9", INTEGRITY, DEMO.files)
    with pytest.raises(vendor.VendorError, match="het npm-register antwoordt 404"):
        vendor.ensure(tmp_path, (missing,), url, lambda _: None)
    with pytest.raises(vendor.VendorError, match="het npm-register is niet bereikbaar .*NOVEX_NPM_REGISTRY"):
        vendor.ensure(tmp_path, (DEMO,), "http://127.0.0.1:9", lambda _: None)
    assert not vendor.available(tmp_path, (DEMO,))


def test_the_registry_can_be_overridden(monkeypatch):
    monkeypatch.delenv("NOVEX_NPM_REGISTRY", raising=False)
    monkeypatch.delenv("npm_config_registry", raising=False)
    monkeypatch.delenv("NPM_CONFIG_REGISTRY", raising=False)
    assert vendor.registry_url() == "https://registry.npmjs.org"
    monkeypatch.setenv("npm_config_registry", "https://npm.example/")
    assert vendor.registry_url() == "https://npm.example/"
    monkeypatch.setenv("NOVEX_NPM_REGISTRY", "https://mirror.example")
    assert vendor.registry_url() == "https://mirror.example"


def test_the_vendor_dir_is_a_setting_or_the_users_cache(monkeypatch, tmp_path):
    from novex.settings import Settings

    assert Settings(vendor_dir=tmp_path).resolved_vendor_dir == tmp_path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert Settings().resolved_vendor_dir == tmp_path / "cache" / "novex" / "vendor"
