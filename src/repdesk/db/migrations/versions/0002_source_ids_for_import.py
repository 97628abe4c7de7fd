"""source ids for import: each imported row keeps its CRM id, so re-importing creates nothing

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TABLES = ("prospect", "touch", "meeting", "deal")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("source_id", sa.String(), nullable=True))
        op.create_index(f"ix_{table}_source_id", table, ["source_id"], unique=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_source_id", table_name=table)
        op.drop_column(table, "source_id")
