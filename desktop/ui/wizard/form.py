"""A form built from a frozen dataclass: one labelled editor per field, by its type.

Text becomes a text area (or a single line for short fields), ``datetime`` a local-time field
with "Not set", an enum a combo box, ``bool`` a checkbox, ``bool | None`` a Yes / No / Not
answered choice, a tuple of enum members a checklist, and a nested dataclass a titled section.
Labels come from each field's ``metadata["label"]`` (desktop/workflow/fields.py) unless the
caller gives its own, so the wizard names fields the same way as the rules and the report.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.ui.widgets.accessibility import named
from desktop.ui.wizard.editors import (
    Callback,
    CheckEditor,
    ChecklistEditor,
    ChoiceEditor,
    FieldEditor,
    LineEditor,
    TextEditor,
    TimeEditor,
)

SHORT_FIELDS = frozenset(
    {
        "communicator_name",
        "communicator_relationship",
        "victim_age",
        "court",
        "case_number",
        "issuing_party",
        "payer",
        "agency",
        "reference_number",
    }
)
"""Step fields short enough for one line; every other text field is a text area."""


@dataclass(frozen=True)
class FormOptions:
    labels: Mapping[str, str] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    short: frozenset[str] = SHORT_FIELDS
    required: frozenset[str] = frozenset()
    """Choices and times with no "Not set" entry."""
    explain: Mapping[str, str] = field(default_factory=dict)
    """Longer wrapped text shown just above a field (e.g. the attestation statement)."""
    order: tuple[str, ...] = ()
    """Fields shown first, in this order; the rest follow in declaration order."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _unwrap(hint: Any) -> tuple[Any, bool]:
    """(the type inside ``X | None``, whether None is allowed)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return args[0], True
    return hint, False


def _ordered(
    items: tuple[dataclasses.Field[Any], ...], order: tuple[str, ...]
) -> list[dataclasses.Field[Any]]:
    rank = {name: index for index, name in enumerate(order)}
    return sorted(items, key=lambda item: rank.get(item.name, len(rank)))


class SectionEditor(FieldEditor):
    """A nested dataclass in a titled box; an untouched section is ``None``."""

    label_inside = True

    def __init__(self, name: str, on_change: Callback, cls: type, optional: bool) -> None:
        self.cls, self.optional = cls, optional
        self.widget = box = named(QGroupBox(name), name)
        self.form = DataclassForm(cls, prefix=f"{name}: ")
        self.form.changed.connect(on_change)
        QVBoxLayout(box).addWidget(self.form)

    def value(self) -> object:
        current = self.form.value()
        return None if self.optional and current == self.cls() else current

    def set_value(self, value: object) -> None:
        self.form.set_value(value if value is not None else self.cls())

    def set_read_only(self, read_only: bool) -> None:
        self.form.set_read_only(read_only)


class DataclassForm(QWidget):
    """Edits one dataclass; ``changed`` fires on every edit by the person, not on loading."""

    changed = Signal()

    def __init__(
        self,
        cls: type,
        options: FormOptions | None = None,
        *,
        prefix: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.cls = cls
        self._options = options or FormOptions()
        self._loading = False
        self.editors: dict[str, FieldEditor] = {}
        self._layout = QFormLayout(self)
        self._layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for item in _ordered(dataclasses.fields(cls), self._options.order):
            if item.name not in self._options.hidden:
                self._add(item, prefix)

    def _add(self, item: dataclasses.Field[Any], prefix: str) -> None:
        label = self._options.labels.get(item.name) or str(item.metadata.get("label", item.name))
        editor = self._editor(item.name, prefix + label, _hints(self.cls)[item.name])
        self.editors[item.name] = editor
        if item.name in self._options.explain:
            statement = QLabel(self._options.explain[item.name])
            statement.setWordWrap(True)
            self._layout.addRow(statement)
        if editor.label_inside:
            self._layout.addRow(editor.widget)
            return
        caption = QLabel(label)
        caption.setBuddy(editor.widget)
        self._layout.addRow(caption, editor.widget)

    def _editor(self, name: str, label: str, hint: Any) -> FieldEditor:
        kind, optional = _unwrap(hint)
        optional = optional and name not in self._options.required
        change = self._on_change
        if kind is str:
            short = name in self._options.short
            return LineEditor(label, change) if short else TextEditor(label, change)
        if kind is bool:
            return ChoiceEditor.yes_no(label, change) if optional else CheckEditor(label, change)
        if kind is datetime:
            return TimeEditor(label, change, required=not optional)
        if isinstance(kind, type) and issubclass(kind, Enum):
            return ChoiceEditor.for_enum(label, change, kind, optional)
        return self._compound_editor(name, label, kind, optional)

    def _compound_editor(self, name: str, label: str, kind: Any, optional: bool) -> FieldEditor:
        if typing.get_origin(kind) is tuple:
            return ChecklistEditor(label, self._on_change, typing.get_args(kind)[0])
        if dataclasses.is_dataclass(kind) and isinstance(kind, type):
            return SectionEditor(label, self._on_change, kind, optional)
        raise TypeError(f"no editor for field {name!r}; hide it")

    def _on_change(self) -> None:
        if not self._loading:
            self.changed.emit()

    # ----- values -----------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        """The shown fields' values by field name (hidden fields are left out)."""
        return {name: editor.value() for name, editor in self.editors.items()}

    def value(self, **extra: object) -> Any:
        """A new instance from the shown fields plus ``extra`` (for hidden required ones)."""
        return self.cls(**self.values(), **extra)

    def set_value(self, data: object) -> None:
        self._loading = True
        try:
            for name, editor in self.editors.items():
                editor.set_value(getattr(data, name))
        finally:
            self._loading = False

    # ----- look and access --------------------------------------------------------------

    def editor(self, path: str) -> FieldEditor:
        """The editor of ``name``, or of ``section.name`` inside a nested section."""
        head, _, rest = path.partition(".")
        editor = self.editors[head]
        if rest:
            assert isinstance(editor, SectionEditor)
            return editor.form.editor(rest)
        return editor

    def widget(self, path: str) -> QWidget:
        """The input widget of a field: ``section.name`` inside a nested section, and
        ``name.value`` for one box of a checklist."""
        head, _, rest = path.partition(".")
        editor = self.editors[head]
        if rest and isinstance(editor, ChecklistEditor):
            return editor.box(rest)
        return self.editor(path).widget

    def set_row_visible(self, name: str, visible: bool) -> None:
        self._layout.setRowVisible(self.editors[name].widget, visible)

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.editors.values():
            editor.set_read_only(read_only)
