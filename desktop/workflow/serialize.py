"""Step fields to and from JSON: enums by value, times as ISO 8601 in UTC, nested dataclasses.

Reading goes through a pydantic TypeAdapter over the dataclass, strictly typed and lenient in
one way only: a key the dataclass does not know (written by a newer version) is ignored and a
missing key takes the field's default, so an old draft still opens. A value of the wrong type
raises ValueError naming the field, never the value (a damaged record, never user input).
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from desktop.resources.typed import field_path, first_problem

T = TypeVar("T")
JSONValue = Any


def to_json(value: object) -> JSONValue:
    """A JSON-ready copy of a step dataclass (or any value inside one)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, str | bool | int | float):
        return value
    raise ValueError(f"cannot store a {type(value).__name__} in step fields")


def from_json(cls: type[T], data: object) -> T:
    """Rebuild a step dataclass from what :func:`to_json` wrote (pydantic checks every field)."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object")
    try:
        kind: type = cls
        found: T = _adapter(kind).validate_json(json.dumps(data), strict=True)
    except ValidationError as exc:
        location, problem = first_problem(exc)
        raise ValueError(f"{cls.__name__}: field '{field_path(location)}' {problem}") from None
    return found


@cache
def _adapter(cls: type) -> TypeAdapter[Any]:
    return TypeAdapter(cls)
