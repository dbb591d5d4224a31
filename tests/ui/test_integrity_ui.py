"""Settings: a new recovery key (re-encryption) and the restore confirmation; the recovery key
view's Copy button and its clipboard clearing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.errors import WrongRecoveryKeyError
from desktop.storage import backup
from desktop.storage.vault import Vault
from desktop.ui.context import AppContext
from desktop.ui.dialogs.new_key_dialog import NewRecoveryKeyDialog
from desktop.ui.dialogs.restore_dialog import ConfirmRestoreBox, RestoreDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.widgets.recovery_key import CLEAR_CLIPBOARD_AFTER_MS, RecoveryKeyView
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE
from tests.ui.conftest import wait_idle

KEY = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"


def _settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, SettingsPage))
    window.show_page(index)
    wait_idle(qtbot, window.context.worker)
    page = window.pages[index]
    assert isinstance(page, SettingsPage)
    return page


def test_copy_puts_the_key_on_the_clipboard_for_30_seconds(qtbot: QtBot) -> None:
    view = RecoveryKeyView()
    qtbot.addWidget(view)
    view.set_key(KEY, "vault")
    assert view.key_label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction
    qtbot.mouseClick(view.copy_button, Qt.MouseButton.LeftButton)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == KEY
    assert view.clear_timer.isActive() and view.clear_timer.interval() == CLEAR_CLIPBOARD_AFTER_MS
    assert CLEAR_CLIPBOARD_AFTER_MS == 30_000
    view.clear_timer.timeout.emit()  # what the timer does after 30 s
    assert clipboard.text() == ""
    clipboard.setText("something the person copied since")
    view.clear_clipboard()
    assert clipboard.text() == "something the person copied since"  # not ours: left alone
    view.forget()
    assert view.key_label.text() == "" and view.shown_key == ""


def test_new_recovery_key_from_settings_reencrypts_the_vault(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, new_vault: tuple[Vault, str]
) -> None:
    old_recovery = new_vault[1]
    folder = context.vault.folder
    page = _settings(qtbot, main_window)
    qtbot.mouseClick(page.new_key_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, NewRecoveryKeyDialog))
    qtbot.keyClicks(dialog.current, "not the passphrase")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not correct" in dialog.message.text(), timeout=20_000)
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.view.shown_key), timeout=30_000)
    new_key = dialog.view.shown_key
    assert new_key != old_recovery and not dialog.ok.isEnabled()
    qtbot.keyClick(dialog.stored, Qt.Key.Key_Space)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    main_window.close()
    with pytest.raises(WrongRecoveryKeyError):
        Vault.open_with_recovery(folder, old_recovery).lock()
    Vault.open_with_recovery(folder, new_key).lock()
    Vault.open(folder, PASSPHRASE).lock()


def test_restore_from_settings_names_dates_and_counts_before_replacing(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    context.worker.call(lambda: context.clients.create(ClientInput("Kept", "Before")))
    folder = context.vault.folder.parent / "backups"
    bundle = context.worker.call(lambda: backup.rotating_backup(context.vault, folder))
    context.worker.call(lambda: context.clients.create(ClientInput("Added", "After")))
    page = _settings(qtbot, main_window)
    qtbot.mouseClick(page.restore_button, Qt.MouseButton.LeftButton)
    chooser = next(w for w in QApplication.topLevelWidgets() if isinstance(w, RestoreDialog))
    chooser.file.setText(str(bundle))
    qtbot.keyClicks(chooser.passphrase, PASSPHRASE)
    chooser.understood.setChecked(True)
    qtbot.mouseClick(chooser.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.restore_confirmation is not None, timeout=20_000)
    box = page.restore_confirmation
    assert isinstance(box, ConfirmRestoreBox)
    text = box.informativeText()
    assert "Backup made:" in text
    assert "In the backup:      1 client(s)" in text
    assert "In the current one: 2 client(s)" in text
    assert not main_window.is_locked  # nothing replaced before the answer
    with qtbot.waitSignal(context.session.unlocked, timeout=30_000):
        qtbot.mouseClick(box.yes, Qt.MouseButton.LeftButton)
    names = [c.last_name for c in context.worker.call(context.clients.list)]
    assert names == ["Before"]
    safety = [p for p in context.vault.folder.parent.iterdir() if "before-restore" in p.name]
    assert len(safety) == 1
    qtbot.waitUntil(lambda: str(safety[0]) in page.backup_message.text(), timeout=10_000)
