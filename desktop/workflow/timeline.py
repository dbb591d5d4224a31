"""The incident's timeline: every dated event from its steps and lists, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain import StepStatus, WorkflowStep
from desktop.workflow.fields import (
    ClientNotificationFields,
    DisclosureFields,
    SituationFields,
)
from desktop.workflow.views import IncidentView


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    what: str


def timeline(view: IncidentView) -> list[TimelineEvent]:
    """Dated events, oldest first. Descriptions are the clinician's own entries."""
    events = [TimelineEvent(view.opened_at, "Incident opened")]
    events += _situation_events(view)
    for state in view.steps:
        if state.completed_at is not None and state.status is StepStatus.NOT_APPLICABLE:
            events.append(TimelineEvent(state.completed_at, f"{state.step.label}: not applicable"))
        elif state.completed_at is not None and state.step is not WorkflowStep.SIGN_OFF:
            events.append(TimelineEvent(state.completed_at, f"{state.step.label}: completed"))
    events += [
        TimelineEvent(c.consulted_at, f"{_consult_word(c.is_legal_counsel)}: {c.consultant_name}")
        for c in view.consultations
    ]
    events += [
        TimelineEvent(e.occurred_at, f"Evidence ({e.kind.label})")
        for e in view.evidence
        if e.occurred_at is not None
    ]
    events += [
        TimelineEvent(a.attempted_at, f"Attempt to reach {a.recipient_name}: {a.outcome.label}")
        for a in view.attempts
    ]
    events += [
        TimelineEvent(d.disclosed_at, f"Disclosure to {d.recipient_name}") for d in view.disclosures
    ]
    events += _outcome_events(view)
    events += [TimelineEvent(a.created_at, "Addendum added") for a in view.addenda]
    return sorted(events, key=lambda event: event.at)


def _consult_word(legal: bool) -> str:
    return "Legal consultation" if legal else "Consultation"


def _situation_events(view: IncidentView) -> list[TimelineEvent]:
    situation = view.step(WorkflowStep.SITUATION).fields
    assert isinstance(situation, SituationFields)
    found = []
    if situation.occurred_at is not None:
        found.append(TimelineEvent(situation.occurred_at, "Statement made or event occurred"))
    if situation.learned_at is not None:
        found.append(TimelineEvent(situation.learned_at, "Clinician learned of it"))
    if situation.abuse is not None and situation.abuse.suspected_at is not None:
        found.append(TimelineEvent(situation.abuse.suspected_at, "Reasonable suspicion arose"))
    process = situation.legal_process
    if process is not None and process.served_at is not None:
        found.append(TimelineEvent(process.served_at, "Legal process received"))
    if situation.risk is not None and situation.risk.assessed_at is not None:
        found.append(TimelineEvent(situation.risk.assessed_at, "Risk assessed"))
    return found


def _outcome_events(view: IncidentView) -> list[TimelineEvent]:
    found = []
    told = view.step(WorkflowStep.CLIENT_NOTIFICATION).fields
    assert isinstance(told, ClientNotificationFields)
    if told.informed and told.informed_at is not None:
        found.append(TimelineEvent(told.informed_at, "Client told about the disclosure"))
    outcome = view.step(WorkflowStep.DISCLOSURE).fields
    assert isinstance(outcome, DisclosureFields)
    report = outcome.abuse_report
    if report is not None and report.reported_at is not None:
        found.append(TimelineEvent(report.reported_at, f"Abuse report made to {report.agency}"))
    if report is not None and report.written_followup_at is not None:
        found.append(TimelineEvent(report.written_followup_at, "Written follow-up report sent"))
    if view.finalized_at is not None:
        found.append(TimelineEvent(view.finalized_at, "Signed off and finalized"))
    return found
