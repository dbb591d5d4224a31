"""Shared vocabulary: confidentiality limits, exception types, disclosure terms, workflow steps."""

from __future__ import annotations

from enum import StrEnum


class ConfidentialityLimit(StrEnum):
    """A limit of confidentiality that a consent form can tell the client about."""

    DANGER_TO_SELF = "danger_to_self"
    DANGER_TO_OTHERS = "danger_to_others"
    CHILD_ABUSE = "child_abuse"
    VULNERABLE_ADULT_ABUSE = "vulnerable_adult_abuse"
    CRIME = "crime"
    COURT_ORDER = "court_order"
    INSURANCE_BILLING = "insurance_billing"
    CLIENT_AUTHORIZED_RELEASE = "client_authorized_release"
    COMMUNICATION_PREFERENCES = "communication_preferences"

    @property
    def label(self) -> str:
        return _LIMIT_LABELS[self]


_LIMIT_LABELS = {
    ConfidentialityLimit.DANGER_TO_SELF: "Danger to self",
    ConfidentialityLimit.DANGER_TO_OTHERS: "Danger to others",
    ConfidentialityLimit.CHILD_ABUSE: "Child abuse or neglect",
    ConfidentialityLimit.VULNERABLE_ADULT_ABUSE: "Abuse of an elder or vulnerable adult",
    ConfidentialityLimit.CRIME: "Crime endangering others",
    ConfidentialityLimit.COURT_ORDER: "Court orders and subpoenas",
    ConfidentialityLimit.INSURANCE_BILLING: "Insurance billing",
    ConfidentialityLimit.CLIENT_AUTHORIZED_RELEASE: "Releases the client authorizes",
    ConfidentialityLimit.COMMUNICATION_PREFERENCES: "Voicemail, text and e-mail",
}


class ExceptionType(StrEnum):
    """Why confidentiality may have to be broken in an incident."""

    DANGER_TO_SELF = "danger_to_self"
    DANGER_TO_OTHERS = "danger_to_others"
    CHILD_ABUSE = "child_abuse"
    VULNERABLE_ADULT_ABUSE = "vulnerable_adult_abuse"
    CRIME = "crime"
    COURT_ORDER = "court_order"
    INSURANCE = "insurance"
    CLIENT_AUTHORIZED = "client_authorized"

    @property
    def label(self) -> str:
        return _EXCEPTION_LABELS[self]

    @property
    def limit(self) -> ConfidentialityLimit:
        """The consent limit that tells the client about this exception."""
        return _EXCEPTION_LIMITS[self]


_EXCEPTION_LABELS = {
    ExceptionType.DANGER_TO_SELF: "Danger to self",
    ExceptionType.DANGER_TO_OTHERS: "Danger to others (duty to warn or protect)",
    ExceptionType.CHILD_ABUSE: "Child abuse or neglect report",
    ExceptionType.VULNERABLE_ADULT_ABUSE: "Elder or vulnerable-adult abuse report",
    ExceptionType.CRIME: "Crime endangering others",
    ExceptionType.COURT_ORDER: "Court order or subpoena",
    ExceptionType.INSURANCE: "Insurance or billing request",
    ExceptionType.CLIENT_AUTHORIZED: "Release the client authorized",
}

_EXCEPTION_LIMITS = {
    ExceptionType.DANGER_TO_SELF: ConfidentialityLimit.DANGER_TO_SELF,
    ExceptionType.DANGER_TO_OTHERS: ConfidentialityLimit.DANGER_TO_OTHERS,
    ExceptionType.CHILD_ABUSE: ConfidentialityLimit.CHILD_ABUSE,
    ExceptionType.VULNERABLE_ADULT_ABUSE: ConfidentialityLimit.VULNERABLE_ADULT_ABUSE,
    ExceptionType.CRIME: ConfidentialityLimit.CRIME,
    ExceptionType.COURT_ORDER: ConfidentialityLimit.COURT_ORDER,
    ExceptionType.INSURANCE: ConfidentialityLimit.INSURANCE_BILLING,
    ExceptionType.CLIENT_AUTHORIZED: ConfidentialityLimit.CLIENT_AUTHORIZED_RELEASE,
}


class LegalBasis(StrEnum):
    """HIPAA basis of a disclosure (45 CFR). Decides whether it is accountable under 164.528."""

    SERIOUS_THREAT = "164.512(j)"
    ABUSE_REPORT = "164.512(b)(1)(ii)/(c)"
    COURT_ORDER = "164.512(e)(1)(i)"
    SUBPOENA = "164.512(e)(1)(ii)"
    REQUIRED_BY_LAW = "164.512(a)"
    LAW_ENFORCEMENT = "164.512(f)"
    HEALTH_OVERSIGHT = "164.512(d)"
    AUTHORIZATION = "164.508"
    TREATMENT_PAYMENT_OPERATIONS = "164.506"
    TO_THE_CLIENT = "164.502(a)(1)(i)"
    INVOLVED_IN_CARE = "164.510(b)"
    CORONER = "164.512(g)(1)"
    TO_HHS = "164.502(a)(2)(ii)"
    DEFENSE_OF_CLAIM = "164.508(a)(2)(i)(C)"
    """Defending a legal action or proceeding the client brought against the practice."""
    NATIONAL_SECURITY = "164.512(k)(2)"
    CUSTODY = "164.512(k)(5)"
    """A correctional institution or law-enforcement official with custody of the client."""
    INCIDENTAL = "164.502(a)(1)(iii)"
    LIMITED_DATA_SET = "164.514(e)"
    OTHER_ACCOUNTABLE = "other"

    @property
    def citation(self) -> str:
        return f"45 CFR {self.value}" if self is not LegalBasis.OTHER_ACCOUNTABLE else "Other"

    @property
    def accountable(self) -> bool:
        """Whether 45 CFR 164.528(a)(1) requires this disclosure in the client's accounting."""
        return self not in _EXEMPT_BASES


_EXEMPT_BASES = frozenset(
    {
        LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
        LegalBasis.TO_THE_CLIENT,
        LegalBasis.INCIDENTAL,
        LegalBasis.AUTHORIZATION,
        LegalBasis.INVOLVED_IN_CARE,
        LegalBasis.NATIONAL_SECURITY,
        LegalBasis.CUSTODY,
        LegalBasis.LIMITED_DATA_SET,
    }
)
"""45 CFR 164.528(a)(1)(i)-(viii). (ix), disclosures before the 2003 compliance date, cannot
occur in Confide. Where the exemption is unclear (defending a claim the client brought) the
disclosure stays accountable: listing it never breaks the rule, leaving it out might."""


class InformationCategory(StrEnum):
    """What kind of client information a disclosure included (the minimum-necessary checklist)."""

    IDENTITY = "identity"
    CONTACT_DETAILS = "contact_details"
    NATURE_OF_THREAT = "nature_of_threat"
    DIAGNOSIS = "diagnosis"
    TREATMENT_PLAN = "treatment_plan"
    TREATMENT_DATES = "treatment_dates"
    SESSION_CONTENT = "session_content"
    PSYCHOTHERAPY_NOTES = "psychotherapy_notes"
    RISK_ASSESSMENT = "risk_assessment"
    MEDICATIONS = "medications"
    BILLING_CODES = "billing_codes"
    RECORDS_REQUESTED = "records_requested"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class DisclosureMethod(StrEnum):
    PHONE = "phone"
    IN_PERSON = "in_person"
    WRITTEN = "written"
    FAX = "fax"
    SECURE_MESSAGE = "secure_message"
    PORTAL = "portal"


class RecipientRole(StrEnum):
    """Who received a disclosure."""

    POTENTIAL_VICTIM = "potential_victim"
    VICTIM_PARENT_OR_GUARDIAN = "victim_parent_or_guardian"
    LAW_ENFORCEMENT = "law_enforcement"
    CHILD_PROTECTIVE_SERVICES = "child_protective_services"
    ADULT_PROTECTIVE_SERVICES = "adult_protective_services"
    CRISIS_OR_HOSPITAL = "crisis_or_hospital"
    COUNTY_AUTHORITY = "county_authority"
    INSURER = "insurer"
    COURT = "court"
    ATTORNEY = "attorney"
    CLINICIAN = "clinician"
    FAMILY_MEMBER = "family_member"
    CLIENT = "client"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


MINIMUM_NECESSARY_EXEMPT = frozenset(
    {
        LegalBasis.AUTHORIZATION,
        LegalBasis.TO_THE_CLIENT,
        LegalBasis.REQUIRED_BY_LAW,
        LegalBasis.TO_HHS,
    }
)
"""Bases where 45 CFR 164.502(b)(2) lifts the minimum-necessary standard."""

PSYCHOTHERAPY_NOTES_BASES = frozenset(
    {
        LegalBasis.AUTHORIZATION,
        LegalBasis.COURT_ORDER,
        LegalBasis.REQUIRED_BY_LAW,
        LegalBasis.SERIOUS_THREAT,
        LegalBasis.HEALTH_OVERSIGHT,
        LegalBasis.CORONER,
        LegalBasis.TO_HHS,
        LegalBasis.DEFENSE_OF_CLAIM,
    }
)
"""Bases under which psychotherapy notes may go out without a separate authorization
(45 CFR 164.508(a)(2)): the client's authorization; defending a legal action the client
brought (a)(2)(i)(C); HHS (164.502(a)(2)(ii)); required by law (164.512(a), a court order
included); oversight of the notes' originator (164.512(d)); coroners and medical examiners
(164.512(g)(1)); a serious and imminent threat (164.512(j)(1)(i) only: the facts-based
safeguards refuse the (j)(1)(ii) crime-admission route). A subpoena alone is not one."""


class Profession(StrEnum):
    """The practitioner's license type; some state rules depend on it (e.g. North Dakota)."""

    PSYCHOLOGIST = "psychologist"
    LCSW = "lcsw"
    LPC_LMHC = "lpc_lmhc"
    LMFT = "lmft"
    PSYCHIATRIST = "psychiatrist"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _PROFESSION_LABELS[self]


_PROFESSION_LABELS = {
    Profession.PSYCHOLOGIST: "Psychologist",
    Profession.LCSW: "Clinical social worker (LCSW/LICSW)",
    Profession.LPC_LMHC: "Professional or mental health counselor (LPC/LMHC/LPCC)",
    Profession.LMFT: "Marriage and family therapist (LMFT)",
    Profession.PSYCHIATRIST: "Psychiatrist",
    Profession.OTHER: "Other licensed professional",
}


class WorkflowStep(StrEnum):
    """One step of the break-confidentiality workflow, in order (see desktop.workflow.steps).

    Values match the keys of desktop/resources/guidance/steps.json.
    """

    SITUATION = "situation"
    REVIEW = "review"
    DOCUMENTATION = "documentation"
    CONSULTATION = "consultation"
    LEGAL_COUNSEL = "legal_counsel"
    CLIENT_NOTIFICATION = "client_notification"
    DISCLOSURE = "disclosure"
    SIGN_OFF = "sign_off"

    @property
    def label(self) -> str:
        return _STEP_LABELS[self]

    @property
    def number(self) -> int:
        """1 for the first step, 8 for sign-off."""
        return _STEP_ORDER.index(self) + 1

    @property
    def heading(self) -> str:
        """E.g. "Step 4, Consultation"."""
        return f"Step {self.number}, {self.label}"

    @property
    def next(self) -> WorkflowStep | None:
        later = _STEP_ORDER[self.number :]
        return later[0] if later else None

    @property
    def previous(self) -> WorkflowStep | None:
        return _STEP_ORDER[self.number - 2] if self.number > 1 else None


_STEP_LABELS = {
    WorkflowStep.SITUATION: "Situation",
    WorkflowStep.REVIEW: "Review of the rules",
    WorkflowStep.DOCUMENTATION: "Documentation",
    WorkflowStep.CONSULTATION: "Consultation",
    WorkflowStep.LEGAL_COUNSEL: "Legal counsel",
    WorkflowStep.CLIENT_NOTIFICATION: "Client notification",
    WorkflowStep.DISCLOSURE: "Disclosure",
    WorkflowStep.SIGN_OFF: "Sign-off",
}

_STEP_ORDER: tuple[WorkflowStep, ...] = tuple(WorkflowStep)


class StepStatus(StrEnum):
    """Where one workflow step stands."""

    NOT_STARTED = "not_started"
    DRAFT = "draft"
    COMPLETE = "complete"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def started(self) -> bool:
        return self is not StepStatus.NOT_STARTED

    @property
    def done(self) -> bool:
        """Complete, or not applicable with a reason: what sign-off needs."""
        return self in (StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE)


_STATUS_LABELS = {
    StepStatus.NOT_STARTED: "Not started",
    StepStatus.DRAFT: "Draft",
    StepStatus.COMPLETE: "Complete",
    StepStatus.NOT_APPLICABLE: "Not applicable",
}
