"""The stepper on the left: the eight steps, each with a state mark, a colour and a state line.

Marks carry the meaning (colour only repeats it): ✓ complete, – not applicable, ● in progress,
! missing (a step left behind that sign-off will need), ○ not started. Steps the workflow will
not open yet are shown but disabled, so arrow keys and clicks only reach steps that can be
opened. ``step_chosen`` fires when the person picks another step.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.domain import StepStatus, WorkflowStep
from desktop.ui.style import is_dark_scheme
from desktop.ui.widgets.accessibility import named
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.workflow.steps import ORDER

StepRole = Qt.ItemDataRole.UserRole + 1
MarkRole = Qt.ItemDataRole.UserRole + 2


class StepMark(StrEnum):
    COMPLETE = "complete"
    NOT_APPLICABLE = "not_applicable"
    IN_PROGRESS = "in_progress"
    MISSING = "missing"
    NOT_STARTED = "not_started"


@dataclass(frozen=True)
class MarkLook:
    symbol: str
    label: str
    light: str  # text colour on a light background (4.5:1 or better on white)
    dark: str  # the same on a dark background


LOOKS = {
    StepMark.COMPLETE: MarkLook("✓", "Complete", "#1e6b34", "#7fd49a"),
    StepMark.NOT_APPLICABLE: MarkLook("–", "Not applicable", "#52606d", "#b8c2cc"),
    StepMark.IN_PROGRESS: MarkLook("●", "In progress", "#1f5f99", "#8ec5f5"),
    StepMark.MISSING: MarkLook("!", "Missing: needed for sign-off", "#a61b1b", "#ff9b9b"),
    StepMark.NOT_STARTED: MarkLook("○", "Not started", "#52606d", "#b8c2cc"),
}


def step_mark(step: WorkflowStep, snapshot: WizardSnapshot) -> StepMark:
    """The step's mark: its status, or "missing" when a later step has been started."""
    status = snapshot.status(step)
    if status is StepStatus.COMPLETE:
        return StepMark.COMPLETE
    if status is StepStatus.NOT_APPLICABLE:
        return StepMark.NOT_APPLICABLE
    later = ORDER[ORDER.index(step) + 1 :]
    left_behind = step is not WorkflowStep.SIGN_OFF and (
        snapshot.current_step in later or any(snapshot.status(s).started for s in later)
    )
    if left_behind:
        return StepMark.MISSING
    return StepMark.IN_PROGRESS if status.started else StepMark.NOT_STARTED


def item_text(step: WorkflowStep, mark: StepMark) -> str:
    """Two lines: "✓  1. Situation" and, indented, "Complete"."""
    look = LOOKS[mark]
    return f"{look.symbol}  {step.number}. {step.label}\n     {look.label}"


class StepList(QListWidget):
    step_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "Steps", "Use the arrow keys to move between the steps that can be opened")
        self.setObjectName("wizardSteps")
        self.setWordWrap(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSpacing(2)
        for step in ORDER:
            item = QListWidgetItem(item_text(step, StepMark.NOT_STARTED))
            item.setData(StepRole, step)
            item.setData(MarkRole, StepMark.NOT_STARTED)
            self.addItem(item)
        self.currentRowChanged.connect(self._on_current_row_changed)

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        longest = max(
            metrics.horizontalAdvance(line)
            for step in ORDER
            for line in item_text(step, StepMark.MISSING).splitlines()
        )
        return QSize(longest + metrics.averageCharWidth() * 6, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width(), super().minimumSizeHint().height())

    def show_snapshot(self, snapshot: WizardSnapshot, shown: WorkflowStep) -> None:
        """Statuses from the vault; ``shown`` is the step whose page is on screen."""
        reachable = snapshot.reachable()
        dark = is_dark_scheme()
        for row, step in enumerate(ORDER):
            item = self.item(row)
            mark = step_mark(step, snapshot)
            look = LOOKS[mark]
            item.setText(item_text(step, mark))
            item.setData(MarkRole, mark)
            item.setForeground(QBrush(QColor(look.dark if dark else look.light)))
            where = ", on screen" if step is shown else ""
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{step.heading}: {look.label}{where}")
            item.setToolTip(f"{step.heading}: {look.label}")
            font = QFont(item.font())
            font.setBold(step is shown)
            item.setFont(font)
            flags = Qt.ItemFlag.ItemIsSelectable
            if step in reachable:
                flags |= Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
        self.select(shown)

    def mark(self, step: WorkflowStep) -> StepMark:
        return StepMark(self.item(ORDER.index(step)).data(MarkRole))

    def select(self, step: WorkflowStep) -> None:
        """Highlight ``step`` without asking to open it."""
        blocked = self.blockSignals(True)
        self.setCurrentRow(ORDER.index(step))
        self.blockSignals(blocked)

    def _on_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.step_chosen.emit(ORDER[row])
