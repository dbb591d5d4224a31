"""Settings → Import clients from CSV: columns matched by name and re-mappable, a dry run
that previews and writes nothing, the import itself, and saved mappings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.dialogs.import_dialog import NOT_IN_FILE, ImportClientsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings import SettingsPage
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check

CSV_TEXT = (
    "Given,Last name,Birth,Mobile\n"
    "Zoë,Nguyễn <b>,02/11/1991,555-0100\n"
    "Eli,Marsh,31/12/1990,\n"
    "Bad,Date,1990-01-01,\n"
)


def open_dialog(qtbot: QtBot, main_window: MainWindow) -> ImportClientsDialog:
    index = next(i for i, p in enumerate(main_window.pages) if isinstance(p, SettingsPage))
    main_window.show_page(index)
    page = main_window.pages[index]
    assert isinstance(page, SettingsPage)
    qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ImportClientsDialog))
    qtbot.waitExposed(dialog)
    return dialog


def test_map_check_then_import(
    qtbot: QtBot,
    main_window: MainWindow,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = tmp_path / "clients.csv"
    source.write_text(CSV_TEXT, encoding="utf-8")
    dialog = open_dialog(qtbot, main_window)
    _check(dialog)
    assert not dialog.import_button.isEnabled()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a: (str(source), "")))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.columns["last_name"].currentText() == "Last name"  # matched by name
    assert dialog.columns["first_name"].currentText() == NOT_IN_FILE
    dialog.columns["first_name"].setCurrentText("Given")
    dialog.columns["date_of_birth"].setCurrentText("Birth")
    dialog.columns["phone"].setCurrentText("Mobile")
    dialog.date_format.setCurrentText("DD/MM/YYYY")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert dialog.message.text().startswith("2 client(s) would be imported; 1 row(s) with errors")
    assert "Line 4:" in dialog.report.toPlainText()
    assert dialog.preview.item(0, 1).text() == "Nguyễn <b>"
    assert context.worker.call(context.clients.count) == 0
    saved = tmp_path / "mapping.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(saved), "")))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert '"Given"' in saved.read_text(encoding="utf-8")
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert dialog.message.text().startswith("2 client(s) imported")
    assert context.worker.call(context.clients.count) == 2
    assert not dialog.import_button.isEnabled()
