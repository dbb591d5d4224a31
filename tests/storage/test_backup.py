"""Backup and restore: consistent encrypted snapshots, checked before anything is replaced."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import BackupError, WrongPassphraseError
from desktop.restore import restore_backup
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage import backup
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.storage.test_vault import _add_zelda, _assert_no_plaintext, _snapshot


def _rows(vault: Vault) -> list[tuple[str, str]]:
    clients = ClientService(vault).list(include_archived=True)
    notes = [n.body for c in clients for n in NoteService(vault).for_client(c.id)]
    return [(c.display_name, str(c.date_of_birth)) for c in clients] + [(n, "") for n in notes]


@pytest.fixture
def backed_up(vault_dir: Path, tmp_path: Path) -> tuple[Path, list[tuple[str, str]]]:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    _add_zelda(vault)
    ClientService(vault).create(ClientInput("Zoë", "Nguyễn", date_of_birth=date(1990, 3, 4)))
    rows = _rows(vault)
    bundle = tmp_path / "backups" / "one.confide-backup"
    backup.create_backup(vault, bundle)
    vault.lock()
    return bundle, rows


def test_backup_holds_no_plaintext(backed_up: tuple[Path, list[tuple[str, str]]]) -> None:
    bundle, _rows_before = backed_up
    _assert_no_plaintext(bundle.read_bytes(), "backup")
    assert bundle.stat().st_mode & 0o077 == 0
    assert [p.name for p in bundle.parent.iterdir()] == [bundle.name]  # no temp files left


def test_backup_delete_restore_gives_the_same_rows(
    backed_up: tuple[Path, list[tuple[str, str]]], vault_dir: Path
) -> None:
    bundle, rows = backed_up
    shutil.rmtree(vault_dir)
    restore_backup(bundle, vault_dir, PASSPHRASE)
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        assert _rows(vault) == rows
        assert verify_vault(vault).ok


def test_restore_needs_the_backups_passphrase(
    backed_up: tuple[Path, list[tuple[str, str]]], vault_dir: Path
) -> None:
    bundle, _ = backed_up
    before = _snapshot(vault_dir)
    with pytest.raises(WrongPassphraseError):
        restore_backup(bundle, vault_dir, "wrong passphrase here")
    assert _snapshot(vault_dir) == before


@pytest.mark.parametrize("damage", ["truncate", "flip-db", "flip-manifest", "empty", "not-zip"])
def test_damaged_backup_is_refused_and_the_vault_untouched(
    backed_up: tuple[Path, list[tuple[str, str]]], vault_dir: Path, damage: str
) -> None:
    bundle, _ = backed_up
    data = bytearray(bundle.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip-db":
        data[len(data) // 2] ^= 0x01
    elif damage == "flip-manifest":
        data[60] ^= 0x20
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"PK\x03\x04 this is not really a zip")
    bundle.write_bytes(bytes(data))
    before = _snapshot(vault_dir)
    with pytest.raises(BackupError) as caught:
        restore_backup(bundle, vault_dir, PASSPHRASE)
    assert caught.value.message
    assert _snapshot(vault_dir) == before


def test_backup_of_another_vault_is_refused(
    backed_up: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    bundle, _ = backed_up
    other_dir = tmp_path / "other"
    Vault.create(other_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    before = _snapshot(other_dir)
    with pytest.raises(BackupError, match="different vault"):
        restore_backup(bundle, other_dir, PASSPHRASE)
    assert _snapshot(other_dir) == before


def test_bundle_with_mismatched_parts_is_refused(
    backed_up: tuple[Path, list[tuple[str, str]]], tmp_path: Path
) -> None:
    bundle, _ = backed_up
    forged = tmp_path / "forged.confide-backup"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(forged, "w") as target:
        for name in source.namelist():
            payload = source.read(name)
            if name == "confide.db":
                payload = payload[:-16] + bytes(16)
            target.writestr(name, payload)
    with pytest.raises(BackupError, match="damaged"):
        backup.read_bundle(forged)


def test_rotation_keeps_the_newest_n(vault: Vault, tmp_path: Path) -> None:
    folder = tmp_path / "rotating"
    made = [backup.rotating_backup(vault, folder, keep=3) for _ in range(5)]
    kept = backup.backups_in(folder, vault.vault_id)
    assert kept == list(reversed(made))[:3]
    assert all(p.exists() for p in made[2:]) and not made[0].exists()
