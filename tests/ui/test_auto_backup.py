"""Automatic backups: in the background while the vault is in use, when it locks and when the
app quits, each only if something was written since the last backup."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.auto_backup import AutoBackupResult
from desktop.storage import backup
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import make_context, wait_idle


def _made(context: AppContext, vault_id: str) -> list[Path]:
    return backup.backups_in(context.settings.value.backup_path(), vault_id)


def _add_client(context: AppContext, last: str = "Changed") -> None:
    context.worker.call(lambda: context.clients.create(ClientInput("Any", last)))


def test_lock_after_a_change_writes_a_rotating_backup_then_locks(
    qtbot: QtBot, vault: Vault, worker: DatabaseWorker, isolated_home: Path
) -> None:
    context = make_context(vault, worker)
    vault_id = vault.vault_id
    _add_client(context)
    context.session.lock()
    wait_idle(qtbot, worker)
    assert vault.is_locked
    made = _made(context, vault_id)
    assert len(made) == 1
    assert backup.read_bundle(made[0]).manifest.vault_id == vault_id


def test_lock_without_a_change_writes_no_backup(
    qtbot: QtBot, vault: Vault, worker: DatabaseWorker
) -> None:
    context = make_context(vault, worker)
    context.worker.call(lambda: context.clients.list(limit=5))  # reading changes nothing
    context.session.lock()
    wait_idle(qtbot, worker)
    assert vault.is_locked
    assert _made(context, vault.vault_id) == []


def test_quitting_backs_up_only_when_something_changed(
    vault: Vault, worker: DatabaseWorker
) -> None:
    context = make_context(vault, worker)
    _add_client(context)
    context.session.close()
    assert vault.is_locked
    assert len(_made(context, vault.vault_id)) == 1


def test_quitting_with_nothing_changed_skips_the_backup(
    vault: Vault, worker: DatabaseWorker
) -> None:
    context = make_context(vault, worker)
    context.session.close()
    assert vault.is_locked
    assert _made(context, vault.vault_id) == []


def test_background_backup_shows_backing_up_and_repeats_only_after_changes(
    qtbot: QtBot, vault: Vault, worker: DatabaseWorker
) -> None:
    context = make_context(vault, worker)
    window = MainWindow(context, auto_backup_ms=100)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, worker)
    shown: list[bool] = []
    results: list[object] = []
    context.session.backup_started.connect(lambda: shown.append(window.backup_busy.isVisible()))
    context.session.backup_finished.connect(results.append)
    _add_client(context)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    result = results[0]
    assert isinstance(result, AutoBackupResult) and result.path is not None
    assert shown == [True] and not window.backup_busy.isVisible()
    assert not vault.is_locked and len(_made(context, vault.vault_id)) == 1

    qtbot.wait(500)  # several more intervals with nothing written
    wait_idle(qtbot, worker)
    assert len(_made(context, vault.vault_id)) == 1 and shown == [True]

    _add_client(context, "Again")
    qtbot.waitUntil(lambda: len(_made(context, vault.vault_id)) == 2, timeout=20_000)
    window.close()
    assert vault.is_locked


def test_closing_the_window_backs_up_the_changes_and_locks(
    qtbot: QtBot, vault: Vault, worker: DatabaseWorker
) -> None:
    context = make_context(vault, worker)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    wait_idle(qtbot, worker)
    started: list[bool] = []
    context.session.backup_started.connect(lambda: started.append(True))
    _add_client(context)
    window.close()
    assert vault.is_locked and started == [True]
    assert len(_made(context, vault.vault_id)) == 1
