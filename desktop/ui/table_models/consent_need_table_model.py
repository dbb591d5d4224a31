"""Clients who need a (new) consent, in batches by keyset from the SQL consent queue."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from desktop.services.consents.service import ConsentNeed
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.table_models.lazy import LazyTableModel
from desktop.ui.table_models.row_table_model import RowIdRole


class ConsentNeedTableModel(LazyTableModel[ConsentNeed]):
    HEADERS = ("Client", "Why", "Last signed", "Version")

    def __init__(self, context: AppContext, batch_size: int = 200) -> None:
        super().__init__(context.worker, batch_size)
        self._context = context

    def run_query(self) -> None:
        """Start over from the first client needing a consent."""
        self.set_loader(self._context.consents.needing_consent_page)

    def cell(self, row: ConsentNeed, column: int, role: int) -> Any:
        if role == RowIdRole:
            return row.client_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == 0:
            return row.client_display_name
        if column == 1:
            return row.reason.capitalize()
        if column == 2:
            return local_time(row.signed_at, "never")
        return f"v{row.template_version}" if row.template_version else ""
