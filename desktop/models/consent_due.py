"""Each client's consent due day: a derived cache the dashboard counts from an index.

Not a record: a client's row is deleted in the same flush as anything that can change it (a
consent signed or revoked, the client's record changed) and rebuilt from the consents the
next time the queue is read (desktop.services.consents.due); it is not exported and carries no
row hash.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, delete, event, select
from sqlalchemy.orm import Mapped, Session, UOWTransaction, mapped_column

from desktop.models.base import Base
from desktop.models.client import Client
from desktop.models.consent import Consent, ConsentRevocation


class ConsentDue(Base):
    __tablename__ = "consent_due"
    __table_args__ = (Index("ix_consent_due_archived_due", "archived", "due_on", "client_id"),)

    client_id: Mapped[int] = mapped_column(
        ForeignKey("clients.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    due_on: Mapped[date] = mapped_column(Date)  # the first day a new consent is needed
    archived: Mapped[bool]


class ConsentDueRules(Base):
    """What the stored due days were computed with (rules, UTC offset, template versions)."""

    __tablename__ = "consent_due_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    stamp: Mapped[str] = mapped_column(String(2000))


@event.listens_for(Session, "after_flush")
def _forget_changed_days(session: Session, _flush: UOWTransaction) -> None:
    """Delete the due day of every client whose consents or record this flush wrote."""
    clients: set[int] = set()
    consents: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if isinstance(instance, Consent):
            clients.add(instance.client_id)
        elif isinstance(instance, ConsentRevocation):
            consents.add(instance.consent_id)
        elif isinstance(instance, Client) and instance not in session.new:
            clients.add(instance.id)
    connection = session.connection()
    if clients:
        connection.execute(delete(ConsentDue).where(ConsentDue.client_id.in_(clients)))
    if consents:
        owners = select(Consent.client_id).where(Consent.id.in_(consents))
        connection.execute(delete(ConsentDue).where(ConsentDue.client_id.in_(owners)))
