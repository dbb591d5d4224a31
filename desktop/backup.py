"""Encrypted backup bundles: a consistent SQLCipher snapshot plus the vault header, in one file.

A bundle is a ZIP (stored, not compressed: the database is already encrypted) holding
``manifest.json``, ``vault.json`` and ``confide.db``. Restore checks the whole bundle, then
the snapshot's integrity and audit chain, before it replaces anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import zipfile
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from desktop import audit
from desktop.errors import BackupError, ConfideError, DiskFullError, VaultDamagedError
from desktop.models import VaultMeta
from desktop.models.base import utc_now
from desktop.storage import header as hdr
from desktop.storage.database import (
    DATABASE_NAME,
    is_disk_full,
    make_engine,
    translate_database_error,
)
from desktop.storage.files import atomic_write_bytes, ensure_private_dir, remove_stale_files
from desktop.storage.lock import VaultLock
from desktop.storage.vault import Vault

BUNDLE_FORMAT = "confide-backup"
BUNDLE_VERSION = 1
BUNDLE_SUFFIX = ".confide-backup"
_MEMBERS = ("manifest.json", hdr.HEADER_NAME, DATABASE_NAME)
# Temp names create_backup uses; one stranded by a killed backup goes at the next backup there.
_BACKUP_TEMP_NAME = re.compile(r"^\.(snapshot-[0-9a-f]{16}\.db|bundle-[0-9a-f]{16}\.tmp)$")
_ROTATED_NAME = re.compile(r"^confide-([0-9a-f]{8})-(\d{8}T\d{6}\d*Z)\.confide-backup$")


@dataclass(frozen=True)
class BundleManifest:
    vault_id: str
    created_at: str
    db_sha256: str
    header_sha256: str
    db_size: int


def create_backup(vault: Vault, destination: Path) -> BundleManifest:
    """Write one bundle to ``destination`` atomically (temp file in the same folder, rename)."""
    ensure_private_dir(destination.parent)
    remove_stale_files(destination.parent, _BACKUP_TEMP_NAME)
    snapshot = destination.parent / f".snapshot-{secrets.token_hex(8)}.db"
    temp_bundle = destination.parent / f".bundle-{secrets.token_hex(8)}.tmp"
    try:
        _snapshot_database(vault, snapshot)
        manifest = _write_bundle(vault, snapshot, temp_bundle)
        os.replace(temp_bundle, destination)
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError("The disk is full; the backup was not written.") from None
        raise BackupError(f"The backup could not be written ({exc.strerror}).") from None
    except DBAPIError as exc:  # the encrypted snapshot could not be written
        if isinstance(translate_database_error(exc), DiskFullError):
            raise DiskFullError("The disk is full; the backup was not written.") from None
        raise BackupError("The backup could not be written.") from None
    finally:
        for leftover in (snapshot, temp_bundle):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    _record(vault, audit.AuditAction.BACKUP)
    _note_backup_time(vault)
    return manifest


def _snapshot_database(vault: Vault, snapshot: Path) -> None:
    """A consistent encrypted copy with the same raw key and salt (never a raw file copy)."""
    key_hex = hdr.sqlcipher_key_hex(bytearray(vault.data_key_for_backup()), vault.header.db_salt)
    quoted = str(snapshot).replace("'", "''")
    with vault.engine.connect() as connection:
        connection.exec_driver_sql(f"ATTACH DATABASE '{quoted}' AS snapshot KEY \"x'{key_hex}'\"")
        try:
            connection.exec_driver_sql("SELECT sqlcipher_export('snapshot')").fetchall()
        finally:
            connection.exec_driver_sql("DETACH DATABASE snapshot")
    os.chmod(snapshot, 0o600)


def _write_bundle(vault: Vault, snapshot: Path, temp_bundle: Path) -> BundleManifest:
    header_bytes = hdr.header_to_bytes(vault.header)
    manifest = BundleManifest(
        vault_id=vault.vault_id,
        created_at=utc_now().isoformat(),
        db_sha256=_file_sha256(snapshot),
        header_sha256=hashlib.sha256(header_bytes).hexdigest(),
        db_size=snapshot.stat().st_size,
    )
    fd = os.open(temp_bundle, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as bundle:
        bundle.writestr("manifest.json", json.dumps(_manifest_dict(manifest), indent=2))
        bundle.writestr(hdr.HEADER_NAME, header_bytes)
        bundle.write(snapshot, DATABASE_NAME)
    with open(temp_bundle, "rb") as written:
        os.fsync(written.fileno())
    return manifest


def _manifest_dict(manifest: BundleManifest) -> dict[str, object]:
    return {"format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, **manifest.__dict__}


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _record(vault: Vault, action: audit.AuditAction) -> None:
    with vault.session() as session:
        audit.record(session, action, actor=vault.actor, entity_type="vault")


def _note_backup_time(vault: Vault) -> None:
    with vault.session() as session:
        meta = session.get(VaultMeta, 1)
        if meta is not None:
            meta.last_backup_at = utc_now()


# ----- rotation ---------------------------------------------------------------------------


def rotating_backup(vault: Vault, folder: Path, keep: int = 10) -> Path:
    """Write a timestamped bundle into ``folder`` and remove this vault's oldest beyond ``keep``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"confide-{vault.vault_id[:8]}-{stamp}{BUNDLE_SUFFIX}"
    create_backup(vault, path)
    for old in backups_in(folder, vault.vault_id)[max(keep, 1) :]:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return path


def backups_in(folder: Path, vault_id: str) -> list[Path]:
    """This vault's rotated bundles in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _ROTATED_NAME.match(path.name)
        if match and match.group(1) == vault_id[:8]:
            found.append((match.group(2), path))
    return [path for _stamp, path in sorted(found, reverse=True)]


# ----- reading and restoring --------------------------------------------------------------


@dataclass(frozen=True)
class OpenedBundle:
    manifest: BundleManifest
    header: hdr.VaultHeader
    database: bytes


def read_bundle(path: Path) -> OpenedBundle:
    """Read and check a bundle completely; any damage raises BackupError."""
    try:
        with zipfile.ZipFile(path) as bundle:
            if sorted(bundle.namelist()) != sorted(_MEMBERS) or not _stored_only(bundle, path):
                raise BackupError("This file is not a Confide backup.")
            manifest_bytes, header_bytes, database = (bundle.read(name) for name in _MEMBERS)
    except FileNotFoundError:
        raise BackupError("The backup file was not found.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise BackupError("The backup file is damaged or incomplete.") from None
    manifest = parse_manifest(manifest_bytes)
    if hashlib.sha256(header_bytes).hexdigest() != manifest.header_sha256:
        raise BackupError("The backup's header does not match its manifest: the file is damaged.")
    if hashlib.sha256(database).hexdigest() != manifest.db_sha256:
        raise BackupError("The backup's database does not match its manifest: the file is damaged.")
    try:
        header = hdr.header_from_bytes(header_bytes)
    except VaultDamagedError:
        raise BackupError("The backup's vault header is damaged.") from None
    if header.vault_id != manifest.vault_id:
        raise BackupError("The backup's parts belong to different vaults: the file is damaged.")
    return OpenedBundle(manifest, header, database)


def _stored_only(bundle: zipfile.ZipFile, path: Path) -> bool:
    """Confide stores members uncompressed; anything else (e.g. a zip bomb) is not ours."""
    limit = path.stat().st_size
    return all(
        info.compress_type == zipfile.ZIP_STORED and info.file_size <= limit
        for info in bundle.infolist()
    )


def parse_manifest(data: bytes) -> BundleManifest:
    """Validate a manifest strictly; anything off raises BackupError."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError("The backup's manifest is damaged.") from None
    if not isinstance(raw, dict) or raw.get("format") != BUNDLE_FORMAT:
        raise BackupError("This file is not a Confide backup.")
    if raw.get("version") != BUNDLE_VERSION:
        raise BackupError("This backup was made by a newer version of Confide.")
    fields = {"vault_id": str, "created_at": str, "db_sha256": str, "header_sha256": str}
    for name, kind in {**fields, "db_size": int}.items():
        if not isinstance(raw.get(name), kind) or isinstance(raw.get(name), bool):
            raise BackupError("The backup's manifest is damaged.")
    return BundleManifest(**{name: raw[name] for name in (*fields, "db_size")})


def restore_backup(bundle_path: Path, target: Path, passphrase: str) -> None:
    """Check the bundle and its snapshot completely, then replace the vault in ``target``.

    ``target`` may be missing or empty (a lost vault), or hold the same vault. A vault that is
    open elsewhere, or a different vault, is refused and left untouched.
    """
    bundle = read_bundle(bundle_path)
    data_key = hdr.unwrap_with_passphrase(bundle.header, passphrase)
    _refuse_other_vault(target, bundle.header.vault_id)
    ensure_private_dir(target)
    with VaultLock(target):
        staged = target / f".restore-{secrets.token_hex(8)}.db"
        try:
            _stage_snapshot(staged, bundle, data_key)
            _replace_vault_files(target, staged, bundle.header)
        finally:
            with contextlib.suppress(FileNotFoundError):
                staged.unlink()
    with Vault.open(target, passphrase) as vault:
        _record(vault, audit.AuditAction.RESTORE)


def _refuse_other_vault(target: Path, vault_id: str) -> None:
    try:
        existing = hdr.read_headers(target)
    except ConfideError:
        return
    current = existing.primary or existing.copy
    if current is not None and current.vault_id != vault_id:
        raise BackupError(
            "This backup belongs to a different vault than the one in the chosen folder.",
            "Choose the matching backup, or restore into an empty folder.",
        )


def _stage_snapshot(staged: Path, bundle: OpenedBundle, data_key: bytearray) -> None:
    atomic_write_bytes(staged, bundle.database)
    key_hex = hdr.sqlcipher_key_hex(data_key, bundle.header.db_salt)
    try:
        engine = make_engine(staged, key_hex)
    except VaultDamagedError:  # not readable with the key its own header holds
        raise BackupError("The backup's database is damaged.") from None
    try:
        with engine.connect() as connection:
            result = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                raise BackupError("The backup's database failed its integrity check.")
        with sessionmaker(engine)() as session:
            meta = session.get(VaultMeta, 1)
            if meta is None or meta.vault_id != bundle.header.vault_id:
                raise BackupError("The backup's database does not belong to its vault.")
            sealed = hdr.verified_audit_head(bundle.header, data_key)
            head = None if sealed is None else audit.ChainHead(sealed.count, sealed.last_hash)
            report = audit.verify_chain(session, head)
            if not report.ok:
                raise BackupError(f"The backup's audit log is broken: {report.problem}")
    except VaultDamagedError:
        raise BackupError("The backup's database is damaged.") from None
    finally:
        engine.dispose()


def _replace_vault_files(target: Path, staged: Path, header: hdr.VaultHeader) -> None:
    """Swap in the staged database and the backup's header.

    The two files cannot change in one step, so the header goes first *without* its sealed
    audit head: a crash in between then pairs either database with a header that opens it and
    claims no seal it cannot match. The sealed head is written last.
    """
    hdr.write_header(target, replace(header, audit_head=None))
    for suffix in ("-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            (target / f"{DATABASE_NAME}{suffix}").unlink()
    os.replace(staged, target / DATABASE_NAME)
    hdr.write_header(target, header)
