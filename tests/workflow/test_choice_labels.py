"""Every member of every labelled enum has its own plain label, looked up by member."""

from __future__ import annotations

import importlib
import pkgutil
from enum import Enum

import pytest

import desktop
from desktop.workflow import fields


def _labelled_enums() -> list[type[Enum]]:
    """Every Enum in the Qt-free packages whose members carry a ``label`` property."""
    skipped = ("desktop.ui", "desktop.app", "desktop.__main__", "desktop.migrations")
    found: dict[str, type[Enum]] = {}
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        if info.name.startswith(skipped):
            continue
        for value in vars(importlib.import_module(info.name)).values():
            if _is_labelled_enum(value) and value.__module__ == info.name:
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


def _is_labelled_enum(value: object) -> bool:
    return (
        isinstance(value, type)
        and issubclass(value, Enum)
        and len(value) > 0
        and isinstance(getattr(value, "label", None), property)
    )


LABELLED = _labelled_enums()


def test_the_labelled_enums_are_found() -> None:
    names = {kind.__name__ for kind in LABELLED}
    assert {"ExceptionType", "WorkflowStep", "StepStatus", "AttemptOutcome", "Assurance"} <= names


@pytest.mark.parametrize("kind", LABELLED, ids=lambda kind: kind.__name__)
def test_every_member_has_a_label(kind: type[Enum]) -> None:
    for member in kind:
        label = member.label  # type: ignore[attr-defined]
        assert isinstance(label, str) and label.strip(), member


def test_choice_labels_are_keyed_by_member_one_table_per_enum() -> None:
    """Two enums may share a value ("other") without sharing a label."""
    for kind, labels in fields._CHOICE_LABELS.items():
        assert set(labels) == set(kind), kind.__name__
        assert all(type(member) is kind for member in labels), kind.__name__
