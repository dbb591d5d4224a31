"""Locking the vault from the app (Ctrl+L, idle, quitting) first writes a rotating backup."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop import backup
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from tests.ui.conftest import make_context, wait_idle


def test_lock_writes_a_rotating_backup_then_locks(
    qtbot: QtBot, vault: Vault, worker: DatabaseWorker, isolated_home: Path
) -> None:
    context = make_context(vault, worker)
    folder = context.settings.value.backup_path()
    vault_id = vault.vault_id
    context.session.lock()
    wait_idle(qtbot, worker)
    assert vault.is_locked
    made = backup.backups_in(folder, vault_id)
    assert len(made) == 1
    assert backup.read_bundle(made[0]).manifest.vault_id == vault_id


def test_quitting_backs_up_too(vault: Vault, worker: DatabaseWorker) -> None:
    context = make_context(vault, worker)
    context.session.close()
    assert vault.is_locked
    assert backup.backups_in(context.settings.value.backup_path(), vault.vault_id)
