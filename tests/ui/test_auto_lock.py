"""Auto-lock and Lock (Ctrl+L): content hidden, unlock screen shown, drafts kept in memory and
back after unlocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.main_window import MainWindow
from tests.conftest import PASSPHRASE
from tests.ui.conftest import open_main_window, wait_idle

CLIENTS_PAGE = 1


def _new_client_dialog(qtbot: QtBot, window: MainWindow) -> ClientDialog:
    window.show_page(CLIENTS_PAGE)
    page = window.pages[CLIENTS_PAGE]
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, ClientDialog)]
    assert len(dialogs) == 1
    return dialogs[0]


def _unlock(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.unlock.passphrase, PASSPHRASE)
    qtbot.mouseClick(window.unlock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.is_locked, timeout=10_000)


def test_auto_lock_hides_content_and_keeps_typed_text(qtbot: QtBot, context: AppContext) -> None:
    window = open_main_window(qtbot, context, idle_timeout_ms=1000)
    dialog = _new_client_dialog(qtbot, window)
    qtbot.keyClicks(dialog.form.first_name, "Marguerite")
    qtbot.keyClicks(dialog.form.contact_notes, "half-written sentence")
    first_vault = context.vault

    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    assert context.session.is_locked
    assert not dialog.isVisible()
    assert dialog.form.first_name.text() == ""  # nothing readable while locked
    assert window.state_label.text() == "Locked"
    assert window.windowTitle() == "Confide"
    wait_idle(qtbot, context.worker)
    assert first_vault.is_locked

    _unlock(qtbot, window)
    assert dialog.isVisible()
    assert dialog.form.first_name.text() == "Marguerite"
    assert dialog.form.contact_notes.toPlainText() == "half-written sentence"
    assert context.vault is not first_vault and not context.vault.is_locked
    assert window.state_label.text() == "Unlocked"
    window.close()


def test_typing_postpones_the_auto_lock(qtbot: QtBot, context: AppContext) -> None:
    window = open_main_window(qtbot, context, idle_timeout_ms=800)
    dialog = _new_client_dialog(qtbot, window)
    for letter in "Bernadette":
        qtbot.keyClicks(dialog.form.first_name, letter)
        qtbot.wait(150)
    assert not window.is_locked  # 1.5 s of typing, never 0.8 s idle
    qtbot.waitUntil(lambda: window.is_locked, timeout=5000)
    window.close()


def test_ctrl_l_locks_and_a_wrong_passphrase_keeps_it_locked(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    qtbot.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert main_window.is_locked
    assert not main_window.lock_action.isEnabled()
    qtbot.keyClicks(main_window.unlock.passphrase, "wrong passphrase here")
    qtbot.keyClick(main_window.unlock.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(main_window.unlock.message.text()), timeout=10_000)
    assert "not correct" in main_window.unlock.message.text()
    assert main_window.is_locked
    main_window.unlock.passphrase.clear()
    _unlock(qtbot, main_window)
    assert main_window.current_page().title == "Dashboard"
