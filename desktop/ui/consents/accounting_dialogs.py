"""Requests for an accounting of disclosures: record one, extend it once, mark it delivered;
and an agency's suspension of the client's right to an accounting.

45 CFR 164.528(c): answer within 60 days of receiving the request; one extension of at most
30 days, with a written reason given to the client within those 60 days. 164.528(a)(2): a
health-oversight agency or law-enforcement official may have the accounting suspended.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from desktop.services.accounting.service import AccountingRequestView, AccountingService
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.context import AppContext
from desktop.ui.formatting import editor_date_format
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.date_field import OptionalDateField

REQUEST_HINT = (
    "The accounting is due 60 days after the request is received. By default it covers the "
    "six years before the request; the client may ask for a shorter period "
    "(45 CFR 164.528(a) and (c)). General information, not legal advice."
)
EXTEND_HINT = (
    "One extension of at most 30 days is allowed, and only if the client was told in writing, "
    "within the 60 days, why it is late and when it will come (45 CFR 164.528(c)). "
    "General information, not legal advice."
)

SUSPENSION_HINT = (
    "A health-oversight agency or law-enforcement official may ask you to leave its "
    "disclosures out of this client's accounting for a time, if an accounting would impede "
    "its work (45 CFR 164.528(a)(2)). With a written statement, the suspension lasts as long "
    "as the statement says. An oral request must be documented here with the agency and the "
    "official who made it, and lasts at most 30 days unless a written statement arrives. "
    "General information, not legal advice."
)
ORAL_DEFAULT_DAYS = 30


def date_edit(name: str, value: date | None = None) -> QDateEdit:
    """A date field that cannot go past today."""
    editor = named(QDateEdit(), name)
    editor.setCalendarPopup(True)
    editor.setDisplayFormat(editor_date_format())
    editor.setMaximumDate(QDate.currentDate())
    day = value or date.today()
    editor.setDate(QDate(day.year, day.month, day.day))
    return editor


def any_date_edit(name: str, value: date) -> QDateEdit:
    """A date field with no upper limit (a suspension usually ends in the future)."""
    editor = date_edit(name)
    editor.clearMaximumDate()
    editor.setDate(QDate(value.year, value.month, value.day))
    return editor


def picked(editor: QDateEdit) -> date:
    value = editor.date()
    return date(value.year(), value.month(), value.day())


class RecordRequestDialog(WorkerDialog):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "Record a request for an accounting", "&Record request", parent)
        self.client_id = client_id
        self.received_on = date_edit("Date the request was received")
        self.period_start = OptionalDateField("Period starts")
        self.form.addRow(hint(REQUEST_HINT))
        self.form.addRow("&Received on", self.received_on)
        self.form.addRow("&Period starts (no date: six years)", self.period_start)

    def job(self) -> Callable[[], object]:
        context, client_id = self.context, self.client_id
        received, start = picked(self.received_on), self.period_start.value()
        return lambda: AccountingService(context.vault).record_request(client_id, received, start)


class ExtendRequestDialog(WorkerDialog):
    def __init__(
        self, context: AppContext, request: AccountingRequestView, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Extend the deadline", "&Extend", parent)
        self.request_id = request.id
        self.reason = named(QPlainTextEdit(), "Written reason for the delay")
        self.reason.setTabChangesFocus(True)
        self.notice_on = date_edit("Date the client was told")
        self.new_due_on = OptionalDateField("New due date")
        self.form.addRow(hint(EXTEND_HINT))
        self.form.addRow("&Reason given to the client", self.reason)
        self.form.addRow("Client &told on", self.notice_on)
        self.form.addRow("&New due date (no date: 30 days)", self.new_due_on)

    def job(self) -> Callable[[], object]:
        context, request_id = self.context, self.request_id
        reason, notice = self.reason.toPlainText(), picked(self.notice_on)
        due = self.new_due_on.value()
        return lambda: AccountingService(context.vault).extend(request_id, reason, notice, due)


class DeliveredDialog(WorkerDialog):
    def __init__(
        self, context: AppContext, request: AccountingRequestView, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Mark the accounting delivered", "&Mark delivered", parent)
        self.request_id = request.id
        self.delivered_on = date_edit("Date the accounting was delivered")
        self.form.addRow(
            hint("Keep a copy of the accounting you sent; it is part of the record for six years.")
        )
        self.form.addRow("&Delivered on", self.delivered_on)

    def job(self) -> Callable[[], object]:
        context, request_id, day = self.context, self.request_id, picked(self.delivered_on)
        return lambda: AccountingService(context.vault).mark_delivered(request_id, day)


class SuspensionDialog(WorkerDialog):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(
            context, "Record a suspension of the accounting", "Record &suspension", parent
        )
        self.client_id = client_id
        self.agency = named(QLineEdit(), "Agency")
        self.official = named(QLineEdit(), "Official who made the request")
        self.written = named(QRadioButton("&Written statement"), "Written statement")
        self.oral = named(QRadioButton("&Oral statement"), "Oral statement")
        self.written.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.written)
        kinds.addButton(self.oral)
        self.statement = named(QPlainTextEdit(), "The agency's statement")
        self.statement.setTabChangesFocus(True)
        today = date.today()
        self.starts_on = any_date_edit("Suspension starts", today)
        self.ends_on = any_date_edit("Suspension ends", today + timedelta(ORAL_DEFAULT_DAYS))
        self._layout()

    def _layout(self) -> None:
        kind = QWidget()
        kind.setAccessibleName("Kind of statement")
        row = QHBoxLayout(kind)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.written)
        row.addWidget(self.oral)
        row.addStretch(1)
        self.form.addRow(hint(SUSPENSION_HINT))
        self.form.addRow("&Agency", self.agency)
        self.form.addRow("O&fficial", self.official)
        self.form.addRow("Statement", kind)
        self.form.addRow("What the agency s&tated", self.statement)
        self.form.addRow("Starts o&n", self.starts_on)
        self.form.addRow("&Ends on", self.ends_on)

    def job(self) -> Callable[[], object]:
        context, client_id = self.context, self.client_id
        agency, official = self.agency.text(), self.official.text()
        written, statement = self.written.isChecked(), self.statement.toPlainText()
        starts_on, ends_on = picked(self.starts_on), picked(self.ends_on)
        return lambda: AccountingService(context.vault).record_suspension(
            client_id,
            agency,
            official=official,
            written=written,
            statement=statement,
            starts_on=starts_on,
            ends_on=ends_on,
        )
