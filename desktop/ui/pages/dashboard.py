"""Dashboard: what needs attention today. Open incidents (overdue first), clients whose consent
is missing or outdated, releases expiring within 30 days, and the last backup.

Each list shows its first rows and how many there are in all, counted in SQL; "Show all" opens
the page with the whole list. The statements it runs do not grow with the vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.practice.vault_status import VaultStatusService
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date, local_time
from desktop.ui.incident_launch import open_incident_wizard
from desktop.ui.pages import Page
from desktop.ui.pages.consents_overview import ConsentsOverviewPage
from desktop.ui.pages.incidents import IncidentsPage
from desktop.ui.pages.list_section import ListSection, more_text
from desktop.ui.table_models.row_table_model import Row
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.deadline_banner import DeadlineBanner
from desktop.ui.widgets.sections import Loaded, load_counted, load_section
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.deadline_notice import DeadlineFacts

EXPIRY_DAYS = 30
FIRST_ROWS = 50  # rows shown per list; the count says how many there are


@dataclass(frozen=True)
class DashboardData:
    incidents: Loaded[Row]
    consents: Loaded[Row]
    releases: Loaded[Row]
    last_backup: Loaded[datetime | None]
    has_profile: bool
    deadlines: list[DeadlineFacts]  # every open incident's deadline, for the banner


def gather(context: AppContext) -> DashboardData:
    """Everything the dashboard shows, read on the worker in one go."""
    deadlines: list[DeadlineFacts] = []
    return DashboardData(
        incidents=load_counted(lambda: _incident_rows(context, deadlines), "open incidents"),
        consents=load_counted(lambda: _consent_rows(context), "consent list"),
        releases=load_counted(lambda: _release_rows(context), "expiring releases"),
        last_backup=load_section(
            lambda: [VaultStatusService(context.vault).last_backup_at()], "backup time"
        ),
        has_profile=context.practitioner.get() is not None,
        deadlines=deadlines,
    )


def _incident_rows(context: AppContext, deadlines: list[DeadlineFacts]) -> tuple[int, list[Row]]:
    total, found = context.incidents.open_incident_queue(FIRST_ROWS)
    # The most pressing deadline is always among the first rows (overdue first, then by due
    # time), so the banner needs no other incident.
    deadlines.extend(DeadlineFacts.of_summary(s) for s in found)
    rows = [
        Row(
            s.id,
            (s.client_display_name, s.exception_type.label, s.next_step_label, _due(s.due_at)),
            highlight=s.overdue,
            note="overdue" if s.overdue else "",
        )
        for s in found
    ]
    return total, rows


def _due(moment: datetime | None) -> str:
    return local_time(moment, "no deadline")


def _consent_rows(context: AppContext) -> tuple[int, list[Row]]:
    queue = context.consents.consent_queue(FIRST_ROWS)
    rows = [Row(s.client_id, (s.client_display_name, s.reason.capitalize())) for s in queue.rows]
    return queue.total, rows


def _release_rows(context: AppContext) -> tuple[int, list[Row]]:
    queue = context.releases.expiring_queue(EXPIRY_DAYS, FIRST_ROWS)
    rows = [
        Row(
            r.client_id,
            (r.client_display_name, r.recipient_name, local_date(r.expires_on), str(r.days_left)),
            highlight=r.days_left <= 7,
        )
        for r in queue.rows
    ]
    return queue.total, rows


class DashboardPage(Page):
    title = "Dashboard"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.profile_banner = MessageLine("Profile reminder")
        self.deadline_banner = DeadlineBanner(offer_open=True)
        self.deadline_banner.open_requested.connect(self._open_incident)
        self.incidents = ListSection(
            "Open incidents",
            ("Client", "Type", "Next step", "Due"),
            show_all_text="Show all incidents",
            fit_rows=5,  # one open incident takes one row, not half the page
        )
        self.consents = ListSection(
            "Consent missing or outdated", ("Client", "Why"), show_all_text="Show all"
        )
        self.releases = ListSection(
            f"Releases expiring within {EXPIRY_DAYS} days",
            ("Client", "Recipient", "Expires on", "Days left"),
            show_all_text="Show all",
            fold=(3,),  # on a narrow screen the date alone says it
        )
        self.backup_label = named(QLabel(""), "Last backup")
        self.refresh_button = named(QPushButton("&Refresh"), "Refresh the dashboard")
        self.refresh_button.clicked.connect(self.refresh)
        self.incidents.activated.connect(self._open_incident)
        self.consents.activated.connect(self._open_client)
        self.releases.activated.connect(self._open_client)
        self.incidents.show_all.connect(lambda: self.go_to.emit(IncidentsPage))
        self.consents.show_all.connect(lambda: self.go_to.emit(ConsentsOverviewPage))
        self.releases.show_all.connect(lambda: self.go_to.emit(ConsentsOverviewPage))
        self._layout()

    def _layout(self) -> None:
        self.layout_.addWidget(self.profile_banner)
        self.layout_.addWidget(self.deadline_banner)
        grid = QGridLayout()
        grid.addWidget(self.incidents, 0, 0, 1, 2)
        grid.addWidget(self.consents, 1, 0)
        grid.addWidget(self.releases, 1, 1)
        grid.setRowStretch(1, 1)  # the room left goes to the two longer lists
        grid.setColumnStretch(0, 2)  # two short columns
        grid.setColumnStretch(1, 3)  # four, with dates
        self.layout_.addLayout(grid, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.backup_label, 1)
        bottom.addWidget(self.refresh_button)
        self.layout_.addLayout(bottom)

    def refresh(self) -> None:
        context = self.context
        context.worker.run(lambda: gather(context), self._on_loaded, context.error_handler(self))

    def _on_loaded(self, data: DashboardData) -> None:
        self.incidents.show_rows(
            data.incidents, "No open incidents.", more_text(data.incidents, "open incidents")
        )
        self.consents.show_rows(
            data.consents,
            "Every active client has a current consent.",
            more_text(data.consents, "clients need a consent"),
        )
        self.releases.show_rows(
            data.releases,
            "No release expires in the next 30 days.",
            more_text(data.releases, "releases expire in the next 30 days"),
        )
        self.deadline_banner.show_most_urgent(data.deadlines)
        self.backup_label.setText(_backup_text(data.last_backup))
        if data.has_profile:
            self.profile_banner.clear_message()
        else:
            self.profile_banner.show_message(
                "Your practitioner profile is not set up yet: open Settings to enter your name "
                "and jurisdiction.",
                "error",
            )

    def clear(self) -> None:
        for section in (self.incidents, self.consents, self.releases):
            section.clear()
        self.deadline_banner.show_most_urgent([])
        self.backup_label.clear()

    def _open_incident(self, incident_id: int) -> None:
        open_incident_wizard(self.context, incident_id, self.window())

    def _open_client(self, client_id: int) -> None:
        open_client_record(self.context, client_id, self.window())


def _backup_text(loaded: Loaded[datetime | None]) -> str:
    if loaded.problem:
        return f"Last backup: {loaded.problem}"
    moment = loaded.rows[0] if loaded.rows else None
    if moment is None:
        return "Last backup: never. Back up from Settings."
    return f"Last backup: {local_time(moment)}"
