"""Append-only, hash-chained audit log and its verification.

Each event stores the hash of the one before it, so changing or removing any event breaks the
chain at that point. The chain's head is also sealed into the vault header at every lock, so
removing the newest events is detected too. Details hold ids and field names, never client text.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.models import AuditEvent
from desktop.models.audit import AuditAction
from desktop.models.base import utc_now
from desktop.storage import row_hashes

__all__ = [  # AuditAction is part of record()'s interface
    "GENESIS_HASH",
    "AuditAction",
    "ChainHead",
    "ChainReport",
    "chain_head",
    "cover_unaudited_rows",
    "event_count",
    "hash_of",
    "record",
    "verify_chain",
]

GENESIS_HASH = "0" * 64
AUDIT_LOCK_KEY = 7_311_204  # PostgreSQL advisory lock held by the one writer of the chain


@dataclass(frozen=True)
class ChainHead:
    count: int
    last_hash: str


@dataclass(frozen=True)
class ChainReport:
    """The outcome of walking the chain; ``problem`` is a plain sentence when it is broken."""

    ok: bool
    events_checked: int
    first_broken_seq: int | None = None
    problem: str = ""


def hash_of(event: AuditEvent) -> str:
    """Recompute an event's hash from its stored fields (row hashes only where recorded)."""
    fields: list[object] = [
        event.prev_hash,
        event.seq,
        event.occurred_at.isoformat(),
        event.actor,
        event.action,
        event.entity_type,
        event.entity_id,
        event.client_id,
        event.detail,
    ]
    if event.row_hashes is not None:
        fields.append(event.row_hashes)
    if event.db_user:  # practice mode only: solo vaults' chains hash as before
        fields.append({"db_user": event.db_user})
    payload = json.dumps(
        fields,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def chain_head(session: Session) -> ChainHead:
    if _on_postgresql(session):
        # Row-level security hides other clinicians' events; the head is read through a
        # SECURITY DEFINER function (migration 0009), so every writer links to the newest one.
        row = session.execute(text("SELECT seq, hash FROM confide_audit_head()")).first()
        if row is None or row.seq is None:
            return ChainHead(0, GENESIS_HASH)
        return ChainHead(int(row.seq), str(row.hash))
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).first()
    if last is None:
        return ChainHead(0, GENESIS_HASH)
    return ChainHead(last.seq, last.hash)


def record(
    session: Session,
    action: AuditAction,
    *,
    actor: str,
    entity_type: str = "",
    entity_id: int | None = None,
    client_id: int | None = None,
    detail: dict[str, object] | None = None,
) -> AuditEvent:
    """Append one event to the chain in the caller's unit of work, with the rows it wrote."""
    session.flush()
    written = row_hashes.hashes_of_pending(session)
    db_user = ""
    if _on_postgresql(session):
        # Several clinicians append to one chain: one writer at a time, until commit.
        session.execute(text(f"SELECT pg_advisory_xact_lock({AUDIT_LOCK_KEY})"))
        db_user = str(session.execute(text("SELECT current_user")).scalar_one())
    head = chain_head(session)
    occurred_at = utc_now()
    event = AuditEvent(
        seq=head.count + 1,
        occurred_at=occurred_at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        client_id=client_id,
        detail=dict(detail or {}),
        prev_hash=head.last_hash,
        row_hashes=written,
        db_user=db_user,
    )
    event.hash = hash_of(event)
    session.add(event)
    session.flush()
    return event


def _on_postgresql(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def cover_unaudited_rows(session: Session, actor: str) -> None:
    """Before a commit: rows written after the unit's last event get an event of their own."""
    session.flush()
    written = row_hashes.pending(session)
    if written:
        tables = sorted({key.split(":", 1)[0] for key in written})
        record(
            session,
            AuditAction.UPDATE,
            actor=actor,
            entity_type="records",
            detail={"tables": tables, "rows": len(written)},
        )


def verify_chain(session: Session, sealed_head: ChainHead | None = None) -> ChainReport:
    """Walk every event in order and name the first broken link."""
    previous = GENESIS_HASH
    checked = 0
    hash_at_seal: str | None = None
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).yield_per(2000):
        expected_seq = checked + 1
        if event.seq != expected_seq:
            return _broken(checked, expected_seq, f"Audit event #{expected_seq} is missing.")
        if event.prev_hash != previous:
            return _broken(
                checked, event.seq, f"Audit event #{event.seq} does not follow the one before it."
            )
        if hash_of(event) != event.hash:
            return _broken(
                checked, event.seq, f"Audit event #{event.seq} was changed after it was written."
            )
        previous = event.hash
        checked += 1
        if sealed_head is not None and event.seq == sealed_head.count:
            hash_at_seal = event.hash
    return _check_seal(checked, sealed_head, hash_at_seal)


def _check_seal(checked: int, sealed: ChainHead | None, hash_at_seal: str | None) -> ChainReport:
    if sealed is None or sealed.count == 0:
        return ChainReport(ok=True, events_checked=checked)
    if checked < sealed.count:
        missing = sealed.count - checked
        return _broken(
            checked,
            checked + 1,
            f"The newest {missing} audit event(s) were removed: the vault recorded "
            f"{sealed.count} events when it was last locked, but only {checked} remain.",
        )
    if hash_at_seal != sealed.last_hash:
        return _broken(
            checked,
            sealed.count,
            f"Audit event #{sealed.count} does not match the record sealed at the last lock.",
        )
    return ChainReport(ok=True, events_checked=checked)


def _broken(checked: int, seq: int, problem: str) -> ChainReport:
    return ChainReport(ok=False, events_checked=checked, first_broken_seq=seq, problem=problem)


def event_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AuditEvent)) or 0)
