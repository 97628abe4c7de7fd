"""follow-ups: the next step with each prospect, and an index for open ones by due day

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("due", sa.String(), nullable=False),
        sa.Column("time", sa.String(), nullable=True),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("touch_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_followup_status_due", "followup", ["status", "due"], unique=False)
    op.create_index("ix_followup_prospect_status", "followup", ["prospect_id", "status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_followup_prospect_status", table_name="followup")
    op.drop_index("ix_followup_status_due", table_name="followup")
    op.drop_table("followup")
