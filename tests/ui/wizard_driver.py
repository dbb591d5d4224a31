"""Drives the incident wizard like a person: typing, Space on checkboxes, arrow keys in
combo boxes, clicks on buttons, and waiting for the database worker."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain import WorkflowStep
from desktop.ui.context import AppContext
from desktop.ui.wizard import IncidentWizardWindow, open_wizard
from desktop.ui.wizard.form import DataclassForm
from desktop.ui.wizard.list_editor import ItemDialog, ListEditor
from desktop.ui.wizard.list_specs import ListSpec
from desktop.ui.wizard.time_field import OptionalDateTimeField
from tests.ui.conftest import wait_idle


class WizardDriver:
    def __init__(self, qtbot: QtBot, context: AppContext) -> None:
        self.qtbot, self.context = qtbot, context
        self.window: IncidentWizardWindow | None = None

    # ----- the window ---------------------------------------------------------------------

    def open(self, incident_id: int) -> IncidentWizardWindow:
        self.window = open_wizard(self.context, incident_id, None)
        self.qtbot.waitExposed(self.window)
        self.qtbot.waitUntil(lambda: self.w.snapshot is not None, timeout=10_000)
        self.idle()
        return self.window

    @property
    def w(self) -> IncidentWizardWindow:
        assert self.window is not None
        return self.window

    def idle(self) -> None:
        wait_idle(self.qtbot, self.context.worker)

    def close(self) -> None:
        if self.window is not None and shiboken6.isValid(self.window):
            self.window.close()
        self.idle()
        self.window = None

    def form(self, step: WorkflowStep) -> DataclassForm:
        return self.w.page(step).form

    def step_shown(self, step: WorkflowStep) -> None:
        self.qtbot.waitUntil(lambda: self.w.shown_step is step, timeout=10_000)
        self.idle()

    # ----- keys ---------------------------------------------------------------------------

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        """A shortcut pressed wherever the focus is in the (active) window."""
        self.w.activateWindow()
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.w, timeout=5000)
        self.qtbot.keyClick(QApplication.focusWidget() or self.w, key, modifier)

    def next_step(self) -> None:
        """Alt+N, and wait for the next page."""
        step = self.w.shown_step
        self.press(Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        assert step.next is not None
        self.step_shown(step.next)

    def back_step(self) -> None:
        """Alt+B, and wait for the previous page."""
        step = self.w.shown_step
        self.press(Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
        assert step.previous is not None
        self.step_shown(step.previous)

    # ----- input --------------------------------------------------------------------------

    def click(self, button: QAbstractButton) -> None:
        assert button.isVisible() and button.isEnabled(), button.accessibleName()
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    def type(self, widget: QWidget, text: str) -> None:
        assert isinstance(widget, QPlainTextEdit | QLineEdit), type(widget)
        widget.setFocus()
        self.qtbot.keyClicks(widget, text)

    def tick(self, widget: QWidget) -> None:
        """Space on a checkbox, or on a time field's "Not set" box (the time becomes now)."""
        box = widget.not_set if isinstance(widget, OptionalDateTimeField) else widget
        assert isinstance(box, QCheckBox)
        box.setFocus()
        self.qtbot.keyClick(box, Qt.Key.Key_Space)

    def choose(self, widget: QWidget, text: str) -> None:
        """Pick an entry with Home and the arrow keys, as on a keyboard."""
        assert isinstance(widget, QComboBox)
        index = widget.findText(text)
        assert index >= 0, (text, [widget.itemText(i) for i in range(widget.count())])
        widget.setFocus()
        self.qtbot.keyClick(widget, Qt.Key.Key_Home)
        for _ in range(index):
            self.qtbot.keyClick(widget, Qt.Key.Key_Down)
        assert widget.currentText() == text

    def fill(self, form: DataclassForm, values: Mapping[str, object]) -> None:
        """Text for text fields, a label for choices, True to tick, None to set a time now."""
        for path, value in values.items():
            widget = form.widget(path)
            if isinstance(widget, QComboBox):
                self.choose(widget, str(value))
            elif isinstance(widget, QCheckBox | OptionalDateTimeField):
                self.tick(widget)
            else:
                self.type(widget, str(value))

    # ----- lists --------------------------------------------------------------------------

    def list_editor(self, step: WorkflowStep, spec: ListSpec) -> ListEditor:
        return self.w.page(step).list_editor(spec)

    def add_row(
        self,
        step: WorkflowStep,
        spec: ListSpec,
        values: Mapping[str, object],
        attach: Path | None = None,
    ) -> None:
        editor = self.list_editor(step, spec)
        before = editor.table.rowCount()
        self.click(editor.add_button)
        dialog = editor.dialog
        assert isinstance(dialog, ItemDialog)
        self.qtbot.waitExposed(dialog)
        self.fill(dialog.form, values)
        if attach is not None:
            self.attach(dialog, attach)
        self.click(dialog.ok_button)
        self.qtbot.waitUntil(lambda: editor.table.rowCount() == before + 1, timeout=10_000)
        self.idle()

    def attach(self, dialog: ItemDialog, path: Path) -> None:
        self.click(dialog.attach_button)
        chooser = dialog.file_dialog
        assert isinstance(chooser, QFileDialog)
        self.qtbot.waitExposed(chooser)
        chooser.setDirectory(str(path.parent))  # as if the person browsed to the folder
        name = chooser.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        self.qtbot.keyClicks(name, path.name)
        buttons = chooser.findChild(QDialogButtonBox)
        assert buttons is not None
        self.click(buttons.button(QDialogButtonBox.StandardButton.Open))
        self.qtbot.waitUntil(lambda: dialog.attachment == path, timeout=5000)
