"""Broken data files fail with a message naming the file and the item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from novex.catalog.loader import DATA_DIR, CatalogError, load_catalog


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, change) -> None:
    content = yaml.safe_load(path.read_text("utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")


def test_shipped_catalogue_is_valid():
    assert load_catalog(DATA_DIR).versie


def test_missing_source(data):
    edit(data / "domeinen.yaml", lambda d: d["domeinen"][0].pop("source"))
    with pytest.raises(CatalogError, match=r"domeinen\.yaml: item 'wonen' .*source.*Field required"):
        load_catalog(data)


def test_duplicate_id_across_files(data):
    path = data / "themas" / "woningbouw.yaml"
    edit(path, lambda d: d["nationale_doelen"][0].__setitem__("id", "werkwijze-instrument-x")
         or d["nationale_doelen"].append(dict(d["nationale_doelen"][0])))  # fmt: skip
    with pytest.raises(CatalogError, match=r"themas/woningbouw\.yaml: item 'werkwijze-instrument-x': dubbele id"):
        load_catalog(data)


def test_unknown_domain(data):
    edit(data / "themas" / "res.yaml", lambda d: d["domeinen"].append("kernenergie"))
    with pytest.raises(CatalogError, match=r"themas/res\.yaml: item 'res': onbekend domein 'kernenergie'"):
        load_catalog(data)


def test_quote_not_in_seed(data):
    def falsify(d):
        d["domeinen"][0]["source"]["quote"] = "Tot en met 2030 zijn er 950.000 woningen nodig."

    edit(data / "domeinen.yaml", falsify)
    with pytest.raises(CatalogError, match=r"domeinen\.yaml: item .*wonen.*citaat niet gevonden"):
        load_catalog(data)


def test_unknown_province_code(data):
    edit(data / "novex_gebieden.yaml", lambda d: d["gebieden"][0].__setitem__("provincies", ["PV99"]))
    with pytest.raises(CatalogError, match=r"novex_gebieden\.yaml: item 'novex-.*provincies.*PV99"):
        load_catalog(data)


def test_broken_yaml_names_the_file(data):
    (data / "novi.yaml").write_text("prioriteiten: [unclosed", "utf-8")
    with pytest.raises(CatalogError, match=r"novi\.yaml: geen geldige YAML"):
        load_catalog(data)
