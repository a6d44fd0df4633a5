"""monitor: measurements of agreements, statuses set by owners, yearly monitor rounds

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "monitor_metingen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("provincie", sa.String(10), nullable=False),
        sa.Column("sleutel", sa.String(60), nullable=False),
        sa.Column("waarde", sa.Float(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("bron", sa.String(300), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=False),
        sa.Column("ingevoerd_door", sa.String(320), nullable=False),
        sa.Column("ingevoerd_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("provincie", "sleutel", "datum", "bron", name="uq_meting_afspraak_datum_bron"),
    )
    op.create_index("ix_monitor_metingen_afspraak", "monitor_metingen", ["provincie", "sleutel", "datum", "id"])
    op.create_table(
        "monitor_statussen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("provincie", sa.String(10), nullable=False),
        sa.Column("sleutel", sa.String(60), nullable=False),
        sa.Column("status", sa.String(40), nullable=True),
        sa.Column("motivering", sa.Text(), nullable=False),
        sa.Column("door", sa.String(320), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_monitor_statussen_afspraak", "monitor_statussen", ["provincie", "sleutel"])
    op.create_table(
        "monitor_rondes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("provincie", sa.String(10), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("deelnemers", sa.JSON(), nullable=False),
        sa.Column("beeld", sa.Text(), nullable=False),
        sa.Column("momentopname", sa.JSON(), nullable=True),
        sa.Column("afgesloten_door", sa.String(320), nullable=True),
        sa.Column("afgesloten_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("provincie", "jaar", name="uq_monitorronde_provincie_jaar"),
    )
    op.create_index("ix_monitor_rondes_provincie", "monitor_rondes", ["provincie"])
    op.create_index("ix_monitor_rondes_jaar", "monitor_rondes", ["jaar"])


def downgrade() -> None:
    op.drop_table("monitor_rondes")
    op.drop_table("monitor_statussen")
    op.drop_table("monitor_metingen")
