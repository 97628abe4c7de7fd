"""each prospect's sequence state, kept by triggers: its latest touch, its last hit and its attempts

The day's queue names a thousand prospects on a busy day, and each row says how the prospect was
last reached and how many touches in a row went without a hit. Read from the touches, that is
three index searches and a walk back to the last hit per prospect. ``prospect_state`` keeps, per
prospect with touches: the latest touch (id, instant, channel, outcome; ties: the higher id), the
instant of its latest hit, and its attempts: the touches after that hit (after 1970 when there is
none), as ``figures.sequence.attempts_since_hit`` counts them.

Triggers on ``touch`` keep it exact inside the same transaction as every write. A new touch updates
the row in place (a hit that is not the newest touch recounts the touches after it); a delete that
is neither the latest touch nor the last hit takes one attempt off; any other delete, and any change
of a touch's prospect, instant, channel or outcome, recounts the prospects concerned. A prospect
without touches has no row. SQLite only: on other engines the table stays empty and the figures
read ``touch``.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

HITS = "('connected', 'replied', 'not_interested', 'meeting_booked')"
EPOCH = "'1970-01-01 00:00:00.000000'"
COLUMNS = "prospect_id, last_id, last_at, last_channel, last_outcome, last_hit_at, attempts"


#: the instant of the last hit of the prospect of touch ``t``
LAST_HIT = f"(SELECT MAX(h.at) FROM touch h WHERE h.prospect_id = t.prospect_id AND h.outcome IN {HITS})"


def recount(pid: str, gate: str = "") -> str:
    """A SELECT of one prospect's row counted from its touches (no row when it has none).

    ``gate`` is a further condition on the row; one that does not depend on the touch (whether the
    row is still there) is checked before anything is counted."""
    return f"""
SELECT t.prospect_id, t.id, t.at, t.channel, t.outcome, {LAST_HIT},
  (SELECT COUNT(*) FROM touch c WHERE c.prospect_id = t.prospect_id AND c.at > COALESCE({LAST_HIT}, {EPOCH}))
FROM touch t
WHERE t.id = (SELECT x.id FROM touch x WHERE x.prospect_id = {pid} ORDER BY x.at DESC, x.id DESC LIMIT 1) {gate}"""


LATER = "(NEW.at > last_at OR (NEW.at = last_at AND NEW.id > last_id))"
ADD = f"""
INSERT INTO prospect_state ({COLUMNS})
VALUES (NEW.prospect_id, NEW.id, NEW.at, NEW.channel, NEW.outcome, CASE WHEN NEW.outcome IN {HITS} THEN NEW.at END,
        NEW.outcome NOT IN {HITS} AND NEW.at > {EPOCH})
ON CONFLICT (prospect_id) DO UPDATE SET
  last_id = CASE WHEN {LATER} THEN NEW.id ELSE last_id END,
  last_at = CASE WHEN {LATER} THEN NEW.at ELSE last_at END,
  last_channel = CASE WHEN {LATER} THEN NEW.channel ELSE last_channel END,
  last_outcome = CASE WHEN {LATER} THEN NEW.outcome ELSE last_outcome END,
  last_hit_at = CASE WHEN NEW.outcome IN {HITS} AND NEW.at > COALESCE(last_hit_at, '') THEN NEW.at ELSE last_hit_at END,
  attempts = CASE
    WHEN NEW.outcome IN {HITS} AND NEW.at > COALESCE(last_hit_at, '')
      THEN (SELECT COUNT(*) FROM touch c WHERE c.prospect_id = NEW.prospect_id AND c.at > NEW.at)
    WHEN NEW.outcome NOT IN {HITS} AND NEW.at > COALESCE(last_hit_at, {EPOCH}) THEN attempts + 1
    ELSE attempts
  END;
"""
#: a deleted touch that moves neither the latest touch nor the last hit
MINOR = f"(last_id <> OLD.id AND (OLD.outcome NOT IN {HITS} OR OLD.at < COALESCE(last_hit_at, '')))"
#: the row recounted only where the delete above took it away
GONE = "AND NOT EXISTS (SELECT 1 FROM prospect_state s WHERE s.prospect_id = OLD.prospect_id)"
REMOVE = f"""
UPDATE prospect_state SET attempts = attempts - (OLD.outcome NOT IN {HITS} AND OLD.at > COALESCE(last_hit_at, {EPOCH}))
WHERE prospect_id = OLD.prospect_id AND {MINOR};
DELETE FROM prospect_state WHERE prospect_id = OLD.prospect_id AND NOT {MINOR};
INSERT INTO prospect_state ({COLUMNS}) {recount("OLD.prospect_id", GONE)};"""
CHANGE = f"""
DELETE FROM prospect_state WHERE prospect_id IN (OLD.prospect_id, NEW.prospect_id);
INSERT INTO prospect_state ({COLUMNS}) {recount("OLD.prospect_id")};
INSERT INTO prospect_state ({COLUMNS}) {recount("NEW.prospect_id", "AND NEW.prospect_id <> OLD.prospect_id")};
"""
TRIGGERS = {
    "prospect_state_insert": f"AFTER INSERT ON touch BEGIN {ADD} END",
    "prospect_state_delete": f"AFTER DELETE ON touch BEGIN {REMOVE} END",
    "prospect_state_update": f"AFTER UPDATE OF prospect_id, at, channel, outcome ON touch BEGIN {CHANGE} END",
}


def upgrade() -> None:
    op.create_table(
        "prospect_state",
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("last_channel", sa.String(), nullable=False),
        sa.Column("last_outcome", sa.String(), nullable=False),
        sa.Column("last_hit_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prospect_id"),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute(
        f"INSERT INTO prospect_state ({COLUMNS})"
        " SELECT p.prospect_id, t.id, t.at, t.channel, t.outcome, h.at,"
        f"  (SELECT COUNT(*) FROM touch c WHERE c.prospect_id = p.prospect_id AND c.at > COALESCE(h.at, {EPOCH}))"
        " FROM (SELECT DISTINCT prospect_id FROM touch) AS p"
        " JOIN touch t ON t.id = (SELECT x.id FROM touch x WHERE x.prospect_id = p.prospect_id"
        "                         ORDER BY x.at DESC, x.id DESC LIMIT 1)"
        f" LEFT JOIN (SELECT prospect_id, MAX(at) AS at FROM touch WHERE outcome IN {HITS} GROUP BY prospect_id)"
        "   AS h ON h.prospect_id = p.prospect_id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("prospect_state")
