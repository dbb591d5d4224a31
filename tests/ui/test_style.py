"""Light and dark style sheets: the dark one follows the system and keeps the same contrast."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop.ui import style
from desktop.ui.wizard.step_list import LOOKS

HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
PAGE = {"light": ("#1f2933", "#f7f8fa"), "dark": ("#e4e9ef", "#151a21")}


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_pairs(sheet: str, scheme: str) -> list[tuple[str, str, str]]:
    """(selector, text colour, background) for every rule that sets a text colour; a later
    rule for the same selector overrides an earlier one, as in Qt."""
    found: dict[str, dict[str, str]] = {}
    for selector, body in RULE.findall(re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)):
        if ":disabled" in selector:
            continue  # WCAG 1.4.3 exempts disabled controls
        seen = found.setdefault(" ".join(selector.split()), {})
        fg = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})", body)
        bg = re.search(r"background:\s*(#[0-9a-fA-F]{6})", body)
        if fg:
            seen["fg"] = fg.group(1)
        if bg:
            seen["bg"] = bg.group(1)
    return [
        (selector, colours["fg"], colours.get("bg", PAGE[scheme][1]))
        for selector, colours in found.items()
        if "fg" in colours
    ]


def test_every_light_colour_has_a_dark_counterpart() -> None:
    light = style.style_sheet(dark=False)
    assert {c.lower() for c in HEX.findall(light)} <= set(style.DARK)
    dark = style.style_sheet(dark=True)
    assert "background: #ffffff" not in dark and "background: #f7f8fa" not in dark


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_keeps_4_5_to_1_contrast(scheme: str) -> None:
    sheet = style.style_sheet(dark=scheme == "dark")
    pairs = text_pairs(sheet, scheme)
    assert len(pairs) > 15
    low = [(s, fg, bg, round(contrast(fg, bg), 2)) for s, fg, bg in pairs if contrast(fg, bg) < 4.5]
    assert low == []


def test_step_marks_are_readable_in_both_schemes() -> None:
    for look in LOOKS.values():
        assert contrast(look.light, "#ffffff") >= 4.5, look
        assert contrast(look.dark, style.DARK["#ffffff"]) >= 4.5, look


def test_the_app_follows_the_system_scheme(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The platform's scheme is read through Qt; here the system "switches" by the same signal
    Qt sends when the desktop changes between light and dark."""
    hints = QGuiApplication.styleHints()
    dark = [True]
    monkeypatch.setattr(style, "is_dark_scheme", lambda: dark[0])
    try:
        style.apply_style(qapp)
        assert "background: #151a21" in qapp.styleSheet()
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == "#1e252e"
        dark[0] = False
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
        assert "background: #f7f8fa" in qapp.styleSheet()
        assert qapp.palette().color(QPalette.ColorRole.Base).name() != "#1e252e"
    finally:
        qapp.setStyleSheet("")
        qapp.setPalette(qapp.style().standardPalette())
