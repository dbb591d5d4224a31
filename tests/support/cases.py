"""Shared test data: a practice, clients and a complete duty-to-warn case walked step by step."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    WorkflowStep,
)
from desktop.services.clients.service import ClientService
from desktop.services.incidents.service import IncidentService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import (
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
    OptionInput,
    ReviewFields,
    RiskAssessment,
    RiskLevel,
    SituationFields,
)

CLINICIAN = "Dr. Ana Ruiz"


def ago(hours: float) -> datetime:
    return datetime.now(UTC) - timedelta(hours=hours)


def setup_practice(vault: Vault, jurisdiction: str = "CA", **client: object) -> int:
    """Save the practitioner profile and one client; returns the client id."""
    PractitionerService(vault).save(
        Profile(CLINICIAN, jurisdiction, credentials="PhD", license_number="PSY 12345")
    )
    data = {"first_name": "Jordan", "last_name": "Avery", **client}
    return ClientService(vault).create(ClientInput(**data))  # type: ignore[arg-type]


@dataclass
class DutyCase:
    """What the walked case recorded, so tests can look for each piece in the PDF."""

    incident_id: int
    step_content: dict[WorkflowStep, list[str]] = field(default_factory=dict)
    recipients: list[str] = field(default_factory=list)
    consultants: list[str] = field(default_factory=list)


def situation() -> SituationFields:
    return SituationFields(
        statement='"If Sam shows up at the shop again I will make sure he never walks out."',
        observations="Client clenched fists, raised voice, refused to discuss a safety plan.",
        occurred_at=ago(30),
        learned_at=ago(30),
        communicated_by=Communicator.CLIENT,
        at_risk="Sam Okafor, the client's former business partner",
        identifiable_victim=True,
        victim_contact="Mobile on file with the shop; works weekdays at Okafor Tools",
        imminence=Imminence.DAYS,
        risk=RiskAssessment(
            assessed_at=ago(29.5),
            intent="States he means it and has thought about it for a week",
            plan="Confront Sam at the shop on Friday",
            means="Owns a hunting rifle kept at home",
            weapons_asked=True,
            weapons_access=True,
            weapons_advice="Advised storing the rifle with his brother; client declined",
            history_of_violence="Assault charge in 2019 after a bar fight",
            risk_factors="Recent business loss, heavy drinking",
            protective_factors="Close to his daughter; keeps weekly sessions",
            overall_risk=RiskLevel.HIGH,
        ),
    )


def walk_duty_case(vault: Vault, client_id: int) -> DutyCase:
    """A full duty-to-warn case through the service: every step, two disclosures, a failed call."""
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.DANGER_TO_OTHERS)
    flow = service.workflow(incident_id)
    case = DutyCase(incident_id)

    flow.save_step(WorkflowStep.SITUATION, situation())
    flow.complete_step(WorkflowStep.SITUATION)
    case.step_content[WorkflowStep.SITUATION] = [
        "I will make sure he never walks out",
        "Confront Sam at the shop on Friday",
        "Owns a hunting rifle kept at home",
        "Advised storing the rifle with his brother",
        "Close to his daughter",
    ]

    service.add_option(
        incident_id,
        OptionInput("Warn Sam Okafor and notify police", True, "Required by Civ. Code 43.92"),
    )
    service.add_option(
        incident_id,
        OptionInput("Voluntary hospitalization", False, "Client refused; no grounds for a hold"),
    )
    flow.save_step(
        WorkflowStep.REVIEW,
        ReviewFields(
            rule_reviewed=True,
            application="Serious threat, identifiable victim: both warning and police required",
            consent_notes="Limits were explained at intake",
        ),
    )
    flow.complete_step(WorkflowStep.REVIEW)
    case.step_content[WorkflowStep.REVIEW] = [
        "both warning and police required",
        "Voluntary hospitalization",
        "Client refused; no grounds for a hold",
        "Cal. Civ. Code §43.92",
    ]

    service.add_evidence(
        incident_id,
        EvidenceInput(
            EvidenceKind.VERBATIM_STATEMENT,
            "Session transcript excerpt: threat repeated twice",
            occurred_at=ago(30),
            source="Session of this week",
            attachment_name="voicemail.txt",
            attachment_type="text/plain",
            attachment=b"Client voicemail transcript",
        ),
    )
    flow.save_step(WorkflowStep.DOCUMENTATION, DocumentationFields(records_reviewed="Intake file"))
    flow.complete_step(WorkflowStep.DOCUMENTATION)
    case.step_content[WorkflowStep.DOCUMENTATION] = [
        "threat repeated twice",
        "voicemail.txt",
    ]

    service.add_consultation(
        incident_id,
        ConsultationInput(ago(28), "Dr. Lee Park", "Warn and notify police today", "Supervisor"),
    )
    flow.complete_step(WorkflowStep.CONSULTATION)
    case.consultants.append("Dr. Lee Park")
    case.step_content[WorkflowStep.CONSULTATION] = ["Warn and notify police today"]

    service.add_consultation(
        incident_id,
        ConsultationInput(
            ago(27),
            "Maria Gomez, Esq.",
            "Document the warning and the police report number",
            "Risk-management attorney",
            is_legal_counsel=True,
        ),
    )
    flow.save_step(WorkflowStep.LEGAL_COUNSEL, LegalCounselFields(consulted=True))
    flow.complete_step(WorkflowStep.LEGAL_COUNSEL)
    case.consultants.append("Maria Gomez, Esq.")
    case.step_content[WorkflowStep.LEGAL_COUNSEL] = ["Document the warning and the police"]

    flow.save_step(
        WorkflowStep.CLIENT_NOTIFICATION,
        ClientNotificationFields(
            informed=True,
            informed_at=ago(20),
            method=DisclosureMethod.PHONE,
            client_response="Angry at first, then agreed to come in tomorrow",
        ),
    )
    flow.complete_step(WorkflowStep.CLIENT_NOTIFICATION)
    case.step_content[WorkflowStep.CLIENT_NOTIFICATION] = ["agreed to come in tomorrow"]

    service.add_attempt(
        incident_id,
        AttemptInput(
            ago(26),
            "Sam Okafor",
            RecipientRole.POTENTIAL_VICTIM,
            DisclosureMethod.PHONE,
            AttemptOutcome.NO_ANSWER,
            notes="Voicemail full; no message left",
        ),
    )
    service.add_disclosure(
        incident_id,
        DisclosureInput(
            client_id=client_id,
            disclosed_at=ago(25),
            recipient_name="Sam Okafor",
            recipient_role=RecipientRole.POTENTIAL_VICTIM,
            method=DisclosureMethod.PHONE,
            categories=(InformationCategory.IDENTITY, InformationCategory.NATURE_OF_THREAT),
            description="Client's name and the threat to confront him at the shop",
            purpose="Warn the identifiable victim of a serious threat",
            legal_basis=LegalBasis.REQUIRED_BY_LAW,
            recipient_address="Okafor Tools, 12 Main St, Fresno CA",
        ),
    )
    service.add_disclosure(
        incident_id,
        DisclosureInput(
            client_id=client_id,
            disclosed_at=ago(24.5),
            recipient_name="Fresno Police Department",
            recipient_role=RecipientRole.LAW_ENFORCEMENT,
            method=DisclosureMethod.PHONE,
            categories=(
                InformationCategory.IDENTITY,
                InformationCategory.CONTACT_DETAILS,
                InformationCategory.NATURE_OF_THREAT,
            ),
            description="Client identity, address and the threat",
            purpose="Notify law enforcement as Civ. Code 43.92 requires",
            legal_basis=LegalBasis.REQUIRED_BY_LAW,
            report_number="FPD-2026-11873",
        ),
    )
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(
            decision=DisclosureDecision.DISCLOSED,
            rationale="Both actions taken the same day as the threat",
        ),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    case.recipients += ["Sam Okafor", "Fresno Police Department"]
    case.step_content[WorkflowStep.DISCLOSURE] = [
        "FPD-2026-11873",
        "Okafor Tools, 12 Main St, Fresno CA",
        "Voicemail full; no message left",
        "Both actions taken the same day as the threat",
        "Warn the identifiable victim of a serious threat",
    ]

    flow.sign_off(
        "Threat assessed as high; victim warned and police notified within hours.",
        "Weekly sessions; ask about the rifle and the threat at every session.",
        attestation=True,
    )
    case.step_content[WorkflowStep.SIGN_OFF] = [
        "victim warned and police notified within hours",
        "ask about the rifle and the threat at every session",
    ]
    return case
