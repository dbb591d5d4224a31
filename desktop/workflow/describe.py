"""Step fields as plain label/value rows, and times as people read them.

Used by the report for counsel (and available to the wizard's summary page): every filled field
is listed under its own label, yes/no questions always, nested sections with their heading.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from enum import Enum

from desktop.domain import DisclosureMethod, ExceptionType
from desktop.local_time import NOT_RECORDED, format_moment

Row = tuple[str, str]


def format_value(value: object) -> str:
    if value is None:
        return NOT_RECORDED
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, Enum):
        return enum_label(value)
    return str(value)


def enum_label(value: Enum) -> str:
    """An enum member's label, or its value in words when it has none."""
    if isinstance(value, ExceptionType | DisclosureMethod):
        return value.label if isinstance(value, ExceptionType) else _words(value.value)
    label = getattr(value, "label", None)
    return str(label) if label is not None else _words(str(value.value))


def _words(value: str) -> str:
    return value.replace("_", " ").capitalize()


def field_rows(data: object, prefix: str = "") -> list[Row]:
    """Every filled field of a step dataclass as (label, value); nested sections flattened."""
    rows: list[Row] = []
    for item in dataclasses.fields(data):  # type: ignore[arg-type]
        value = getattr(data, item.name)
        label = prefix + str(item.metadata.get("label", item.name))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            rows += field_rows(value, f"{label}: ")
        elif _shown(value):
            rows.append((label, format_value(value)))
    return rows


def field_sections(data: object) -> list[tuple[str, list[Row]]]:
    """The step's own fields under "", then each filled nested section under its label."""
    sections: list[tuple[str, list[Row]]] = [("", [])]
    for item in dataclasses.fields(data):  # type: ignore[arg-type]
        value = getattr(data, item.name)
        label = str(item.metadata.get("label", item.name))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            sections.append((label, field_rows(value)))
        elif _shown(value):
            sections[0][1].append((label, format_value(value)))
    return [(title, rows) for title, rows in sections if rows]


def _shown(value: object) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None
