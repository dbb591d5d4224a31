"""A titled list on a page: a table view over a model, a message line, and, when the page
shows only the first rows of a longer list, a count with a "Show all" button."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.table_models.row_table_model import Row, RowIdRole, RowTableModel
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.column_fit import ColumnFitter
from desktop.ui.widgets.sections import Loaded
from desktop.ui.widgets.status import MessageLine


class ListSection(QGroupBox):
    """``activated`` gives the row's id; ``show_all`` asks for the page with the whole list."""

    activated = Signal(int)
    show_all = Signal()

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        parent: QWidget | None = None,
        *,
        model: QAbstractItemModel | None = None,
        show_all_text: str = "",
        fit_rows: int = 0,
        fold: Sequence[int] = (),
    ) -> None:
        super().__init__(title, parent)
        self.fit_rows = fit_rows  # when set, the table is only as tall as its rows, up to this
        self.rows = RowTableModel(headers)
        self.view = named(QTableView(), title)
        self.view.setModel(model if model is not None else self.rows)
        self._configure_view(fold)
        self.message = MessageLine(f"{title}: message")
        self.more = named(QPushButton(show_all_text or "Show all"), f"{title}: show all")
        self.more.setVisible(False)
        self.more.clicked.connect(self.show_all.emit)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.more)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(bottom)

    def _configure_view(self, fold: Sequence[int]) -> None:
        view = self.view
        self.columns = ColumnFitter(view, fold)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setTabKeyNavigation(False)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.activated.connect(self._on_index)
        view.doubleClicked.connect(self._on_index)

    def show_rows(self, loaded: Loaded[Row], empty: str, more: str = "") -> None:
        """Show ``loaded``; ``more`` (e.g. "1,234 clients need a consent; the first 50 are
        shown.") is shown with the Show all button when the list goes on elsewhere."""
        self.rows.set_rows(loaded.rows)
        self.columns.fit()
        self._fit_height()
        self.more.setVisible(bool(more) and not loaded.problem)
        if loaded.problem:
            self.message.show_message(loaded.problem, "error")
        elif more:
            self.message.show_message(more, "info")
        else:
            self.message.show_message("" if loaded.rows else empty, "info")

    def _fit_height(self) -> None:
        if not self.fit_rows:
            return
        view = self.view
        shown = min(max(self.row_count(), 1), self.fit_rows)
        rows = sum(view.rowHeight(n) for n in range(min(shown, self.row_count())))
        rows += view.verticalHeader().defaultSectionSize() * max(0, shown - self.row_count())
        header = view.horizontalHeader().sizeHint().height()
        view.setMaximumHeight(header + rows + 2 * view.frameWidth() + 2)

    def show_message(self, text: str, kind: str = "info") -> None:
        self.message.show_message(text, kind)

    def clear(self) -> None:
        self.rows.set_rows([])
        self.more.setVisible(False)
        self.message.clear_message()

    def row_count(self) -> int:
        return self.view.model().rowCount()

    def cell_text(self, row: int, column: int) -> str:
        value = self.view.model().index(row, column).data()
        return "" if value is None else str(value)

    def activate_row(self, row: int) -> None:
        """What a double-click or Enter on ``row`` does."""
        self._on_index(self.view.model().index(row, 0))

    def _on_index(self, index: QModelIndex) -> None:
        row_id = index.siblingAtColumn(0).data(RowIdRole) if index.isValid() else None
        if row_id is not None:
            self.activated.emit(int(row_id))


def more_text(loaded: Loaded[Row], what: str) -> str:
    """ "1,234 clients need a consent; the first 50 are shown." when the list is cut short."""
    total = loaded.total
    if total is None or total <= len(loaded.rows):
        return ""
    return f"{total:,} {what}; the first {len(loaded.rows)} are shown."
