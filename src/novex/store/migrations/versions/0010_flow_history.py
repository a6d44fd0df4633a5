"""flow history: every move of a workflow item (flow, item, from, to, who, role, why, when)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "flow_history",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("flow", sa.String(30), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("target", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_flow_history_item", "flow_history", ["flow", "item_id"])


def downgrade() -> None:
    op.drop_index("ix_flow_history_item", table_name="flow_history")
    op.drop_table("flow_history")
