"""A table model that loads its rows in batches on the DatabaseWorker.

``fetchMore`` asks for the next batch after the last row held (keyset paging: the loader
continues from that row in its sort order, never with OFFSET); the rows arrive on the UI
thread and are appended.
Changing the query or the sort order starts a new generation: answers to older requests are
dropped, so a slow search can never overwrite a newer one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desktop.ui.background import DatabaseWorker

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
Loader = Callable[[T | None, int], list[T]]  # (last row held, batch size) -> next rows
log = logging.getLogger("confide.ui.table")


class LazyTableModel(QAbstractTableModel, Generic[T]):
    """Subclasses define HEADERS and ``cell(row, column, role)``; set ``loader`` to query."""

    HEADERS: tuple[str, ...] = ()
    loaded = Signal(int)  # rows now held
    failed = Signal(object)

    def __init__(self, worker: DatabaseWorker, batch_size: int = 200) -> None:
        super().__init__()
        self._worker = worker
        self._batch = batch_size
        self._rows: list[T] = []
        self._loader: Loader[T] | None = None
        self._generation = 0
        self._loading = False
        self._exhausted = True

    # ----- Qt interface ---------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        return self.cell(self._rows[index.row()], index.column(), role)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._request(self._rows[-1] if self._rows else None)

    # ----- for subclasses and owners --------------------------------------------------------

    def cell(self, row: T, column: int, role: int) -> Any:
        raise NotImplementedError

    def row_at(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def batch_size(self) -> int:
        return self._batch

    @property
    def is_loading(self) -> bool:
        return self._loading

    def set_loader(self, loader: Loader[T] | None) -> None:
        """Replace the query (``loader(after, limit)``) and load its first batch."""
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._loader = loader
        self._loading = False
        self._exhausted = loader is None
        self.endResetModel()
        if loader is not None:
            self._request(None)

    def clear(self) -> None:
        """Drop every row (the vault is locking)."""
        self.set_loader(None)

    def _request(self, after: T | None) -> None:
        loader, generation, limit = self._loader, self._generation, self._batch
        if loader is None:
            return
        self._loading = True
        self._worker.run(
            lambda: loader(after, limit),
            lambda rows: self._on_batch(generation, rows),
            lambda exc: self._on_failed(generation, exc),
        )

    def _on_batch(self, generation: int, rows: list[T]) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = len(rows) < self._batch
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit(len(self._rows))

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._exhausted = True
        log.warning("rows not loaded: %s", type(exc).__name__)
        self.failed.emit(exc)
