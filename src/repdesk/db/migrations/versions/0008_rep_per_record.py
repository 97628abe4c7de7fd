"""every record carries its rep; per-rep keys and 64-bit money on PostgreSQL

On SQLite the file is one rep's: ``rep`` is the constant ``'local'`` and nothing else changes but a
``database_uuid`` setting (the id ``repdesk sync`` keys this database's records by) and a
``source_id`` on follow-ups. On PostgreSQL (team mode) ``rep`` defaults to the
connecting role, the keys a rep chooses (a target's period, an ICP key, a setting, a source id)
are unique per rep and money columns are 64-bit. The row-level security that keeps each rep to
their own rows is set by ``repdesk team init`` (:mod:`repdesk.db.pg`), which runs these migrations.

Revision ID: 0008
Revises: 0007
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

#: every table of records (a test checks the models agree)
TABLES = (
    "prospect",
    "touch",
    "meeting",
    "deal",
    "followup",
    "target",
    "icp_criterion",
    "icp_answer",
    "setting",
    "journal",
)
SOURCE_ID_TABLES = ("prospect", "touch", "meeting", "deal", "followup")
MONEY = {"deal": ("value_cents", "proposal_value_cents"), "target": ("revenue_cents", "avg_deal_cents")}


def upgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    default = sa.text("CURRENT_USER") if pg else sa.text("'local'")
    # plain ADD COLUMN, never a batch rebuild: a rebuilt SQLite table would lose its AUTOINCREMENT (0006)
    for table in TABLES:
        op.add_column(table, sa.Column("rep", sa.String(), nullable=False, server_default=default))
    op.add_column("followup", sa.Column("source_id", sa.String(), nullable=True))
    if not pg:
        op.create_index("ix_followup_source_id", "followup", ["source_id"], unique=True)
        op.get_bind().execute(
            sa.text("INSERT INTO setting (key, value) VALUES ('database_uuid', :u)"), {"u": str(uuid.uuid4())}
        )
        return
    for table, cols in MONEY.items():
        for col in cols:
            op.alter_column(table, col, type_=sa.BigInteger())
    for table in SOURCE_ID_TABLES:
        if table != "followup":
            op.drop_index(f"ix_{table}_source_id", table_name=table)
        op.create_index(f"ix_{table}_source_id", table, ["rep", "source_id"], unique=True)
    op.drop_constraint("target_period_key", "target", type_="unique")
    op.create_unique_constraint("target_rep_period_key", "target", ["rep", "period"])
    op.drop_constraint("icp_criterion_key_key", "icp_criterion", type_="unique")
    op.create_unique_constraint("icp_criterion_rep_key_key", "icp_criterion", ["rep", "key"])
    op.drop_constraint("setting_pkey", "setting", type_="primary")
    op.create_primary_key("setting_pkey", "setting", ["rep", "key"])
    for table in TABLES:
        op.create_index(f"ix_{table}_rep", table, ["rep"])
    # each rep's reads are by time: the rep first, so a rep's window is one index range
    op.create_index("ix_touch_rep_at", "touch", ["rep", "at"])
    op.create_index("ix_meeting_rep_at", "meeting", ["rep", "at"])
    op.create_index("ix_deal_rep_closed_at", "deal", ["rep", "closed_at"])


def downgrade() -> None:  # pragma: no cover - releases only move forward
    raise NotImplementedError
