"""Building the frozen views of an incident from its rows, inside one unit of work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, defer

from desktop.domain import (
    InformationCategory,
    RecipientRole,
)
from desktop.models import (
    Addendum,
    AuditEvent,
    Client,
    Consultation,
    Disclosure,
    EvidenceItem,
    Incident,
    IncidentOption,
    Notification,
    PractitionerProfile,
)
from desktop.workflow import safeguards
from desktop.workflow.addenda import addendum_view
from desktop.workflow.audit_labels import detail_text
from desktop.workflow.engine import step_state
from desktop.workflow.fields import AttemptOutcome, EvidenceKind
from desktop.workflow.records import disclosure_fields_of, step_context, step_rows
from desktop.workflow.review import discharge_status, review_panel
from desktop.workflow.sealing import content_hash
from desktop.workflow.steps import ORDER
from desktop.workflow.summaries import deadline_missed, past_due
from desktop.workflow.views import (
    AttemptView,
    AuditEntry,
    ConsultationView,
    DisclosureView,
    EvidenceView,
    IncidentView,
    OptionView,
    PractitionerLine,
)

V = TypeVar("V")


def is_overdue(session: Session, incident: Incident, now: datetime | None = None) -> bool:
    """Open, past its due time, and what the deadline asks for is not yet recorded."""
    if not past_due(incident.due_at, incident.finalized_at, now or datetime.now(UTC)):
        return False
    fields = disclosure_fields_of(step_rows(session, incident.id))
    return deadline_missed(incident.jurisdiction, incident.exception_type, fields)


def incident_view(session: Session, incident: Incident) -> IncidentView:
    rows = step_rows(session, incident.id)
    client = session.get(Client, incident.client_id)
    assert client is not None
    verified = None if not incident.content_hash else content_hash(session, incident)
    return IncidentView(
        id=incident.id,
        client_id=client.id,
        client_display_name=client.display_name,
        client_date_of_birth=client.date_of_birth,
        exception_type=incident.exception_type,
        jurisdiction_code=incident.jurisdiction,
        title=incident.title,
        opened_at=incident.opened_at,
        due_at=incident.due_at,
        due_reason=incident.due_reason,
        overdue=is_overdue(session, incident),
        current_step=incident.current_step,
        outcome=incident.outcome,
        finalized_at=incident.finalized_at,
        finalized_by=incident.finalized_by,
        content_hash=incident.content_hash,
        hash_verified=None if verified is None else verified == incident.content_hash,
        practitioner=_practitioner(session),
        steps=tuple(step_state(step, rows.get(step)) for step in ORDER),
        consultations=_children(session, Consultation, incident.id, _consultation),
        evidence=_evidence_views(session, incident.id),
        attempts=_children(session, Notification, incident.id, _attempt),
        options=_children(session, IncidentOption, incident.id, _option),
        disclosures=_children(session, Disclosure, incident.id, _disclosure),
        addenda=_children(session, Addendum, incident.id, addendum_view),
        audit_trail=audit_trail(session, incident),
        review=review_panel(session, incident),
        warnings=tuple(safeguards.warnings(step_context(session, incident, rows))),
        discharge_gaps=tuple(discharge_status(session, incident)),
    )


def audit_trail(session: Session, incident: Incident) -> tuple[AuditEntry, ...]:
    """Every audit event about this incident or its rows, oldest first (filtered in SQL)."""
    about = or_(
        and_(AuditEvent.entity_type == "incident", AuditEvent.entity_id == incident.id),
        AuditEvent.detail["incident_id"].as_integer() == incident.id,
    )
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.client_id == incident.client_id, about)
        .order_by(AuditEvent.seq)
    )
    return tuple(_entry(event) for event in events)


def _entry(event: AuditEvent) -> AuditEntry:
    shown = detail_text(event.detail or {}, skip=frozenset({"incident_id"}))
    return AuditEntry(
        event.seq,
        event.occurred_at,
        event.actor,
        event.action,
        event.entity_type,
        event.entity_id,
        shown,
    )


def _practitioner(session: Session) -> PractitionerLine:
    row = session.scalars(select(PractitionerProfile)).first()
    if row is None:
        return PractitionerLine("", "", "")
    return PractitionerLine(row.full_name, row.credentials, row.license_number)


def _children(
    session: Session, model: Any, incident_id: int, convert: Callable[[Any], V]
) -> tuple[V, ...]:
    rows: Sequence[Any] = session.scalars(
        select(model).where(model.incident_id == incident_id).order_by(model.id)
    ).all()
    return tuple(convert(row) for row in rows)


def _consultation(row: Consultation) -> ConsultationView:
    return ConsultationView(
        row.id,
        row.consulted_at,
        row.consultant_name,
        row.consultant_role,
        row.is_legal_counsel,
        row.advice,
        row.identifying_info_shared,
        row.recorded_at,
    )


def _evidence_views(session: Session, incident_id: int) -> tuple[EvidenceView, ...]:
    """Evidence items without their attachments: the size comes from SQL length()."""
    query = (
        select(EvidenceItem, func.coalesce(func.length(EvidenceItem.attachment), 0))
        .where(EvidenceItem.incident_id == incident_id)
        .order_by(EvidenceItem.id)
        .options(defer(EvidenceItem.attachment))
    )
    return tuple(_evidence(row, int(size)) for row, size in session.execute(query))


def _evidence(row: EvidenceItem, size: int) -> EvidenceView:
    return EvidenceView(
        id=row.id,
        kind=EvidenceKind(row.kind),
        content=row.content,
        occurred_at=row.occurred_at,
        source=row.source,
        attachment_name=row.attachment_name,
        attachment_type=row.attachment_type,
        attachment_size=size,
        attachment_sha256=row.attachment_sha256,
        recorded_at=row.recorded_at,
    )


def _attempt(row: Notification) -> AttemptView:
    return AttemptView(
        id=row.id,
        attempted_at=row.attempted_at,
        recipient_name=row.recipient_name,
        recipient_role=RecipientRole(row.recipient_role),
        method=row.method,
        outcome=AttemptOutcome(row.outcome),
        report_number=row.report_number,
        notes=row.notes,
        recorded_at=row.recorded_at,
    )


def _option(row: IncidentOption) -> OptionView:
    return OptionView(row.id, row.option, row.chosen, row.reason, row.recorded_at)


def _disclosure(row: Disclosure) -> DisclosureView:
    return DisclosureView(
        id=row.id,
        disclosed_at=row.disclosed_at,
        recipient_name=row.recipient_name,
        recipient_role=RecipientRole(row.recipient_role),
        recipient_address=row.recipient_address,
        method=row.method,
        categories=tuple(InformationCategory(c) for c in row.categories),
        description=row.description,
        purpose=row.purpose,
        legal_basis=row.legal_basis,
        accountable=row.accountable,
        minimum_necessary=row.minimum_necessary,
        report_number=row.report_number,
        recipient_response=row.recipient_response,
        recorded_at=row.recorded_at,
    )
