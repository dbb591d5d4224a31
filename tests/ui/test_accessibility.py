"""Every control can be reached with the keyboard and has a name a screen reader can say."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QScrollBar,
    QTabBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui.background import DatabaseWorker
from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.first_run import FirstRunWindow
from desktop.ui.main_window import MainWindow
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import wait_idle


def _is_part_of_compound(widget: QWidget) -> bool:
    """Inner pieces that Qt names through their owner (spin box editors, scroll bars...)."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar | QTabBar):
        return True
    if parent is not None and isinstance(parent, QAbstractSpinBox | QComboBox):
        return True
    return (
        parent is not None
        and isinstance(parent.parentWidget(), QAbstractScrollArea)
        and (widget is getattr(parent.parentWidget(), "viewport", lambda: None)())
    )


def _controls(root: QWidget) -> list[QWidget]:
    return [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisibleTo(root)
        and not _is_part_of_compound(w)
        and w.objectName() != "qt_scrollarea_viewport"
    ]


def _spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _check(root: QWidget) -> None:
    controls = _controls(root)
    assert controls, "nothing to check"
    unnamed = [f"{type(w).__name__}" for w in controls if not _spoken_name(w).strip()]
    assert unnamed == []
    no_tab = [
        f"{type(w).__name__}:{_spoken_name(w)}"
        for w in controls
        if not w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]
    assert no_tab == []


def test_main_window_pages(qtbot: QtBot, main_window: MainWindow) -> None:
    for index in range(len(main_window.pages)):
        main_window.show_page(index)
        wait_idle(qtbot, main_window.context.worker)
        _check(main_window)
    main_window.lock()
    _check(main_window)


def test_client_dialog_and_record(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    dialog = ClientDialog(context, None, main_window)
    dialog.show()
    _check(dialog)
    dialog.reject()
    client = context.worker.call(lambda: context.clients.create(ClientInput("Acc", "Essible")))
    record = open_client_record(context, client, main_window)
    assert isinstance(record, ClientRecordDialog)
    wait_idle(qtbot, context.worker)
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        _check(record)


def test_first_run_pages(qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path) -> None:
    window = FirstRunWindow(worker, tmp_path / "v")
    qtbot.addWidget(window)
    window.show()
    for page in range(window.pages.count()):
        window.pages.setCurrentIndex(page)
        _check(window)
