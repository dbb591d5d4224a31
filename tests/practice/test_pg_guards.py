"""The PostgreSQL guards protect the same tables and columns as the SQLite ones of 0002."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from sqlalchemy import create_engine, text

from desktop.migrations import postgres
from desktop.storage.migrations import MIGRATIONS_DIR
from desktop.storage.vault import Vault
from tests.support.practice import Practice


def _sqlite_guards() -> ModuleType:
    path = MIGRATIONS_DIR / "versions" / "0002_sqlite_guards_and_search.py"
    spec = importlib.util.spec_from_file_location("sqlite_guards_0002", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_engines_guard_the_same_records() -> None:
    sqlite = _sqlite_guards()
    assert postgres.ALWAYS_IMMUTABLE == sqlite.ALWAYS_IMMUTABLE
    assert postgres.INCIDENT_CHILD_TABLES == sqlite.INCIDENT_CHILD_TABLES
    assert postgres.RELEASE_SIGNED_COLUMNS == sqlite.RELEASE_SIGNED_COLUMNS


def test_every_table_guarded_on_sqlite_has_a_trigger_on_postgresql(
    new_vault: tuple[Vault, str], pg_practice: Practice, pg_database: str
) -> None:
    with new_vault[0].engine.connect() as connection:
        sqlite_tables = set(
            connection.execute(
                text(
                    "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name NOT LIKE '%fts%'"
                )
            ).scalars()
        )
    engine = create_engine(pg_practice.cluster.url(pg_database))
    try:
        with engine.connect() as connection:
            pg_tables = set(
                connection.execute(
                    text(
                        "SELECT DISTINCT c.relname FROM pg_trigger t "
                        "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"
                    )
                ).scalars()
            )
    finally:
        engine.dispose()
    assert sqlite_tables
    assert sqlite_tables <= pg_tables
