"""A read-only table model over a bounded list of text rows, each with an id.

Used by the dashboard and list pages: a view asks only for the cells it paints, so there is
no widget item per cell (issue 11: per-cell items cost memory and, on PySide6 6.12, crashed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

Index = QModelIndex | QPersistentModelIndex
RowIdRole = Qt.ItemDataRole.UserRole + 1
OVERDUE_BRUSH = QBrush(QColor("#fde2e1"))


@dataclass(frozen=True)
class Row:
    row_id: int
    cells: Sequence[str]
    highlight: bool = False
    note: str = ""  # spoken by screen readers after the row's cells, e.g. "overdue"


class RowTableModel(QAbstractTableModel):
    def __init__(self, headers: Sequence[str]) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._rows: list[Row] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None or index.column() >= len(row.cells):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _text(row, index.column())
        if role == RowIdRole:
            return row.row_id
        if row.highlight and role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BRUSH
        if row.highlight and role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None


def _text(row: Row, column: int) -> str:
    text = row.cells[column]
    last = column == len(row.cells) - 1
    return f"{text} ({row.note})" if last and row.note else text
