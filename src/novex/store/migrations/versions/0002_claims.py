"""claims register

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "voorstellen",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provincie", sa.String(length=4), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provincie"],
            ["provinces.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provincie", "naam", "versie"),
    )
    with op.batch_alter_table("voorstellen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voorstellen_provincie"), ["provincie"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("voorstel_id", sa.Integer(), nullable=False),
        sa.Column("extern_id", sa.String(length=120), nullable=True),
        sa.Column("naam", sa.String(length=300), nullable=False),
        sa.Column("domein", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hardheid", sa.String(length=20), nullable=False),
        sa.Column("prioriteit", sa.Integer(), nullable=False),
        sa.Column("hoeveelheid", sa.Float(), nullable=True),
        sa.Column("eenheid", sa.String(length=40), nullable=True),
        sa.Column("doel_id", sa.String(length=120), nullable=True),
        sa.Column("start_jaar", sa.Integer(), nullable=True),
        sa.Column("eind_jaar", sa.Integer(), nullable=True),
        sa.Column("eigenaar", sa.String(length=200), nullable=True),
        sa.Column("bron", sa.Text(), nullable=True),
        sa.Column("notities", sa.Text(), nullable=True),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.Column("geometry", novex.store.types.WKBGeometry(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("minx", sa.Float(), nullable=False),
        sa.Column("miny", sa.Float(), nullable=False),
        sa.Column("maxx", sa.Float(), nullable=False),
        sa.Column("maxy", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domein"],
            ["domains.slug"],
        ),
        sa.ForeignKeyConstraint(["voorstel_id"], ["voorstellen.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_domein"), ["domein"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_voorstel_id"), ["voorstel_id"], unique=False)

    op.create_table(
        "claim_provinces",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("provincie", sa.String(length=4), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["provincie"],
            ["provinces.code"],
        ),
        sa.PrimaryKeyConstraint("claim_id", "provincie"),
    )
    with op.batch_alter_table("claim_provinces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_provinces_provincie"), ["provincie"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("claim_provinces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_provinces_provincie"))

    op.drop_table("claim_provinces")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_voorstel_id"))
        batch_op.drop_index(batch_op.f("ix_claims_status"))
        batch_op.drop_index(batch_op.f("ix_claims_domein"))

    op.drop_table("claims")
    with op.batch_alter_table("voorstellen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voorstellen_provincie"))

    op.drop_table("voorstellen")
