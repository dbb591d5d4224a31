"""The one hook every page uses to open an incident's workflow window (the guided wizard)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext
from desktop.ui.wizard import open_wizard


def open_incident_wizard(context: AppContext, incident_id: int, parent: QWidget | None) -> QWidget:
    """Open (or bring forward) the wizard for one incident; returns it, already shown."""
    return open_wizard(context, incident_id, parent)
