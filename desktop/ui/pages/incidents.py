"""Incidents: the open ones with their next step and due time (overdue first), and on request
the finalized ones too. Opening one shows its workflow."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QWidget

from desktop.services.incidents.listing import MAX_ROWS, IncidentRow
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.incident_launch import open_incident_wizard
from desktop.ui.pages import Page
from desktop.ui.pages.list_section import ListSection, more_text
from desktop.ui.table_models.row_table_model import Row
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.sections import Loaded, load_counted, load_section

HEADERS = ("Client", "Type", "Next step", "Due", "Opened")


def open_rows(context: AppContext) -> list[Row]:
    return [
        Row(
            s.id,
            (
                s.client_display_name,
                s.exception_type.label,
                s.next_step_label,
                local_time(s.due_at, "no deadline"),
                local_time(s.opened_at),
            ),
            highlight=s.overdue,
            note="overdue" if s.overdue else "",
        )
        for s in context.incidents.open_incidents()
    ]


def all_rows(context: AppContext) -> tuple[int, list[Row]]:
    """The newest MAX_ROWS incidents, and how many there are in all."""
    found = context.incidents.rows(limit=MAX_ROWS + 1)
    total = len(found) if len(found) <= MAX_ROWS else context.incidents.count()
    return total, [_row(r) for r in found[:MAX_ROWS]]


def _row(r: IncidentRow) -> Row:
    step = f"Finalized {local_time(r.finalized_at)}" if r.finalized else r.current_step.label
    due = "" if r.finalized else local_time(r.due_at, "no deadline")
    cells = (r.client_display_name, r.exception_type.label, step, due, local_time(r.opened_at))
    return Row(r.id, cells, highlight=r.overdue)


class IncidentsPage(Page):
    title = "Incidents"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.section = ListSection("Incidents", HEADERS)
        self.section.activated.connect(self._on_activated)
        self.include_finalized = named(
            QCheckBox("Show &finalized incidents"), "Show finalized incidents"
        )
        self.include_finalized.toggled.connect(lambda _on: self.refresh())
        self.refresh_button = named(QPushButton("&Refresh"), "Refresh incidents")
        self.refresh_button.clicked.connect(self.refresh)
        row = QHBoxLayout()
        row.addWidget(self.include_finalized)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.section, 1)

    def refresh(self) -> None:
        context, everything = self.context, self.include_finalized.isChecked()
        if everything:
            work = lambda: load_counted(lambda: all_rows(context), "incidents")  # noqa: E731
        else:
            work = lambda: load_section(lambda: open_rows(context), "incidents")  # noqa: E731
        context.worker.run(work, self._on_loaded, context.error_handler(self))

    def _on_loaded(self, loaded: Loaded[Row]) -> None:
        more = more_text(loaded, "incidents, newest first")
        self.section.show_rows(loaded, "No incidents. Start one from a client's record.", more)
        self.section.more.setVisible(False)

    def clear(self) -> None:
        self.section.clear()

    def _on_activated(self, incident_id: int) -> None:
        open_incident_wizard(self.context, incident_id, self.window())
