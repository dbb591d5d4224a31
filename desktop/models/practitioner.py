"""The practitioner who owns the vault."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utc_now


class PractitionerProfile(Base):
    __tablename__ = "practitioner_profile"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(200), default="")
    license_number: Mapped[str] = mapped_column(String(100), default="")
    jurisdiction: Mapped[str] = mapped_column(String(2))
    hipaa_covered_entity: Mapped[bool] = mapped_column(default=True)
    retention_years: Mapped[int] = mapped_column(default=7)
    reconsent_months: Mapped[int] = mapped_column(default=12)
    practice_address: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    profession: Mapped[str] = mapped_column(String(30), default="", server_default="")
    """A desktop.domain.Profession value, or "" when not recorded."""
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
