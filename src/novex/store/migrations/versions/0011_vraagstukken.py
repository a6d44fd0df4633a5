"""vraagstukken: the dialogue (seed 002) — vraagstukken, their links and contributions, the open registers

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vraagstukken",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("titel", sa.String(200), nullable=False),
        sa.Column("beschrijving", sa.Text(), nullable=True),
        sa.Column("herkomst", sa.String(40), nullable=False),
        sa.Column("fase", sa.String(40), nullable=False),
        sa.Column("accounthouder", sa.String(254), nullable=True),
        sa.Column("prioriteit", sa.String(20), nullable=True),
        sa.Column("planning", sa.Text(), nullable=True),
        sa.Column("volgende_tafel", sa.String(20), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("inkadering", sa.Text(), nullable=True),
        sa.Column("uitkomst_plek", sa.String(120), nullable=True),
        sa.Column("uitkomst_reden", sa.Text(), nullable=True),
        sa.Column("leidend", sa.String(20), nullable=True),
        sa.Column("leidend_departement", sa.String(200), nullable=True),
        sa.Column("leidend_motivering", sa.Text(), nullable=True),
        sa.Column("triage", sa.JSON(), nullable=False),
        sa.Column("aanpak", sa.JSON(), nullable=False),
        sa.Column("tafelbesluiten", sa.JSON(), nullable=False),
        sa.Column("aangemaakt_door", sa.String(254), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_vraagstukken_fase", "vraagstukken", ["fase"])
    op.create_index("ix_vraagstukken_accounthouder", "vraagstukken", ["accounthouder"])
    op.create_index("ix_vraagstukken_leidend", "vraagstukken", ["leidend"])
    op.create_table(
        "vraagstuk_links",
        sa.Column("vraagstuk_id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("soort", sa.String(20), primary_key=True),
        sa.Column("waarde", sa.String(120), primary_key=True),
        sa.Column("positie", sa.Integer(), nullable=False),
    )
    op.create_index("ix_vraagstuk_links_waarde", "vraagstuk_links", ["soort", "waarde"])
    op.create_table(
        "vraagstuk_bijdragen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("vraagstuk_id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="CASCADE"), nullable=False),
        sa.Column("auteur", sa.String(254), nullable=False),
        sa.Column("rol", sa.String(20), nullable=False),
        sa.Column("departement", sa.String(200), nullable=True),
        sa.Column("provincie", sa.String(10), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_vraagstuk_bijdragen_vraagstuk_id", "vraagstuk_bijdragen", ["vraagstuk_id"])
    op.create_table(
        "register_entries",
        sa.Column("id", sa.String(80), primary_key=True),
        sa.Column("soort", sa.String(10), nullable=False),
        sa.Column("waarden", sa.JSON(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=True),
        sa.Column("door", sa.String(254), nullable=False),
        sa.Column("toegevoegd_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_register_entries_soort", "register_entries", ["soort"])


def downgrade() -> None:
    op.drop_table("register_entries")
    op.drop_table("vraagstuk_bijdragen")
    op.drop_table("vraagstuk_links")
    op.drop_table("vraagstukken")
