"""A client's authorization to release information to a named recipient (45 CFR 164.508(c))."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utc_now


class Release(Base):
    __tablename__ = "releases"
    __table_args__ = (
        Index("ix_releases_client_signed", "client_id", "signed_at", "id"),
        Index("ix_releases_expires", "expires_on", "id", "revoked_at", "client_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(300))
    recipient_role: Mapped[str] = mapped_column(String(100), default="")
    recipient_address: Mapped[str] = mapped_column(Text, default="")
    information_description: Mapped[str] = mapped_column(Text)
    who_may_disclose: Mapped[str] = mapped_column(String(300))
    purpose: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date | None] = mapped_column(Date)
    expiry_event: Mapped[str] = mapped_column(Text, default="")
    includes_psychotherapy_notes: Mapped[bool] = mapped_column(default=False)
    rendered_text: Mapped[str] = mapped_column(Text)
    rendered_hash: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(200))
    personal_representative_authority: Mapped[str] = mapped_column(Text, default="")
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    signed_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    revocation_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
