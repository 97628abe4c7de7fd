"""touch totals per UTC day, channel and outcome, kept by triggers beside the hourly ones

A 90-day window adds up some 2,200 hours of ``touch_hour`` rows (14,000 of them after a team's
history is imported): more than `today` and `next` may spend. ``touch_day`` holds the same totals
per UTC day (the first 10 characters of the stored instant). Figures add up whole days here, the
hours at either end of the window in ``touch_hour`` and a part of an hour in ``touch``. The
triggers keep it exact inside the same transaction as every insert, change and delete of a touch.
SQLite only, like ``touch_hour``.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

ADD = """
INSERT INTO touch_day (day, channel, outcome, touches, minutes, timed)
VALUES (substr(NEW.at, 1, 10), NEW.channel, NEW.outcome, 1, COALESCE(NEW.minutes, 0), NEW.minutes IS NOT NULL)
ON CONFLICT (day, channel, outcome) DO UPDATE SET touches = touches + 1,
  minutes = minutes + excluded.minutes, timed = timed + excluded.timed;
"""
REMOVE = """
UPDATE touch_day SET touches = touches - 1, minutes = minutes - COALESCE(OLD.minutes, 0),
  timed = timed - (OLD.minutes IS NOT NULL)
WHERE day = substr(OLD.at, 1, 10) AND channel = OLD.channel AND outcome = OLD.outcome;
DELETE FROM touch_day WHERE day = substr(OLD.at, 1, 10) AND channel = OLD.channel AND outcome = OLD.outcome
  AND touches = 0;
"""
TRIGGERS = {
    "touch_day_insert": f"AFTER INSERT ON touch BEGIN {ADD} END",
    "touch_day_delete": f"AFTER DELETE ON touch BEGIN {REMOVE} END",
    "touch_day_update": f"AFTER UPDATE OF at, channel, outcome, minutes ON touch BEGIN {REMOVE} {ADD} END",
}


def upgrade() -> None:
    op.create_table(
        "touch_day",
        sa.Column("day", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("touches", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("timed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "channel", "outcome"),
        sqlite_with_rowid=False,
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        "INSERT INTO touch_day (day, channel, outcome, touches, minutes, timed)"
        " SELECT substr(at, 1, 10), channel, outcome, COUNT(*), COALESCE(SUM(minutes), 0), COUNT(minutes)"
        " FROM touch GROUP BY 1, 2, 3"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("touch_day")
