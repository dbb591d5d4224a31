"""The review panel (the jurisdiction's rule, the HIPAA basis, ethics codes, consent status)
and the duty-to-warn discharge check, read inside the caller's unit of work.

Reference data, not legal advice: every panel carries ``NOT_LEGAL_ADVICE``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain import ExceptionType, RecipientRole
from desktop.jurisdictions import (
    NOT_LEGAL_ADVICE,
    AbuseReporting,
    DischargeAction,
    DischargeRule,
    DutyToWarn,
    Jurisdiction,
    discharge_gaps,
    jurisdiction,
    load_federal_rules,
)
from desktop.models import Consent, ConsentRevocation, Disclosure, Incident
from desktop.services.consent_status import DEFERRED
from desktop.workflow import safeguards
from desktop.workflow.records import step_context, step_rows
from desktop.workflow.views import AbuseRule, ConsentStatus, ReviewPanel, StateRule

ROLE_ACTIONS: dict[RecipientRole, DischargeAction] = {
    RecipientRole.POTENTIAL_VICTIM: DischargeAction.WARN_VICTIM,
    RecipientRole.LAW_ENFORCEMENT: DischargeAction.NOTIFY_LAW_ENFORCEMENT,
    RecipientRole.CRISIS_OR_HOSPITAL: DischargeAction.HOSPITALIZE,
    RecipientRole.COUNTY_AUTHORITY: DischargeAction.NOTIFY_COUNTY_AUTHORITY,
}
"""Which discharge action a disclosure to each kind of recipient counts as."""

DUTY_EXCEPTIONS = frozenset(
    {ExceptionType.DANGER_TO_OTHERS, ExceptionType.DANGER_TO_SELF, ExceptionType.CRIME}
)


def review_panel(session: Session, incident: Incident) -> ReviewPanel:
    kind = ExceptionType(incident.exception_type)
    rules = jurisdiction(incident.jurisdiction)
    federal = load_federal_rules()[kind]
    context = step_context(session, incident, step_rows(session, incident.id))
    return ReviewPanel(
        exception_type=kind,
        jurisdiction_code=rules.code,
        jurisdiction_name=rules.name,
        last_reviewed=rules.last_reviewed,
        state_rule=_state_rule(rules.duty_to_warn) if kind in DUTY_EXCEPTIONS else None,
        abuse_rule=_abuse_rule(rules, kind),
        hipaa_bases=federal.bases,
        ethics=federal.ethics,
        federal_warnings=federal.warnings,
        rule_warnings=tuple(safeguards.warnings(context)),
        consent=consent_status(session, incident.client_id, kind),
        not_legal_advice=NOT_LEGAL_ADVICE,
    )


def discharge_status(session: Session, incident: Incident) -> list[str]:
    """Plain sentences naming what the jurisdiction's discharge rule still needs (or none)."""
    if ExceptionType(incident.exception_type) is not ExceptionType.DANGER_TO_OTHERS:
        return []
    roles = session.scalars(
        select(Disclosure.recipient_role).where(Disclosure.incident_id == incident.id)
    )
    taken = {
        ROLE_ACTIONS[RecipientRole(r)].value for r in roles if RecipientRole(r) in ROLE_ACTIONS
    }
    return discharge_gaps(jurisdiction(incident.jurisdiction).duty_to_warn, taken)


def consent_status(session: Session, client_id: int, kind: ExceptionType) -> ConsentStatus:
    """Whether a signed consent told the client of this limit, and when.

    The newest unrevoked consent naming the limit counts first. Failing that, a revoked one
    still shows the client was told when they signed it; the revocation is stated, not hidden.
    """
    revoked_at = dict(
        session.execute(
            select(ConsentRevocation.consent_id, ConsentRevocation.revoked_at)
            .join(Consent, Consent.id == ConsentRevocation.consent_id)
            .where(Consent.client_id == client_id)
        ).all()
    )
    signed = list(
        session.scalars(
            select(Consent)
            .where(Consent.client_id == client_id)
            .order_by(Consent.signed_at.desc(), Consent.id.desc())
            .options(*DEFERRED)
        )
    )
    limit = kind.limit
    named = [c for c in signed if limit.value in (c.limits or [])]
    in_effect = [c for c in named if c.id not in revoked_at]
    candidates = in_effect or named
    naming = candidates[0] if candidates else None
    if naming is not None:
        sentence = f"The client's signed consent names this limit ({limit.label})."
        if naming.id in revoked_at:
            sentence += (
                f" That consent was revoked on {revoked_at[naming.id]:%Y-%m-%d}; the client "
                "was told of this limit when they signed it."
            )
        return ConsentStatus(
            named_limit=True,
            consent_id=naming.id,
            title=naming.title,
            template_version=naming.template_version,
            signed_at=naming.signed_at,
            sentence=sentence,
        )
    if signed:
        newest = signed[0]
        return ConsentStatus(
            False,
            newest.id,
            newest.title,
            newest.template_version,
            newest.signed_at,
            f"No signed consent of this client names this limit ({limit.label}).",
        )
    none = "No signed consent is on file for this client."
    return ConsentStatus(False, None, "", None, None, none)


def describe_discharge(duty: DutyToWarn) -> str:
    discharge = duty.discharge
    if discharge.rule is DischargeRule.NONE:
        return "No statutory discharge rule."
    steps = [action.step for action in discharge.actions]
    joined = ", ".join(steps)
    text = f"All of: {joined}." if discharge.rule is DischargeRule.ALL else f"Any one of: {joined}."
    for alternative in discharge.alternatives:
        text += f" Or instead: {', '.join(action.step for action in alternative)}."
    return text


def _state_rule(duty: DutyToWarn) -> StateRule:
    return StateRule(
        classification=duty.classification.value,
        citation=duty.citation,
        trigger=duty.trigger,
        discharge=describe_discharge(duty),
        confidence=duty.confidence.value,
        contested=duty.contested,
        notes=duty.notes,
    )


def _abuse_rule(rules: Jurisdiction, kind: ExceptionType) -> AbuseRule | None:
    reporting: AbuseReporting
    if kind is ExceptionType.CHILD_ABUSE:
        reporting = rules.child_abuse
    elif kind is ExceptionType.VULNERABLE_ADULT_ABUSE:
        reporting = rules.vulnerable_adult
    else:
        return None
    return AbuseRule(
        agency=reporting.agency or "Not recorded for this jurisdiction",
        deadline=_deadline_text(reporting),
        citation=reporting.citation or "Not recorded",
        known=reporting.known,
        notes=reporting.notes,
    )


def _deadline_text(reporting: AbuseReporting) -> str:
    parts = []
    if reporting.deadline_hours is not None:
        hours = reporting.deadline_hours
        parts.append("Report immediately" if hours == 0 else f"Report within {hours} hours")
    if reporting.written_followup_hours is not None:
        parts.append(f"written report within {reporting.written_followup_hours} hours")
    return "; ".join(parts) + "." if parts else "Not recorded for this jurisdiction."
