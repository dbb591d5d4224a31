"""Settings → Export everything: an AES-256 ZIP by default with a generated password; a
plain folder only after ticking that it is not encrypted."""

from __future__ import annotations

from pathlib import Path

import pyzipper
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.dialogs.export_dialog import FOLDER_CHOICE, ExportEverythingDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings import SettingsPage
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check


def open_dialog(
    qtbot: QtBot, main_window: MainWindow
) -> tuple[SettingsPage, ExportEverythingDialog]:
    index = next(i for i, p in enumerate(main_window.pages) if isinstance(p, SettingsPage))
    main_window.show_page(index)
    page = main_window.pages[index]
    assert isinstance(page, SettingsPage)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ExportEverythingDialog)
    )
    qtbot.waitExposed(dialog)
    return page, dialog


def test_zip_export_with_the_generated_password(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    context.worker.call(lambda: context.clients.create(ClientInput("Zoë", "Nguyễn")))
    page, dialog = open_dialog(qtbot, main_window)
    _check(dialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.target, str(tmp_path / "all"))
    password = dialog.password.text()
    with qtbot.waitSignal(dialog.completed, timeout=30_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert page.export_message.text() == "Everything was exported to all.zip."
    with pyzipper.AESZipFile(tmp_path / "all.zip") as archive:
        archive.setpassword(password.encode())
        assert "Nguyễn" in archive.read("records/clients.jsonl").decode()


def test_plain_folder_needs_the_warning_ticked(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    _page, dialog = open_dialog(qtbot, main_window)
    dialog.kind.setCurrentText(FOLDER_CHOICE)
    qtbot.keyClicks(dialog.target, str(tmp_path / "plain"))
    assert dialog.understood.isVisible() and not dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.understood, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.completed, timeout=30_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "plain" / "manifest.json").is_file()
