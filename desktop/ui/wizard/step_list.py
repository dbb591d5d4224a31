"""The list of the eight steps on the left: each with its state, the current one highlighted.

Steps the workflow will not open yet are shown but disabled, so arrow keys and clicks only
reach steps that can be opened. ``step_chosen`` fires when the person picks another step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from desktop.ui.widgets.accessibility import named
from desktop.ui.wizard.snapshot import WizardSnapshot
from desktop.workflow.steps import ORDER, StepStatus, WorkflowStep

StepRole = Qt.ItemDataRole.UserRole + 1


def item_text(step: WorkflowStep, status: StepStatus, current: bool) -> str:
    marker = " (current)" if current else ""
    return f"{step.number}. {step.label} — {status.label}{marker}"


class StepList(QListWidget):
    step_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "Steps", "Use the arrow keys to move between the steps that can be opened")
        self.setObjectName("wizardSteps")
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for step in ORDER:
            item = QListWidgetItem(item_text(step, StepStatus.NOT_STARTED, False))
            item.setData(StepRole, step)
            self.addItem(item)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.currentRowChanged.connect(self._on_current_row_changed)

    def show_snapshot(self, snapshot: WizardSnapshot, shown: WorkflowStep) -> None:
        """Statuses from the vault; ``shown`` is the step whose page is on screen."""
        reachable = snapshot.reachable()
        for row, step in enumerate(ORDER):
            item = self.item(row)
            current = step is shown
            marked = current and not snapshot.finalized
            item.setText(item_text(step, snapshot.status(step), marked))
            font = QFont(item.font())
            font.setBold(current)
            item.setFont(font)
            flags = Qt.ItemFlag.ItemIsSelectable
            if step in reachable:
                flags |= Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
        self.select(shown)

    def select(self, step: WorkflowStep) -> None:
        """Highlight ``step`` without asking to open it."""
        blocked = self.blockSignals(True)
        self.setCurrentRow(ORDER.index(step))
        self.blockSignals(blocked)

    def _on_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.step_chosen.emit(ORDER[row])
