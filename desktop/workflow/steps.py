"""The eight steps of the break-confidentiality workflow and how to move between them.

The order follows DESIGN.md. The wizard may always go to the next or the previous step, and
back (or forward) to any step that has already been started, so nothing is ever out of reach
once it holds a draft.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class WorkflowStep(StrEnum):
    """One step. Values match the keys of desktop/resources/guidance/steps.json."""

    SITUATION = "situation"
    REVIEW = "review"
    DOCUMENTATION = "documentation"
    CONSULTATION = "consultation"
    LEGAL_COUNSEL = "legal_counsel"
    CLIENT_NOTIFICATION = "client_notification"
    DISCLOSURE = "disclosure"
    SIGN_OFF = "sign_off"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def number(self) -> int:
        """1 for the first step, 8 for sign-off."""
        return ORDER.index(self) + 1

    @property
    def heading(self) -> str:
        """E.g. "Step 4, Consultation"."""
        return f"Step {self.number}, {self.label}"

    @property
    def next(self) -> WorkflowStep | None:
        return TRANSITIONS[self][1]

    @property
    def previous(self) -> WorkflowStep | None:
        return TRANSITIONS[self][0]


_LABELS = {
    WorkflowStep.SITUATION: "Situation",
    WorkflowStep.REVIEW: "Review of the rules",
    WorkflowStep.DOCUMENTATION: "Documentation",
    WorkflowStep.CONSULTATION: "Consultation",
    WorkflowStep.LEGAL_COUNSEL: "Legal counsel",
    WorkflowStep.CLIENT_NOTIFICATION: "Client notification",
    WorkflowStep.DISCLOSURE: "Disclosure",
    WorkflowStep.SIGN_OFF: "Sign-off",
}

ORDER: tuple[WorkflowStep, ...] = tuple(WorkflowStep)


def _transitions() -> Mapping[WorkflowStep, tuple[WorkflowStep | None, WorkflowStep | None]]:
    table: dict[WorkflowStep, tuple[WorkflowStep | None, WorkflowStep | None]] = {}
    for index, step in enumerate(ORDER):
        before = ORDER[index - 1] if index > 0 else None
        after = ORDER[index + 1] if index + 1 < len(ORDER) else None
        table[step] = (before, after)
    return table


TRANSITIONS = _transitions()
"""Each step's (previous, next) step; None at either end."""


class StepStatus(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    COMPLETE = "complete"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def started(self) -> bool:
        return self is not StepStatus.NOT_STARTED

    @property
    def done(self) -> bool:
        """Complete, or not applicable with a reason: what sign-off needs."""
        return self in (StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE)


_STATUS_LABELS = {
    StepStatus.NOT_STARTED: "Not started",
    StepStatus.DRAFT: "Draft",
    StepStatus.COMPLETE: "Complete",
    StepStatus.NOT_APPLICABLE: "Not applicable",
}


def reachable(
    current: WorkflowStep, statuses: Mapping[WorkflowStep, StepStatus]
) -> frozenset[WorkflowStep]:
    """The steps the wizard may go to from ``current``: itself, its neighbours, any started."""
    found = {current}
    found.update(step for step in (current.previous, current.next) if step is not None)
    found.update(step for step, status in statuses.items() if status.started)
    return frozenset(found)
