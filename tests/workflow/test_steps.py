"""The step table, navigation and field storage, with no vault and no Qt."""

from __future__ import annotations

import itertools

import pytest

from desktop.domain import ExceptionType, StepStatus, WorkflowStep
from desktop.guidance import STEPS
from desktop.workflow import rules
from desktop.workflow.fields import AbuseReport, DisclosureDecision, DisclosureFields
from desktop.workflow.records import STEP_FIELDS
from desktop.workflow.serialize import from_json, to_json
from desktop.workflow.steps import ORDER, TRANSITIONS, reachable
from tests.support.cases import ago, situation


def test_eight_steps_in_design_order_match_the_guidance() -> None:
    assert [step.value for step in ORDER] == list(STEPS)
    assert WorkflowStep.SITUATION.previous is None
    assert WorkflowStep.SIGN_OFF.next is None
    for before, after in itertools.pairwise(ORDER):
        assert before.next is after and after.previous is before
        assert TRANSITIONS[after] == (before, after.next)
    assert WorkflowStep.CONSULTATION.heading == "Step 4, Consultation"


def test_reachable_steps_are_neighbours_and_started_ones() -> None:
    statuses = dict.fromkeys(ORDER, StepStatus.NOT_STARTED)
    statuses[WorkflowStep.DISCLOSURE] = StepStatus.DRAFT

    found = reachable(WorkflowStep.REVIEW, statuses)

    assert found == {
        WorkflowStep.SITUATION,
        WorkflowStep.REVIEW,
        WorkflowStep.DOCUMENTATION,
        WorkflowStep.DISCLOSURE,
    }


def test_status_done_means_complete_or_not_applicable() -> None:
    assert [s for s in StepStatus if s.done] == [StepStatus.COMPLETE, StepStatus.NOT_APPLICABLE]


def test_every_step_field_type_round_trips_through_json() -> None:
    samples = {step: cls() for step, cls in STEP_FIELDS.items()}
    samples[WorkflowStep.SITUATION] = situation()
    samples[WorkflowStep.DISCLOSURE] = DisclosureFields(
        decision=DisclosureDecision.DISCLOSED,
        abuse_report=AbuseReport(agency="CPS", reported_at=ago(1), reference_number="7"),
    )
    for step, value in samples.items():
        assert from_json(STEP_FIELDS[step], to_json(value)) == value


def test_reading_ignores_unknown_keys_and_rejects_wrong_types() -> None:
    data = to_json(DisclosureFields(rationale="kept"))
    data["added_by_a_newer_version"] = 1

    assert from_json(DisclosureFields, data).rationale == "kept"
    with pytest.raises(ValueError, match="field 'rationale' is not valid: input should be a valid"):
        from_json(DisclosureFields, {"rationale": 3})
    with pytest.raises(ValueError) as caught:
        from_json(DisclosureFields, {"rationale": ["Jane Roe"]})
    assert "Jane" not in str(caught.value)


def test_cleaning_refuses_naive_times_and_strips_controls() -> None:
    from datetime import datetime

    from desktop.errors import UserInputError

    dirty = DisclosureFields(decision=DisclosureDecision.DISCLOSED, rationale="a\x00b")
    clean = rules.cleaned(dirty, WorkflowStep.DISCLOSURE)
    assert clean == DisclosureFields(decision=DisclosureDecision.DISCLOSED, rationale="ab")
    assert isinstance(clean, DisclosureFields)
    assert type(clean.decision) is DisclosureDecision
    naive = AbuseReport(reported_at=datetime(2026, 1, 1))
    with pytest.raises(UserInputError, match="time zone"):
        rules.cleaned(DisclosureFields(abuse_report=naive), WorkflowStep.DISCLOSURE)


@pytest.mark.parametrize("kind", list(ExceptionType))
def test_an_empty_situation_names_what_is_missing_for_every_exception(kind: ExceptionType) -> None:
    context = rules.StepContext(
        exception_type=kind, situation=STEP_FIELDS[WorkflowStep.SITUATION]()
    )
    missing = rules.problems(WorkflowStep.SITUATION, context.situation, context)

    assert missing
    assert all(item and item[0].islower() for item in missing)
