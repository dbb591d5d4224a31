"""The unlock screen's layout: the message sits right under the passphrase's buttons, and a
small window scrolls to the recovery page's buttons instead of cutting them off."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.unlock import UnlockWindow
from tests.conftest import PASSPHRASE, TEST_KDF_KIB


def _top(widget: QWidget, root: QWidget) -> int:
    return widget.mapTo(root, QPoint(0, 0)).y()


def test_the_wrong_passphrase_message_is_next_to_the_field(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    Vault.create(tmp_path / "v", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    window = UnlockWindow(worker, tmp_path / "v", Settings)
    qtbot.addWidget(window)
    window.resize(1024, 664)
    window.show()
    form = window.form
    qtbot.keyClicks(form.passphrase, "not the passphrase")
    qtbot.mouseClick(form.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(form.message.text()), timeout=10_000)
    below_buttons = _top(form.message, window) - (
        _top(form.unlock_button, window) + form.unlock_button.height()
    )
    assert 0 <= below_buttons <= form.fontMetrics().height() * 3


def test_a_small_window_scrolls_to_the_recovery_buttons(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    window = UnlockWindow(worker, tmp_path / "v", Settings)
    qtbot.addWidget(window)
    window.resize(720, 480)
    window.show()
    qtbot.mouseClick(window.form.use_recovery, Qt.MouseButton.LeftButton)
    hint = window.minimumSizeHint()
    assert hint.width() <= 720 and hint.height() <= 480, "the window fits a 720×480 screen"
    assert window.height() == 480
    button = window.form.back_button
    button.setFocus()  # Tab or a click on it scrolls it into view
    qtbot.waitUntil(lambda: button.visibleRegion().boundingRect().height() == button.height())
    assert button.visibleRegion().boundingRect().width() == button.width()
