"""meetings: the yearly cycle (DO NOVEX, GP-DG, BOL), agendas, the BOL-afsprakenlijst, fast procedures, experts, sessions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "vergaderingen",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("provincie", sa.String(10), nullable=True),
        sa.Column("landsdeel", sa.String(20), nullable=True),
        sa.Column("rode_draden", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_vergaderingen_soort", "vergaderingen", ["soort"])
    op.create_index("ix_vergaderingen_datum", "vergaderingen", ["datum"])
    op.create_table(
        "agendapunten",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("vergadering_id", sa.Integer(), sa.ForeignKey("vergaderingen.id", ondelete="CASCADE"), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("onderwerp", sa.String(300), nullable=False),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("vraagstuk_id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="SET NULL"), nullable=True),
        sa.Column("uitkomst", sa.JSON(), nullable=True),
    )
    op.create_index("ix_agendapunten_vergadering_id", "agendapunten", ["vergadering_id"])
    op.create_index("ix_agendapunten_vraagstuk_id", "agendapunten", ["vraagstuk_id"])
    op.create_table(
        "bol_afspraken",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("vergadering_id", sa.Integer(), sa.ForeignKey("vergaderingen.id", ondelete="CASCADE"), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("landsdeel", sa.String(20), nullable=True),
        sa.Column("provincies", sa.JSON(), nullable=False),
        sa.Column("vraagstuk_id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="SET NULL"), nullable=True),
        sa.Column("titel", sa.String(300), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("vastgelegd_door", sa.String(254), nullable=False),
    )
    op.create_index("ix_bol_afspraken_vergadering_id", "bol_afspraken", ["vergadering_id"])
    op.create_index("ix_bol_afspraken_vraagstuk_id", "bol_afspraken", ["vraagstuk_id"])
    op.create_table(
        "snelle_procedures",
        sa.Column("id", sa.Integer(), sa.ForeignKey("vraagstukken.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("fase", sa.String(40), nullable=False),
        sa.Column("signaal", sa.JSON(), nullable=True),
        sa.Column("selectie", sa.JSON(), nullable=True),
        sa.Column("tafel", sa.JSON(), nullable=True),
        sa.Column("terugkoppeling", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_index("ix_snelle_procedures_fase", "snelle_procedures", ["fase"])
    op.create_table(
        "experts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("naam", sa.String(200), nullable=False),
        sa.Column("departement", sa.String(200), nullable=False),
        sa.Column("domeinen", sa.JSON(), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("nota_ruimte_adviseur", sa.Boolean(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_experts_departement", "experts", ["departement"])
    op.create_table(
        "sessies",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("titel", sa.String(300), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("trekker", sa.String(300), nullable=True),
        sa.Column("organisatie", sa.String(300), nullable=False),
        sa.Column("hoofdonderwerp", sa.String(300), nullable=False),
        sa.Column("velden", sa.JSON(), nullable=False),
        sa.Column("bouwstenen", sa.JSON(), nullable=False),
        sa.Column("vraagstukken", sa.JSON(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessies_datum", "sessies", ["datum"])


def downgrade() -> None:
    for table in ("sessies", "experts", "snelle_procedures", "bol_afspraken", "agendapunten", "vergaderingen"):
        op.drop_table(table)
