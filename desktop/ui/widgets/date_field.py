"""A date picker with a "No date" choice (QDateEdit alone cannot be empty)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from desktop.ui.formatting import editor_date_format
from desktop.ui.widgets.accessibility import named


class OptionalDateField(QWidget):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = named(QDateEdit(), name)
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat(editor_date_format())
        self.editor.setMinimumDate(QDate(1900, 1, 1))
        self.editor.setDate(QDate.currentDate())
        self.no_date = named(QCheckBox("No date"), f"{name}: no date")
        self.no_date.toggled.connect(self._on_no_date_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.no_date)
        self.no_date.setChecked(True)
        self.setFocusProxy(self.editor)

    def _on_no_date_toggled(self, checked: bool) -> None:
        self.editor.setEnabled(not checked)

    def value(self) -> date | None:
        if self.no_date.isChecked():
            return None
        picked = self.editor.date()
        return date(picked.year(), picked.month(), picked.day())

    def set_value(self, value: date | None) -> None:
        self.no_date.setChecked(value is None)
        if value is not None:
            self.editor.setDate(QDate(value.year, value.month, value.day))
