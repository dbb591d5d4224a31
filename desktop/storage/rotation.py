"""Key rotation's file work: export the database under a new key, seal it, swap it in.

The swap keeps the vault openable at every step: the new header goes to the spare copy first
(the primary still opens the old database), then the database file is replaced (now only the
spare copy opens it, and opening repairs the primary), then the primary is written.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from desktop.storage import audit, header_keys
from desktop.storage import header as hdr
from desktop.storage.database import DATABASE_NAME, make_engine
from desktop.storage.files import atomic_write_bytes, fsync_folder
from desktop.storage.seal import next_generation, store_seal

WAL_SUFFIXES = ("-wal", "-shm", "-journal")


def export_database(engine: Engine, staged: Path, key_hex: str) -> None:
    """A complete encrypted copy of the open database under ``key_hex`` (sqlcipher_export)."""
    quoted = str(staged).replace("'", "''")
    fd = os.open(staged, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    with engine.connect() as connection:
        connection.exec_driver_sql(f"ATTACH DATABASE '{quoted}' AS rotated KEY \"x'{key_hex}'\"")
        try:
            connection.exec_driver_sql("SELECT sqlcipher_export('rotated')").fetchall()
        finally:
            connection.exec_driver_sql("DETACH DATABASE rotated")


def seal_staged(
    staged: Path, data_key: bytearray, base: hdr.VaultHeader, actor: str
) -> hdr.VaultHeader:
    """Record the rotation in the staged copy and seal ``base`` one generation up inside it."""
    engine = make_engine(staged, header_keys.sqlcipher_key_hex(data_key, base.db_salt))
    try:
        with sessionmaker(engine)() as session, session.begin():
            audit.record(session, audit.AuditAction.REKEY, actor=actor, entity_type="vault")
            head = audit.chain_head(session)
            new = header_keys.sealed(
                base, data_key, next_generation(session), head.count, head.last_hash
            )
            store_seal(session, new)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.exec_driver_sql("PRAGMA journal_mode = DELETE").fetchall()
    finally:
        engine.dispose()
    return new


def write_spare_header(folder: Path, header: hdr.VaultHeader) -> None:
    atomic_write_bytes(folder / hdr.HEADER_COPY_NAME, hdr.header_to_bytes(header))


def swap_database(folder: Path, staged: Path) -> None:
    """Replace the (closed) database with ``staged``; its old WAL files go first."""
    for suffix in WAL_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            (folder / f"{DATABASE_NAME}{suffix}").unlink()
    os.replace(staged, folder / DATABASE_NAME)
    fsync_folder(folder)


def remove_staged(staged: Path) -> None:
    for path in (staged, *(staged.with_name(staged.name + s) for s in WAL_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
