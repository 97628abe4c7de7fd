"""touch totals per UTC hour, channel and outcome, kept by triggers; meeting counts from an index

A rep's window (90 days) can hold a million touches after an import; counting them row by row on
every `status` costs more than the whole command may. `touch_hour` holds, per UTC hour (the first 13
characters of the stored instant), channel and outcome: touches, logged minutes and touches with
minutes. Triggers on `touch` keep it exact inside the same transaction as every insert, change and
delete — the command line, the app, imports, undo and redo alike. Figures add up its rows for whole
hours and read `touch` itself only for a part of an hour. SQLite only: on other engines the table
stays empty and the figures read `touch`.

An index on meeting (at, status, kind) answers a window's meeting counts without reading the rows.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ADD = """
INSERT INTO touch_hour (hour, channel, outcome, touches, minutes, timed)
VALUES (substr(NEW.at, 1, 13), NEW.channel, NEW.outcome, 1, COALESCE(NEW.minutes, 0), NEW.minutes IS NOT NULL)
ON CONFLICT (hour, channel, outcome) DO UPDATE SET touches = touches + 1,
  minutes = minutes + excluded.minutes, timed = timed + excluded.timed;
"""
REMOVE = """
UPDATE touch_hour SET touches = touches - 1, minutes = minutes - COALESCE(OLD.minutes, 0),
  timed = timed - (OLD.minutes IS NOT NULL)
WHERE hour = substr(OLD.at, 1, 13) AND channel = OLD.channel AND outcome = OLD.outcome;
DELETE FROM touch_hour WHERE hour = substr(OLD.at, 1, 13) AND channel = OLD.channel AND outcome = OLD.outcome
  AND touches = 0;
"""
TRIGGERS = {
    "touch_hour_insert": f"AFTER INSERT ON touch BEGIN {ADD} END",
    "touch_hour_delete": f"AFTER DELETE ON touch BEGIN {REMOVE} END",
    "touch_hour_update": f"AFTER UPDATE OF at, channel, outcome, minutes ON touch BEGIN {REMOVE} {ADD} END",
}


def upgrade() -> None:
    op.create_table(
        "touch_hour",
        sa.Column("hour", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("touches", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("timed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("hour", "channel", "outcome"),
        sqlite_with_rowid=False,  # rows live in key order: one seek per hour, and undo restores them in place
    )
    op.create_index("ix_meeting_at_status_kind", "meeting", ["at", "status", "kind"], unique=False)
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "INSERT INTO touch_hour (hour, channel, outcome, touches, minutes, timed)"
        " SELECT substr(at, 1, 13), channel, outcome, COUNT(*), COALESCE(SUM(minutes), 0), COUNT(minutes)"
        " FROM touch GROUP BY 1, 2, 3"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index("ix_meeting_at_status_kind", table_name="meeting")
    op.drop_table("touch_hour")
