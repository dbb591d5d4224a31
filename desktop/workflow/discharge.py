"""Which duty-to-warn discharge steps an incident has recorded, and what is still missing.

A disclosure to a victim, police, a hospital or the county counts by its recipient; an "other
precaution" recorded in the disclosure step (a treatment-plan change, a second opinion,
hospitalization) counts as the action it is. A decision not to disclose leaves no gap: the
report says "no duty arose" with the clinician's rationale instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.domain import ExceptionType, Profession, RecipientRole
from desktop.jurisdictions import (
    DischargeAction,
    DutyToWarn,
    MinorVictimParent,
    discharge_gaps,
    jurisdiction,
)
from desktop.workflow.exceptions import DutyRule, profile
from desktop.workflow.fields import (
    DisclosureDecision,
    DisclosureFields,
    PrecautionKind,
    SituationFields,
)

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
    *,
    situation: SituationFields | None = None,
    profession: Profession | None = None,
) -> list[str]:
    """Plain sentences naming what the state's discharge rule still needs (or none)."""
    duty = jurisdiction(jurisdiction_code).duty_to_warn.for_profession(profession)
    if not duty_applies(kind, duty, profession):
        return []
    if disclosure.decision is DisclosureDecision.NOT_DISCLOSED:
        return []
    roles = list(roles)
    minor = situation is not None and situation.victim_is_minor is True
    taken = actions_taken(roles, disclosure)
    parent_told = RecipientRole.VICTIM_PARENT_OR_GUARDIAN in roles
    if minor and parent_told and duty.minor_victim_parent is MinorVictimParent.SUBSTITUTE:
        taken.add(DischargeAction.WARN_VICTIM)
    gaps = discharge_gaps(duty, {action.value for action in taken})
    if minor and duty.minor_victim_parent is MinorVictimParent.REQUIRED and not parent_told:
        gaps.append(
            "The minor victim's parent or guardian has not been notified; "
            f"{duty.state_name} requires it as well ({duty.citation})."
        )
    return gaps


def duty_applies(kind: ExceptionType, duty: DutyToWarn, profession: Profession | None) -> bool:
    """Whether the state's duty-to-warn discharge rule binds this incident and practitioner."""
    rule = profile(kind).duty
    if rule is DutyRule.PROTECT_SELF and duty.covers_self_harm is not True:
        return False
    if rule not in (DutyRule.PROTECT_OTHERS, DutyRule.PROTECT_SELF):
        return False
    return duty.professions is None or profession is None or profession in duty.professions


def scope_notes(kind: ExceptionType, duty: DutyToWarn, profession: Profession | None) -> list[str]:
    """What the review panel says about who and what the state's rule covers."""
    notes: list[str] = []
    if profile(kind).duty is DutyRule.PROTECT_SELF:
        notes.append(_self_harm_note(duty))
    if duty.professions is not None:
        notes.append(_profession_note(duty, profession))
    if duty.minor_victim_parent is MinorVictimParent.REQUIRED:
        notes.append(
            f"If the person at risk is a minor, {duty.state_name} also requires notifying their "
            f"parent or guardian ({duty.citation})."
        )
    elif duty.minor_victim_parent is MinorVictimParent.SUBSTITUTE:
        notes.append(
            f"If the person at risk is a minor, warning their parent or guardian is how "
            f"{duty.state_name} has the victim warned ({duty.citation})."
        )
    return notes


def _self_harm_note(duty: DutyToWarn) -> str:
    if duty.covers_self_harm is True:
        return (
            f"{duty.state_name}'s rule also covers a danger to the client's own safety "
            f"({duty.citation}); its discharge check applies to this incident."
        )
    if duty.covers_self_harm is False:
        return (
            f"{duty.state_name}'s duty to warn or protect concerns threats to others, not to "
            "the client's own safety (reference data); no discharge check applies."
        )
    return (
        f"Whether {duty.state_name}'s rule covers a danger to the client's own safety is not in "
        "the reference data (some states' do, e.g. New York's SAFE Act report, Mental Hygiene "
        "Law §9.46): check with your lawyer. No discharge check applies."
    )


def no_duty_sentence(disclosure: DisclosureFields) -> str | None:
    """ "No duty arose: <rationale>" when the clinician decided not to disclose."""
    if disclosure.decision is not DisclosureDecision.NOT_DISCLOSED:
        return None
    return f"No duty arose: {disclosure.rationale.strip() or 'no rationale recorded'}"


def _profession_note(duty: DutyToWarn, profession: Profession | None) -> str:
    """Who the rule covers, and what that means for this practitioner's profession."""
    covered = ", ".join(item.label for item in duty.professions or ())
    scope = f"{duty.state_name}'s rule covers only: {covered} ({duty.citation})."
    if profession is None:
        return (
            f"{scope} Your profession: not recorded in your profile, so Confide applies the "
            "rule; record your profession in Settings."
        )
    applies = duty.professions is not None and profession in duty.professions
    verdict = "it applies to you" if applies else "it does not apply to you"
    return f"{scope} Your profession: {profession.label}, so {verdict}."
