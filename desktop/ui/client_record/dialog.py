"""One client's record window: a header, the six tabs, and the break-confidentiality start."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import ExceptionType
from desktop.ui.client_record.incidents_tab import ExceptionTypeDialog, IncidentsTab
from desktop.ui.client_record.notes_tab import NotesTab
from desktop.ui.client_record.profile_tab import ProfileTab
from desktop.ui.client_record.tabs import TAB_FACTORIES
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.incident_launch import open_incident_wizard
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.deadline_banner import DeadlineBanner
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.client_views import ClientRecord

log = logging.getLogger("confide.ui.client_record")
TAB_ORDER = ("Profile", "Consents", "Releases", "Incidents", "Disclosures", "Notes")


class ClientRecordDialog(QDialog):
    changed = Signal()

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Client record — Confide")
        self.context, self.client_id = context, client_id
        self.name = heading(QLabel(""), 1)
        self.status = QLabel("")
        self.start_button = named(
            QPushButton("Start &break-confidentiality workflow…"),
            "Start break-confidentiality workflow",
        )
        self.start_button.clicked.connect(self._on_start_clicked)
        self.chart_button = named(QPushButton("Export &chart…"), "Export the client chart")
        self.chart_button.clicked.connect(self._on_chart_clicked)
        self.message = MessageLine("Client record message")
        self.profile = ProfileTab()
        self.profile.edit_requested.connect(self._on_edit_requested)
        self.profile.archive_requested.connect(self._on_archive_requested)
        self.incidents = IncidentsTab(context, client_id)
        self.deadline = DeadlineBanner(offer_open=True)
        self.incidents.deadlines_loaded.connect(self.deadline.show_most_urgent)
        self.deadline.open_requested.connect(
            lambda incident_id: open_incident_wizard(self.context, incident_id, self)
        )
        self.notes = NotesTab(context, client_id)
        self.tabs = named(QTabWidget(), "Client record sections")
        self._add_tabs()
        self._layout()
        self.resize(900, 720)
        self.refresh()

    def _add_tabs(self) -> None:
        own: dict[str, QWidget] = {
            "Profile": self.profile,
            "Incidents": self.incidents,
            "Notes": self.notes,
        }
        for title in TAB_ORDER:
            widget = own.get(title) or TAB_FACTORIES[title](self.context, self.client_id, self)
            self.tabs.addTab(widget, f"&{title}" if title != "Disclosures" else "Di&sclosures")

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.name)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.chart_button)
        top.addWidget(self.start_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.deadline)
        column.addWidget(self.message)
        column.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll_down(body, "Client record"))

    def tab(self, title: str) -> QWidget:
        widget = self.tabs.widget(TAB_ORDER.index(title))
        assert widget is not None
        return widget

    def refresh(self) -> None:
        context, client_id = self.context, self.client_id
        context.worker.run(lambda: context.clients.get(client_id), self._on_loaded, self._on_failed)
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            refresh = getattr(tab, "refresh", None)
            if tab is not self.profile and callable(refresh):
                refresh()

    def _on_loaded(self, record: ClientRecord) -> None:
        self.name.setText(record.display_name)
        self.status.setText("Archived" if record.archived else "")
        self.profile.show_record(record)

    def _on_failed(self, exc: BaseException) -> None:
        self.message.show_error(exc)

    def _on_edit_requested(self) -> None:
        dialog = ClientDialog(self.context, self.client_id, self)
        dialog.saved.connect(lambda _id: self._on_changed())
        dialog.open()

    def _on_archive_requested(self, archive: bool) -> None:
        context, client_id = self.context, self.client_id
        context.worker.run(
            lambda: context.clients.set_archived(client_id, archive),
            lambda _none: self._on_changed(),
            self._on_failed,
        )

    def _on_changed(self) -> None:
        self.refresh()
        self.changed.emit()

    def _on_chart_clicked(self) -> None:
        from desktop.ui.client_record.chart_dialog import ChartExportDialog
        from desktop.ui.consents.export_prompt import PDF_FILTER, ask_save_path

        suggested = f"chart-client-{self.client_id}.pdf"
        path = ask_save_path(self, "Export the client chart", suggested, PDF_FILTER)
        if path is None:
            return
        dialog = ChartExportDialog(self.context, self.client_id, path, self)
        dialog.completed.connect(self._on_chart_exported)
        dialog.open()

    def _on_chart_exported(self, result: object) -> None:
        from desktop.ui.client_record.chart_dialog import ChartExportResult

        assert isinstance(result, ChartExportResult)
        exported = result.exported
        text = f"Chart saved as {exported.path.name} ({exported.page_count} pages)."
        if result.recipient:
            text += f" Recorded as a disclosure to {result.recipient}."
        self.message.show_message(text, "ok")
        self.refresh()

    def _on_start_clicked(self) -> None:
        chooser = ExceptionTypeDialog(self)
        chooser.chosen.connect(self._start_incident)
        chooser.open()

    def _start_incident(self, kind: ExceptionType) -> None:
        context, client_id = self.context, self.client_id
        context.worker.run(
            lambda: context.incidents.start(client_id, kind), self._on_started, self._on_failed
        )

    def _on_started(self, incident_id: int) -> None:
        log.info("incident started")
        self.incidents.refresh()
        open_incident_wizard(self.context, incident_id, self)
