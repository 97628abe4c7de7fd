"""ids are never reused (AUTOINCREMENT), and the journal keeps undone writes for redo

SQLite hands out max(id) + 1 to a plain INTEGER PRIMARY KEY, so the id of a record that was
undone came back for the next one. Each table with an id is rebuilt with AUTOINCREMENT
(SQLite's table-rebuild procedure, run by Alembic's batch mode inside the upgrade's one
transaction), which keeps a high-water mark in ``sqlite_sequence``.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("prospect", "touch", "meeting", "deal", "followup", "target", "icp_criterion", "journal")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":  # other engines never reuse a sequence's values
        op.add_column("journal", sa.Column("undone", sa.Boolean(), nullable=False, server_default=sa.false()))
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": True}) as batch:
            if table == "journal":
                batch.add_column(sa.Column("undone", sa.Boolean(), nullable=False, server_default=sa.false()))
    # a journal written before this revision may name ids above today's highest (undone records)
    conn = op.get_bind()
    for table in TABLES:
        high = conn.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar()
        conn.execute(sa.text("DELETE FROM sqlite_sequence WHERE name = :t"), {"t": table})
        conn.execute(sa.text("INSERT INTO sqlite_sequence (name, seq) VALUES (:t, :s)"), {"t": table, "s": high})


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("journal", "undone")
        return
    for table in reversed(TABLES):
        with op.batch_alter_table(table, recreate="always", table_kwargs={"sqlite_autoincrement": False}) as batch:
            if table == "journal":
                batch.drop_column("undone")
