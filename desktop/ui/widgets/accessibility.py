"""Every control gets an accessible name (screen readers) and, where useful, a tooltip.

Tooltips and names are fixed text written here, never client data.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, tip: str = "") -> W:
    """Give ``widget`` an accessible name (and an optional tooltip); return it for chaining."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
        widget.setAccessibleDescription(tip)
    return widget


def heading(widget: W, level: int = 1) -> W:
    """Mark a label as a heading for the style sheet (``[role="h1"]`` etc.)."""
    widget.setProperty("role", f"h{level}")
    return widget


def announce(widget: QWidget, text: str) -> None:
    """Have screen readers speak ``text`` now (an assertive announcement from ``widget``)."""
    widget.setAccessibleDescription(text)
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)
