"""Every exception type is complete in the four places its knowledge lives (ARCHITECTURE.md,
"a new exception type"): its label and consent limit in desktop/domain.py, its profile in
desktop/workflow/exceptions.py, its guidance notes in resources/guidance/steps.json and its
HIPAA bases in resources/jurisdictions/federal.json. No other module names a single type, so a
new one touches those four files."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.domain import ConfidentialityLimit, ExceptionType, RecipientRole, WorkflowStep
from desktop.guidance import load_guidance
from desktop.jurisdictions import jurisdiction, load_federal_rules
from desktop.workflow.deadline_notice import DeadlineFacts, deadline_notice
from desktop.workflow.exceptions import DeadlineRule, profile

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"

# Where a single exception type may be named in code: its definition and profile, the
# jurisdiction data's own abuse-reporting tables, and the demo's synthetic incidents.
NAMES_A_TYPE = {"domain.py", "workflow/exceptions.py", "jurisdictions.py", "services/demo"}

EVERY_TYPE_GUIDED = (WorkflowStep.SITUATION, WorkflowStep.REVIEW, WorkflowStep.DISCLOSURE)


@pytest.mark.parametrize("kind", list(ExceptionType))
def test_every_type_has_a_label_and_the_consent_limit_that_tells_the_client(
    kind: ExceptionType,
) -> None:
    assert kind.label.strip() == kind.label != ""
    assert isinstance(kind.limit, ConfidentialityLimit)


def test_the_labels_tell_the_types_apart() -> None:
    labels = [kind.label.casefold() for kind in ExceptionType]
    assert len(set(labels)) == len(labels)


@pytest.mark.parametrize("kind", list(ExceptionType))
def test_every_type_has_a_complete_profile(kind: ExceptionType) -> None:
    item = profile(kind)
    assert item.kind is kind
    assert set(item.allowed_bases) == set(RecipientRole)
    assert all(item.bases_for(role) for role in RecipientRole)
    reports = item.deadline is DeadlineRule.ABUSE_REPORT
    assert bool(item.report_roles) == reports
    assert (jurisdiction("CA").reporting(kind) is not None) == reports
    if item.needs_victim:
        assert item.needs_account


@pytest.mark.parametrize("kind", list(ExceptionType))
def test_every_type_has_guidance_and_its_hipaa_bases(kind: ExceptionType) -> None:
    guidance = load_guidance()
    for step in EVERY_TYPE_GUIDED:
        assert guidance[step.value].note_for(kind), (step, kind)
    rule = load_federal_rules()[kind]
    assert rule.bases and all(basis.citation for basis in rule.bases)


@pytest.mark.parametrize(
    ("kind", "word"),
    [
        (ExceptionType.CHILD_ABUSE, "Report"),
        (ExceptionType.COURT_ORDER, "Response"),
        (ExceptionType.DANGER_TO_OTHERS, "Action"),
    ],
)
def test_the_deadline_banner_words_follow_the_profile(kind: ExceptionType, word: str) -> None:
    opened = datetime.now(UTC)
    facts = DeadlineFacts(1, kind, opened, opened + timedelta(days=2), "", overdue=False)
    notice = deadline_notice(facts, now=opened)
    assert notice is not None and notice.headline.startswith(f"{word} due in")
    assert ("suspicion" in notice.detail) == (word == "Report")


def test_no_other_module_names_a_single_exception_type() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if any(
            relative == allowed or relative.startswith(allowed + "/") for allowed in NAMES_A_TYPE
        ):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {"ExceptionType"} | {
            target.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ExceptionType"
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        offenders += [
            f"{relative}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
            and node.attr in ExceptionType.__members__
        ]
    assert offenders == []
