"""Recording disclosures: every path (incident, release, insurance, court) ends here.

The rows recorded here are the client's accounting of disclosures (45 CFR 164.528).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.models import Disclosure
from desktop.services.clients.service import load_client
from desktop.storage import audit
from desktop.workflow.disclosures import DisclosureInput, disclosure_columns, validated


def add_disclosure(session: Session, actor: str, data: DisclosureInput) -> int:
    """Validate and store one disclosure in the caller's unit of work; audited as DISCLOSE."""
    clean = validated(data)
    load_client(session, clean.client_id)
    row = Disclosure(**disclosure_columns(clean))
    session.add(row)
    session.flush()
    audit.record(
        session,
        audit.AuditAction.DISCLOSE,
        actor=actor,
        entity_type="disclosure",
        entity_id=row.id,
        client_id=clean.client_id,
        detail={"incident_id": clean.incident_id, "release_id": clean.release_id},
    )
    return row.id
