"""figures that depend on no date kept between runs, with a version that triggers bump on every write

The review's ICP insight groups every closed deal ever by its prospect's profile: at a million
touches (4,200 closed deals) that is more than the rest of the review put together, and it
changes only when a deal or a prospect's profile does. ``figure_cache`` holds one row per such
figure: ``version`` counts the writes of the rows it reads (bumped by triggers inside the same
transaction as every insert, change and delete — the command line, the app, imports, undo, redo
and any other program alike), and ``value`` is the figure as a release of repdesk (``program``)
computed it at version ``value_version``. A read uses ``value`` only while both still match.
SQLite only, like ``touch_hour``: on other engines the table stays empty and figures compute.

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

BUMP = "UPDATE figure_cache SET version = version + 1 WHERE name = 'icp_insight';"
#: every write of a deal, and of the prospect columns the insight groups by (or joins on)
TRIGGERS = {
    "icp_insight_deal_insert": f"AFTER INSERT ON deal BEGIN {BUMP} END",
    "icp_insight_deal_update": f"AFTER UPDATE ON deal BEGIN {BUMP} END",
    "icp_insight_deal_delete": f"AFTER DELETE ON deal BEGIN {BUMP} END",
    "icp_insight_prospect_insert": f"AFTER INSERT ON prospect BEGIN {BUMP} END",
    "icp_insight_prospect_update": (
        f"AFTER UPDATE OF id, industry, seniority, employees, source ON prospect BEGIN {BUMP} END"
    ),
    "icp_insight_prospect_delete": f"AFTER DELETE ON prospect BEGIN {BUMP} END",
}


def upgrade() -> None:
    op.create_table(
        "figure_cache",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("value_version", sa.Integer(), nullable=True),
        sa.Column("program", sa.String(), nullable=True),
        sa.Column("value", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")
    op.execute("INSERT INTO figure_cache (name, version) VALUES ('icp_insight', 0)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("figure_cache")
