"""audit trail: append-only audit_events (triggers refuse UPDATE, DELETE and TRUNCATE)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

MESSAGE = "audit_events is append-only: events are never changed or removed"
SQLITE_TRIGGERS = {
    f"audit_events_no_{verb.lower()}": f"CREATE TRIGGER audit_events_no_{verb.lower()} BEFORE {verb} ON audit_events "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    for verb in ("UPDATE", "DELETE")
}
POSTGRES_GUARD = [
    "CREATE FUNCTION novex_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION novex_append_only()",
    "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
    "FOR EACH STATEMENT EXECUTE FUNCTION novex_append_only()",
]


def upgrade() -> None:
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("actie", sa.String(60), nullable=False),
        sa.Column("object_type", sa.String(30), nullable=False),
        sa.Column("object_id", sa.String(64), nullable=False),
        sa.Column("provincie", sa.String(4), nullable=True),
        sa.Column("samenvatting", sa.Text(), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
    )
    op.create_index("ix_audit_events_object", "audit_events", ["object_type", "object_id"])
    for column in ("actor", "actie", "provincie"):
        op.create_index(f"ix_audit_events_{column}", "audit_events", [column])
    statements = POSTGRES_GUARD if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS.values()
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE audit_events")
        op.execute("DROP FUNCTION novex_append_only()")
    else:
        op.drop_table("audit_events")
