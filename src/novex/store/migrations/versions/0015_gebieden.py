"""NOVEX areas: the official boundaries imported by VRO

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "novex_gebied_grenzen",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("geometry", novex.store.types.WKBGeometry(), nullable=False),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("attributie", sa.Text(), nullable=True),
        sa.Column("bestand", sa.String(300), nullable=False),
        sa.Column("ingevoerd_door", sa.String(320), nullable=False),
        sa.Column("ingevoerd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("novex_gebied_grenzen")
