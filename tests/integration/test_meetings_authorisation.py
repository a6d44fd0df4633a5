"""The meeting cycle's API (seed 002 §4.1–4.3): every route × every role × own/other province.

Hand-written from the documented rules, not computed from the code (`novex.meetings.actions`,
`novex.dialogue.actions`, the fast procedure in `novex.meetings.snelle_procedure`):

- `overleg-beheren` is VRO's (seed 002 §4.1 stap 2 "VRO belegt en agendeert"): plan a year, draft and
  fix an agenda, record outcomes and the rode draden, add experts and werkplaats sessions. A province
  does not manage even its own DO NOVEX; the draft agenda is VRO's working copy, so it is VRO's too;
- everybody logged in reads the meetings, the computed year plan, the BOL-afsprakenlijst (an annex to a
  Kamerbrief), the werkplaatsen and the experts; what they show a province's planner follows the
  vraagstuk's read rule: agenda items and BOL afspraken of vraagstukken it may read (and free subjects);
- the fast procedure (§4.2) belongs to a vraagstuk: the accounthouder (VRO) leads every step, so only
  VRO starts it, records its products and takes its steps; reading it follows the vraagstuk's read rule
  (a province's planner reads those of its own province only, 403 for another's). Who may take no step
  at all is refused (403) whatever step it asks for; only VRO learns that a step is not possible now (409);
- a document follows the read rule of what it is made of: signal, snelle-tafel note and A5 that of the
  vraagstuk; agenda, rode draden and BOL-afsprakenlijst that of the meeting;
- nobody logged in: 401.

Cells as in `test_authorisation_matrix`: 200/201 allowed, 403 refused, 401 without credentials, and
409: allowed to ask, but not possible in this state (changes nothing).
Province PV26/PV28: the meeting or vraagstuk belongs to that province (utrecht is PV26's planner,
zuid_holland PV28's); "*": not bound to a province. Each case acts on its own fresh meeting or
vraagstuk in one database per module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from novex import bootstrap
from novex.access import Actor
from tests.fixtures.clients import ACCOUNTS, make_clients
from tests.fixtures.matrix import ROLES, client_for, fresh_vraagstuk, parse_matrix, template_copy

# Rights are enforced in the service layer, in front of the database: the matrix runs once, on SQLite
# (the audit trail's and the repositories' queries run on both backends in their own tests).
pytestmark = pytest.mark.sqlite_only

MEETINGS_MATRIX = """
operation         province  vro  utrecht  zuid_holland  departement  lezer  beheerder  anonymous
plan              *         200  200      200           200          200    200        401
schedule          *         201  403      403           403          403    403        401
meetings          *         200  200      200           200          200    200        401
meeting           PV26      200  200      200           200          200    200        401
meeting           PV28      200  200      200           200          200    200        401
bol               *         200  200      200           200          200    200        401
draft             PV26      200  403      403           403          403    403        401
draft             PV28      200  403      403           403          403    403        401
agenda            PV26      200  403      403           403          403    403        401
agenda            PV28      200  403      403           403          403    403        401
outcome           PV26      201  403      403           403          403    403        401
outcome           PV28      201  403      403           403          403    403        401
rode_draden       PV26      200  403      403           403          403    403        401
rode_draden       PV28      200  403      403           403          403    403        401
afsprakenlijst    *         200  200      200           200          200    200        401
procedure         PV26      200  200      403           200          200    200        401
procedure         PV28      200  403      200           200          200    200        401
start             PV26      201  403      403           403          403    403        401
start             PV28      201  403      403           403          403    403        401
signaal           PV26      200  403      403           403          403    403        401
signaal           PV28      200  403      403           403          403    403        401
selectie          PV26      200  403      403           403          403    403        401
selectie          PV28      200  403      403           403          403    403        401
tafel             PV26      200  403      403           403          403    403        401
tafel             PV28      200  403      403           403          403    403        401
terugkoppeling    PV26      200  403      403           403          403    403        401
terugkoppeling    PV28      200  403      403           403          403    403        401
step              PV26      200  403      403           403          403    403        401
step              PV28      200  403      403           403          403    403        401
step_impossible   PV26      409  403      403           403          403    403        401
step_impossible   PV28      409  403      403           403          403    403        401
experts           *         200  200      200           200          200    200        401
add_expert        *         201  403      403           403          403    403        401
werkplaatsen      *         200  200      200           200          200    200        401
add_session       *         201  403      403           403          403    403        401
doc_signaal       PV26      200  200      403           200          200    200        401
doc_signaal       PV28      200  403      200           200          200    200        401
doc_snelle_tafel  PV26      200  200      403           200          200    200        401
doc_snelle_tafel  PV28      200  403      200           200          200    200        401
doc_a5            PV26      200  200      403           200          200    200        401
doc_a5            PV28      200  403      200           200          200    200        401
doc_agenda        PV26      200  200      200           200          200    200        401
doc_agenda        PV28      200  200      200           200          200    200        401
doc_rode_draden   PV26      200  200      200           200          200    200        401
doc_rode_draden   PV28      200  200      200           200          200    200        401
doc_bol           *         200  200      200           200          200    200        401
"""
MEETINGS_EXPECTED = parse_matrix(MEETINGS_MATRIX)
MEETINGS_CASES = sorted(MEETINGS_EXPECTED)
ROWS = 46
MEETINGS_ROUTES = {  # operation -> (method, path template in the OpenAPI document)
    "plan": ("get", "/api/v1/vergaderingen/plan"),
    "schedule": ("post", "/api/v1/vergaderingen/plan"),
    "meetings": ("get", "/api/v1/vergaderingen"),
    "meeting": ("get", "/api/v1/vergaderingen/{vergadering_id}"),
    "bol": ("get", "/api/v1/vergaderingen/{vergadering_id}"),
    "draft": ("get", "/api/v1/vergaderingen/{vergadering_id}/conceptagenda"),
    "agenda": ("put", "/api/v1/vergaderingen/{vergadering_id}/agenda"),
    "outcome": ("post", "/api/v1/vergaderingen/{vergadering_id}/agenda/{punt_id}/uitkomst"),
    "rode_draden": ("put", "/api/v1/vergaderingen/{vergadering_id}/rode-draden"),
    "afsprakenlijst": ("get", "/api/v1/bol-afsprakenlijst"),
    "procedure": ("get", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure"),
    "start": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure"),
    "signaal": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/signaal"),
    "selectie": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/selectie"),
    "tafel": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/tafel"),
    "terugkoppeling": ("put", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/terugkoppeling"),
    "step": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/stappen"),
    "step_impossible": ("post", "/api/v1/vraagstukken/{vraagstuk_id}/snelle-procedure/stappen"),
    "experts": ("get", "/api/v1/experts"),
    "add_expert": ("post", "/api/v1/experts"),
    "werkplaatsen": ("get", "/api/v1/werkplaatsen"),
    "add_session": ("post", "/api/v1/werkplaatsen"),
    **{op: ("get", "/api/v1/documenten/{soort}/{key}.pdf") for op in (
        "doc_signaal", "doc_snelle_tafel", "doc_a5", "doc_agenda", "doc_rode_draden", "doc_bol")},
}  # fmt: skip
REFUSED = {"401", "403", "409"}
MEETING_BOUND = {"meeting", "draft", "agenda", "outcome", "rode_draden", "doc_agenda", "doc_rode_draden"}
"""The operations on a meeting of one province (the others on a PV26/PV28 row act on a vraagstuk)."""

OPERATOR = Actor.operator()
YEAR = 2027  # the year the fixture schedules; the `schedule` case plans the next one
CRITERIA = ("meerdere-sectoren", "bilateraal-niet-uit", "tijdsdruk", "genomen-besluiten")
OPTION = {"titel": "R", "voordelen": "v", "nadelen": "n", "ruimtelijk": "r", "bestuurlijk": "b", "juridisch": "j"}
SIGNAAL = {"botsend": True, "motivering": "nationaal kader", "wat_botst": "wonen x water", "waar": "Lopik",
           "waarom_urgent": "het BOL van september"}  # fmt: skip


@dataclass(frozen=True)
class World:
    """The module's database with a scheduled year, a BOL choice on the list, an expert and a session."""

    api: object
    db: object
    expert: int
    bol: int
    vraagstuk: int  # the PV26 vraagstuk the BOL chose on


@pytest.fixture(scope="module")
def meetings_world(template_db, backend, tmp_path_factory):
    from novex.meetings.agenda import Uitkomst
    from novex.meetings.sessies import Sessie
    from novex.meetings.snelle_procedure import Expert
    from novex.settings import Settings

    folder = tmp_path_factory.mktemp("overleg-matrix")
    with template_copy(template_db, backend, folder) as url:
        api = make_clients(Settings(data_dir=folder / "data", database_url=url))
        db = api.vro.app.state.db
        vid, _ = fresh_vraagstuk(db, "PV26")  # no consensus in the DO NOVEX: on to the GP-DG, then the BOL
        with db.session() as session:
            s = bootstrap.meeting_service(session)
            year = s.schedule(OPERATOR, YEAR)
            expert = s.add_expert(OPERATOR, Expert(0, "A. Deskundige", "Ministerie van IenW", ("water",)))
            gpdg = next(m for m in year if m.soort == "gp-dg" and m.provincie == "PV26")
            bol = next(m for m in year if m.soort == "bol" and m.landsdeel == "noordwest")  # PV26's landsdeel
            for meeting, uitkomst in ((gpdg, "Advies: richting 2"), (bol, "Het BOL kiest richting 2")):
                (item,) = s.set_agenda(OPERATOR, meeting.id, s.draft(OPERATOR, meeting.id), meeting.version)
                s.record_outcome(OPERATOR, meeting.id, item.id, Uitkomst(uitkomst))
            s.add_session(OPERATOR, Sessie(0, "werkplaats", "Werkplaats Lopik", date(2027, 3, 1), None, "BZK",
                                           "wonen en water", ("interbestuurlijk",), (), (vid,)))  # fmt: skip
        yield World(api, db, expert.id, bol.id, vid)
        db.engine.dispose()


def fresh_meeting(db, soort: str, provincie: str, *, agenda: bool) -> tuple[int, int, int, dict[str, int]]:
    """A new meeting of `provincie` (and a fresh vraagstuk of it on its way to the GP-DG).

    With `agenda`: fixed as [that vraagstuk, a free subject "Rondvraag"]; a DO NOVEX also gets its rode
    draden and the outcome of the free subject. Returns (meeting id, version, vraagstuk id, item id by subject).
    """
    from novex.meetings.agenda import AgendaVoorstel, Uitkomst, Vergadering

    vid, _ = fresh_vraagstuk(db, provincie)
    with db.session() as session:
        s = bootstrap.meeting_service(session)
        mid = s.repo.add_meeting(Vergadering(0, soort, date(YEAR, 6, 1), f"Matrix {soort} {provincie}", provincie))
        items = {}
        if agenda:
            kind = "escalatie" if soort == "gp-dg" else "besluitvorming"
            fixed = s.set_agenda(OPERATOR, mid, [AgendaVoorstel(vid, "Matrix", kind, "matrix"), ("Rondvraag", "")], 1)
            items = {"vraagstuk": fixed[0].id, "rondvraag": fixed[1].id}
            if soort == "do-novex":
                s.set_rode_draden(OPERATOR, mid, "Rode draden van de matrix", 2)
                s.record_outcome(OPERATOR, mid, items["rondvraag"], Uitkomst("Besproken"))
        return mid, s.meeting(OPERATOR, mid).version, vid, items


STAGES = ("vraagstuk", "gestart", "signaal", "snelle-selectie", "selectie", "snelle-tafel", "tafel", "terugkoppeling")
STAGE = {"start": "vraagstuk", "procedure": "gestart", "signaal": "gestart", "step": "signaal",
         "step_impossible": "signaal", "doc_signaal": "signaal", "selectie": "snelle-selectie",
         "tafel": "snelle-tafel", "doc_snelle_tafel": "tafel", "terugkoppeling": "terugkoppeling"}  # fmt: skip
"""How far the fast procedure of the case's fresh vraagstuk has come before the call."""


def fresh_procedure(db, provincie: str, expert: int, stage: str) -> tuple[int, int]:
    """A new vraagstuk of `provincie` whose fast procedure VRO has taken up to `stage`: (vraagstuk id, version)."""
    from novex.dialogue.model import VraagstukDraft
    from novex.meetings.snelle_procedure import ESCALATIECRITERIA, Optie, Selectie, Signaal, TafelNotitie

    upto = STAGES.index(stage)
    with db.session() as session:
        draft = VraagstukDraft("Snel", (provincie,), "informeel-contact", inkadering="NR")
        vid = bootstrap.vraagstuk_service(session).signal(OPERATOR, draft).id
        if not upto:
            return vid, 0
        s = bootstrap.meeting_service(session)
        p = s.start_procedure(OPERATOR, vid)
        selectie = Selectie(dict.fromkeys(ESCALATIECRITERIA, (True, "omdat")), True, (expert,))
        tafel = TafelNotitie("beeld", (Optie(**OPTION),) * 2, "bestuurlijk", "naar het DO", (expert,))
        steps = [Signaal(**SIGNAAL), "snelle-selectie", selectie, "snelle-tafel", tafel, "terugkoppeling"]
        for step in steps[: upto - 1]:  # a product of the current step, or the next step
            if isinstance(step, str):
                p = s.move_procedure(OPERATOR, vid, step)
            else:
                p = s.save_product(OPERATOR, vid, step, p.version)
        return vid, p.version


def call_meetings(client, operation, world, target):
    """The operation's request; `target` is (meeting or vraagstuk id, its version, the fresh vraagstuk, items)."""
    key, version, vid, items = target
    m, v = f"/api/v1/vergaderingen/{key}", f"/api/v1/vraagstukken/{key}/snelle-procedure"
    doc = "/api/v1/documenten/{}/{}.pdf".format
    agenda = [{"vraagstuk_id": vid, "soort": "escalatie", "reden": "matrix"}, {"onderwerp": "Rondvraag"}]
    calls = {
        "plan": lambda: client.get("/api/v1/vergaderingen/plan", params={"jaar": YEAR}),
        "schedule": lambda: client.post("/api/v1/vergaderingen/plan", params={"jaar": YEAR + 1}),
        "meetings": lambda: client.get("/api/v1/vergaderingen", params={"jaar": YEAR}),
        "meeting": lambda: client.get(m),
        "bol": lambda: client.get(f"/api/v1/vergaderingen/{world.bol}"),
        "draft": lambda: client.get(f"{m}/conceptagenda"),
        "agenda": lambda: client.put(f"{m}/agenda", json={"punten": agenda, "versie": version}),
        "outcome": lambda: client.post(f"{m}/agenda/{items.get('vraagstuk')}/uitkomst",
                                       json={"tekst": "Advies: richting 2"}),  # fmt: skip
        "rode_draden": lambda: client.put(f"{m}/rode-draden", json={"tekst": "Rode draden", "versie": version}),
        "afsprakenlijst": lambda: client.get("/api/v1/bol-afsprakenlijst", params={"jaar": YEAR}),
        "procedure": lambda: client.get(v),
        "start": lambda: client.post(v),
        "signaal": lambda: client.put(f"{v}/signaal", json=SIGNAAL | {"versie": version}),
        "selectie": lambda: client.put(f"{v}/selectie", json={
            "criteria": [{"code": c, "voldaan": True, "motivering": "m"} for c in CRITERIA], "opschalen": True,
            "experts": [world.expert], "versie": version}),
        "tafel": lambda: client.put(f"{v}/tafel", json={
            "probleemdefinitie": "Gedeeld beeld", "opties": [OPTION] * 2, "advies": "bestuurlijk",
            "advies_toelichting": "naar het DO", "experts": [world.expert], "versie": version}),
        "terugkoppeling": lambda: client.put(f"{v}/terugkoppeling", json={
            "lijn": "do-novex", "via_regietafel": True, "uitkomst": "Naar het DO NOVEX", "versie": version}),
        "step": lambda: client.post(f"{v}/stappen", json={"naar": "snelle-selectie", "reden": "matrix"}),
        "step_impossible": lambda: client.post(f"{v}/stappen", json={"naar": "afgerond"}),  # from signalering
        "experts": lambda: client.get("/api/v1/experts"),
        "add_expert": lambda: client.post("/api/v1/experts", json={
            "naam": "B. Deskundige", "departement": "Ministerie van EZK", "domeinen": ["water"]}),
        "werkplaatsen": lambda: client.get("/api/v1/werkplaatsen"),
        "add_session": lambda: client.post("/api/v1/werkplaatsen", json={
            "soort": "kaartsessie", "titel": "Kaartsessie", "datum": "2027-04-01", "organisatie": "BZK",
            "hoofdonderwerp": "wonen", "velden": ["interbestuurlijk"], "vraagstukken": [world.vraagstuk]}),
        "doc_signaal": lambda: client.get(doc("signaal", key)),
        "doc_snelle_tafel": lambda: client.get(doc("snelle-tafel", key)),
        "doc_a5": lambda: client.get(doc("a5", key)),
        "doc_agenda": lambda: client.get(doc("agenda", key)),
        "doc_rode_draden": lambda: client.get(doc("rode-draden", key)),
        "doc_bol": lambda: client.get(doc("bol-afsprakenlijst", world.bol)),
    }  # fmt: skip
    return calls[operation]()


def target_for(world, operation: str, provincie: str):
    """The case's fresh meeting or vraagstuk: (its id, version, the fresh vraagstuk, agenda items)."""
    if operation in MEETING_BOUND:
        soort = "do-novex" if operation in ("rode_draden", "doc_rode_draden") else "gp-dg"
        return fresh_meeting(world.db, soort, provincie, agenda=operation not in ("draft", "agenda", "rode_draden"))
    if operation == "doc_a5":
        vid, version = fresh_vraagstuk(world.db, provincie)
        return vid, version, vid, {}
    if operation in STAGE:
        vid, version = fresh_procedure(world.db, provincie, world.expert, STAGE[operation])
        return vid, version, vid, {}
    return 0, 0, world.vraagstuk, {}


def meetings_counts(db) -> dict[str, object]:
    """Rows of the meeting tables, flow history, vraagstukken and audit trail; versions of what changes in place."""
    from sqlalchemy import func, select

    from novex.store.tables import metadata

    tables = metadata().tables
    names = ("vergaderingen", "agendapunten", "bol_afspraken", "snelle_procedures", "experts", "sessies",
             "flow_history", "vraagstukken", "audit_events")  # fmt: skip
    with db.session(write=False) as session:
        counts: dict[str, object] = {n: session.scalar(select(func.count()).select_from(tables[n])) for n in names}
        punten = tables["agendapunten"]
        counts["uitkomsten"] = session.scalar(select(func.count()).where(punten.c.uitkomst.is_not(None)))
        for name, key in (("vergaderingen", "id"), ("snelle_procedures", "id"), ("vraagstukken", "id")):
            t = tables[name]
            counts[f"{name}.versions"] = sorted(tuple(r) for r in session.execute(select(t.c[key], t.c.version)))
    return counts


@pytest.mark.parametrize(("operation", "provincie", "role"), MEETINGS_CASES, ids=["-".join(c) for c in MEETINGS_CASES])
def test_meetings_authorisation(meetings_world, operation, provincie, role):
    from novex.audit import AuditFilter

    world = meetings_world
    expected = MEETINGS_EXPECTED[(operation, provincie, role)]
    target = target_for(world, operation, provincie)
    before = meetings_counts(world.db)
    response = call_meetings(client_for(world.api, role), operation, world, target)
    assert str(response.status_code) == expected, response.text[:500]
    after = meetings_counts(world.db)
    if expected in REFUSED or response.request.method == "GET":  # a refusal or a read changes nothing
        assert after == before
        if expected in REFUSED:
            assert response.headers["content-type"].startswith("application/problem+json")
    else:  # every change is in the audit trail, by whoever made it (a vraagstuk's: filed under its province)
        assert after["audit_events"] > before["audit_events"]
        with world.db.session(write=False) as session:
            (latest,) = bootstrap.audit_service(session).page(OPERATOR, AuditFilter(), 1, 1)[0]
        assert latest.actor == ACCOUNTS[role][0]
        if operation not in MEETING_BOUND:  # the meetings' own filing: test_meeting_changes_are_filed_under_…
            assert latest.provincie == (None if provincie == "*" else provincie)
    if expected == "200" and response.request.method == "GET":
        check_read(world, operation, provincie, role, target, response)


def check_read(world, operation, provincie, role, target, response):
    """What an allowed read shows: something, and to a province's planner no other province's vraagstuk."""
    _, _, vid, _ = target
    if operation.startswith("doc_"):
        assert response.content.startswith(b"%PDF-")
        return
    body = response.json()
    own = {"utrecht": "PV26", "zuid_holland": "PV28"}.get(role)
    if operation == "meeting":  # the fresh vraagstuk's item is there unless a planner of another province reads
        shown = {i["vraagstuk_id"] for i in body["agenda"]}
        assert shown == ({None} if own not in (None, provincie) else {None, vid}), body["agenda"]
    elif operation in ("bol", "afsprakenlijst"):  # the fixture's BOL choice is on a PV26 vraagstuk
        afspraken = body["afspraken"] if operation == "bol" else body
        shown = [(a["vraagstuk_id"], a["tekst"]) for a in afspraken]
        assert shown == ([] if own not in (None, "PV26") else [(world.vraagstuk, "Het BOL kiest richting 2")])
    elif operation == "draft":
        assert vid in {d["vraagstuk_id"] for d in body}
    elif operation == "procedure":
        assert body["vraagstuk_id"] == vid and body["fase"] == "signalering"
    elif operation == "werkplaatsen":
        assert body["historisch"] and body["sessies"]
    elif operation == "meetings":
        assert len(body) >= 29  # 12 DO NOVEX, 12 GP-DG, 5 BOL
    else:
        assert body, operation


def test_meeting_changes_are_filed_under_the_meeting_province(meetings_world):
    """VRO fixing, concluding and summing up a DO NOVEX of Utrecht: Utrecht's planner finds it in its audit trail.

    (A province's planner reads its own province's audit trail; a meeting of one province is about it.)
    """
    world = meetings_world
    mid, version, vid, items = fresh_meeting(world.db, "do-novex", "PV26", agenda=False)
    vro = world.api.vro
    agenda = [{"vraagstuk_id": vid, "soort": "besluitvorming"}, {"onderwerp": "Rondvraag"}]
    fixed = vro.put(f"/api/v1/vergaderingen/{mid}/agenda", json={"punten": agenda, "versie": version})
    assert fixed.status_code == 200, fixed.text
    punt = next(i["id"] for i in fixed.json() if i["vraagstuk_id"] is None)
    assert vro.post(f"/api/v1/vergaderingen/{mid}/agenda/{punt}/uitkomst", json={"tekst": "ok"}).status_code == 201
    summed = vro.put(f"/api/v1/vergaderingen/{mid}/rode-draden", json={"tekst": "Rode draden", "versie": version + 1})
    assert summed.status_code == 200, summed.text
    trail = world.api.utrecht.get("/api/v1/audit", params={"provincie": "PV26", "pageSize": 5}).json()["data"]
    filed = {e["actie"] for e in trail if e["actor"] == ACCOUNTS["vro"][0]}
    assert {"vergadering.agenda", "vergadering.uitkomst", "vergadering.rode-draden"} <= filed, trail


def test_the_meetings_matrix_covers_every_meetings_route():
    """Every route of the meetings API router has its row above (a new route needs its expectations)."""
    from fastapi.routing import APIRoute

    from novex.api.routes.meetings import router

    routes = {
        (method.lower(), "/api/v1" + route.path)
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert routes == set(MEETINGS_ROUTES.values())
    assert {op for op, _, _ in MEETINGS_EXPECTED} == set(MEETINGS_ROUTES)
    assert len({(op, prov) for op, prov, _ in MEETINGS_EXPECTED}) == ROWS
    assert len(MEETINGS_EXPECTED) == ROWS * len(ROLES)
