"""The hook that opens an incident's workflow window.

The guided wizard (desktop/ui/wizard/) replaces the body of :func:`open_incident_wizard`.
Until then this shows the incident's eight steps read-only, with each step's state and what
has been recorded so far.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.serialize import to_json
from desktop.workflow.views import IncidentView


def open_incident_wizard(context: AppContext, incident_id: int, parent: QWidget | None) -> QWidget:
    """Open the window for one incident; returns it (already shown)."""
    dialog = IncidentStepsDialog(context, incident_id, parent)
    dialog.show()
    return dialog


class IncidentStepsDialog(QDialog):
    """Read-only view of an incident's steps (the placeholder for the wizard)."""

    def __init__(self, context: AppContext, incident_id: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Incident — Confide")
        self.title = heading(QLabel(f"Incident #{incident_id}"), 1)
        self.body = named(QTextBrowser(), "Incident steps")
        self.body.setOpenLinks(False)
        self.message = MessageLine("Incident message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.title, self.body, self.message, buttons):
            layout.addWidget(widget)
        self.resize(720, 640)
        context.worker.run(
            lambda: context.incidents.get(incident_id), self._on_loaded, self.message.show_error
        )

    def _on_loaded(self, view: IncidentView) -> None:
        self.body.setPlainText(describe_incident(view))


def describe_incident(view: IncidentView) -> str:
    """A plain-text outline of an incident: type, dates, and each step's state and fields."""
    lines = [
        f"Type: {view.exception_type.label}",
        f"Jurisdiction: {view.jurisdiction_code}",
        f"Opened: {local_time(view.opened_at)}",
        f"Due: {local_time(view.due_at, 'no deadline')}" + (" (OVERDUE)" if view.overdue else ""),
        f"State: {'finalized ' + local_time(view.finalized_at) if view.finalized else 'open'}",
        "",
    ]
    for state in view.steps:
        lines.append(f"Step {state.step.number}, {state.step.label}: {state.status.label}")
        if state.not_applicable_reason:
            lines.append(f"    Not applicable because: {state.not_applicable_reason}")
        lines.extend(f"    {line}" for line in _field_lines(to_json(state.fields)))
        lines.append("")
    return "\n".join(lines)


def _field_lines(data: object, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        found: list[str] = []
        for key, value in data.items():
            found.extend(_field_lines(value, f"{prefix}{key.replace('_', ' ')}: "))
        return found
    if data in (None, "", [], False):
        return []
    if isinstance(data, list):
        return [f"{prefix}{', '.join(str(item) for item in data)}"]
    return [f"{prefix}{data}"]
