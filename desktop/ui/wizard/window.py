"""The incident wizard window: the step list, one page per step, the guidance, the buttons.

Navigation, completion and sign-off belong to the Qt-free workflow (desktop/workflow/); this
window attaches a page to each step, saves what is typed as a draft (500 ms after the last
edit, on every page change and, synchronously, on close) and reloads what the workflow says.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import WorkflowStep
from desktop.services.incidents.service import IncidentService
from desktop.ui.context import AppContext
from desktop.ui.drafts import FieldSnapshot
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.deadline_banner import DeadlineBanner
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.actions import WizardActions
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.pages import DisclosurePage, ReviewPage, SituationPage, StepPage
from desktop.ui.wizard.panels import GuidancePanel
from desktop.ui.wizard.sign_off import SignOffPage
from desktop.ui.wizard.snapshot import WizardSnapshot, load_snapshot
from desktop.ui.wizard.step_list import StepList
from desktop.workflow.deadline_notice import DeadlineFacts
from desktop.workflow.fields import StepFields
from desktop.workflow.rules import not_applicable_refusal
from desktop.workflow.steps import ORDER

log = logging.getLogger("confide.ui.wizard")
WINDOW_TITLE = "Confide — Incident"
SAVE_DELAY_MS = 500


def _button(text: str, name: str, tip: str = "") -> QPushButton:
    return named(QPushButton(text), name, tip)


def window_key(incident_id: int) -> str:
    """The key of an incident's window in ``AppContext.windows`` (one window per incident)."""
    return f"incident:{incident_id}"


def save_step(
    incident_id: int, step: WorkflowStep, data: StepFields
) -> Callable[[IncidentService], None]:
    """The job that stores one step's draft."""
    return lambda service: service.workflow(incident_id).save_step(step, data)


class IncidentWizardWindow(QWidget):
    """One incident's workflow. A DraftHolder: before an auto-lock it saves what was typed."""

    def __init__(self, context: AppContext, incident_id: int, parent: QWidget | None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(WINDOW_TITLE)
        self.setObjectName("incidentWindow")
        self.context, self.incident_id = context, incident_id
        self.jobs = IncidentJobs(context, incident_id, self)
        self.snapshot: WizardSnapshot | None = None
        self.shown_step = WorkflowStep.SITUATION
        self.dirty: set[WorkflowStep] = set()
        self._suspended = False
        self._held = FieldSnapshot()
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_drafts)
        self._build_widgets()
        self._layout()
        self.controller = WizardActions(self, self)
        self._connect()
        context.drafts.register(self)
        self.content.setEnabled(False)
        self.jobs.run_on_vault(
            lambda vault: load_snapshot(vault, incident_id, audit_view=True),
            self._on_first_load,
            self.message.show_error,
        )

    # ----- building -----------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.header = heading(QLabel(f"Incident #{self.incident_id}"), 1)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.deadline = DeadlineBanner()
        self.banner = MessageLine("Incident state")
        self.banner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps = StepList()
        self.pages: dict[WorkflowStep, StepPage] = {
            WorkflowStep.SITUATION: SituationPage(self.jobs),
            WorkflowStep.REVIEW: ReviewPage(self.jobs),
            WorkflowStep.SIGN_OFF: SignOffPage(self.jobs),
            WorkflowStep.DISCLOSURE: DisclosurePage(self.jobs),
        }
        for step in ORDER:
            if step not in self.pages:
                self.pages[step] = StepPage(step, self.jobs)
        self.stack = QStackedWidget()
        for step in ORDER:
            scroll = named(QScrollArea(), step.heading)
            scroll.setWidget(self.pages[step])
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields; it follows
            self.stack.addWidget(scroll)
        self.guidance = GuidancePanel()
        self.guidance.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.message = MessageLine("Incident wizard message")
        self.na_button = _button("Mark not a&pplicable…", "Mark this step not applicable")
        self.complete_button = _button("&Complete step", "Complete this step")
        self.back_button = _button("&Back", "Back to the previous step", "Alt+B")
        self.next_button = _button("&Next", "Next step", "Alt+N")
        self.export_button = _button("E&xport PDF…", "Export the report for counsel as PDF")
        self.addendum_button = _button("Add a&ddendum…", "Add a dated addendum")
        self.close_button = _button("Save && c&lose", "Save and close", "Ctrl+S saves now")

    def _layout(self) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.steps)
        split.addWidget(self.stack)
        split.addWidget(self.guidance)
        split.setStretchFactor(1, 3)
        split.setStretchFactor(2, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([230, 660, 340])
        buttons = QHBoxLayout()
        groups = (
            (self.na_button, self.complete_button),
            (self.back_button, self.next_button),
            (self.export_button, self.addendum_button, self.close_button),
        )
        for index, group in enumerate(groups):
            if index:
                buttons.addStretch(1)
            for button in group:
                buttons.addWidget(button)
        self.content = QWidget()
        inner = QVBoxLayout(self.content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(split, 1)
        inner.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.details)
        layout.addWidget(self.deadline)
        layout.addWidget(self.banner)
        layout.addWidget(self.content, 1)
        layout.addWidget(self.message)
        self.resize(1240, 820)

    def _connect(self) -> None:
        for page in self.pages.values():
            page.changed.connect(self._on_page_changed)
            page.lists_changed.connect(self.reload)
        self.steps.step_chosen.connect(self.controller.go_to)
        self.back_button.clicked.connect(self.controller.back)
        self.next_button.clicked.connect(self.controller.next)
        self.complete_button.clicked.connect(self.controller.complete)
        self.na_button.clicked.connect(self.controller.mark_not_applicable)
        self.export_button.clicked.connect(self.controller.export)
        self.addendum_button.clicked.connect(self.controller.add_addendum)
        self.close_button.clicked.connect(self.close)
        self.sign_off_page.finalize_requested.connect(self.controller.finalize)
        self.sign_off_page.outstanding.step_requested.connect(self.controller.go_to)
        save = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self)
        save.activated.connect(lambda: self.save_drafts(announce=True))

    @property
    def sign_off_page(self) -> SignOffPage:
        page = self.pages[WorkflowStep.SIGN_OFF]
        assert isinstance(page, SignOffPage)
        return page

    def page(self, step: WorkflowStep) -> StepPage:
        return self.pages[step]

    @property
    def read_only(self) -> bool:
        return self.snapshot is not None and self.snapshot.finalized

    # ----- loading and showing ------------------------------------------------------------

    def _on_first_load(self, snapshot: WizardSnapshot) -> None:
        view = snapshot.view
        for step, page in self.pages.items():
            page.load(view.step(step), view.exception_type)
        self.content.setEnabled(True)
        self.apply(snapshot, follow=True)
        self.focus_page()

    def reload(self, *, follow: bool = False) -> None:
        """Read the incident again; ``follow`` shows the workflow's current step after."""
        incident = self.incident_id
        self.jobs.run_on_vault(
            lambda vault: load_snapshot(vault, incident, audit_view=False),
            lambda snapshot: self.apply(snapshot, follow=follow),
            self.message.show_error,
        )

    def apply(self, snapshot: WizardSnapshot, *, follow: bool = False) -> None:
        """Show what the vault holds, except the fields being typed in."""
        self.snapshot = snapshot
        for page in self.pages.values():
            page.refresh(snapshot)
            page.set_read_only(snapshot.finalized)
        self._show_details(snapshot)
        self.show_step(snapshot.current_step if follow else self.shown_step)

    def show_step(self, step: WorkflowStep) -> None:
        changed = step is not self.shown_step
        self.shown_step = step
        self.stack.setCurrentIndex(ORDER.index(step))
        if self.snapshot is not None:
            self.steps.show_snapshot(self.snapshot, step)
            self.guidance.show_step(step, self.snapshot.view.exception_type)
        self._update_buttons()
        if changed:
            self.focus_page()

    def focus_page(self) -> None:
        editors = list(self.pages[self.shown_step].form.editors.values())
        if editors:
            editors[0].widget.setFocus()

    def _show_details(self, snapshot: WizardSnapshot) -> None:
        view = snapshot.view
        self.header.setText(f"Incident #{view.id}: {view.exception_type.label}")
        self.details.setText(
            f"Client: {view.client_display_name}. Jurisdiction: {view.jurisdiction_code}. "
            f"Opened {local_time(view.opened_at)}."
        )
        self.deadline.show_facts(DeadlineFacts.of_view(view))
        if view.finalized:
            self.banner.show_message(
                f"Signed off and finalized {local_time(view.finalized_at)}: this record is "
                "read-only. Add an addendum to correct or add to it.",
                "info",
            )
        else:
            self.banner.clear_message()

    def _update_buttons(self) -> None:
        step, editable = self.shown_step, not self.read_only
        self.back_button.setEnabled(step.previous is not None)
        self.next_button.setEnabled(step.next is not None)
        can_settle = editable and step is not WorkflowStep.SIGN_OFF
        self.complete_button.setVisible(can_settle)
        self.na_button.setVisible(can_settle)
        refusal = (
            not_applicable_refusal(step, self.snapshot.view.exception_type)
            if self.snapshot is not None
            else None
        )
        self.na_button.setEnabled(refusal is None)
        self.na_button.setToolTip(refusal or "Asks for the reason, which is kept in the record")
        self.addendum_button.setVisible(not editable)
        self.close_button.setText("Save && c&lose" if editable else "C&lose")
        self.close_button.setAccessibleName("Save and close" if editable else "Close")
        self.setProperty("readOnly", not editable)

    # ----- drafts -------------------------------------------------------------------------

    def _on_page_changed(self, step: WorkflowStep) -> None:
        if self._suspended or self.read_only:
            return
        self.dirty.add(step)
        self._save_timer.start()

    def save_drafts(self, *, announce: bool = False, allow_last: bool = False) -> None:
        """Queue a draft save of every edited page (in order, before any later job)."""
        self._save_timer.stop()
        for step in sorted(self.dirty, key=ORDER.index):
            data = self.pages[step].value()
            self.jobs.run(
                save_step(self.incident_id, step, data),
                partial(self._on_saved, step, announce),
                partial(self._on_save_failed, step),
                allow_last=allow_last,
            )
        self.dirty.clear()

    def _on_saved(self, step: WorkflowStep, announce: bool, _result: None) -> None:
        if announce:
            self.message.show_message(f"{step.heading}: draft saved.", "ok")
        if not self._suspended:
            self.reload()

    def _on_save_failed(self, step: WorkflowStep, exc: BaseException) -> None:
        log.info("draft not saved: %s", type(exc).__name__)
        self.dirty.add(step)
        self.message.show_error(exc)

    def save_draft(self) -> None:
        """DraftHolder: the vault is locking. Save what was typed, then hide it."""
        if self._suspended:
            return
        self.save_drafts(allow_last=True)
        self._suspended = True
        self._held.capture_and_clear(self.stack)
        self.content.setVisible(False)

    def restore_draft(self) -> None:
        """DraftHolder: unlocked again. Show the fields and read the incident again."""
        if not self._suspended:
            return
        self._held.restore()
        for page in self.pages.values():
            for editor in page.lists:
                editor.invalidate()
        self.content.setVisible(True)
        self._suspended = False
        self.reload()

    # ----- closing ------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_timer.stop()
        try:
            for step in sorted(self.dirty, key=ORDER.index):
                self.jobs.call(save_step(self.incident_id, step, self.pages[step].value()))
                self.dirty.discard(step)
        except Exception as exc:
            log.info("draft not saved on close: %s", type(exc).__name__)
            self.message.show_error(exc)
            self.message.setFocus()
            event.ignore()
            return
        self.jobs.closed = True
        self.context.drafts.unregister(self)
        if self.context.windows.get(window_key(self.incident_id)) is self:
            del self.context.windows[window_key(self.incident_id)]
        super().closeEvent(event)
