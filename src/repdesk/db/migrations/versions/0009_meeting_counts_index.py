"""meetings counted by status from the index alone: (status, kind, at) in place of (at, status, kind)

A window's meetings are counted one status at a time on ``ix_meeting_status_at`` and the first
meetings held on this index, each a range of the index rather than every meeting of the window.

Revision ID: 0009
Revises: 0008
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_meeting_status_kind_at", "meeting", ["status", "kind", "at"], unique=False)
    op.drop_index("ix_meeting_at_status_kind", table_name="meeting")


def downgrade() -> None:
    op.create_index("ix_meeting_at_status_kind", "meeting", ["at", "status", "kind"], unique=False)
    op.drop_index("ix_meeting_status_kind_at", table_name="meeting")
