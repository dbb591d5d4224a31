"""One profile per exception type: everything the workflow does differently for each.

The situation sections it asks for, what the situation step must record, the legal bases
allowed for each kind of recipient, whether the state's duty-to-warn rule and its discharge
check apply, the deadline rule, who must be told, and the guidance key. ``rules``,
``safeguards``, ``review``, ``deadlines`` and the wizard read these instead of keeping their own
sets. Grounded in /work/shared/domain/regulatory.md sections 1.3-1.12 and 7; reference data,
not legal advice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from desktop.domain import ExceptionType, LegalBasis, RecipientRole

E = ExceptionType
B = LegalBasis
R = RecipientRole


class Section(StrEnum):
    """A nested part of the situation step."""

    RISK = "risk"
    ABUSE = "abuse"
    CRIME = "crime"
    LEGAL_PROCESS = "legal_process"
    INSURANCE = "insurance"


class DutyRule(StrEnum):
    """Which state duty the review panel shows and the discharge check applies."""

    NONE = "none"
    PROTECT_OTHERS = "protect_others"
    """The duty to warn or protect (Tarasoff statutes and cases)."""
    PROTECT_SELF = "protect_self"
    """Danger to self: the state's rule applies only where it covers self-harm (ME, NE, NJ, IA,
    NY's SAFE Act report); the discharge check then applies as for others."""
    SHOWN_ONLY = "shown_only"
    """The duty-to-warn rule is shown for context; no discharge is checked."""


class DeadlineRule(StrEnum):
    NONE = "none"
    ABUSE_REPORT = "abuse_report"
    RESPONSE_DUE = "response_due"


class InformRule(StrEnum):
    """Who must be told about a report, and on what authority."""

    NONE = "none"
    VICTIM_164_512_C2 = "victim_164_512_c2"
    """45 CFR 164.512(c)(2): promptly inform the individual who is the victim."""
    CLIENT_ETHICS = "client_ethics"
    """NASW 1.07(d), ACA B.2.e: tell the client about the report when it is safe."""


@dataclass(frozen=True)
class ExceptionProfile:
    """Everything type-specific about one exception, as plain data."""

    kind: ExceptionType
    sections: frozenset[Section]
    needs_account: bool
    """What was said or observed, and when."""
    needs_communicator: bool
    """Who communicated it (the client, a family member as in Ewing, someone else)."""
    needs_options: bool
    """At least one option considered, chosen or rejected (regulatory.md 7.4)."""
    needs_victim: bool
    """Who is at risk, and whether they can be identified."""
    allowed_bases: Mapping[RecipientRole, frozenset[LegalBasis]]
    duty: DutyRule
    deadline: DeadlineRule
    inform: InformRule
    report_roles: frozenset[RecipientRole]
    """Recipients that count as the mandated report (abuse types only)."""
    guidance_key: str

    def bases_for(self, role: RecipientRole) -> frozenset[LegalBasis]:
        """The legal bases a disclosure to ``role`` may rest on in this kind of incident."""
        return self.allowed_bases.get(role, frozenset())


EVERY_ROLE_BASES = frozenset({B.AUTHORIZATION, B.REQUIRED_BY_LAW, B.OTHER_ACCOUNTABLE})
"""Allowed to any recipient except the client; the facts-based safeguards still apply (an
authorization needs a release on file; "required by law" cannot sidestep 164.512(e) or the
self-pay restriction; "other" is always accountable)."""

_CARE = {
    R.CRISIS_OR_HOSPITAL: {B.TREATMENT_PAYMENT_OPERATIONS},
    R.CLINICIAN: {B.TREATMENT_PAYMENT_OPERATIONS},
}
_FAMILY = {R.FAMILY_MEMBER: {B.INVOLVED_IN_CARE}}
_THREAT_ROLES = (
    R.POTENTIAL_VICTIM,
    R.VICTIM_PARENT_OR_GUARDIAN,
    R.LAW_ENFORCEMENT,
    R.CRISIS_OR_HOSPITAL,
    R.COUNTY_AUTHORITY,
    R.FAMILY_MEMBER,
    R.CLINICIAN,
    R.OTHER,
)
_REPORT_ROLES = frozenset(
    {R.CHILD_PROTECTIVE_SERVICES, R.ADULT_PROTECTIVE_SERVICES, R.LAW_ENFORCEMENT}
)


_GENERAL: dict[RecipientRole, set[LegalBasis]] = {
    R.OTHER: {B.CORONER, B.TO_HHS, B.NATIONAL_SECURITY, B.LIMITED_DATA_SET, B.HEALTH_OVERSIGHT},
    R.ATTORNEY: {B.DEFENSE_OF_CLAIM},
    R.COURT: {B.DEFENSE_OF_CLAIM},
    R.LAW_ENFORCEMENT: {B.CUSTODY},
}
"""Routes open in every kind of incident: coroners, HHS, national security, custody, defending
a claim the client brought, limited data sets, oversight (45 CFR 164.512(d), (g), (k))."""


def _bases(
    *extra: Mapping[RecipientRole, set[LegalBasis]],
) -> Mapping[RecipientRole, frozenset[LegalBasis]]:
    """Every role gets the common bases (the client only its own); ``extra`` adds per role."""
    found: dict[RecipientRole, set[LegalBasis]] = {role: set(EVERY_ROLE_BASES) for role in R}
    found[R.CLIENT] = {B.TO_THE_CLIENT, B.AUTHORIZATION}
    for role in R:
        if role is not R.CLIENT:
            found[role].add(B.INCIDENTAL)
    for table in (_GENERAL, *extra):
        for role, bases in table.items():
            found[role] |= bases
    return MappingProxyType({role: frozenset(bases) for role, bases in found.items()})


def _to(
    roles: tuple[RecipientRole, ...] | frozenset[RecipientRole], *bases: LegalBasis
) -> dict[RecipientRole, set[LegalBasis]]:
    return {role: set(bases) for role in roles}


_THREAT = _to(_THREAT_ROLES, B.SERIOUS_THREAT)
_COUNTY = {R.COUNTY_AUTHORITY: {B.HEALTH_OVERSIGHT}}


def _profile(kind: ExceptionType, **values: object) -> ExceptionProfile:
    defaults: dict[str, object] = {
        "sections": frozenset(),
        "needs_account": False,
        "needs_communicator": False,
        "needs_options": False,
        "needs_victim": False,
        "allowed_bases": _bases(),
        "duty": DutyRule.NONE,
        "deadline": DeadlineRule.NONE,
        "inform": InformRule.NONE,
        "report_roles": frozenset(),
        "guidance_key": kind.value,
    }
    return ExceptionProfile(kind=kind, **(defaults | values))  # type: ignore[arg-type]


PROFILES: Mapping[ExceptionType, ExceptionProfile] = MappingProxyType(
    {
        E.DANGER_TO_SELF: _profile(
            E.DANGER_TO_SELF,
            sections=frozenset({Section.RISK}),
            needs_account=True,
            needs_communicator=True,
            needs_options=True,
            allowed_bases=_bases(_THREAT, _CARE, _FAMILY, _COUNTY),
            duty=DutyRule.PROTECT_SELF,
        ),
        E.DANGER_TO_OTHERS: _profile(
            E.DANGER_TO_OTHERS,
            sections=frozenset({Section.RISK}),
            needs_account=True,
            needs_communicator=True,
            needs_options=True,
            needs_victim=True,
            allowed_bases=_bases(_THREAT, _CARE, _FAMILY, _COUNTY),
            duty=DutyRule.PROTECT_OTHERS,
        ),
        E.CHILD_ABUSE: _profile(
            E.CHILD_ABUSE,
            sections=frozenset({Section.ABUSE}),
            needs_account=True,
            needs_communicator=True,
            needs_options=True,
            allowed_bases=_bases(_to(_REPORT_ROLES, B.ABUSE_REPORT), _THREAT, _CARE),
            deadline=DeadlineRule.ABUSE_REPORT,
            inform=InformRule.CLIENT_ETHICS,
            report_roles=_REPORT_ROLES,
        ),
        E.VULNERABLE_ADULT_ABUSE: _profile(
            E.VULNERABLE_ADULT_ABUSE,
            sections=frozenset({Section.ABUSE}),
            needs_account=True,
            needs_communicator=True,
            needs_options=True,
            allowed_bases=_bases(_to(_REPORT_ROLES, B.ABUSE_REPORT), _THREAT, _CARE),
            deadline=DeadlineRule.ABUSE_REPORT,
            inform=InformRule.VICTIM_164_512_C2,
            report_roles=_REPORT_ROLES,
        ),
        E.CRIME: _profile(
            E.CRIME,
            sections=frozenset({Section.CRIME}),
            needs_account=True,
            needs_communicator=True,
            needs_options=True,
            allowed_bases=_bases(_THREAT, _to((R.LAW_ENFORCEMENT,), B.LAW_ENFORCEMENT)),
            duty=DutyRule.SHOWN_ONLY,
        ),
        E.COURT_ORDER: _profile(
            E.COURT_ORDER,
            sections=frozenset({Section.LEGAL_PROCESS}),
            needs_options=True,
            allowed_bases=_bases(
                _to((R.COURT, R.ATTORNEY, R.LAW_ENFORCEMENT, R.OTHER), B.COURT_ORDER, B.SUBPOENA)
            ),
            deadline=DeadlineRule.RESPONSE_DUE,
        ),
        E.INSURANCE: _profile(
            E.INSURANCE,
            sections=frozenset({Section.INSURANCE}),
            allowed_bases=_bases({R.INSURER: {B.TREATMENT_PAYMENT_OPERATIONS}}),
        ),
        E.CLIENT_AUTHORIZED: _profile(E.CLIENT_AUTHORIZED, needs_account=True),
    }
)


def profile(kind: ExceptionType) -> ExceptionProfile:
    """The profile of one exception type (every type has one; tests check it is complete)."""
    return PROFILES[kind]


def kinds_with(section: Section) -> frozenset[ExceptionType]:
    """The exception types whose situation step asks for ``section``."""
    return frozenset(kind for kind, item in PROFILES.items() if section in item.sections)
