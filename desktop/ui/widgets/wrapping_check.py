"""A checkbox whose long label wraps onto more lines instead of widening its form."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QStyle, QWidget

WRAP_FROM_CHARS = 40  # shorter labels stay on one line, as a plain checkbox


class WrappingCheckBox(QCheckBox):
    """Checked by a click anywhere on it, label included; the label wraps to the width given."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        style = self.style()
        indent = style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, self)
        indent += style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, self)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(indent + 2, 0, 0, 0)
        self.row.addWidget(self.label)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)  # layouts ask how tall it is at the width they give
        self.setSizePolicy(policy)

    def text(self) -> str:
        return self.label.text()

    def sizeHint(self) -> QSize:
        return self.row.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.row.minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return max(self.row.heightForWidth(width), super().sizeHint().height())

    def hitButton(self, pos: QPoint) -> bool:
        return self.rect().contains(pos)


def check_box(text: str) -> QCheckBox:
    """A plain checkbox for a short label, a wrapping one for a long label."""
    return WrappingCheckBox(text) if len(text) > WRAP_FROM_CHARS else QCheckBox(text)
