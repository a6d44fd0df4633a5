"""NOVEX areas: the chain of products — dossiers (phase, governance), products, uitvoeringsafspraken

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebiedsdossiers",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("fase", sa.String(40), nullable=True),
        sa.Column("duo_rijk", sa.String(300), nullable=True),
        sa.Column("duo_regio", sa.String(300), nullable=True),
        sa.Column("trekker", sa.String(300), nullable=True),
        sa.Column("gewijzigd_door", sa.String(320), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "gebiedsproducten",
        sa.Column("id", sa.String(130), primary_key=True),
        sa.Column("gebied", sa.String(80), nullable=False),
        sa.Column("soort", sa.String(40), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("vindplaats", sa.String(500), nullable=False),
        sa.Column("velden", sa.JSON(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(320), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("gebied", "soort", name="uq_gebiedsproduct_gebied_soort"),
    )
    op.create_index("ix_gebiedsproducten_gebied", "gebiedsproducten", ["gebied"])
    op.create_table(
        "uitvoeringsafspraken",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("gebied", sa.String(80), nullable=False),
        sa.Column("onderwerp", sa.String(40), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("eigenaar", sa.String(300), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("ra_afspraken", sa.JSON(), nullable=False),
        sa.Column("gewijzigd_door", sa.String(320), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_uitvoeringsafspraken_gebied", "uitvoeringsafspraken", ["gebied"])


def downgrade() -> None:
    op.drop_table("uitvoeringsafspraken")
    op.drop_table("gebiedsproducten")
    op.drop_table("gebiedsdossiers")
