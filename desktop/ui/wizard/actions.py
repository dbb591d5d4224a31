"""What the wizard's buttons do: every move goes through the Qt-free workflow.

Drafts are queued before each action, and the worker runs jobs in order, so the workflow
always decides on what was typed. A finalized incident is read-only: moving between its
pages is local, and only addenda and the export remain.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget

from desktop.domain import WorkflowStep
from desktop.services.incidents.service import IncidentService
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.dialogs import ExportDialog, TextDialog
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.sign_off import SignOffPage
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.ui.wizard.step_list import StepList
from desktop.workflow.steps import ORDER

ADDENDUM_PROMPT = (
    "An addendum is dated, carries your name and appears in every later export of the report. "
    "The signed-off record itself does not change."
)


class WizardHost(Protocol):
    """What the actions need from the wizard window (so they never import the window)."""

    incident_id: int
    jobs: IncidentJobs
    snapshot: WizardSnapshot | None
    shown_step: WorkflowStep
    dirty: set[WorkflowStep]
    steps: StepList
    message: MessageLine

    @property
    def read_only(self) -> bool: ...

    @property
    def sign_off_page(self) -> SignOffPage: ...

    def show_step(self, step: WorkflowStep) -> None: ...

    def save_drafts(self, *, announce: bool = False, allow_last: bool = False) -> None: ...

    def reload(self, *, follow: bool = False) -> None: ...


class WizardActions:
    def __init__(self, window: WizardHost, parent: QWidget) -> None:
        self.window = window
        self.parent = parent
        self.dialog: TextDialog | ExportDialog | None = None

    @property
    def _incident(self) -> int:
        return self.window.incident_id

    def go_to(self, step: WorkflowStep) -> None:
        """Open ``step`` if the workflow allows it (a neighbour, or a step already started)."""
        window = self.window
        if window.snapshot is None or step is window.shown_step:
            return
        if window.read_only:
            window.show_step(step)
            return
        window.save_drafts()
        incident = self._incident
        moves = self._moves_to(step)

        def move(service: IncidentService) -> None:
            flow = service.workflow(incident)
            for target in moves:
                flow.go_to(target)

        window.jobs.run(move, lambda _none: window.reload(follow=True), self._on_move_refused)

    def _moves_to(self, step: WorkflowStep) -> list[WorkflowStep]:
        """One move, or back one step at a time (always allowed) to an earlier unstarted step,
        as a link in the sign-off checklist asks."""
        snapshot = self.window.snapshot
        assert snapshot is not None
        current = snapshot.current_step
        if step in snapshot.reachable() or ORDER.index(step) >= ORDER.index(current):
            return [step]
        return list(reversed(ORDER[ORDER.index(step) : ORDER.index(current)]))

    def back(self) -> None:
        if self.window.shown_step.previous is not None:
            self.go_to(self.window.shown_step.previous)

    def next(self) -> None:
        if self.window.shown_step.next is not None:
            self.go_to(self.window.shown_step.next)

    def _on_move_refused(self, exc: BaseException) -> None:
        self.window.steps.select(self.window.shown_step)
        self.window.message.show_error(exc)

    def complete(self) -> None:
        """Mark the shown step complete; the workflow names anything still missing."""
        window, step, incident = self.window, self.window.shown_step, self._incident
        window.save_drafts()
        window.message.clear_message()
        window.jobs.run(
            lambda service: service.workflow(incident).complete_step(step),
            lambda _none: self._settled(f"{step.heading} is complete."),
            window.message.show_error,
        )

    def _settled(self, text: str) -> None:
        self.window.message.show_message(text, "ok")
        self.window.reload(follow=True)

    def mark_not_applicable(self) -> None:
        """Ask for the reason, then mark the shown step not applicable."""
        window, step, incident = self.window, self.window.shown_step, self._incident
        window.save_drafts()

        def submit(service: IncidentService, reason: str) -> None:
            service.workflow(incident).mark_not_applicable(step, reason)

        dialog = TextDialog(
            window.jobs,
            title="Mark not applicable",
            prompt=f"Why is {step.heading} not applicable here? The reason is kept in the record.",
            ok_text="&Mark not applicable",
            submit=submit,
            parent=self.parent,
        )
        dialog.submitted.connect(lambda: self._settled(f"{step.heading} is marked not applicable."))
        self._open(dialog)

    def finalize(self) -> None:
        """Sign off; a refusal naming each missing item is shown on the sign-off page."""
        window, incident = self.window, self._incident
        data = window.sign_off_page.sign_off_fields()
        window.dirty.discard(WorkflowStep.SIGN_OFF)
        window.save_drafts()
        window.sign_off_page.result.clear_message()
        window.jobs.run(
            lambda service: service.workflow(incident).sign_off(
                data.summary,
                data.follow_up_plan,
                data.attestation,
                data.undischarged_acknowledgement,
            ),
            lambda _hash: self._settled("Signed off. The incident is finalized and read-only."),
            self._on_sign_off_refused,
        )

    def _on_sign_off_refused(self, exc: BaseException) -> None:
        self.window.sign_off_page.show_refusal(exc)
        self.window.reload()

    def add_addendum(self) -> None:
        incident = self._incident

        def submit(service: IncidentService, text: str) -> int:
            return service.add_addendum(incident, text)

        dialog = TextDialog(
            self.window.jobs,
            title="Add addendum",
            prompt=ADDENDUM_PROMPT,
            ok_text="&Add addendum",
            submit=submit,
            parent=self.parent,
        )
        dialog.submitted.connect(lambda: self._settled("The addendum was added."))
        self._open(dialog)

    def export(self) -> None:
        """Choose where to save the report for counsel (drafts are saved first)."""
        self.window.save_drafts()
        dialog = ExportDialog(self.window.jobs, self.parent)
        dialog.exported.connect(
            lambda name: self.window.message.show_message(f"The report was saved as {name}.", "ok")
        )
        self._open(dialog)

    def _open(self, dialog: TextDialog | ExportDialog) -> None:
        self.dialog = dialog
        dialog.open()
