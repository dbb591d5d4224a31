"""Clients in a table: lazy batches from ClientService.list, sorted and searched in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.clients.search import ClientSearch
from desktop.services.clients.service import ClientSummary
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date
from desktop.ui.table_models.lazy import LazyTableModel

COLUMN_LAST_NAME = 0
COLUMN_FIRST_NAME = 1
COLUMN_BIRTH_DATE = 2
COLUMN_NUMBER = 3
COLUMN_STATUS = 4
ClientIdRole = Qt.ItemDataRole.UserRole + 1
ArchivedRole = Qt.ItemDataRole.UserRole + 2

RECENT = "recent"  # while searching: most recent match first (desktop.services.clients.search)
SORT_KEYS = {
    COLUMN_LAST_NAME: "last_name",
    COLUMN_FIRST_NAME: "first_name",
    COLUMN_BIRTH_DATE: "date_of_birth",
    COLUMN_NUMBER: "id",
}


@dataclass(frozen=True)
class ClientQuery:
    search: str = ""
    include_archived: bool = False
    sort: str = "last_name"
    descending: bool = False


class ClientTableModel(LazyTableModel[ClientSummary]):
    HEADERS = ("Last name", "First name", "Date of birth", "Record no.", "Status")

    def __init__(self, context: AppContext, batch_size: int = 200) -> None:
        worker: DatabaseWorker = context.worker
        super().__init__(worker, batch_size)
        self._context = context
        self.query = ClientQuery()

    def cell(self, row: ClientSummary, column: int, role: int) -> Any:
        if role == ClientIdRole:
            return row.id
        if role == ArchivedRole:
            return row.archived
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, column)
        return None

    def run_query(self, query: ClientQuery) -> None:
        """Start over with ``query``; rows arrive in batches."""
        self.query = query
        context = self._context
        if query.sort == RECENT and query.search.strip():
            search = ClientSearch(context.vault, query.search, query.include_archived)
            self.set_loader(lambda _after, limit: search.next(limit))
            return

        def load(after: ClientSummary | None, limit: int) -> list[ClientSummary]:
            return context.clients.list(
                search=query.search,
                include_archived=query.include_archived,
                sort=query.sort,
                descending=query.descending,
                after=after,
                limit=limit,
            )

        self.set_loader(load)

    def refresh(self) -> None:
        self.run_query(self.query)

    @property
    def by_recent_match(self) -> bool:
        """Rows are a search's matches, most recent first (their count comes separately)."""
        return self.query.sort == RECENT and bool(self.query.search.strip())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        self.run_query(ClientQuery(self.query.search, self.query.include_archived, key, descending))

    def client_id(self, row: int) -> int | None:
        found = self.row_at(row)
        return found.id if found is not None else None


def _display(row: ClientSummary, column: int) -> str:
    if column == COLUMN_LAST_NAME:
        return row.last_name
    if column == COLUMN_FIRST_NAME:
        return row.first_name
    if column == COLUMN_BIRTH_DATE:
        return local_date(row.date_of_birth)
    if column == COLUMN_NUMBER:
        return str(row.id)
    return "Archived" if row.archived else "Active"
