"""an index on meeting (status, at): meetings still needing an outcome, found without a scan

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_meeting_status_at", "meeting", ["status", "at"], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_meeting_status_at", table_name="meeting")
