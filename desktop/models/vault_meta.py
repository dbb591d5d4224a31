"""The sentinel row that ties a database file to its vault header."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class VaultMeta(Base):
    __tablename__ = "vault_meta"

    id: Mapped[int] = mapped_column(primary_key=True)
    vault_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_backup_at: Mapped[datetime | None]
    # The seal (migration 0005): raised at every lock, with the header written at that lock.
    generation: Mapped[int] = mapped_column(default=0, server_default="0")
    sealed_header: Mapped[str | None] = mapped_column(Text)
