"""One page per workflow step: the step's fields as a form, plus its lists and panels.

A page only shows and edits; the window saves drafts and moves between steps through the
Qt-free workflow (desktop/workflow/engine.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.domain import ExceptionType, StepStatus, WorkflowStep
from desktop.jurisdictions import NOT_LEGAL_ADVICE
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard import list_specs
from desktop.ui.wizard.editors import ChoiceEditor
from desktop.ui.wizard.form import DataclassForm, FormOptions
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.list_editor import ListEditor
from desktop.ui.wizard.list_specs import ListSpec
from desktop.ui.wizard.panels import ReviewPanelView
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.workflow.engine import StepState
from desktop.workflow.exceptions import DutyRule, Section, kinds_with, profile
from desktop.workflow.fields import SituationFields, StepFields
from desktop.workflow.records import STEP_FIELDS

E = ExceptionType
SITUATION_SECTIONS: Mapping[str, frozenset[ExceptionType]] = {
    section.value: kinds_with(section) for section in Section
}
"""Which nested section of the situation each exception type asks for (from its profile)."""

LISTS: Mapping[WorkflowStep, tuple[ListSpec, ...]] = {
    WorkflowStep.REVIEW: (list_specs.OPTIONS,),
    WorkflowStep.DOCUMENTATION: (list_specs.EVIDENCE,),
    WorkflowStep.CONSULTATION: (list_specs.CONSULTATIONS,),
    WorkflowStep.LEGAL_COUNSEL: (list_specs.LEGAL_COUNSEL,),
    WorkflowStep.DISCLOSURE: (list_specs.DISCLOSURES, list_specs.ATTEMPTS),
}


def status_text(state: StepState) -> str:
    """The step's state in a sentence, e.g. "Complete (2026-03-04 14:05 EST, Dr. Ruiz)"."""
    if state.status is StepStatus.NOT_APPLICABLE:
        return f"Not applicable: {state.not_applicable_reason}"
    if state.status is StepStatus.COMPLETE:
        return f"Complete ({local_time(state.completed_at)}, {state.completed_by})"
    return state.status.label


class StepPage(QWidget):
    """``changed`` fires on every edit to the step's fields; ``lists_changed`` after a row
    was added to or removed from one of its lists."""

    changed = Signal(object)
    lists_changed = Signal()

    def __init__(
        self,
        step: WorkflowStep,
        jobs: IncidentJobs,
        options: FormOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.step = step
        self.title = heading(QLabel(step.heading), 1)
        self.status = MessageLine(f"{step.label}: status")
        self.form = DataclassForm(STEP_FIELDS[step], options)
        self.form.changed.connect(lambda: self.changed.emit(step))
        self.lists = [ListEditor(spec, jobs) for spec in LISTS.get(step, ())]
        for editor in self.lists:
            editor.changed.connect(self.lists_changed.emit)
        self.problems = MessageLine(f"{step.label}: still needed")
        for line in (self.status, self.problems):  # read by screen readers, not Tab stops
            line.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.title)
        self.body.addWidget(self.status)
        self._build()
        self.body.addWidget(self.problems)
        self.body.addStretch(1)

    def _build(self) -> None:
        """Lay out the form and lists (pages with panels override this)."""
        self.body.addWidget(self.form)
        for editor in self.lists:
            self.body.addWidget(editor)

    def value(self) -> StepFields:
        data: StepFields = self.form.value()
        return data

    def load(self, state: StepState, exception: ExceptionType) -> None:
        """Show the saved fields (on opening and after an unlock; never while typing)."""
        self.form.set_value(state.fields)
        self.show_exception(exception)

    def show_exception(self, exception: ExceptionType) -> None:
        """Show only what this exception type asks for (hidden values are kept)."""

    def refresh(self, snapshot: WizardSnapshot) -> None:
        """Update everything but the fields being typed in: status, lists, what is missing."""
        view = snapshot.view
        self.status.show_message(status_text(view.step(self.step)), "info")
        for editor in self.lists:
            editor.set_rows(view)
        missing = snapshot.problems.get(self.step, ())
        text = f"Still needed to complete this step: {'; '.join(missing)}." if missing else ""
        self.problems.show_message(text, "info")
        self.show_exception(view.exception_type)

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)
        for editor in self.lists:
            editor.set_read_only(read_only)

    def list_editor(self, spec: ListSpec) -> ListEditor:
        return next(editor for editor in self.lists if editor.spec is spec)


class SituationPage(StepPage):
    def __init__(self, jobs: IncidentJobs, parent: QWidget | None = None) -> None:
        options = FormOptions(required=frozenset({"exception_type"}))
        super().__init__(WorkflowStep.SITUATION, jobs, options, parent)
        kind = self.form.editor("exception_type")
        assert isinstance(kind, ChoiceEditor)
        self._kind = kind
        kind.combo.currentIndexChanged.connect(self._on_exception_changed)

    def load(self, state: StepState, exception: ExceptionType) -> None:
        fields = state.fields
        if isinstance(fields, SituationFields) and fields.exception_type is None:
            state = replace(state, fields=replace(fields, exception_type=exception))
        super().load(state, exception)

    def show_exception(self, exception: ExceptionType) -> None:
        """The sections of the type chosen on this page (it becomes the incident's on save)."""
        chosen = self._kind.value()
        shown = chosen if isinstance(chosen, ExceptionType) else exception
        for name, kinds in SITUATION_SECTIONS.items():
            self.form.set_row_visible(name, shown in kinds)
        self.form.set_row_visible("victim_is_minor", profile(shown).needs_victim)

    def _on_exception_changed(self, _index: int) -> None:
        chosen = self._kind.value()
        if isinstance(chosen, ExceptionType):
            self.show_exception(chosen)


class ReviewPage(StepPage):
    def __init__(self, jobs: IncidentJobs, parent: QWidget | None = None) -> None:
        self.panel = ReviewPanelView()
        super().__init__(WorkflowStep.REVIEW, jobs, None, parent)

    def _build(self) -> None:
        self.body.addWidget(heading(QLabel("The rule for this situation"), 2))
        self.body.addWidget(self.panel)
        super()._build()

    def refresh(self, snapshot: WizardSnapshot) -> None:
        super().refresh(snapshot)
        self.panel.show_panel(snapshot.view.review)


class DisclosurePage(StepPage):
    def __init__(self, jobs: IncidentJobs, parent: QWidget | None = None) -> None:
        self.discharge = MessageLine("Discharge of the duty to warn or protect")
        super().__init__(WorkflowStep.DISCLOSURE, jobs, None, parent)

    def _build(self) -> None:
        self.body.addWidget(self.form)
        recipients, attempts = self.lists
        self.body.addWidget(recipients)
        self.body.addWidget(self.discharge)
        self.body.addWidget(attempts)

    def show_exception(self, exception: ExceptionType) -> None:
        self.form.set_row_visible("abuse_report", bool(profile(exception).report_roles))
        duty = profile(exception).duty in (DutyRule.PROTECT_OTHERS, DutyRule.PROTECT_SELF)
        self.form.set_row_visible("precaution", duty)

    def refresh(self, snapshot: WizardSnapshot) -> None:
        super().refresh(snapshot)
        sentences = discharge_sentences(snapshot)
        self.discharge.show_message(
            " ".join(sentences), "error" if snapshot.view.discharge_gaps else "info"
        )


def discharge_sentences(snapshot: WizardSnapshot) -> list[str]:
    """What the jurisdiction's discharge rule still needs, as the report says it."""
    view = snapshot.view
    rule = view.review.state_rule
    others = profile(view.exception_type).duty is DutyRule.PROTECT_OTHERS
    if rule is None or not (others or view.discharge_gaps):
        return []
    if view.discharge_gaps:
        return [*view.discharge_gaps, NOT_LEGAL_ADVICE]
    if rule.classification == "mandatory" and view.disclosures:
        return [
            "The recorded disclosures meet the jurisdiction's discharge rule.",
            NOT_LEGAL_ADVICE,
        ]
    return []
