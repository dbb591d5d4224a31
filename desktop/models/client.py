"""A client, their guardian or personal representative and emergency contacts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, database_user, utc_now


def display_name(first_name: str, last_name: str, preferred_name: str = "") -> str:
    """How a client is named on screen: the preferred first name if any, then the last name
    (also for queries that read only these columns)."""
    return f"{preferred_name or first_name} {last_name}".strip()


class Client(Base):
    __tablename__ = "clients"
    # The client list's sort orders, for keyset paging (migration 0004).
    __table_args__ = (
        Index(  # covers the consent queue too: names and birth date from the index alone
            "ix_clients_list_last_name",
            "archived",
            "last_name",
            "first_name",
            "id",
            "preferred_name",
            "date_of_birth",
        ),
        Index("ix_clients_list_first_name", "archived", "first_name", "last_name", "id"),
        Index("ix_clients_list_birth", "archived", "date_of_birth", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(320), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    guardian_relationship: Mapped[str] = mapped_column(String(100), default="")
    guardian_phone: Mapped[str] = mapped_column(String(50), default="")
    guardian_authority: Mapped[str] = mapped_column(Text, default="")
    # Contact permissions (desktop.contact_permissions): allowed / declined / not_asked, and the
    # day the client answered (NULL: not recorded, e.g. a yes/no box from before migration 0010).
    voicemail_status: Mapped[str] = mapped_column(
        String(20), default="not_asked", server_default="not_asked"
    )
    voicemail_asked_on: Mapped[date | None] = mapped_column(Date)
    text_status: Mapped[str] = mapped_column(
        String(20), default="not_asked", server_default="not_asked"
    )
    text_asked_on: Mapped[date | None] = mapped_column(Date)
    email_status: Mapped[str] = mapped_column(
        String(20), default="not_asked", server_default="not_asked"
    )
    email_asked_on: Mapped[date | None] = mapped_column(Date)
    contact_notes: Mapped[str] = mapped_column(Text, default="")
    insurance_payer: Mapped[str] = mapped_column(String(200), default="")
    insurance_member_id: Mapped[str] = mapped_column(String(100), default="")
    self_pay_restriction: Mapped[bool] = mapped_column(default=False)
    restriction_notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
    # Optimistic locking (migration 0009): every UPDATE checks and raises the version, so a
    # change made from a record that someone else changed meanwhile is refused, never lost.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # The clinician (PostgreSQL role) whose client this is; row-level security reads it.
    # Empty on the solo vault.
    owner_role: Mapped[str] = mapped_column(String(63), default=database_user, server_default="")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's mapping

    emergency_contacts: Mapped[list[EmergencyContact]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="EmergencyContact.id"
    )

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.last_name, self.preferred_name)


class EmergencyContact(Base):
    __tablename__ = "emergency_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    relationship_to_client: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    may_contact_in_emergency: Mapped[bool] = mapped_column(default=True)

    client: Mapped[Client] = relationship(back_populates="emergency_contacts")


class ClientShare(Base):
    """Another clinician (PostgreSQL role) allowed to see and edit a client (practice mode)."""

    __tablename__ = "client_shares"
    __table_args__ = (UniqueConstraint("client_id", "grantee_role", name="client_share"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    grantee_role: Mapped[str] = mapped_column(String(63), index=True)
    granted_by: Mapped[str] = mapped_column(String(63), default=database_user)
    granted_at: Mapped[datetime] = mapped_column(default=utc_now)
