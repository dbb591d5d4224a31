"""Consent templates (versioned) and signed consents (immutable once stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, defer, mapped_column

from desktop.models.base import Base, utc_now


class ConsentTemplate(Base):
    """One version of a consent text. Editing a template stores a new version."""

    __tablename__ = "consent_templates"
    __table_args__ = (UniqueConstraint("key", "version", name="key_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), index=True)
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    limits: Mapped[list[str]] = mapped_column(JSON)
    for_minor: Mapped[bool] = mapped_column(default=False)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Consent(Base):
    """A signed consent: the exact text the client read and the signatures, frozen."""

    __tablename__ = "consents"
    # Each client's newest consent and what the consent queue needs of it, from the index
    # alone: the rows hold the text and signature images (migration 0004).
    __table_args__ = (
        Index(
            "ix_consents_client_signed",
            "client_id",
            "signed_at",
            "id",
            "template_key",
            "template_version",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("consent_templates.id"))
    template_key: Mapped[str] = mapped_column(String(100))
    template_version: Mapped[int]
    template_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    rendered_text: Mapped[str] = mapped_column(Text)
    rendered_hash: Mapped[str] = mapped_column(String(64))
    limits: Mapped[list[str]] = mapped_column(JSON)
    read_to_end_at: Mapped[datetime]
    signer_name: Mapped[str] = mapped_column(String(200))
    signature_png: Mapped[bytes] = mapped_column(LargeBinary)
    signed_at: Mapped[datetime]
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    guardian_relationship: Mapped[str] = mapped_column(String(100), default="")
    guardian_signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    witness_name: Mapped[str] = mapped_column(String(200), default="")
    minor_consent_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    """The statute under which a minor consented without a guardian's signature, if any."""
    practitioner_name: Mapped[str] = mapped_column(String(200))
    practitioner_signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    countersigned_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class ConsentRevocation(Base):
    """A dated revocation of a signed consent; the consent itself never changes."""

    __tablename__ = "consent_revocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id"), unique=True)
    revoked_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utc_now)


# What a status or review never loads: the consent text and the signature images.
TEXT_AND_IMAGES_DEFERRED = (
    defer(Consent.rendered_text),
    defer(Consent.signature_png),
    defer(Consent.guardian_signature_png),
    defer(Consent.practitioner_signature_png),
)
