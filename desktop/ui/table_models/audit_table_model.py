"""Audit events in a table, newest first, loaded in batches with the filter applied in SQL."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from desktop.services.practice.audit_log import AuditEntry, AuditFilter, AuditLogService
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.table_models.lazy import LazyTableModel
from desktop.workflow.audit_labels import action_label, actor_label, detail_text, record_label

COLUMN_SEQ = 0
COLUMN_TIME = 1
COLUMN_ACTOR = 2
COLUMN_ACTION = 3
COLUMN_RECORD = 4
COLUMN_CLIENT = 5
COLUMN_DETAIL = 6


def describe_detail(detail: dict[str, object]) -> str:
    """Ids, step and field names in words (the audit log never holds client text)."""
    return detail_text(detail)


class AuditTableModel(LazyTableModel[AuditEntry]):
    HEADERS = ("#", "Time", "Who", "Action", "Record", "Client", "Details")

    def __init__(self, context: AppContext, batch_size: int = 200) -> None:
        super().__init__(context.worker, batch_size)
        self._context = context
        self.filters = AuditFilter()

    def run_query(self, filters: AuditFilter) -> None:
        self.filters = filters
        context = self._context
        self.set_loader(
            lambda after, limit: AuditLogService(context.vault).events(
                filters, after_seq=after.seq if after else None, limit=limit
            )
        )

    def cell(self, row: AuditEntry, column: int, role: int) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _CELLS[column](row)


def _record(row: AuditEntry) -> str:
    return record_label(row.entity_type, row.entity_id)


def _client(row: AuditEntry) -> str:
    return row.client_name or (f"#{row.client_id}" if row.client_id else "")


_CELLS: dict[int, Callable[[AuditEntry], str]] = {
    COLUMN_SEQ: lambda row: str(row.seq),
    COLUMN_TIME: lambda row: local_time(row.occurred_at),
    COLUMN_ACTOR: lambda row: actor_label(row.actor),
    COLUMN_ACTION: lambda row: action_label(row.action),
    COLUMN_RECORD: _record,
    COLUMN_CLIENT: _client,
    COLUMN_DETAIL: lambda row: describe_detail(row.detail),
}
