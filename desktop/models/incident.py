"""A break-confidentiality incident with its step records and child rows.

A finalized incident and all its child rows are immutable (service checks and database triggers).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain import DisclosureMethod, ExceptionType, StepStatus, WorkflowStep
from desktop.models.base import Base, enum_column, utc_now


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_opened", "opened_at", "id"),
        Index("ix_incidents_client_opened", "client_id", "opened_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    exception_type: Mapped[ExceptionType] = mapped_column(enum_column(ExceptionType, 40))
    jurisdiction: Mapped[str] = mapped_column(String(2))
    title: Mapped[str] = mapped_column(String(300), default="")
    opened_at: Mapped[datetime] = mapped_column(default=utc_now)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    due_reason: Mapped[str] = mapped_column(Text, default="")
    current_step: Mapped[WorkflowStep] = mapped_column(
        enum_column(WorkflowStep, 40), default=WorkflowStep.SITUATION
    )
    outcome: Mapped[str] = mapped_column(String(30), default="")
    finalized_at: Mapped[datetime | None] = mapped_column(index=True)
    finalized_by: Mapped[str] = mapped_column(String(200), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class IncidentStep(Base):
    """The record of one workflow step: its fields as JSON, or 'not applicable' with a reason."""

    __tablename__ = "incident_steps"
    __table_args__ = (UniqueConstraint("incident_id", "step", name="incident_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    step: Mapped[WorkflowStep] = mapped_column(enum_column(WorkflowStep, 40))
    status: Mapped[StepStatus] = mapped_column(
        enum_column(StepStatus, 20), default=StepStatus.DRAFT
    )
    data: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    not_applicable_reason: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)


class Consultation(Base):
    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    consulted_at: Mapped[datetime]
    consultant_name: Mapped[str] = mapped_column(String(300))
    consultant_role: Mapped[str] = mapped_column(String(100), default="")
    is_legal_counsel: Mapped[bool] = mapped_column(default=False)
    advice: Mapped[str] = mapped_column(Text)
    identifying_info_shared: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class EvidenceItem(Base):
    """A verbatim statement, observation or record, with an optional attachment (encrypted
    at rest with the rest of the vault)."""

    __tablename__ = "evidence_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime | None]
    source: Mapped[str] = mapped_column(String(200), default="")
    content: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str] = mapped_column(String(300), default="")
    attachment_type: Mapped[str] = mapped_column(String(100), default="")
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    attachment_sha256: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class Notification(Base):
    """An attempt to reach someone about the incident (victim, police, agency, the client),
    whether or not it succeeded."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    attempted_at: Mapped[datetime]
    recipient_name: Mapped[str] = mapped_column(String(300))
    recipient_role: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[DisclosureMethod] = mapped_column(enum_column(DisclosureMethod, 30))
    outcome: Mapped[str] = mapped_column(String(40))
    report_number: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class IncidentOption(Base):
    """An option considered in the review (warn, hospitalize, safety plan...), chosen or
    rejected, with the reason."""

    __tablename__ = "incident_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    option: Mapped[str] = mapped_column(String(300))
    chosen: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)
