"""Everything in one client's chart, read in one unit of work, for the chart PDF.

The chart is the client's designated record set as Confide holds it (45 CFR 164.524):
demographics and contact permissions, consents, releases, progress notes, incidents,
disclosures and addenda. Psychotherapy notes (45 CFR 164.501) are read only when the caller
asks for them explicitly. ``since`` leaves out dated records before that day; the
demographics are always included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import (
    DisclosureMethod,
    InformationCategory,
    LegalBasis,
    RecipientRole,
)
from desktop.errors import UserInputError
from desktop.models import Addendum, Consent, Disclosure, Incident, Note, NoteKind, Release
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.service import ClientService
from desktop.services.consents.views import consent_view
from desktop.services.release_matching import covering, match_releases, none_fits
from desktop.storage.vault import Vault
from desktop.workflow.addenda import addendum_view
from desktop.workflow.chart_views import (
    Chart,
    ChartAddendum,
    ChartDisclosure,
    ChartIncident,
    ChartNote,
)
from desktop.workflow.consent_views import ConsentView
from desktop.workflow.disclosures import DisclosureInput, validated
from desktop.workflow.release_views import ReleaseView, release_view


def load_chart(
    vault: Vault,
    client_id: int,
    *,
    include_psychotherapy_notes: bool = False,
    since: date | None = None,
) -> Chart:
    """Read the chart of ``client_id``; raises NotFoundError for an unknown client."""
    client = ClientService(vault).get(client_id, audit_view=False)
    start = datetime.combine(since, time.min, tzinfo=UTC) if since else None
    with vault.session() as session:
        notes, left_out = _notes(session, client_id, include_psychotherapy_notes, since)
        return Chart(
            client=client,
            consents=_consents(session, client_id, start),
            releases=_releases(session, client_id, start),
            notes=notes,
            incidents=_incidents(session, client_id, start),
            disclosures=_disclosures(session, client_id, start),
            addenda=_addenda(session, client_id, start),
            psychotherapy_notes_included=include_psychotherapy_notes,
            psychotherapy_notes_left_out=left_out,
            since=since,
        )


def _consents(session: Session, client_id: int, start: datetime | None) -> tuple[ConsentView, ...]:
    query = select(Consent).where(Consent.client_id == client_id)
    if start is not None:
        query = query.where(Consent.signed_at >= start)
    rows = session.scalars(query.order_by(Consent.signed_at, Consent.id))
    return tuple(consent_view(session, row) for row in rows)


def _releases(session: Session, client_id: int, start: datetime | None) -> tuple[ReleaseView, ...]:
    query = select(Release).where(Release.client_id == client_id)
    if start is not None:
        query = query.where(Release.signed_at >= start)
    return tuple(
        release_view(row) for row in session.scalars(query.order_by(Release.signed_at, Release.id))
    )


def _notes(
    session: Session, client_id: int, include_psychotherapy: bool, since: date | None
) -> tuple[tuple[ChartNote, ...], int]:
    query = select(Note).where(Note.client_id == client_id)
    if since is not None:
        query = query.where(Note.session_date >= since)
    notes: list[ChartNote] = []
    left_out = 0
    for row in session.scalars(query.order_by(Note.session_date, Note.id)):
        kind = row.kind
        if kind is NoteKind.PSYCHOTHERAPY and not include_psychotherapy:
            left_out += 1
            continue
        notes.append(ChartNote(row.id, kind, row.session_date, row.body))
    return tuple(notes), left_out


def _incidents(
    session: Session, client_id: int, start: datetime | None
) -> tuple[ChartIncident, ...]:
    query = select(Incident).where(Incident.client_id == client_id)
    if start is not None:
        query = query.where(Incident.opened_at >= start)
    return tuple(
        ChartIncident(
            id=row.id,
            exception_type=row.exception_type,
            title=row.title,
            opened_at=row.opened_at,
            current_step=row.current_step,
            outcome=row.outcome,
            finalized_at=row.finalized_at,
            finalized_by=row.finalized_by,
            content_hash=row.content_hash,
        )
        for row in session.scalars(query.order_by(Incident.opened_at, Incident.id))
    )


def _disclosures(
    session: Session, client_id: int, start: datetime | None
) -> tuple[ChartDisclosure, ...]:
    query = select(Disclosure).where(Disclosure.client_id == client_id)
    if start is not None:
        query = query.where(Disclosure.disclosed_at >= start)
    return tuple(
        ChartDisclosure(
            id=row.id,
            disclosed_at=row.disclosed_at,
            recipient_name=row.recipient_name,
            recipient_role=row.recipient_role,
            recipient_address=row.recipient_address,
            method=row.method,
            categories=tuple(row.categories),
            description=row.description,
            purpose=row.purpose,
            legal_basis=row.legal_basis,
            incident_id=row.incident_id,
            release_id=row.release_id,
        )
        for row in session.scalars(query.order_by(Disclosure.disclosed_at, Disclosure.id))
    )


def _addenda(session: Session, client_id: int, start: datetime | None) -> tuple[ChartAddendum, ...]:
    query = select(Addendum).where(Addendum.client_id == client_id)
    if start is not None:
        query = query.where(Addendum.created_at >= start)
    return tuple(
        ChartAddendum(addendum_view(row), _about(row))
        for row in session.scalars(query.order_by(Addendum.created_at, Addendum.id))
    )


def _about(row: Addendum) -> str:
    if row.consent_id is not None:
        return f"Consent #{row.consent_id}"
    if row.incident_id is not None:
        return f"Incident #{row.incident_id}"
    return "The client record"


# ----- the chart as a disclosure ----------------------------------------------------------


@dataclass(frozen=True)
class ChartRecipient:
    """Who received an exported chart, when it went to someone other than the client."""

    name: str
    role: RecipientRole
    legal_basis: LegalBasis
    purpose: str
    method: DisclosureMethod = DisclosureMethod.WRITTEN
    address: str = ""
    minimum_necessary: str = ""


def chart_disclosure(
    client_id: int,
    recipient: ChartRecipient,
    fingerprint: str,
    psychotherapy_notes_included: bool,
    disclosed_at: datetime | None = None,
) -> DisclosureInput:
    """The Disclosure row that records sending a chart PDF to ``recipient``."""
    categories = [
        InformationCategory.IDENTITY,
        InformationCategory.CONTACT_DETAILS,
        InformationCategory.TREATMENT_DATES,
        InformationCategory.SESSION_CONTENT,
        InformationCategory.RECORDS_REQUESTED,
    ]
    notes = "including" if psychotherapy_notes_included else "without"
    if psychotherapy_notes_included:
        categories.append(InformationCategory.PSYCHOTHERAPY_NOTES)
    return DisclosureInput(
        client_id=client_id,
        disclosed_at=disclosed_at or datetime.now(UTC),
        recipient_name=recipient.name,
        recipient_role=recipient.role,
        method=recipient.method,
        categories=tuple(categories),
        description=(
            f"Copy of the client chart (PDF, {notes} psychotherapy notes; content "
            f"fingerprint SHA-256 {fingerprint})."
        ),
        purpose=recipient.purpose,
        legal_basis=recipient.legal_basis,
        minimum_necessary=recipient.minimum_necessary,
        recipient_address=recipient.address,
    )


def chart_release(session: Session, data: DisclosureInput) -> int | None:
    """For a chart sent under the client's authorization, the release that covers it (45 CFR
    164.508): one for the recipient, date and information, and when psychotherapy notes are
    included a notes release as well (it covers nothing else). Refused, naming each release's
    reason, when none fits; None for any other basis."""
    if data.legal_basis is not LegalBasis.AUTHORIZATION:
        return None
    query = (
        select(Release)
        .where(Release.client_id == data.client_id)
        .order_by(Release.signed_at.desc(), Release.id.desc())
    )
    releases = [release_view(row) for row in session.scalars(query)]
    notes = InformationCategory.PSYCHOTHERAPY_NOTES
    parts = [tuple(c for c in data.categories if c is not notes)]
    if notes in data.categories:
        parts.append((notes, InformationCategory.IDENTITY))
    chosen: list[int] = []
    for part in parts:
        matches = match_releases(
            releases, data.client_id, data.disclosed_at, part, data.recipient_name
        )
        found = covering(matches)
        if not found:
            raise UserInputError(
                none_fits(matches),
                "Record the client's release in the Releases tab first. Nothing was exported "
                "or recorded.",
            )
        chosen.append(found[0].id)
    return chosen[0]


def check_chart_disclosure(vault: Vault, data: DisclosureInput) -> None:
    """Refuse a chart disclosure before the file is written (its fields and its release)."""
    clean = validated(data)
    with vault.session() as session:
        chart_release(session, clean)


def record_chart_disclosure(vault: Vault, data: DisclosureInput) -> int:
    """Store the disclosure of a chart (validated like any other disclosure, with its release)."""
    with vault.session() as session:
        release_id = chart_release(session, data)
        if release_id is not None:
            data = replace(data, release_id=release_id)
        return add_disclosure(session, vault.actor, data)
