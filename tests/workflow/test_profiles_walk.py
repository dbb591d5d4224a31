"""One incident per exception type, walked through its profile to a finalized report (Qt-free)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    WorkflowStep,
)
from desktop.domain import RecipientRole as R
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.exceptions import Section, profile
from desktop.workflow.fields import (
    AbuseDetails,
    AbuseReport,
    ClientNotificationFields,
    Communicator,
    CrimeDetails,
    DisclosureDecision,
    DisclosureFields,
    InsuranceRequest,
    LegalProcess,
    LegalProcessKind,
    NotInformedReason,
    OptionInput,
    ReviewFields,
    SituationFields,
)
from tests.support.cases import ago, setup_practice, situation
from tests.support.pdf import pdf_text

E = ExceptionType
B = LegalBasis
SECTIONS: dict[Section, SituationFields] = {
    Section.RISK: situation(),
    Section.ABUSE: SituationFields(
        abuse=AbuseDetails(
            alleged_victim="A neighbour's child", nature="Bruises", suspected_at=ago(2)
        )
    ),
    Section.CRIME: SituationFields(
        crime=CrimeDetails(description="Plans to set a fire", ongoing_threat=True),
        at_risk="The upstairs tenant",
    ),
    Section.LEGAL_PROCESS: SituationFields(
        legal_process=LegalProcess(
            kind=LegalProcessKind.COURT_ORDER,
            court="Superior Court",
            case_number="24-1",
            issuing_party="Judge Ames",
            served_at=ago(48),
            scope="Dates of treatment",
            court_order_exists=True,
        )
    ),
    Section.INSURANCE: SituationFields(insurance=InsuranceRequest(payer="Acme", request="Dates")),
}
RECIPIENTS: dict[ExceptionType, tuple[tuple[R, LegalBasis], ...]] = {
    E.DANGER_TO_SELF: ((R.CRISIS_OR_HOSPITAL, B.SERIOUS_THREAT),),
    E.DANGER_TO_OTHERS: (
        (R.POTENTIAL_VICTIM, B.SERIOUS_THREAT),
        (R.LAW_ENFORCEMENT, B.SERIOUS_THREAT),
    ),
    E.CHILD_ABUSE: ((R.CHILD_PROTECTIVE_SERVICES, B.ABUSE_REPORT),),
    E.VULNERABLE_ADULT_ABUSE: ((R.ADULT_PROTECTIVE_SERVICES, B.ABUSE_REPORT),),
    E.CRIME: ((R.LAW_ENFORCEMENT, B.SERIOUS_THREAT),),
    E.COURT_ORDER: ((R.COURT, B.COURT_ORDER),),
    E.INSURANCE: ((R.INSURER, B.TREATMENT_PAYMENT_OPERATIONS),),
    E.CLIENT_AUTHORIZED: ((R.CLINICIAN, B.AUTHORIZATION),),
}
SKIPPABLE = (
    WorkflowStep.DOCUMENTATION,
    WorkflowStep.CONSULTATION,
    WorkflowStep.LEGAL_COUNSEL,
)


def situation_for(kind: ExceptionType) -> SituationFields:
    """The situation step this type's profile asks for."""
    item = profile(kind)
    if Section.RISK in item.sections:
        return situation()
    found = SituationFields()
    for section in item.sections:
        example = SECTIONS[section]
        found = replace(
            found, at_risk=example.at_risk, **{section.value: getattr(example, section.value)}
        )
    if item.needs_account:
        found = replace(found, statement="What was said", learned_at=ago(3))
    if item.needs_communicator:
        found = replace(found, communicated_by=Communicator.CLIENT)
    return found


def add_release(vault: Vault, client_id: int) -> None:
    ReleaseService(vault).create(
        ReleaseInput(
            client_id=client_id,
            recipient_name="Recipient 0",
            recipient_role=R.CLINICIAN,
            information_description="Dates of treatment",
            purpose="Care",
            signer_name="Jordan Avery",
            signed_at=ago(24 * 3),
            expires_on=date.today() + timedelta(days=30),
            signature_png=synthetic_signature_png("Jordan Avery"),
        )
    )


@pytest.mark.parametrize("kind", list(ExceptionType))
def test_one_incident_per_type_reaches_a_finalized_report(
    vault: Vault, tmp_path: Path, kind: ExceptionType
) -> None:
    client_id = setup_practice(vault, "CA")
    add_release(vault, client_id)
    service = IncidentService(vault)
    incident_id = service.start(client_id, kind)
    flow = service.workflow(incident_id)
    item = profile(kind)

    flow.save_step(WorkflowStep.SITUATION, situation_for(kind))
    flow.complete_step(WorkflowStep.SITUATION)
    if item.needs_options:
        service.add_option(incident_id, OptionInput("Report or disclose", True, "The rule asks it"))
    flow.save_step(WorkflowStep.REVIEW, ReviewFields(rule_reviewed=True, application="Applies"))
    flow.complete_step(WorkflowStep.REVIEW)
    for step in SKIPPABLE:
        flow.mark_not_applicable(step, "Handled in the chart")
    for number, (role, basis) in enumerate(RECIPIENTS[kind]):
        assert basis in item.bases_for(role)
        service.add_disclosure(incident_id, _disclosure(client_id, number, role, basis))
    report = AbuseReport("County agency", ago(1), "REF-1") if item.report_roles else None
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(decision=DisclosureDecision.DISCLOSED, abuse_report=report),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    if item.report_roles:
        flow.save_step(
            WorkflowStep.CLIENT_NOTIFICATION,
            ClientNotificationFields(
                informed=False,
                not_informed_reason=NotInformedReason.WOULD_ENDANGER,
                explanation="Telling now would put the victim at risk",
            ),
        )
        flow.complete_step(WorkflowStep.CLIENT_NOTIFICATION)
    else:
        flow.mark_not_applicable(WorkflowStep.CLIENT_NOTIFICATION, "Client asked for it")
    flow.sign_off("Done as the rule requires", "Review next session", attestation=True)

    view = service.get(incident_id)
    assert view.finalized and view.discharge_gaps == ()
    text = pdf_text(export_incident_report(vault, incident_id, tmp_path / f"{kind.value}.pdf"))
    assert kind.label in text and "Recipient 0" in text


def _disclosure(client_id: int, number: int, role: R, basis: LegalBasis) -> DisclosureInput:
    return DisclosureInput(
        client_id=client_id,
        disclosed_at=ago(1),
        recipient_name=f"Recipient {number}",
        recipient_role=role,
        method=DisclosureMethod.PHONE,
        categories=(InformationCategory.IDENTITY, InformationCategory.TREATMENT_DATES),
        description="Name and dates",
        purpose="As the rule requires",
        legal_basis=basis,
        minimum_necessary="Only what the recipient needed",
    )
