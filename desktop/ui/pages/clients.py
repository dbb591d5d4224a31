"""Clients: a lazily loaded table, instant search (FTS5 over names and notes), archive."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.pages import Page
from desktop.ui.table_models.client_table_model import (
    RECENT,
    ArchivedRole,
    ClientQuery,
    ClientTableModel,
)
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

SEARCH_DELAY_MS = 200


class ClientsPage(Page):
    title = "Clients"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = ClientTableModel(context)
        self.search = named(QLineEdit(), "Search clients", "Search names and notes")
        self.search.setPlaceholderText("Search names and notes…")
        self.search.setClearButtonEnabled(True)
        self.include_archived = named(QCheckBox("Show &archived"), "Show archived clients")
        self.table = named(QTableView(), "Clients")
        self.count = QLabel()
        self.message = MessageLine("Clients message")
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._counting: ClientQuery | None = None  # the search whose matches are being counted
        self._build_table()
        self._build_controls()
        self._connect()

    def _build_table(self) -> None:
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)

    def _build_controls(self) -> None:
        self.new_button = named(QPushButton("&New client…"), "New client")
        self.edit_button = named(QPushButton("&Edit…"), "Edit the selected client")
        self.open_button = named(QPushButton("&Open record"), "Open the selected client's record")
        self.archive_button = named(QPushButton("Archi&ve"), "Archive or restore the client")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.include_archived)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.edit_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        self.layout_.addLayout(top)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.message)
        self.layout_.addLayout(buttons)

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._run_query)
        self._search_timer.timeout.connect(self._run_query)
        self.include_archived.toggled.connect(lambda _on: self._run_query())
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.activated.connect(self._on_table_double_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.archive_button.clicked.connect(self._on_archive_clicked)
        self.model.loaded.connect(self._on_loaded)
        self.model.failed.connect(self.message.show_error)
        selection = self.table.selectionModel()
        selection.selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # ----- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        self._run_query()

    def clear(self) -> None:
        self._search_timer.stop()
        self.model.clear()
        self.count.clear()
        self._counting = None

    def _run_query(self) -> None:
        self._search_timer.stop()
        self.message.clear_message()
        current = self.model.query
        typed, archived = self.search.text(), self.include_archived.isChecked()
        if typed.strip() and not current.search.strip():
            # A new search lists the most recent matches first; a header click sorts them.
            self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
            query = ClientQuery(typed, archived, RECENT)
        elif not typed.strip() and current.sort == RECENT:
            self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
            query = ClientQuery(typed, archived)
        else:
            query = ClientQuery(typed, archived, current.sort, current.descending)
        self._counting = None
        self.model.run_query(query)

    def _on_loaded(self, rows: int) -> None:
        more = self.model.canFetchMore()
        query = self.model.query
        if self.model.by_recent_match and more:
            if self._counting != query:
                self._counting = query
                self.count.setText(f"{rows:,}+ matching clients, most recent first; counting…")
                self._count_matches(query)
        elif self.model.by_recent_match:
            self.count.setText(_matching(rows))
        else:
            self.count.setText(f"{rows}{'+' if more else ''} client{'s' if rows != 1 else ''}")
        self._update_buttons()

    def _count_matches(self, query: ClientQuery) -> None:
        clients = self.context.clients

        def counted(total: int) -> None:
            if self._counting == query and self.model.query == query:
                self.count.setText(_matching(total))

        self.context.worker.run(
            lambda: clients.count(search=query.search, include_archived=query.include_archived),
            counted,
            self.context.error_handler(self),
        )

    # ----- acting ---------------------------------------------------------------------------

    def selected_client(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.client_id(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        row = self.table.selectionModel().selectedRows()
        chosen = bool(row)
        for button in (self.edit_button, self.open_button, self.archive_button):
            button.setEnabled(chosen)
        archived = chosen and bool(self.model.data(row[0], ArchivedRole))
        self.archive_button.setText("Resto&re" if archived else "Archi&ve")

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        client_id = self.model.client_id(index.row())
        if client_id is not None:
            open_client_record(self.context, client_id, self.window())

    def _on_new_clicked(self) -> None:
        self._open_dialog(None)

    def _on_edit_clicked(self) -> None:
        client_id = self.selected_client()
        if client_id is not None:
            self._open_dialog(client_id)

    def _open_dialog(self, client_id: int | None) -> ClientDialog:
        dialog = ClientDialog(self.context, client_id, self.window())
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.open()
        return dialog

    def _on_open_clicked(self) -> None:
        client_id = self.selected_client()
        if client_id is not None:
            open_client_record(self.context, client_id, self.window())

    def _on_archive_clicked(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        client_id = self.selected_client()
        if client_id is None:
            return
        archive = not bool(self.model.data(rows[0], ArchivedRole))
        context = self.context
        context.worker.run(
            lambda: context.clients.set_archived(client_id, archive),
            lambda _none: self.refresh(),
            context.error_handler(self),
        )


def _matching(total: int) -> str:
    if total < 2:
        return f"{total} matching client{'s' if total != 1 else ''}"
    return f"{total:,} matching clients, most recent first"
