"""Incident rows for lists, in two statements for any number of incidents.

One statement reads the incidents with their client's name (small columns only); a second
reads the status of every step of those incidents, and the disclosure step's fields only where
an overdue check needs them. The next step and the overdue flag are then worked out in Python
from those rows, with the same rule as :func:`desktop.workflow.assemble.is_overdue`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, case, null, select
from sqlalchemy.orm import Session

from desktop.domain import ExceptionType, StepStatus, WorkflowStep
from desktop.jurisdictions import jurisdiction
from desktop.models import Client, Incident, IncidentStep
from desktop.models.client import display_name
from desktop.workflow.deadlines import deadline_met
from desktop.workflow.fields import DisclosureFields
from desktop.workflow.serialize import from_json
from desktop.workflow.steps import ORDER


@dataclass(frozen=True)
class IncidentLine:
    """What a list shows about one incident."""

    id: int
    client_id: int
    client_display_name: str
    exception_type: ExceptionType
    current_step: WorkflowStep
    next_step: WorkflowStep
    opened_at: datetime
    due_at: datetime | None
    due_reason: str
    overdue: bool
    finalized_at: datetime | None


def incident_rows() -> Select[*tuple[Any, ...]]:
    """The columns every incident list needs; callers add filters, order and limit."""
    return select(
        Incident.id,
        Incident.client_id,
        Incident.exception_type,
        Incident.jurisdiction,
        Incident.current_step,
        Incident.opened_at,
        Incident.due_at,
        Incident.due_reason,
        Incident.finalized_at,
        Client.first_name,
        Client.last_name,
        Client.preferred_name,
    ).join(Client, Client.id == Incident.client_id)


def lines(
    session: Session, query: Select[*tuple[Any, ...]], now: datetime | None = None
) -> list[IncidentLine]:
    """Run ``query`` (from :func:`incident_rows`) and one statement for the steps."""
    moment = now or datetime.now(UTC)
    found = list(session.execute(query))
    steps = _steps(session, query.subquery(), moment)
    return [_line(row, steps.get(row.id, {}), moment) for row in found]


_Steps = dict[int, dict[WorkflowStep, tuple[StepStatus, Any]]]  # incident id -> step


def _steps(session: Session, listed: Any, now: datetime) -> _Steps:
    needs_fields = (IncidentStep.step == WorkflowStep.DISCLOSURE) & (
        Incident.finalized_at.is_(None) & (Incident.due_at <= now)
    )
    query = (
        select(
            IncidentStep.incident_id,
            IncidentStep.step,
            IncidentStep.status,
            case((needs_fields, IncidentStep.data), else_=null()).label("data"),
        )
        .join(Incident, Incident.id == IncidentStep.incident_id)
        .where(IncidentStep.incident_id.in_(select(listed.c.id)))
    )
    found: _Steps = defaultdict(dict)
    for row in session.execute(query):
        found[row.incident_id][row.step] = (row.status, row.data)
    return found


_StepMap = dict[WorkflowStep, tuple[StepStatus, Any]]


def _line(row: Any, steps: _StepMap, now: datetime) -> IncidentLine:
    pending = [step for step in ORDER if step not in steps or not steps[step][0].done]
    return IncidentLine(
        id=row.id,
        client_id=row.client_id,
        client_display_name=display_name(row.first_name, row.last_name, row.preferred_name),
        exception_type=row.exception_type,
        current_step=row.current_step,
        next_step=pending[0] if pending else WorkflowStep.SIGN_OFF,
        opened_at=row.opened_at,
        due_at=row.due_at,
        due_reason=row.due_reason,
        overdue=_overdue(row, steps.get(WorkflowStep.DISCLOSURE), now),
        finalized_at=row.finalized_at,
    )


def _overdue(row: Any, disclosure: tuple[StepStatus, Any] | None, now: datetime) -> bool:
    if not past_due(row.due_at, row.finalized_at, now):
        return False
    data = disclosure[1] if disclosure else None
    fields = from_json(DisclosureFields, data) if data else DisclosureFields()
    assert isinstance(fields, DisclosureFields)
    return deadline_missed(row.jurisdiction, row.exception_type, fields)


def past_due(due_at: datetime | None, finalized_at: datetime | None, now: datetime) -> bool:
    """Still open and its due time has passed."""
    return finalized_at is None and due_at is not None and due_at <= now


def deadline_missed(jurisdiction_code: str, kind: ExceptionType, fields: DisclosureFields) -> bool:
    """What the deadline asks for (a report, a written follow-up, a decision) is not recorded."""
    return not deadline_met(jurisdiction(jurisdiction_code), kind, fields)
