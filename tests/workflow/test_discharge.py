"""Every discharge route can be recorded; an undischarged duty needs a written acknowledgement;
a decision not to disclose says "no duty arose" instead of a discharge warning (item 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.domain import ExceptionType, LegalBasis, RecipientRole
from desktop.errors import WorkflowError
from desktop.reports.incident_report import export_incident_report
from desktop.services.incidents import IncidentService
from desktop.storage.vault import Vault
from desktop.workflow.discharge import gaps_for, no_duty_sentence
from desktop.workflow.fields import (
    DisclosureDecision,
    DisclosureFields,
    Precaution,
    PrecautionKind,
)
from desktop.workflow.steps import WorkflowStep
from tests.workflow.cases import pdf_text, setup_practice, situation
from tests.workflow.test_rules import disclosure

OTHERS = ExceptionType.DANGER_TO_OTHERS
SKIPPABLE = (
    WorkflowStep.REVIEW,
    WorkflowStep.DOCUMENTATION,
    WorkflowStep.CONSULTATION,
    WorkflowStep.LEGAL_COUNSEL,
    WorkflowStep.CLIENT_NOTIFICATION,
)


def test_ohio_2305_51_a_treatment_plan_change_discharges_the_duty() -> None:
    assert gaps_for(OTHERS, "OH", [], DisclosureFields())
    plan = Precaution(PrecautionKind.TREATMENT_PLAN_CHANGE, details="Twice-weekly sessions")
    assert gaps_for(OTHERS, "OH", [], DisclosureFields(precaution=plan)) == []
    empty = Precaution(PrecautionKind.TREATMENT_PLAN_CHANGE, details="  ")
    assert gaps_for(OTHERS, "OH", [], DisclosureFields(precaution=empty))


@pytest.mark.parametrize("code", ["MD", "AZ", "VA", "IN"])
def test_other_precautions_and_hospitalization_are_recordable_routes(code: str) -> None:
    for kind in (PrecautionKind.SECOND_OPINION, PrecautionKind.INVOLUNTARY_HOSPITALIZATION):
        taken = DisclosureFields(precaution=Precaution(kind, details="Recorded with details"))
        assert gaps_for(OTHERS, code, [], taken) == [], (code, kind)


def test_tennessee_alternative_other_precaution_plus_police() -> None:
    plan = DisclosureFields(precaution=Precaution(PrecautionKind.OTHER_PRECAUTION, details="x"))
    assert gaps_for(OTHERS, "TN", [], plan)
    assert gaps_for(OTHERS, "TN", [RecipientRole.LAW_ENFORCEMENT], plan) == []


def test_a_decision_not_to_disclose_replaces_the_discharge_warning() -> None:
    decided = DisclosureFields(
        decision=DisclosureDecision.NOT_DISCLOSED, rationale="A figure of speech, no intent"
    )
    assert gaps_for(OTHERS, "CA", [], decided) == []
    assert no_duty_sentence(decided) == "No duty arose: A figure of speech, no intent"
    assert no_duty_sentence(DisclosureFields(decision=DisclosureDecision.DISCLOSED)) is None


def test_danger_to_self_is_not_checked_against_the_duty_to_protect_others() -> None:
    assert gaps_for(ExceptionType.DANGER_TO_SELF, "CA", [], DisclosureFields()) == []


def test_california_police_only_sign_off_needs_a_written_acknowledgement(
    vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_practice(vault, "CA")
    service = IncidentService(vault)
    incident_id = service.start(client_id, OTHERS)
    flow = service.workflow(incident_id)
    flow.save_step(WorkflowStep.SITUATION, situation())
    flow.complete_step(WorkflowStep.SITUATION)
    for step in SKIPPABLE:
        flow.mark_not_applicable(step, "Recorded elsewhere in the chart")
    police = disclosure(client_id, RecipientRole.LAW_ENFORCEMENT, LegalBasis.REQUIRED_BY_LAW)
    service.add_disclosure(incident_id, police)
    flow.save_step(WorkflowStep.DISCLOSURE, DisclosureFields(decision=DisclosureDecision.DISCLOSED))
    flow.complete_step(WorkflowStep.DISCLOSURE)

    with pytest.raises(WorkflowError, match="acknowledgement"):
        flow.sign_off("Police told", "Weekly sessions", attestation=True)
    reason = "The victim could not be reached before the client was admitted"
    flow.sign_off("Police told", "Weekly sessions", True, acknowledgement=reason)

    text = pdf_text(export_incident_report(vault, incident_id, tmp_path / "ack.pdf"))
    assert "victim has not been warned" in text and reason in text
