"""What a deadline banner says: time left or how late, the due time, the rule, and where the
clock started. Qt-free; the wizard, the client record and the dashboard show the same words.

An abuse report's clock starts when reasonable suspicion first arose, not when the incident was
opened in Confide (the threshold is reasonable suspicion, CAPTA 42 U.S.C. 5106a(b)(2)(B)(i) and
state statutes; regulatory.md 5.1; desktop/workflow/deadlines.py), so the notice says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from desktop.domain import ExceptionType, WorkflowStep
from desktop.local_time import format_datetime, format_span
from desktop.workflow.exceptions import DeadlineRule, profile
from desktop.workflow.fields import SituationFields
from desktop.workflow.views import IncidentSummary, IncidentView

SOON = timedelta(hours=24)


class Urgency(StrEnum):
    DUE = "due"  # more than a day left
    SOON = "soon"  # due within a day
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DeadlineNotice:
    """The banner's text: ``headline`` in large type, ``detail`` beneath, and how urgent."""

    incident_id: int
    headline: str
    detail: str
    urgency: Urgency
    # The headline without the client's name, for places outside the visible content
    # (accessible descriptions), where no client information may appear.
    plain_headline: str

    @property
    def overdue(self) -> bool:
        return self.urgency is Urgency.OVERDUE


@dataclass(frozen=True)
class DeadlineFacts:
    """What a notice is made from; built from an IncidentView or a dashboard summary."""

    incident_id: int
    exception_type: ExceptionType
    opened_at: datetime
    due_at: datetime | None
    due_reason: str
    overdue: bool
    finalized: bool = False
    suspected_at: datetime | None = None
    client_name: str = ""
    situation_read: bool = False  # whether suspected_at came from the situation step

    @classmethod
    def of_view(cls, view: IncidentView) -> DeadlineFacts:
        situation = view.step(WorkflowStep.SITUATION).fields
        abuse = situation.abuse if isinstance(situation, SituationFields) else None
        return cls(
            view.id,
            view.exception_type,
            view.opened_at,
            view.due_at,
            view.due_reason,
            view.overdue,
            view.finalized,
            abuse.suspected_at if abuse else None,
            situation_read=True,
        )

    @classmethod
    def of_summary(cls, summary: IncidentSummary) -> DeadlineFacts:
        return cls(
            summary.id,
            summary.exception_type,
            summary.opened_at,
            summary.due_at,
            summary.due_reason,
            summary.overdue,
            client_name=summary.client_display_name,
        )


def deadline_notice(facts: DeadlineFacts, now: datetime | None = None) -> DeadlineNotice | None:
    """The notice for an open incident with a deadline still to meet, else None."""
    if facts.finalized or facts.due_at is None:
        return None
    moment = now or datetime.now(UTC)
    left = facts.due_at - moment
    if left <= timedelta(0) and not facts.overdue:
        return None  # past its time, but what the deadline asks for is recorded
    what = _what_is_due(facts.exception_type)
    if left <= timedelta(0):
        headline, urgency = f"{what} overdue by {format_span(-left)}", Urgency.OVERDUE
    else:
        headline = f"{what} due in {format_span(left)}"
        urgency = Urgency.SOON if left <= SOON else Urgency.DUE
    plain = headline
    if facts.client_name:
        headline = f"{headline} ({facts.client_name})"
    parts = [f"Due {format_datetime(facts.due_at)}.", facts.due_reason.strip()]
    parts.append(_clock_start(facts))
    detail = " ".join(p for p in parts if p)
    return DeadlineNotice(facts.incident_id, headline, detail, urgency, plain)


_DUE_WORDS = {DeadlineRule.ABUSE_REPORT: "Report", DeadlineRule.RESPONSE_DUE: "Response"}


def _what_is_due(kind: ExceptionType) -> str:
    return _DUE_WORDS.get(profile(kind).deadline, "Action")


def _clock_start(facts: DeadlineFacts) -> str:
    if profile(facts.exception_type).deadline is not DeadlineRule.ABUSE_REPORT:
        return ""
    if facts.suspected_at is not None:
        return (
            f"The time limit runs from when reasonable suspicion first arose "
            f"({format_datetime(facts.suspected_at)}), not from when this incident was opened "
            f"({format_datetime(facts.opened_at)})."
        )
    if facts.situation_read:
        return (
            "The time limit runs from when reasonable suspicion first arose. Until you record "
            "that time in step 1, it is counted from when this incident was opened."
        )
    return (
        "Abuse-report time limits run from when reasonable suspicion first arose, not from "
        "when the incident was opened."
    )


def most_urgent(
    incidents: Iterable[DeadlineFacts], now: datetime | None = None
) -> DeadlineNotice | None:
    """The most pressing deadline of several incidents (the dashboard, a client record)."""
    notices = [deadline_notice(facts, now) for facts in incidents]
    found = [n for n in notices if n is not None]
    order = {Urgency.OVERDUE: 0, Urgency.SOON: 1, Urgency.DUE: 2}
    return min(found, key=lambda n: order[n.urgency], default=None)
