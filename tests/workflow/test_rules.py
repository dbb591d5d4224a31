"""Per-exception rules through the service: discharge gaps, payers, subpoenas, crime, abuse,
deadlines, the review panel's consent status."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.domain import (
    ConfidentialityLimit,
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    WorkflowStep,
)
from desktop.errors import UserInputError, WorkflowError
from desktop.jurisdictions import Classification, DischargeRule, jurisdiction
from desktop.models import Consent, ConsentRevocation, ConsentTemplate
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.workflow import safeguards
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import (
    AbuseDetails,
    AbuseReport,
    Assurance,
    ClientNotificationFields,
    CrimeDetails,
    DisclosureDecision,
    DisclosureFields,
    InsuranceRequest,
    LegalProcess,
    LegalProcessKind,
    NotInformedReason,
    SituationFields,
)
from tests.support.cases import ago, setup_practice
from tests.support.pdf import flat, pdf_text


def disclosure(
    client_id: int, role: RecipientRole, basis: LegalBasis, *categories: InformationCategory
) -> DisclosureInput:
    return DisclosureInput(
        client_id=client_id,
        disclosed_at=ago(1),
        recipient_name=f"Recipient ({role.value})",
        recipient_role=role,
        method=DisclosureMethod.PHONE,
        categories=categories or (InformationCategory.IDENTITY,),
        description="What was said",
        purpose="Why it was said",
        legal_basis=basis,
        minimum_necessary="Only what the recipient needed",
    )


def start(
    vault: Vault, kind: ExceptionType, jurisdiction_code: str = "CA", **client: object
) -> tuple[IncidentService, int, int]:
    client_id = setup_practice(vault, jurisdiction_code, **client)
    service = IncidentService(vault)
    return service, client_id, service.start(client_id, kind)


def test_discharge_gap_when_only_police_were_notified_in_an_all_state(
    vault: Vault, tmp_path: Path
) -> None:
    rule = jurisdiction("CA").duty_to_warn
    assert rule.classification is Classification.MANDATORY
    assert rule.discharge.rule is DischargeRule.ALL
    service, client_id, incident_id = start(vault, ExceptionType.DANGER_TO_OTHERS)
    police = disclosure(client_id, RecipientRole.LAW_ENFORCEMENT, LegalBasis.REQUIRED_BY_LAW)

    service.add_disclosure(incident_id, police)
    gaps = service.discharge_status(incident_id)

    assert len(gaps) == 1
    assert "victim has not been warned" in gaps[0] and "California" in gaps[0]
    assert service.get(incident_id).discharge_gaps == tuple(gaps)
    text = pdf_text(export_incident_report(vault, incident_id, tmp_path / "gap.pdf"))
    assert flat(gaps[0]) in text
    victim = disclosure(client_id, RecipientRole.POTENTIAL_VICTIM, LegalBasis.REQUIRED_BY_LAW)
    service.add_disclosure(incident_id, victim)
    assert service.discharge_status(incident_id) == []


def test_no_discharge_gap_in_a_permissive_state(vault: Vault) -> None:
    service, _client_id, incident_id = start(vault, ExceptionType.DANGER_TO_OTHERS, "TX")

    assert service.discharge_status(incident_id) == []
    panel = service.review_panel(incident_id)
    assert panel.state_rule is not None and panel.state_rule.classification == "permissive"
    assert "not legal advice" in panel.not_legal_advice


def test_payer_is_blocked_for_a_self_pay_restriction(vault: Vault) -> None:
    service, client_id, incident_id = start(
        vault, ExceptionType.INSURANCE, self_pay_restriction=True
    )
    billing = disclosure(
        client_id,
        RecipientRole.INSURER,
        LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
        InformationCategory.IDENTITY,
        InformationCategory.BILLING_CODES,
    )

    with pytest.raises(UserInputError, match=r"164\.522\(a\)\(1\)\(vi\)"):
        service.add_disclosure(incident_id, billing)

    assert service.get(incident_id).disclosures == ()
    assert safeguards.INSURANCE_BLOCKED in service.workflow(incident_id).warnings()


def test_payer_restriction_recorded_in_the_situation_also_blocks(vault: Vault) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.INSURANCE)
    request = InsuranceRequest(
        payer="Acme Health",
        request="Session dates for March",
        paid_in_full_out_of_pocket=True,
        restriction_requested=True,
    )
    service.workflow(incident_id).save_step(
        WorkflowStep.SITUATION, SituationFields(insurance=request)
    )
    billing = disclosure(client_id, RecipientRole.INSURER, LegalBasis.TREATMENT_PAYMENT_OPERATIONS)

    with pytest.raises(UserInputError, match="paid in full"):
        service.add_disclosure(incident_id, billing)


def test_payment_disclosure_of_a_treatment_plan_is_accepted_with_its_reason(
    vault: Vault,
) -> None:
    """HIPAA defines no "minimum billing set": minimum necessary (164.502(b)) asks for a reason."""
    service, client_id, incident_id = start(vault, ExceptionType.INSURANCE)
    plan = disclosure(
        client_id,
        RecipientRole.INSURER,
        LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
        InformationCategory.IDENTITY,
        InformationCategory.TREATMENT_PLAN,
    )

    with pytest.raises(UserInputError, match=r"minimum necessary \(45 CFR 164\.502\(b\)\)"):
        service.add_disclosure(incident_id, replace(plan, minimum_necessary=""))
    service.add_disclosure(incident_id, plan)

    view = service.get(incident_id)
    assert len(view.disclosures) == 1 and not view.disclosures[0].accountable
    assert safeguards.INSURANCE_MINIMUM in service.workflow(incident_id).warnings()


def test_subpoena_without_order_needs_assurance_and_notes_need_an_order(vault: Vault) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.COURT_ORDER)
    flow = service.workflow(incident_id)
    process = LegalProcess(
        kind=LegalProcessKind.SUBPOENA,
        court="Superior Court of Fresno County",
        case_number="24CV-0815",
        issuing_party="Counsel for the plaintiff",
        served_at=ago(48),
        response_due=ago(-24 * 10),
        scope="All records, including psychotherapy notes",
        psychotherapy_notes_requested=True,
    )
    flow.save_step(WorkflowStep.SITUATION, SituationFields(legal_process=process))
    records = disclosure(
        client_id, RecipientRole.COURT, LegalBasis.SUBPOENA, InformationCategory.TREATMENT_DATES
    )

    warnings = flow.warnings()
    assert safeguards.SUBPOENA_WARNING in warnings
    assert safeguards.PSYCHOTHERAPY_NOTES_WARNING in warnings
    with pytest.raises(UserInputError, match=r"164\.512\(e\)\(1\)\(ii\)"):
        service.add_disclosure(incident_id, records)
    with pytest.raises(UserInputError, match=r"whatever basis is chosen"):
        service.add_disclosure(incident_id, replace(records, legal_basis=LegalBasis.COURT_ORDER))

    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(legal_process=replace(process, assurance=Assurance.PROTECTIVE_ORDER)),
    )
    assert safeguards.SUBPOENA_WARNING not in flow.warnings()
    with pytest.raises(UserInputError, match=r"164\.508\(a\)\(2\)"):
        service.add_disclosure(
            incident_id,
            replace(records, categories=(InformationCategory.PSYCHOTHERAPY_NOTES,)),
        )
    service.add_disclosure(incident_id, records)
    view = service.get(incident_id)
    assert view.due_at == process.response_due and len(view.disclosures) == 1


def test_crime_path_refuses_a_past_crime_learned_in_therapy(vault: Vault) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.CRIME)
    flow = service.workflow(incident_id)
    crime = CrimeDetails(description="Described a burglary years ago", past_crime_admitted=True)
    flow.save_step(WorkflowStep.SITUATION, SituationFields(crime=crime))
    police = disclosure(client_id, RecipientRole.LAW_ENFORCEMENT, LegalBasis.SERIOUS_THREAT)

    assert safeguards.CRIME_WARNING in flow.warnings()
    with pytest.raises(UserInputError, match=r"164\.512\(j\)\(2\)"):
        service.add_disclosure(incident_id, police)
    with pytest.raises(UserInputError, match=r"164\.512\(j\)\(2\)"):
        service.add_disclosure(incident_id, replace(police, legal_basis=LegalBasis.LAW_ENFORCEMENT))


def test_abuse_report_needs_agency_time_and_number_and_prompts_telling_the_client(
    vault: Vault,
) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.VULNERABLE_ADULT_ABUSE)
    flow = service.workflow(incident_id)
    service.add_disclosure(
        incident_id,
        disclosure(client_id, RecipientRole.ADULT_PROTECTIVE_SERVICES, LegalBasis.ABUSE_REPORT),
    )
    flow.save_step(WorkflowStep.DISCLOSURE, DisclosureFields(decision=DisclosureDecision.DISCLOSED))

    with pytest.raises(WorkflowError) as refused:
        flow.complete_step(WorkflowStep.DISCLOSURE)
    assert "agency" in refused.value.message and "reference number" in refused.value.message
    assert safeguards.ADULT_INFORM in flow.warnings()
    with pytest.raises(WorkflowError, match=r"164\.512\(c\)\(2\)"):
        flow.mark_not_applicable(WorkflowStep.CLIENT_NOTIFICATION, "Not needed")

    report = AbuseReport(
        agency="Fresno County APS", reported_at=ago(0.5), reference_number="APS-77"
    )
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(decision=DisclosureDecision.DISCLOSED, abuse_report=report),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    flow.save_step(
        WorkflowStep.CLIENT_NOTIFICATION,
        ClientNotificationFields(
            informed=False,
            not_informed_reason=NotInformedReason.WOULD_ENDANGER,
            explanation="The son who manages her money would retaliate",
        ),
    )
    flow.complete_step(WorkflowStep.CLIENT_NOTIFICATION)
    assert safeguards.ADULT_INFORM not in flow.warnings()


def test_overdue_abuse_report_is_listed_first(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    calm = service.start(client_id, ExceptionType.DANGER_TO_OTHERS)
    soon = service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=ago(2))
    late = service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=ago(40))

    listed = service.open_incidents()

    assert [s.id for s in listed] == [late, soon, calm]
    assert [s.overdue for s in listed] == [True, False, False]
    assert listed[0].due_at is not None
    assert "36 hours" in listed[0].due_reason and "not legal advice" in listed[0].due_reason
    assert listed[1].due_at is not None and listed[2].due_at is None
    assert listed[0].next_step_label == "Situation"
    assert listed[0].client_display_name == "Jordan Avery"


def test_recording_the_report_clears_overdue(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    late = service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=ago(40))
    report = AbuseReport(
        agency="CPS hotline",
        reported_at=ago(39),
        reference_number="CPS-1",
        written_followup_at=ago(20),
    )

    service.workflow(late).save_step(WorkflowStep.DISCLOSURE, DisclosureFields(abuse_report=report))

    assert service.open_incidents()[0].overdue is False
    assert service.get(late).due_at is not None


def test_due_time_follows_the_suspicion_time(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    started = ago(10)
    incident_id = service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=started)

    later = ago(5)
    service.workflow(incident_id).save_step(
        WorkflowStep.SITUATION, SituationFields(abuse=AbuseDetails(suspected_at=later))
    )

    assert service.get(incident_id).due_at == later + timedelta(hours=36)


def test_review_panel_reports_the_consent_that_named_the_limit(vault: Vault) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.DANGER_TO_OTHERS)
    signed = ago(24 * 30)
    with vault.session() as session:
        template = ConsentTemplate(
            key="adult",
            version=1,
            title="Informed consent",
            body="...",
            limits=[ConfidentialityLimit.DANGER_TO_OTHERS.value],
            content_hash="0" * 64,
        )
        session.add(template)
        session.flush()
        fields = {
            "client_id": client_id,
            "template_id": template.id,
            "template_key": "adult",
            "template_hash": "0" * 64,
            "title": "Informed consent",
            "rendered_text": "...",
            "rendered_hash": "0" * 64,
            "signer_name": "Jordan Avery",
            "signature_png": b"png",
            "practitioner_name": "Dr. Ana Ruiz",
        }
        named = Consent(
            template_version=1,
            limits=[ConfidentialityLimit.DANGER_TO_OTHERS.value],
            read_to_end_at=signed,
            signed_at=signed,
            **fields,
        )
        newer_revoked = Consent(
            template_version=2,
            limits=[ConfidentialityLimit.DANGER_TO_OTHERS.value],
            read_to_end_at=ago(48),
            signed_at=ago(48),
            **fields,
        )
        session.add_all([named, newer_revoked])
        session.flush()
        session.add(ConsentRevocation(consent_id=newer_revoked.id, revoked_at=ago(24)))

    consent = service.review_panel(incident_id).consent

    assert consent.named_limit and consent.signed_at == signed
    assert consent.template_version == 1


def test_review_panel_states_when_the_only_consent_naming_the_limit_was_revoked(
    vault: Vault,
) -> None:
    service, client_id, incident_id = start(vault, ExceptionType.DANGER_TO_OTHERS)
    signed = ago(72)
    with vault.session() as session:
        template = ConsentTemplate(
            key="adult",
            version=1,
            title="Informed consent",
            body="...",
            limits=[ConfidentialityLimit.DANGER_TO_OTHERS.value],
            content_hash="0" * 64,
        )
        session.add(template)
        session.flush()
        consent = Consent(
            client_id=client_id,
            template_id=template.id,
            template_key="adult",
            template_version=1,
            template_hash="0" * 64,
            title="Informed consent",
            rendered_text="...",
            rendered_hash="0" * 64,
            limits=[ConfidentialityLimit.DANGER_TO_OTHERS.value],
            read_to_end_at=signed,
            signer_name="Jordan Avery",
            signature_png=b"png",
            signed_at=signed,
            practitioner_name="Dr. Ana Ruiz",
        )
        session.add(consent)
        session.flush()
        session.add(ConsentRevocation(consent_id=consent.id, revoked_at=ago(24)))

    status = service.review_panel(incident_id).consent

    assert status.named_limit and status.signed_at == signed
    assert "revoked on" in status.sentence
