"""`novex ra new|list|show|check|propose|adopt|diff|export` through the CLI runner (issue 18).

JSON parsed and checked against expectations written by hand; every refusal exits 1 with a Dutch
message (`Fout: …`) and no traceback; what the command line cannot do (decide the inclusion
criteria, mend an agreement, motivate a finding) is done through the service, as a person would on
the web or through the API.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date

import pytest
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor
from novex.arrangement.inclusie import Inclusie, Inclusiecriterium
from novex.arrangement.model import Acceptatie, Eigenaar
from novex.cli import app
from tests.fixtures.vraagstukken import decided_in_bol

runner = CliRunner()
VRO = Actor.operator()
ALL_MET = tuple(Inclusiecriterium(n, True, f"voldaan: {n}") for n in range(1, 6))


@pytest.fixture
def decided(cli_env):
    """Two Utrecht vraagstukken decided in the BOL of 2027 (ids, the BOL meeting), in the CLI's database."""
    with bootstrap.configured_database() as db, db.session() as session:
        return decided_in_bol(session, ("Wonen langs de A12", "Water bij Lopik"))


def ok(args: list[str]) -> object:
    result = runner.invoke(app, ["ra", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def refused(args: list[str], *needles: str, code: int = 1) -> str:
    result = runner.invoke(app, ["ra", *args])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if code == 1:
        assert "Fout:" in result.output, result.output
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


def through_the_service(work):
    """Run `work(service)` in one unit of work on the CLI's database (as the web or the API would)."""
    with bootstrap.configured_database() as db, db.session() as session:
        return work(bootstrap.arrangement_service(session))


def test_new_check_propose_adopt_and_diff(decided):
    (a12, lopik), bol = decided
    created = ok(["new", "pv26", "2027"])
    rid = created["id"]
    assert (created["provincie"], created["jaar"], created["status"], created["versie"]) == ("PV26", 2027, "concept", 1)
    assert [(a["sleutel"], a["vraagstuk_id"]) for a in created["afspraken"]] == [("PV26-2027-1", a12),
                                                                                 ("PV26-2027-2", lopik)]  # fmt: skip
    assert len(created["onderdelen"]) == 5
    refused(["new", "PV26", "2027"], "heeft al een ruimtelijk arrangement voor 2027")

    findings = ok(["check", str(rid)])  # by hand: each BOL choice has text and two parties, nothing else
    assert len(findings) == 16 and {f["criterium"] for f in findings} == {
        "specifiek", "meetbaar", "acceptabel", "realistisch", "tijdsgebonden", "eigenaar"}  # fmt: skip
    assert {f["code"] for f in findings if f["afspraak"] == "PV26-2027-1"} == {
        "geen-resultaat", "geen-indicator", "niet-geaccepteerd:VRO", "niet-geaccepteerd:Utrecht", "geen-middelen",
        "geen-capaciteit", "geen-deadline", "geen-eigenaar"}  # fmt: skip
    plain = runner.invoke(app, ["ra", "check", str(rid)])
    assert plain.exit_code == 0 and "16 bevindingen, waarvan 16 zonder motivering" in plain.output
    assert "er is geen eigenaar van de uitvoering" in plain.output

    refused(["propose", str(rid)], "inclusiecriteria")

    def decide_and_motivate(service):
        ra = service.get(VRO, rid)
        for vid in (a12, lopik):
            ra = service.set_inclusie(VRO, rid, Inclusie(vid, ALL_MET), ra.version)
        for f in service.smart(VRO, rid):
            ra = service.set_motivering(VRO, rid, f.sleutel, "volgt in het BOL", ra.version)

    through_the_service(decide_and_motivate)
    assert all(f["gemotiveerd"] for f in ok(["check", str(rid)]))
    proposed = ok(["propose", str(rid), "--reden", "klaar voor het BOL"])
    assert proposed["status"] == "voorgelegd"
    refused(["adopt", str(rid)], "kies het BOL")
    other = next(m for m in bootstrap_meetings() if m.soort == "bol" and m.id != bol.id)
    refused(["adopt", str(rid), "--bol", str(other.id)], "niet het BOL van landsdeel")
    adopted = ok(["adopt", str(rid), "--bol", str(bol.id)])
    assert adopted["status"] == "vastgesteld"
    assert adopted["vastgesteld_in"] == {"vergadering_id": bol.id, "datum": bol.datum.isoformat(), "naam": bol.naam}
    said = runner.invoke(app, ["ra", "propose", str(rid)])
    assert said.exit_code == 1 and "Fout:" in said.output  # adopted: no way back to the BOL

    nxt = ok(["new", "PV26", "2028"])
    assert nxt["vorige_versie"] == rid and [a["sleutel"] for a in nxt["afspraken"]] == ["PV26-2027-1", "PV26-2027-2"]

    def next_year(service):
        ra = service.get(VRO, nxt["id"])
        kept = ra.afspraak("PV26-2027-1")
        accepted = (Acceptatie("VRO", True, date(2028, 1, 10)),)
        ra = service.update_afspraak(VRO, ra.id, kept.sleutel, replace(
            kept, tekst="Aangescherpt", eigenaren=(Eigenaar("provincie", "PV26"),), partijen=("VRO",),
            acceptaties=accepted), ra.version)  # fmt: skip
        ra = service.remove_afspraak(VRO, ra.id, "PV26-2027-2", ra.version)
        service.add_afspraak(VRO, ra.id, replace(kept, sleutel="nieuw", tekst="Nieuw", vraagstuk_id=None,
                                                 bol_besluit_id=None), ra.version)  # fmt: skip

    through_the_service(next_year)
    diff = ok(["diff", str(rid), str(nxt["id"])])
    assert (diff["van"], diff["naar"], diff["status"]) == (rid, nxt["id"], {"oud": "vastgesteld", "nieuw": "concept"})
    assert [a["sleutel"] for a in diff["afspraken"]["toegevoegd"]] == ["nieuw"]
    assert [a["sleutel"] for a in diff["afspraken"]["vervallen"]] == ["PV26-2027-2"]
    (changed,) = diff["afspraken"]["gewijzigd"]
    assert changed == {"sleutel": "PV26-2027-1", "velden": [
        {"veld": "tekst", "oud": "Het BOL kiest: Wonen langs de A12", "nieuw": "Aangescherpt"},
        {"veld": "partijen", "oud": ["VRO", "Utrecht"], "nieuw": ["VRO"]},
        {"veld": "eigenaren", "oud": [], "nieuw": [{"soort": "provincie", "naam": "PV26"}]},
        {"veld": "acceptaties", "oud": [], "nieuw": [{"partij": "VRO", "akkoord": True, "datum": "2028-01-10",
                                                    "toelichting": ""}]},
    ]}  # fmt: skip
    assert {v["veld"] for v in diff["velden"]} == {"jaar", "vastgesteld_in"}
    table = runner.invoke(app, ["ra", "diff", str(rid), str(nxt["id"])])
    assert table.exit_code == 0 and "Aangescherpt" in table.output and "vervallen" in table.output

    listed = ok(["list", "--provincie", "PV26"])
    assert [(i["jaar"], i["status"]) for i in listed] == [(2027, "vastgesteld"), (2028, "concept")]
    assert [i["jaar"] for i in ok(["list", "--jaar", "2028"])] == [2028]
    shown = ok(["show", str(rid)])
    assert shown["status"] == "vastgesteld" and [s["naar"] for s in shown["geschiedenis"]] == ["voorgelegd",
                                                                                                 "vastgesteld"]  # fmt: skip
    text = runner.invoke(app, ["ra", "show", str(nxt["id"])])
    assert text.exit_code == 0 and "Ruimtelijk arrangement" in text.output and "Ruimtelijk beeld" in text.output


def bootstrap_meetings():
    with bootstrap.configured_database() as db, db.session(write=False) as session:
        return bootstrap.meeting_service(session).meetings(VRO, 2027)


def test_refusals_and_usage_errors_in_dutch(cli_env):
    refused(["show", "999"], "ruimtelijk arrangement 999 bestaat niet")
    refused(["check", "999"], "bestaat niet")
    refused(["diff", "998", "999"], "bestaat niet")
    refused(["new", "PV99", "2027"], "provincie 'PV99' bestaat niet")
    refused(["list", "--status", "verlopen"], "status 'verlopen' bestaat niet")
    refused(["show", "0"], "ID", code=2)
    refused(["new", "PV26", "1999"], "JAAR", code=2)
    refused(["new", "PV26", "2027", "--generatie", "tweede"], "--generatie", code=2)
    refused(["adopt", "1", "--bol", "nul"], "--bol", code=2)
    refused(["export", "1", "-o", "x.pdf", "--soort", "verschil"], "--met")
    refused(["export", "1", "-o", "nergens/x.pdf"], "de map nergens bestaat niet")


def test_export_writes_the_documents(decided, tmp_path):
    import openpyxl

    (a12, lopik), bol = decided
    rid = ok(["new", "PV26", "2027"])["id"]

    def adopt(service):
        ra = service.get(VRO, rid)
        for vid in (a12, lopik):
            ra = service.set_inclusie(VRO, rid, Inclusie(vid, ALL_MET), ra.version)
        for f in service.smart(VRO, rid):
            ra = service.set_motivering(VRO, rid, f.sleutel, "volgt", ra.version)
        service.move(VRO, rid, "voorgelegd")
        service.move(VRO, rid, "vastgesteld", vergadering_id=bol.id)

    through_the_service(adopt)
    nxt = ok(["new", "PV26", "2028"])["id"]
    pdf = tmp_path / "ra.pdf"
    result = runner.invoke(app, ["ra", "export", str(rid), "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-") and "application/pdf" in result.output
    result = runner.invoke(app, ["ra", "export", str(rid), "-o", str(tmp_path), "--format", "html", "--openbaar"])
    assert result.exit_code == 0, result.output
    (html,) = tmp_path.glob("*.html")  # into a folder: under the document's own name
    assert "Ruimtelijk beeld en wederkerige afspraken per provincie" in html.read_text("utf-8")
    diff = tmp_path / "verschil.html"
    result = runner.invoke(app, ["ra", "export", str(rid), "-o", str(diff), "--soort", "verschil", "--met", str(nxt),
                                 "--format", "html"])  # fmt: skip
    assert result.exit_code == 0 and diff.read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    # the BOL-afsprakenlijst holds the two agreements adopted in that BOL, in CSV and XLSX alike
    lijst = tmp_path / "bol.csv"
    result = runner.invoke(app, ["ra", "export", str(bol.id), "-o", str(lijst), "--soort", "bol-afsprakenlijst",
                                 "--format", "csv"])  # fmt: skip
    assert result.exit_code == 0, result.output
    header, *rows = csv.reader(io.StringIO(lijst.read_text("utf-8-sig")), delimiter=";")
    assert header[:4] == ["Provincie", "RA-jaar", "Sleutel", "Tekst"]
    assert [r[2:4] for r in rows] == [["PV26-2027-1", "Het BOL kiest: Wonen langs de A12"],
                                      ["PV26-2027-2", "Het BOL kiest: Water bij Lopik"]]  # fmt: skip
    sheet = tmp_path / "bol.xlsx"
    result = runner.invoke(app, ["ra", "export", str(bol.id), "-o", str(sheet), "--soort", "bol-afsprakenlijst",
                                 "--format", "xlsx"])  # fmt: skip
    assert result.exit_code == 0, result.output
    read = list(openpyxl.load_workbook(sheet).active.iter_rows(values_only=True))
    assert list(read[0]) == header and [list(r[2:4]) for r in read[1:]] == [r[2:4] for r in rows]  # the same rows
    refused(["export", str(rid), "-o", str(tmp_path / "x.csv"), "--format", "csv"], "onbekend formaat 'csv'")
