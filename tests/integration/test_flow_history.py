"""Flow history in the store: a move and its audit event are written in the caller's unit of work, or neither."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pytest
from sqlalchemy import inspect, select

from novex.access import Actor, Role
from novex.audit import AuditFilter
from novex.errors import TransitionRefused
from novex.flow import Flow, Transition, move
from novex.store.audit_repo import SqlAuditLog
from novex.store.db import alembic_config
from novex.store.flow_history import FlowHistoryRow, SqlFlowHistory
from novex.store.tables import Base

PLANNER = Actor(7, "planner@provincie-utrecht.nl", Role.PROVINCIE, "PV26")
LEZER = Actor(9, "lezer@example.nl", Role.LEZER)
BOTH = frozenset({Role.VRO, Role.PROVINCIE})

BOB = Flow(
    name="vraagstuk",
    states=("beeldvorming", "oordeelsvorming", "besluitvorming", "vastgelegd", "afgesloten"),
    initial="beeldvorming",
    final=frozenset({"vastgelegd", "afgesloten"}),
    transitions=(
        Transition("beeldvorming", "oordeelsvorming", "naar oordeelsvorming", BOTH),
        Transition("oordeelsvorming", "besluitvorming", "naar besluitvorming", BOTH, requires=("afwegingsnotitie",)),
        Transition("besluitvorming", "vastgelegd", "vastleggen", BOTH),
        *(Transition(s, "afgesloten", "afsluiten", BOTH) for s in ("beeldvorming", "oordeelsvorming", "besluitvorming")),
    ),
)


@dataclass(frozen=True)
class Vraagstuk:
    id: int
    state: str
    products: frozenset[str] = frozenset()
    provincie: str = "PV26"


def recorded(db, item_id: object = 12) -> tuple[list, list]:
    """The history rows and the audit events of one vraagstuk, read in a fresh unit of work."""
    with db.session() as session:
        steps = SqlFlowHistory(session).history("vraagstuk", item_id)
        events = SqlAuditLog(session).events(AuditFilter(object_type="vraagstuk", object_id=str(item_id)))
    return steps, events


def test_the_migration_creates_the_table_the_model_describes(db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    assert "flow_history" in Base.metadata.tables  # so backups and autogenerate see it
    def ours(obj, name, kind, reflected, compare_to) -> bool:
        return (obj if kind == "table" else obj.table).name == "flow_history"

    with db.engine.connect() as connection, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        context = MigrationContext.configure(connection, opts={"include_object": ours})
        assert compare_metadata(context, Base.metadata) == []
    indexes = {i["name"]: i["column_names"] for i in inspect(db.engine).get_indexes("flow_history")}
    assert indexes == {"ix_flow_history_item": ["flow", "item_id"]}


def test_a_move_writes_one_history_row_and_one_audit_event_in_the_same_unit_of_work(db):
    with db.session() as session:
        history, audit = SqlFlowHistory(session), SqlAuditLog(session)
        new = move(BOB, Vraagstuk(12, "beeldvorming"), "oordeelsvorming", PLANNER, "analyse compleet", history, audit)
        # visible inside the unit of work, before it commits
        assert len(history.history("vraagstuk", 12)) == 1
        assert audit.count(AuditFilter(object_type="vraagstuk", object_id="12")) == 1
    assert new == "oordeelsvorming"
    (step,), (change,) = recorded(db)
    assert (step.flow, step.item_id, step.source, step.target) == ("vraagstuk", "12", "beeldvorming", "oordeelsvorming")
    assert (step.actor, step.rol, step.reden) == (PLANNER.email, "provincie", "analyse compleet")
    assert step.tijdstip.utcoffset().total_seconds() == 0 and step.id > 0
    assert change.actie == "vraagstuk.fase-gewijzigd" and change.provincie == "PV26"
    assert change.reden == "analyse compleet" and change.details["naar"] == "oordeelsvorming"
    assert abs((change.tijdstip - step.tijdstip).total_seconds()) < 60


def test_the_history_of_an_item_is_its_own_and_newest_last(db):
    item = Vraagstuk(12, "beeldvorming", frozenset({"afwegingsnotitie"}))
    for target in ("oordeelsvorming", "besluitvorming", "vastgelegd"):
        with db.session() as session:
            move(BOB, item, target, PLANNER, None, SqlFlowHistory(session), SqlAuditLog(session))
        item = Vraagstuk(12, target, item.products)
    with db.session() as session:
        move(BOB, Vraagstuk(13, "beeldvorming"), "afgesloten", PLANNER, "dubbel", SqlFlowHistory(session),
             SqlAuditLog(session))  # fmt: skip
    steps, events = recorded(db)
    assert [(s.source, s.target) for s in steps] == [
        ("beeldvorming", "oordeelsvorming"), ("oordeelsvorming", "besluitvorming"), ("besluitvorming", "vastgelegd")
    ]  # fmt: skip
    assert [s.reden for s in steps] == [None, None, None]
    assert steps[0].tijdstip <= steps[1].tijdstip <= steps[2].tijdstip
    assert len(events) == 3
    assert [(s.item_id, s.target) for s in recorded(db, 13)[0]] == [("13", "afgesloten")]


@pytest.mark.parametrize(
    ("item", "target", "who", "why"),
    [
        (Vraagstuk(12, "beeldvorming"), "oordeelsvorming", LEZER, "'lezer'"),
        (Vraagstuk(12, "oordeelsvorming"), "besluitvorming", PLANNER, "'afwegingsnotitie' ontbreekt"),
        (Vraagstuk(12, "beeldvorming"), "vastgelegd", PLANNER, "alleen naar"),
        (Vraagstuk(12, "afgesloten"), "beeldvorming", PLANNER, "eindfase"),
    ],
    ids=["role", "product", "unknown-move", "final"],
)
def test_a_refused_move_writes_neither(db, item, target, who, why):
    with pytest.raises(TransitionRefused, match=why), db.session() as session:
        move(BOB, item, target, who, "poging", SqlFlowHistory(session), SqlAuditLog(session))
    assert recorded(db) == ([], [])


def test_a_rolled_back_unit_of_work_leaves_neither(db):
    class Later(Exception):
        """Something the service fails on after the move, e.g. storing the new phase."""

    with pytest.raises(Later), db.session() as session:
        move(BOB, Vraagstuk(12, "beeldvorming"), "afgesloten", PLANNER, "x", SqlFlowHistory(session),
             SqlAuditLog(session))  # fmt: skip
        raise Later
    assert recorded(db) == ([], [])
    with db.session() as session:
        assert session.scalars(select(FlowHistoryRow)).all() == []


def test_the_migration_goes_down_and_up_again(db):
    from alembic import command

    with db.engine.begin() as connection:
        config = alembic_config(db.engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
        assert not inspect(connection).has_table("flow_history")
        command.upgrade(config, "head")
        assert inspect(connection).has_table("flow_history")
