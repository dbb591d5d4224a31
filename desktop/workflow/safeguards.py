"""Legal warnings and refusals: what the rules forbid or caution about for an exception.

Grounded in /work/shared/domain/regulatory.md: subpoenas and court orders (45 CFR 164.512(e)),
psychotherapy notes (164.508(a)(2)), the therapy carve-out for past crimes (164.512(j)(2)),
payers (164.502(b), 164.522(a)(1)(vi)) and telling the client about an abuse report
(164.512(c)(2); NASW 1.07(d), ACA B.2.e). Messages never repeat client data.
"""

from __future__ import annotations

from desktop.domain import InformationCategory, LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.exceptions import InformRule, Section, profile
from desktop.workflow.fields import Assurance, LegalProcess, NotInformedReason
from desktop.workflow.release_views import (
    ReleaseView,
    recipient_refusal,
    release_refusal,
    scope_refusal,
)
from desktop.workflow.rules import StepContext

_NOTHING_RECORDED = "Nothing was recorded."
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
    "A payment disclosure to a payer is limited to the minimum necessary for the request "
    "(45 CFR 164.502(b)): usually identity, dates of service, diagnosis and billing codes, and "
    "a treatment plan when the plan asks for one; say why each item was needed. Under the "
    "client's signed authorization the minimum-necessary rule does not apply "
    "(164.502(b)(2)(iii)). Psychotherapy notes always need their own authorization "
    "(164.508(a)(2))."
)
INSURANCE_BLOCKED = (
    "This client paid in full out of pocket and asked that the health plan not be told, so no "
    "recipient acting as the plan may receive this information, whatever basis is chosen "
    "(45 CFR 164.522(a)(1)(vi)), unless a law requires it (record that law in the situation "
    "step) or the client authorizes it in a signed release."
)
JUDICIAL_REFUSAL = (
    "This incident answers a court order, subpoena or other legal process, so every "
    "disclosure in it goes through 45 CFR 164.512(e), whatever basis is chosen "
    "(164.512(a)(2)): it needs a court order, a satisfactory assurance (written notice to the "
    "client with the time to object passed, or a qualified protective order: "
    "164.512(e)(1)(ii)), or the client's signed release. None is recorded. Consider "
    "asserting privilege and asking your lawyer."
)
CRIME_REFUSAL = (
    "The client's admission of a past crime was learned in therapy, so it may not be given to "
    "law enforcement, whatever basis is chosen (45 CFR 164.512(j)(2)); only the client's "
    "signed release, or a court order handled as a court-order incident, allows it. If someone "
    "is under a current threat, record that threat in the situation step."
)
RELEASE_BASIS = (
    "A disclosure made under a release rests on the client's authorization (45 CFR 164.508); "
    "choose that legal basis."
)
RELEASE_MISSING = (
    "A disclosure under the client's authorization needs the client's signed release on file, "
    "naming this recipient, in force on this date and covering this information "
    "(45 CFR 164.508(b)-(c)); none was found."
)
ADULT_INFORM = (
    "Promptly tell the person who is the victim (who may not be your client) that a report "
    "has been or will be made, unless, in your professional judgment, telling them would place "
    "them at risk of serious harm, or you would be telling a personal representative you "
    "believe is responsible for the abuse and telling them would not be in the victim's best "
    "interest (45 CFR 164.512(c)(2)). Record who was told in the client-notification step."
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
    if profile(ctx.exception_type).inform is InformRule.NONE or told.informed:
        return False
    return told.not_informed_reason not in SAFE_NOT_TO_INFORM


def warnings(ctx: StepContext) -> list[str]:
    """Plain warnings for this incident as recorded so far (shown on the review page)."""
    found: list[str] = []
    kind, situation = ctx.exception_type, ctx.situation
    process = situation.legal_process
    sections = profile(kind).sections
    if Section.LEGAL_PROCESS in sections and process is not None:
        found += _court_warnings(process)
    crime = situation.crime
    if crime is not None and crime.past_crime_admitted and not crime.ongoing_threat:
        found.append(CRIME_WARNING)
    if Section.INSURANCE in sections:
        found.append(INSURANCE_BLOCKED if payer_restricted(ctx) else INSURANCE_MINIMUM)
    if should_prompt_to_inform(ctx):
        inform = profile(kind).inform
        found.append(ADULT_INFORM if inform is InformRule.VICTIM_164_512_C2 else CHILD_INFORM)
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


def check_disclosure(
    ctx: StepContext, data: DisclosureInput, release: ReleaseView | None = None
) -> None:
    """Refuse a disclosure the recorded facts do not allow, with the reason and its citation.

    The facts decide, never only the basis label: a judicial request goes through
    164.512(e) whatever basis is picked; an admission of a past crime learned in therapy never
    goes to law enforcement (164.512(j)(2)); a self-pay restriction binds any recipient acting
    as a health plan (164.522(a)(1)(vi)); an authorization needs a release on file that covers
    this recipient, this information and this date (164.508). ``release`` is the release named
    by ``data.release_id``, read by the caller.
    """
    authorized = _authorized(ctx, data, release)
    if not authorized:
        _check_judicial(ctx, data)
        _check_crime_admission(ctx, data)
        _check_payer(ctx, data)
    _check_label(ctx, data)
    allowed = profile(ctx.exception_type).bases_for(data.recipient_role)
    if data.legal_basis not in allowed:
        kind = ctx.exception_type.label.lower()
        choices = ", ".join(sorted(basis.citation for basis in allowed))
        raise UserInputError(
            f"{data.legal_basis.citation} is not a basis for a disclosure to this kind of "
            f"recipient ({data.recipient_role.label.lower()}) in a case of {kind}.",
            f"Choose one of: {choices}.",
        )


def _authorized(ctx: StepContext, data: DisclosureInput, release: ReleaseView | None) -> bool:
    """Whether the disclosure rests on a release on file that covers it (else refuse)."""
    if data.legal_basis is not LegalBasis.AUTHORIZATION and data.release_id is None:
        return False
    if data.legal_basis is not LegalBasis.AUTHORIZATION:
        raise UserInputError(RELEASE_BASIS)
    if release is None:
        raise UserInputError(
            RELEASE_MISSING, "Record the release in the client's Releases tab first."
        )
    problem = release_refusal(release, data.client_id, data.disclosed_at)
    problem = problem or recipient_refusal(release, data.recipient_name)
    problem = problem or scope_refusal(release, data.categories)
    if problem is not None:
        raise UserInputError(f"{problem} (45 CFR 164.508).", _NOTHING_RECORDED)
    return True


def _check_judicial(ctx: StepContext, data: DisclosureInput) -> None:
    process = ctx.situation.legal_process
    if process is None or process.kind is None or data.recipient_role is RecipientRole.CLIENT:
        return
    if not process.court_order_exists and process.assurance is Assurance.NONE:
        raise UserInputError(JUDICIAL_REFUSAL, _NOTHING_RECORDED)
    notes = InformationCategory.PSYCHOTHERAPY_NOTES in data.categories
    if notes and not process.court_order_exists:
        raise UserInputError(PSYCHOTHERAPY_NOTES_WARNING, _NOTHING_RECORDED)


def _check_crime_admission(ctx: StepContext, data: DisclosureInput) -> None:
    crime = ctx.situation.crime
    if crime is None or data.recipient_role is not RecipientRole.LAW_ENFORCEMENT:
        return
    if crime.past_crime_admitted and crime.learned_in_treatment and not crime.ongoing_threat:
        raise UserInputError(CRIME_REFUSAL, _NOTHING_RECORDED)


def _check_payer(ctx: StepContext, data: DisclosureInput) -> None:
    acting_as_plan = data.recipient_role is RecipientRole.INSURER or (
        Section.INSURANCE in profile(ctx.exception_type).sections
        and data.recipient_role is not RecipientRole.CLIENT
    )
    if not acting_as_plan or not payer_restricted(ctx):
        return
    request = ctx.situation.insurance
    if request is None or not request.law_requiring_disclosure.strip():
        raise UserInputError(INSURANCE_BLOCKED, _NOTHING_RECORDED)


def _check_label(ctx: StepContext, data: DisclosureInput) -> None:
    """A court-order or subpoena basis must match what the situation records."""
    process, basis = ctx.situation.legal_process, data.legal_basis
    if basis is LegalBasis.COURT_ORDER and not (process and process.court_order_exists):
        raise UserInputError(
            "A court-order basis needs an order signed by a judge or tribunal.",
            "Record the order in the situation step, or choose another legal basis.",
        )
    if basis is LegalBasis.SUBPOENA and (process is None or process.assurance is Assurance.NONE):
        raise UserInputError(SUBPOENA_WARNING)
