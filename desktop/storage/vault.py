"""The vault: the only place a key lives. Create, open, lock, change passphrase, recover.

A vault is a folder holding ``confide.db`` (SQLCipher 4, opened with a raw key and explicit salt)
and ``vault.json`` (header with the wrapped data key) plus a second copy of the header.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from desktop.errors import (
    DiskFullError,
    EditConflictError,
    ForeignHeaderError,
    HeaderTamperedError,
    ImmutableRecordError,
    VaultDamagedError,
    VaultExistsError,
    VaultLockedError,
    VaultMissingError,
    VaultReadOnlyError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from desktop.models import VaultMeta
from desktop.models.base import utc_now
from desktop.storage import audit, header_keys, header_repair, rotation, row_hashes
from desktop.storage import header as hdr
from desktop.storage.database import DATABASE_NAME, make_engine, translate_database_error
from desktop.storage.files import ensure_private_dir, remove_stale_files, translate_os_error
from desktop.storage.lock import VaultLock
from desktop.storage.migrations import current_revision, head_revision, upgrade_to_head
from desktop.storage.recovery_key import parse_recovery_key
from desktop.storage.seal import (
    authentic_database_header,
    check_against_database,
    next_generation,
    read_seal,
    store_seal,
)

SYSTEM_ACTOR = "Confide"
# Temp files a killed process can strand in the vault folder: a header write's ``.tmp-<hex>``
# (files.atomic_write_bytes) and a restore's staged ``.restore-<hex>.db`` (backup.py).
_CRASH_LEFTOVER = re.compile(
    r"^\.(tmp-[0-9a-f]{32}|restore-[0-9a-f]{16}\.db|rotate-[0-9a-f]{32}\.db(-wal|-shm|-journal)?)$"
)
PreMigrationBackup = Callable[["Vault"], object]


class Vault:
    """An unlocked vault. Every database unit of work goes through :meth:`session`."""

    LOCKED_MESSAGE: ClassVar[str] = "The vault is locked."  # why a unit of work is refused

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
        header, data_key, recovery_key = header_keys.create_header(
            passphrase, kdf_memory_kib=kdf_memory_kib
        )
        ensure_private_dir(folder)
        vault = cls(folder, header, data_key)
        vault._lock.acquire()
        try:
            header_repair.write_header(folder, header)
            vault._start_engine(create=True)
            upgrade_to_head(vault.engine)
            with vault.session() as session:
                session.add(VaultMeta(id=1, vault_id=header.vault_id, created_at=utc_now()))
                audit.record(
                    session, audit.AuditAction.CREATE, actor=SYSTEM_ACTOR, entity_type="vault"
                )
            vault._commit_header(header, None)
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
            read = header_repair.read_headers(folder)
            return cls._open_checked(
                lock,
                read,
                lambda h: header_keys.unwrap_with_passphrase(h, passphrase),
                before_migration,
            )

    @classmethod
    def open_with_recovery(
        cls,
        folder: Path,
        recovery_key: str,
        *,
        before_migration: PreMigrationBackup | None = None,
    ) -> Vault:
        """Unlock with the recovery key; the caller should then set a new passphrase.

        A header whose seal was broken (say its KDF cost lowered) is replaced by the database's
        own sealed copy here: the recovery key is the way back into a vault.
        """
        recovery_raw = parse_recovery_key(recovery_key)
        with _held_lock(folder) as lock:
            read = header_repair.read_headers(folder)
            vault = cls._open_checked(
                lock,
                read,
                lambda h: header_keys.unwrap_with_recovery_raw(h, recovery_raw),
                before_migration,
                recovering=True,
            )
        with vault.session() as session:
            audit.record(
                session, audit.AuditAction.RECOVER, actor=SYSTEM_ACTOR, entity_type="vault"
            )
        return vault

    @classmethod
    def _open_checked(
        cls,
        lock: VaultLock,
        read: hdr.HeaderRead,
        unwrap: Callable[[hdr.VaultHeader], bytearray],
        before_migration: PreMigrationBackup | None,
        *,
        recovering: bool = False,
    ) -> Vault:
        """Pick the header copy whose key opens this database and agrees with its seal.

        No file is written until the key, the sentinel and the seal are checked, and a header
        file from another vault is never written over.
        """
        vault, final = cls._choose_header(lock, read, unwrap, recovering=recovering)
        try:
            _refuse_foreign_copy(read, final.vault_id)
            if read.primary != final or read.copy != final:
                header_repair.write_header(vault.folder, final)
            vault._migrate_if_needed(before_migration)
            with vault.session() as session:
                audit.record(
                    session, audit.AuditAction.UNLOCK, actor=SYSTEM_ACTOR, entity_type="vault"
                )
            if not final.is_sealed:  # written by an older Confide: accepted once, sealed now
                vault._commit_header(final, None)
        except DBAPIError as exc:  # e.g. a damaged page met while reading the schema version
            vault._abandon()
            raise translate_database_error(exc) from None
        except BaseException:
            vault._abandon()
            raise
        return vault

    @classmethod
    def _choose_header(
        cls,
        lock: VaultLock,
        read: hdr.HeaderRead,
        unwrap: Callable[[hdr.VaultHeader], bytearray],
        *,
        recovering: bool,
    ) -> tuple[Vault, hdr.VaultHeader]:
        """(vault with its engine started, the header to keep); raises the clearest failure."""
        failures: list[Exception] = []
        for header in header_repair.candidates(read):
            try:
                data_key = unwrap(header)
            except (WrongPassphraseError, WrongRecoveryKeyError) as exc:
                failures.append(exc)
                continue
            vault = cls(lock.path.parent, header, data_key, lock)
            try:
                final = vault._agree_with_database(header, recovering=recovering)
            except (VaultDamagedError, VaultMissingError, VaultReadOnlyError, DiskFullError) as exc:
                vault._stop(release_lock=False)
                failures.append(exc)
                continue
            except BaseException:
                vault._stop(release_lock=False)
                raise
            vault._header = final
            return vault, final
        if read.primary and read.copy and read.primary.vault_id != read.copy.vault_id:
            raise ForeignHeaderError(
                f"The two header files ({hdr.HEADER_NAME}, {hdr.HEADER_COPY_NAME}) belong to "
                "different vaults, and neither opens this database. Confide changed nothing."
            )
        raise _clearest(failures)

    def _agree_with_database(self, header: hdr.VaultHeader, *, recovering: bool) -> hdr.VaultHeader:
        """Open the database with ``header``'s key and compare the two; the header to keep."""
        try:
            self._start_engine(create=False)
            self._check_sentinel()
            seal = read_seal(self.engine)
        except DBAPIError as exc:
            raise translate_database_error(exc) from None
        authentic_database_header(seal, self._key(), header.vault_id)
        try:
            behind = check_against_database(header, seal, self._key())
        except HeaderTamperedError:
            if not (recovering and seal.header is not None):
                raise
            behind = True  # the recovery key is the way back: keep the database's own copy
        if behind and seal.header is not None:
            return seal.header  # a crash between the database's commit and the header write
        return header

    def _start_engine(self, *, create: bool) -> None:
        key_hex = header_keys.sqlcipher_key_hex(self._key(), self._header.db_salt)
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
        with self.engine.connect() as connection:
            intact = row_hashes.rows_matching_their_hash(connection)
        upgrade_to_head(self.engine)
        with self.session() as session:
            rehashed = row_hashes.note_rows_changed_by_migration(session, intact)
            audit.record(
                session,
                audit.AuditAction.MIGRATE,
                actor=SYSTEM_ACTOR,
                entity_type="vault",
                detail={"revision": head_revision(), "rows_rehashed": rehashed},
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
            raise VaultLockedError(self.LOCKED_MESSAGE)
        session = self._sessions()
        try:
            yield session
            audit.cover_unaudited_rows(session, self.actor)
            session.commit()
        except IntegrityError as exc:
            session.rollback()
            raise _integrity_error(exc) from None
        except StaleDataError:
            session.rollback()
            raise stale_record_error() from None
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
        head = header_keys.verified_audit_head(self._header, self._key())
        return None if head is None else audit.ChainHead(head.count, head.last_hash)

    def data_key_for_backup(self) -> bytes:
        """The data key, for keying an encrypted snapshot. Never store or log it."""
        return bytes(self._key())

    # ----- changing keys --------------------------------------------------------------------

    def check_passphrase(self, passphrase: str) -> None:
        """WrongPassphraseError unless ``passphrase`` opens the current header."""
        checked = header_keys.unwrap_with_passphrase(self._header, passphrase)
        checked[:] = bytes(len(checked))  # only proof of the passphrase; forget the copy

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        """Rewrap the data key under a new passphrase; the database is not re-encrypted."""
        self.check_passphrase(old_passphrase)
        self.set_new_passphrase(new_passphrase)

    def set_new_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the data key (same key: older copies of the header still open the data)."""
        new_header = header_keys.rewrap_passphrase(self._header, self._key(), new_passphrase)
        self._commit_header(new_header, audit.AuditAction.PASSPHRASE_CHANGE)

    def rotate_keys(self, passphrase: str) -> str:
        """Re-encrypt everything under a new data key; returns the new recovery key.

        ``passphrase`` wraps the new key (the current one, or a new one). Older backups,
        header copies and the old recovery key no longer open the current database.
        """
        new_key = bytearray(secrets.token_bytes(hdr.DATA_KEY_BYTES))
        base, recovery_key = header_keys.rotated_header(self._header, new_key, passphrase)
        staged = self.folder / f".rotate-{secrets.token_hex(16)}.db"
        try:
            rotation.export_database(
                self.engine, staged, header_keys.sqlcipher_key_hex(new_key, base.db_salt)
            )
            new_header = rotation.seal_staged(staged, new_key, base, SYSTEM_ACTOR)
            rotation.write_spare_header(self.folder, new_header)
            self._stop_engine()
            try:
                rotation.swap_database(self.folder, staged)
            except BaseException:
                self._start_engine(create=False)  # the old database and key are still in place
                raise
            self._use_key(new_key, new_header)
            self._start_engine(create=False)
            header_repair.write_header(self.folder, new_header)
        except DBAPIError as exc:
            raise self._database_error(exc) from None
        except OSError as exc:
            raise translate_os_error(exc) from None
        finally:
            rotation.remove_staged(staged)
        return recovery_key

    def _commit_header(
        self, base: hdr.VaultHeader, action: audit.AuditAction | None
    ) -> hdr.VaultHeader:
        """Seal ``base`` one generation up: into the database first, then the header files."""
        with self.session() as session:
            if action is not None:
                audit.record(session, action, actor=SYSTEM_ACTOR, entity_type="vault")
            head = audit.chain_head(session)
            new = header_keys.sealed(
                base, self._key(), next_generation(session), head.count, head.last_hash
            )
            store_seal(session, new)
        self._header = new
        header_repair.write_header(self.folder, new)
        return new

    # ----- locking --------------------------------------------------------------------------

    def lock(self) -> None:
        """Seal the audit head and a new generation, close the database and forget the key."""
        if self._engine is None:
            return
        try:
            with self.session() as session:
                audit.record(
                    session, audit.AuditAction.LOCK, actor=SYSTEM_ACTOR, entity_type="vault"
                )
                head = audit.chain_head(session)
                sealed_header = header_keys.sealed(
                    self._header,
                    self._key(),
                    next_generation(session),
                    head.count,
                    head.last_hash,
                )
                store_seal(session, sealed_header)
            # Best effort: on a full disk the checkpoint can fail; the committed data then
            # stays in the WAL, where the next open finds it (and the header it must match).
            with contextlib.suppress(DBAPIError), self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            self._header = sealed_header
            header_repair.write_header(self.folder, self._header)
        finally:
            self._abandon()

    def _stop(self, *, release_lock: bool) -> None:
        """Close the engine and wipe the key; keep holding the folder's lock if asked."""
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None
        if self._data_key is not None:
            for index in range(len(self._data_key)):
                self._data_key[index] = 0
        self._data_key = None
        if release_lock:
            self._lock.release()

    def _stop_engine(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = None
        self._sessions = None

    def _use_key(self, data_key: bytearray, header: hdr.VaultHeader) -> None:
        """Switch to a new data key (after a rotation) and wipe the old one."""
        old = self._key()
        for index in range(len(old)):
            old[index] = 0
        self._data_key = data_key
        self._header = header

    def _abandon(self) -> None:
        self._stop(release_lock=True)

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


def _refuse_foreign_copy(read: hdr.HeaderRead, vault_id: str) -> None:
    """A header file from another vault is reported, never written over."""
    for name, found in ((hdr.HEADER_NAME, read.primary), (hdr.HEADER_COPY_NAME, read.copy)):
        if found is not None and found.vault_id != vault_id:
            raise ForeignHeaderError(
                f"The file {name} in this folder belongs to a different vault. Confide changed "
                "nothing."
            )


def _clearest(failures: list[Exception]) -> Exception:
    """Damage or a rollback says more than a wrong passphrase tried on the other copy."""
    for failure in failures:
        if not isinstance(failure, WrongPassphraseError | WrongRecoveryKeyError):
            return failure
    return (
        failures[0]
        if failures
        else VaultDamagedError("Both copies of the vault header are damaged.")
    )


def stale_record_error() -> EditConflictError:
    """A record changed by someone else between this unit of work's read and its write."""
    return EditConflictError(
        "Someone else changed this record while you were editing it; your changes were not saved."
    )


def _integrity_error(exc: IntegrityError) -> Exception:
    message = str(exc.orig) if exc.orig is not None else ""
    if "confide:" in message:
        reason = message.split("confide:", 1)[1].strip().rstrip(".")
        return ImmutableRecordError(f"This record cannot be changed: {reason}.")
    return VaultDamagedError(
        "The change breaks a rule of the record store and was not saved.",
        "Check the form and try again.",
    )
