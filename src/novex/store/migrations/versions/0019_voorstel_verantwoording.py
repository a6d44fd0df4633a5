"""Voorstellen: their verantwoording (datasets, deviations from the basisset, indicators; seed 004 Bijlage 5)

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voorstel_verantwoordingen",
        sa.Column("id", sa.Integer(), sa.ForeignKey("voorstellen.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(320), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("voorstel_verantwoordingen")
