"""Step fields to and from JSON: enums by value, times as ISO 8601 in UTC, nested dataclasses.

Reading is lenient in one way only: a key the dataclass does not know (written by a newer
version) is ignored and a missing key takes the field's default, so an old draft still opens.
A value of the wrong type raises ValueError (a damaged record, never user input).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import UTC, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

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
    """Rebuild a step dataclass from what :func:`to_json` wrote."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: expected an object")
    hints = _hints(cls)  # type: ignore[arg-type]
    values = {
        f.name: _value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.name in data
    }
    return cls(**values)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _value(hint: Any, raw: object) -> object:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if raw is None:
            return None
        return _value(options[0], raw)
    if origin is tuple:
        if not isinstance(raw, list):
            raise ValueError("expected a list")
        item = typing.get_args(hint)[0]
        return tuple(_value(item, element) for element in raw)
    return _scalar(hint, raw)


def _scalar(hint: Any, raw: object) -> object:
    if dataclasses.is_dataclass(hint):
        return from_json(hint, raw)  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    if hint is datetime:
        if not isinstance(raw, str):
            raise ValueError("expected a time")
        moment = datetime.fromisoformat(raw)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if hint is bool and isinstance(raw, bool):
        return raw
    if hint is str and isinstance(raw, str):
        return raw
    if hint is int and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise ValueError(f"expected {getattr(hint, '__name__', hint)}")
