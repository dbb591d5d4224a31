"""Export the client chart: which records, psychotherapy notes or not, who it is for.

A chart sent to anyone but the client is a disclosure: the dialog records it as one (with the
chart's fingerprint), after checking the disclosure before any file is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from desktop.domain import LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.services.chart import (
    ChartRecipient,
    chart_disclosure,
    check_chart_disclosure,
    record_chart_disclosure,
)
from desktop.services.exports import ExportedReport, export_chart_report
from desktop.storage.vault import Vault
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.date_field import OptionalDateField
from desktop.workflow.disclosures import validated

CHART_HINT = (
    "The chart holds the whole record: demographics, contact permissions, consents with their "
    "signatures, releases, notes in date order, incidents (summaries), disclosures and addenda. "
    "A client may ask for it under 45 CFR 164.524; answer within 30 days."
)
NOTES_WARNING = (
    "Psychotherapy notes are excluded from the client's right of access and need the "
    "client's specific authorization to go to anyone else (45 CFR 164.508(a)(2)). Leave this "
    "off unless you mean it. General information, not legal advice."
)
FOR_CLIENT = "The client (a copy of their own record)"
FOR_OTHER = "Someone else (recorded as a disclosure)"
BASES = (
    (LegalBasis.AUTHORIZATION, "The client's signed authorization (164.508)"),
    (LegalBasis.COURT_ORDER, "Court order (164.512(e)(1)(i))"),
    (LegalBasis.SUBPOENA, "Subpoena with assurances (164.512(e)(1)(ii))"),
    (LegalBasis.REQUIRED_BY_LAW, "Required by law (164.512(a))"),
    (LegalBasis.HEALTH_OVERSIGHT, "Health oversight (164.512(d))"),
    (LegalBasis.TREATMENT_PAYMENT_OPERATIONS, "Treatment, payment or operations (164.506)"),
)


@dataclass(frozen=True)
class ChartExportResult:
    exported: ExportedReport
    recipient: str  # empty when the chart is the client's own copy


class ChartExportDialog(WorkerDialog):
    """Writes the chart of ``client_id`` to ``path``; ``completed`` carries a ChartExportResult."""

    def __init__(
        self, context: AppContext, client_id: int, path: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Export the client chart", "E&xport", parent)
        self.client_id, self.path = client_id, path
        self.since = OptionalDateField("Records from")
        self.notes = named(QCheckBox("Include &psychotherapy notes"), "Include psychotherapy notes")
        self.audience = named(QComboBox(), "Who the chart is for")
        self.audience.addItems([FOR_CLIENT, FOR_OTHER])
        self.recipient = named(QLineEdit(), "Recipient name")
        self.role = named(QComboBox(), "Recipient role")
        for role in RecipientRole:
            if role is not RecipientRole.CLIENT:
                self.role.addItem(role.label, role)
        self.basis = named(QComboBox(), "Legal basis")
        for basis, label in BASES:
            self.basis.addItem(label, basis)
        self.purpose = named(QLineEdit(), "Purpose")
        self.minimum = named(QPlainTextEdit(), "Minimum-necessary justification")
        self.minimum.setFixedHeight(60)
        self.password = named(QLineEdit(), "Password to encrypt the PDF (optional)")
        self.password_again = named(QLineEdit(), "Password again")
        for field in (self.password, self.password_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self._layout_fields()
        self.audience.currentIndexChanged.connect(self._on_audience_changed)
        self._on_audience_changed()

    def _layout_fields(self) -> None:
        self.form.addRow(hint(CHART_HINT))
        self.form.addRow(hint(f"Saving as {self.path.name}."))
        self.form.addRow("Records &from", self.since)
        self.form.addRow(self.notes)
        self.form.addRow(hint(NOTES_WARNING))
        self.form.addRow("The chart is &for", self.audience)
        self.form.addRow("&Recipient", self.recipient)
        self.form.addRow("R&ole", self.role)
        self.form.addRow("&Legal basis", self.basis)
        self.form.addRow("Pur&pose", self.purpose)
        self.form.addRow("&Minimum necessary", self.minimum)
        self.form.addRow("Pass&word (optional)", self.password)
        self.form.addRow("Password a&gain", self.password_again)

    def _on_audience_changed(self, _index: int = 0) -> None:
        other = self.audience.currentText() == FOR_OTHER
        for field in (self.recipient, self.role, self.basis, self.purpose, self.minimum):
            field.setEnabled(other)

    def _chart_recipient(self) -> ChartRecipient | None:
        if self.audience.currentText() != FOR_OTHER:
            return None
        if not self.recipient.text().strip() or not self.purpose.text().strip():
            raise UserInputError("Name the recipient and the purpose of the disclosure.")
        return ChartRecipient(
            name=self.recipient.text(),
            role=RecipientRole(self.role.currentData()),
            legal_basis=LegalBasis(self.basis.currentData()),
            purpose=self.purpose.text(),
            minimum_necessary=self.minimum.toPlainText(),
        )

    def job(self) -> Callable[[], object]:
        if self.password.text() != self.password_again.text():
            raise UserInputError("The two passwords differ.", "Type the same password twice.")
        recipient = self._chart_recipient()
        notes = self.notes.isChecked()
        if recipient is not None:
            validated(chart_disclosure(self.client_id, recipient, "(not yet computed)", notes))
        request = ChartRequest(
            self.client_id,
            self.path,
            notes,
            self.since.value(),
            self.password.text() or None,
            recipient,
        )
        vault = self.context.vault
        return lambda: _export(vault, request)


@dataclass(frozen=True)
class ChartRequest:
    client_id: int
    path: Path
    psychotherapy_notes: bool
    since: date | None
    password: str | None
    recipient: ChartRecipient | None


def _export(vault: Vault, request: ChartRequest) -> ChartExportResult:
    """On the worker: check the disclosure and its release, write the chart, then record the
    disclosure if it went to someone (a refused disclosure leaves no file)."""
    if request.recipient is not None:
        planned = chart_disclosure(
            request.client_id, request.recipient, "(not yet computed)", request.psychotherapy_notes
        )
        check_chart_disclosure(vault, planned)
    exported = export_chart_report(
        vault,
        request.client_id,
        request.path,
        include_psychotherapy_notes=request.psychotherapy_notes,
        since=request.since,
        password=request.password,
    )
    recipient = request.recipient
    if recipient is None:
        return ChartExportResult(exported, "")
    data = chart_disclosure(
        request.client_id, recipient, exported.fingerprint, request.psychotherapy_notes
    )
    record_chart_disclosure(vault, data)
    return ChartExportResult(exported, recipient.name)
