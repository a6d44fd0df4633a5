"""Property-based tests of the vraagstukken API's inputs (hypothesis): whatever the body — arbitrary text,
unicode, NUL, huge numbers, wrong types — never a 500; a refusal is a 4xx problem+json with a Dutch detail
and changes nothing; an acceptance changes exactly what it says."""

from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from novex.dialogue.bob import FASEN
from novex.store.tables import metadata
from tests.fixtures.clients import make_clients

EXAMPLES = int(os.environ.get("NOVEX_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="NOVEX_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=list(HealthCheck), database=None)  # fmt: skip
V = "/api/v1/vraagstukken"
PROBLEM = "application/problem+json"
ENGLISH = (
    "Input should",
    "Field required",
    "should be",
    "must be",
    "Value error",
    "is not a valid",
    "Extra inputs",
    "Unable to",
)
TABLES = ("vraagstukken", "vraagstuk_links", "vraagstuk_bijdragen", "flow_history", "audit_events")

# --- strategies ------------------------------------------------------------------------------------

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20),
    st.just("a\x00b"),
    st.just("\x00"),
    st.just("   "),
    st.just("x" * 10_001),
    st.just("'; DROP TABLE vraagstukken; --"),
    st.just("%_\\"),
    st.just("𝔑𝔬𝔳𝔢𝔵 🏘️ ñ ß"),
    st.just("\u202e\ufeff\u200b"),
)
huge = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, 10**20, 10**100]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.just(1e308),
)
scalar = st.one_of(st.none(), st.booleans(), huge, nasty_text)
anything = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                        max_leaves=6)  # fmt: skip
province = st.one_of(st.sampled_from(["PV26", "pv28", "PV20", "PV99", "PV2", "XX26", ""]), nasty_text)
claim_number = st.one_of(st.sampled_from([1, 2, 2**31 - 1, 2**31, 2**63, 10**20]), st.integers(0, 10**22))
well_formed = st.builds(lambda a, b: f"C-{a}-{b}", claim_number, claim_number)
conflict_id = st.one_of(
    well_formed, well_formed, st.builds(lambda a, b: f"C-{a}-R{b}", claim_number, claim_number), nasty_text
)


def maybe(values):
    return st.one_of(values, anything)


FIELDS = {
    "titel": st.one_of(st.just("Woningbouw en natuur"), nasty_text),
    "provincies": st.lists(province, max_size=4),
    "herkomst": st.sampled_from(["informeel-contact", "voortgang", "roddel", ""]),
    "beschrijving": nasty_text,
    "gebieden": st.lists(st.one_of(st.sampled_from(["novex-mra", "novex-atlantis"]), nasty_text), max_size=3),
    "domeinen": st.lists(st.one_of(st.sampled_from(["wonen", "natuur", "kernenergie"]), nasty_text), max_size=3),
    "claims": st.lists(huge, max_size=3),
    "conflicten": st.lists(conflict_id, max_size=3),
    "doelen": st.lists(nasty_text, max_size=2),
    "belangen": st.lists(st.one_of(st.just("novi-prioriteit-4"), nasty_text), max_size=2),
    "besluiten": st.lists(st.one_of(st.just("novi"), nasty_text), max_size=2),
    "accounthouder": st.one_of(st.just("vro@minbzk.nl"), st.just("planner@pzh.nl"), nasty_text),
    "prioriteit": st.sampled_from(["hoog", "midden", "laag", "urgent"]),
    "planning": nasty_text,
    "volgende_tafel": st.sampled_from(["do-novex", "bol", "kantine"]),
    "deadline": st.one_of(st.dates().map(str), st.sampled_from(["2026-02-30", "morgen", "0000-01-01"])),
    "aard": st.lists(st.sampled_from(["wegen", "formeel-sectoraal-besluit", "dromen"]), max_size=3),
    "inkadering": nasty_text,
}
BASE = {"titel": "Woningbouw en natuur", "provincies": ["PV26"], "herkomst": "informeel-contact"}


def perturbed(fields: dict, base: dict, at_most: int = 3):
    """A sound `base` body with a few fields replaced by plausible or nasty values (or by anything at all)."""
    return (
        st.sets(st.sampled_from(sorted(fields)), max_size=at_most)
        .flatmap(lambda keys: st.fixed_dictionaries({k: st.one_of(fields[k], fields[k], anything) for k in keys}))
        .map(lambda changes: base | changes)
    )


LINKS = ("claims", "conflicten", "provincies", "domeinen", "gebieden", "besluiten", "accounthouder", "deadline")
vraagstuk_body = st.one_of(perturbed(FIELDS, BASE), perturbed({k: FIELDS[k] for k in LINKS}, BASE, 2), anything)
criterium = st.fixed_dictionaries(
    {},
    optional={
        "code": maybe(st.sampled_from(["1", "2a", "2b", "3", "4", ""])),
        "besluit": maybe(st.one_of(st.none(), st.booleans())),
        "motivering": maybe(nasty_text),
    },
)
triage_body = perturbed(
    {
        "criteria": st.lists(criterium, max_size=5),
        "advies": nasty_text,
        "besloten_door": nasty_text,
        "afwijking": nasty_text,
        "versie": huge,
    },
    {"criteria": [{"code": "1", "besluit": True}], "advies": "ja", "besloten_door": "Regietafel NOVEX"},
)
transition_body = perturbed(
    {
        "naar": st.one_of(st.sampled_from(FASEN), nasty_text),
        "reden": nasty_text,
        "plek": st.one_of(st.sampled_from(["provincie-pv26", "nergens"]), nasty_text),
        "versie": huge,
    },
    {"naar": "beeldvorming"},
)

# --- the world --------------------------------------------------------------------------------------


@pytest.fixture
def world(settings):
    """Clients that report a server error as the 500 a user sees, and one framed vraagstuk of Utrecht."""
    api = make_clients(settings)
    clients = {}
    for role in ("vro", "utrecht", "departement"):
        client = TestClient(api.vro.app, raise_server_exceptions=False)
        client.headers["Authorization"] = getattr(api, role).headers["Authorization"]
        clients[role] = client
    body = {"titel": "Doelwit", "provincies": ["PV26"], "inkadering": "Nota Ruimte", "domeinen": ["wonen"]}
    created = clients["vro"].post(V, json=body)
    assert created.status_code == 201, created.text
    return clients, created.json()["id"], api.vro.app.state.db


def snapshot(db) -> dict:
    tables = metadata().tables
    with Session(db.engine) as session:
        counts = {t: session.scalar(select(func.count()).select_from(tables[t])) for t in TABLES}
        rows = session.execute(select(tables["vraagstukken"].c.id, tables["vraagstukken"].c.version,
                                      tables["vraagstukken"].c.fase)).all()  # fmt: skip
    return counts | {"rows": sorted(tuple(r) for r in rows)}


def all_dutch(found: list[str]) -> None:
    """The parts of refusals that were not in Dutch, collected over all examples and checked after the run (so
    that hypothesis goes on looking for server errors and changes behind them)."""
    assert found == [], "refusals with an English detail:\n" + "\n".join(sorted(set(found))[:20])


def check_refusal_or_success(response, before, after, not_dutch: list[str]) -> bool:
    """A 4xx problem in Dutch with nothing changed (False), or a success (True); never a 5xx."""
    assert response.status_code < 500, f"{response.status_code}: {response.text[:500]}"
    if response.status_code < 400:
        return True
    assert response.headers["content-type"].startswith(PROBLEM), response.text[:300]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail.strip(), response.text[:300]
    not_dutch += [part[:200] for part in detail.split("; ") if any(marker in part for marker in ENGLISH)]
    assert after == before, f"refused with {response.status_code} but the database changed: {detail[:200]}"
    return False


# --- the properties ---------------------------------------------------------------------------------


def test_any_vraagstuk_body(world):
    clients, _, db = world
    not_dutch: list[str] = []

    @FUZZ
    @given(body=vraagstuk_body, role=st.sampled_from(["vro", "utrecht"]))
    def run(body, role):
        before = snapshot(db)
        response = clients[role].post(V, json=body)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            assert response.status_code == 201
            assert after["vraagstukken"] == before["vraagstukken"] + 1
            assert after["audit_events"] == before["audit_events"] + 1
            stored = response.json()
            assert stored["fase"] == "gesignaleerd" and stored["versie"] == 1
            assert stored["titel"] == body["titel"].strip()
            assert "\x00" not in str(stored)

    run()
    all_dutch(not_dutch)


def test_any_linked_claims_and_conflicts(world):
    """Sound bodies whose only doubt is in the linked claim and conflict ids (the ids reach the database)."""
    clients, _, db = world
    not_dutch: list[str] = []
    links = st.fixed_dictionaries(
        {"conflicten": st.lists(conflict_id, min_size=1, max_size=2)},
        optional={"claims": st.lists(st.one_of(claim_number, huge), max_size=2)},
    )

    @FUZZ
    @given(links=links)
    @example(links={"conflicten": ["C-1-2147483648"]})  # the boundaries, always tried: past 32 bits,
    @example(links={"conflicten": ["C-1-9223372036854775808"]})  # past 64 bits,
    @example(links={"conflicten": [f"C-{10**20}-R1"], "claims": [1]})  # far past both
    def run(links):
        before = snapshot(db)
        response = clients["vro"].post(V, json=BASE | links)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            assert after["vraagstukken"] == before["vraagstukken"] + 1

    run()
    all_dutch(not_dutch)


def test_any_update_body(world):
    clients, vid, db = world
    not_dutch: list[str] = []

    @FUZZ
    @given(body=vraagstuk_body, versie=maybe(st.integers(1, 3)))
    def run(body, versie):
        before = snapshot(db)
        sent = body | {"versie": versie} if isinstance(body, dict) else body
        response = clients["vro"].put(f"{V}/{vid}", json=sent)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            assert response.json()["versie"] == versie + 1
            assert after["audit_events"] == before["audit_events"] + 1

    run()
    all_dutch(not_dutch)


def test_any_triage_body(world):
    clients, vid, db = world
    not_dutch: list[str] = []

    @FUZZ
    @given(body=st.one_of(triage_body, anything), role=st.sampled_from(["vro", "vro", "utrecht"]))
    def run(body, role):
        before = snapshot(db)
        current = dict((r[0], r[1]) for r in [row[:2] for row in before["rows"]])[vid]
        sent = body if not isinstance(body, dict) or "versie" in body else body | {"versie": current}
        response = clients[role].put(f"{V}/{vid}/triage", json=sent)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            assert role == "vro"
            stored = response.json()
            assert stored["versie"] == current + 1
            assert "\x00" not in str(stored["triage"])
            assert all(c["code"] in ("1", "2a", "2b", "3") for c in stored["triage"]["criteria"])

    run()
    all_dutch(not_dutch)


def test_any_transition_body(world):
    clients, vid, db = world
    not_dutch: list[str] = []

    @FUZZ
    @given(body=st.one_of(transition_body, anything), role=st.sampled_from(["vro", "vro", "utrecht", "departement"]))
    def run(body, role):
        before = snapshot(db)
        response = clients[role].post(f"{V}/{vid}/overgangen", json=body)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            assert role == "vro"
            assert response.json()["fase"] == body["naar"]
            assert after["flow_history"] == before["flow_history"] + 1
        elif response.status_code == 409 and "geweigerd" in response.json()["detail"]:
            assert "nu mogelijk" in response.json()["detail"]

    run()
    all_dutch(not_dutch)


def test_any_list_query(world):
    clients, _, db = world
    not_dutch: list[str] = []
    params = st.dictionaries(
        st.sampled_from(
            ["provincie", "fase", "domein", "gebied", "leidend", "accounthouder", "tekst", "page", "pageSize"]
        ),  # fmt: skip
        st.one_of(st.text(max_size=20).filter(lambda t: "\x00" not in t), huge.map(str), st.sampled_from(FASEN)),
        max_size=4,
    )

    @FUZZ
    @given(query=params, role=st.sampled_from(["vro", "utrecht"]))
    def run(query, role):
        before = snapshot(db)
        response = clients[role].get(V, params=query)
        after = snapshot(db)
        if check_refusal_or_success(response, before, after, not_dutch):
            body = response.json()
            assert body["numberReturned"] == len(body["vraagstukken"]) <= body["numberMatched"]
        assert after == before  # a read never writes

    run()
    all_dutch(not_dutch)
