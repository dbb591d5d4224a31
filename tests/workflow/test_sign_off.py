"""Sign-off, not-applicable steps, drafts that resume, immutability, addenda, non-disclosure."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from desktop.domain import (
    DisclosureMethod,
    ExceptionType,
    InformationCategory,
    LegalBasis,
    RecipientRole,
    StepStatus,
    WorkflowStep,
)
from desktop.errors import ImmutableRecordError, UserInputError, WorkflowError
from desktop.models import Disclosure
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import (
    Communicator,
    ConsultationInput,
    DisclosureDecision,
    DisclosureFields,
    ReviewFields,
    SituationFields,
)
from tests.support.cases import ago, setup_practice, situation, walk_duty_case
from tests.support.pdf import pdf_text

SKIPPABLE = (
    WorkflowStep.REVIEW,
    WorkflowStep.DOCUMENTATION,
    WorkflowStep.CONSULTATION,
    WorkflowStep.LEGAL_COUNSEL,
    WorkflowStep.CLIENT_NOTIFICATION,
)


def _release_case(vault: Vault) -> tuple[IncidentService, int]:
    """A client-authorized release: situation and disclosure done, steps 2-6 untouched."""
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.CLIENT_AUTHORIZED)
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(statement="Asked me to send a summary to Dr. Hale", learned_at=ago(3)),
    )
    flow.complete_step(WorkflowStep.SITUATION)
    ReleaseService(vault).create(
        ReleaseInput(
            client_id=client_id,
            recipient_name="Dr. Hale",
            recipient_role=RecipientRole.CLINICIAN,
            information_description="Diagnosis and dates of treatment",
            purpose="Continuity of care",
            signer_name="Jordan Avery",
            signed_at=ago(24 * 5),
            expires_on=date.today() + timedelta(days=90),
            signature_png=synthetic_signature_png("Jordan Avery"),
        )
    )
    service.add_disclosure(
        incident_id,
        DisclosureInput(
            client_id=client_id,
            disclosed_at=ago(1),
            recipient_name="Dr. Hale",
            recipient_role=RecipientRole.CLINICIAN,
            method=DisclosureMethod.SECURE_MESSAGE,
            categories=(InformationCategory.DIAGNOSIS, InformationCategory.TREATMENT_DATES),
            description="Diagnosis and dates of treatment",
            purpose="Continuity of care, at the client's request",
            legal_basis=LegalBasis.AUTHORIZATION,
        ),
    )
    flow.save_step(WorkflowStep.DISCLOSURE, DisclosureFields(decision=DisclosureDecision.DISCLOSED))
    flow.complete_step(WorkflowStep.DISCLOSURE)
    return service, incident_id


def test_sign_off_is_refused_naming_each_missing_step(vault: Vault) -> None:
    service, incident_id = _release_case(vault)
    flow = service.workflow(incident_id)

    with pytest.raises(WorkflowError) as refused:
        flow.sign_off("", "", attestation=False)

    message = refused.value.message
    for step in SKIPPABLE:
        assert step.heading in message
    for item in ("Step 8, Sign-off: summary", "follow-up plan", "the attestation"):
        assert item in message
    assert WorkflowStep.SITUATION.heading not in message
    assert service.get(incident_id).finalized_at is None


def test_not_applicable_with_reasons_then_sign_off_succeeds(vault: Vault) -> None:
    service, incident_id = _release_case(vault)
    flow = service.workflow(incident_id)
    for step in SKIPPABLE:
        flow.mark_not_applicable(step, f"Routine authorized release; no {step.label.lower()}")

    content_hash = flow.sign_off("Summary sent", "None needed", attestation=True)

    view = service.get(incident_id)
    assert view.finalized and view.content_hash == content_hash
    assert view.step(WorkflowStep.CONSULTATION).status is StepStatus.NOT_APPLICABLE
    assert "no consultation" in view.step(WorkflowStep.CONSULTATION).not_applicable_reason


def test_not_applicable_needs_a_reason_and_is_refused_for_core_steps(vault: Vault) -> None:
    service, incident_id = _release_case(vault)
    flow = service.workflow(incident_id)

    with pytest.raises(UserInputError, match="reason"):
        flow.mark_not_applicable(WorkflowStep.REVIEW, "   ")
    for step in (WorkflowStep.SITUATION, WorkflowStep.DISCLOSURE, WorkflowStep.SIGN_OFF):
        with pytest.raises(WorkflowError):
            flow.mark_not_applicable(step, "Not needed")
    assert flow.state().status(WorkflowStep.REVIEW) is StepStatus.NOT_STARTED


def test_draft_is_saved_and_resumed_and_completion_names_gaps(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.DANGER_TO_OTHERS)
    partial = SituationFields(statement="He said he would hurt her", at_risk="His sister")
    service.workflow(incident_id).save_step(WorkflowStep.SITUATION, partial)

    resumed = service.workflow(incident_id)
    with pytest.raises(WorkflowError) as refused:
        resumed.complete_step(WorkflowStep.SITUATION)

    saved = resumed.fields(WorkflowStep.SITUATION)
    assert isinstance(saved, SituationFields)
    assert saved.statement == partial.statement and saved.at_risk == "His sister"
    assert saved.exception_type is None
    assert resumed.state().status(WorkflowStep.SITUATION) is StepStatus.DRAFT
    assert "who communicated it" in refused.value.message
    assert "risk assessment" in refused.value.message
    assert "His sister" not in refused.value.message


def test_navigation_follows_the_transition_table(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    flow = service.workflow(service.start(client_id, ExceptionType.DANGER_TO_OTHERS))

    with pytest.raises(WorkflowError):
        flow.go_to(WorkflowStep.DISCLOSURE)
    flow.go_to(WorkflowStep.REVIEW)
    flow.save_step(WorkflowStep.REVIEW, ReviewFields(application="Draft"))
    flow.go_to(WorkflowStep.SITUATION)
    flow.go_to(WorkflowStep.REVIEW)  # a started step stays reachable

    assert flow.state().current_step is WorkflowStep.REVIEW


def test_finalized_incident_rejects_every_edit(vault: Vault) -> None:
    case = walk_duty_case(vault, setup_practice(vault))
    service = IncidentService(vault)
    flow = service.workflow(case.incident_id)
    view = service.get(case.incident_id)
    consultation = ConsultationInput(ago(1), "Late colleague", "Late advice")

    edits = [
        lambda: service.add_consultation(case.incident_id, consultation),
        lambda: service.remove_disclosure(case.incident_id, view.disclosures[0].id),
        lambda: service.remove_option(case.incident_id, view.options[0].id),
        lambda: flow.save_step(WorkflowStep.SITUATION, situation()),
        lambda: flow.mark_not_applicable(WorkflowStep.REVIEW, "Changed my mind"),
        lambda: flow.go_to(WorkflowStep.REVIEW),
        lambda: flow.sign_off("Again", "Again", attestation=True),
    ]
    for edit in edits:
        with pytest.raises(ImmutableRecordError, match="finalized"):
            edit()
    assert service.verify(case.incident_id)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE incidents SET title = 'changed' WHERE id = {id}",
        "DELETE FROM incidents WHERE id = {id}",
        "UPDATE incident_steps SET data = '{{}}' WHERE incident_id = {id}",
        "UPDATE consultations SET advice = 'changed' WHERE incident_id = {id}",
        "DELETE FROM disclosures WHERE incident_id = {id}",
        "DELETE FROM notifications WHERE incident_id = {id}",
        "UPDATE incident_options SET chosen = false WHERE incident_id = {id}",
        "INSERT INTO evidence_items (incident_id, kind, content, source, attachment_name, "
        "attachment_type, attachment_sha256, recorded_at) "
        "VALUES ({id}, 'observation', 'x', '', '', '', '', '2026-01-01 00:00:00')",
    ],
)
def test_finalized_incident_rejects_raw_sql(vault: Vault, statement: str) -> None:
    case = walk_duty_case(vault, setup_practice(vault))

    with pytest.raises(DBAPIError, match="finalized"), vault.engine.connect() as connection:
        connection.exec_driver_sql(statement.format(id=case.incident_id))
        connection.commit()

    assert IncidentService(vault).verify(case.incident_id)


def test_addendum_after_finalizing_appears_in_the_next_export(vault: Vault, tmp_path: Path) -> None:
    case = walk_duty_case(vault, setup_practice(vault))
    service = IncidentService(vault)
    before = pdf_text(export_incident_report(vault, case.incident_id, tmp_path / "before.pdf"))

    service.add_addendum(case.incident_id, "Police confirmed a welfare check on Sam Okafor.")
    after = pdf_text(export_incident_report(vault, case.incident_id, tmp_path / "after.pdf"))

    assert "welfare check" not in before and "Addenda (0)" in before
    assert "Police confirmed a welfare check on Sam Okafor." in after
    assert "Addenda (1)" in after and "Addendum added" in after
    assert service.verify(case.incident_id)  # addenda are outside the sealed content


def test_decided_not_to_disclose_exports_rationale_without_disclosures(
    vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_practice(vault, jurisdiction="TX")
    service = IncidentService(vault)
    incident_id = service.start(client_id, ExceptionType.DANGER_TO_OTHERS)
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.SITUATION,
        SituationFields(
            statement='"Sometimes I picture my boss getting hurt."',
            occurred_at=ago(5),
            communicated_by=Communicator.CLIENT,
            at_risk="The client's supervisor",
            identifiable_victim=True,
            imminence=situation().imminence,
            risk=situation().risk,
        ),
    )
    flow.complete_step(WorkflowStep.SITUATION)
    rationale = "Passing image without intent or plan; safety plan agreed; no serious threat."
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(decision=DisclosureDecision.NOT_DISCLOSED, rationale=rationale),
    )
    flow.complete_step(WorkflowStep.DISCLOSURE)
    for step in SKIPPABLE:
        flow.mark_not_applicable(step, "Assessed in session; documented in the situation")
    flow.sign_off("No disclosure made", "Reassess at the next session", attestation=True)

    text = pdf_text(export_incident_report(vault, incident_id, tmp_path / "nd.pdf"))

    assert service.get(incident_id).outcome == "not_disclosed"
    with vault.session() as session:
        count = session.scalar(select(func.count()).select_from(Disclosure))
    assert count == 0
    assert "Decision not to disclose" in text and rationale in text
    assert "Decided not to disclose" in text and "Disclosures (0)" in text
    assert "permissive" in text.lower()


def test_not_disclosed_decision_is_refused_while_disclosures_exist(vault: Vault) -> None:
    service, incident_id = _release_case(vault)
    flow = service.workflow(incident_id)
    flow.save_step(
        WorkflowStep.DISCLOSURE,
        DisclosureFields(decision=DisclosureDecision.NOT_DISCLOSED, rationale="Changed mind"),
    )

    with pytest.raises(WorkflowError, match="remove them"):
        flow.complete_step(WorkflowStep.DISCLOSURE)
