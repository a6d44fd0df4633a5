"""foundation: catalogue and provinces

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalog_versions",
        sa.Column("versie", sa.String(length=32), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column(
            "loaded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("versie"),
    )
    op.create_table(
        "domains",
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("naam", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("slug"),
    )
    op.create_table(
        "novex_areas",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("typen", sa.JSON(), nullable=False),
        sa.Column("provincies", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "provinces",
        sa.Column("code", sa.String(length=4), nullable=False),
        sa.Column("naam", sa.String(length=80), nullable=False),
        sa.Column("landsdeel", sa.String(length=20), nullable=False),
        sa.Column("land_ha", sa.Float(), nullable=False),
        sa.Column("geometry", novex.store.types.WKBGeometry(), nullable=False),
        sa.Column("minx", sa.Float(), nullable=False),
        sa.Column("miny", sa.Float(), nullable=False),
        sa.Column("maxx", sa.Float(), nullable=False),
        sa.Column("maxy", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "themes",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("naam", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "goals",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("theme_id", sa.String(length=80), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("waarde", sa.Float(), nullable=True),
        sa.Column("eenheid", sa.String(length=40), nullable=True),
        sa.Column("jaar", sa.Integer(), nullable=True),
        sa.Column("domein", sa.String(length=40), nullable=True),
        sa.Column("provincie", sa.String(length=4), nullable=True),
        sa.Column("gebied", sa.String(length=200), nullable=True),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["domein"],
            ["domains.slug"],
        ),
        sa.ForeignKeyConstraint(
            ["theme_id"],
            ["themes.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_goals_provincie"), ["provincie"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goals_provincie"))

    op.drop_table("goals")
    op.drop_table("themes")
    op.drop_table("provinces")
    op.drop_table("novex_areas")
    op.drop_table("domains")
    op.drop_table("catalog_versions")
