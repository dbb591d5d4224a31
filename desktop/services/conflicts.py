"""Edit conflicts: a record changed by someone else after it was opened (optimistic locking).

Clients carry a version raised by every change (migration 0009). A save from an older version
is refused with who changed the record and when, taken from the audit log; the message names
a clinician and a time, never the client.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import EditConflictError
from desktop.local_time import format_datetime
from desktop.models import AuditEvent
from desktop.storage.audit import AuditAction

CHANGING_ACTIONS = (AuditAction.CREATE, AuditAction.UPDATE, AuditAction.ARCHIVE)


def conflict_error(session: Session, entity_type: str, entity_id: int) -> EditConflictError:
    """The error for a stale save of ``entity_type`` #``entity_id``, naming the last change."""
    last = session.execute(
        select(AuditEvent.actor, AuditEvent.db_user, AuditEvent.occurred_at)
        .where(
            AuditEvent.entity_type == entity_type,
            AuditEvent.entity_id == entity_id,
            AuditEvent.action.in_([a.value for a in CHANGING_ACTIONS]),
        )
        .order_by(AuditEvent.seq.desc())
        .limit(1)
    ).first()
    what = f"This {entity_type} record (#{entity_id})"
    if last is None:
        return EditConflictError(f"{what} was changed by someone else after you opened it.")
    who = last.actor if not last.db_user else f"{last.actor} ({last.db_user})"
    return EditConflictError(
        f"{what} was changed by {who} at {format_datetime(last.occurred_at)} "
        "after you opened it; your changes were not saved."
    )
