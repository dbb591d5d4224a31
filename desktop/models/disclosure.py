"""Disclosures of client information and requests for an accounting of them (45 CFR 164.528)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.domain import DisclosureMethod, LegalBasis
from desktop.models.base import Base, enum_column, utc_now


class Disclosure(Base):
    """One disclosure, from any path. This table is the client's accounting of disclosures."""

    __tablename__ = "disclosures"
    __table_args__ = (Index("ix_disclosures_client_disclosed", "client_id", "disclosed_at", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    release_id: Mapped[int | None] = mapped_column(ForeignKey("releases.id"), index=True)
    disclosed_at: Mapped[datetime] = mapped_column(index=True)
    recipient_name: Mapped[str] = mapped_column(String(300))
    recipient_role: Mapped[str] = mapped_column(String(100), default="")
    recipient_address: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[DisclosureMethod] = mapped_column(enum_column(DisclosureMethod, 30))
    categories: Mapped[list[str]] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    legal_basis: Mapped[LegalBasis] = mapped_column(enum_column(LegalBasis, 40))
    accountable: Mapped[bool]
    minimum_necessary: Mapped[str] = mapped_column(Text, default="")
    psychotherapy_notes_included: Mapped[bool] = mapped_column(default=False)
    report_number: Mapped[str] = mapped_column(String(100), default="")
    recipient_response: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


class AccountingRequest(Base):
    """A client's request for an accounting of disclosures, with its 60-day clock."""

    __tablename__ = "accounting_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    extension_notice_on: Mapped[date | None] = mapped_column(Date)
    extended_due_on: Mapped[date | None] = mapped_column(Date)
    fee_note: Mapped[str] = mapped_column(Text, default="")
    delivered_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class AccountingSuspension(Base):
    """An agency's request to suspend the client's right to an accounting (164.528(a)(2))."""

    __tablename__ = "accounting_suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    agency: Mapped[str] = mapped_column(String(300))
    official: Mapped[str] = mapped_column(String(300), default="")
    written_statement: Mapped[bool]
    statement: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
