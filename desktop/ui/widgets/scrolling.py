"""A frameless area that scrolls down when a window is too short for what it shows (a small
screen or large text), so nothing is ever cut off at the bottom, and never sideways."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QWidget

from desktop.ui.widgets.accessibility import named


class DownScrollArea(QScrollArea):
    """As wide as its content needs (so it never scrolls sideways); any height will do."""

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return super().minimumSizeHint()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        width = inner.minimumSizeHint().width() + bar + 2 * self.frameWidth()
        return QSize(width, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        inner = self.widget()
        wanted = inner.sizeHint().height() + 2 * self.frameWidth() if inner else hint.height()
        return QSize(max(hint.width(), self.minimumSizeHint().width()), max(hint.height(), wanted))


def scroll_down(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` at the full size of the area, scrolling only when it cannot shrink further."""
    area = named(DownScrollArea(), name)
    area.setObjectName("plainScroll")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.viewport().setAutoFillBackground(False)  # the window's own colour shows through
    widget.setAutoFillBackground(False)
    return area
