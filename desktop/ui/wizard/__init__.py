"""The break-confidentiality wizard: one window per incident, one page per workflow step.

``open_wizard(context, incident_id, parent)`` opens (or raises) the incident's window.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop.ui.context import AppContext
from desktop.ui.wizard.window import IncidentWizardWindow, window_key

__all__ = ["IncidentWizardWindow", "open_wizard"]


def open_wizard(
    context: AppContext, incident_id: int, parent: QWidget | None
) -> IncidentWizardWindow:
    """Show the incident's wizard, once per incident: a second request raises the first.

    It opens at the incident's current step with every saved draft. ``parent`` only places
    the window: the wizard is a top-level window of its own, so closing the client record it
    was opened from never destroys it without its close-time save.
    """
    key = window_key(incident_id)
    existing = context.windows.get(key)
    if isinstance(existing, IncidentWizardWindow) and shiboken6.isValid(existing):
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    window = IncidentWizardWindow(context, incident_id, None)
    context.windows[key] = window
    if parent is not None:
        centre = parent.window().frameGeometry().center()
        window.move(centre - window.rect().center())
    window.show()
    return window
