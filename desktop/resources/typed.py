"""Typed reading of the JSON data files shipped in ``desktop/resources/``: one loader, one error.

Each file has pydantic types (the models beside the code that uses the data); reading checks
every field and cross-field rule, and a problem is reported as :class:`ResourceDataError`,
naming the file, the entry and the field path, never the value found there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desktop.errors import ConfideError

Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
"""Text with at least one visible character."""

SchemaVersion = Annotated[
    Literal[1], Field(description="Always 1. A file with another version is refused.")
]
Disclaimer = Annotated[
    str,
    Field(
        pattern=r"^Reference data, not legal advice\.",
        description="Shown with the data. Starts 'Reference data, not legal advice.'",
    ),
]

M = TypeVar("M", bound=BaseModel)
Location = tuple[str | int, ...]


class ResourceDataError(ConfideError):
    """A shipped data file is damaged or does not follow its types (and generated schema)."""

    default_advice = "Reinstall Confide or restore its resources folder. Nothing was changed."

    def __init__(self, file: str, entry: str, field: str, problem: str) -> None:
        super().__init__(f"{file}, entry '{entry}': field '{field}' {problem}.")
        self.file = file
        self.entry = entry
        self.field = field


class FieldProblemError(ValueError):
    """Raised by a cross-field validator to name the field (below the model) that is wrong."""

    def __init__(self, where: Location, problem: str) -> None:
        super().__init__(problem)
        self.where = where
        self.problem = problem


class Frozen(BaseModel):
    """Base of the data-file types: read-only, unknown fields refused, no type coercion."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class ReferenceFile(Frozen):
    """Base of the reference-data files: a schema version and a not-legal-advice disclaimer."""

    schema_version: SchemaVersion
    disclaimer: Disclaimer


def read_model(model: type[M], path: Path, entries: Mapping[str, str | None]) -> M:
    """Read ``path`` as ``model``; ``entries`` names each list's (or dict's) entry label key.

    ``{"jurisdictions": "code"}`` names an item of the list ``jurisdictions`` by its ``code``;
    ``{"steps": None}`` names an item of the object ``steps`` by its key.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problem = f"cannot be read ({type(exc).__name__})"
        raise ResourceDataError(path.name, "(file)", "(root)", problem) from None
    return parse_model(model, text, path.name, entries)


def parse_model(model: type[M], text: str, file: str, entries: Mapping[str, str | None]) -> M:
    """Validate the JSON ``text`` of the file called ``file`` as ``model``."""
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        problem = f"cannot be read (not JSON: line {exc.lineno}, column {exc.colno})"
        raise ResourceDataError(file, "(file)", "(root)", problem) from None
    except _RepeatedKeyError as exc:
        raise ResourceDataError(file, "(file)", exc.key, "is given twice") from None
    try:
        return model.model_validate_json(text)
    except ValidationError as exc:
        raise _named(exc, data, file, entries) from None


def unique_labels(labels: tuple[str, ...], where: str, key: str = "code") -> None:
    """Refuse a label (``key``) that an earlier entry of the list ``where`` already uses."""
    for index, label in enumerate(labels):
        if label in labels[:index]:
            problem = f"repeats '{label}', which an earlier entry already uses"
            raise FieldProblemError((where, index, key), problem)


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema generated from ``model`` (what a committed schema file must equal)."""
    return model.model_json_schema()


_PLAIN = {"missing": "is missing", "extra_forbidden": "is not a known field"}


class _RepeatedKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKeyError(key)
        result[key] = value
    return result


def first_problem(exc: ValidationError) -> tuple[Location, str]:
    """The location and plain wording of pydantic's first error, without the value found."""
    first = exc.errors(include_url=False, include_input=False)[0]
    location: Location = tuple(first["loc"])
    problem = _problem(first["type"], first["msg"], first.get("ctx", {}))
    if "[key]" in location:
        location = tuple(part for part in location if part != "[key]")
        problem = f"is not a valid name here: {problem.removeprefix('is not valid: ')}"
    cause = first.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblemError):
        location, problem = location + cause.where, cause.problem
    elif isinstance(cause, ValueError):
        problem = str(cause)
    return location, problem


def field_path(location: Location) -> str:
    """``("sources", 0, "url")`` as ``sources[0].url``; ``(root)`` when empty."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "(root)"


def _named(
    exc: ValidationError, data: object, file: str, entries: Mapping[str, str | None]
) -> ResourceDataError:
    """Turn pydantic's first error into one naming the entry and the field path."""
    location, problem = first_problem(exc)
    entry = "(file)"
    if len(location) >= 2 and isinstance(location[0], str) and location[0] in entries:
        entry = _entry_label(data, location[0], location[1], entries[location[0]])
        location = location[2:]
    return ResourceDataError(file, entry, field_path(location), problem)


def _problem(kind: str, message: str, context: Mapping[str, Any]) -> str:
    if kind == "string_pattern_mismatch" and context.get("pattern") == r"\S":
        return "must not be blank"
    return _PLAIN.get(kind) or f"is not valid: {message[:1].lower()}{message[1:]}"


def _entry_label(data: object, key: str, item: str | int, label_key: str | None) -> str:
    """An entry's own label (its code, its key) when it names one entry only, else its index."""
    fallback = f"{key}[{item}]" if isinstance(item, int) else f"{key}.{item}"
    if label_key is None:
        return str(item)
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not isinstance(item, int) or item >= len(items):
        return fallback
    labels = [entry.get(label_key) if isinstance(entry, dict) else None for entry in items]
    label = labels[item]
    if isinstance(label, str) and label.strip() and labels.count(label) == 1:
        return label
    return fallback
