"""`novex monitor meting|import|status|zet-status|ronde|rapport` through the CLI runner (issue 19).

The operator of the server acts, as with `novex ra`; the rights of each role are tested through the API
(tests/integration/test_monitor_api.py). Agreements are stored as adopted versions directly, with dates
relative to today; every expected status is worked out by hand from the rules in `novex.monitor.suggestie`'s
docstring and every refusal exits 1 with a Dutch message (`Fout: …`) and no traceback.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from novex import bootstrap
from novex.arrangement.model import Mijlpaal
from novex.cli import app
from tests.fixtures.monitor import gevolgde_afspraak, vastgesteld

runner = CliRunner()
T = date.today()
DAY = timedelta(days=1)
CODES = ("op-schema", "aandacht-nodig", "vertraagd", "gerealiseerd", "vervallen")
PASSED, LATER = Mijlpaal("eerste 1.000", T - 60 * DAY, 1000.0), Mijlpaal("2.500", T + 400 * DAY, 2500.0)


def afspraak(sleutel: str, provincie: str = "PV26", **over):
    """0 → 4.000 homes; milestone 1.000 passed 60 days ago, 2.500 in 400 days; deadline in 1.500 days."""
    fields = {"mijlpalen": (PASSED, LATER), "deadline": T + 1500 * DAY} | over
    return gevolgde_afspraak(sleutel, provincie, **fields)


@pytest.fixture
def followed(cli_env):
    """Utrecht follows A1 … A8, Zuid-Holland B1 (deadline passed) and B2 (no numeric target), in the CLI's database."""
    with bootstrap.configured_database() as db, db.session() as session:
        vastgesteld(session, "PV26", (
            *(afspraak(f"A{n}") for n in range(1, 6)),
            afspraak("A6", mijlpalen=(Mijlpaal("later", T + 200 * DAY, 1000.0),)),
            afspraak("A7"),
            afspraak("A8", mijlpalen=(Mijlpaal("binnenkort", T + 30 * DAY, 2000.0),)),
        ))  # fmt: skip
        vastgesteld(session, "PV28", (afspraak("B1", "PV28", deadline=T - DAY),
                                      afspraak("B2", "PV28", streefwaarde="zoveel mogelijk")))  # fmt: skip
    return cli_env


def run(*args: str):
    result = runner.invoke(app, ["monitor", *args])
    assert result.exit_code == 0, result.output
    return result


def ok(*args: str):
    return json.loads(run(*args, "--format", "json").stdout)


def refused(args: list[str], *needles: str, code: int = 1) -> str:
    result = runner.invoke(app, ["monitor", *args])
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if code == 1:
        assert "Fout:" in result.output, result.output
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


def add(ref: str, waarde: str, datum: date, bron: str = "CBS", *extra: str) -> dict:
    return ok("meting", "add", ref, "--waarde", waarde, "--datum", datum.isoformat(), "--bron", bron, *extra)


def stored(*filters: str) -> list[dict]:
    return ok("meting", "list", *filters)


def test_a_measurement_is_added_listed_and_removed_with_a_reason(followed):
    d = T - 10 * DAY
    saved = add("PV26/A1", "1.250,5", d, "CBS", "--toelichting", "kwartaal 3")
    assert (saved["afspraak"], saved["waarde"], saved["datum"], saved["bron"], saved["toelichting"],
            saved["ingevoerd_door"]) == ("PV26/A1", 1250.5, d.isoformat(), "CBS", "kwartaal 3", "systeem")  # fmt: skip
    said = run("meting", "add", "Utrecht/A2", "--waarde", "800", "--datum", d.isoformat(), "--bron", "BAG").output
    assert "afspraak PV26/A2 = 800 op" in said  # a province's name is as good as its code
    assert [m["id"] for m in stored("--afspraak", "PV26/A1")] == [saved["id"]]
    assert [m["afspraak"] for m in stored("--provincie", "utrecht")] == ["PV26/A1", "PV26/A2"]
    assert stored("--provincie", "PV28") == []
    listed = run("meting", "list").output
    assert "1.250,5" in listed and "kwartaal 3" in listed and "2 metingen" in listed
    refused(["meting", "add", "PV26/A1", "--waarde", "1.250,5", "--datum", d.isoformat(), "--bron", "CBS"],
            "heeft al een meting")  # fmt: skip
    refused(["meting", "add", "PV26/A1", "--waarde", "veel", "--datum", d.isoformat(), "--bron", "CBS"], "geen getal")
    refused(["meting", "add", "PV26/A1", "--waarde", "1", "--datum", "31-12-2025", "--bron", "CBS"], "geen datum")
    refused(["meting", "add", "PV26/A1", "--waarde", "1", "--datum", "2025-02-30", "--bron", "CBS"], "geen datum")
    refused(["meting", "add", "PV26/A1", "--waarde", "1", "--datum", (T + DAY).isoformat(), "--bron", "CBS"],
            "tussen 2000-01-01 en vandaag")  # fmt: skip
    refused(["meting", "add", "PV26/ZZ", "--waarde", "1", "--datum", d.isoformat(), "--bron", "CBS"],
            "staat niet in het vastgestelde ruimtelijk arrangement")  # fmt: skip
    refused(["meting", "add", "PV26-A1", "--waarde", "1", "--datum", d.isoformat(), "--bron", "CBS"],
            "PROVINCIE/SLEUTEL")  # fmt: skip
    refused(["meting", "add", "PV26/A1", "--waarde", "1", "--datum", d.isoformat()], "--bron", code=2)
    refused(["meting", "list", "--provincie", "PV28", "--afspraak", "PV26/A1"], "spreken elkaar tegen")
    assert len(stored()) == 2
    refused(["meting", "remove", str(saved["id"])], "--reden", code=2)
    refused(["meting", "remove", str(saved["id"]), "--reden", " "], "reden ontbreekt")
    said = run("meting", "remove", str(saved["id"]), "--reden", "dubbel geteld").output
    assert f"meting {saved['id']} van afspraak PV26/A1" in said and "verwijderd" in said
    assert [m["afspraak"] for m in stored()] == ["PV26/A2"]
    refused(["meting", "remove", str(saved["id"]), "--reden", "nog eens"], f"meting {saved['id']} bestaat niet")
    refused(["meting", "remove", "0", "--reden", "x"], "ID", code=2)


def write_csv(folder, name: str, rows: list[str]) -> str:
    path = folder / name
    path.write_text("\n".join(["afspraak;waarde;datum;bron;toelichting", *rows]) + "\n", "utf-8")
    return str(path)


def test_the_import_stores_every_row_or_none_and_names_every_bad_row(followed):
    d = (T - 7 * DAY).isoformat()
    bad = write_csv(followed, "fout.csv", [
        f"PV26/A1;1000;{d};CBS;",  # 2 good
        f"PV26/A1;veel;{d};CBS;",  # 3 no number
        "PV26/A2;1000;morgen;CBS;",  # 4 no date
        f"PV26/ZZ;1000;{d};CBS;",  # 5 not followed
        f"PV99/A1;1000;{d};CBS;",  # 6 no province
        f"PV28/B1;1000;{d};;",  # 7 no source
        f"PV28/B1;1000;{d};CBS;",  # 8 good
    ])  # fmt: skip
    said = refused(["import", bad], "niets ingelezen")
    for line in (3, 4, 5, 6, 7):
        assert f"regel {line}:" in said, said
    assert "regel 2:" not in said and "regel 8:" not in said
    assert stored() == []  # nothing stored
    good = write_csv(followed, "goed.csv", [f"PV26/A1;1.250,5;{d};CBS;eerste", f"PV26/A1;1300;{T};BAG;",
                                            f"Zuid-Holland/B1;900;{d};CBS;"])  # fmt: skip
    assert "goed.csv: 3 metingen ingelezen voor 2 afspraken" in run("import", good).output
    assert [(m["afspraak"], m["waarde"], m["datum"], m["bron"], m["toelichting"]) for m in stored()] == [
        ("PV26/A1", 1250.5, d, "CBS", "eerste"), ("PV26/A1", 1300, T.isoformat(), "BAG", ""),
        ("PV28/B1", 900, d, "CBS", "")]  # fmt: skip
    again = refused(["import", good], "niets ingelezen")
    assert again.count("heeft al een meting") == 3 and all(f"regel {n}:" in again for n in (2, 3, 4))
    assert len(stored()) == 3
    refused(["import", str(followed / "nergens.csv")], "bestaat niet")
    refused(["import", str(followed / "goed.txt")], "kies een .csv- of .xlsx-bestand")


def test_an_xlsx_file_is_stored_whole(followed):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["afspraak", "waarde", "datum", "bron"])
    sheet.append(["PV26/A3", 1500, T - 30 * DAY, "CBS"])
    sheet.append(["PV28/B1", "2.000", (T - 3 * DAY).strftime("%d-%m-%Y"), "RVO"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = followed / "metingen.xlsx"
    path.write_bytes(buffer.getvalue())
    assert "2 metingen ingelezen voor 2 afspraken" in run("import", str(path)).output
    assert [(m["afspraak"], m["waarde"], m["datum"]) for m in stored()] == [
        ("PV26/A3", 1500, (T - 30 * DAY).isoformat()), ("PV28/B1", 2000, (T - 3 * DAY).isoformat())]  # fmt: skip
    refused(["import", str(path)], "heeft al een meting")


# Each agreement's measurements as (value, days ago) and its status worked out by hand from the rules.
CRAFTED = {
    "PV26/A1": ([("4100", 10)], "gerealiseerd"),  # reaches the target 4.000
    "PV26/A2": ([("500", 10)], "vertraagd"),  # misses the milestone 1.000 of 60 days ago
    "PV26/A3": ([("900", 80), ("1200", 10)], "op-schema"),  # past that milestone; the next is 400 days away
    "PV26/A4": ([("1200", 500)], "aandacht-nodig"),  # the last measurement is older than 400 days
    "PV26/A5": ([], "aandacht-nodig"),  # no measurement while a milestone has passed
    "PV26/A6": ([], None),  # no measurement and no milestone passed yet: no suggestion
    "PV26/A7": ([("1200", 10)], "vervallen"),  # the owner's status (set below) wins over op schema
    "PV26/A8": ([("1200", 5)], "aandacht-nodig"),  # a milestone of 2.000 in 30 days is not reached yet
    "PV28/B1": ([("3000", 5)], "vertraagd"),  # the deadline was yesterday, 3.000 < 4.000
    "PV28/B2": ([], None),  # "zoveel mogelijk" is no numeric target: no suggestion
}


def test_status_counts_per_province_as_worked_out_by_hand(followed):
    for ref, (series, _) in CRAFTED.items():
        for waarde, ago in series:
            add(ref, waarde, T - ago * DAY)
    said = run("zet-status", "PV26/A7", "vervallen", "--motivering", "opgegaan in A3").output
    assert "afspraak PV26/A7: status vastgesteld; nu 'vervallen' (opgegaan in A3)" in said
    expected: dict[str, dict[str, int]] = {}
    for ref, (_, status) in CRAFTED.items():
        counts = expected.setdefault(ref.split("/")[0], dict.fromkeys([*CODES, "geen"], 0))
        counts[status or "geen"] += 1
    assert expected == {"PV26": {"op-schema": 1, "aandacht-nodig": 3, "vertraagd": 1, "gerealiseerd": 1,
                                 "vervallen": 1, "geen": 1},
                        "PV28": {"op-schema": 0, "aandacht-nodig": 0, "vertraagd": 1, "gerealiseerd": 0,
                                 "vervallen": 0, "geen": 1}}  # fmt: skip
    assert ok("status") == expected
    assert ok("status", "--provincie", "Zuid-Holland") == {"PV28": expected["PV28"]}
    assert ok("status", "-p", "pv26") == {"PV26": expected["PV26"]}
    shown = run("status").output
    assert "Utrecht (PV26)" in shown and "aandacht nodig" in shown and "ontwerpkeuze van dit platform" in shown
    refused(["status", "--provincie", "Atlantis"], "provincie 'Atlantis' bestaat niet")
    refused(["status", "--format", "xml"], "--format", code=2)


def test_an_owner_status_is_set_with_a_motivation_and_returned_to_the_suggestion(followed):
    said = run("zet-status", "PV26/A1", "vertraagd", "--motivering", "bouwstop door stikstof").output
    assert "nu 'vertraagd' (bouwstop door stikstof)" in said
    assert ok("status", "-p", "PV26")["PV26"]["vertraagd"] == 1
    # by hand: A1 has no measurement while its milestone of 60 days ago has passed → aandacht nodig
    said = run("zet-status", "PV26/A1", "suggestie", "--motivering", "bouwstop opgeheven").output
    assert "status terug naar de suggestie; nu 'aandacht nodig'" in said
    refused(["zet-status", "PV26/A1", "groen", "--motivering", "x"], "status 'groen' bestaat niet")
    refused(["zet-status", "PV26/A1", "vertraagd", "--motivering", ""], "motivering ontbreekt")
    refused(["zet-status", "PV26/A1", "vertraagd"], "--motivering", code=2)
    refused(["zet-status", "PV26/ZZ", "vertraagd", "--motivering", "x"], "staat niet in het vastgestelde")
    with bootstrap.configured_database() as db, db.session(write=False) as session:
        from novex.access import Actor
        from novex.audit import AuditFilter

        events, total = bootstrap.audit_service(session).page(
            Actor.operator(), AuditFilter(actie="monitor-afspraak.status"), 1, 10
        )
    assert total == 2
    assert sorted((e.object_id, e.reden, e.details["status"]) for e in events) == [
        ("A1", "bouwstop door stikstof", "vertraagd"), ("A1", "bouwstop opgeheven", None)]  # fmt: skip


def test_a_round_is_opened_written_closed_and_its_snapshot_stays_frozen(followed):
    add("PV26/A3", "1200", T - 10 * DAY)
    ronde = ok("ronde", "start", "PV26", str(T.year))
    rid = str(ronde["id"])
    assert (ronde["provincie"], ronde["jaar"], ronde["status"], ronde["versie"]) == ("PV26", T.year, "open", 1)
    assert [(d["soort"], d["naam"]) for d in ronde["deelnemers"]] == [("vro", "ministerie van VRO"),
                                                                      ("provincie", "Utrecht")]  # fmt: skip
    refused(["ronde", "start", "Utrecht", str(T.year)], "bestaat al")
    other = ok("ronde", "start", "PV28", str(T.year), "--deelnemer", "ministerie:LVVN", "--deelnemer", "vro:VRO")
    assert [(d["soort"], d["naam"]) for d in other["deelnemers"]] == [("ministerie", "LVVN"), ("vro", "VRO")]
    refused(["ronde", "start", "PV28", str(T.year - 1), "--deelnemer", "LVVN"], "SOORT:NAAM")
    refused(["ronde", "start", "PV28", str(T.year - 1), "--deelnemer", "gemeente:Utrecht"], "soort is een van")
    refused(["ronde", "sluit", rid, "--versie", "1"], "schrijf eerst het kwalitatieve beeld")
    written = ok("ronde", "beeld", rid, "--versie", "1", "--tekst", "De bouw loopt; netcongestie remt.")
    assert (written["beeld"], written["versie"]) == ("De bouw loopt; netcongestie remt.", 2)
    refused(["ronde", "beeld", rid, "--versie", "1", "--tekst", "ouder beeld"], "versie 2, u had versie 1")
    refused(["ronde", "beeld", rid, "--versie", "2"], "--tekst of met --bestand")
    picture = followed / "beeld.txt"
    picture.write_text("Regel één.\nRegel twee: de Vallei.\n", "utf-8")
    refused(["ronde", "beeld", rid, "--versie", "2", "--tekst", "x", "--bestand", str(picture)], "één van beide")
    written = ok("ronde", "beeld", rid, "--versie", "2", "--bestand", str(picture))
    assert (written["beeld"], written["versie"]) == ("Regel één.\nRegel twee: de Vallei.", 3)
    refused(["ronde", "sluit", rid, "--versie", "2"], "versie 3, u had versie 2")
    said = run("ronde", "sluit", rid, "--versie", "3").output
    assert f"monitorronde {rid} (Utrecht {T.year}) afgesloten met een momentopname van 8 afspraken" in said
    frozen = ok("ronde", "show", rid)
    standen = {s["sleutel"]: s for s in frozen["momentopname"]["standen"]}
    assert (frozen["status"], len(standen)) == ("afgesloten", 8)
    assert (standen["A3"]["laatste_waarde"], standen["A3"]["status"]) == (1200, "op-schema")
    # a later measurement moves the meter, not the snapshot
    add("PV26/A3", "4000", T - DAY, "BAG")
    assert ok("status", "-p", "PV26")["PV26"]["gerealiseerd"] == 1
    assert ok("ronde", "show", rid) == frozen
    refused(["ronde", "beeld", rid, "--versie", "4", "--tekst", "te laat"], "is afgesloten")
    assert [r["id"] for r in ok("ronde", "list", "--jaar", str(T.year))] == [int(rid), other["id"]]
    assert [r["id"] for r in ok("ronde", "list", "--provincie", "Zuid-Holland")] == [other["id"]]
    table = run("ronde", "show", rid).output
    assert "Momentopname van" in table and "Regel twee: de Vallei." in table and "op schema" in table
    assert "afgesloten" in run("ronde", "list").output
    refused(["ronde", "show", "999"], "monitorronde 999 bestaat niet")
    refused(["ronde", "show", "abc"], "ID", code=2)


def test_the_yearly_report_is_written_as_pdf_or_html(followed):
    rid = str(ok("ronde", "start", "PV26", str(T.year))["id"])
    run("ronde", "beeld", rid, "--versie", "1", "--tekst", "Het beeld van Utrecht in woorden.")
    pdf = followed / "rapport.pdf"
    said = run("rapport", str(T.year), "-o", str(pdf)).output
    assert pdf.read_bytes().startswith(b"%PDF") and "application/pdf" in said
    html = followed / "rapport.html"
    run("rapport", str(T.year), "-o", str(html))
    assert "Het beeld van Utrecht in woorden." in html.read_text("utf-8")
    refused(["rapport", str(T.year), "-o", str(followed / "rapport.docx")], "kies een bestand dat eindigt op .pdf")
    refused(["rapport", str(T.year), "-o", str(followed / "nergens" / "r.pdf")], "bestaat niet")
    refused(["rapport", "1999", "-o", str(pdf)], "JAAR", code=2)
