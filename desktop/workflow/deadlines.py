"""When an incident is due: the jurisdiction's abuse-reporting deadline, or a court's date.

Where the jurisdiction data gives a written follow-up deadline, that is the due time (the oral
report is "immediately" in most states and is shown in the reason); otherwise the report
deadline itself, where 0 hours means "immediately". The clock starts when reasonable suspicion
first arose (CWIG; regulatory.md 5.1), or when the incident was opened if that is not recorded.
A court order or subpoena is due at the response date entered in the situation step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop.domain import ExceptionType
from desktop.jurisdictions import Jurisdiction
from desktop.mandated_reporting import AbuseReporting
from desktop.workflow.exceptions import DeadlineRule, profile
from desktop.workflow.fields import DisclosureFields, SituationFields


@dataclass(frozen=True)
class Deadline:
    due_at: datetime
    reason: str


def deadline_for(
    jurisdiction: Jurisdiction,
    exception: ExceptionType,
    situation: SituationFields,
    opened_at: datetime,
) -> Deadline | None:
    """The incident's due time and a plain reason, or None where no rule gives one."""
    rule = _abuse_rule(jurisdiction, exception)
    if rule is not None:
        started = situation.abuse.suspected_at if situation.abuse else None
        return _abuse_deadline(rule, started or opened_at, jurisdiction.name)
    process = situation.legal_process
    responds = profile(exception).deadline is DeadlineRule.RESPONSE_DUE
    if responds and process and process.response_due:
        return Deadline(process.response_due, "The response to the court order or subpoena.")
    return None


def deadline_met(
    jurisdiction: Jurisdiction, exception: ExceptionType, disclosure: DisclosureFields
) -> bool:
    """Whether what the deadline asks for has been recorded (so it is no longer overdue)."""
    rule = _abuse_rule(jurisdiction, exception)
    if rule is not None:
        report = disclosure.abuse_report
        if report is None or report.reported_at is None:
            return False
        return rule.written_followup_hours is None or report.written_followup_at is not None
    return disclosure.decision is not None


def _abuse_rule(jurisdiction: Jurisdiction, exception: ExceptionType) -> AbuseReporting | None:
    if profile(exception).deadline is not DeadlineRule.ABUSE_REPORT:
        return None
    rule = jurisdiction.reporting(exception)
    if rule is None or (rule.written_followup_hours is None and rule.deadline_hours is None):
        return None
    return rule


def _abuse_deadline(rule: AbuseReporting, started: datetime, state: str) -> Deadline:
    cite = f" ({rule.citation})" if rule.citation else ""
    oral = _hours_phrase(rule.deadline_hours)
    if rule.written_followup_hours is not None:
        hours = rule.written_followup_hours
        reason = (
            f"{state}: report {oral}, and a written report within {hours} hours{cite}. "
            "Reference data, not legal advice."
        )
        return Deadline(started + timedelta(hours=hours), reason)
    assert rule.deadline_hours is not None
    reason = f"{state}: report {oral}{cite}. Reference data, not legal advice."
    return Deadline(started + timedelta(hours=rule.deadline_hours), reason)


def _hours_phrase(hours: int | None) -> str:
    if hours is None:
        return "as the statute requires"
    return "immediately" if hours == 0 else f"within {hours} hours"
