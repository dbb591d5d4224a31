"""Every discharge route can be recorded; an undischarged duty needs a written acknowledgement;
a decision not to disclose says "no duty arose" instead of a discharge warning (item 4)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from desktop.domain import ExceptionType, LegalBasis, Profession, RecipientRole, WorkflowStep
from desktop.errors import WorkflowError
from desktop.jurisdictions import jurisdiction
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.services.practice.practitioner import PractitionerService
from desktop.storage.vault import Vault
from desktop.workflow.discharge import gaps_for, no_duty_sentence, scope_notes
from desktop.workflow.fields import (
    DisclosureDecision,
    DisclosureFields,
    Precaution,
    PrecautionKind,
    SituationFields,
)
from desktop.workflow.records import practitioner_profession
from tests.support.cases import setup_practice, situation
from tests.support.pdf import pdf_text
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


def test_new_york_safe_act_covers_danger_to_self_and_minnesota_does_not() -> None:
    self_harm = ExceptionType.DANGER_TO_SELF
    new_york = gaps_for(self_harm, "NY", [], DisclosureFields())
    assert new_york and "county" in new_york[0]
    assert gaps_for(self_harm, "NY", [RecipientRole.COUNTY_AUTHORITY], DisclosureFields()) == []
    assert gaps_for(self_harm, "MN", [], DisclosureFields()) == []
    duty = jurisdiction("CA").duty_to_warn
    assert "not in the reference data" in scope_notes(self_harm, duty, None)[0]


def test_idaho_requires_notifying_a_minor_victims_parent_too() -> None:
    both = [RecipientRole.POTENTIAL_VICTIM, RecipientRole.LAW_ENFORCEMENT]
    minor = SituationFields(victim_is_minor=True)
    gaps = gaps_for(OTHERS, "ID", both, DisclosureFields(), situation=minor)
    assert gaps == [
        "The minor victim's parent or guardian has not been notified; Idaho requires it as "
        "well (Idaho Code §§6-1901 to 6-1904)."
    ]
    told = [*both, RecipientRole.VICTIM_PARENT_OR_GUARDIAN]
    assert gaps_for(OTHERS, "ID", told, DisclosureFields(), situation=minor) == []
    assert gaps_for(OTHERS, "ID", both, DisclosureFields(), situation=SituationFields()) == []


def test_new_jersey_warning_a_minor_victims_parent_warns_the_victim() -> None:
    parent = [RecipientRole.VICTIM_PARENT_OR_GUARDIAN]
    minor = SituationFields(victim_is_minor=True)
    assert gaps_for(OTHERS, "NJ", parent, DisclosureFields(), situation=minor) == []
    assert gaps_for(OTHERS, "NJ", parent, DisclosureFields(), situation=SituationFields())


def test_north_dakota_rule_names_the_profession_it_covers() -> None:
    duty = jurisdiction("ND").duty_to_warn
    notes = " ".join(scope_notes(OTHERS, duty, Profession.PSYCHOLOGIST))
    assert (
        "Marriage and family therapist (LMFT)" in notes and "Your profession: Psychologist" in notes
    )


def test_the_profession_is_a_choice_kept_in_the_profile(vault: Vault) -> None:
    setup_practice(vault, "ND")
    service = PractitionerService(vault)
    service.save(replace(service.require(), profession=Profession.LMFT))
    assert service.require().profession is Profession.LMFT
    with vault.session() as session:
        assert practitioner_profession(session) is Profession.LMFT


def test_north_dakota_mft_duty_is_computed_from_the_profession() -> None:
    nobody: list[RecipientRole] = []
    both = [RecipientRole.POTENTIAL_VICTIM, RecipientRole.LAW_ENFORCEMENT]
    lmft = gaps_for(OTHERS, "ND", nobody, DisclosureFields(), profession=Profession.LMFT)
    assert lmft and "N.D.C.C. §43-53-11" in lmft[0] and "North Dakota requires both" in lmft[0]
    assert gaps_for(OTHERS, "ND", both, DisclosureFields(), profession=Profession.LMFT) == []
    for other in (Profession.PSYCHOLOGIST, Profession.LCSW, Profession.LPC_LMHC):
        assert gaps_for(OTHERS, "ND", nobody, DisclosureFields(), profession=other) == []
    assert gaps_for(OTHERS, "ND", nobody, DisclosureFields(), profession=None)  # stricter


def test_north_dakota_review_shows_the_rule_as_it_binds_the_practitioner(vault: Vault) -> None:
    client_id = setup_practice(vault, "ND")
    service = PractitionerService(vault)
    incidents = IncidentService(vault)
    incident_id = incidents.start(client_id, OTHERS)
    for profession, classification, verdict in (
        (Profession.LMFT, "mandatory", "so it applies to you"),
        (Profession.PSYCHOLOGIST, "none", "so it does not apply to you"),
    ):
        service.save(replace(service.require(), profession=profession))
        review = incidents.get(incident_id).review
        assert review.state_rule is not None
        assert review.state_rule.classification == classification
        assert any(verdict in warning for warning in review.rule_warnings)
