"""Which duty-to-warn discharge steps an incident has recorded, and what is still missing.

A disclosure to a victim, police, a hospital or the county counts by its recipient; an "other
precaution" recorded in the disclosure step (a treatment-plan change, a second opinion,
hospitalization) counts as the action it is. A decision not to disclose leaves no gap: the
report says "no duty arose" with the clinician's rationale instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain import ExceptionType, RecipientRole
from desktop.jurisdictions import DischargeAction, discharge_gaps, jurisdiction
from desktop.workflow.exceptions import DutyRule, profile
from desktop.workflow.fields import DisclosureDecision, DisclosureFields, PrecautionKind

ROLE_ACTIONS: dict[RecipientRole, DischargeAction] = {
    RecipientRole.POTENTIAL_VICTIM: DischargeAction.WARN_VICTIM,
    RecipientRole.LAW_ENFORCEMENT: DischargeAction.NOTIFY_LAW_ENFORCEMENT,
    RecipientRole.CRISIS_OR_HOSPITAL: DischargeAction.HOSPITALIZE,
    RecipientRole.COUNTY_AUTHORITY: DischargeAction.NOTIFY_COUNTY_AUTHORITY,
}
"""Which discharge action a disclosure to each kind of recipient counts as."""

PRECAUTION_ACTIONS: dict[PrecautionKind, DischargeAction] = {
    PrecautionKind.TREATMENT_PLAN_CHANGE: DischargeAction.OTHER_PRECAUTIONS,
    PrecautionKind.SECOND_OPINION: DischargeAction.OTHER_PRECAUTIONS,
    PrecautionKind.OTHER_PRECAUTION: DischargeAction.OTHER_PRECAUTIONS,
    PrecautionKind.VOLUNTARY_HOSPITALIZATION: DischargeAction.HOSPITALIZE,
    PrecautionKind.INVOLUNTARY_HOSPITALIZATION: DischargeAction.HOSPITALIZE,
}


def actions_taken(
    roles: Iterable[RecipientRole], disclosure: DisclosureFields
) -> set[DischargeAction]:
    """The discharge actions the recorded recipients and precaution amount to."""
    taken = {ROLE_ACTIONS[role] for role in roles if role in ROLE_ACTIONS}
    precaution = disclosure.precaution
    if precaution is not None and precaution.kind is not None and precaution.details.strip():
        taken.add(PRECAUTION_ACTIONS[precaution.kind])
    return taken


def gaps_for(
    kind: ExceptionType,
    jurisdiction_code: str,
    roles: Iterable[RecipientRole],
    disclosure: DisclosureFields,
) -> list[str]:
    """Plain sentences naming what the state's discharge rule still needs (or none)."""
    if profile(kind).duty is not DutyRule.PROTECT_OTHERS:
        return []
    if disclosure.decision is DisclosureDecision.NOT_DISCLOSED:
        return []
    taken = {action.value for action in actions_taken(roles, disclosure)}
    return discharge_gaps(jurisdiction(jurisdiction_code).duty_to_warn, taken)


def no_duty_sentence(disclosure: DisclosureFields) -> str | None:
    """ "No duty arose: <rationale>" when the clinician decided not to disclose."""
    if disclosure.decision is not DisclosureDecision.NOT_DISCLOSED:
        return None
    return f"No duty arose: {disclosure.rationale.strip() or 'no rationale recorded'}"
