"""Consent and release texts: parse the bundled templates, fill placeholders, fingerprint text.

A consent template is a Markdown-lite file that starts with a front-matter block::

    ---
    key: informed-consent-adult
    title: Informed Consent and Privacy Policy (Adult)
    for_minor: false
    limits: danger_to_self, danger_to_others, ...
    ---
    # Body text with {{client_name}} placeholders ...

Placeholders are ``{{name}}`` with a lower-case name. ``render`` fills them in a single pass,
so a value that itself contains ``{{...}}`` is inserted literally and never expanded again.
No Qt and no database here: the consent service stores what these functions return.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop.domain import ConfidentialityLimit
from desktop.errors import UserInputError
from desktop.resources import resource_path

__all__ = [
    "TemplateText",
    "bundled_release_text",
    "bundled_templates",
    "content_hash",
    "parse_template",
    "placeholders",
    "render",
]

_FENCE = "---"
_REQUIRED_FIELDS = ("key", "title", "for_minor", "limits")
_KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PLACEHOLDER = re.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")
_BRACES = re.compile(r"\{\{|\}\}")
_BOOLEANS = {"true": True, "false": False}
_ADVICE = "Fix the template text and try again."


@dataclass(frozen=True)
class TemplateText:
    """One consent template as read from its file: front-matter fields and the body."""

    key: str
    title: str
    for_minor: bool
    limits: tuple[ConfidentialityLimit, ...]
    body: str


def parse_template(text: str) -> TemplateText:
    """Read a consent template (front matter + body); raise UserInputError if anything is off."""
    lines = _normalize_newlines(text).split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise UserInputError(
            "The consent template must start with a line of three dashes (---) "
            "followed by its key, title, for_minor and limits.",
            _ADVICE,
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise UserInputError(
            "The consent template's details block is not closed with a line of three dashes (---).",
            _ADVICE,
        ) from None
    fields = _read_fields(lines[1:end])
    body = "\n".join(lines[end + 1 :]).strip("\n")
    if not body.strip():
        raise UserInputError("The consent template has no text after its details block.", _ADVICE)
    placeholders(body)  # rejects malformed placeholders now, not at signing time
    return TemplateText(
        key=_parse_key(fields["key"]),
        title=_parse_title(fields["title"]),
        for_minor=_parse_bool(fields["for_minor"]),
        limits=_parse_limits(fields["limits"]),
        body=body + "\n",
    )


def bundled_templates() -> list[TemplateText]:
    """The consent templates shipped in desktop/resources/consents, sorted by file name."""
    folder = resource_path("consents")
    templates = [
        parse_template(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))
    ]
    keys = [template.key for template in templates]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise UserInputError(
            f"Two bundled consent templates use the same key: {', '.join(duplicates)}.",
            "Reinstall Confide.",
        )
    return templates


def bundled_release_text() -> str:
    """The release-of-information (authorization) text shipped in desktop/resources/releases."""
    path = resource_path("releases", "authorization.md")
    return _normalize_newlines(path.read_text(encoding="utf-8"))


def placeholders(body: str) -> set[str]:
    """The names of the ``{{name}}`` placeholders in ``body``.

    Raises UserInputError for braces that do not form a valid placeholder, such as
    ``{{ Client Name }}`` or a lone ``{{``.
    """
    names = set(_PLACEHOLDER.findall(body))
    leftover = _BRACES.search(_PLACEHOLDER.sub("", body))
    if leftover is not None:
        start = max(leftover.start() - 20, 0)
        snippet = _PLACEHOLDER.sub("", body)[start : leftover.end() + 20].replace("\n", " ")
        raise UserInputError(
            f"The text has a placeholder that is not written correctly near '{snippet.strip()}'.",
            "Write placeholders as {{name}}, using lower-case letters, digits and underscores.",
        )
    return names


def render(body: str, values: Mapping[str, str]) -> str:
    """Fill every ``{{name}}`` in ``body`` from ``values``, in one pass.

    A placeholder with no value raises UserInputError naming it. Values are inserted
    literally: braces inside a value are never treated as placeholders. Extra values
    that the text does not use are ignored, so one set of values can fill several texts.
    """
    missing = sorted(name for name in placeholders(body) if name not in values)
    if missing:
        names = ", ".join("{{" + name + "}}" for name in missing)
        raise UserInputError(
            f"No value was given for the placeholder {names}.",
            "Fill in that detail (or remove the placeholder from the template) and try again.",
        )
    return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), body)


def content_hash(text: str) -> str:
    """SHA-256 (hex) of ``text`` as UTF-8, with \\r\\n and \\r line endings read as \\n."""
    return hashlib.sha256(_normalize_newlines(text).encode("utf-8")).hexdigest()


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_fields(lines: Iterable[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        name = name.strip()
        if not colon or not name:
            raise UserInputError(
                f"The line '{line.strip()}' in the template's details block is not 'name: value'.",
                _ADVICE,
            )
        if name not in _REQUIRED_FIELDS:
            raise UserInputError(
                f"The template's details block has an unknown field '{name}'. "
                f"The fields are: {', '.join(_REQUIRED_FIELDS)}.",
                _ADVICE,
            )
        if name in fields:
            raise UserInputError(
                f"The template's details block gives the field '{name}' twice.", _ADVICE
            )
        fields[name] = value.strip()
    missing = [name for name in _REQUIRED_FIELDS if name not in fields]
    if missing:
        raise UserInputError(
            f"The template's details block is missing: {', '.join(missing)}.", _ADVICE
        )
    return fields


def _parse_key(value: str) -> str:
    if not _KEY_PATTERN.fullmatch(value):
        raise UserInputError(
            f"The template key '{value}' is not valid. Use lower-case letters, digits and "
            "single dashes, for example informed-consent-adult.",
            _ADVICE,
        )
    return value


def _parse_title(value: str) -> str:
    if not value:
        raise UserInputError("The template's title is empty.", _ADVICE)
    return value


def _parse_bool(value: str) -> bool:
    try:
        return _BOOLEANS[value.lower()]
    except KeyError:
        raise UserInputError(f"for_minor must be true or false, not '{value}'.", _ADVICE) from None


def _parse_limits(value: str) -> tuple[ConfidentialityLimit, ...]:
    names = [name.strip() for name in value.split(",")]
    if not any(names):
        raise UserInputError("The template does not list any limits of confidentiality.", _ADVICE)
    known = {limit.value: limit for limit in ConfidentialityLimit}
    limits: list[ConfidentialityLimit] = []
    for name in names:
        if not name:
            raise UserInputError(
                "The limits list has an empty entry (two commas in a row, or a comma at the end).",
                _ADVICE,
            )
        if name not in known:
            raise UserInputError(
                f"'{name}' is not a known limit of confidentiality. "
                f"Known limits: {', '.join(known)}.",
                _ADVICE,
            )
        if known[name] in limits:
            raise UserInputError(f"The limit '{name}' is listed twice.", _ADVICE)
        limits.append(known[name])
    return tuple(limits)
