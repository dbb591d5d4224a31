"""The record's Incidents tab, and the dialog that starts a break-confidentiality workflow."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import ExceptionType
from desktop.services.incidents.listing import IncidentRow
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.incident_launch import open_incident_wizard
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.deadline_notice import DeadlineFacts

IncidentIdRole = Qt.ItemDataRole.UserRole + 1
START_HINT = (
    "Starting a workflow opens a record of the situation and walks you through reviewing the "
    "rules, documenting, consulting and deciding. Nothing is disclosed to anyone until you "
    "record a disclosure yourself."
)


def incident_cells(row: IncidentRow) -> list[str]:
    state = "Finalized" if row.finalized else row.current_step.label
    due = "" if row.finalized else local_time(row.due_at)
    return [local_time(row.opened_at), row.exception_type.label, state, due]


def deadline_facts(row: IncidentRow) -> DeadlineFacts:
    """What the record's deadline banner needs from one row of the list."""
    return DeadlineFacts(
        row.id,
        row.exception_type,
        row.opened_at,
        row.due_at,
        "",
        row.overdue,
        row.finalized,
    )


class IncidentsTab(QWidget):
    """``deadlines_loaded`` carries the open incidents' DeadlineFacts after each refresh."""

    deadlines_loaded = Signal(list)

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self._client_id = context, client_id
        self.table = named(QTableWidget(0, 4), "Incidents for this client")
        self.table.setHorizontalHeaderLabels(["Opened", "Type", "Step", "Due"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.cellActivated.connect(self._on_cell_activated)
        self.table.cellDoubleClicked.connect(self._on_cell_activated)
        self.message = MessageLine("Incidents message")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        context, client_id = self._context, self._client_id
        context.worker.run(
            lambda: context.incidents.rows(client_id=client_id),
            self._on_loaded,
            self.message.show_error,
        )

    def _on_loaded(self, rows: list[IncidentRow]) -> None:
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            for column, text in enumerate(incident_cells(row)):
                item = QTableWidgetItem(text)
                item.setData(IncidentIdRole, row.id)
                if row.overdue and column == 3:
                    item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text}, overdue")
                    item.setText(f"{text} (overdue)")
                self.table.setItem(index, column, item)
        self.message.show_message("" if rows else "No incidents for this client.", "info")
        self.deadlines_loaded.emit([deadline_facts(row) for row in rows if not row.finalized])

    def _on_cell_activated(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            open_incident_wizard(self._context, int(item.data(IncidentIdRole)), self.window())

    def clear(self) -> None:
        self.table.setRowCount(0)


class ExceptionTypeDialog(QDialog):
    """Choose which exception to confidentiality applies; emits ``chosen``."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Start break-confidentiality workflow — Confide")
        layout = QVBoxLayout(self)
        intro = QLabel(START_HINT)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(QLabel("What is the situation?"))
        self.group = QButtonGroup(self)
        for index, kind in enumerate(ExceptionType):
            button = named(QRadioButton(kind.label), kind.label)
            self.group.addButton(button, index)
            layout.addWidget(button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(ok, "Start the workflow").setText("&Start")
        ok.setEnabled(False)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.group.idToggled.connect(lambda _id, _on: ok.setEnabled(self.selected() is not None))
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def selected(self) -> ExceptionType | None:
        index = self.group.checkedId()
        return list(ExceptionType)[index] if index >= 0 else None

    def _on_accepted(self) -> None:
        kind = self.selected()
        if kind is not None:
            self.chosen.emit(kind)
            self.accept()
