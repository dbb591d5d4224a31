"""The vault's signing identities: the key and certificate that sign every report."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utc_now


class SigningIdentity(Base):
    """One key pair with its self-signed certificate; retired ones stay to verify old reports."""

    __tablename__ = "signing_identities"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    algorithm: Mapped[str] = mapped_column(String(20))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    subject: Mapped[str] = mapped_column(String(600))
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_der: Mapped[bytes] = mapped_column(LargeBinary)
    retired_at: Mapped[datetime | None]
    retired_reason: Mapped[str] = mapped_column(String(300), default="")
