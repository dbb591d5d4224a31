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
    DischargeRule,
    DutyToWarn,
    Jurisdiction,
    jurisdiction,
    load_federal_rules,
)
from desktop.local_time import format_local_day
from desktop.models import Consent, ConsentRevocation, Disclosure, Incident
from desktop.models.consent import TEXT_AND_IMAGES_DEFERRED
from desktop.workflow import safeguards
from desktop.workflow.discharge import gaps_for, scope_notes
from desktop.workflow.exceptions import DutyRule, profile
from desktop.workflow.records import (
    disclosure_fields_of,
    practitioner_profession,
    situation_of,
    step_context,
    step_rows,
)
from desktop.workflow.reporting_text import abuse_rule
from desktop.workflow.views import AbuseRule, ConsentStatus, ReviewPanel, StateRule


def review_panel(session: Session, incident: Incident) -> ReviewPanel:
    kind = incident.exception_type
    rules = jurisdiction(incident.jurisdiction)
    federal = load_federal_rules()[kind]
    context = step_context(session, incident, step_rows(session, incident.id))
    return ReviewPanel(
        exception_type=kind,
        jurisdiction_code=rules.code,
        jurisdiction_name=rules.name,
        last_reviewed=rules.last_reviewed,
        state_rule=None
        if profile(kind).duty is DutyRule.NONE
        else _state_rule(rules.duty_to_warn.for_profession(practitioner_profession(session))),
        abuse_rule=_abuse_rule(rules, kind),
        hipaa_bases=federal.bases,
        ethics=federal.ethics,
        federal_warnings=federal.warnings,
        rule_warnings=tuple(_scope_notes(session, rules, kind) + safeguards.warnings(context)),
        consent=consent_status(session, incident.client_id, kind),
        not_legal_advice=NOT_LEGAL_ADVICE,
    )


def discharge_status(session: Session, incident: Incident) -> list[str]:
    """Plain sentences naming what the jurisdiction's discharge rule still needs (or none)."""
    roles = session.scalars(
        select(Disclosure.recipient_role).where(Disclosure.incident_id == incident.id)
    )
    rows = step_rows(session, incident.id)
    return gaps_for(
        incident.exception_type,
        incident.jurisdiction,
        [RecipientRole(role) for role in roles],
        disclosure_fields_of(rows),
        situation=situation_of(rows),
        profession=practitioner_profession(session),
    )


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
            .options(*TEXT_AND_IMAGES_DEFERRED)
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
            revoked_on = format_local_day(revoked_at[naming.id])
            sentence += (
                f" That consent was revoked on {revoked_on}; the client "
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
    reporting = rules.reporting(kind)
    return None if reporting is None else abuse_rule(reporting)


def _scope_notes(session: Session, rules: Jurisdiction, kind: ExceptionType) -> list[str]:
    if profile(kind).duty is DutyRule.NONE:
        return []
    return scope_notes(kind, rules.duty_to_warn, practitioner_profession(session))
