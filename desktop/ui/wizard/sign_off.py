"""The sign-off page: summary, follow-up plan, attestation, Finalize, and the addenda.

Finalizing is refused by the workflow until every step is complete or not applicable; the
refusal, naming each missing item, is shown on this page.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QWidget

from desktop.services.addenda import AddendumView
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.form import FormOptions
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.pages import StepPage
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.workflow.fields import ATTESTATION_TEXT, SignOffFields
from desktop.workflow.steps import WorkflowStep

SIGN_OFF_OPTIONS = FormOptions(
    hidden=frozenset({"attested_at"}),
    explain={"attestation": ATTESTATION_TEXT},
    labels={"attestation": "I attest to the statement above"},
    order=("summary", "follow_up_plan", "undischarged_acknowledgement", "attestation"),
)


class SignOffPage(StepPage):
    """``finalize_requested`` when the person presses Finalize."""

    finalize_requested = Signal()

    def __init__(self, jobs: IncidentJobs, parent: QWidget | None = None) -> None:
        self.outstanding = MessageLine("Still needed before sign-off")
        self.result = MessageLine("Sign-off result")
        self.finalize_button = named(
            QPushButton("&Finalize and sign off"),
            "Finalize and sign off",
            "Seals the incident: after this, corrections are added as addenda",
        )
        self.addenda_title = heading(QLabel("Addenda"), 2)
        self.addenda = named(QTextBrowser(), "Addenda")
        self.addenda.setTabChangesFocus(True)
        super().__init__(WorkflowStep.SIGN_OFF, jobs, SIGN_OFF_OPTIONS, parent)
        self.finalize_button.clicked.connect(self.finalize_requested.emit)

    def _build(self) -> None:
        self.body.addWidget(self.form)
        self.body.addWidget(self.outstanding)
        row = QHBoxLayout()
        row.addWidget(self.finalize_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.result)
        self.body.addWidget(self.addenda_title)
        self.body.addWidget(self.addenda)

    def sign_off_fields(self) -> SignOffFields:
        data = self.value()
        assert isinstance(data, SignOffFields)
        return data

    def refresh(self, snapshot: WizardSnapshot) -> None:
        super().refresh(snapshot)
        self.problems.clear_message()
        missing = snapshot.missing
        text = f"Before you can finalize: {'; '.join(missing)}." if missing else ""
        self.outstanding.show_message(text, "info")
        self._show_addenda(snapshot.view.addenda)
        if snapshot.finalized:
            signed = local_time(snapshot.view.finalized_at)
            self.result.show_message(f"Signed off and finalized {signed}.", "ok")

    def _show_addenda(self, addenda: tuple[AddendumView, ...]) -> None:
        parts = [
            f"<p><b>{escape(local_time(a.created_at))}, {escape(a.author)}</b><br>"
            f"{escape(a.text).replace(chr(10), '<br>')}</p>"
            for a in addenda
        ]
        self.addenda.setHtml("".join(parts) or "<p>No addenda.</p>")
        self.addenda_title.setVisible(bool(addenda))
        self.addenda.setVisible(bool(addenda))

    def show_refusal(self, exc: BaseException) -> None:
        self.result.show_error(exc)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.finalize_button.setVisible(not read_only)
