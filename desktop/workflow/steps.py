"""The eight steps of the break-confidentiality workflow and how to move between them.

The order follows DESIGN.md. The wizard may always go to the next or the previous step, and
back (or forward) to any step that has already been started, so nothing is ever out of reach
once it holds a draft.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.domain import StepStatus, WorkflowStep

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


def reachable(
    current: WorkflowStep, statuses: Mapping[WorkflowStep, StepStatus]
) -> frozenset[WorkflowStep]:
    """The steps the wizard may go to from ``current``: itself, its neighbours, any started."""
    found = {current}
    found.update(step for step in (current.previous, current.next) if step is not None)
    found.update(step for step, status in statuses.items() if status.started)
    return frozenset(found)
