"""Alembic environment: migrations run on a connection handed over by :mod:`repdesk.db.migrate`."""

from alembic import context
from sqlmodel import SQLModel

import repdesk.db.schema  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when alembic is run by hand
    from sqlalchemy import create_engine

    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "sqlite://")
    connection = engine.connect()
# one transaction for the whole upgrade (repdesk.db.migrate begins and commits it)
context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    transaction_per_migration=False,
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
