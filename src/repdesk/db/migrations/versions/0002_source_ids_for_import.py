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
    from repdesk.db.migrate import has_column

    # idempotent: an earlier release could leave some of these done with the stamp still at 0001
    for table in TABLES:
        if not has_column(op.get_bind(), table, "source_id"):
            op.add_column(table, sa.Column("source_id", sa.String(), nullable=True))
        op.create_index(f"ix_{table}_source_id", table, ["source_id"], unique=True, if_not_exists=True)


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_source_id", table_name=table)
        op.drop_column(table, "source_id")
