"""Synthetic incidents for the demo vault: one finalized duty-to-warn case, one finalized
decision not to disclose, and one open case that is overdue. Every person is invented.

Call after the practitioner profile and the clients exist; everything goes through
IncidentService, exactly as the wizard would.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    WorkflowStep,
)
from desktop.jurisdictions import Classification, jurisdiction
from desktop.services.incidents.service import IncidentService
from desktop.services.practice.practitioner import PractitionerService
from desktop.storage.vault import Vault
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import (
    AbuseDetails,
    AttemptInput,
    AttemptOutcome,
    ClientNotificationFields,
    Communicator,
    ConsultationInput,
    DisclosureDecision,
    DisclosureFields,
    DocumentationFields,
    EvidenceInput,
    EvidenceKind,
    Imminence,
    LegalCounselFields,
    LegalProcess,
    LegalProcessKind,
    OptionInput,
    ReviewFields,
    RiskAssessment,
    RiskLevel,
    SituationFields,
)


def seed_demo_incidents(vault: Vault, client_ids: list[int]) -> None:
    """Add the three demo incidents for the first (up to) three of ``client_ids``."""
    if not client_ids:
        return
    service = IncidentService(vault)
    _duty_to_warn(vault, service, client_ids[0])
    _not_disclosed(service, client_ids[1 % len(client_ids)])
    _open_overdue(vault, service, client_ids[2 % len(client_ids)])


def _ago(days: float = 0, hours: float = 0) -> datetime:
    return datetime.now(UTC) - timedelta(days=days, hours=hours)


def _risk(**changes: object) -> RiskAssessment:
    base = RiskAssessment(
        assessed_at=_ago(days=9, hours=1),
        intent="Says he wants the neighbour 'to pay' and has thought about it for days",
        plan="Wait for the neighbour in the shared driveway after work",
        means="Keeps a shotgun in the garage",
        weapons_asked=True,
        weapons_access=True,
        weapons_advice="Advised giving the shotgun to his brother for now; he agreed to think "
        "about it",
        history_of_violence="Arrested for a fight in 2021; no conviction",
        risk_factors="Recent eviction notice, poor sleep, drinking more",
        protective_factors="Devoted to his two children; attends every session",
        overall_risk=RiskLevel.HIGH,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _duty_to_warn(vault: Vault, service: IncidentService, client_id: int) -> None:
    incident_id = service.start(
        client_id, ExceptionType.DANGER_TO_OTHERS, title="Threat to neighbour"
    )
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(
            statement='"If Dale blocks my car one more time, I\'ll take care of him for good."',
            observations="Spoke slowly and flatly; repeated it when asked what he meant.",
            occurred_at=_ago(days=9, hours=2),
            learned_at=_ago(days=9, hours=2),
            communicated_by=Communicator.CLIENT,
            at_risk="Dale Whitcombe, next-door neighbour (synthetic)",
            identifiable_victim=True,
            victim_contact="Lives at 41 Alder Lane; phone from the client's building manager",
            imminence=Imminence.DAYS,
            risk=_risk(),
        ),
    )
    flow.complete_step(WorkflowStep.SITUATION)
    service.add_option(
        incident_id,
        OptionInput(
            "Warn the neighbour and notify police",
            True,
            "Serious threat, named victim, access to a gun",
        ),
    )
    service.add_option(
        incident_id,
        OptionInput("Voluntary hospitalization", False, "Declined; does not meet hold criteria"),
    )
    service.add_option(
        incident_id, OptionInput("Increase sessions to twice weekly", True, "Keeps contact close")
    )
    flow.save_step(
        WorkflowStep.REVIEW,
        ReviewFields(
            rule_reviewed=True,
            application="Threat of serious violence against an identifiable person, with means",
            consent_notes="Limits of confidentiality reviewed at intake and at the 6-month review",
        ),
    )
    flow.complete_step(WorkflowStep.REVIEW)
    service.add_evidence(
        incident_id,
        EvidenceInput(
            EvidenceKind.VERBATIM_STATEMENT,
            "Exact words written down during the session, read back to the client.",
            occurred_at=_ago(days=9, hours=2),
            source="Session",
        ),
    )
    flow.save_step(
        WorkflowStep.DOCUMENTATION,
        DocumentationFields(records_reviewed="Intake, last three progress notes"),
    )
    flow.complete_step(WorkflowStep.DOCUMENTATION)
    service.add_consultation(
        incident_id,
        ConsultationInput(
            _ago(days=9, hours=1),
            "Dr. Priya Raman",
            "Warn and notify police today",
            "Peer consultant",
        ),
    )
    flow.complete_step(WorkflowStep.CONSULTATION)
    service.add_consultation(
        incident_id,
        ConsultationInput(
            _ago(days=9),
            "Liability carrier risk-management line",
            "Document both warnings with times and the police report number",
            "Attorney, insurer's risk-management service",
            is_legal_counsel=True,
        ),
    )
    flow.save_step(WorkflowStep.LEGAL_COUNSEL, LegalCounselFields(consulted=True))
    flow.complete_step(WorkflowStep.LEGAL_COUNSEL)
    flow.save_step(
        WorkflowStep.CLIENT_NOTIFICATION,
        ClientNotificationFields(
            informed=True,
            informed_at=_ago(days=8, hours=20),
            method=DisclosureMethod.PHONE,
            client_response="Upset, then relieved; agreed to a session the next morning",
        ),
    )
    flow.complete_step(WorkflowStep.CLIENT_NOTIFICATION)
    mandatory = _mandatory(vault)
    basis = LegalBasis.REQUIRED_BY_LAW if mandatory else LegalBasis.SERIOUS_THREAT
    service.add_attempt(
        incident_id,
        AttemptInput(
            _ago(days=8, hours=23),
            "Dale Whitcombe",
            RecipientRole.POTENTIAL_VICTIM,
            DisclosureMethod.PHONE,
            AttemptOutcome.NO_ANSWER,
            notes="No voicemail set up",
        ),
    )
    service.add_disclosure(
        incident_id,
        _warning(client_id, basis, "Dale Whitcombe", RecipientRole.POTENTIAL_VICTIM, 22),
    )
    service.add_disclosure(
        incident_id,
        _warning(
            client_id,
            basis,
            "City Police Department, non-emergency desk",
            RecipientRole.LAW_ENFORCEMENT,
            21.5,
        ),
    )
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(
            decision=DisclosureDecision.DISCLOSED,
            rationale="The victim was reached on the second try; police took a report.",
        ),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    flow.sign_off(
        "High risk of violence toward a named neighbour; neighbour warned and police notified "
        "the same evening.",
        "Twice-weekly sessions for a month; ask about the threat and the shotgun every session.",
        attestation=True,
    )
    service.add_addendum(
        incident_id, "Two weeks later: the client gave the shotgun to his brother."
    )


def _warning(
    client_id: int, basis: LegalBasis, name: str, role: RecipientRole, hours_ago: float
) -> DisclosureInput:
    police = role is RecipientRole.LAW_ENFORCEMENT
    return DisclosureInput(
        client_id=client_id,
        disclosed_at=_ago(days=8, hours=hours_ago),
        recipient_name=name,
        recipient_role=role,
        method=DisclosureMethod.PHONE,
        categories=(
            InformationCategory.IDENTITY,
            InformationCategory.NATURE_OF_THREAT,
            *((InformationCategory.CONTACT_DETAILS,) if police else ()),
        ),
        description="The client's name, the threat and when it was made"
        + (", and the client's address" if police else ""),
        purpose="Prevent a serious threat to an identifiable person",
        legal_basis=basis,
        minimum_necessary="Only what the recipient needs to act on the threat; no diagnosis or "
        "session content",
        report_number="CPD-24-55102" if police else "",
        recipient_response="Report taken" if police else "Thanked me; will stay with family",
    )


def _not_disclosed(service: IncidentService, client_id: int) -> None:
    incident_id = service.start(
        client_id, ExceptionType.DANGER_TO_OTHERS, title="Angry remark about a manager"
    )
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(
            statement='"Some days I could strangle my manager."',
            occurred_at=_ago(days=20),
            learned_at=_ago(days=20),
            communicated_by=Communicator.CLIENT,
            at_risk="The client's manager (synthetic)",
            identifiable_victim=True,
            imminence=Imminence.NOT_IMMINENT,
            risk=_risk(
                intent="Denies any intent; 'it's just an expression'",
                plan="None",
                means="No weapons",
                weapons_access=False,
                weapons_advice="Asked; no access. Nothing to advise.",
                history_of_violence="None known",
                overall_risk=RiskLevel.LOW,
            ),
        ),
    )
    flow.complete_step(WorkflowStep.SITUATION)
    service.add_option(
        incident_id, OptionInput("Warn the manager", False, "No serious threat: figure of speech")
    )
    service.add_option(
        incident_id, OptionInput("Safety plan and monitor", True, "Low risk; keeps the alliance")
    )
    flow.save_step(
        WorkflowStep.REVIEW,
        ReviewFields(rule_reviewed=True, application="No serious threat, so no duty arises"),
    )
    flow.complete_step(WorkflowStep.REVIEW)
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(
            decision=DisclosureDecision.NOT_DISCLOSED,
            rationale="A figure of speech with no intent, plan or means after a full risk "
            "assessment; warning the manager would harm the client with no safety benefit.",
        ),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    for step in (
        WorkflowStep.DOCUMENTATION,
        WorkflowStep.CONSULTATION,
        WorkflowStep.LEGAL_COUNSEL,
        WorkflowStep.CLIENT_NOTIFICATION,
    ):
        flow.mark_not_applicable(step, "Low risk after assessment; recorded in the situation step")
    flow.sign_off(
        "Remark assessed as low risk; no disclosure.",
        "Ask about anger at work next session.",
        attestation=True,
    )


def _open_overdue(vault: Vault, service: IncidentService, client_id: int) -> None:
    rules = jurisdiction(PractitionerService(vault).require().jurisdiction)
    if rules.child_abuse.deadline_hours is not None or rules.child_abuse.written_followup_hours:
        incident_id = service.start(
            client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=_ago(days=4)
        )
        service.workflow(incident_id).save_step(
            WorkflowStep.SITUATION,
            SituationFields(
                exception_type=ExceptionType.CHILD_ABUSE,
                statement="The client said the 9-year-old in their household is hit "
                "'with the belt' by an adult who lives there.",
                learned_at=_ago(days=4),
                communicated_by=Communicator.CLIENT,
                abuse=AbuseDetails(
                    alleged_victim="A 9-year-old child in the client's household (synthetic)",
                    victim_age="9",
                    nature="Physical discipline leaving marks",
                    suspected_at=_ago(days=4),
                ),
            ),
        )
        return
    incident_id = service.start(client_id, ExceptionType.COURT_ORDER)
    service.workflow(incident_id).save_step(
        WorkflowStep.SITUATION,
        SituationFields(
            legal_process=LegalProcess(
                kind=LegalProcessKind.SUBPOENA,
                court="County Superior Court (synthetic)",
                case_number="24-FL-0392",
                issuing_party="Counsel for the client's former spouse",
                served_at=_ago(days=12),
                response_due=_ago(days=1),
                scope="All treatment records",
            )
        ),
    )


def _mandatory(vault: Vault) -> bool:
    code = PractitionerService(vault).require().jurisdiction
    return jurisdiction(code).duty_to_warn.classification is Classification.MANDATORY
