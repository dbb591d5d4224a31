"""The content hash that seals a finalized incident.

SHA-256 over a canonical JSON serialization of the incident row and every child row
(steps, consultations, evidence, attempts, options, disclosures), each table in id order.
Left out: the hash itself and ``updated_at`` bookkeeping; attachments are represented by their
own SHA-256. Addenda are not part of it: they come after finalization, by design.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, defer

from desktop.models import (
    Consultation,
    Disclosure,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Notification,
)
from desktop.models.base import Base

SCHEME = "confide-incident-v1"
_SKIPPED = frozenset({"content_hash", "updated_at", "attachment"})
_CHILDREN: Sequence[tuple[str, Any]] = (
    ("steps", IncidentStep),
    ("consultations", Consultation),
    ("evidence", EvidenceItem),
    ("attempts", Notification),
    ("options", IncidentOption),
    ("disclosures", Disclosure),
)


def content_hash(session: Session, incident: Incident) -> str:
    """The hex SHA-256 of the incident and its child rows as they stand in this session."""
    payload: dict[str, object] = {"scheme": SCHEME, "incident": _row(incident)}
    for name, model in _CHILDREN:
        query = select(model).where(model.incident_id == incident.id).order_by(model.id)
        if model is EvidenceItem:  # hashed through attachment_sha256; never load the bytes
            query = query.options(defer(EvidenceItem.attachment))
        rows = session.scalars(query)
        payload[name] = [_row(row) for row in rows]
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _row(row: Base) -> dict[str, object]:
    return {
        column.key: _plain(getattr(row, column.key))
        for column in row.__table__.columns
        if column.key not in _SKIPPED
    }


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return value
