"""Drafts kept across an auto-lock: in memory only, never on disk.

Before the vault locks, every open form is asked to ``save_draft()``: it copies what was typed
into memory and clears its fields, so the hidden windows show nothing. After unlocking,
``restore_draft()`` puts the text back.
"""

from __future__ import annotations

import logging
import weakref
from typing import Protocol, runtime_checkable

import shiboken6
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QWidget,
)

log = logging.getLogger("confide.ui.drafts")


@runtime_checkable
class DraftHolder(Protocol):
    def save_draft(self) -> None: ...

    def restore_draft(self) -> None: ...


class DraftRegistry:
    """The open forms whose drafts must survive a lock. Holds them weakly."""

    def __init__(self) -> None:
        self._holders: weakref.WeakSet[DraftHolder] = weakref.WeakSet()

    def register(self, holder: DraftHolder) -> None:
        self._holders.add(holder)

    def unregister(self, holder: DraftHolder) -> None:
        self._holders.discard(holder)

    def __len__(self) -> int:
        return len(self._live())

    def _live(self) -> list[DraftHolder]:
        holders = list(self._holders)
        return [h for h in holders if not isinstance(h, QWidget) or shiboken6.isValid(h)]

    def save_all(self) -> None:
        for holder in self._live():
            holder.save_draft()
        log.info("drafts kept in memory: %d", len(self._live()))

    def restore_all(self) -> None:
        for holder in self._live():
            holder.restore_draft()


FieldValue = str | list[list[str]]


class FieldSnapshot:
    """Copies the editable fields under a widget into memory and clears their text.

    Line edits inside spin boxes, date edits and combo boxes belong to those widgets and are
    handled through them.
    """

    def __init__(self) -> None:
        self._values: dict[QWidget, FieldValue] = {}

    @property
    def holds_draft(self) -> bool:
        return bool(self._values)

    def capture_and_clear(self, root: QWidget) -> None:
        self._values = {}
        for widget in root.findChildren(QWidget):
            value = _read(widget)
            if value is not None:
                self._values[widget] = value
                _clear(widget)

    def restore(self) -> None:
        for widget, value in self._values.items():
            if shiboken6.isValid(widget):
                _write(widget, value)
        self._values = {}


def _owned_by_compound(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractSpinBox | QComboBox)


def _read(widget: QWidget) -> FieldValue | None:
    if isinstance(widget, QLineEdit) and not _owned_by_compound(widget):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QTextEdit) and not widget.isReadOnly():
        return widget.toPlainText()
    if isinstance(widget, QTableWidget):
        return [
            [_cell(widget.item(row, col)) for col in range(widget.columnCount())]
            for row in range(widget.rowCount())
        ]
    return None


def _cell(item: QTableWidgetItem | None) -> str:
    return item.text() if item is not None else ""


def _clear(widget: QWidget) -> None:
    if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        widget.clear()
    elif isinstance(widget, QTableWidget):
        widget.setRowCount(0)


def _write(widget: QWidget, value: FieldValue) -> None:
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QPlainTextEdit | QTextEdit) and isinstance(value, str):
        widget.setPlainText(value)
    elif isinstance(widget, QTableWidget) and isinstance(value, list):
        widget.setRowCount(len(value))
        for row, cells in enumerate(value):
            for col, text in enumerate(cells):
                widget.setItem(row, col, QTableWidgetItem(text))


__all__ = ["DraftHolder", "DraftRegistry", "FieldSnapshot"]
