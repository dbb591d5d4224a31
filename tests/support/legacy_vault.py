"""Vaults as Confide left them before the seal (migration 0005): for upgrade tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from alembic import command

from desktop.storage import header_keys, header_repair
from desktop.storage.database import DATABASE_NAME, make_engine
from desktop.storage.migrations import alembic_config


def make_pre_seal_vault(folder: Path, passphrase: str, revision: str = "0003") -> None:
    """Turn a locked vault into an older one: schema at ``revision``, header without a seal.

    That is exactly what the earlier code wrote: the same header fields (with its audit head and
    that head's own MAC), no generation and no header MAC, and no seal columns in the database.
    """
    read = header_repair.read_headers(folder)
    assert read.primary is not None
    header = read.primary
    key = header_keys.unwrap_with_passphrase(header, passphrase)
    engine = make_engine(folder / DATABASE_NAME, header_keys.sqlcipher_key_hex(key, header.db_salt))
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), revision)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    header_repair.write_header(folder, replace(header, generation=None, mac=None))
