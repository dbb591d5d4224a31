"""Each workflow step's fields, as frozen dataclasses, and the inputs of the list editors.

Every field carries its plain-language label in ``metadata["label"]`` so the wizard, the
missing-item messages and the report for counsel all name it the same way. Every field has a
default, so a half-filled draft is a valid value; ``rules`` decides what a step needs before it
can be completed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from desktop.domain import DisclosureMethod, ExceptionType, RecipientRole


def _m(label: str) -> dict[str, str]:
    """Field metadata holding the plain-language label."""
    return {"label": label}


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _CHOICE_LABELS[type(self)][self]


class Communicator(_Labelled):
    CLIENT = "client"
    FAMILY_MEMBER = "family_member"
    OTHER = "other"


class Imminence(_Labelled):
    IMMEDIATE = "immediate"
    DAYS = "days"
    WEEKS = "weeks"
    NOT_IMMINENT = "not_imminent"
    UNCLEAR = "unclear"


class RiskLevel(_Labelled):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class LegalProcessKind(_Labelled):
    COURT_ORDER = "court_order"
    SUBPOENA = "subpoena"
    DISCOVERY_REQUEST = "discovery_request"
    OTHER_PROCESS = "other_process"


class Assurance(_Labelled):
    NONE = "none"
    NOTICE = "notice"
    PROTECTIVE_ORDER = "protective_order"


class NotInformedReason(_Labelled):
    WOULD_ENDANGER = "would_endanger"
    REPRESENTATIVE_RESPONSIBLE = "representative_responsible"
    NOT_REACHABLE = "not_reachable"
    CONTRAINDICATED = "contraindicated"
    OTHER_REASON = "other_reason"


class PrecautionKind(_Labelled):
    """A step other than telling someone that a state accepts as discharging the duty."""

    TREATMENT_PLAN_CHANGE = "treatment_plan_change"
    SECOND_OPINION = "second_opinion"
    VOLUNTARY_HOSPITALIZATION = "voluntary_hospitalization"
    INVOLUNTARY_HOSPITALIZATION = "involuntary_hospitalization"
    OTHER_PRECAUTION = "other_precaution"


class DisclosureDecision(_Labelled):
    DISCLOSED = "disclosed"
    NOT_DISCLOSED = "not_disclosed"


class EvidenceKind(_Labelled):
    VERBATIM_STATEMENT = "verbatim_statement"
    OBSERVATION = "observation"
    RECORD = "record"
    COMMUNICATION = "communication"
    OTHER_EVIDENCE = "other_evidence"


class AttemptOutcome(_Labelled):
    REACHED = "reached"
    REPORT_TAKEN = "report_taken"
    LEFT_MESSAGE = "left_message"
    NO_ANSWER = "no_answer"
    WRONG_NUMBER = "wrong_number"
    REFUSED = "refused"
    OTHER_OUTCOME = "other_outcome"

    @property
    def succeeded(self) -> bool:
        return self in (AttemptOutcome.REACHED, AttemptOutcome.REPORT_TAKEN)


_CHOICE_LABELS: dict[type[_Labelled], dict[_Labelled, str]] = {
    Communicator: {
        Communicator.CLIENT: "The client",
        Communicator.FAMILY_MEMBER: "A family member relaying it",
        Communicator.OTHER: "Someone else",
    },
    Imminence: {
        Imminence.IMMEDIATE: "Now or within hours",
        Imminence.DAYS: "Within days",
        Imminence.WEEKS: "Within weeks or later",
        Imminence.NOT_IMMINENT: "Not imminent",
        Imminence.UNCLEAR: "Unclear",
    },
    RiskLevel: {
        RiskLevel.LOW: "Low",
        RiskLevel.MODERATE: "Moderate",
        RiskLevel.HIGH: "High",
    },
    LegalProcessKind: {
        LegalProcessKind.COURT_ORDER: "An order signed by a judge or tribunal",
        LegalProcessKind.SUBPOENA: "A subpoena without a court order",
        LegalProcessKind.DISCOVERY_REQUEST: "A discovery request",
        LegalProcessKind.OTHER_PROCESS: "Other legal process",
    },
    Assurance: {
        Assurance.NONE: "None received",
        Assurance.NOTICE: (
            "Written notice to the client; the time to object has passed (164.512(e)(1)(ii)(A))"
        ),
        Assurance.PROTECTIVE_ORDER: "A qualified protective order (164.512(e)(1)(ii)(B))",
    },
    NotInformedReason: {
        NotInformedReason.WOULD_ENDANGER: (
            "Telling the client would put someone at risk of serious harm"
        ),
        NotInformedReason.REPRESENTATIVE_RESPONSIBLE: (
            "The person to be told is a personal representative believed responsible for the abuse"
        ),
        NotInformedReason.NOT_REACHABLE: "The client could not be reached",
        NotInformedReason.CONTRAINDICATED: "Telling the client now is clinically contraindicated",
        NotInformedReason.OTHER_REASON: "Another reason (explained below)",
    },
    PrecautionKind: {
        PrecautionKind.TREATMENT_PLAN_CHANGE: (
            "Treatment plan changed (e.g. more sessions, safety plan)"
        ),
        PrecautionKind.SECOND_OPINION: "Second opinion on the risk obtained",
        PrecautionKind.VOLUNTARY_HOSPITALIZATION: "Voluntary hospitalization arranged",
        PrecautionKind.INVOLUNTARY_HOSPITALIZATION: (
            "Involuntary hospitalization or commitment sought"
        ),
        PrecautionKind.OTHER_PRECAUTION: "Another precaution the state's statute accepts",
    },
    DisclosureDecision: {
        DisclosureDecision.DISCLOSED: "Information was disclosed",
        DisclosureDecision.NOT_DISCLOSED: "Decided not to disclose",
    },
    EvidenceKind: {
        EvidenceKind.VERBATIM_STATEMENT: "Verbatim statement",
        EvidenceKind.OBSERVATION: "Observation",
        EvidenceKind.RECORD: "Record",
        EvidenceKind.COMMUNICATION: "Message or letter",
        EvidenceKind.OTHER_EVIDENCE: "Other",
    },
    AttemptOutcome: {
        AttemptOutcome.REACHED: "Reached",
        AttemptOutcome.REPORT_TAKEN: "Report taken",
        AttemptOutcome.LEFT_MESSAGE: "Left a message",
        AttemptOutcome.NO_ANSWER: "No answer",
        AttemptOutcome.WRONG_NUMBER: "Wrong number",
        AttemptOutcome.REFUSED: "Refused to take the information",
        AttemptOutcome.OTHER_OUTCOME: "Other",
    },
}


# ----- step 1: situation ------------------------------------------------------------------


@dataclass(frozen=True)
class RiskAssessment:
    """Danger to self or others. The victim and imminence are the situation's own fields."""

    assessed_at: datetime | None = field(default=None, metadata=_m("When the risk was assessed"))
    intent: str = field(default="", metadata=_m("Intent (in the client's words where possible)"))
    plan: str = field(default="", metadata=_m("Plan"))
    means: str = field(default="", metadata=_m("Means and ability to act"))
    weapons_asked: bool = field(
        default=False, metadata=_m("Asked about access to weapons or firearms")
    )
    weapons_access: bool | None = field(
        default=None, metadata=_m("Has access to weapons or firearms")
    )
    weapons_advice: str = field(
        default="", metadata=_m("What was advised about weapons or firearms")
    )
    history_of_violence: str = field(default="", metadata=_m("History of violence or self-harm"))
    risk_factors: str = field(default="", metadata=_m("Other risk factors"))
    protective_factors: str = field(default="", metadata=_m("Protective factors"))
    overall_risk: RiskLevel | None = field(default=None, metadata=_m("Overall risk"))


@dataclass(frozen=True)
class LegalProcess:
    """A court order, subpoena or other legal process (45 CFR 164.512(e))."""

    kind: LegalProcessKind | None = field(default=None, metadata=_m("What arrived"))
    court: str = field(default="", metadata=_m("Court or tribunal"))
    case_number: str = field(default="", metadata=_m("Case number"))
    issuing_party: str = field(default="", metadata=_m("Issued by"))
    served_at: datetime | None = field(default=None, metadata=_m("Received on"))
    response_due: datetime | None = field(default=None, metadata=_m("Response due"))
    scope: str = field(default="", metadata=_m("What it asks for"))
    court_order_exists: bool = field(default=False, metadata=_m("A court order exists"))
    client_authorization: bool = field(
        default=False, metadata=_m("The client authorized the disclosure in writing")
    )
    assurance: Assurance = field(
        default=Assurance.NONE, metadata=_m("Satisfactory assurance received")
    )
    assurance_details: str = field(default="", metadata=_m("Assurance or protective-order details"))
    psychotherapy_notes_requested: bool = field(
        default=False, metadata=_m("Psychotherapy notes are requested")
    )
    privilege_steps: str = field(
        default="", metadata=_m("Steps taken to assert privilege or narrow the request")
    )


@dataclass(frozen=True)
class InsuranceRequest:
    payer: str = field(default="", metadata=_m("Payer"))
    request: str = field(default="", metadata=_m("What the payer asked for"))
    requested_at: datetime | None = field(default=None, metadata=_m("Requested on"))
    paid_in_full_out_of_pocket: bool = field(
        default=False, metadata=_m("The client paid in full out of pocket")
    )
    restriction_requested: bool = field(
        default=False, metadata=_m("The client asked that the payer not be told")
    )
    law_requiring_disclosure: str = field(
        default="", metadata=_m("The law that requires telling the payer anyway (citation)")
    )


@dataclass(frozen=True)
class AbuseDetails:
    alleged_victim: str = field(default="", metadata=_m("Person believed to be harmed"))
    victim_age: str = field(default="", metadata=_m("Their age or age group"))
    alleged_perpetrator: str = field(default="", metadata=_m("Person believed responsible"))
    nature: str = field(default="", metadata=_m("What is suspected"))
    suspected_at: datetime | None = field(
        default=None, metadata=_m("When reasonable suspicion first arose")
    )


@dataclass(frozen=True)
class CrimeDetails:
    description: str = field(default="", metadata=_m("The conduct described"))
    past_crime_admitted: bool = field(
        default=False, metadata=_m("The client admitted a past crime")
    )
    learned_in_treatment: bool = field(
        default=True, metadata=_m("Learned in therapy or counseling")
    )
    ongoing_threat: bool = field(default=False, metadata=_m("There is a current threat to someone"))


@dataclass(frozen=True)
class SituationFields:
    exception_type: ExceptionType | None = field(
        default=None, metadata=_m("Reason confidentiality may be broken")
    )
    statement: str = field(default="", metadata=_m("What was said (verbatim)"))
    observations: str = field(default="", metadata=_m("What was observed"))
    occurred_at: datetime | None = field(default=None, metadata=_m("When it was said or happened"))
    learned_at: datetime | None = field(default=None, metadata=_m("When you learned it"))
    communicated_by: Communicator | None = field(default=None, metadata=_m("Who communicated it"))
    communicator_name: str = field(
        default="", metadata=_m("Name of the person who communicated it")
    )
    communicator_relationship: str = field(
        default="", metadata=_m("Their relationship to the client")
    )
    at_risk: str = field(default="", metadata=_m("Who is at risk"))
    identifiable_victim: bool | None = field(
        default=None, metadata=_m("The person at risk can be identified")
    )
    victim_contact: str = field(default="", metadata=_m("How to reach the person at risk"))
    imminence: Imminence | None = field(default=None, metadata=_m("How imminent"))
    risk: RiskAssessment | None = field(default=None, metadata=_m("Risk assessment"))
    legal_process: LegalProcess | None = field(default=None, metadata=_m("Court order or subpoena"))
    insurance: InsuranceRequest | None = field(default=None, metadata=_m("Insurance request"))
    abuse: AbuseDetails | None = field(default=None, metadata=_m("Suspected abuse"))
    crime: CrimeDetails | None = field(default=None, metadata=_m("Crime"))
    victim_is_minor: bool | None = field(
        default=None, metadata=_m("The person at risk is a minor (under 18)")
    )


# ----- steps 2 to 8 -----------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewFields:
    rule_reviewed: bool = field(
        default=False, metadata=_m("I read the rule for this jurisdiction and exception")
    )
    application: str = field(default="", metadata=_m("How the rule applies here"))
    consent_notes: str = field(default="", metadata=_m("What the client was told about this limit"))
    notes: str = field(default="", metadata=_m("Other notes"))


@dataclass(frozen=True)
class DocumentationFields:
    records_reviewed: str = field(default="", metadata=_m("Records reviewed"))
    notes: str = field(default="", metadata=_m("Notes"))


@dataclass(frozen=True)
class ConsultationFields:
    notes: str = field(default="", metadata=_m("Notes on the consultations"))


@dataclass(frozen=True)
class LegalCounselFields:
    consulted: bool | None = field(default=None, metadata=_m("Legal counsel consulted"))
    reason_not_consulted: str = field(default="", metadata=_m("Why counsel was not consulted"))
    notes: str = field(default="", metadata=_m("Notes"))


@dataclass(frozen=True)
class ClientNotificationFields:
    informed: bool | None = field(default=None, metadata=_m("The client was told"))
    informed_at: datetime | None = field(default=None, metadata=_m("When the client was told"))
    method: DisclosureMethod | None = field(default=None, metadata=_m("How the client was told"))
    client_response: str = field(default="", metadata=_m("The client's response"))
    not_informed_reason: NotInformedReason | None = field(
        default=None, metadata=_m("Why the client was not told")
    )
    explanation: str = field(default="", metadata=_m("Explanation"))


@dataclass(frozen=True)
class AbuseReport:
    """The report to the agency for a child or vulnerable-adult abuse case."""

    agency: str = field(default="", metadata=_m("Agency reported to"))
    reported_at: datetime | None = field(default=None, metadata=_m("Time of the report"))
    reference_number: str = field(default="", metadata=_m("Report reference number"))
    written_followup_at: datetime | None = field(
        default=None, metadata=_m("Written follow-up report sent")
    )


@dataclass(frozen=True)
class Precaution:
    """An "other precaution" (e.g. Ohio R.C. 2305.51: a treatment plan and a second opinion)."""

    kind: PrecautionKind | None = field(default=None, metadata=_m("What was done"))
    taken_at: datetime | None = field(default=None, metadata=_m("When"))
    details: str = field(default="", metadata=_m("Details (who, where, what changed)"))


@dataclass(frozen=True)
class DisclosureFields:
    decision: DisclosureDecision | None = field(default=None, metadata=_m("Outcome"))
    rationale: str = field(default="", metadata=_m("Rationale"))
    abuse_report: AbuseReport | None = field(default=None, metadata=_m("Abuse report"))
    precaution: Precaution | None = field(
        default=None, metadata=_m("Other precaution taken to discharge the duty")
    )


@dataclass(frozen=True)
class SignOffFields:
    summary: str = field(default="", metadata=_m("Summary"))
    follow_up_plan: str = field(default="", metadata=_m("Follow-up plan"))
    attestation: bool = field(default=False, metadata=_m("Attestation"))
    attested_at: datetime | None = field(default=None, metadata=_m("Attested at"))
    undischarged_acknowledgement: str = field(
        default="",
        metadata=_m("Undischarged duty acknowledged"),
    )


StepFields = (
    SituationFields
    | ReviewFields
    | DocumentationFields
    | ConsultationFields
    | LegalCounselFields
    | ClientNotificationFields
    | DisclosureFields
    | SignOffFields
)

ATTESTATION_TEXT = (
    "I attest that this record is complete and accurate to the best of my knowledge, that it "
    "was made at or near the time of the events it describes, and that any later correction "
    "will be added as a dated addendum."
)


# ----- list editors -----------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationInput:
    consulted_at: datetime
    consultant_name: str
    advice: str
    consultant_role: str = ""
    is_legal_counsel: bool = False
    identifying_info_shared: bool = False


@dataclass(frozen=True)
class EvidenceInput:
    kind: EvidenceKind
    content: str
    occurred_at: datetime | None = None
    source: str = ""
    attachment_name: str = ""
    attachment_type: str = ""
    attachment: bytes | None = None


@dataclass(frozen=True)
class AttemptInput:
    """One attempt to reach someone (victim, police, agency, the client), failed or not."""

    attempted_at: datetime
    recipient_name: str
    recipient_role: RecipientRole
    method: DisclosureMethod
    outcome: AttemptOutcome
    report_number: str = ""
    notes: str = ""


@dataclass(frozen=True)
class OptionInput:
    option: str
    chosen: bool
    reason: str
