"""publiccode.yml as its standard (version 0.4) asks, in step with pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).parents[2]
SOFTWARE_TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web", "standalone/backend",
                  "standalone/other", "addon", "library", "configurationFiles"}  # fmt: skip
STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
MAINTENANCE = {"internal", "contract", "community", "none"}


def test_publiccode_yml_has_what_the_standard_requires():
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text("utf-8"))
    for key in ("publiccodeYmlVersion", "name", "url", "platforms", "developmentStatus", "softwareType",
                "description", "legal", "maintenance", "localisation"):  # fmt: skip
        assert data.get(key), f"publiccode.yml mist {key}"
    assert data["softwareType"] in SOFTWARE_TYPES and data["developmentStatus"] in STATUSES
    assert data["maintenance"]["type"] in MAINTENANCE and data["maintenance"]["contacts"][0]["name"]
    for lang, text in data["description"].items():
        assert len(text["shortDescription"]) <= 150, lang
        assert 150 <= len(text["longDescription"]) <= 10_000, lang
        assert text["features"], lang
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert data["legal"]["license"] == project["license"]
    assert data["softwareVersion"] == project["version"]
    assert data["localisation"]["availableLanguages"] == ["nl"]
