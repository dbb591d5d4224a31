"""Alembic environment: migrations always run on the vault's own open connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from desktop.models import Base
from desktop.storage.migrations import is_managed

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("Confide migrations run only through desktop.storage.migrations")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=is_managed,
)
with context.begin_transaction():
    context.run_migrations()
