"""municipalities

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "municipalities",
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("naam", sa.String(length=120), nullable=False),
        sa.Column("provincie", sa.String(length=4), nullable=False),
        sa.Column("inwoners", sa.Integer(), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.Column("geometry", novex.store.types.WKBGeometry(), nullable=False),
        sa.Column("minx", sa.Float(), nullable=False),
        sa.Column("miny", sa.Float(), nullable=False),
        sa.Column("maxx", sa.Float(), nullable=False),
        sa.Column("maxy", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["provincie"],
            ["provinces.code"],
        ),
        sa.PrimaryKeyConstraint("code"),
    )
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_municipalities_provincie"), ["provincie"], unique=False)

    op.create_table(
        "claim_municipalities",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("gemeente", sa.String(length=8), nullable=False),
        sa.Column("area_ha", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["gemeente"],
            ["municipalities.code"],
        ),
        sa.PrimaryKeyConstraint("claim_id", "gemeente"),
    )
    with op.batch_alter_table("claim_municipalities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_municipalities_gemeente"), ["gemeente"], unique=False)

    with op.batch_alter_table("restriction_areas", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("restriction_areas", schema=None) as batch_op:
        batch_op.drop_column("status")

    with op.batch_alter_table("claim_municipalities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_municipalities_gemeente"))

    op.drop_table("claim_municipalities")
    with op.batch_alter_table("municipalities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_municipalities_provincie"))

    op.drop_table("municipalities")
