"""Run and inspect the Alembic migrations on a vault's connection.

Alembic is imported inside the functions: importing it costs ~0.1 s, and the app's start
(up to the unlock window) and the command line import this module without migrating.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """The newest migration shipped with this build (read once per process)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


SEARCH_INDEXES = ("notes_fts", "clients_fts")
# PostgreSQL's search indexes are expressions over text (migration 0009), not model indexes.
EXPRESSION_INDEXES = frozenset({"ix_clients_search", "ix_notes_search"})


def is_managed_table(name: str | None) -> bool:
    """Whether Alembic should compare this table (FTS5 tables are made by hand in 0002)."""
    return name is not None and not name.startswith(SEARCH_INDEXES)


def is_managed(name: str | None, kind: str, _parents: object = None) -> bool:
    """Alembic's ``include_name``: compare every model table and index, not the search ones."""
    if kind == "table":
        return is_managed_table(name)
    if kind == "index":
        return name not in EXPRESSION_INDEXES
    return True
