"""Short guidance shown on each page of the break-confidentiality wizard.

The text lives in desktop/resources/guidance/steps.json::

    {"notice": "... not legal advice ...",
     "steps": {"situation": {"title": ..., "what_to_do": ..., "what_to_write": [...],
                             "extra": {"<ExceptionType value>": "...", ...}},
               ...}}

The pydantic types below say what the file holds (steps.schema.json beside it is generated from
them): every one of the eight steps must be present, no other keys are allowed, and each
``extra`` key must be an ExceptionType value. Anything else raises ResourceDataError naming the
step and field.
No Qt here: the wizard page asks ``load_guidance()[step]`` and shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Annotated

from pydantic import Field

from desktop.domain import ExceptionType
from desktop.resources import resource_path
from desktop.resources.typed import Frozen, Text, parse_model

__all__ = [
    "STEPS",
    "GuidanceBook",
    "StepGuidance",
    "guidance_notice",
    "load_guidance",
    "parse_guidance",
]

FILE_NAME = "steps.json"


class StepText(Frozen):
    """One step's guidance as written in steps.json."""

    title: Text = Field(description="The page's heading.")
    what_to_do: Text = Field(description="Two to four sentences on what to do on this step.")
    what_to_write: Annotated[tuple[Text, ...], Field(min_length=1)] = Field(
        description="What the record should say, one bullet each."
    )
    extra: dict[ExceptionType, Text] = Field(
        default_factory=dict, description="A note for some exception types on this step."
    )


class GuidanceSteps(Frozen):
    """Every wizard step's guidance, in wizard order."""

    situation: StepText
    review: StepText
    documentation: StepText
    consultation: StepText
    legal_counsel: StepText
    client_notification: StepText
    disclosure: StepText
    sign_off: StepText


STEPS: tuple[str, ...] = tuple(GuidanceSteps.model_fields)
"""The wizard's steps, in order (DESIGN.md, "The break-confidentiality workflow")."""


class GuidanceFile(Frozen):
    """steps.json: the not-legal-advice notice and each step's guidance."""

    notice: Text = Field(description="Shown with the guidance; says it is not legal advice.")
    steps: GuidanceSteps


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
    """Read and check guidance JSON; raise ResourceDataError naming the first problem."""
    steps = parse_model(GuidanceFile, text, FILE_NAME, {"steps": None})
    parsed = {step: _step(step, getattr(steps.steps, step)) for step in STEPS}
    return GuidanceBook(notice=steps.notice.strip(), steps=MappingProxyType(parsed))


@cache
def _bundled() -> GuidanceBook:
    path = resource_path("guidance", FILE_NAME)
    return parse_guidance(path.read_text(encoding="utf-8"))


def _step(step: str, text: StepText) -> StepGuidance:
    return StepGuidance(
        step=step,
        title=text.title.strip(),
        what_to_do=text.what_to_do.strip(),
        what_to_write=tuple(item.strip() for item in text.what_to_write),
        extra=MappingProxyType({kind: note.strip() for kind, note in text.extra.items()}),
    )
