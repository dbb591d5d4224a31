"""One client's chart as the chart service reads it and the chart and FHIR builders print it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain import LegalBasis, WorkflowStep
from desktop.models import NoteKind
from desktop.workflow.addenda import AddendumView
from desktop.workflow.client_views import ClientRecord
from desktop.workflow.consent_views import ConsentView
from desktop.workflow.release_views import ReleaseView


@dataclass(frozen=True)
class ChartNote:
    id: int
    kind: NoteKind
    session_date: date
    body: str


@dataclass(frozen=True)
class ChartIncident:
    id: int
    exception_type: str
    title: str
    opened_at: datetime
    current_step: WorkflowStep
    outcome: str
    finalized_at: datetime | None
    finalized_by: str
    content_hash: str


@dataclass(frozen=True)
class ChartDisclosure:
    id: int
    disclosed_at: datetime
    recipient_name: str
    recipient_role: str
    recipient_address: str
    method: str
    categories: tuple[str, ...]
    description: str
    purpose: str
    legal_basis: LegalBasis
    incident_id: int | None
    release_id: int | None


@dataclass(frozen=True)
class ChartAddendum:
    addendum: AddendumView
    about: str  # e.g. "Consent #3", "Incident #2", "The client record"


@dataclass(frozen=True)
class Chart:
    """One client's record as the chart prints it; every list is in date order."""

    client: ClientRecord
    consents: tuple[ConsentView, ...]
    releases: tuple[ReleaseView, ...]
    notes: tuple[ChartNote, ...]
    incidents: tuple[ChartIncident, ...]
    disclosures: tuple[ChartDisclosure, ...]
    addenda: tuple[ChartAddendum, ...]
    psychotherapy_notes_included: bool
    psychotherapy_notes_left_out: int
    since: date | None
