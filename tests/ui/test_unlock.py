"""Unlocking: a wrong passphrase says so and stays locked; the right one opens the vault;
the recovery key opens it and sets a new passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from desktop.errors import WrongRecoveryKeyError
from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.error_dialogs import message_for
from desktop.ui.unlock import UnlockWindow
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.ui.screenshots import layout_problems

NEW_PASSPHRASE = "a brand new passphrase for the vault"


@pytest.fixture
def locked_vault(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "vault"
    vault, recovery = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    vault.lock()
    return folder, recovery


def _window(qtbot: QtBot, worker: DatabaseWorker, folder: Path) -> UnlockWindow:
    window = UnlockWindow(worker, folder, Settings)
    qtbot.addWidget(window)
    window.show()
    return window


def test_wrong_passphrase_shows_an_error_and_stays_locked(
    qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    folder, _recovery = locked_vault
    window = _window(qtbot, worker, folder)
    opened: list[Vault] = []
    window.unlocked.connect(opened.append)
    form = window.form
    qtbot.keyClicks(form.passphrase, "not the passphrase at all")
    qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(form.message.text()), timeout=10_000)
    assert "passphrase is not correct" in form.message.text()
    assert form.message.property("kind") == "error"
    assert form.pages.isEnabled() and not form.is_busy
    assert opened == []
    assert window.isVisible()
    # Said right under the field, the cursor back in it with the refused text selected, and
    # the field's description carries the message for a screen reader.
    field_bottom = form.passphrase.mapTo(window, form.passphrase.rect().bottomLeft()).y()
    message_top = form.message.mapTo(window, form.message.rect().topLeft()).y()
    assert 0 <= message_top - field_bottom <= 12
    assert form.passphrase.hasFocus()
    assert form.passphrase.selectedText() == "not the passphrase at all"
    assert "not correct" in form.passphrase.accessibleDescription()
    # Stayed locked: the vault is not held open by this process.
    Vault.open(folder, PASSPHRASE).lock()


def test_empty_passphrase_asks_for_one(
    qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    window = _window(qtbot, worker, locked_vault[0])
    qtbot.mouseClick(window.form.unlock_button, Qt.MouseButton.LeftButton)
    assert window.form.message.text() == "Enter your passphrase."


def test_right_passphrase_unlocks_with_enter(
    qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    window = _window(qtbot, worker, locked_vault[0])
    qtbot.keyClicks(window.form.passphrase, PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=10_000) as unlocked:
        qtbot.keyClick(window.form.passphrase, Qt.Key.Key_Return)
    vault = unlocked.args[0]
    assert not vault.is_locked
    assert window.form.passphrase.text() == ""
    worker.call(vault.lock)


def test_recovery_key_unlocks_and_sets_a_new_passphrase(
    qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    folder, recovery = locked_vault
    window = _window(qtbot, worker, folder)
    form = window.form
    qtbot.mouseClick(form.use_recovery, Qt.MouseButton.LeftButton)
    assert form.pages.currentIndex() == 1
    qtbot.keyClicks(form.recovery_key, recovery)
    assert not form.recover_button.isEnabled()
    qtbot.keyClicks(form.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(form.new_passphrase.confirmation, NEW_PASSPHRASE)
    with qtbot.waitSignal(window.unlocked, timeout=10_000) as unlocked:
        qtbot.mouseClick(form.recover_button, Qt.MouseButton.LeftButton)
    worker.call(unlocked.args[0].lock)
    Vault.open(folder, NEW_PASSPHRASE).lock()


def test_wrong_recovery_key_is_refused(
    qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    window = _window(qtbot, worker, locked_vault[0])
    form = window.form
    qtbot.mouseClick(form.use_recovery, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.recovery_key, "0000-0000-0000-0000-0000-0000-0000-0000")
    qtbot.keyClicks(form.new_passphrase.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(form.new_passphrase.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(form.recover_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(form.message.text()), timeout=10_000)
    assert "recovery key is not correct" in form.message.text()
    Vault.open(locked_vault[0], PASSPHRASE).lock()


@pytest.mark.parametrize("page", [0, 1])
def test_unlock_and_recovery_pages_fit_the_window_at_720_by_480(
    page: int, qtbot: QtBot, worker: DatabaseWorker, locked_vault: tuple[Path, str]
) -> None:
    window = _window(qtbot, worker, locked_vault[0])
    window.resize(720, 480)
    form = window.form
    form.pages.setCurrentIndex(page)
    what, advice = message_for(WrongRecoveryKeyError("The recovery key is not correct."))
    form.message.show_message(f"{what} {advice}", "error")
    qtbot.waitUntil(form.message.isVisible)
    qtbot.wait(50)
    assert layout_problems(window) == []
    scroll = window.findChild(QScrollArea)
    assert scroll is not None and not scroll.verticalScrollBar().isVisible()
