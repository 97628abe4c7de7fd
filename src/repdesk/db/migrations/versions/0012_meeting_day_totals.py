"""meetings counted per UTC day, status and kind, kept by triggers; closed deals read from an index

The funnel of a 90-day window counts its meetings by status and its first meetings held: after a
team's history is imported that is tens of thousands of index entries on every `status`. The
table ``meeting_day`` holds the count per UTC day (the first 10 characters of the stored instant),
status and kind; the figures add up its whole days and count the meetings of a part of a day.
Triggers keep it exact inside the same transaction as every write. SQLite only, like ``touch_day``.

The index on deal (status, closed_at, value_cents, proposal_at) answers the window's won and lost
deals, their value and whether they had a proposal without reading the deals themselves.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

ADD = """
INSERT INTO meeting_day (day, status, kind, meetings) VALUES (substr(NEW.at, 1, 10), NEW.status, NEW.kind, 1)
ON CONFLICT (day, status, kind) DO UPDATE SET meetings = meetings + 1;
"""
REMOVE = """
UPDATE meeting_day SET meetings = meetings - 1
WHERE day = substr(OLD.at, 1, 10) AND status = OLD.status AND kind = OLD.kind;
DELETE FROM meeting_day WHERE day = substr(OLD.at, 1, 10) AND status = OLD.status AND kind = OLD.kind
  AND meetings = 0;
"""
TRIGGERS = {
    "meeting_day_insert": f"AFTER INSERT ON meeting BEGIN {ADD} END",
    "meeting_day_delete": f"AFTER DELETE ON meeting BEGIN {REMOVE} END",
    "meeting_day_update": f"AFTER UPDATE OF at, status, kind ON meeting BEGIN {REMOVE} {ADD} END",
}


def upgrade() -> None:
    op.create_table(
        "meeting_day",
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("meetings", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "status", "kind"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_deal_status_closed", "deal", ["status", "closed_at", "value_cents", "proposal_at"])
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "INSERT INTO meeting_day (day, status, kind, meetings)"
        " SELECT substr(at, 1, 10), status, kind, COUNT(*) FROM meeting GROUP BY 1, 2, 3"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_deal_status_closed", table_name="deal")
    op.drop_table("meeting_day")
