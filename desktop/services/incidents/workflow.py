"""One incident's workflow, each call one unit of work in the vault (see workflow.engine)."""

from __future__ import annotations

from desktop.domain import WorkflowStep
from desktop.storage.vault import Vault
from desktop.workflow import engine
from desktop.workflow.engine import WorkflowState
from desktop.workflow.fields import SignOffFields, StepFields


class IncidentWorkflow:
    """Reads and saves one incident's steps; every change is audited under the vault's actor."""

    def __init__(self, vault: Vault, incident_id: int) -> None:
        self._vault = vault
        self.incident_id = incident_id
        with vault.session() as session:
            engine.read_state(session, incident_id)

    @classmethod
    def load(cls, vault: Vault, incident_id: int) -> IncidentWorkflow:
        """Resume an incident saved in the vault (NotFoundError if there is none)."""
        return cls(vault, incident_id)

    def state(self) -> WorkflowState:
        with self._vault.session() as session:
            return engine.read_state(session, self.incident_id)

    def fields(self, step: WorkflowStep) -> StepFields:
        """The step's saved fields (its defaults if it was never saved)."""
        return self.state().steps[step].fields

    def step_problems(self, step: WorkflowStep) -> list[str]:
        """What is still missing before ``step`` can be completed, in plain words."""
        with self._vault.session() as session:
            return engine.step_problems(session, self.incident_id, step)

    def warnings(self) -> list[str]:
        """Legal cautions for this incident as recorded so far."""
        with self._vault.session() as session:
            return engine.warnings(session, self.incident_id)

    def missing_items(self) -> list[str]:
        """Every item sign-off still needs, each naming its step, in plain words."""
        with self._vault.session() as session:
            return engine.missing_items(session, self.incident_id)

    def go_to(self, step: WorkflowStep) -> None:
        """Move the wizard to ``step``: a neighbour of the current step, or any started one."""
        with self._vault.session() as session:
            engine.go_to(session, self._vault.actor, self.incident_id, step)

    def save_step(self, step: WorkflowStep, data: StepFields) -> None:
        """Store a draft of the step's fields (called after every change in the wizard)."""
        with self._vault.session() as session:
            engine.save_step(session, self._vault.actor, self.incident_id, step, data)

    def complete_step(self, step: WorkflowStep) -> None:
        """Mark ``step`` complete; WorkflowError names what is still missing."""
        with self._vault.session() as session:
            engine.complete_step(session, self._vault.actor, self.incident_id, step)

    def mark_not_applicable(self, step: WorkflowStep, reason: str) -> None:
        """Mark ``step`` not applicable; the written reason is required and kept."""
        with self._vault.session() as session:
            engine.mark_not_applicable(session, self._vault.actor, self.incident_id, step, reason)

    def sign_off(
        self, summary: str, follow_up_plan: str, attestation: bool, acknowledgement: str = ""
    ) -> str:
        """Sign off and finalize; returns the content hash. The sign-off text is saved in its
        own unit of work first, so a refusal (naming each missing item) keeps what was typed."""
        fields = SignOffFields(
            summary=summary,
            follow_up_plan=follow_up_plan,
            undischarged_acknowledgement=acknowledgement,
            attestation=attestation,
        )
        self.save_step(WorkflowStep.SIGN_OFF, fields)
        with self._vault.session() as session:
            return engine.finalize(session, self._vault.actor, self.incident_id)
