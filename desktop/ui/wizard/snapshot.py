"""What the wizard shows, read in one job on the database worker: frozen data only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from desktop.domain import StepStatus, WorkflowStep
from desktop.services.incidents.service import IncidentService, IncidentView
from desktop.storage.vault import Vault
from desktop.workflow.steps import ORDER, reachable


@dataclass(frozen=True)
class WizardSnapshot:
    view: IncidentView
    problems: Mapping[WorkflowStep, tuple[str, ...]]
    """What each step still needs before it can be completed (empty once finalized)."""
    missing: tuple[str, ...]
    """Every item sign-off still needs, each naming its step."""

    @property
    def finalized(self) -> bool:
        return self.view.finalized

    @property
    def current_step(self) -> WorkflowStep:
        return self.view.current_step

    def status(self, step: WorkflowStep) -> StepStatus:
        return self.view.step(step).status

    def reachable(self) -> frozenset[WorkflowStep]:
        """Every step once finalized (to read); else what the workflow allows."""
        if self.finalized:
            return frozenset(ORDER)
        statuses = {state.step: state.status for state in self.view.steps}
        return reachable(self.view.current_step, statuses)


def load_snapshot(vault: Vault, incident_id: int, *, audit_view: bool) -> WizardSnapshot:
    """Everything about the incident; ``audit_view`` when the window first opens it."""
    service = IncidentService(vault)
    view = service.get(incident_id, audit_view=audit_view)
    if view.finalized:
        return WizardSnapshot(view, MappingProxyType({}), ())
    flow = service.workflow(incident_id)
    problems = {step: tuple(flow.step_problems(step)) for step in ORDER}
    return WizardSnapshot(view, MappingProxyType(problems), tuple(flow.missing_items()))
