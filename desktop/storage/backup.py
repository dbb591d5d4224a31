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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.exc import DBAPIError

from desktop.errors import BackupError, DiskFullError, VaultDamagedError
from desktop.models import VaultMeta
from desktop.models.base import utc_now
from desktop.storage import audit, header_keys, header_parse
from desktop.storage import header as hdr
from desktop.storage.database import (
    DATABASE_NAME,
    is_disk_full,
    translate_database_error,
)
from desktop.storage.files import ensure_private_dir, remove_stale_files
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


def create_backup(vault: Vault, destination: Path, *, record: bool = True) -> BundleManifest:
    """Write one bundle to ``destination`` atomically (temp file in the same folder, rename).

    ``record=False`` writes nothing into the vault (no audit event, no backup time): the backup
    taken before a schema upgrade, when the old schema cannot take today's rows.
    """
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
    if record:
        _record(vault, audit.AuditAction.BACKUP)
        _note_backup_time(vault)
    return manifest


def _snapshot_database(vault: Vault, snapshot: Path) -> None:
    """A consistent encrypted copy with the same raw key and salt (never a raw file copy)."""
    key_hex = header_keys.sqlcipher_key_hex(
        bytearray(vault.data_key_for_backup()), vault.header.db_salt
    )
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


def rotating_backup(vault: Vault, folder: Path, keep: int = 10, *, record: bool = True) -> Path:
    """Write a timestamped bundle into ``folder`` and remove this vault's oldest beyond ``keep``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"confide-{vault.vault_id[:8]}-{stamp}{BUNDLE_SUFFIX}"
    create_backup(vault, path, record=record)
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


# ----- reading ----------------------------------------------------------------------------

# A solo practice's vault is far below this; a bigger "bundle" is damaged or hostile, and is
# refused before a byte of it is copied.
MAX_DATABASE_BYTES = 8 * 1024**3
_CHUNK = 1 << 20


@dataclass(frozen=True)
class OpenedBundle:
    path: Path
    manifest: BundleManifest
    header: hdr.VaultHeader


def read_bundle(path: Path, max_bytes: int = MAX_DATABASE_BYTES) -> OpenedBundle:
    """Check a bundle completely, streaming its database through SHA-256 (bounded memory)."""
    manifest, header_bytes = _read_small_members(path, max_bytes)
    if hashlib.sha256(header_bytes).hexdigest() != manifest.header_sha256:
        raise BackupError("The backup's header does not match its manifest: the file is damaged.")
    try:
        header = header_parse.header_from_bytes(header_bytes)
    except VaultDamagedError:
        raise BackupError("The backup's vault header is damaged.") from None
    if header.vault_id != manifest.vault_id:
        raise BackupError("The backup's parts belong to different vaults: the file is damaged.")
    opened = OpenedBundle(path, manifest, header)
    copy_database(opened, None)
    return opened


def _read_small_members(path: Path, max_bytes: int) -> tuple[BundleManifest, bytes]:
    try:
        with zipfile.ZipFile(path) as bundle:
            if sorted(bundle.namelist()) != sorted(_MEMBERS) or not _stored_only(bundle, path):
                raise BackupError("This file is not a Confide backup.")
            if bundle.getinfo(DATABASE_NAME).file_size > max_bytes:
                raise BackupError(
                    "This backup is larger than any Confide vault should be "
                    f"(over {max_bytes // 1024**2} MiB); it was not read.",
                    "Choose another backup file; your current vault was not changed.",
                )
            small = [bundle.getinfo(n) for n in _MEMBERS[:2]]
            if any(info.file_size > hdr.MAX_HEADER_BYTES for info in small):
                raise BackupError("This file is not a Confide backup.")
            manifest_bytes, header_bytes = (bundle.read(info) for info in small)
    except FileNotFoundError:
        raise BackupError("The backup file was not found.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, KeyError):
        raise BackupError("The backup file is damaged or incomplete.") from None
    return parse_manifest(manifest_bytes), header_bytes


def copy_database(bundle: OpenedBundle, destination: Path | None) -> None:
    """Stream the database member to ``destination`` (or nowhere), checking its hash."""
    digest = hashlib.sha256()
    try:
        with zipfile.ZipFile(bundle.path) as archive, archive.open(DATABASE_NAME) as member:
            out = None if destination is None else _new_private_file(destination)
            try:
                for block in iter(lambda: member.read(_CHUNK), b""):
                    digest.update(block)
                    if out is not None:
                        out.write(block)
                if out is not None:
                    out.flush()
                    os.fsync(out.fileno())
            finally:
                if out is not None:
                    out.close()
    except FileNotFoundError:
        raise BackupError("The backup file was not found.") from None
    except OSError as exc:
        if is_disk_full(exc):
            raise DiskFullError("The disk is full; nothing was restored.") from None
        raise BackupError("The backup file is damaged or incomplete.") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError):
        raise BackupError("The backup file is damaged or incomplete.") from None
    if digest.hexdigest() != bundle.manifest.db_sha256:
        raise BackupError("The backup's database does not match its manifest: the file is damaged.")


def _new_private_file(path: Path) -> BinaryIO:
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    return os.fdopen(fd, "wb")


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
