"""Break-confidentiality incidents: start one, edit its lists, add addenda, list what is due,
and read everything the wizard and the report for counsel need.

The step-by-step state machine is :mod:`desktop.workflow.engine`, run in units of work by
:class:`desktop.services.incidents.workflow.IncidentWorkflow`. Every change here is audited and
refused with ImmutableRecordError once the incident is finalized (database triggers are the
second line). Disclosures go through
:func:`desktop.services.accounting.disclosures.add_disclosure`, so they feed the accounting of
disclosures.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, func, not_, or_, select
from sqlalchemy.orm import Session

from desktop.domain import ExceptionType, LegalBasis, StepStatus, WorkflowStep
from desktop.errors import NotFoundError, UserInputError
from desktop.jurisdictions import jurisdiction
from desktop.models import (
    Addendum,
    Consultation,
    Disclosure,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Notification,
    Release,
)
from desktop.models.base import utc_now
from desktop.services.accounting import disclosures
from desktop.services.clients.service import load_client
from desktop.services.incidents import listing
from desktop.services.incidents.listing import IncidentRow
from desktop.services.incidents.workflow import IncidentWorkflow
from desktop.services.practice.practitioner import PractitionerService
from desktop.services.release_matching import covering, match_releases, none_fits
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import safeguards, summaries
from desktop.workflow import validation as v
from desktop.workflow.assemble import incident_view
from desktop.workflow.deadlines import deadline_for
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import (
    AbuseDetails,
    AttemptInput,
    ConsultationInput,
    EvidenceInput,
    OptionInput,
    SituationFields,
)
from desktop.workflow.records import (
    load_incident,
    require_open,
    step_context,
    step_rows,
)
from desktop.workflow.release_views import (
    ReleaseView,
    release_view,
)
from desktop.workflow.review import discharge_status, review_panel
from desktop.workflow.sealing import content_hash
from desktop.workflow.serialize import to_json
from desktop.workflow.views import IncidentSummary, IncidentView, ReviewPanel

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024

__all__ = ["IncidentService", "IncidentSummary", "IncidentView", "ReviewPanel"]


class IncidentService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    # ----- starting and reading ---------------------------------------------------------

    def start(
        self,
        client_id: int,
        exception_type: ExceptionType,
        *,
        clock_starts_at: datetime | None = None,
        title: str = "",
    ) -> int:
        """Open an incident in the practitioner's jurisdiction; returns its id.

        ``clock_starts_at`` is when reasonable suspicion first arose (abuse reports): the
        jurisdiction's reporting deadline runs from it, else from now.
        """
        code = PractitionerService(self._vault).require().jurisdiction
        rules = jurisdiction(code)
        started = v.not_future(clock_starts_at, "When suspicion arose") if clock_starts_at else None
        situation = SituationFields(exception_type=exception_type)
        if started is not None:
            situation = replace(situation, abuse=AbuseDetails(suspected_at=started))
        with self._vault.session() as session:
            load_client(session, client_id)
            now = utc_now()
            due = deadline_for(rules, exception_type, situation, now)
            incident = Incident(
                client_id=client_id,
                exception_type=exception_type,
                jurisdiction=rules.code,
                title=v.optional_text(title, "Title", 300).strip(),
                opened_at=now,
                due_at=due.due_at if due else None,
                due_reason=due.reason if due else "",
                current_step=WorkflowStep.SITUATION,
            )
            session.add(incident)
            session.flush()
            session.add(
                IncidentStep(
                    incident_id=incident.id,
                    step=WorkflowStep.SITUATION,
                    status=StepStatus.DRAFT,
                    data=to_json(situation),
                )
            )
            self._audit(session, audit.AuditAction.CREATE, incident, "incident", incident.id)
            return incident.id

    def workflow(self, incident_id: int) -> IncidentWorkflow:
        """The step-by-step workflow of one incident (resumes a saved draft)."""
        return IncidentWorkflow.load(self._vault, incident_id)

    def get(self, incident_id: int, *, audit_view: bool = True) -> IncidentView:
        """Everything about one incident; opening it is an audited view."""
        with self._vault.session() as session:
            incident = load_incident(session, incident_id)
            if audit_view:
                self._audit(session, audit.AuditAction.VIEW, incident, "incident", incident.id)
            return incident_view(session, incident)

    def review_panel(self, incident_id: int) -> ReviewPanel:
        """The jurisdiction's rule for this exception, the HIPAA and ethics bases, cautions,
        and whether the client's signed consent named this limit. Not legal advice."""
        with self._vault.session() as session:
            return review_panel(session, load_incident(session, incident_id))

    def discharge_status(self, incident_id: int) -> list[str]:
        """Plain sentences saying what the jurisdiction's duty-to-warn discharge rule still
        needs, given the disclosures recorded; empty when satisfied or when there is no duty."""
        with self._vault.session() as session:
            return discharge_status(session, load_incident(session, incident_id))

    def verify(self, incident_id: int) -> bool:
        """Whether a finalized incident still matches its content hash."""
        with self._vault.session() as session:
            incident = load_incident(session, incident_id)
            if not incident.content_hash:
                raise UserInputError("This incident has not been finalized yet.")
            return content_hash(session, incident) == incident.content_hash

    def rows(
        self,
        *,
        client_id: int | None = None,
        include_finalized: bool = True,
        limit: int = listing.MAX_ROWS,
    ) -> list[IncidentRow]:
        """Incidents newest first as list rows, finalized ones too (see incidents.listing)."""
        with self._vault.session() as session:
            return listing.incident_rows(
                session, client_id=client_id, include_finalized=include_finalized, limit=limit
            )

    def count(self) -> int:
        """How many incidents the vault holds, open and finalized."""
        with self._vault.session() as session:
            return listing.incident_count(session)

    def open_incidents(self) -> list[IncidentSummary]:
        """Incidents not yet signed off: overdue first, then by due time, then oldest.

        Two statements however many are open (desktop.workflow.summaries)."""
        query = summaries.incident_rows().where(Incident.finalized_at.is_(None))
        with self._vault.session() as session:
            found = [_summary(line) for line in summaries.lines(session, query)]
        return _in_list_order(found)

    def open_incident_queue(self, limit: int) -> tuple[int, list[IncidentSummary]]:
        """How many incidents are open, and the first ``limit`` of :meth:`open_incidents`.

        Only the incidents past their due time (any of them may be overdue) and the next
        ``limit`` by due time are worked out: the first rows of the sorted list are always
        among them, so the dashboard's work does not grow with the number of open incidents."""
        now = datetime.now(UTC)
        is_open = Incident.finalized_at.is_(None)
        past_due = and_(Incident.due_at.is_not(None), Incident.due_at <= now)
        upcoming = (
            select(Incident.id)
            .where(is_open, not_(past_due))
            .order_by(Incident.due_at.is_(None), Incident.due_at, Incident.opened_at)
            .limit(max(limit, 0))
        )
        chosen = or_(past_due, Incident.id.in_(upcoming))
        query = summaries.incident_rows().where(is_open, chosen)
        with self._vault.session() as session:
            total = session.scalar(select(func.count()).select_from(Incident).where(is_open))
            found = [_summary(line) for line in summaries.lines(session, query, now)]
        return int(total or 0), _in_list_order(found)[: max(limit, 0)]

    # ----- list editors -----------------------------------------------------------------

    def add_consultation(self, incident_id: int, data: ConsultationInput) -> int:
        """A consultation with a supervisor, colleague or (``is_legal_counsel``) a lawyer."""
        row = Consultation(
            consulted_at=v.not_future(data.consulted_at, "Date and time of the consultation"),
            consultant_name=v.required_text(data.consultant_name, "Who was consulted"),
            consultant_role=v.optional_text(data.consultant_role, "Their role", 100).strip(),
            is_legal_counsel=data.is_legal_counsel,
            advice=v.required_text(data.advice, "The advice received", v.MAX_LONG_TEXT),
            identifying_info_shared=data.identifying_info_shared,
        )
        return self._add(incident_id, row, "consultation")

    def add_evidence(self, incident_id: int, data: EvidenceInput) -> int:
        """A verbatim statement, observation or record; an attachment is kept in the vault."""
        attachment = data.attachment
        if attachment is not None and len(attachment) > MAX_ATTACHMENT_BYTES:
            raise UserInputError("The attachment is larger than 50 MB.", "Attach a smaller file.")
        row = EvidenceItem(
            kind=data.kind.value,
            occurred_at=v.not_future(data.occurred_at, "When") if data.occurred_at else None,
            source=v.optional_text(data.source, "Source", 200).strip(),
            content=v.required_text(data.content, "The evidence", v.MAX_LONG_TEXT),
            attachment_name=v.optional_text(data.attachment_name, "File name", 300).strip(),
            attachment_type=v.optional_text(data.attachment_type, "File type", 100).strip(),
            attachment=attachment,
            attachment_sha256=hashlib.sha256(attachment).hexdigest() if attachment else "",
        )
        return self._add(incident_id, row, "evidence")

    def attachment(self, evidence_id: int) -> bytes:
        """The bytes of one evidence attachment (an audited view)."""
        with self._vault.session() as session:
            row = session.get(EvidenceItem, evidence_id)
            if row is None or row.attachment is None:
                raise NotFoundError(f"Evidence item #{evidence_id} has no attachment.")
            incident = load_incident(session, row.incident_id)
            self._audit(session, audit.AuditAction.VIEW, incident, "evidence", evidence_id)
            return row.attachment

    def add_attempt(self, incident_id: int, data: AttemptInput) -> int:
        """One attempt to reach someone, including a failed call, with any report number."""
        row = Notification(
            attempted_at=v.not_future(data.attempted_at, "Time of the attempt"),
            recipient_name=v.required_text(data.recipient_name, "Who you tried to reach"),
            recipient_role=data.recipient_role.value,
            method=data.method,
            outcome=data.outcome.value,
            report_number=v.optional_text(data.report_number, "Report number", 100).strip(),
            notes=v.optional_text(data.notes, "Notes"),
        )
        return self._add(incident_id, row, "attempt")

    def add_option(self, incident_id: int, data: OptionInput) -> int:
        """An option considered (warn, hospitalize, safety plan...), chosen or rejected."""
        row = IncidentOption(
            option=v.required_text(data.option, "The option"),
            chosen=data.chosen,
            reason=v.required_text(data.reason, "The reason", v.MAX_LONG_TEXT),
        )
        return self._add(incident_id, row, "option")

    def add_disclosure(self, incident_id: int, data: DisclosureInput) -> int:
        """Record one recipient of the disclosure step; it joins the accounting of disclosures.

        The client and incident are taken from the incident. Refused where the rules forbid
        it (a payer under a self-pay restriction, a subpoena without assurance, ...).
        """
        with self._vault.session() as session:
            incident = require_open(session, incident_id)
            clean = replace(data, client_id=incident.client_id, incident_id=incident.id)
            rows = step_rows(session, incident.id)
            release = _release_for(session, clean)
            if release is not None and clean.legal_basis is LegalBasis.AUTHORIZATION:
                clean = replace(clean, release_id=release.id)
                if not clean.recipient_name.strip():  # picked from the list: its recipient
                    clean = replace(clean, recipient_name=release.recipient_name)
            safeguards.check_disclosure(step_context(session, incident, rows), clean, release)
            return disclosures.add_disclosure(session, self._vault.actor, clean)

    def remove_consultation(self, incident_id: int, consultation_id: int) -> None:
        self._remove(incident_id, Consultation, consultation_id, "consultation")

    def remove_evidence(self, incident_id: int, evidence_id: int) -> None:
        self._remove(incident_id, EvidenceItem, evidence_id, "evidence")

    def remove_attempt(self, incident_id: int, attempt_id: int) -> None:
        self._remove(incident_id, Notification, attempt_id, "attempt")

    def remove_option(self, incident_id: int, option_id: int) -> None:
        self._remove(incident_id, IncidentOption, option_id, "option")

    def remove_disclosure(self, incident_id: int, disclosure_id: int) -> None:
        """Remove a disclosure recorded by mistake, before sign-off only."""
        self._remove(incident_id, Disclosure, disclosure_id, "disclosure")

    def add_addendum(self, incident_id: int, text: str) -> int:
        """A dated addendum; allowed after finalization and shown in every later export."""
        body = v.required_text(text, "The addendum", v.MAX_LONG_TEXT)
        with self._vault.session() as session:
            incident = load_incident(session, incident_id)
            row = Addendum(
                client_id=incident.client_id,
                incident_id=incident.id,
                author=self._vault.actor,
                text=body,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            self._audit(session, audit.AuditAction.ADDENDUM, incident, "addendum", row.id)
            return row.id

    # ----- internals --------------------------------------------------------------------

    def _add(self, incident_id: int, row: Any, entity_type: str) -> int:
        with self._vault.session() as session:
            incident = require_open(session, incident_id)
            row.incident_id = incident.id
            session.add(row)
            session.flush()
            self._audit(session, audit.AuditAction.CREATE, incident, entity_type, row.id)
            return int(row.id)

    def _remove(self, incident_id: int, model: Any, row_id: int, entity_type: str) -> None:
        with self._vault.session() as session:
            incident = require_open(session, incident_id)
            row = session.get(model, row_id)
            if row is None or row.incident_id != incident.id:
                raise NotFoundError(f"That {entity_type} is not part of incident #{incident_id}.")
            session.delete(row)
            session.flush()
            self._audit(
                session,
                audit.AuditAction.UPDATE,
                incident,
                entity_type,
                row_id,
                extra={"removed": True},
            )

    def _audit(
        self,
        session: Session,
        action: audit.AuditAction,
        incident: Incident,
        entity_type: str,
        entity_id: int,
        *,
        extra: dict[str, object] | None = None,
    ) -> None:
        audit.record(
            session,
            action,
            actor=self._vault.actor,
            entity_type=entity_type,
            entity_id=entity_id,
            client_id=incident.client_id,
            detail={"incident_id": incident.id, **(extra or {})},
        )


def _in_list_order(found: list[IncidentSummary]) -> list[IncidentSummary]:
    """Overdue first, then by due time (none last), then oldest."""
    latest = datetime.max.replace(tzinfo=UTC)
    return sorted(found, key=lambda s: (not s.overdue, s.due_at or latest, s.opened_at))


def _summary(line: summaries.IncidentLine) -> IncidentSummary:
    return IncidentSummary(
        id=line.id,
        client_id=line.client_id,
        client_display_name=line.client_display_name,
        exception_type=line.exception_type,
        current_step=line.current_step,
        next_step_label=line.next_step.label,
        opened_at=line.opened_at,
        due_at=line.due_at,
        due_reason=line.due_reason,
        overdue=line.overdue,
    )


def _release_for(session: Session, data: DisclosureInput) -> ReleaseView | None:
    """The release picked for the disclosure or, for an authorization that names none, the
    client's newest release that covers this recipient, information and date. An authorization
    that no release covers is refused with the matching rule and each release's reason."""
    if data.release_id is not None:
        row = session.get(Release, data.release_id)
        return release_view(row) if row is not None else None
    if data.legal_basis is not LegalBasis.AUTHORIZATION:
        return None
    query = (
        select(Release)
        .where(Release.client_id == data.client_id)
        .order_by(Release.signed_at.desc(), Release.id.desc())
    )
    releases = [release_view(row) for row in session.scalars(query)]
    matches = match_releases(
        releases, data.client_id, data.disclosed_at, data.categories, data.recipient_name
    )
    found = covering(matches)
    if not found:
        raise UserInputError(
            none_fits(matches),
            "Pick the release in the disclosure's Release list, or record the release in the "
            "client's Releases tab first. Nothing was recorded.",
        )
    return found[0]
