"""Short guidance shown on each page of the break-confidentiality wizard.

The text lives in desktop/resources/guidance/steps.json::

    {"notice": "... not legal advice ...",
     "steps": {"situation": {"title": ..., "what_to_do": ..., "what_to_write": [...],
                             "extra": {"<ExceptionType value>": "...", ...}},
               ...}}

Every one of the eight steps must be present, no other keys are allowed, and each ``extra``
key must be an ExceptionType value. Anything else raises UserInputError with a plain message.
No Qt here: the wizard page asks ``load_guidance()[step]`` and shows it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from desktop.domain import ExceptionType
from desktop.errors import UserInputError
from desktop.resources import resource_path

__all__ = [
    "STEPS",
    "GuidanceBook",
    "StepGuidance",
    "guidance_notice",
    "load_guidance",
    "parse_guidance",
]

STEPS: tuple[str, ...] = (
    "situation",
    "review",
    "documentation",
    "consultation",
    "legal_counsel",
    "client_notification",
    "disclosure",
    "sign_off",
)
"""The wizard's steps, in order (DESIGN.md, "The break-confidentiality workflow")."""

_STEP_FIELDS = frozenset({"title", "what_to_do", "what_to_write", "extra"})
_REQUIRED_STEP_FIELDS = ("title", "what_to_do", "what_to_write")
_ADVICE = "The guidance file is damaged. Reinstall Confide."


@dataclass(frozen=True)
class StepGuidance:
    """What to do and what to write on one wizard step, with notes for some exception types."""

    step: str
    title: str
    what_to_do: str
    what_to_write: tuple[str, ...]
    extra: Mapping[ExceptionType, str]

    def note_for(self, exception: ExceptionType) -> str | None:
        """The extra note for this exception type on this step, if there is one."""
        return self.extra.get(exception)


@dataclass(frozen=True)
class GuidanceBook:
    """The whole guidance file: the not-legal-advice notice and each step's guidance."""

    notice: str
    steps: Mapping[str, StepGuidance]


def load_guidance() -> Mapping[str, StepGuidance]:
    """The bundled guidance for every wizard step, keyed by step name in wizard order."""
    return _bundled().steps


def guidance_notice() -> str:
    """The "not legal advice" line to show with the guidance."""
    return _bundled().notice


def parse_guidance(text: str) -> GuidanceBook:
    """Read and check guidance JSON; raise UserInputError naming the first problem."""
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise UserInputError(
            f"The guidance file is not valid JSON (line {exc.lineno}, column {exc.colno}).",
            _ADVICE,
        ) from None
    top = _as_object(data, "The guidance file")
    _check_keys(top, required=("notice", "steps"), allowed=frozenset({"notice", "steps"}), where="")
    notice = _as_text(top["notice"], "The guidance notice")
    steps = _as_object(top["steps"], "The guidance 'steps'")
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise UserInputError(f"The guidance has an unknown step '{unknown[0]}'.", _ADVICE)
    missing = [step for step in STEPS if step not in steps]
    if missing:
        raise UserInputError(f"The guidance has no text for the step '{missing[0]}'.", _ADVICE)
    parsed = {step: _parse_step(step, steps[step]) for step in STEPS}
    return GuidanceBook(notice=notice, steps=MappingProxyType(parsed))


@cache
def _bundled() -> GuidanceBook:
    path = resource_path("guidance", "steps.json")
    return parse_guidance(path.read_text(encoding="utf-8"))


def _parse_step(step: str, raw: object) -> StepGuidance:
    where = f"The guidance for step '{step}'"
    fields = _as_object(raw, where)
    _check_keys(fields, required=_REQUIRED_STEP_FIELDS, allowed=_STEP_FIELDS, where=where)
    bullets = fields["what_to_write"]
    if not isinstance(bullets, list) or not bullets:
        raise UserInputError(f"{where}: 'what_to_write' must be a non-empty list.", _ADVICE)
    return StepGuidance(
        step=step,
        title=_as_text(fields["title"], f"{where}: 'title'"),
        what_to_do=_as_text(fields["what_to_do"], f"{where}: 'what_to_do'"),
        what_to_write=tuple(_as_text(item, f"{where}: a 'what_to_write' item") for item in bullets),
        extra=_parse_extra(fields.get("extra", {}), where),
    )


def _parse_extra(raw: object, where: str) -> Mapping[ExceptionType, str]:
    notes = _as_object(raw, f"{where}: 'extra'")
    known = {exception.value: exception for exception in ExceptionType}
    parsed: dict[ExceptionType, str] = {}
    for name, text in notes.items():
        if name not in known:
            raise UserInputError(
                f"{where}: '{name}' in 'extra' is not an exception type. "
                f"Known types: {', '.join(known)}.",
                _ADVICE,
            )
        parsed[known[name]] = _as_text(text, f"{where}: the '{name}' note")
    return MappingProxyType(parsed)


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise UserInputError(f"The guidance file gives '{key}' twice.", _ADVICE)
        result[key] = value
    return result


def _as_object(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise UserInputError(f"{where} must be a JSON object.", _ADVICE)
    return value


def _as_text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UserInputError(f"{where} must be non-empty text.", _ADVICE)
    return value.strip()


def _check_keys(
    fields: Mapping[str, object], *, required: tuple[str, ...], allowed: frozenset[str], where: str
) -> None:
    prefix = f"{where}: " if where else "The guidance file: "
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise UserInputError(f"{prefix}unknown field '{unknown[0]}'.", _ADVICE)
    missing = [name for name in required if name not in fields]
    if missing:
        raise UserInputError(f"{prefix}missing field '{missing[0]}'.", _ADVICE)
