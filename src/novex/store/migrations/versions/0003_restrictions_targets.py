"""restriction layers and province targets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "province_targets",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("provincie", sa.String(length=4), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("waarde", sa.Float(), nullable=False),
        sa.Column("eenheid", sa.String(length=40), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=True),
        sa.Column("domein", sa.String(length=40), nullable=True),
        sa.Column("bron", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domein"],
            ["domains.slug"],
        ),
        sa.ForeignKeyConstraint(
            ["provincie"],
            ["provinces.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("province_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_province_targets_provincie"), ["provincie"], unique=False)

    op.create_table(
        "restriction_layers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("domein", sa.String(length=40), nullable=False),
        sa.Column("hardheid", sa.String(length=20), nullable=False),
        sa.Column("juridische_basis", sa.Text(), nullable=False),
        sa.Column("peildatum", sa.Date(), nullable=False),
        sa.Column("attributie", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["domein"],
            ["domains.slug"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("naam"),
    )
    op.create_table(
        "restriction_areas",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("layer_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=300), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=True),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.Column("provincies", sa.JSON(), nullable=False),
        sa.Column("geometry", novex.store.types.WKBGeometry(), nullable=False),
        sa.Column("minx", sa.Float(), nullable=False),
        sa.Column("miny", sa.Float(), nullable=False),
        sa.Column("maxx", sa.Float(), nullable=False),
        sa.Column("maxy", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["layer_id"], ["restriction_layers.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("restriction_areas", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_restriction_areas_layer_id"), ["layer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("restriction_areas", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_restriction_areas_layer_id"))

    op.drop_table("restriction_areas")
    op.drop_table("restriction_layers")
    with op.batch_alter_table("province_targets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_province_targets_provincie"))

    op.drop_table("province_targets")
