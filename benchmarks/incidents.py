"""Synthetic break-confidentiality incidents in several states, with their child rows.

Step fields are the workflow's own dataclasses serialized by its own ``to_json``; a finalized
incident is sealed like ``IncidentWorkflow`` seals one (outcome, finalization time and the
workflow's content hash), after all of its child rows are stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from benchmarks.records import Batch, Context
from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    StepStatus,
    WorkflowStep,
)
from desktop.models import (
    Consultation,
    Disclosure,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Notification,
)
from desktop.workflow import fields as f
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.sealing import content_hash
from desktop.workflow.serialize import to_json
from desktop.workflow.steps import ORDER

_RECIPIENT = {
    ExceptionType.DANGER_TO_SELF: (LegalBasis.SERIOUS_THREAT, RecipientRole.CRISIS_OR_HOSPITAL),
    ExceptionType.DANGER_TO_OTHERS: (LegalBasis.SERIOUS_THREAT, RecipientRole.POTENTIAL_VICTIM),
    ExceptionType.CHILD_ABUSE: (LegalBasis.ABUSE_REPORT, RecipientRole.CHILD_PROTECTIVE_SERVICES),
    ExceptionType.VULNERABLE_ADULT_ABUSE: (
        LegalBasis.ABUSE_REPORT,
        RecipientRole.ADULT_PROTECTIVE_SERVICES,
    ),
    ExceptionType.CRIME: (LegalBasis.LAW_ENFORCEMENT, RecipientRole.LAW_ENFORCEMENT),
    ExceptionType.COURT_ORDER: (LegalBasis.COURT_ORDER, RecipientRole.COURT),
    ExceptionType.INSURANCE: (LegalBasis.TREATMENT_PAYMENT_OPERATIONS, RecipientRole.INSURER),
    ExceptionType.CLIENT_AUTHORIZED: (LegalBasis.AUTHORIZATION, RecipientRole.CLINICIAN),
}
_DANGER = (ExceptionType.DANGER_TO_SELF, ExceptionType.DANGER_TO_OTHERS)
_ABUSE = (ExceptionType.CHILD_ABUSE, ExceptionType.VULNERABLE_ADULT_ABUSE)


class _Rows:
    def __init__(self, context: Context) -> None:
        session = context.session
        self.incidents = Batch(session, Incident)
        parent = (self.incidents,)
        self.steps = Batch(session, IncidentStep, parent)
        self.consultations = Batch(session, Consultation, parent)
        self.evidence = Batch(session, EvidenceItem, parent)
        self.attempts = Batch(session, Notification, parent)
        self.options = Batch(session, IncidentOption, parent)
        context.disclosures.parents = parent

    def flush(self) -> None:
        for batch in (self.incidents, self.steps, self.consultations, self.evidence):
            batch.flush()
        self.attempts.flush()
        self.options.flush()


def incidents(context: Context, count: int, report_evidence: int) -> int:
    """``count`` incidents: ~60 % finalized, the rest open at some step. Returns the id of the
    large finalized incident meant for the 50-page report."""
    rows = _Rows(context)
    kinds = list(ExceptionType)
    finalized: list[int] = []
    for incident_id in range(1, count + 1):
        kind = kinds[incident_id % len(kinds)]
        big = incident_id == 1
        roll = context.rng.random()
        reached = len(ORDER) if big or roll < 0.6 else context.rng.randint(1, len(ORDER) - 1)
        _incident(context, rows, incident_id, kind, reached, report_evidence if big else 0)
        if reached == len(ORDER):
            finalized.append(incident_id)
    rows.flush()
    context.disclosures.flush()
    for incident_id in finalized:
        _finalize(context, incident_id)
    context.session.flush()
    return 1


def _incident(
    context: Context,
    rows: _Rows,
    incident_id: int,
    kind: ExceptionType,
    reached: int,
    extra_evidence: int,
) -> None:
    rng = context.rng
    client_id = rng.choice(context.clients).client_id if incident_id > 1 else 1
    opened = context.moment(7300, before=context.anchor - timedelta(days=30))
    current = ORDER[reached - 1]
    rows.incidents.add(
        id=incident_id,
        client_id=client_id,
        exception_type=kind.value,
        jurisdiction="CA",
        title=f"{kind.label} ({opened:%Y-%m})",
        opened_at=opened,
        current_step=current.value,
        updated_at=opened + timedelta(days=2),
    )
    context.log.add("create", "incident", incident_id, client_id)
    disclosed = rng.random() < 0.7
    for step in ORDER[:reached]:
        done = step is not current or reached == len(ORDER)
        status = StepStatus.COMPLETE if done else StepStatus.DRAFT
        data = _step_fields(context, step, kind, opened, disclosed)
        rows.steps.add(
            incident_id=incident_id,
            step=step.value,
            status=status.value,
            data=to_json(data),
            completed_at=opened + timedelta(hours=step.number) if done else None,
            completed_by=context.log_actor() if done else "",
            updated_at=opened + timedelta(hours=step.number),
        )
    _children(context, rows, incident_id, opened, 2 + rng.randint(0, 4) + extra_evidence)
    if reached >= WorkflowStep.DISCLOSURE.number and disclosed:
        _incident_disclosure(context, incident_id, client_id, kind, opened)


def _step_fields(
    context: Context,
    step: WorkflowStep,
    kind: ExceptionType,
    opened: datetime,
    disclosed: bool,
) -> f.StepFields:
    text = context.text
    if step is WorkflowStep.SITUATION:
        return _situation(context, kind, opened)
    if step is WorkflowStep.REVIEW:
        return f.ReviewFields(True, text.paragraph(30, 80), text.paragraph(10, 30))
    if step is WorkflowStep.DOCUMENTATION:
        return f.DocumentationFields(text.paragraph(5, 15), text.paragraph(20, 60))
    if step is WorkflowStep.CONSULTATION:
        return f.ConsultationFields(text.paragraph(20, 50))
    if step is WorkflowStep.LEGAL_COUNSEL:
        return f.LegalCounselFields(False, text.paragraph(10, 25))
    if step is WorkflowStep.CLIENT_NOTIFICATION:
        return f.ClientNotificationFields(
            True, opened + timedelta(hours=3), DisclosureMethod.IN_PERSON, text.paragraph(10, 30)
        )
    if step is WorkflowStep.DISCLOSURE:
        decision = (
            f.DisclosureDecision.DISCLOSED if disclosed else f.DisclosureDecision.NOT_DISCLOSED
        )
        report = None
        if kind in _ABUSE:
            report = f.AbuseReport("County agency", opened + timedelta(hours=5), "R-1042")
        return f.DisclosureFields(decision, text.paragraph(30, 80), report)
    return f.SignOffFields(
        text.paragraph(40, 90), text.paragraph(20, 40), True, opened + timedelta(hours=9)
    )


def _situation(context: Context, kind: ExceptionType, opened: datetime) -> f.SituationFields:
    text = context.text
    risk = None
    if kind in _DANGER:
        risk = f.RiskAssessment(
            assessed_at=opened,
            intent=text.paragraph(8, 20),
            plan=text.paragraph(8, 20),
            means=text.paragraph(5, 15),
            weapons_asked=True,
            weapons_access=False,
            protective_factors=text.paragraph(8, 20),
            overall_risk=f.RiskLevel.MODERATE,
        )
    return f.SituationFields(
        exception_type=kind,
        statement=text.paragraph(20, 60),
        observations=text.paragraph(20, 60),
        occurred_at=opened - timedelta(hours=1),
        learned_at=opened - timedelta(minutes=50),
        communicated_by=f.Communicator.CLIENT,
        at_risk=text.paragraph(3, 8),
        identifiable_victim=kind is ExceptionType.DANGER_TO_OTHERS,
        imminence=f.Imminence.DAYS,
        risk=risk,
    )


def _children(
    context: Context, rows: _Rows, incident_id: int, opened: datetime, evidence: int
) -> None:
    text = context.text
    kinds = list(f.EvidenceKind)
    for index in range(evidence):
        rows.evidence.add(
            incident_id=incident_id,
            kind=kinds[index % len(kinds)].value,
            occurred_at=opened - timedelta(minutes=30 + index),
            source="Session" if index % 2 else "Telephone call",
            content=text.paragraph(150, 450) if evidence > 20 else text.paragraph(30, 200),
            recorded_at=opened + timedelta(minutes=index),
        )
    rows.consultations.add(
        incident_id=incident_id,
        consulted_at=opened + timedelta(hours=1),
        consultant_name="Dr. Supervising Colleague",
        consultant_role="Clinical supervisor",
        advice=text.paragraph(20, 60),
        recorded_at=opened + timedelta(hours=1, minutes=30),
    )
    for index, outcome in enumerate((f.AttemptOutcome.NO_ANSWER, f.AttemptOutcome.REACHED)):
        rows.attempts.add(
            incident_id=incident_id,
            attempted_at=opened + timedelta(hours=2, minutes=10 * index),
            recipient_name="Named contact",
            recipient_role=RecipientRole.OTHER.value,
            method=DisclosureMethod.PHONE.value,
            outcome=outcome.value,
            notes=text.paragraph(5, 20),
            recorded_at=opened + timedelta(hours=3),
        )
    for chosen, option in ((True, "Safety plan and warning"), (False, "Wait and monitor")):
        rows.options.add(
            incident_id=incident_id,
            option=option,
            chosen=chosen,
            reason=text.paragraph(10, 30),
            recorded_at=opened + timedelta(hours=1),
        )


def _incident_disclosure(
    context: Context, incident_id: int, client_id: int, kind: ExceptionType, opened: datetime
) -> None:
    basis, role = _RECIPIENT[kind]
    context.add_disclosure(
        DisclosureInput(
            client_id=client_id,
            disclosed_at=opened + timedelta(hours=4),
            recipient_name="Named recipient",
            recipient_role=role,
            method=DisclosureMethod.PHONE,
            categories=(InformationCategory.IDENTITY, InformationCategory.NATURE_OF_THREAT),
            description=context.text.paragraph(10, 30),
            purpose=context.text.paragraph(5, 15),
            legal_basis=basis,
            minimum_necessary=context.text.paragraph(8, 20),
            incident_id=incident_id,
            report_number="R-1042" if kind in _ABUSE else "",
        )
    )


def _finalize(context: Context, incident_id: int) -> None:
    session = context.session
    incident = session.get(Incident, incident_id)
    assert incident is not None
    with session.no_autoflush:
        incident.outcome = "disclosed" if _has_disclosure(context, incident_id) else "not_disclosed"
        incident.current_step = WorkflowStep.SIGN_OFF.value
        incident.finalized_at = incident.opened_at + timedelta(hours=9)
        incident.finalized_by = context.log_actor()
        incident.content_hash = content_hash(session, incident)
    session.flush()
    detail: dict[str, object] = {"incident_id": incident_id, "content_hash": incident.content_hash}
    context.log.add("finalize", "incident", incident_id, incident.client_id, detail)


def _has_disclosure(context: Context, incident_id: int) -> bool:
    query = select(Disclosure.id).where(Disclosure.incident_id == incident_id).limit(1)
    return context.session.scalar(query) is not None
