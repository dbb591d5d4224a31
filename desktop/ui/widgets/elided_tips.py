"""Full text in a tooltip for any table or list cell too narrow for it ("Dr. Ana Ruiz, Riv…").

One event filter on the application covers every item view: when a tooltip is asked for over a
cell that has none of its own and whose text does not fit, it shows the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractItemView, QToolTip, QWidget

CELL_PADDING = 12  # the style's text margins inside a cell, in pixels


def view_of(viewport: QObject) -> QAbstractItemView | None:
    """The item view whose viewport ``viewport`` is, if it is one."""
    parent = viewport.parent()
    if isinstance(parent, QAbstractItemView) and parent.viewport() is viewport:
        return parent
    return None


def cut_text(view: QAbstractItemView, event: QHelpEvent) -> str:
    """The cell's whole text when the cell cuts it and has no tooltip of its own; else ""."""
    index = view.indexAt(event.pos())
    if not index.isValid() or index.data(Qt.ItemDataRole.ToolTipRole):
        return ""
    text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
    room = view.visualRect(index).width() - CELL_PADDING
    widest = max(
        (view.fontMetrics().horizontalAdvance(line) for line in text.splitlines()), default=0
    )
    return text if widest > room else ""


class ElidedCellTips(QObject):
    """Install with ``QApplication.instance().installEventFilter(ElidedCellTips(app))``."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
            return False
        view = view_of(watched)
        if view is None:
            return False
        text = cut_text(view, event)
        if not text:
            return False
        assert isinstance(watched, QWidget)
        QToolTip.showText(event.globalPos(), text, watched)
        return True
