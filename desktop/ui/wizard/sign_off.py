"""The sign-off page: summary, follow-up plan, attestation, Finalize, and the addenda.

Finalizing is refused by the workflow until every step is complete or not applicable. The
page shows what is still missing as a checklist, one line per item under a link to its step,
and keeps Finalize disabled until the checklist is empty.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QWidget

from desktop.domain import WorkflowStep
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.form import FormOptions
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.pages import StepPage
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.workflow.addenda import AddendumView
from desktop.workflow.fields import ATTESTATION_TEXT, SignOffFields
from desktop.workflow.steps import ORDER

LINK_PREFIX = "step:"


def checklist(missing: tuple[str, ...]) -> list[tuple[WorkflowStep, list[str]]]:
    """The workflow's missing items ("Step 2, Review of the rules: …") grouped by step."""
    groups: dict[WorkflowStep, list[str]] = {}
    for item in missing:
        step = next((s for s in ORDER if item.startswith(f"{s.heading}: ")), None)
        if step is None:
            step, text = WorkflowStep.SIGN_OFF, item
        else:
            text = item.removeprefix(f"{step.heading}: ")
        groups.setdefault(step, []).append(text[:1].upper() + text[1:])
    return [(step, groups[step]) for step in ORDER if step in groups]


class SignOffChecklist(QLabel):
    """What sign-off still needs: each step as a link (Tab reaches it), its items beneath."""

    step_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signOffChecklist")
        named(self, "Still needed before sign-off")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.groups: list[tuple[WorkflowStep, list[str]]] = []
        self.linkActivated.connect(self._on_link_activated)

    @property
    def item_count(self) -> int:
        return sum(len(items) for _step, items in self.groups)

    def show_missing(self, missing: tuple[str, ...]) -> None:
        self.groups = checklist(missing)
        self.setVisible(bool(self.groups))
        parts = [
            f"<p><b>Before you can finalize</b> ({self.item_count} to do):</p>",
            *(
                f'<p style="margin-bottom:0"><a href="{LINK_PREFIX}{step.value}">'
                f'{escape(step.heading)}</a></p><ul style="margin-top:0">'
                + "".join(f"<li>{escape(item)}</li>" for item in items)
                + "</ul>"
                for step, items in self.groups
            ),
        ]
        self.setText("".join(parts) if self.groups else "")

    def _on_link_activated(self, link: str) -> None:
        if link.startswith(LINK_PREFIX):
            self.step_requested.emit(WorkflowStep(link.removeprefix(LINK_PREFIX)))


SIGN_OFF_OPTIONS = FormOptions(
    hidden=frozenset({"attested_at"}),
    explain={
        "attestation": ATTESTATION_TEXT,
        "undischarged_acknowledgement": (
            "Required only when the state's duty is not fully discharged: say why, and that "
            "you sign off knowing it. It is printed in the report."
        ),
    },
    labels={"attestation": "I attest to the statement above"},
    order=("summary", "follow_up_plan", "undischarged_acknowledgement", "attestation"),
)


class SignOffPage(StepPage):
    """``finalize_requested`` when the person presses Finalize."""

    finalize_requested = Signal()

    def __init__(self, jobs: IncidentJobs, parent: QWidget | None = None) -> None:
        self.outstanding = SignOffChecklist()
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
        self.outstanding.show_missing(snapshot.missing)
        ready = not snapshot.missing
        self.finalize_button.setEnabled(ready)
        self.finalize_button.setToolTip(
            "Seals the incident: after this, corrections are added as addenda"
            if ready
            else "Finish the items listed above first; each link opens its step"
        )
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
