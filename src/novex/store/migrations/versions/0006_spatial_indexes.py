"""spatial indexes: GiST on every geometry column (PostgreSQL/PostGIS only)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

GEOMETRY_TABLES = ("provinces", "municipalities", "claims", "restriction_areas")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        # SQLite keeps the bbox columns; an index on them serves the map's bbox filter.
        op.create_index("ix_claims_bbox", "claims", ["minx", "maxx", "miny", "maxy"])
        return
    for table in GEOMETRY_TABLES:
        op.create_index(f"ix_{table}_geometry", table, ["geometry"], postgresql_using="gist")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.drop_index("ix_claims_bbox", table_name="claims")
        return
    for table in GEOMETRY_TABLES:
        op.drop_index(f"ix_{table}_geometry", table_name=table)
