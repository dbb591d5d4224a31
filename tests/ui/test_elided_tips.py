"""A cell too narrow for its text shows the whole text as a tooltip; one that fits does not."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem, QToolTip
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.elided_tips import ElidedCellTips

LONG = "Dr. Ana Ruiz, Riverside Family Medicine, 1200 Orchard Avenue, Suite 4"


def _hover(qtbot: QtBot, table: QTableWidget, row: int, column: int) -> str:
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=2000)
    centre = table.visualItemRect(table.item(row, column)).center()
    viewport = table.viewport()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, viewport.mapToGlobal(centre))
    QApplication.sendEvent(viewport, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_cut_cells_get_their_whole_text_as_a_tooltip(qtbot: QtBot, qapp: QApplication) -> None:
    tips = ElidedCellTips()
    qapp.installEventFilter(tips)
    try:
        table = QTableWidget(1, 2)
        qtbot.addWidget(table)
        table.setItem(0, 0, QTableWidgetItem(LONG))
        table.setItem(0, 1, QTableWidgetItem("Yes"))
        table.setColumnWidth(0, 120)
        table.setColumnWidth(1, 120)
        table.resize(400, 200)
        table.show()
        qtbot.waitExposed(table)
        assert _hover(qtbot, table, 0, 0) == LONG
        assert _hover(qtbot, table, 0, 1) == ""
        own = QTableWidgetItem(LONG)
        own.setToolTip("its own tip")
        table.setItem(0, 0, own)
        assert _hover(qtbot, table, 0, 0) == "its own tip"  # Qt's own tooltip, not ours
    finally:
        qapp.removeEventFilter(tips)
        QToolTip.hideText()
