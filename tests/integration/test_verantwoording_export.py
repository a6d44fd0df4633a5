"""A voorstel's verantwoording travels inside its export (seed 004 Bijlage 5: "overzicht van de gebruikte datasets").

GeoPackage: attribute tables beside the claims (ogrinfo without warnings, PDOK's validator without errors);
GeoJSON: a foreign member `verantwoording` (RFC 7946 §6.1); XLSX: sheets. CSV holds the claims only.
"""

from __future__ import annotations

import json

import pyogrio
import yaml
from openpyxl import load_workbook
from typer.testing import CliRunner

from novex.cli import app
from tests.integration.test_files_out import filled, ogrinfo, pdok, validator  # noqa: F401 (fixtures)

runner = CliRunner()
DATASETS = [
    {"naam": "Natura 2000", "vindplaats": "https://service.pdok.nl/rvo/natura2000/atom/index.xml", "basisset": True,
     "ngr": "https://www.nationaalgeoregister.nl/geonetwork/srv/dut/catalog.search#/metadata/n2000",
     "licentie": "CC BY 4.0"},
    {"naam": "=Eigen locaties", "vindplaats": "https://example.org/locaties.gpkg"},  # a formula must stay text
]
AFWIJKING = {"basisset_dataset": "Plancapaciteit", "vervangen_door": "=Eigen locaties", "reden": "actueler"}


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_verantwoording_is_in_gpkg_geojson_and_xlsx_exports(filled, validator):  # noqa: F811
    laid = filled / "v.yaml"
    laid.write_text(yaml.safe_dump({"datasets": DATASETS, "afwijkingen": [AFWIJKING], "werkwijze": "selectie"}), "utf-8")
    run("verantwoording", "leg-vast", "T", str(laid))  # the voorstel `filled` imported into
    voorstel = json.loads(run("verantwoording", "show", "T", "--format", "json"))["voorstel"]

    gpkg = filled / "uit.gpkg"
    assert "met de verantwoording van het voorstel" in run("claims", "export", str(gpkg), "--voorstel", str(voorstel["id"]))
    info = ogrinfo(str(gpkg))
    assert info.returncode == 0 and info.stderr == "", info.stderr
    layers = {name for name, _ in pyogrio.list_layers(gpkg)}
    assert layers == {"claims", "verantwoording", "verantwoording_datasets", "verantwoording_afwijkingen",
                      "verantwoording_indicatoren"}  # fmt: skip
    datasets = pyogrio.read_dataframe(gpkg, layer="verantwoording_datasets")
    assert list(datasets["naam"]) == ["Natura 2000", "=Eigen locaties"]
    assert list(datasets["basisset"]) == [True, False] and datasets["licentie"][0] == "CC BY 4.0"
    meta = pyogrio.read_dataframe(gpkg, layer="verantwoording")
    assert (meta["voorstel_id"][0], meta["werkwijze"][0]) == (voorstel["id"], "selectie")
    assert pdok(validator, gpkg) == []

    geojson = filled / "uit.geojson"
    run("claims", "export", str(geojson), "--voorstel", str(voorstel["id"]))
    member = json.loads(geojson.read_text("utf-8"))["verantwoording"]
    assert [d["naam"] for d in member["datasets"]] == ["Natura 2000", "=Eigen locaties"]
    assert member["afwijkingen"] == [AFWIJKING] and member["bron"].startswith("seed 004 Bijlage 5")
    assert ogrinfo(str(geojson)).stderr == ""

    xlsx = filled / "uit.xlsx"
    run("claims", "export", str(xlsx), "--voorstel", str(voorstel["id"]))
    book = load_workbook(xlsx)
    assert book.sheetnames[1:] == ["verantwoording", "verantwoording_datasets", "verantwoording_afwijkingen",
                                   "verantwoording_indicatoren"]  # fmt: skip
    rows = list(book["verantwoording_datasets"].values)
    assert rows[0][:2] == ("naam", "vindplaats") and rows[2][0] == "'=Eigen locaties"  # no formula

    csv = filled / "uit.csv"
    assert "met de verantwoording" not in run("claims", "export", str(csv), "--voorstel", str(voorstel["id"]))
