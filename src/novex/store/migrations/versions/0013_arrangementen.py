"""arrangementen: the Ruimtelijk Arrangement per province and year, its agreements and investment agreements

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import novex.store.types

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "arrangementen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("provincie", sa.String(10), nullable=False),
        sa.Column("jaar", sa.Integer(), nullable=False),
        sa.Column("generatie", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("inhoud", sa.JSON(), nullable=False),
        sa.Column("vastgesteld_in", sa.Integer(), sa.ForeignKey("vergaderingen.id", ondelete="SET NULL"),
                  nullable=True),  # fmt: skip
        sa.Column("vastgesteld_op", sa.Date(), nullable=True),
        sa.Column("vorige_versie", sa.Integer(), sa.ForeignKey("arrangementen.id", ondelete="SET NULL"),
                  nullable=True),  # fmt: skip
        sa.Column("vervangen_door", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("provincie", "jaar", name="uq_arrangement_provincie_jaar"),
    )
    for column in ("provincie", "jaar", "status", "vastgesteld_in"):
        op.create_index(f"ix_arrangementen_{column}", "arrangementen", [column])
    op.create_table(
        "arrangement_afspraken",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("arrangement_id", sa.Integer(), sa.ForeignKey("arrangementen.id", ondelete="CASCADE"),
                  nullable=False),  # fmt: skip
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(60), nullable=False),
        sa.Column("onderdeel", sa.Integer(), nullable=False),
        sa.Column("vraagstuk_id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="SET NULL"),
                  nullable=True),  # fmt: skip
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.UniqueConstraint("arrangement_id", "sleutel", name="uq_afspraak_sleutel"),
    )
    for column in ("arrangement_id", "sleutel", "vraagstuk_id"):
        op.create_index(f"ix_arrangement_afspraken_{column}", "arrangement_afspraken", [column])
    op.create_table(
        "arrangement_investeringen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("arrangement_id", sa.Integer(), sa.ForeignKey("arrangementen.id", ondelete="CASCADE"),
                  nullable=False),  # fmt: skip
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("sleutel", sa.String(60), nullable=False),
        sa.Column("programma", sa.String(300), nullable=False),
        sa.Column("fonds", sa.String(100), nullable=False),
        sa.Column("bedrag", novex.store.types.Money(), nullable=False),  # NUMERIC(18, 2); exact text on SQLite
        sa.Column("gelabeld_voor", sa.Text(), nullable=False),
        sa.Column("afspraak", sa.String(60), nullable=True),
        sa.UniqueConstraint("arrangement_id", "sleutel", name="uq_investering_sleutel"),
    )
    op.create_index("ix_arrangement_investeringen_arrangement_id", "arrangement_investeringen", ["arrangement_id"])


def downgrade() -> None:
    op.drop_table("arrangement_investeringen")
    op.drop_table("arrangement_afspraken")
    op.drop_table("arrangementen")
