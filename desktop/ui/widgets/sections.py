"""Building blocks for list pages: a read-only table with an id per row, and a loader that
turns each section's failure into a plain line instead of an empty screen.

SectionTable (one widget item per cell) is for the short per-client lists of a record; lists
that grow with the practice use ListSection (desktop.ui.pages.list_section) over a model."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ConfideError
from desktop.ui.table_models.row_table_model import OVERDUE_BRUSH, Row, RowIdRole

__all__ = ["Loaded", "Row", "RowIdRole", "SectionTable", "load_counted", "load_section"]
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.column_fit import ColumnFitter
from desktop.ui.widgets.status import MessageLine

T = TypeVar("T")
log = logging.getLogger("confide.ui.sections")
NOT_AVAILABLE = "Not available in this version of Confide."


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A section's rows, or a plain sentence saying why there are none."""

    rows: list[T]
    problem: str = ""
    total: int | None = None  # how many there are when ``rows`` holds only the first ones


def load_section(fetch: Callable[[], list[T]], what: str) -> Loaded[T]:
    """Run ``fetch`` (on the worker); a missing service or a failure becomes a message."""
    return load_counted(lambda: (None, fetch()), what)


def load_counted(fetch: Callable[[], tuple[int | None, list[T]]], what: str) -> Loaded[T]:
    """Like :func:`load_section`, for a fetch that returns (total, first rows)."""
    try:
        total, rows = fetch()
        return Loaded(rows, total=total)
    except ImportError:
        log.warning("section unavailable: %s", what)
        return Loaded([], NOT_AVAILABLE)
    except ConfideError as exc:
        return Loaded([], exc.message)
    except Exception as exc:
        log.error("section %s failed: %s", what, type(exc).__name__)
        return Loaded([], f"The {what} could not be loaded. Try again later.")


class SectionTable(QGroupBox):
    """A titled, read-only table; ``activated`` gives the row's id."""

    activated = Signal(int)

    def __init__(self, title: str, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.table = named(QTableWidget(0, len(headers)), title)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.columns = ColumnFitter(self.table)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.cellActivated.connect(self._on_cell)
        self.table.cellDoubleClicked.connect(self._on_cell)
        self.message = MessageLine(f"{title}: message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)

    def show_rows(self, loaded: Loaded[Row], empty: str) -> None:
        rows = loaded.rows
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for column, text in enumerate(row.cells):
                self.table.setItem(index, column, _item(row, text, column == len(row.cells) - 1))
        if loaded.problem:
            self.message.show_message(loaded.problem, "error")
        else:
            self.message.show_message("" if rows else empty, "info")

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.message.clear_message()

    def _on_cell(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.activated.emit(int(item.data(RowIdRole)))


def _item(row: Row, text: str, last: bool) -> QTableWidgetItem:
    shown = f"{text} ({row.note})" if last and row.note else text
    item = QTableWidgetItem(shown)
    item.setData(RowIdRole, row.row_id)
    if row.highlight:
        item.setBackground(OVERDUE_BRUSH)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item
