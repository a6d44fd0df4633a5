"""Issue 17 through its edges: the year plan and werkplaatsen on the CLI, the fast procedure and documents via the API."""

from __future__ import annotations

import json
import re
import subprocess
from importlib import resources

import pytest
from typer.testing import CliRunner

from novex import bootstrap
from novex.access import Actor
from novex.cli import app
from novex.dialogue.model import VraagstukDraft
from novex.reference.provinces import landsdelen
from tests.fixtures.clients import make_clients

runner = CliRunner()
PROVINCES = {f"PV{n}" for n in range(20, 32)}
SEED_001 = (resources.files("novex.catalog") / "sources" / "001_3843d3c6ab845a18.txt").read_text("utf-8")
OPTION = {"titel": "R", "voordelen": "v", "nadelen": "n", "ruimtelijk": "r", "bestuurlijk": "b", "juridisch": "j"}
CRITERIA = ("meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten")


def pages(pdf: bytes) -> int:
    """The page count as poppler's pdfinfo reads it (independent of the code that wrote the PDF)."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def test_the_plan_of_a_year_on_the_cli(cli_env):
    result = runner.invoke(app, ["vergadering", "plan", "2027", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    do = {i["provincie"]: i["datum"] for i in items if i["soort"] == "do-novex"}
    gpdg = {i["provincie"]: i["datum"] for i in items if i["soort"] == "gp-dg"}
    bol = {i["landsdeel"]: i["datum"] for i in items if i["soort"] == "bol"}
    assert set(do) == set(gpdg) == PROVINCES and len(do) == len(gpdg) == 12
    assert len([i for i in items if i["soort"] == "bol"]) == 5 and all(d[5:7] == "09" for d in bol.values())
    part_of = {code: part.code for part in landsdelen()[0] for code in part.provincies}
    for code in PROVINCES:  # ISO dates compare as text
        assert do[code] < gpdg[code] < bol[part_of[code]], code


def test_the_werkplaatsen_of_seed_001_on_the_cli(cli_env):
    result = runner.invoke(app, ["werkplaats", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["historisch"]
    start = SEED_001.index("# Werkplaats Datum Inhoudelijk Trekker Bouwsteen Hoofdonderwerp Organisatie")
    rows = re.findall(r"^(\d+) .*\b\d{1,2}-\d{1,2}-\d{4}\b", SEED_001[start : start + 8000], re.M)
    assert [w["nummer"] for w in listed] == [int(n) for n in rows]


@pytest.fixture
def api(settings):
    clients = make_clients(settings)
    with bootstrap.database(settings).session() as session:
        vid = (
            bootstrap.vraagstuk_service(session)
            .signal(Actor.operator(), VraagstukDraft("Wonen tegen water bij Lopik", ("PV26",), "voortgang"))
            .id
        )
    return clients, vid


def test_the_fast_procedure_through_the_api_and_its_documents(api):
    clients, vid = api
    vro = clients.vro
    assert clients.utrecht.post(f"/api/v1/vraagstukken/{vid}/snelle-procedure").status_code == 403
    version = vro.post(f"/api/v1/vraagstukken/{vid}/snelle-procedure").json()["versie"]
    long = {"botsend": True, "motivering": "m", "wat_botst": "a", "waar": "b", "waarom_urgent": "lang " * 1500}
    refused = vro.put(f"/api/v1/vraagstukken/{vid}/snelle-procedure/signaal", json=long | {"versie": version})
    assert refused.status_code == 400 and "Waarom is dat urgent?" in refused.json()["detail"]
    signal = long | {"waarom_urgent": "Het BOL van september beslist"}
    version = vro.put(f"/api/v1/vraagstukken/{vid}/snelle-procedure/signaal", json=signal | {"versie": version}).json()[
        "versie"
    ]
    signal_pdf = vro.get(f"/api/v1/documenten/signaal/{vid}.pdf")
    assert signal_pdf.status_code == 200 and pages(signal_pdf.content) == 1
    expert = vro.post("/api/v1/experts", json={"naam": "A. Deskundige", "departement": "IenW", "domeinen": ["water"]})
    vro.post(f"/api/v1/vraagstukken/{vid}/snelle-procedure/stappen", json={"naar": "snelle-selectie"})
    selection = {"criteria": [{"code": c, "voldaan": True, "motivering": "m"} for c in CRITERIA], "opschalen": True,
                 "experts": [expert.json()["id"]]}  # fmt: skip
    version = vro.put(
        f"/api/v1/vraagstukken/{vid}/snelle-procedure/selectie", json=selection | {"versie": version + 1}
    ).json()["versie"]
    version = vro.post(f"/api/v1/vraagstukken/{vid}/snelle-procedure/stappen", json={"naar": "snelle-tafel"}).json()[
        "versie"
    ]
    note = {"probleemdefinitie": "Gedeeld beeld", "advies": "bestuurlijk", "advies_toelichting": "naar het DO",
            "experts": [expert.json()["id"]], "versie": version}  # fmt: skip
    for count in (1, 4):
        bad = vro.put(f"/api/v1/vraagstukken/{vid}/snelle-procedure/tafel", json=note | {"opties": [OPTION] * count})
        assert (
            bad.status_code == 400
            and f"2–3 realistische oplossingsrichtingen (seed 002 §4.2): nu {count}" in bad.json()["detail"]
        )
    decided = vro.put(
        f"/api/v1/vraagstukken/{vid}/snelle-procedure/tafel", json=note | {"opties": [OPTION] * 2, "besluit": "ja"}
    )
    assert decided.status_code == 400 and "neemt geen besluiten" in decided.json()["detail"]
    saved = vro.put(f"/api/v1/vraagstukken/{vid}/snelle-procedure/tafel", json=note | {"opties": [OPTION] * 3})
    assert saved.status_code == 200 and "tafelnotitie" in saved.json()["producten"]
    note_pdf = vro.get(f"/api/v1/documenten/snelle-tafel/{vid}.pdf?openbaar=true")
    assert note_pdf.status_code == 200 and 1 <= pages(note_pdf.content) <= 2
    assert (
        b"A. Deskundige"
        not in subprocess.run(["pdftotext", "-", "-"], input=note_pdf.content, capture_output=True).stdout
    )


def page_size_mm(pdf: bytes) -> tuple[int, int]:
    """The first page's size in millimetres, as pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M).groups())
    return round(width / 72 * 25.4), round(height / 72 * 25.4)


def text_of(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_novex_document_writes_every_kind_within_its_page_limit(cli_env):
    """Each of the six documents through the CLI: its pages, its paper, and names left out of the public variant."""
    from novex.meetings.agenda import Uitkomst
    from novex.meetings.snelle_procedure import Terugkoppeling
    from novex.settings import get_settings
    from tests.fixtures.vraagstukken import VRO, in_besluitvorming, run_to_terugkoppeling

    with bootstrap.database(get_settings()).session() as session:
        meetings = bootstrap.meeting_service(session).schedule(VRO, 2027)
        vid = in_besluitvorming(session, "Wonen en water bij Lopik")
        service = bootstrap.meeting_service(session)
        p = run_to_terugkoppeling(service, vid)  # its expert is "B. Deskundige"
        service.save_product(VRO, vid, Terugkoppeling("do-novex", False, "Naar het DO NOVEX"), p.version)
        do = next(m for m in meetings if m.soort == "do-novex" and m.provincie == "PV26")
        item = service.set_agenda(VRO, do.id, service.draft(VRO, do.id), do.version)[0]
        service.record_outcome(VRO, do.id, item.id, Uitkomst("Eensgezind advies: richting 1", consensus=True))
        service.set_rode_draden(VRO, do.id, "Water eerst, dan wonen.", service.meeting(VRO, do.id).version)
        gpdg = next(m for m in meetings if m.soort == "gp-dg" and m.provincie == "PV26")
        gp_item = service.set_agenda(VRO, gpdg.id, service.draft(VRO, gpdg.id), gpdg.version)[0]
        assert gp_item.soort == "advies"  # with consensus, the DO's advice goes to the GP-DG (seed 002 §4.1 stap 3)
        service.record_outcome(VRO, gpdg.id, gp_item.id, Uitkomst("Advies: richting 1"))
        part = next(x.code for x in landsdelen()[0] if "PV26" in x.provincies)
        bol = next(m for m in meetings if m.soort == "bol" and m.landsdeel == part)
        bol_item = service.set_agenda(VRO, bol.id, service.draft(VRO, bol.id), bol.version)[0]
        service.record_outcome(VRO, bol.id, bol_item.id, Uitkomst("Het BOL kiest richting 1"))
    limits = {
        "signaal": (vid, 1),
        "snelle-tafel": (vid, 2),
        "a5": (vid, 1),
        "agenda": (do.id, 4),
        "rode-draden": (do.id, 2),
        "bol-afsprakenlijst": (bol.id, 10),
    }  # seed 002 §4.2 and this platform's
    texts = {}
    for soort, (key, most) in limits.items():
        for public in (False, True):
            out = cli_env / f"{soort}{'-openbaar' if public else ''}.pdf"
            result = runner.invoke(
                app, ["document", soort, str(key), "-o", str(out), *(["--openbaar"] if public else [])]
            )
            assert result.exit_code == 0, (soort, result.output)
            pdf = out.read_bytes()
            assert 1 <= pages(pdf) <= most, soort
            assert page_size_mm(pdf) == ((148, 210) if soort == "a5" else (210, 297)), soort
            texts[soort, public] = text_of(pdf)
    assert "B. Deskundige" in texts["snelle-tafel", False] and "B. Deskundige" not in texts["snelle-tafel", True]
    assert "Water eerst, dan wonen." in texts["rode-draden", False]
    assert "Het BOL kiest richting 1" in texts["bol-afsprakenlijst", True]
    assert "Wonen en water bij Lopik" in texts["agenda", False]
    unknown = runner.invoke(app, ["document", "notulen", str(vid), "-o", str(cli_env / "x.pdf")])
    missing = runner.invoke(app, ["document", "agenda", "999999", "-o", str(cli_env / "y.pdf")])
    assert unknown.exit_code == 2 and "notulen" in unknown.output
    assert missing.exit_code == 1 and "Fout:" in missing.output and "999999" in missing.output
    assert not (cli_env / "x.pdf").exists() and not (cli_env / "y.pdf").exists()
