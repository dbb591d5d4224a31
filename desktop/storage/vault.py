"""The vault: the only place a key lives. Create, open, lock, change passphrase, recover.

A vault is a folder holding ``confide.db`` (SQLCipher 4, opened with a raw key and explicit salt)
and ``vault.json`` (header with the wrapped data key) plus a second copy of the header.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from desktop import audit
from desktop.errors import (
    ImmutableRecordError,
    VaultDamagedError,
    VaultExistsError,
    VaultLockedError,
    VaultReadOnlyError,
)
from desktop.models import VaultMeta
from desktop.models.base import utc_now
from desktop.storage import header as hdr
from desktop.storage.database import DATABASE_NAME, make_engine, translate_database_error
from desktop.storage.files import ensure_private_dir, remove_stale_files
from desktop.storage.lock import VaultLock
from desktop.storage.migrations import current_revision, head_revision, upgrade_to_head

SYSTEM_ACTOR = "Confide"
# Temp files a killed process can strand in the vault folder: a header write's ``.tmp-<hex>``
# (files.atomic_write_bytes) and a restore's staged ``.restore-<hex>.db`` (backup.py).
_CRASH_LEFTOVER = re.compile(r"^\.(tmp-[0-9a-f]{32}|restore-[0-9a-f]{16}\.db)$")
PreMigrationBackup = Callable[["Vault"], object]


class Vault:
    """An unlocked vault. Every database unit of work goes through :meth:`session`."""

    def __init__(
        self,
        folder: Path,
        header: hdr.VaultHeader,
        data_key: bytearray,
        lock: VaultLock | None = None,
    ) -> None:
        self.folder = folder
        self._header = header
        self._data_key: bytearray | None = data_key
        self._lock = lock if lock is not None else VaultLock(folder)
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self.actor = SYSTEM_ACTOR

    # ----- creating and opening -------------------------------------------------------------

    @classmethod
    def create(
        cls, folder: Path, passphrase: str, *, kdf_memory_kib: int | None = None
    ) -> tuple[Vault, str]:
        """Create a new vault; returns it unlocked and the recovery key to show once."""
        if (folder / hdr.HEADER_NAME).exists() or (folder / DATABASE_NAME).exists():
            raise VaultExistsError("A vault already exists in this folder.")
        header, data_key, recovery_key = hdr.create_header(
            passphrase, kdf_memory_kib=kdf_memory_kib
        )
        ensure_private_dir(folder)
        vault = cls(folder, header, data_key)
        vault._lock.acquire()
        try:
            hdr.write_header(folder, header)
            vault._start_engine(create=True)
            upgrade_to_head(vault.engine)
            with vault.session() as session:
                session.add(VaultMeta(id=1, vault_id=header.vault_id, created_at=utc_now()))
                audit.record(
                    session, audit.AuditAction.CREATE, actor=SYSTEM_ACTOR, entity_type="vault"
                )
        except BaseException:
            vault._abandon()
            raise
        return vault, recovery_key

    @classmethod
    def open(
        cls,
        folder: Path,
        passphrase: str,
        *,
        before_migration: PreMigrationBackup | None = None,
    ) -> Vault:
        """Unlock with the passphrase. A wrong passphrase changes no vault file."""
        with _held_lock(folder) as lock:
            read = hdr.read_headers(folder)
            header, data_key, needs_repair = hdr.unlock_headers(read, passphrase)
            return cls._finish_open(lock, header, data_key, needs_repair, before_migration)

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path,
        recovery_key: str,
        *,
        before_migration: PreMigrationBackup | None = None,
    ) -> Vault:
        """Unlock with the recovery key; the caller should then set a new passphrase."""
        with _held_lock(folder) as lock:
            read = hdr.read_headers(folder)
            header, data_key, needs_repair = hdr.unlock_headers_with_recovery(read, recovery_key)
            vault = cls._finish_open(lock, header, data_key, needs_repair, before_migration)
        with vault.session() as session:
            audit.record(
                session, audit.AuditAction.RECOVER, actor=SYSTEM_ACTOR, entity_type="vault"
            )
        return vault

    @classmethod
    def _finish_open(
        cls,
        lock: VaultLock,
        header: hdr.VaultHeader,
        data_key: bytearray,
        needs_repair: bool,
        before_migration: PreMigrationBackup | None,
    ) -> Vault:
        vault = cls(lock.path.parent, header, data_key, lock)
        try:
            if needs_repair:
                hdr.write_header(vault.folder, header)
            vault._start_engine(create=False)
            vault._check_sentinel()
            vault._migrate_if_needed(before_migration)
            with vault.session() as session:
                audit.record(
                    session, audit.AuditAction.UNLOCK, actor=SYSTEM_ACTOR, entity_type="vault"
                )
        except DBAPIError as exc:  # e.g. a damaged page met while reading the schema version
            vault._abandon()
            raise translate_database_error(exc) from None
        except BaseException:
            vault._abandon()
            raise
        return vault

    def _start_engine(self, *, create: bool) -> None:
        key_hex = hdr.sqlcipher_key_hex(self._key(), self._header.db_salt)
        self._engine = make_engine(self.folder / DATABASE_NAME, key_hex, create=create)
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def _check_sentinel(self) -> None:
        try:
            with self.engine.connect() as connection:
                tables = connection.execute(
                    text("SELECT name FROM sqlite_master WHERE name = 'vault_meta'")
                ).first()
                if tables is None:
                    raise VaultDamagedError("The vault's database file is empty or was replaced.")
                row = connection.execute(
                    select(VaultMeta.vault_id).where(VaultMeta.id == 1)
                ).first()
        except DBAPIError as exc:
            raise translate_database_error(exc) from None
        if row is None or row[0] != self._header.vault_id:
            raise VaultDamagedError("The database file does not belong to this vault.")

    def _migrate_if_needed(self, before_migration: PreMigrationBackup | None) -> None:
        if current_revision(self.engine) == head_revision():
            return
        if before_migration is not None:
            before_migration(self)
        upgrade_to_head(self.engine)
        with self.session() as session:
            audit.record(
                session,
                audit.AuditAction.MIGRATE,
                actor=SYSTEM_ACTOR,
                entity_type="vault",
                detail={"revision": head_revision()},
            )

    # ----- using ----------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._engine is None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise VaultLockedError("The vault is locked.")
        return self._engine

    @property
    def header(self) -> hdr.VaultHeader:
        return self._header

    @property
    def vault_id(self) -> str:
        return self._header.vault_id

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: commits on success, rolls back on any error."""
        if self._sessions is None:
            raise VaultLockedError("The vault is locked.")
        session = self._sessions()
        try:
            yield session
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            raise _integrity_error(exc) from None
        except DBAPIError as exc:  # disk full, read-only, or a damaged page ("malformed")
            with contextlib.suppress(DBAPIError):
                session.rollback()
            raise self._database_error(exc) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def _database_error(self, exc: DBAPIError) -> Exception:
        error = translate_database_error(exc)
        writable = all(os.access(p, os.W_OK) for p in (self.folder, self.folder / DATABASE_NAME))
        if isinstance(error, VaultReadOnlyError) and writable:
            # SQLCipher refuses writes once it has met a page that fails its check.
            return VaultDamagedError(
                "The vault's database refused the change because part of it is damaged."
            )
        return error

    def sealed_head(self) -> audit.ChainHead | None:
        head = hdr.verified_audit_head(self._header, self._key())
        return None if head is None else audit.ChainHead(head.count, head.last_hash)

    def data_key_for_backup(self) -> bytes:
        """The data key, for keying an encrypted snapshot. Never store or log it."""
        return bytes(self._key())

    # ----- changing keys --------------------------------------------------------------------

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        checked = hdr.unwrap_with_passphrase(self._header, old_passphrase)
        checked[:] = bytes(len(checked))  # only proof of the old passphrase; forget the copy
        self.set_new_passphrase(new_passphrase)

    def set_new_passphrase(self, new_passphrase: str) -> None:
        new_header = hdr.rewrap_passphrase(self._header, self._key(), new_passphrase)
        hdr.write_header(self.folder, new_header)
        self._header = new_header
        with self.session() as session:
            audit.record(
                session,
                audit.AuditAction.PASSPHRASE_CHANGE,
                actor=SYSTEM_ACTOR,
                entity_type="vault",
            )

    # ----- locking --------------------------------------------------------------------------

    def lock(self) -> None:
        """Seal the audit head into the header, close the database and forget the key."""
        if self._engine is None:
            return
        try:
            with self.session() as session:
                audit.record(
                    session, audit.AuditAction.LOCK, actor=SYSTEM_ACTOR, entity_type="vault"
                )
                head = audit.chain_head(session)
            # Best effort: on a full disk the checkpoint can fail; the committed data then
            # stays in the WAL, where the next open finds it.
            with contextlib.suppress(DBAPIError), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self._header = hdr.with_audit_head(
                self._header, self._key(), head.count, head.last_hash
            )
            hdr.write_header(self.folder, self._header)
        finally:
            self._abandon()

    def _abandon(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None
        if self._data_key is not None:
            for index in range(len(self._data_key)):
                self._data_key[index] = 0
        self._data_key = None
        self._lock.release()

    def _key(self) -> bytearray:
        if self._data_key is None:
            raise VaultLockedError("The vault is locked.")
        return self._data_key

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.lock()

    def __repr__(self) -> str:
        state = "locked" if self.is_locked else "unlocked"
        return f"<Vault {state}>"


@contextlib.contextmanager
def _held_lock(folder: Path) -> Iterator[VaultLock]:
    """Hold the folder's lock while opening; it passes to the vault, or is released on error."""
    lock = VaultLock(folder)
    lock.acquire()
    try:
        _remove_crash_leftovers(folder)
        yield lock
    except BaseException:
        lock.release()
        raise


def _remove_crash_leftovers(folder: Path) -> None:
    """Delete temp files a killed write left behind; safe at any age: we hold the folder's lock."""
    remove_stale_files(folder, _CRASH_LEFTOVER, older_than=0)


def _integrity_error(exc: IntegrityError) -> Exception:
    message = str(exc.orig) if exc.orig is not None else ""
    if "confide:" in message:
        reason = message.split("confide:", 1)[1].strip().rstrip(".")
        return ImmutableRecordError(f"This record cannot be changed: {reason}.")
    return VaultDamagedError(
        "The change breaks a rule of the record store and was not saved.",
        "Check the form and try again.",
    )
