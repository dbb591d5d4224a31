"""Restore a vault from a backup bundle: check everything, confirm, keep a safety copy, swap.

Nothing in the target changes before the bundle, its database, its seal and the target's
identity are checked and the person has confirmed. A vault that is replaced is first copied
beside it (``<folder>.before-restore-<time>``), so a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from desktop.errors import BackupError, ConfideError, DiskFullError, VaultError
from desktop.local_time import format_datetime, zone_label
from desktop.models import AuditEvent, Client, Note
from desktop.storage import audit, header_keys, header_repair
from desktop.storage import header as hdr
from desktop.storage.backup import MAX_DATABASE_BYTES, OpenedBundle, copy_database, read_bundle
from desktop.storage.database import DATABASE_NAME, is_disk_full, make_engine
from desktop.storage.files import atomic_write_bytes, ensure_private_dir, fsync_folder
from desktop.storage.lock import VaultLock
from desktop.storage.migrations import current_revision, head_revision, upgrade_to_head
from desktop.storage.rotation import WAL_SUFFIXES
from desktop.storage.seal import authentic_database_header, check_against_database, read_seal
from desktop.storage.vault import Vault


@dataclass(frozen=True)
class VaultCounts:
    """What a vault holds, for the confirmation: never client text."""

    clients: int
    notes: int
    audit_events: int
    last_event_at: datetime | None


@dataclass(frozen=True)
class RestorePreview:
    """The backup against the vault it would replace (``current`` None: nothing to replace)."""

    backup_made_at: str
    backup: VaultCounts
    current: VaultCounts | None
    replaces_vault: bool


class RestoreCancelledError(ConfideError):
    default_advice = "Nothing was changed."


Confirm = Callable[[RestorePreview], bool]


def restore_backup(
    bundle_path: Path,
    target: Path,
    passphrase: str,
    *,
    confirm: Confirm | None = None,
    max_bytes: int = MAX_DATABASE_BYTES,
) -> Path | None:
    """Check the bundle, ask ``confirm`` (None: already confirmed), then replace the vault.

    ``target`` may be missing or empty (a lost vault), or hold the same vault; anything else is
    refused untouched. Returns the safety copy of the replaced vault (None if there was none).
    """
    bundle = read_bundle(bundle_path, max_bytes)
    data_key = header_keys.unwrap_with_passphrase(bundle.header, passphrase)
    replaces = _check_target(target, bundle, data_key)
    if not target.exists():
        ensure_private_dir(target)
    safety: Path | None = None
    with VaultLock(target):
        staged = target / f".restore-{secrets.token_hex(8)}.db"
        try:
            backup_counts = _stage_snapshot(staged, bundle, data_key)
            if confirm is not None:
                current = _current_counts(target, passphrase) if replaces else None
                preview = RestorePreview(
                    bundle.manifest.created_at, backup_counts, current, replaces
                )
                if not confirm(preview):
                    raise RestoreCancelledError("The restore was cancelled.")
            if replaces:
                safety = _safety_copy(target)
            _replace_vault_files(target, staged, bundle.header)
        finally:
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()
    with Vault.open(target, passphrase) as vault, vault.session() as session:
        audit.record(session, audit.AuditAction.RESTORE, actor=vault.actor, entity_type="vault")
    return safety


def preview_restore(bundle_path: Path, passphrase: str, vault: Vault) -> RestorePreview:
    """For the app's confirmation: check the bundle against the open ``vault``; change nothing."""
    bundle = read_bundle(bundle_path)
    data_key = header_keys.unwrap_with_passphrase(bundle.header, passphrase)
    if bundle.header.vault_id != vault.vault_id:
        raise BackupError(
            "This backup belongs to a different vault than the one that is open.",
            "Choose a backup of this vault.",
        )
    staged = vault.folder / f".restore-{secrets.token_hex(8)}.db"
    try:
        backup_counts = _stage_snapshot(staged, bundle, data_key)
    finally:
        with contextlib.suppress(FileNotFoundError):
            staged.unlink()
    with vault.session() as session:
        current = vault_counts(session)
    return RestorePreview(bundle.manifest.created_at, backup_counts, current, replaces_vault=True)


def describe_restore(preview: RestorePreview) -> list[str]:
    """Plain lines naming the backup's date and counts against the current vault's."""
    lines = [f"Backup made:        {_when(preview.backup_made_at)}"]
    lines.append(f"In the backup:      {_counted(preview.backup)}")
    if not preview.replaces_vault:
        lines.append("The folder holds no vault yet: nothing will be replaced.")
    elif preview.current is None:
        lines.append("Current vault:      could not be read with this backup's passphrase")
    else:
        lines.append(f"In the current one: {_counted(preview.current)}")
        lines.append(
            "Anything recorded after the backup was made will be gone from the vault "
            "(a safety copy of the current vault is kept beside it)."
        )
    return lines


def _when(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return "unknown"
    return f"{format_datetime(moment)} ({zone_label(moment)})"


def _counted(counts: VaultCounts) -> str:
    last = "never" if counts.last_event_at is None else _when(counts.last_event_at.isoformat())
    return (
        f"{counts.clients} client(s), {counts.notes} note(s), {counts.audit_events} audit "
        f"event(s), last change {last}"
    )


def vault_counts(session: Session) -> VaultCounts:
    """Clients, notes and audit events, and the time of the newest event."""
    return VaultCounts(
        clients=int(session.scalar(select(func.count()).select_from(Client)) or 0),
        notes=int(session.scalar(select(func.count()).select_from(Note)) or 0),
        audit_events=int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0),
        last_event_at=session.scalar(select(func.max(AuditEvent.occurred_at))),
    )


# ----- the target -------------------------------------------------------------------------


def _check_target(target: Path, bundle: OpenedBundle, data_key: bytearray) -> bool:
    """True when ``target`` holds this vault; False when it holds nothing; else refuse."""
    if target.exists() and not target.is_dir():
        raise BackupError("A file is in the way: the backup can only be restored into a folder.")
    present = [
        n for n in (hdr.HEADER_NAME, hdr.HEADER_COPY_NAME, DATABASE_NAME) if (target / n).exists()
    ]
    if not present:
        return False
    try:
        existing = header_repair.read_headers(target)
    except ConfideError:
        existing = hdr.HeaderRead(None, None, None, None)
    ids = {h.vault_id for h in (existing.primary, existing.copy) if h is not None}
    if ids - {bundle.header.vault_id}:
        raise BackupError(
            "This backup belongs to a different vault than the one in the chosen folder.",
            "Choose the matching backup, or restore into an empty folder.",
        )
    if ids or _database_is_this_vault(target, bundle, data_key):
        return True
    raise BackupError(
        "The chosen folder holds files Confide cannot tell apart from another vault's.",
        "Restore into an empty folder, or move those files away first.",
    )


def _database_is_this_vault(target: Path, bundle: OpenedBundle, data_key: bytearray) -> bool:
    """A folder without headers: does its database open with the backup's key and sentinel?"""
    if not (target / DATABASE_NAME).is_file():
        return False
    try:
        engine = make_engine(
            target / DATABASE_NAME, header_keys.sqlcipher_key_hex(data_key, bundle.header.db_salt)
        )
    except VaultError:
        return False
    try:
        with engine.connect() as connection:
            query = text("SELECT vault_id FROM vault_meta WHERE id = 1")
            owner = connection.execute(query).first()
        return owner is not None and owner[0] == bundle.header.vault_id
    except DBAPIError:
        return False
    finally:
        engine.dispose()


def _current_counts(target: Path, passphrase: str) -> VaultCounts | None:
    """The vault about to be replaced, if the backup's passphrase opens it (read only)."""
    try:
        read = header_repair.read_headers(target)
        current = read.primary or read.copy
        assert current is not None
        key = header_keys.unwrap_with_passphrase(current, passphrase)
        engine = make_engine(
            target / DATABASE_NAME, header_keys.sqlcipher_key_hex(key, current.db_salt)
        )
    except (ConfideError, AssertionError):
        return None
    try:
        with sessionmaker(engine)() as session:
            return vault_counts(session)
    except DBAPIError:
        return None
    finally:
        engine.dispose()


# ----- the snapshot -----------------------------------------------------------------------


def _stage_snapshot(staged: Path, bundle: OpenedBundle, data_key: bytearray) -> VaultCounts:
    """Copy the bundle's database out (streamed) and check it completely; its counts."""
    _check_free_space(staged.parent, bundle.manifest.db_size)
    copy_database(bundle, staged)
    key_hex = header_keys.sqlcipher_key_hex(data_key, bundle.header.db_salt)
    try:
        engine = make_engine(staged, key_hex)
    except VaultError:  # not readable with the key its own header holds
        raise BackupError("The backup's database is damaged.") from None
    try:
        return _check_snapshot(engine, bundle, data_key)
    except VaultError:
        raise BackupError("The backup's database is damaged.") from None
    except DBAPIError:
        raise BackupError("The backup's database is damaged.") from None
    finally:
        engine.dispose()


def _check_snapshot(engine: Engine, bundle: OpenedBundle, data_key: bytearray) -> VaultCounts:
    with engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
        if result != "ok":
            raise BackupError("The backup's database failed its integrity check.")
    with engine.connect() as connection:
        owner = connection.execute(text("SELECT vault_id FROM vault_meta WHERE id = 1")).first()
    if owner is None or owner[0] != bundle.header.vault_id:
        raise BackupError("The backup's database does not belong to its vault.")
    seal = read_seal(engine)
    if current_revision(engine) != head_revision():  # a bundle from an earlier Confide
        upgrade_to_head(engine)  # only the staged copy; adding columns changes no audit hash
    try:
        authentic_database_header(seal, data_key, bundle.header.vault_id)
        behind = check_against_database(bundle.header, seal, data_key)
    except VaultError as exc:
        raise BackupError(f"The backup does not hold together: {exc.message}") from None
    if behind:
        raise BackupError("The backup does not hold together: its header is older than its data.")
    with sessionmaker(engine)() as session:
        sealed = header_keys.verified_audit_head(bundle.header, data_key)
        head = None if sealed is None else audit.ChainHead(sealed.count, sealed.last_hash)
        report = audit.verify_chain(session, head)
        if not report.ok:
            raise BackupError(f"The backup's audit log is broken: {report.problem}")
        return vault_counts(session)


def _check_free_space(folder: Path, needed: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < needed + (16 << 20):
        raise DiskFullError("There is not enough free disk space to restore this backup.")


# ----- replacing --------------------------------------------------------------------------


def _safety_copy(target: Path) -> Path:
    """Copy the vault about to be replaced beside it; we hold its lock, nothing writes to it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    safety = target.parent / f"{target.name}.before-restore-{stamp}"
    try:
        safety.mkdir(mode=0o700)
        names = [hdr.HEADER_NAME, hdr.HEADER_COPY_NAME, DATABASE_NAME]
        names += [f"{DATABASE_NAME}{suffix}" for suffix in WAL_SUFFIXES]
        for name in names:
            if (target / name).is_file():
                _copy_private(target / name, safety / name)
        fsync_folder(safety)
    except OSError as exc:
        shutil.rmtree(safety, ignore_errors=True)
        if is_disk_full(exc):
            raise DiskFullError(
                "The disk is full: the safety copy of the current vault could not be made, so "
                "nothing was restored."
            ) from None
        raise BackupError(
            "The safety copy of the current vault could not be made, so nothing was restored."
        ) from None
    return safety


def _copy_private(source: Path, destination: Path) -> None:
    fd = os.open(destination, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1 << 20)
        out.flush()
        os.fsync(out.fileno())


def _replace_vault_files(target: Path, staged: Path, header: hdr.VaultHeader) -> None:
    """Swap in the staged database and the backup's header, openable at every step.

    The spare header copy goes first (the primary still opens the old database), then the
    database (now only the spare copy agrees with it, and opening repairs the primary), then
    the primary.
    """
    data = hdr.header_to_bytes(header)
    atomic_write_bytes(target / hdr.HEADER_COPY_NAME, data)
    for suffix in WAL_SUFFIXES:
        with contextlib.suppress(FileNotFoundError):
            (target / f"{DATABASE_NAME}{suffix}").unlink()
    os.replace(staged, target / DATABASE_NAME)
    fsync_folder(target)
    atomic_write_bytes(target / hdr.HEADER_NAME, data)
