"""Reading the audit log: filtered and paged in SQL, newest first.

Each entry carries ids, field names and the practitioner's name only (see desktop.storage.audit);
the client's display name is joined in for the on-screen view and never leaves the vault.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select

from desktop.errors import UserInputError
from desktop.models import AuditEvent, Client
from desktop.storage import audit
from desktop.storage.vault import Vault

MAX_PAGE = 1000


@dataclass(frozen=True)
class AuditFilter:
    """Which events to show. ``start`` is inclusive and ``end`` exclusive; both timezone-aware."""

    client_id: int | None = None
    action: audit.AuditAction | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    client_id: int | None
    client_name: str
    detail: dict[str, object]


def _checked(filters: AuditFilter) -> AuditFilter:
    for moment in (filters.start, filters.end):
        if moment is not None and moment.tzinfo is None:
            raise UserInputError("The date range must include a time zone.")
    if filters.start and filters.end and filters.end <= filters.start:
        raise UserInputError("The end of the date range must be after its start.")
    return filters


def _where(query: Select[AuditEvent, Client], f: AuditFilter) -> Select[AuditEvent, Client]:
    if f.client_id is not None:
        query = query.where(AuditEvent.client_id == f.client_id)
    if f.action is not None:
        query = query.where(AuditEvent.action == f.action)
    if f.start is not None:
        query = query.where(AuditEvent.occurred_at >= f.start)
    if f.end is not None:
        query = query.where(AuditEvent.occurred_at < f.end)
    return query


class AuditLogService:
    """The audit log as the Audit log page reads it; each call is one unit of work."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def events(
        self,
        filters: AuditFilter,
        *,
        after_seq: int | None = None,
        offset: int = 0,
        limit: int = 200,
    ) -> list[AuditEntry]:
        """Events matching ``filters``, newest first, one page at a time: the page after the
        event numbered ``after_seq`` (keyset), or after ``offset`` rows."""
        clean = _checked(filters)
        limit = min(max(limit, 1), MAX_PAGE)
        query = select(AuditEvent, Client).outerjoin(Client, Client.id == AuditEvent.client_id)
        if after_seq is not None:
            query = query.where(AuditEvent.seq < after_seq)
        query = _where(query, clean).order_by(AuditEvent.seq.desc())
        query = query.limit(limit) if offset <= 0 else query.offset(offset).limit(limit)
        with self._vault.session() as session:
            return [_entry(event, client) for event, client in session.execute(query)]

    def count(self, filters: AuditFilter) -> int:
        """How many events match ``filters``."""
        clean = _checked(filters)
        query = _where(
            select(AuditEvent, Client).outerjoin(Client, Client.id == AuditEvent.client_id), clean
        )
        with self._vault.session() as session:
            return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _entry(event: AuditEvent, client: Client | None) -> AuditEntry:
    return AuditEntry(
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor=event.actor,
        action=event.action,
        entity_type=event.entity_type,
        entity_id=event.entity_id,
        client_id=event.client_id,
        client_name=client.display_name if client is not None else "",
        detail=dict(event.detail or {}),
    )
