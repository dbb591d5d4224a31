"""The SQLCipher engine: raw key with explicit salt, one connection, WAL with synchronous=FULL."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

from desktop.errors import DiskFullError, VaultDamagedError, VaultMissingError, VaultReadOnlyError
from desktop.storage import files

DATABASE_NAME = "confide.db"
_CONNECTION_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA secure_delete = ON",
    "PRAGMA temp_store = MEMORY",
)


def connect_raw(path: Path, key_hex: str, *, create: bool = False) -> Any:
    """Open one keyed DB-API connection; damage and absence become typed errors."""
    if not create and not path.is_file():
        raise VaultMissingError("The vault's database file is missing.")
    if not create and path.stat().st_size == 0:  # SQLite would quietly start a new database in it
        raise VaultDamagedError("The vault's database file is empty or was replaced.")
    mode = "rwc" if create else "rw"
    if create:
        _create_private_file(path)
    try:
        connection = sqlcipher3.dbapi2.connect(
            f"file:{quote(str(path))}?mode={mode}", uri=True, check_same_thread=False
        )
    except sqlcipher3.dbapi2.OperationalError as exc:
        raise _open_error(path) from exc
    try:
        _key_and_configure(connection, key_hex)
    except BaseException:
        connection.close()
        raise
    return connection


def _create_private_file(path: Path) -> None:
    """Create the database file 0600 first: SQLite gives -wal and -shm the same mode."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _open_error(path: Path) -> Exception:
    if not path.exists():
        return VaultMissingError("The vault's database file is missing.")
    return VaultReadOnlyError("The vault's database file could not be opened for writing.")


def _key_and_configure(connection: Any, key_hex: str) -> None:
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key_hex}'\"")
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        for pragma in _CONNECTION_PRAGMAS:
            connection.execute(pragma).fetchall()
    except sqlcipher3.dbapi2.DatabaseError as exc:
        raise translate_database_error(exc) from None


def translate_database_error(exc: Exception) -> Exception:
    """Map a driver error to a plain-language one; never echo SQL or values."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError("The disk is full; the change was not saved.")
    if "disk i/o error" in text:  # e.g. EFBIG past a file-size limit, or a failing disk
        return DiskFullError(
            "The disk did not accept the vault's data: it may be full, failing or disconnected.",
            "Free some disk space and check the disk, then try again. Nothing was changed.",
        )
    if "readonly" in text or "read-only" in text:
        return VaultReadOnlyError("The vault is on a read-only disk or folder.")
    if "locked" in text or "busy" in text:
        return VaultDamagedError(
            "The vault's database is busy in another program.", "Close it and try again."
        )
    return VaultDamagedError("The vault's database file is damaged or not a Confide vault.")


def make_engine(path: Path, key_hex: str, *, create: bool = False) -> Engine:
    """An engine over exactly one keyed connection (StaticPool), used from one thread."""
    connection = connect_raw(path, key_hex, create=create)
    creator: Callable[[], Any] = lambda: connection  # noqa: E731 - the one connection
    return create_engine(
        "sqlite+pysqlite://",
        module=sqlcipher3.dbapi2,
        creator=creator,
        poolclass=StaticPool,
    )


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and files.is_disk_full(exc)
