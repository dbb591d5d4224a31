"""The state machine over one incident: drafts, completion, not-applicable, sign-off.

Each function works inside the caller's unit of work (the incidents service opens it): a draft
is stored on every save, so closing the wizard loses nothing and the incident can be resumed
later. Sign-off is refused, naming every
missing item, until each step is complete or marked not applicable with a reason; it then
stores a content hash and the finalization time, after which the incident never changes (the
service refuses first, database triggers second). Every change is audited.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from types import MappingProxyType

from sqlalchemy.orm import Session

from desktop.domain import ExceptionType, StepStatus, WorkflowStep
from desktop.errors import WorkflowError
from desktop.jurisdictions import jurisdiction
from desktop.models import Incident, IncidentStep
from desktop.models.base import utc_now
from desktop.storage import audit
from desktop.workflow import rules, safeguards
from desktop.workflow import validation as v
from desktop.workflow.deadlines import deadline_for
from desktop.workflow.fields import (
    DisclosureFields,
    SignOffFields,
    SituationFields,
    StepFields,
)
from desktop.workflow.records import (
    STEP_FIELDS,
    load_incident,
    read_fields,
    require_open,
    step_context,
    step_rows,
)
from desktop.workflow.sealing import content_hash
from desktop.workflow.serialize import to_json
from desktop.workflow.steps import ORDER, reachable


@dataclass(frozen=True)
class StepState:
    step: WorkflowStep
    status: StepStatus
    fields: StepFields
    not_applicable_reason: str = ""
    completed_at: datetime | None = None
    completed_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class WorkflowState:
    incident_id: int
    client_id: int
    exception_type: ExceptionType
    current_step: WorkflowStep
    steps: Mapping[WorkflowStep, StepState]
    finalized_at: datetime | None

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None

    def status(self, step: WorkflowStep) -> StepStatus:
        return self.steps[step].status

    def reachable(self) -> frozenset[WorkflowStep]:
        """The steps the wizard may open from the current one."""
        return reachable(self.current_step, {s: st.status for s, st in self.steps.items()})


def read_state(session: Session, incident_id: int) -> WorkflowState:
    """The incident's steps as saved (NotFoundError if there is no such incident)."""
    incident = load_incident(session, incident_id)
    rows = step_rows(session, incident.id)
    states = {step: step_state(step, rows.get(step)) for step in ORDER}
    return WorkflowState(
        incident_id=incident.id,
        client_id=incident.client_id,
        exception_type=incident.exception_type,
        current_step=incident.current_step,
        steps=MappingProxyType(states),
        finalized_at=incident.finalized_at,
    )


def step_problems(session: Session, incident_id: int, step: WorkflowStep) -> list[str]:
    """What is still missing before ``step`` can be completed, in plain words."""
    incident = load_incident(session, incident_id)
    rows = step_rows(session, incident.id)
    context = step_context(session, incident, rows)
    return rules.problems(step, read_fields(step, rows.get(step)), context)


def warnings(session: Session, incident_id: int) -> list[str]:
    """Legal cautions for this incident as recorded so far (see ``safeguards``)."""
    incident = load_incident(session, incident_id)
    return safeguards.warnings(step_context(session, incident, step_rows(session, incident.id)))


def missing_items(session: Session, incident_id: int) -> list[str]:
    """Every item sign-off still needs, each naming its step, in plain words."""
    return _missing(session, load_incident(session, incident_id))


def go_to(session: Session, actor: str, incident_id: int, step: WorkflowStep) -> None:
    """Move the wizard to ``step``: a neighbour of the current step, or any started one."""
    if step not in read_state(session, incident_id).reachable():
        raise WorkflowError(
            f"{step.heading} cannot be opened yet.", "Go through the steps in order."
        )
    incident = require_open(session, incident_id)
    if incident.current_step != step:
        incident.current_step = step
        _audit(session, actor, incident, "incident", incident.id, detail={"current_step": step})


def save_step(
    session: Session, actor: str, incident_id: int, step: WorkflowStep, data: StepFields
) -> None:
    """Store a draft of the step's fields (called after every change in the wizard)."""
    if not isinstance(data, STEP_FIELDS[step]):
        raise TypeError(f"{step.label} takes {STEP_FIELDS[step].__name__}")
    clean = rules.cleaned(data, step)
    _store(session, actor, require_open(session, incident_id), step, clean)


def complete_step(session: Session, actor: str, incident_id: int, step: WorkflowStep) -> None:
    """Mark ``step`` complete; WorkflowError names what is still missing."""
    if step is WorkflowStep.SIGN_OFF:
        raise WorkflowError("Sign-off is completed by signing off.", "Use Sign off.")
    incident = require_open(session, incident_id)
    rows = step_rows(session, incident.id)
    missing = rules.problems(
        step, read_fields(step, rows.get(step)), step_context(session, incident, rows)
    )
    if missing:
        raise WorkflowError(
            f"{step.heading} is not complete yet. Still missing: {'; '.join(missing)}.",
            "Fill these in, or mark the step not applicable with a reason.",
        )
    _settle(session, actor, incident, step, status=StepStatus.COMPLETE, reason="")


def mark_not_applicable(
    session: Session, actor: str, incident_id: int, step: WorkflowStep, reason: str
) -> None:
    """Mark ``step`` not applicable; the written reason is required and kept."""
    incident = require_open(session, incident_id)
    refusal = rules.not_applicable_refusal(step, incident.exception_type)
    if refusal is not None:
        raise WorkflowError(refusal)
    text = v.required_text(reason, "The reason the step is not applicable", 20_000)
    _settle(session, actor, incident, step, status=StepStatus.NOT_APPLICABLE, reason=text)


def finalize(session: Session, actor: str, incident_id: int) -> str:
    """Seal a signed-off incident and return its content hash. Refused, naming each missing
    item, until every step is complete or not applicable (and, where a mandatory duty is not
    discharged, until the sign-off's acknowledgement says why)."""
    incident = require_open(session, incident_id)
    missing = _missing(session, incident)
    if missing:
        raise WorkflowError(
            "Sign-off is refused until every step is complete or marked not applicable "
            f"with a reason. Still missing: {'; '.join(missing)}.",
            "Complete each item, or mark its step not applicable with a reason.",
        )
    return _finalize(session, actor, incident)


# ----- internals ------------------------------------------------------------------------


def _store(
    session: Session, actor: str, incident: Incident, step: WorkflowStep, clean: StepFields
) -> None:
    row = step_rows(session, incident.id).get(step) or _new_row(session, incident, step)
    stored = to_json(clean)
    if row.data == stored and row.status != StepStatus.NOT_STARTED:
        return
    changed = sorted(k for k in stored if (row.data or {}).get(k) != stored[k])
    row.data = stored
    row.status = StepStatus.DRAFT
    row.not_applicable_reason, row.completed_at, row.completed_by = "", None, ""
    if isinstance(clean, SituationFields):
        _apply_situation(incident, clean)
    _audit(
        session, actor, incident, "incident_step", row.id, detail={"step": step, "fields": changed}
    )


def _new_row(session: Session, incident: Incident, step: WorkflowStep) -> IncidentStep:
    row = IncidentStep(incident_id=incident.id, step=step, status=StepStatus.NOT_STARTED, data={})
    session.add(row)
    session.flush()
    return row


def _settle(
    session: Session,
    actor: str,
    incident: Incident,
    step: WorkflowStep,
    *,
    status: StepStatus,
    reason: str,
) -> None:
    """Mark the step complete or not applicable and move the wizard past it."""
    row = step_rows(session, incident.id).get(step) or _new_row(session, incident, step)
    _finish(row, actor, status, reason)
    if incident.current_step == step and step.next is not None:
        incident.current_step = step.next
    detail: dict[str, object] = {"step": step, "status": status}
    _audit(session, actor, incident, "incident_step", row.id, detail=detail)


def _finish(row: IncidentStep, actor: str, status: StepStatus, reason: str) -> None:
    row.status = status
    row.not_applicable_reason = reason
    row.completed_at = utc_now()
    row.completed_by = actor


def _finalize(session: Session, actor: str, incident: Incident) -> str:
    rows = step_rows(session, incident.id)
    sign = rows[WorkflowStep.SIGN_OFF]
    now = utc_now()
    fields = read_fields(WorkflowStep.SIGN_OFF, sign)
    assert isinstance(fields, SignOffFields)
    sign.data = to_json(replace(fields, attested_at=now))
    _finish(sign, actor, StepStatus.COMPLETE, "")
    decision = read_fields(WorkflowStep.DISCLOSURE, rows.get(WorkflowStep.DISCLOSURE))
    assert isinstance(decision, DisclosureFields) and decision.decision is not None
    session.flush()
    with session.no_autoflush:
        incident.outcome = decision.decision.value
        incident.current_step = WorkflowStep.SIGN_OFF
        incident.finalized_at = now
        incident.finalized_by = actor
        incident.content_hash = content_hash(session, incident)
    session.flush()
    audit.record(
        session,
        audit.AuditAction.FINALIZE,
        actor=actor,
        entity_type="incident",
        entity_id=incident.id,
        client_id=incident.client_id,
        detail={"incident_id": incident.id, "content_hash": incident.content_hash},
    )
    return incident.content_hash


def _audit(
    session: Session,
    actor: str,
    incident: Incident,
    entity_type: str,
    entity_id: int,
    *,
    detail: dict[str, object],
) -> None:
    audit.record(
        session,
        audit.AuditAction.UPDATE,
        actor=actor,
        entity_type=entity_type,
        entity_id=entity_id,
        client_id=incident.client_id,
        detail={"incident_id": incident.id, **{k: _plain(x) for k, x in detail.items()}},
    )


def _plain(value: object) -> object:
    """Audit detail values: field names stay a list, everything else becomes text."""
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


def step_state(step: WorkflowStep, row: IncidentStep | None) -> StepState:
    if row is None:
        return StepState(step, StepStatus.NOT_STARTED, read_fields(step, None))
    return StepState(
        step=step,
        status=StepStatus(row.status),
        fields=read_fields(step, row),
        not_applicable_reason=row.not_applicable_reason,
        completed_at=row.completed_at,
        completed_by=row.completed_by,
        updated_at=row.updated_at,
    )


def _missing(session: Session, incident: Incident) -> list[str]:
    rows = step_rows(session, incident.id)
    context = step_context(session, incident, rows)
    items: list[str] = []
    for step in ORDER:
        row = rows.get(step)
        status = StepStatus(row.status) if row is not None else StepStatus.NOT_STARTED
        if status is StepStatus.NOT_APPLICABLE:
            continue
        problems = rules.problems(step, read_fields(step, row), context)
        items += [f"{step.heading}: {problem}" for problem in problems]
        if not problems and status is not StepStatus.COMPLETE and step is not WorkflowStep.SIGN_OFF:
            items.append(f"{step.heading}: not yet marked complete or not applicable")
    return items


def _apply_situation(incident: Incident, situation: SituationFields) -> None:
    """A changed exception type or date moves the incident's type and due time with it."""
    if situation.exception_type is not None:
        incident.exception_type = situation.exception_type
    found = deadline_for(
        jurisdiction(incident.jurisdiction),
        incident.exception_type,
        situation,
        incident.opened_at,
    )
    incident.due_at = found.due_at if found else None
    incident.due_reason = found.reason if found else ""
