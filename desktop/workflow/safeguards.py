"""Legal warnings and refusals: what the rules forbid or caution about for an exception.

Grounded in /work/shared/domain/regulatory.md: subpoenas and court orders (45 CFR 164.512(e)),
psychotherapy notes (164.508(a)(2)), the therapy carve-out for past crimes (164.512(j)(2)),
payers (164.502(b), 164.522(a)(1)(vi)) and telling the client about an abuse report
(164.512(c)(2); NASW 1.07(d), ACA B.2.e). Messages never repeat client data.
"""

from __future__ import annotations

from desktop.domain import ExceptionType, InformationCategory, LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.services.disclosures import DisclosureInput
from desktop.workflow.fields import Assurance, LegalProcess, NotInformedReason
from desktop.workflow.rules import ABUSE, StepContext

E = ExceptionType
MINIMUM_BILLING_SET = frozenset(
    {
        InformationCategory.IDENTITY,
        InformationCategory.TREATMENT_DATES,
        InformationCategory.DIAGNOSIS,
        InformationCategory.BILLING_CODES,
    }
)
SAFE_NOT_TO_INFORM = frozenset(
    {NotInformedReason.WOULD_ENDANGER, NotInformedReason.REPRESENTATIVE_RESPONSIBLE}
)
SUBPOENA_WARNING = (
    "A subpoena or discovery request without a court order allows disclosure only with the "
    "client's written authorization or a satisfactory assurance: written notice to the client "
    "with the time to object passed, or a qualified protective order (45 CFR 164.512(e)(1)(ii)). "
    "Consider asserting privilege and asking your lawyer before you answer."
)
PSYCHOTHERAPY_NOTES_WARNING = (
    "Psychotherapy notes need the client's authorization or a court order (45 CFR "
    "164.508(a)(2)); a subpoena alone is not enough."
)
COURT_ORDER_SCOPE = (
    "Disclose only what the order expressly authorizes (45 CFR 164.512(e)(1)(i)); ask the court "
    "to narrow or seal the records where disclosure could harm the client (NASW 1.07(j), "
    "ACA B.2.d)."
)
CRIME_WARNING = (
    "An admission of a past crime learned in therapy may not be disclosed under the "
    "serious-threat permission (45 CFR 164.512(j)(2)). If someone is under a current threat, "
    "record it as danger to others."
)
INSURANCE_MINIMUM = (
    "A disclosure to a payer is limited to the minimum billing data set: identity, treatment "
    "dates, diagnosis and billing codes (45 CFR 164.502(b))."
)
INSURANCE_BLOCKED = (
    "This client paid in full out of pocket and asked that the payer not be told, so the "
    "payer may not receive this information (45 CFR 164.522(a)(1)(vi)) unless a law requires it."
)
ADULT_INFORM = (
    "Tell the client promptly that a report has been or will be made, unless telling them "
    "would put someone at risk of serious harm, or the person to be told is a personal "
    "representative believed responsible for the abuse (45 CFR 164.512(c)(2))."
)
CHILD_INFORM = (
    "When it is safe, tell the client about the report and what it may lead to (NASW 1.07(d), "
    "ACA B.2.e); do not tell them if that would put the child or anyone else at risk."
)


def payer_restricted(ctx: StepContext) -> bool:
    """Whether a self-pay restriction (45 CFR 164.522(a)(1)(vi)) bars telling the payer."""
    request = ctx.situation.insurance
    if request is not None and request.paid_in_full_out_of_pocket and request.restriction_requested:
        return True
    return ctx.client_self_pay_restriction


def should_prompt_to_inform(ctx: StepContext) -> bool:
    """An abuse case where the client has not been told and no safety reason was given."""
    told = ctx.notification
    if ctx.exception_type not in ABUSE or told.informed:
        return False
    return told.not_informed_reason not in SAFE_NOT_TO_INFORM


def warnings(ctx: StepContext) -> list[str]:
    """Plain warnings for this incident as recorded so far (shown on the review page)."""
    found: list[str] = []
    kind, situation = ctx.exception_type, ctx.situation
    process = situation.legal_process
    if kind is E.COURT_ORDER and process is not None:
        found += _court_warnings(process)
    if kind is E.CRIME:
        found.append(CRIME_WARNING)
    if kind is E.INSURANCE:
        found.append(INSURANCE_BLOCKED if payer_restricted(ctx) else INSURANCE_MINIMUM)
    if should_prompt_to_inform(ctx):
        found.append(ADULT_INFORM if kind is E.VULNERABLE_ADULT_ABUSE else CHILD_INFORM)
    return found


def _court_warnings(process: LegalProcess) -> list[str]:
    found: list[str] = []
    if process.court_order_exists:
        found.append(COURT_ORDER_SCOPE)
    elif not process.client_authorization and process.assurance is Assurance.NONE:
        found.append(SUBPOENA_WARNING)
    if process.psychotherapy_notes_requested and not (
        process.court_order_exists or process.client_authorization
    ):
        found.append(PSYCHOTHERAPY_NOTES_WARNING)
    return found


def check_disclosure(ctx: StepContext, data: DisclosureInput) -> None:
    """Refuse a disclosure the rules do not allow here, with the reason and its citation."""
    basis, situation = data.legal_basis, ctx.situation
    if data.recipient_role is RecipientRole.INSURER or ctx.exception_type is E.INSURANCE:
        _check_payer(ctx, data)
    process = situation.legal_process
    if basis is LegalBasis.COURT_ORDER and not (process and process.court_order_exists):
        raise UserInputError(
            "A court-order basis needs an order signed by a judge or tribunal.",
            "Record the order in the situation step, or choose another legal basis.",
        )
    if basis is LegalBasis.SUBPOENA and (process is None or process.assurance is Assurance.NONE):
        raise UserInputError(SUBPOENA_WARNING)
    crime = situation.crime
    past_only = crime is not None and crime.past_crime_admitted and not crime.ongoing_threat
    if (
        ctx.exception_type is E.CRIME
        and past_only
        and crime is not None
        and crime.learned_in_treatment
        and basis in (LegalBasis.SERIOUS_THREAT, LegalBasis.LAW_ENFORCEMENT)
    ):
        raise UserInputError(CRIME_WARNING)


def _check_payer(ctx: StepContext, data: DisclosureInput) -> None:
    if data.recipient_role is RecipientRole.INSURER and data.legal_basis is not (
        LegalBasis.REQUIRED_BY_LAW
    ):
        if payer_restricted(ctx):
            raise UserInputError(INSURANCE_BLOCKED)
        extra = set(data.categories) - MINIMUM_BILLING_SET
        if extra:
            raise UserInputError(INSURANCE_MINIMUM, "Remove the other categories.")
