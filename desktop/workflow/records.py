"""Reading an incident's rows inside a unit of work: loading, the open check, step fields and
the context the rules need. Shared by the workflow engine and the incident service."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import Profession, RecipientRole, WorkflowStep
from desktop.errors import ImmutableRecordError, NotFoundError
from desktop.models import (
    Client,
    Consultation,
    Disclosure,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Notification,
    PractitionerProfile,
)
from desktop.workflow.discharge import gaps_for
from desktop.workflow.fields import (
    ClientNotificationFields,
    ConsultationFields,
    DisclosureFields,
    DocumentationFields,
    LegalCounselFields,
    ReviewFields,
    SignOffFields,
    SituationFields,
    StepFields,
)
from desktop.workflow.rules import StepContext
from desktop.workflow.serialize import from_json

STEP_FIELDS: dict[WorkflowStep, type[StepFields]] = {
    WorkflowStep.SITUATION: SituationFields,
    WorkflowStep.REVIEW: ReviewFields,
    WorkflowStep.DOCUMENTATION: DocumentationFields,
    WorkflowStep.CONSULTATION: ConsultationFields,
    WorkflowStep.LEGAL_COUNSEL: LegalCounselFields,
    WorkflowStep.CLIENT_NOTIFICATION: ClientNotificationFields,
    WorkflowStep.DISCLOSURE: DisclosureFields,
    WorkflowStep.SIGN_OFF: SignOffFields,
}

FINALIZED_MESSAGE = "This incident was signed off and finalized, so it cannot be changed."


def load_incident(session: Session, incident_id: int) -> Incident:
    row = session.get(Incident, incident_id)
    if row is None:
        raise NotFoundError(f"Incident #{incident_id} does not exist.")
    return row


def require_open(session: Session, incident_id: int) -> Incident:
    """The incident, if it may still change; ImmutableRecordError once finalized."""
    row = load_incident(session, incident_id)
    if row.finalized_at is not None:
        raise ImmutableRecordError(FINALIZED_MESSAGE)
    return row


def step_rows(session: Session, incident_id: int) -> dict[WorkflowStep, IncidentStep]:
    rows = session.scalars(select(IncidentStep).where(IncidentStep.incident_id == incident_id))
    return {row.step: row for row in rows}


def read_fields(step: WorkflowStep, row: IncidentStep | None) -> StepFields:
    """The step's fields from its row (defaults when there is no row or it is empty)."""
    cls = STEP_FIELDS[step]
    if row is None or not row.data:
        return cls()
    return from_json(cls, row.data)


def situation_of(rows: dict[WorkflowStep, IncidentStep]) -> SituationFields:
    found = read_fields(WorkflowStep.SITUATION, rows.get(WorkflowStep.SITUATION))
    assert isinstance(found, SituationFields)
    return found


def disclosure_fields_of(rows: dict[WorkflowStep, IncidentStep]) -> DisclosureFields:
    found = read_fields(WorkflowStep.DISCLOSURE, rows.get(WorkflowStep.DISCLOSURE))
    assert isinstance(found, DisclosureFields)
    return found


def step_context(
    session: Session, incident: Incident, rows: dict[WorkflowStep, IncidentStep]
) -> StepContext:
    """Everything the rules need about this incident, read in the caller's unit of work."""
    client = session.get(Client, incident.client_id)
    notification = read_fields(
        WorkflowStep.CLIENT_NOTIFICATION, rows.get(WorkflowStep.CLIENT_NOTIFICATION)
    )
    assert isinstance(notification, ClientNotificationFields)
    roles = [
        RecipientRole(role)
        for role in session.scalars(
            select(Disclosure.recipient_role).where(Disclosure.incident_id == incident.id)
        )
    ]
    kind = incident.exception_type
    situation = situation_of(rows)
    gaps = gaps_for(
        kind,
        incident.jurisdiction,
        roles,
        disclosure_fields_of(rows),
        situation=situation,
        profession=practitioner_profession(session),
    )
    legal = _count(session, Consultation, incident.id, Consultation.is_legal_counsel.is_(True))
    everyone = _count(session, Consultation, incident.id)
    return StepContext(
        exception_type=kind,
        situation=situation,
        client_self_pay_restriction=bool(client and client.self_pay_restriction),
        evidence_count=_count(session, EvidenceItem, incident.id),
        consultation_count=everyone - legal,
        legal_counsel_count=legal,
        option_count=_count(session, IncidentOption, incident.id),
        disclosure_roles=tuple(roles),
        attempt_count=_count(session, Notification, incident.id),
        notification=notification,
        discharge_gaps=tuple(gaps),
    )


def practitioner_profession(session: Session) -> Profession | None:
    """The profession recorded in the practitioner profile, or None when not recorded."""
    stored = session.scalar(select(PractitionerProfile.profession))
    if not stored:
        return None
    try:
        return Profession(stored)
    except ValueError:
        return Profession.OTHER


def _count(session: Session, model: type, incident_id: int, *where: object) -> int:
    query = select(func.count()).select_from(model).where(model.incident_id == incident_id)  # type: ignore[attr-defined]
    for condition in where:
        query = query.where(condition)  # type: ignore[arg-type]
    return int(session.scalar(query) or 0)
