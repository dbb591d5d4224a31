"""What the incident service hands to the wizard, the dashboard and the report: frozen
dataclasses only, never ORM rows. Attachment bytes are fetched separately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    WorkflowStep,
)
from desktop.jurisdictions import EthicsReference, FederalWarning, HipaaBasis
from desktop.workflow.addenda import AddendumView
from desktop.workflow.engine import StepState
from desktop.workflow.fields import AttemptOutcome, EvidenceKind


@dataclass(frozen=True)
class IncidentSummary:
    """One row of the dashboard's list of open incidents."""

    id: int
    client_id: int
    client_display_name: str
    exception_type: ExceptionType
    current_step: WorkflowStep
    next_step_label: str
    opened_at: datetime
    due_at: datetime | None
    due_reason: str
    overdue: bool


@dataclass(frozen=True)
class ConsultationView:
    id: int
    consulted_at: datetime
    consultant_name: str
    consultant_role: str
    is_legal_counsel: bool
    advice: str
    identifying_info_shared: bool
    recorded_at: datetime


@dataclass(frozen=True)
class EvidenceView:
    id: int
    kind: EvidenceKind
    content: str
    occurred_at: datetime | None
    source: str
    attachment_name: str
    attachment_type: str
    attachment_size: int
    attachment_sha256: str
    recorded_at: datetime


@dataclass(frozen=True)
class AttemptView:
    id: int
    attempted_at: datetime
    recipient_name: str
    recipient_role: RecipientRole
    method: DisclosureMethod
    outcome: AttemptOutcome
    report_number: str
    notes: str
    recorded_at: datetime


@dataclass(frozen=True)
class OptionView:
    id: int
    option: str
    chosen: bool
    reason: str
    recorded_at: datetime


@dataclass(frozen=True)
class DisclosureView:
    id: int
    disclosed_at: datetime
    recipient_name: str
    recipient_role: RecipientRole
    recipient_address: str
    method: DisclosureMethod
    categories: tuple[InformationCategory, ...]
    description: str
    purpose: str
    legal_basis: LegalBasis
    accountable: bool
    minimum_necessary: str
    report_number: str
    recipient_response: str
    recorded_at: datetime


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    occurred_at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: int | None
    detail: str


@dataclass(frozen=True)
class ConsentStatus:
    """Whether the client's signed consent told them about this limit, and when."""

    named_limit: bool
    consent_id: int | None
    title: str
    template_version: int | None
    signed_at: datetime | None
    sentence: str


@dataclass(frozen=True)
class StateRule:
    """The jurisdiction's duty-to-warn or duty-to-protect rule, in plain words."""

    classification: str
    citation: str
    trigger: str
    discharge: str
    confidence: str
    contested: bool
    notes: str


@dataclass(frozen=True)
class AbuseRule:
    """The jurisdiction's abuse-reporting facts in plain words; "Not known" where unsourced."""

    agency: str
    deadline: str
    citation: str
    known: bool
    notes: str
    hotline: str = ""
    written_report: str = ""
    form: str = ""
    who_must_report: str = ""
    tells_client: str = ""
    contested: bool = False
    sources: str = ""
    last_reviewed: str = ""

    def rows(self) -> list[tuple[str, str]]:
        """Label and value pairs for a panel or a report, in reading order."""
        rows = [
            ("Reporting agency", self.agency),
            ("Hotline", self.hotline),
            ("Deadline", self.deadline),
            ("Written report", self.written_report),
            ("Form", self.form),
            ("Who must report", self.who_must_report),
            ("Telling the client", self.tells_client),
            ("Citation", self.citation),
            ("Sources disagree", "Yes: see the notes" if self.contested else ""),
            ("Sources", self.sources),
            ("Last reviewed", self.last_reviewed),
            ("Notes", self.notes),
        ]
        return [(label, value) for label, value in rows if value]


@dataclass(frozen=True)
class ReviewPanel:
    exception_type: ExceptionType
    jurisdiction_code: str
    jurisdiction_name: str
    last_reviewed: date
    state_rule: StateRule | None
    abuse_rule: AbuseRule | None
    hipaa_bases: tuple[HipaaBasis, ...]
    ethics: tuple[EthicsReference, ...]
    federal_warnings: tuple[FederalWarning, ...]
    rule_warnings: tuple[str, ...]
    consent: ConsentStatus
    not_legal_advice: str


@dataclass(frozen=True)
class PractitionerLine:
    name: str
    credentials: str
    license_number: str


@dataclass(frozen=True)
class IncidentView:
    """Everything the report for counsel and the wizard show about one incident."""

    id: int
    client_id: int
    client_display_name: str
    client_date_of_birth: date | None
    exception_type: ExceptionType
    jurisdiction_code: str
    title: str
    opened_at: datetime
    due_at: datetime | None
    due_reason: str
    overdue: bool
    current_step: WorkflowStep
    outcome: str
    finalized_at: datetime | None
    finalized_by: str
    content_hash: str
    hash_verified: bool | None
    practitioner: PractitionerLine
    steps: tuple[StepState, ...]
    consultations: tuple[ConsultationView, ...]
    evidence: tuple[EvidenceView, ...]
    attempts: tuple[AttemptView, ...]
    options: tuple[OptionView, ...]
    disclosures: tuple[DisclosureView, ...]
    addenda: tuple[AddendumView, ...]
    audit_trail: tuple[AuditEntry, ...]
    review: ReviewPanel
    warnings: tuple[str, ...]
    discharge_gaps: tuple[str, ...]

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None

    def step(self, step: WorkflowStep) -> StepState:
        return next(state for state in self.steps if state.step is step)
