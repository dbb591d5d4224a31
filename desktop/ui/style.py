"""The app's one style sheet (desktop/resources/style/confide.qss)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QApplication

from desktop.resources import resource_path

log = logging.getLogger("confide.ui.style")


def style_sheet() -> str:
    """The style sheet text, with ``@ICONS@`` pointing at the installed icons folder."""
    text = resource_path("style", "confide.qss").read_text(encoding="utf-8")
    return text.replace("@ICONS@", resource_path("icons").as_posix())


def apply_style(app: QApplication) -> None:
    """Apply the style sheet; a missing file leaves the platform style (logged)."""
    try:
        app.setStyleSheet(style_sheet())
    except OSError:
        log.warning("style sheet missing; using the platform style")
