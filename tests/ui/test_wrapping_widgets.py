"""Long checkbox labels wrap and still toggle on a click anywhere; pages and dialogs scroll down,
never sideways; a wrapped message is as tall as its text at the width it has."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import MessageLine
from desktop.ui.widgets.wrapping_check import WrappingCheckBox, check_box
from tests.ui.screenshots import layout_problems

LONG = "I read the rule for this jurisdiction and exception, and the ethics code on it"


def test_a_long_checkbox_label_wraps_and_toggles_on_a_click_on_its_text(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    box = check_box(LONG)
    assert isinstance(box, WrappingCheckBox) and box.text() == LONG
    assert not isinstance(check_box("Not set"), WrappingCheckBox)
    QVBoxLayout(window).addWidget(box)
    window.resize(200, 200)
    window.show()
    qtbot.waitExposed(window)
    assert box.height() >= 2 * box.fontMetrics().height()  # on several lines
    assert box.minimumSizeHint().width() < 200
    assert layout_problems(window) == []
    on_text = box.label.geometry().center()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=on_text)
    assert box.isChecked()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert not box.isChecked()


def test_a_short_window_scrolls_down_and_never_sideways(qtbot: QtBot) -> None:
    body = QWidget()
    form = QFormLayout(body)
    for n in range(30):
        form.addRow(f"Field {n}", QLineEdit())
    window = QWidget()
    qtbot.addWidget(window)
    area = scroll_down(body, "Fields")
    QVBoxLayout(window).addWidget(area)
    window.resize(area.minimumSizeHint().width() + 30, 200)
    window.show()
    qtbot.waitExposed(window)
    assert area.verticalScrollBar().isVisible()
    assert not area.horizontalScrollBar().isVisible()
    assert layout_problems(window) == []


def test_a_message_in_a_form_row_is_as_tall_as_its_text(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    form = QFormLayout(window)
    message = MessageLine()
    form.addRow("Passphrase", QLineEdit())
    form.addRow("", message)
    window.resize(700, 300)
    window.show()
    message.show_message("The passphrase is not correct. Check it and try again. " * 2, "error")
    qtbot.waitUntil(lambda: message.height() == message.heightForWidth(message.width()))
    assert message.height() < 4 * message.fontMetrics().height()  # not a five-line guess
