"""The vraagstukken service on a real database (SQLite and PostgreSQL): the whole BOB cycle from a real
conflict, optimistic locking, who sees what, every refusal changing nothing, the audit trail, the flow
history, the guard, the open registers, and backup/restore."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from novex import bootstrap
from novex.access import Actor, Role
from novex.audit import AuditFilter
from novex.dialogue import registers
from novex.dialogue.model import Criterium, Tafelbesluit, Triage, VraagstukDraft, VraagstukFilter
from novex.documents.vraagstuk import fits_one_page
from novex.errors import Forbidden, InvalidInput, NotFound, StateConflict, TransitionRefused
from novex.settings import Settings
from novex.store.backup import backup, restore
from novex.store.tables import metadata
from tests.conftest import empty_database
from tests.fixtures.geo import UTRECHT, feature, square, write_geojson

X, Y = UTRECHT
OPERATOR = Actor.operator()
VRO = Actor(1, "vro@minbzk.nl", Role.VRO)
PLANNER = Actor(2, "planner@provincie-utrecht.nl", Role.PROVINCIE, provincie="PV26")
ZH = Actor(3, "planner@pzh.nl", Role.PROVINCIE, provincie="PV28")
EZK = Actor(4, "expert@minezk.nl", Role.DEPARTEMENT, departement="EZK")
LEZER = Actor(5, "lezer@example.nl", Role.LEZER)
DIALOGUE_TABLES = ("vraagstukken", "vraagstuk_links", "vraagstuk_bijdragen", "register_entries", "flow_history")
AANPAK = {
    "aanpak": "Ontwerpend onderzoek naar de verdeling van woningbouw en natuur in het gebied.",
    "tempo": "Voorstel binnen zes maanden.",
    "fasering": "Eerst onderzoek, dan keuze in het BOL.",
    "rolverdeling": "VRO coördineert, LVVN en de provincie leveren inbreng.",
    "besluitvorming": "Het BOL legt de oplossingsrichting vast.",
    "monitoring": "Jaarlijks in het Ruimtelijk Arrangement.",
}


@pytest.fixture(autouse=True)
def fresh_analyses():
    bootstrap.analyses().clear()
    yield
    bootstrap.analyses().clear()


@pytest.fixture
def world(db, tmp_path):
    """Two overlapping claims in Utrecht (wonen 100 ha, natuur 100 ha, overlap 50 ha), one far away, and users."""
    path = write_geojson(
        tmp_path / "claims.geojson",
        [
            feature(square(X, Y, 1000), naam="Wijk Rijnenburg", domein="wonen"),
            feature(square(X + 500, Y, 1000), naam="Natuur Rijnenburg", domein="natuur"),
            feature(square(X + 5000, Y + 5000, 500), naam="Bos elders", domein="bos"),
        ],
    )
    with db.session() as session:
        report = bootstrap.claim_service(session).import_file(PLANNER, path, "Dialoog", "PV26")
        accounts = bootstrap.account_service(session)
        accounts.add_user(OPERATOR, VRO.email, "VRO", "vro", "een-lang-wachtwoord-2026")
        accounts.add_user(OPERATOR, PLANNER.email, "Utrecht", "provincie", "een-lang-wachtwoord-2026", "PV26")
    wonen, natuur, bos = report.claim_ids
    return db, wonen, natuur, bos


def service(session: Session):
    return bootstrap.vraagstuk_service(session)


def conflict_id(db, a: int, b: int) -> str:
    (found,) = [c for c in _conflicts(db) if set(c.claims) == {a, b}]
    return found.id


def draft(**changes) -> VraagstukDraft:
    base = VraagstukDraft(titel="Woningbouw en natuur", provincies=("PV26",), herkomst="informeel-contact")
    return replace(base, **changes)


def signal(db, actor=PLANNER, **changes):
    with db.session() as session:
        return service(session).signal(actor, draft(**changes))


def state(db) -> dict:
    """Rows per dialogue table, every vraagstuk's (id, version, phase), and the number of audit events."""
    tables = metadata().tables
    with Session(db.engine) as session:
        counts = {t: session.scalar(select(func.count()).select_from(tables[t])) for t in DIALOGUE_TABLES}
        rows = session.execute(select(tables["vraagstukken"].c.id, tables["vraagstukken"].c.version,
                                      tables["vraagstukken"].c.fase)).all()  # fmt: skip
        counts["audit"] = session.scalar(select(func.count()).select_from(tables["audit_events"]))
    return counts | {"versies": sorted(tuple(r) for r in rows)}


def all_criteria(**decisions: bool) -> tuple[Criterium, ...]:
    return tuple(Criterium(code, besluit=value, motivering="afgewogen") for code, value in decisions.items())


# --- the whole cycle ----------------------------------------------------------------------------


def test_the_whole_cycle_from_a_real_conflict_to_vastgelegd(world):
    db, wonen, natuur, _ = world
    cid = conflict_id(db, wonen, natuur)
    assert cid == f"C-{min(wonen, natuur)}-{max(wonen, natuur)}" or cid == f"C-{wonen}-{natuur}"

    with db.session() as session:  # the province pre-fills from the conflict, then signals
        prefill = service(session).prefill_from_conflict(PLANNER, cid)
        d = prefill.draft
        assert d.provincies == ("PV26",) and set(d.claims) == {wonen, natuur} and d.conflicten == (cid,)
        assert set(d.domeinen) == {"wonen", "natuur"}
        assert "50,0 ha" in d.beschrijving  # 500 m × 1000 m of overlap
        assert prefill.conflict.area_ha == pytest.approx(50.0)
        assert "Wijk Rijnenburg" in d.titel and "Natuur Rijnenburg" in d.titel
        v = service(session).signal(PLANNER, d)
    assert (v.fase, v.version, v.aangemaakt_door) == ("gesignaleerd", 1, PLANNER.email)

    with db.session() as session:  # the triage as suggested by the real claims
        s = service(session)
        suggested = {c.code: c for c in s.triage_suggestions(s.get(VRO, v.id))}
    assert suggested["1"].suggestie is True and "Wonen" in suggested["1"].onderbouwing
    assert "Natuur" in suggested["1"].onderbouwing and "conflict" in suggested["1"].onderbouwing
    assert suggested["2a"].suggestie is True and "Utrecht" in suggested["2a"].onderbouwing
    assert suggested["2b"].suggestie is False
    assert suggested["3"].suggestie is None

    with db.session() as session:  # VRO frames it and links a NOVI priority: 3 becomes True
        s = service(session)
        v = s.update(VRO, v.id, replace(d, inkadering="Nota Ruimte: verstedelijking en natuur",
                                        belangen=("novi-prioriteit-4",), aard=("wegen", "prioriteren"),
                                        accounthouder=VRO.email), 1, reden="ingekaderd")  # fmt: skip
        assert v.version == 2
        assert {c.code: c.suggestie for c in s.triage_suggestions(v)}["3"] is True
        with pytest.raises(TransitionRefused):  # no triage yet
            s.move_to(VRO, v.id, "oordeelsvorming", None)
    with db.session() as session:
        v = service(session).move_to(VRO, v.id, "beeldvorming", "eerste inkadering gedaan")
    assert (v.fase, v.version) == ("beeldvorming", 3)

    with db.session() as session:
        s = service(session)
        v = s.set_triage(VRO, v.id, Triage(all_criteria(**{"1": True, "2a": True, "2b": False, "3": True}),
                                           "oppakken", "Regietafel NOVEX"), v.version)  # fmt: skip
        assert v.triage.complete and v.triage.criteria_met
        assert s.lead_suggestion(v).leidend == "vro"
        v = s.set_lead(VRO, v.id, "vro", None, None, v.version)
        v = s.move_to(VRO, v.id, "oordeelsvorming", "criteria voldaan")
        v = s.set_aanpak(VRO, v.id, AANPAK, v.version, fits_one_page)
        v = s.move_to(VRO, v.id, "besluitvorming", None)
        do = Tafelbesluit("do-novex", date(2026, 10, 1), "geen eenduidig advies", False, "wonen of natuur eerst")
        v = s.record_decision(VRO, v.id, do, v.version)
        assert v.volgende_tafel == "gp-dg"  # no consensus: escalated
        with pytest.raises(TransitionRefused, match="'besluit' ontbreekt"):
            s.move_to(VRO, v.id, "vastgelegd", "te vroeg")
    with db.session() as session:
        s = service(session)
        v = s.record_decision(VRO, v.id, Tafelbesluit("gp-dg", date(2026, 10, 20), "advies aan het BOL"), v.version)
        v = s.record_decision(VRO, v.id, Tafelbesluit("bol", date(2026, 11, 10), "natuur eerst, wonen ernaast"),
                              v.version)  # fmt: skip
        s.contribute(PLANNER, v.id, "De gemeente steunt de keuze.")
        v = s.move_to(VRO, v.id, "vastgelegd", "BOL heeft gekozen")
    assert v.fase == "vastgelegd" and [b.tafel for b in v.tafelbesluiten] == ["do-novex", "gp-dg", "bol"]
    assert all(b.vastgelegd_door == VRO.email for b in v.tafelbesluiten)

    with db.session(write=False) as session:  # the flow history has every move, the audit trail every change
        s = service(session)
        steps = [(h.source, h.target, h.actor, h.rol, h.reden) for h in s.history_of(PLANNER, v.id)]
        events = bootstrap.audit_service(session).history(VRO, "vraagstuk", v.id)
    assert steps == [
        ("gesignaleerd", "beeldvorming", VRO.email, "vro", "eerste inkadering gedaan"),
        ("beeldvorming", "oordeelsvorming", VRO.email, "vro", "criteria voldaan"),
        ("oordeelsvorming", "besluitvorming", VRO.email, "vro", None),
        ("besluitvorming", "vastgelegd", VRO.email, "vro", "BOL heeft gekozen"),
    ]
    oldest_first = [(e.actie, e.actor) for e in reversed(events)]
    assert oldest_first == [
        ("vraagstuk.gesignaleerd", PLANNER.email),
        ("vraagstuk.gewijzigd", VRO.email),
        ("vraagstuk.fase-gewijzigd", VRO.email),
        ("vraagstuk.triage", VRO.email),
        ("vraagstuk.leidend", VRO.email),
        ("vraagstuk.fase-gewijzigd", VRO.email),
        ("vraagstuk.aanpak", VRO.email),
        ("vraagstuk.fase-gewijzigd", VRO.email),
        ("vraagstuk.tafel", VRO.email),
        ("vraagstuk.tafel", VRO.email),
        ("vraagstuk.tafel", VRO.email),
        ("vraagstuk.bijdrage", PLANNER.email),
        ("vraagstuk.fase-gewijzigd", VRO.email),
    ]
    assert all(e.provincie == "PV26" for e in events)
    by_action = {e.actie: e for e in events}
    assert by_action["vraagstuk.gewijzigd"].reden == "ingekaderd"
    changed = by_action["vraagstuk.gewijzigd"].details["gewijzigd"]
    assert changed["inkadering"] == [None, "Nota Ruimte: verstedelijking en natuur"]
    assert changed["belangen"] == [[], ["novi-prioriteit-4"]]
    moves = [e for e in reversed(events) if e.actie == "vraagstuk.fase-gewijzigd"]
    assert [e.reden for e in moves] == ["eerste inkadering gedaan", "criteria voldaan", None, "BOL heeft gekozen"]
    assert [(e.details["van"], e.details["naar"]) for e in moves] == [
        ("gesignaleerd", "beeldvorming"), ("beeldvorming", "oordeelsvorming"),
        ("oordeelsvorming", "besluitvorming"), ("besluitvorming", "vastgelegd"),
    ]  # fmt: skip

    with db.session() as session, pytest.raises(TransitionRefused, match="eindfase"):
        service(session).move_to(OPERATOR, v.id, "oordeelsvorming", "opnieuw")


def test_a_lead_ministry_closes_besluitvorming_another_may_not(world):
    db, wonen, natuur, _ = world
    v = signal(db, VRO, inkadering="NR", claims=(wonen, natuur), aard=("formeel-sectoraal-besluit",))
    with db.session() as session:
        s = service(session)
        v = s.move_to(VRO, v.id, "beeldvorming", None)
        v = s.set_triage(VRO, v.id, Triage(all_criteria(**{"1": True, "2a": True, "2b": False, "3": True}),
                                           "ja", "accountteam Midden"), v.version)  # fmt: skip
        v = s.set_lead(VRO, v.id, "departement", "EZK", None, v.version)
        v = s.move_to(VRO, v.id, "oordeelsvorming", None)
        v = s.set_aanpak(VRO, v.id, AANPAK, v.version)
        v = s.move_to(VRO, v.id, "besluitvorming", None)
        other = Actor(6, "expert@minienw.nl", Role.DEPARTEMENT, departement="IenW")
        with pytest.raises(Forbidden, match="leidende vakdepartement"):  # not the lead: may not record
            s.record_decision(other, v.id, Tafelbesluit("do-novex", date(2026, 10, 1), "ok", True), v.version)
        v = s.record_decision(EZK, v.id, Tafelbesluit("do-novex", date(2026, 10, 1), "eenduidig", True), v.version)
        with pytest.raises(TransitionRefused, match="leidende vakdepartement"):
            s.move_to(other, v.id, "vastgelegd", "besloten")
        v = s.move_to(EZK, v.id, "vastgelegd", "besloten")
    assert v.fase == "vastgelegd"


# --- optimistic locking -----------------------------------------------------------------------


def test_a_stale_version_is_refused_and_changes_nothing(world):
    db, *_ = world
    v = signal(db, VRO, inkadering="NR")
    with db.session() as session:
        service(session).update(VRO, v.id, draft(titel="Eerste wijziging", inkadering="NR"), 1)
    before = state(db)
    attempts = [
        lambda s: s.update(VRO, v.id, draft(titel="Tweede wijziging op oude versie"), 1),
        lambda s: s.set_triage(VRO, v.id, Triage(advies="x"), 1),
        lambda s: s.set_lead(VRO, v.id, "vro", None, None, 1),
        lambda s: s.set_aanpak(VRO, v.id, AANPAK, 1),
        lambda s: s.move_to(VRO, v.id, "beeldvorming", "op oude versie", expected_version=1),
    ]
    for attempt in attempts:
        with pytest.raises(StateConflict) as caught, db.session() as session:
            attempt(service(session))
        assert caught.value.current_version == 2 and "versie 2, u had versie 1" in str(caught.value)
        assert state(db) == before
    with db.session(write=False) as session:
        assert service(session).get(VRO, v.id).titel == "Eerste wijziging"


# --- who sees and does what ------------------------------------------------------------------


def test_a_province_reads_only_its_own_and_what_crosses_into_it(world):
    db, *_ = world
    own = signal(db, PLANNER, titel="Utrecht")
    theirs = signal(db, ZH, titel="Zuid-Holland", provincies=("PV28",))
    crossing = signal(db, ZH, titel="Groene Hart", provincies=("PV28", "PV26"))
    with db.session() as session:
        s = service(session)
        assert s.get(PLANNER, own.id).titel == "Utrecht"
        assert s.get(PLANNER, crossing.id).titel == "Groene Hart"
        with pytest.raises(Forbidden, match="PV28"):
            s.get(PLANNER, theirs.id)
        for read in (s.history_of, s.contributions, s.moves):
            with pytest.raises(Forbidden):
                read(PLANNER, theirs.id)
        assert {v.titel for v in s.list(PLANNER)} == {"Utrecht", "Groene Hart"}
        assert {v.titel for v in s.list(ZH)} == {"Zuid-Holland", "Groene Hart"}
        assert {v.titel for v in s.list(LEZER)} == {"Utrecht", "Zuid-Holland", "Groene Hart"}
        board = s.board(PLANNER)
        assert list(board) == ["gesignaleerd", "beeldvorming", "oordeelsvorming", "besluitvorming",
                               "vastgelegd", "elders-belegd", "afgesloten", "knelpunt"]  # fmt: skip
        assert {v.titel for v in board["gesignaleerd"]} == {"Utrecht", "Groene Hart"}
        with pytest.raises(Forbidden):
            s.list(PLANNER, VraagstukFilter(provincies=("PV28",)))
        items, total = s.page(PLANNER, VraagstukFilter(), 1, 1)
        assert total == 2 and len(items) == 1
        # it may comment on one crossing into it, not on another province's
        s.contribute(PLANNER, crossing.id, "Utrecht doet mee.")
        with pytest.raises(Forbidden):
            s.contribute(PLANNER, theirs.id, "Mag niet.")
        assert [b.tekst for b in s.contributions(ZH, crossing.id)] == ["Utrecht doet mee."]


def test_a_province_signals_only_for_its_own(world):
    db, *_ = world
    before = state(db)
    with pytest.raises(Forbidden, match="PV28"), db.session() as session:
        service(session).signal(PLANNER, draft(provincies=("PV28",)))
    assert state(db) == before
    crossing = signal(db, PLANNER, provincies=("PV28", "PV26"))  # one crossing into its own province is fine
    assert crossing.provincies == ("PV28", "PV26")
    for who in (EZK, LEZER):
        with pytest.raises(Forbidden), db.session() as session:
            service(session).signal(who, draft())


def test_only_vro_handles_a_vraagstuk(world):
    db, *_ = world
    v = signal(db, PLANNER, inkadering="NR")
    before = state(db)
    for who in (PLANNER, EZK, LEZER):
        calls = [
            lambda s, w=who: s.update(w, v.id, draft(titel="anders"), 1),
            lambda s, w=who: s.set_triage(w, v.id, Triage(advies="x"), 1),
            lambda s, w=who: s.set_lead(w, v.id, "vro", None, None, 1),
            lambda s, w=who: s.set_aanpak(w, v.id, AANPAK, 1),
            lambda s, w=who: s.move_to(w, v.id, "beeldvorming", None),
            lambda s, w=who: s.add_register_entry(w, "plek", {"id": "x", "naam": "x", "soort": "overig", "bron": "x"}),
        ]
        for call in calls:
            with pytest.raises(Forbidden), db.session() as session:
                call(service(session))
    assert state(db) == before


# --- every bad input: InvalidInput naming the field, nothing changed ---------------------------


def bad_drafts(wonen: int, bos: int) -> list[tuple[str, dict]]:
    return [
        ("provincies", {"provincies": ("PV99",)}),
        ("provincies", {"provincies": ()}),
        ("domeinen", {"domeinen": ("kernenergie",)}),
        ("gebieden", {"gebieden": ("novex-atlantis",)}),
        ("doelen", {"doelen": ("doel-dat-niet-bestaat",)}),
        ("belangen", {"belangen": ("novi-prioriteit-99",)}),
        ("claims", {"claims": (999_999,)}),
        ("conflicten", {"conflicten": ("C-12",)}),
        ("claims", {"conflicten": ("C-999998-999999",)}),  # a conflict of claims that do not exist
        ("claims|conflicten", {"conflicten": ("C-9999999999-1",)}),  # beyond a 32-bit claim id
        ("claims|conflicten", {"conflicten": ("C-99999999999999999999-1",)}),  # beyond a 64-bit one
        ("claims", {"claims": (2**31,)}),
        ("claims", {"claims": (10**20,)}),
        ("besluiten", {"besluiten": ("besluit-dat-niet-bestaat",)}),
        ("herkomst", {"herkomst": "roddel"}),
        ("prioriteit", {"prioriteit": "urgent"}),
        ("volgende_tafel", {"volgende_tafel": "kantine"}),
        ("aard", {"aard": ("dromen",)}),
        ("titel", {"titel": "x" * 201}),
        ("titel", {"titel": "   "}),
        ("titel", {"titel": "a\x00b"}),
        ("beschrijving", {"beschrijving": "x" * 10_001}),
        ("beschrijving", {"beschrijving": "NUL\x00"}),
        ("planning", {"planning": "p" * 2_001}),
        ("inkadering", {"inkadering": "i" * 5_001}),
        ("accounthouder", {"accounthouder": PLANNER.email}),  # a province's planner, not VRO
        ("accounthouder", {"accounthouder": "niemand@minbzk.nl"}),
        ("domeinen", {"domeinen": tuple(f"d{i}" for i in range(201))}),
    ]


def test_every_bad_draft_is_refused_naming_the_field_and_changes_nothing(world):
    db, wonen, _, bos = world
    existing = signal(db, VRO)
    before = state(db)
    failures = []
    for field, change in bad_drafts(wonen, bos):
        for attempt in ("signal", "update"):
            try:
                with db.session() as session:
                    s = service(session)
                    if attempt == "signal":
                        s.signal(VRO, draft(**change))
                    else:
                        s.update(VRO, existing.id, draft(**change), existing.version)
                failures.append(f"{attempt} {field} {str(change)[:60]}: accepted")
            except InvalidInput as refused:
                if not any(f"{name}:" in str(refused) for name in field.split("|")):
                    failures.append(f"{attempt} {field}: message does not name the field: {refused}")
            except Exception as crash:  # noqa: BLE001 - a crash is a finding, listed with the others
                failures.append(f"{attempt} {field} {str(change)[:60]}: {type(crash).__name__} instead of InvalidInput")
            if state(db) != before:
                failures.append(f"{attempt} {field}: the database changed")
                before = state(db)
    assert failures == [], "\n".join(failures)


def test_a_bad_reason_for_a_change_is_refused_naming_it(world):
    db, *_ = world
    v = signal(db, VRO)
    before = state(db)
    for reden in ("waarom\x00", "r" * 5_001):
        with pytest.raises(InvalidInput, match="reden"), db.session() as session:
            service(session).update(VRO, v.id, draft(titel="Anders"), 1, reden=reden)
        assert state(db) == before


def test_a_conflict_id_the_analysis_does_not_know_is_refused(world):
    """A well-formed id of two real claims that do not overlap is not a conflict: linking it would make the
    triage show a conflict (criterion 2a) that the analysis never found."""
    db, wonen, natuur, bos = world
    assert not any(bos in c.claims for c in _conflicts(db))  # the forest is 5 km away: no conflict with it
    before = state(db)
    with pytest.raises(InvalidInput, match="conflicten:"), db.session() as session:
        service(session).signal(VRO, draft(conflicten=(f"C-{wonen}-{bos}",)))
    assert state(db) == before


def _conflicts(db):
    with db.session(write=False) as session:
        return bootstrap.analysis_service(session).analysis(PLANNER).conflicts


def test_bad_triage_lead_and_approach_are_refused_naming_the_field(world):
    db, wonen, natuur, _ = world
    v = signal(db, VRO, claims=(wonen, natuur), conflicten=(conflict_id(db, wonen, natuur),))
    before = state(db)
    cases = [
        ("criterium 1", lambda s: s.set_triage(VRO, v.id, Triage((Criterium("1", besluit=False),)), 1)),  # override
        ("criterium '9'", lambda s: s.set_triage(VRO, v.id, Triage((Criterium("9", besluit=True),)), 1)),
        ("advies", lambda s: s.set_triage(VRO, v.id, Triage(advies="a" * 5_001), 1)),
        ("besloten_door", lambda s: s.set_triage(VRO, v.id, Triage(besloten_door="b\x00"), 1)),
        ("afwijking", lambda s: s.set_triage(VRO, v.id, Triage(afwijking="c" * 5_001), 1)),
        (
            "motivering",
            lambda s: s.set_triage(VRO, v.id, Triage((Criterium("3", besluit=True, motivering="a\x00b"),)), 1),
        ),
        (
            "motivering",
            lambda s: s.set_triage(VRO, v.id, Triage((Criterium("3", besluit=True, motivering="m" * 5_001),)), 1),
        ),
        ("leidend", lambda s: s.set_lead(VRO, v.id, "provincie", None, None, 1)),
        ("vakdepartement", lambda s: s.set_lead(VRO, v.id, "departement", " ", "want", 1)),
        ("motivering", lambda s: s.set_lead(VRO, v.id, "vro", None, "m" * 5_001, 1)),
        ("onbekend onderdeel", lambda s: s.set_aanpak(VRO, v.id, {**AANPAK, "budget": "veel"}, 1)),
        ("tempo", lambda s: s.set_aanpak(VRO, v.id, {**AANPAK, "tempo": "t" * 5_001}, 1)),
        ("Aanpak", lambda s: s.set_aanpak(VRO, v.id, {**AANPAK, "aanpak": "woord " * 800}, 1, fits_one_page)),
        ("tekst", lambda s: s.contribute(VRO, v.id, "t" * 10_001)),
        ("leeg", lambda s: s.contribute(VRO, v.id, "  ")),
    ]
    for needle, call in cases:
        with pytest.raises(InvalidInput) as refused, db.session() as session:
            call(service(session))
        assert needle in str(refused.value), (needle, str(refused.value))
        assert state(db) == before, needle


def test_the_vuistregel_is_a_suggestion_departing_needs_a_motivation(world):
    db, *_ = world
    v = signal(db, VRO, aard=("wegen",))
    with pytest.raises(InvalidInput, match="suggereert 'vro'"), db.session() as session:
        service(session).set_lead(VRO, v.id, "departement", "EZK", None, 1)
    with db.session() as session:
        v = service(session).set_lead(VRO, v.id, "departement", "EZK", "het vraagt toch een vergunning", 1)
    assert (v.leidend, v.leidend_departement, v.leidend_motivering) == (
        "departement", "EZK", "het vraagt toch een vergunning"
    )  # fmt: skip


def in_oordeelsvorming(db):
    v = signal(db, VRO, inkadering="NR")
    with db.session() as session:
        s = service(session)
        v = s.move_to(VRO, v.id, "beeldvorming", None)
        v = s.set_triage(VRO, v.id, Triage(all_criteria(**{"1": True, "2a": True, "2b": True, "3": True}),
                                           "ja", "Regietafel NOVEX"), v.version)  # fmt: skip
        return s.move_to(VRO, v.id, "oordeelsvorming", None)


def test_elders_beleggen_needs_a_reason_and_a_known_place(world):
    db, *_ = world
    v = in_oordeelsvorming(db)
    before = state(db)
    with pytest.raises(InvalidInput, match="reden"), db.session() as session:
        service(session).move_to(VRO, v.id, "elders-belegd", None, plek="provincie-pv26")
    with pytest.raises(InvalidInput, match="plek 'nergens'"), db.session() as session:
        service(session).move_to(VRO, v.id, "elders-belegd", "past beter elders", plek="nergens")
    with pytest.raises(TransitionRefused, match="noem de plek"), db.session() as session:
        service(session).move_to(VRO, v.id, "elders-belegd", "past beter elders")
    for naar in ("afgesloten",):
        with pytest.raises(InvalidInput, match="reden"), db.session() as session:
            service(session).move_to(VRO, v.id, naar, "  ")
    assert state(db) == before
    with db.session() as session:
        v = service(session).move_to(VRO, v.id, "elders-belegd", "de provincie pakt het zelf op", plek="provincie-pv26")
    assert (v.fase, v.uitkomst_plek, v.uitkomst_reden) == (
        "elders-belegd",
        "provincie-pv26",
        "de provincie pakt het zelf op",
    )


def in_besluitvorming(db):
    v = in_oordeelsvorming(db)
    with db.session() as session:
        s = service(session)
        v = s.set_aanpak(VRO, v.id, AANPAK, v.version)
        return s.move_to(VRO, v.id, "besluitvorming", None)


def test_bad_table_decisions_are_refused_and_change_nothing(world):
    db, *_ = world
    v = signal(db, VRO)
    with pytest.raises(InvalidInput, match="besluitvorming"), db.session() as session:  # wrong phase
        service(session).record_decision(VRO, v.id, Tafelbesluit("do-novex", date(2026, 1, 1), "x", True), 1)
    v = in_besluitvorming(db)
    before = state(db)
    cases = [
        ("consensus", Tafelbesluit("do-novex", date(2026, 10, 1), "advies", None)),
        ("verschillen", Tafelbesluit("do-novex", date(2026, 10, 1), "advies", False, None)),
        ("verschillen", Tafelbesluit("do-novex", date(2026, 10, 1), "advies", False, "   ")),
        ("DO NOVEX", Tafelbesluit("gp-dg", date(2026, 10, 1), "advies")),
        ("DO NOVEX", Tafelbesluit("bol", date(2026, 10, 1), "keuze")),
        ("uitkomst", Tafelbesluit("do-novex", date(2026, 10, 1), "  ", True)),
        ("tafel 'regietafel'", Tafelbesluit("regietafel", date(2026, 10, 1), "advies", True)),
        ("uitkomst", Tafelbesluit("do-novex", date(2026, 10, 1), "u" * 10_001, True)),
    ]
    for needle, decision in cases:
        with pytest.raises(InvalidInput) as refused, db.session() as session:
            service(session).record_decision(VRO, v.id, decision, v.version)
        assert needle in str(refused.value), (needle, str(refused.value))
        assert state(db) == before
    for who in (PLANNER, LEZER):
        with pytest.raises(Forbidden), db.session() as session:
            service(session).record_decision(
                who, v.id, Tafelbesluit("do-novex", date(2026, 10, 1), "x", True), v.version
            )
    assert state(db) == before


def test_unknown_ids_are_not_found(world):
    db, *_ = world
    with db.session() as session:
        s = service(session)
        for call in (lambda: s.get(VRO, 999), lambda: s.move_to(VRO, 999, "beeldvorming", None),
                     lambda: s.contribute(VRO, 999, "x"), lambda: s.history_of(VRO, 999)):  # fmt: skip
            with pytest.raises(NotFound):
                call()
        with pytest.raises(InvalidInput, match="conflict"):
            s.prefill_from_conflict(PLANNER, "geen-conflict")
        with pytest.raises(NotFound, match="C-999998-999999"):
            s.prefill_from_conflict(PLANNER, "C-999998-999999")


# --- the guard and the open registers -------------------------------------------------------------


def test_linking_an_adopted_decision_warns_but_does_not_block(world):
    db, *_ = world
    adopted = registers.besluiten()[0]
    v = signal(db, VRO, besluiten=(adopted.id,), inkadering="NR")
    with db.session() as session:
        s = service(session)
        (warning,) = s.warnings(v)
        assert adopted.titel in warning and "niet teruggekomen" in warning
        assert s.move_to(VRO, v.id, "beeldvorming", None).fase == "beeldvorming"  # not blocked
    plain = signal(db, VRO)
    with db.session(write=False) as session:
        assert service(session).warnings(plain) == []


def test_register_entries_added_by_vro_appear_in_the_registers(world):
    db, *_ = world
    with db.session() as session:
        s = service(session)
        s.add_register_entry(VRO, "plek", {"id": "gebiedstafel-rijnenburg", "naam": "Gebiedstafel Rijnenburg",
                                           "soort": "overig", "bron": "afspraak accountteam"})  # fmt: skip
        s.add_register_entry(VRO, "besluit", {"id": "besluit-rijnenburg", "titel": "Besluit Rijnenburg",
                                              "datum": date(2025, 6, 1), "bron": "BOL juni 2025"})  # fmt: skip
    before = state(db)
    bad = [
        ("plek", {"id": "gebiedstafel-rijnenburg", "naam": "dubbel", "soort": "overig", "bron": "x"}, "bestaat al"),
        ("plek", {"id": "Hoofdletters", "naam": "x", "soort": "overig", "bron": "x"}, "id:"),
        ("plek", {"id": "zonder-soort", "naam": "x", "bron": "x"}, "soort:"),
        ("besluit", {"id": "zonder-datum", "titel": "x", "bron": "x"}, "datum:"),
        ("iets", {"id": "x"}, "soort 'iets'"),
    ]
    for soort, values, needle in bad:
        with pytest.raises(InvalidInput, match=needle), db.session() as session:
            service(session).add_register_entry(VRO, soort, values)
    assert state(db) == before
    with db.session(write=False) as session:
        register = service(session).registers(LEZER)
        assert register.plek("gebiedstafel-rijnenburg").naam == "Gebiedstafel Rijnenburg"
        assert register.besluit("besluit-rijnenburg").wanneer == "2025-06-01"
        events = bootstrap.audit_service(session).page(VRO, AuditFilter(actie="register."), 1, 10)[0]
    assert {e.object_id for e in events} == {"gebiedstafel-rijnenburg", "besluit-rijnenburg"}
    assert {e.actor for e in events} == {VRO.email}
    v = signal(db, VRO, besluiten=("besluit-rijnenburg",))  # the added decision is a guard like the others
    with db.session() as session:
        assert "Besluit Rijnenburg" in service(session).warnings(v)[0]
    v = in_oordeelsvorming(db)
    with db.session() as session:
        v = service(session).move_to(VRO, v.id, "elders-belegd", "de gebiedstafel", plek="gebiedstafel-rijnenburg")
    assert v.uitkomst_plek == "gebiedstafel-rijnenburg"


# --- backup and restore ----------------------------------------------------------------------------


def dialogue_rows(engine) -> dict[str, list[dict]]:
    tables = metadata().tables
    out = {}
    with Session(engine) as session:
        for name in DIALOGUE_TABLES:
            table = tables[name]
            rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings().all()
            out[name] = [
                {k: (v.isoformat()[:19] if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows
            ]
    return out


def test_backup_and_restore_carry_the_whole_dialogue(world, tmp_path, request, backend):
    db, wonen, natuur, _ = world
    with db.session() as session:
        service(session).add_register_entry(VRO, "besluit", {"id": "besluit-x", "titel": "Besluit X",
                                                             "datum": date(2025, 1, 2), "bron": "BOL"})  # fmt: skip
    v = in_besluitvorming(db)
    with db.session() as session:
        s = service(session)
        s.update(VRO, v.id, replace(draft(), claims=(wonen, natuur), besluiten=("besluit-x",), inkadering="NR",
                                    conflicten=(conflict_id(db, wonen, natuur),)), v.version)  # fmt: skip
        s.contribute(EZK, v.id, "Inbreng van EZK.")
        v = s.record_decision(VRO, v.id, Tafelbesluit("do-novex", date(2026, 10, 1), "akkoord", True), v.version + 1)
    signal(db, PLANNER, titel="Tweede", provincies=("PV26", "PV28"))
    original = dialogue_rows(db.engine)
    assert {t: len(rows) for t, rows in original.items()} == {
        "vraagstukken": 2,
        "vraagstuk_links": 1 + 2 + 1 + 1 + 2,  # v: PV26, 2 claims, a conflict, a decision; second: 2 provinces
        "vraagstuk_bijdragen": 1,
        "register_entries": 1,
        "flow_history": 3,
    }
    path = tmp_path / "dialoog.backup.gz"
    report = backup(db.engine, path)
    assert all(report.rows[t] == len(original[t]) for t in DIALOGUE_TABLES)

    context = empty_database(backend, tmp_path, "hersteld")
    url = context.__enter__()
    request.addfinalizer(lambda: context.__exit__(None, None, None))
    settings = Settings(data_dir=tmp_path / "h", database_url=url)
    bootstrap.init(settings)
    other = bootstrap.database(settings)
    request.addfinalizer(other.engine.dispose)
    restore(other.engine, path)
    assert dialogue_rows(other.engine) == original
    with other.session() as session:
        s = service(session)
        back = s.get(VRO, v.id)
        assert (back.fase, back.version, back.tafelbesluiten, back.triage) == (v.fase, v.version, v.tafelbesluiten,
                                                                               v.triage)  # fmt: skip
        assert [h.target for h in s.history_of(VRO, v.id)] == ["beeldvorming", "oordeelsvorming", "besluitvorming"]
        assert s.registers(VRO).besluit("besluit-x").titel == "Besluit X"
        assert [b.tekst for b in s.contributions(VRO, v.id)] == ["Inbreng van EZK."]
        newer = s.signal(VRO, draft(titel="Na herstel"))  # ids go on after the restored ones
        assert newer.id > max(r["id"] for r in original["vraagstukken"])
