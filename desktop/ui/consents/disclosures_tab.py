"""The client record's Disclosures tab: the accounting of disclosures (45 CFR 164.528), the
full disclosure log, the client's requests for an accounting, and PDF/CSV export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QStackedWidget, QWidget

from desktop.services.accounting.service import (
    Accounting,
    AccountingEntry,
    AccountingRequestView,
    AccountingService,
    DisclosureLog,
    LogEntry,
    SuspensionView,
)
from desktop.services.exports import export_accounting
from desktop.ui.consents.accounting_dialogs import (
    DeliveredDialog,
    ExtendRequestDialog,
    RecordRequestDialog,
    SuspensionDialog,
)
from desktop.ui.consents.export_prompt import (
    CSV_FILTER,
    PDF_FILTER,
    PasswordPromptDialog,
    ask_save_path,
)
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.consents.record_tab import RecordTab, button, button_row, selected_id
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date, local_time
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.date_field import OptionalDateField
from desktop.ui.widgets.sections import Loaded, Row, SectionTable
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.accounting_views import OUTSIDE_WINDOW, in_accounting_window

RULE_HINT = (
    "The accounting lists the disclosures 45 CFR 164.528 requires, with date, recipient, what "
    "was disclosed and the purpose or legal basis. It leaves out exempt ones: treatment, "
    "payment and operations (such as routine billing), disclosures to the client, and those "
    "under a signed release. The full log shows every disclosure. General information, not "
    "legal advice."
)
ACCOUNTING_HEADERS = ("Date", "Recipient", "Address", "What was disclosed", "Purpose", "Repeats")
LOG_HEADERS = ("Date and time", "Recipient", "What was disclosed", "Legal basis", "In accounting")
REQUEST_HEADERS = ("Received", "Period", "Due", "Extension", "Delivered", "Status")
SUSPENSION_HEADERS = ("Agency", "Statement", "From", "To", "Status")


@dataclass(frozen=True)
class DisclosuresData:
    accounting: Accounting
    log: DisclosureLog
    requests: list[AccountingRequestView]
    suspensions: list[SuspensionView]


def accounting_row(entry: AccountingEntry) -> Row:
    return Row(
        entry.disclosure_ids[0],
        (
            local_date(entry.disclosed_on),
            entry.recipient_name,
            entry.recipient_address,
            entry.description,
            entry.basis_statement,
            entry.frequency,
        ),
    )


def log_row(entry: LogEntry) -> Row:
    what = entry.description
    if entry.psychotherapy_notes_included:
        what += " [includes psychotherapy notes]"
    if not entry.accountable:
        listed = f"No, exempt: {entry.exempt_reason}"
    elif not in_accounting_window(entry):
        listed = OUTSIDE_WINDOW
    elif entry.suspended_until is not None:
        listed = f"Yes, suspended until {local_date(entry.suspended_until)}"
    else:
        listed = "Yes"
    return Row(
        entry.disclosure_id,
        (
            local_time(entry.disclosed_at),
            entry.recipient_name,
            what,
            f"{entry.purpose} ({entry.legal_basis.citation})",
            listed,
        ),
    )


def request_row(request: AccountingRequestView) -> Row:
    extension = ""
    if request.extended_due_on is not None:
        extension = f"to {local_date(request.extended_due_on)}: {request.extension_reason}"
    status = "delivered" if request.delivered_on else "overdue" if request.overdue else "open"
    return Row(
        request.id,
        (
            local_date(request.received_on),
            f"{local_date(request.period_start)} to {local_date(request.period_end)}",
            local_date(request.effective_due_on),
            extension,
            local_date(request.delivered_on, "not yet"),
            status,
        ),
        highlight=request.overdue,
    )


def suspension_row(suspension: SuspensionView, today: date) -> Row:
    if suspension.active_on(today):
        status = "active"
    else:
        status = "ended" if suspension.ends_on < today else "not started"
    return Row(
        suspension.id,
        (
            suspension.agency,
            "written" if suspension.written_statement else "oral",
            local_date(suspension.starts_on),
            local_date(suspension.ends_on),
            status,
        ),
    )


class DisclosuresTab(RecordTab):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, client_id, "Disclosures", parent)
        self._requests: dict[int, AccountingRequestView] = {}
        self.since = OptionalDateField("Show disclosures since")
        self.since.no_date.toggled.connect(lambda _on: self.refresh())
        self.since.editor.dateChanged.connect(lambda _d: self.refresh())
        self.full_log = named(QCheckBox("Show the &full disclosure log"), "Show the full log")
        self.full_log.toggled.connect(self._on_full_log_toggled)
        self.accounting = SectionTable("Accounting of disclosures", ACCOUNTING_HEADERS)
        self.log = SectionTable("Full disclosure log", LOG_HEADERS)
        self.views = QStackedWidget()
        self.views.addWidget(self.accounting)
        self.views.addWidget(self.log)
        self.withheld = MessageLine("Disclosures withheld from the accounting")
        self.export_pdf = button("Export P&DF…", "Export as PDF")
        self.export_csv = button("Export CS&V…", "Export as CSV")
        self.export_pdf.clicked.connect(lambda: self._on_export_clicked(PDF_FILTER))
        self.export_csv.clicked.connect(lambda: self._on_export_clicked(CSV_FILTER))
        self.requests = SectionTable("Requests for an accounting", REQUEST_HEADERS)
        self.request_button = button("Record re&quest…", "Record a request for an accounting")
        self.extend_button = button("Ex&tend…", "Extend the deadline once")
        self.deliver_button = button("Mark de&livered…", "Mark the accounting delivered")
        self.request_button.clicked.connect(self._on_request_clicked)
        self.extend_button.clicked.connect(lambda: self._on_request_action(ExtendRequestDialog))
        self.deliver_button.clicked.connect(lambda: self._on_request_action(DeliveredDialog))
        self.requests.table.itemSelectionChanged.connect(self._update_buttons)
        self.suspensions = SectionTable("Suspensions of the accounting", SUSPENSION_HEADERS)
        self.suspend_button = button("Record &suspension…", "Record a suspension of the accounting")
        self.suspend_button.clicked.connect(self._on_suspend_clicked)
        self._layout()
        self._update_buttons()
        self.refresh()

    def _layout(self) -> None:
        self.layout_.addWidget(hint(RULE_HINT))
        controls = QHBoxLayout()
        since = QFormLayout()
        since.addRow("S&ince", self.since)
        controls.addLayout(since, 1)
        controls.addWidget(self.full_log)
        self.layout_.addLayout(controls)
        self.layout_.addWidget(self.views, 2)
        self.layout_.addWidget(self.withheld)
        self.layout_.addLayout(button_row(self.export_pdf, self.export_csv))
        self.layout_.addWidget(self.requests, 1)
        self.layout_.addLayout(
            button_row(
                self.request_button,
                self.extend_button,
                self.deliver_button,
                self.suspend_button,
            )
        )
        self.layout_.addWidget(self.suspensions, 1)
        self.layout_.addWidget(self.message)

    # ----- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        context, client_id, since = self.context, self.client_id, self.since.value()

        def work() -> DisclosuresData:
            service = AccountingService(context.vault)
            return DisclosuresData(
                service.accounting_for(client_id, since=since),
                service.full_log(client_id, since),
                service.requests_for(client_id),
                service.suspensions_for(client_id),
            )

        self.load(work, self._on_loaded)

    def _on_loaded(self, data: DisclosuresData) -> None:
        entries = [accounting_row(e) for e in data.accounting.entries]
        period = f"{data.accounting.period_start} to {data.accounting.period_end}"
        self.accounting.setTitle(f"Accounting of disclosures, {period}")
        self.accounting.show_rows(Loaded(entries), "No disclosure to account for in this period.")
        self.log.show_rows(
            Loaded([log_row(e) for e in data.log.entries]), "No disclosures recorded."
        )
        self._requests = {r.id: r for r in data.requests}
        self.requests.show_rows(
            Loaded([request_row(r) for r in data.requests]), "No requests for an accounting."
        )
        today = date.today()
        self.suspensions.show_rows(
            Loaded([suspension_row(s, today) for s in data.suspensions]),
            "No suspension of the accounting recorded.",
        )
        self._show_withheld(data.accounting)
        self._update_buttons()

    def _show_withheld(self, accounting: Accounting) -> None:
        notes = [
            f"{n.disclosures_left_out} disclosure(s) to {n.agency} left out until "
            f"{local_date(n.ends_on)} at the agency's request (45 CFR 164.528(a)(2))."
            for n in accounting.withheld
        ]
        self.withheld.show_message(" ".join(notes), "info")

    def clear(self) -> None:
        self._requests = {}
        for section in (self.accounting, self.log, self.requests, self.suspensions):
            section.clear()
        self.withheld.clear_message()
        self.message.clear_message()
        self._update_buttons()

    def _on_full_log_toggled(self, checked: bool) -> None:
        self.views.setCurrentIndex(1 if checked else 0)

    # ----- requests -------------------------------------------------------------------------

    def selected_request(self) -> AccountingRequestView | None:
        request_id = selected_id(self.requests)
        return self._requests.get(request_id) if request_id is not None else None

    def _update_buttons(self) -> None:
        request = self.selected_request()
        still_open = request is not None and request.delivered_on is None
        self.extend_button.setEnabled(still_open)
        self.deliver_button.setEnabled(still_open)

    def _on_request_clicked(self) -> None:
        self._watch(RecordRequestDialog(self.context, self.client_id, self), "recorded")

    def _on_request_action(self, kind: type[ExtendRequestDialog] | type[DeliveredDialog]) -> None:
        request = self.selected_request()
        if request is not None:
            self._watch(kind(self.context, request, self), "updated")

    def _on_suspend_clicked(self) -> None:
        dialog = SuspensionDialog(self.context, self.client_id, self)
        dialog.completed.connect(lambda _result: self.done("The suspension was recorded."))
        dialog.open()

    def _watch(self, dialog: WorkerDialog, what: str) -> None:
        dialog.completed.connect(lambda _result: self.done(f"The request was {what}."))
        dialog.open()

    # ----- export ---------------------------------------------------------------------------

    def _on_export_clicked(self, file_filter: str) -> None:
        kind = "disclosure-log" if self.full_log.isChecked() else "accounting-of-disclosures"
        suffix = "csv" if file_filter == CSV_FILTER else "pdf"
        suggested = f"{kind}-client-{self.client_id}.{suffix}"
        path = ask_save_path(self, "Export disclosures", suggested, file_filter)
        if path is None:
            return
        if file_filter == CSV_FILTER:
            self._export(path, None)
            return
        prompt = PasswordPromptDialog(self)
        prompt.chosen.connect(lambda password: self._export(path, password))
        prompt.open()

    def _export(self, path: Path, password: str | None) -> None:
        context, client_id = self.context, self.client_id
        since, full = self.since.value(), self.full_log.isChecked()
        self.message.show_message("Exporting…", "info")
        self.load(
            lambda: export_accounting(
                context.vault, client_id, path, since=since, full_log=full, password=password
            ),
            lambda out: self.message.show_message(f"Saved as {out.name}.", "ok"),
        )
