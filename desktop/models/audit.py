"""Append-only, hash-chained audit events."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, enum_column


class AuditAction(StrEnum):
    """What an audit event records; stored as its value."""

    CREATE = "create"
    UPDATE = "update"
    ARCHIVE = "archive"
    SIGN = "sign"
    REVOKE = "revoke"
    FINALIZE = "finalize"
    ADDENDUM = "addendum"
    EXPORT = "export"
    DISCLOSE = "disclose"
    VIEW = "view"
    UNLOCK = "unlock"
    LOCK = "lock"
    BACKUP = "backup"
    RESTORE = "restore"
    PASSPHRASE_CHANGE = "passphrase_change"  # noqa: S105 - an action name
    RECOVER = "recover"
    MIGRATE = "migrate"
    VERIFY = "verify"
    REKEY = "rekey"


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_client_seq", "client_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(unique=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, 40), index=True)
    entity_type: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None]
    client_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # {"table:id": sha256 of the row's content after the write} (migration 0005); None before.
    row_hashes: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # The PostgreSQL role that wrote the event (practice mode, migration 0009); empty in a vault.
    db_user: Mapped[str] = mapped_column(String(63), default="", server_default="")
