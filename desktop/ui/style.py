"""The app's one style sheet (desktop/resources/style/confide.qss), light or dark as the system.

The dark sheet is the light one with each colour swapped for its dark counterpart (DARK), so
both keep the same layout and, for text, at least 4.5:1 contrast (tests/ui/test_style.py).
Where one light colour plays two parts (the navigation's background is also the headings'
colour), DARK_OVERRIDES settles it.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.resources import resource_path

log = logging.getLogger("confide.ui.style")

DARK = {
    # backgrounds
    "#ffffff": "#1e252e",
    "#f7f8fa": "#151a21",
    "#f7f9fb": "#1a2028",
    "#f0f4f8": "#252d38",
    "#eef2f6": "#20272f",
    "#e8f1fa": "#1d2a38",
    "#d9e8f6": "#23384d",
    "#d0e4f5": "#27415a",
    "#e4e7eb": "#2a323c",
    "#fde2e1": "#3d1f1f",
    "#fff8e6": "#3a3020",
    "#fff4d6": "#3a3020",
    "#fbf7ee": "#2b2820",
    "#e3f4e8": "#1d3324",
    # borders
    "#d9e2ec": "#3a4552",
    "#bcccdc": "#4b5868",
    "#9fb3c8": "#5d6d80",
    # text
    "#1f2933": "#e4e9ef",
    "#243b53": "#d9e2ec",
    "#102a43": "#e8eef5",
    "#334e68": "#c3cfdb",
    "#486581": "#a9b8c8",
    "#829ab1": "#8d9aa8",
    "#8a1c1c": "#ffb4b4",
    "#1e5631": "#9ee0b0",
    "#a61b1b": "#ff8a8a",
    # accents
    "#2680c2": "#5aa9e6",
    "#2f6fa3": "#2b5f8c",
    "#245a85": "#23527a",
    "#c99a2e": "#d9ab45",
    "#b08d57": "#c9a46a",
    "#2f4a66": "#23384d",
    "#c0392b": "#ff7b6b",
    "#d68910": "#f0a830",
    "#1e8449": "#58c47f",
}

DARK_OVERRIDES = """
/* Dark scheme: parts where one light colour had two roles. */
QListWidget#navigation { background: #10161d; color: #e4e9ef; }
QListWidget#navigation::item:selected { background: #23384d; color: #ffffff; }
QListWidget#wizardSteps { selection-color: #e8eef5; }
"""

DARK_TEXT = {**DARK, "#ffffff": "#ffffff"}

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
_PROPERTY = re.compile(r"(?P<name>[a-z-]+):(?P<value>[^;{}]*)")


def is_dark_scheme() -> bool:
    """Whether the system asks for dark colours (Qt 6.5+ reads the platform's setting)."""
    hints = QGuiApplication.styleHints()
    return hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark


def style_sheet(dark: bool = False) -> str:
    """The style sheet text, with ``@ICONS@`` pointing at the installed icons folder."""
    text = resource_path("style", "confide.qss").read_text(encoding="utf-8")
    text = text.replace("@ICONS@", resource_path("icons").as_posix())
    if not dark:
        return text
    return _PROPERTY.sub(_swap_property, text) + DARK_OVERRIDES


def _swap_property(match: re.Match[str]) -> str:
    """One ``name: value`` with its colours swapped; white text stays white (on accents)."""
    table = DARK_TEXT if match.group("name") in ("color", "selection-color") else DARK
    value = _HEX.sub(lambda m: table.get(m.group(0).lower(), m.group(0)), match.group("value"))
    return f"{match.group('name')}:{value}"


def dark_palette() -> QPalette:
    """Colours for what the style sheet does not draw (tooltips, rich text, menus)."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#151a21",
        QPalette.ColorRole.WindowText: "#e4e9ef",
        QPalette.ColorRole.Base: "#1e252e",
        QPalette.ColorRole.AlternateBase: "#20272f",
        QPalette.ColorRole.Text: "#e4e9ef",
        QPalette.ColorRole.Button: "#252d38",
        QPalette.ColorRole.ButtonText: "#e4e9ef",
        QPalette.ColorRole.Highlight: "#2b5f8c",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#252d38",
        QPalette.ColorRole.ToolTipText: "#e4e9ef",
        QPalette.ColorRole.Link: "#5aa9e6",
        QPalette.ColorRole.PlaceholderText: "#8d9aa8",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


def apply_style(app: QApplication) -> None:
    """Apply the sheet for the system's scheme, and again whenever the system switches."""
    _apply(app)
    hints = app.styleHints()
    if hints is not None and not app.property("confideFollowsScheme"):
        hints.colorSchemeChanged.connect(lambda _scheme: _apply(app))
        app.setProperty("confideFollowsScheme", True)


def _apply(app: QApplication) -> None:
    dark = is_dark_scheme()
    try:
        app.setStyleSheet(style_sheet(dark))
    except OSError:
        log.warning("style sheet missing; using the platform style")
        return
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
