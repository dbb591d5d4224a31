"""One editor per kind of field: text, yes/no, a choice, a time, a checklist.

Each editor owns one input widget, reads and writes a plain Python value and calls
``on_change`` when the person edits it. Nested sections live in ``form``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain import LegalBasis
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.wrapping_check import check_box
from desktop.ui.wizard.time_field import OptionalDateTimeField
from desktop.workflow.describe import enum_label

Callback = Callable[[], None]
NOT_SET = "Not set"
NOT_ANSWERED = "Not answered"
TEXT_LINES = 4


def choice_label(member: Enum) -> str:
    """How a choice reads in a combo box or checklist."""
    if isinstance(member, LegalBasis):
        return f"{member.citation} ({member.name.replace('_', ' ').lower()})"
    return enum_label(member)


class FieldEditor:
    """The input widget of one field, with its value in Python terms."""

    widget: QWidget
    label_inside = False
    """True when the widget shows its own label (a checkbox, a group box)."""

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)


class TextEditor(FieldEditor):
    """A multi-line text area; Tab moves on instead of typing a tab."""

    def __init__(self, name: str, on_change: Callback) -> None:
        self.widget = self.text = named(QPlainTextEdit(), name)
        self.text.setTabChangesFocus(True)
        lines = self.text.fontMetrics().lineSpacing()
        self.text.setMinimumHeight(lines * 3)
        self.text.setMaximumHeight(lines * (TEXT_LINES + 2))
        self.text.textChanged.connect(on_change)

    def value(self) -> str:
        return self.text.toPlainText()

    def set_value(self, value: object) -> None:
        self.text.setPlainText(str(value or ""))

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)


class LineEditor(FieldEditor):
    def __init__(self, name: str, on_change: Callback) -> None:
        self.widget = self.line = named(QLineEdit(), name)
        self.line.textChanged.connect(lambda _text: on_change())

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value: object) -> None:
        self.line.setText(str(value or ""))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


class CheckEditor(FieldEditor):
    label_inside = True

    def __init__(self, name: str, on_change: Callback) -> None:
        self.widget = self.box = named(check_box(name), name)
        self.box.toggled.connect(lambda _on: on_change())

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: object) -> None:
        self.box.setChecked(bool(value))


class ChoiceEditor(FieldEditor):
    """A combo box over fixed choices; ``None`` is the "Not set" / "Not answered" entry."""

    def __init__(
        self, name: str, on_change: Callback, choices: Sequence[tuple[str, object]]
    ) -> None:
        self.widget = self.combo = named(QComboBox(), name)
        # As wide as the field, not as the longest choice; the chosen text is also the tooltip.
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(14)
        self.combo.currentTextChanged.connect(self.combo.setToolTip)
        self._values = [data for _text, data in choices]
        """Kept in Python: Qt would turn an enum member into a plain string."""
        for text, _data in choices:
            self.combo.addItem(text)
        self.combo.currentIndexChanged.connect(lambda _index: on_change())

    @classmethod
    def for_enum(
        cls, name: str, on_change: Callback, kind: type[Enum], optional: bool
    ) -> ChoiceEditor:
        choices: list[tuple[str, object]] = [(NOT_SET, None)] if optional else []
        choices += [(choice_label(member), member) for member in kind]
        return cls(name, on_change, choices)

    @classmethod
    def yes_no(cls, name: str, on_change: Callback) -> ChoiceEditor:
        return cls(name, on_change, [(NOT_ANSWERED, None), ("Yes", True), ("No", False)])

    def value(self) -> object:
        index = self.combo.currentIndex()
        return self._values[index] if index >= 0 else None

    def set_value(self, value: object) -> None:
        matches = [i for i, data in enumerate(self._values) if data is value or data == value]
        self.combo.setCurrentIndex(matches[0] if matches else 0)


class TimeEditor(FieldEditor):
    def __init__(self, name: str, on_change: Callback, *, required: bool = False) -> None:
        self.widget = self.field = OptionalDateTimeField(name, required=required)
        self.field.changed.connect(on_change)

    def value(self) -> datetime | None:
        return self.field.value()

    def set_value(self, value: object) -> None:
        self.field.set_value(value if isinstance(value, datetime) else None)

    def set_read_only(self, read_only: bool) -> None:
        self.field.set_read_only(read_only)


class ChecklistEditor(FieldEditor):
    """A group of checkboxes, one per enum member; the value is the tuple of checked ones."""

    label_inside = True

    def __init__(self, name: str, on_change: Callback, kind: type[Enum]) -> None:
        self.widget = box = named(QGroupBox(name), name)
        layout = QGridLayout(box)
        self.boxes: dict[Enum, QCheckBox] = {}
        for index, member in enumerate(kind):
            text = choice_label(member)
            check = named(QCheckBox(text), f"{name}: {text}")
            check.toggled.connect(lambda _on: on_change())
            layout.addWidget(check, index // 2, index % 2)
            self.boxes[member] = check

    def box(self, value: str) -> QCheckBox:
        """The checkbox of the member whose value is ``value``."""
        return next(check for member, check in self.boxes.items() if member.value == value)

    def value(self) -> tuple[Enum, ...]:
        return tuple(member for member, check in self.boxes.items() if check.isChecked())

    def set_value(self, value: object) -> None:
        chosen = set(value) if isinstance(value, tuple | list | set | frozenset) else set()
        for member, check in self.boxes.items():
            check.setChecked(member in chosen)

    def set_read_only(self, read_only: bool) -> None:
        for check in self.boxes.values():
            check.setEnabled(not read_only)
