"""Audit log: filter by client, action and date range (in SQL); verify the whole vault."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.services.clients.service import ClientSummary
from desktop.services.practice.audit_log import AuditFilter
from desktop.storage.audit import AuditAction
from desktop.storage.integrity import VerifyResult, verify_vault
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_midnight
from desktop.ui.pages import Page
from desktop.ui.table_models.audit_table_model import AuditTableModel
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.column_fit import ColumnFitter
from desktop.ui.widgets.date_field import OptionalDateField
from desktop.ui.widgets.status import BusyIndicator, MessageLine
from desktop.workflow.audit_labels import action_label

CLIENT_CHOICES = 50


class AuditLogPage(Page):
    title = "Audit log"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = AuditTableModel(context)
        self.client = named(QComboBox(), "Filter by client")
        self.client_search = named(
            QLineEdit(),
            "Find a client for the filter",
            "Type part of a name to list matching clients",
        )
        self.client_search.setPlaceholderText(f"Type a name: the first {CLIENT_CHOICES} are listed")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self._load_client_choices)
        self.client_search.textChanged.connect(lambda _t: self._search_timer.start())
        self.action = named(QComboBox(), "Filter by action")
        self.action.addItem("All actions", None)
        for action in AuditAction:
            self.action.addItem(action_label(action.value), action)
        self.start = OptionalDateField("From date")
        self.end = OptionalDateField("Up to and including date")
        self.apply_button = named(QPushButton("&Show"), "Apply the audit filters")
        self.apply_button.clicked.connect(self._run_query)
        self.table = named(QTableView(), "Audit events")
        self.count = QLabel()
        self.message = MessageLine("Audit log message")
        self.verify_button = named(QPushButton("&Verify integrity"), "Verify integrity")
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.verify_busy = BusyIndicator("Checking the database and the audit chain…")
        self.verify_result = MessageLine("Integrity result")
        self._layout()
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self.message.show_error)

    def _layout(self) -> None:
        filters = QFormLayout()
        client_row = QHBoxLayout()
        client_row.addWidget(self.client_search, 1)
        client_row.addWidget(self.client, 2)
        filters.addRow("&Client", client_row)
        filters.addRow("&Action", self.action)
        filters.addRow("&From", self.start)
        filters.addRow("&To", self.end)
        self.layout_.addLayout(filters)
        row = QHBoxLayout()
        row.addWidget(self.apply_button)
        row.addStretch(1)
        row.addWidget(self.count)
        self.layout_.addLayout(row)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.columns = ColumnFitter(self.table)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.message)
        verify = QHBoxLayout()
        verify.addWidget(self.verify_button)
        verify.addWidget(self.verify_busy, 1)
        self.layout_.addLayout(verify)
        self.layout_.addWidget(self.verify_result)

    def refresh(self) -> None:
        self._load_client_choices(then_query=True)

    def _load_client_choices(self, then_query: bool = False) -> None:
        """List the first CLIENT_CHOICES clients matching the search (never all of them)."""
        context, typed = self.context, self.client_search.text()

        def done(clients: list[ClientSummary]) -> None:
            self._on_clients_loaded(clients, then_query)

        context.worker.run(
            lambda: context.clients.list(search=typed, include_archived=True, limit=CLIENT_CHOICES),
            done,
            context.error_handler(self),
        )

    def _on_clients_loaded(self, clients: list[ClientSummary], then_query: bool) -> None:
        chosen = self.client.currentData()
        self.client.clear()
        self.client.addItem("All clients", None)
        for summary in clients:
            self.client.addItem(f"{summary.display_name} (#{summary.id})", summary.id)
        self.client.setCurrentIndex(max(self.client.findData(chosen), 0))
        if then_query:
            self._run_query()

    def current_filter(self) -> AuditFilter:
        start, end = self.start.value(), self.end.value()
        action = self.action.currentData()
        return AuditFilter(
            client_id=self.client.currentData(),
            action=AuditAction(action) if action else None,
            start=local_midnight(start) if start else None,
            end=local_midnight(end + timedelta(days=1)) if end else None,
        )

    def _run_query(self) -> None:
        self.message.clear_message()
        try:
            filters = self.current_filter()
        except (OverflowError, ValueError):
            self.message.show_message("Check the dates of the range.", "error")
            return
        self.model.run_query(filters)

    def _on_loaded(self, rows: int) -> None:
        if rows <= self.model.batch_size:
            self.columns.fit()
        more = "+" if self.model.canFetchMore() else ""
        self.count.setText(f"{rows}{more} event{'s' if rows != 1 else ''}")

    def _on_verify_clicked(self) -> None:
        context = self.context
        self.verify_button.setEnabled(False)
        self.verify_result.clear_message()
        self.verify_busy.start()
        context.worker.run(
            lambda: verify_vault(context.vault), self._on_verified, self._on_verify_failed
        )

    def _on_verified(self, result: VerifyResult) -> None:
        self._verify_done()
        verdict = "Everything checks out." if result.ok else "A problem was found."
        advice = "" if result.ok else "\nRestore from your most recent backup, then verify again."
        self.verify_result.show_message(
            f"{verdict}\n{result.summary}{advice}", "ok" if result.ok else "error"
        )

    def _on_verify_failed(self, exc: BaseException) -> None:
        self._verify_done()
        self.verify_result.show_error(exc)

    def _verify_done(self) -> None:
        self.verify_busy.stop()
        self.verify_button.setEnabled(True)

    def clear(self) -> None:
        self.model.clear()
        self.client.clear()
        self.count.clear()
        self.verify_result.clear_message()
