"""Scenarios: a named what-if over the voorstellen and its ordered changes

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("eigenaar", sa.String(320), nullable=False),
        sa.Column("eigenaar_soort", sa.String(20), nullable=False),
        sa.Column("eigenaar_rol", sa.String(20), nullable=False),
        sa.Column("eigenaar_provincie", sa.String(4), nullable=True),
        sa.Column("gemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("basis_voorstel", sa.Integer(), nullable=True),
        sa.Column("omschrijving", sa.Text(), nullable=False),
        sa.Column("stand", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("naam"),
    )
    op.create_table(
        "scenario_wijzigingen",
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("volgorde", sa.Integer(), primary_key=True),
        sa.Column("gegevens", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scenario_wijzigingen")
    op.drop_table("scenarios")
