"""The analysis service: one computation per data revision, a fresh one after any recorded change."""

from __future__ import annotations

import pytest
from shapely.geometry import box

from novex import bootstrap
from novex.access import Actor, Role
from novex.claims.model import ClaimDraft
from novex.errors import NotFound
from tests.fixtures.geo import UTRECHT

X, Y = UTRECHT
PLANNER = Actor(7, "planner@provincie-utrecht.nl", Role.PROVINCIE, "PV26")


@pytest.fixture(autouse=True)
def empty_cache():
    bootstrap.analyses().clear()
    yield
    bootstrap.analyses().clear()


def analyse(db, *provincies):
    with db.session() as session:
        return bootstrap.analysis_service(session).report_dict(PLANNER, provincies)


def add(db, naam, x=X, domein="wonen"):
    with db.session() as session:
        service = bootstrap.claim_service(session)
        voorstel = service.voorstel_for(PLANNER, "Cache", "PV26", create=True)
        return service.add_claim(PLANNER, voorstel.id, ClaimDraft(naam, domein, box(x, Y, x + 500, Y + 500)))


def test_an_unchanged_database_is_analysed_once_and_a_change_is_seen_at_once(db):
    add(db, "A")
    first = analyse(db, "PV26")
    assert analyse(db, "PV26") is first and first["claims"] == 1  # served from the cache
    assert analyse(db) is not first  # another scope is another result
    add(db, "B", X + 250, "energie-zon")  # overlaps A by 12.5 ha: a stacked pair of domains
    second = analyse(db, "PV26")
    assert second is not first and second["claims"] == 2
    pairs = [(tuple(p["domains"]), round(p["area_ha"], 3)) for p in second["pairs"]]
    assert pairs == [(("energie-zon", "wonen"), 12.5)]


def test_a_change_from_another_connection_is_seen_too(db, settings):
    first = analyse(db, "PV26")
    other = bootstrap.database(settings)  # e.g. `novex claims import` in another process
    add(other, "Elders")
    other.engine.dispose()
    assert analyse(db, "PV26")["claims"] == first["claims"] + 1


def test_an_unknown_province_is_refused(db):
    with pytest.raises(NotFound):
        analyse(db, "PV99")


def test_the_json_is_the_report_encoded_once_per_revision(db):
    import json

    add(db, "A")
    with db.session() as session:
        service = bootstrap.analysis_service(session)
        body = service.report_json(PLANNER, ["PV26"])
        assert json.loads(body) == json.loads(json.dumps(service.report_dict(PLANNER, ["PV26"])))
        assert service.report_json(PLANNER, ["PV26"]) is body  # encoded once
    add(db, "B", X + 2000)
    with db.session() as session:
        assert json.loads(bootstrap.analysis_service(session).report_json(PLANNER, ["PV26"]))["claims"] == 2


def test_a_change_outside_the_analysis_inputs_keeps_the_cached_result_but_a_claim_change_does_not(db):
    """Signalling a vraagstuk or adding a user alters no claim, layer or target: the cached analysis stays valid."""
    from novex.dialogue.model import VraagstukDraft

    add(db, "A")
    first = analyse(db, "PV26")
    with db.session() as session:
        bootstrap.vraagstuk_service(session).signal(PLANNER, VraagstukDraft("Vraag", ("PV26",), "voortgang"))
        bootstrap.account_service(session).add_user(Actor.operator(), "nieuw@x.nl", "N", "lezer", "een-lang-wachtwoord-1")
    assert analyse(db, "PV26") is first
    add(db, "B", X + 2000)
    assert analyse(db, "PV26") is not first
