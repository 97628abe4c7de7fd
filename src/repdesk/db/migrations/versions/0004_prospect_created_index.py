"""an index on prospect.created_at: new prospects of a window (ICP share) without a scan

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_prospect_created_at", "prospect", ["created_at"], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_prospect_created_at", table_name="prospect")
