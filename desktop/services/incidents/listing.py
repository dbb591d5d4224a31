"""Incidents as rows for lists (a client's record, the Incidents page), finalized ones too.

The dashboard's "open incidents" come from IncidentService.open_incidents(); this module reads
the full list, newest first, with each incident's state, inside IncidentService.rows().
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import ExceptionType, WorkflowStep
from desktop.models import Incident
from desktop.workflow import summaries

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


def incident_rows(
    session: Session,
    *,
    client_id: int | None = None,
    include_finalized: bool = True,
    limit: int = MAX_ROWS,
) -> list[IncidentRow]:
    """Incidents newest first, optionally for one client and without the finalized ones.

    Two statements for any number of rows (desktop.workflow.summaries)."""
    query = summaries.incident_rows()
    if client_id is not None:
        query = query.where(Incident.client_id == client_id)
    if not include_finalized:
        query = query.where(Incident.finalized_at.is_(None))
    query = query.order_by(Incident.opened_at.desc(), Incident.id.desc()).limit(limit)
    return [
        IncidentRow(
            id=line.id,
            client_id=line.client_id,
            client_display_name=line.client_display_name,
            exception_type=line.exception_type,
            opened_at=line.opened_at,
            current_step=line.current_step,
            due_at=line.due_at,
            overdue=line.overdue,
            finalized_at=line.finalized_at,
        )
        for line in summaries.lines(session, query)
    ]


def incident_count(session: Session) -> int:
    """How many incidents the vault holds, open and finalized."""
    return int(session.scalar(select(func.count()).select_from(Incident)) or 0)
