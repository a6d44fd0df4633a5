"""Scenarios: the maker's ministry, so a scenario shared with the role departement stays within that ministry

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.add_column(sa.Column("eigenaar_departement", sa.String(120), nullable=True))
    # Shared ministry scenarios made before this column: the ministry of their maker's account.
    op.execute(
        "UPDATE scenarios SET eigenaar_departement = "
        "(SELECT users.departement FROM users WHERE users.email = scenarios.eigenaar) "
        "WHERE eigenaar_soort = 'rol' AND eigenaar_rol = 'departement'"
    )


def downgrade() -> None:
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_column("eigenaar_departement")
