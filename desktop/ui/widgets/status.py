"""A busy indicator and an inline message line (errors stay next to what caused them)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.ui.error_dialogs import message_for
from desktop.ui.widgets.accessibility import named

SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)


class BusyIndicator(QWidget):
    """An indeterminate progress bar with a short label; hidden when idle."""

    def __init__(self, text: str = "Working…", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._bar = named(QProgressBar(), "Busy")
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setMaximumWidth(160)
        self._label = QLabel(text)
        layout.addWidget(self._bar)
        layout.addWidget(self._label)
        layout.addStretch(1)
        self.setVisible(False)

    def start(self, text: str | None = None) -> None:
        if text is not None:
            self._label.setText(text)
        self.setVisible(True)

    def stop(self) -> None:
        self.setVisible(False)


class WrappingLabel(QLabel):
    """A word-wrapped label as tall as its text needs at the width it has (in a form row
    Qt would otherwise keep the height of a narrow many-line guess, or cut the last lines)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.text() and self.isVisible():  # laid out: its width is the real one
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self.text() and self.isVisible():  # laid out: its width is the real one
            return QSize(hint.width(), self.heightForWidth(self.width()))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()


class MessageLine(WrappingLabel):
    """Plain-language feedback shown inline: kind is "error", "info" or "ok" (styled in QSS)."""

    def __init__(self, name: str = "Message", parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._name = name
        self.setWordWrap(True)
        self.setTextInteractionFlags(SELECTABLE)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab, to read or copy
        self.clear_message()

    def show_error(self, exc: BaseException) -> None:
        what, advice = message_for(exc)
        self.show_message(f"{what} {advice}".strip(), "error")

    def show_message(self, text: str, kind: str = "info") -> None:
        self.setProperty("kind", kind)
        self.setText(text)
        named(self, text or self._name)
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("", "info")
