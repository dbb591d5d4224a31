"""Incidents as rows for lists (a client's record, the Incidents page), finalized ones too.

The dashboard's "open incidents" come from IncidentService.open_incidents(); this module adds
the full list, newest first, with each incident's state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from desktop.domain import ExceptionType
from desktop.models import Client, Incident
from desktop.storage.vault import Vault
from desktop.workflow.assemble import is_overdue
from desktop.workflow.steps import WorkflowStep

MAX_ROWS = 2000


@dataclass(frozen=True)
class IncidentRow:
    id: int
    client_id: int
    client_display_name: str
    exception_type: ExceptionType
    opened_at: datetime
    current_step: WorkflowStep
    due_at: datetime | None
    overdue: bool
    finalized_at: datetime | None

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None


def list_incidents(
    vault: Vault,
    *,
    client_id: int | None = None,
    include_finalized: bool = True,
    limit: int = MAX_ROWS,
) -> list[IncidentRow]:
    """Incidents newest first, optionally for one client and without the finalized ones."""
    query = select(Incident, Client).join(Client, Client.id == Incident.client_id)
    if client_id is not None:
        query = query.where(Incident.client_id == client_id)
    if not include_finalized:
        query = query.where(Incident.finalized_at.is_(None))
    query = query.order_by(Incident.opened_at.desc(), Incident.id.desc()).limit(limit)
    with vault.session() as session:
        return [
            IncidentRow(
                id=incident.id,
                client_id=client.id,
                client_display_name=client.display_name,
                exception_type=ExceptionType(incident.exception_type),
                opened_at=incident.opened_at,
                current_step=WorkflowStep(incident.current_step),
                due_at=incident.due_at,
                overdue=is_overdue(session, incident),
                finalized_at=incident.finalized_at,
            )
            for incident, client in session.execute(query)
        ]
