"""Wizard guidance: the bundled file covers every step and validates strictly."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from desktop.domain import ExceptionType
from desktop.guidance import STEPS, guidance_notice, load_guidance, parse_guidance
from desktop.resources import resource_path
from desktop.resources.typed import ResourceDataError

EXPECTED_STEPS = (
    "situation",
    "review",
    "documentation",
    "consultation",
    "legal_counsel",
    "client_notification",
    "disclosure",
    "sign_off",
)


def _bundled_json() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resource_path("guidance", "steps.json").read_text(encoding="utf-8")
    )
    return data


def _sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


def test_guidance_covers_all_eight_steps_in_order() -> None:
    guidance = load_guidance()
    assert STEPS == EXPECTED_STEPS
    assert tuple(guidance) == EXPECTED_STEPS
    for name, step in guidance.items():
        assert step.step == name
        assert step.title
        assert 2 <= _sentences(step.what_to_do) <= 4, name
        assert step.what_to_write
        assert all(bullet.strip() for bullet in step.what_to_write)


def test_every_extra_key_is_a_valid_exception_type() -> None:
    raw = _bundled_json()["steps"]
    valid = {exception.value for exception in ExceptionType}
    for name, step in raw.items():
        assert set(step.get("extra", {})) <= valid, name
    for step_guidance in load_guidance().values():
        assert all(isinstance(key, ExceptionType) for key in step_guidance.extra)


def test_notice_says_not_legal_advice() -> None:
    assert "not legal advice" in guidance_notice().lower()


def test_key_rules_are_present_with_citations() -> None:
    disclosure = load_guidance()["disclosure"]
    court = disclosure.note_for(ExceptionType.COURT_ORDER) or ""
    assert "satisfactory assurances" in court
    assert "164.512(e)(1)(ii)" in court
    assert "Psychotherapy notes need the client's authorization or a court order" in court
    crime = disclosure.note_for(ExceptionType.CRIME) or ""
    assert "not a serious threat" in crime
    assert "164.512(j)(2)" in crime
    insurance = disclosure.note_for(ExceptionType.INSURANCE) or ""
    assert "minimum billing data" in insurance
    assert "do not bill the insurer" in insurance
    assert "164.522(a)(1)(vi)" in insurance
    for exception in (ExceptionType.CHILD_ABUSE, ExceptionType.VULNERABLE_ADULT_ABUSE):
        note = disclosure.note_for(exception) or ""
        assert "agency" in note
        assert "time of the report" in note
        assert "reference number" in note
        assert "unless that would endanger" in note


def test_note_for_missing_type_is_none() -> None:
    assert load_guidance()["legal_counsel"].note_for(ExceptionType.INSURANCE) is None


def test_guidance_is_read_only() -> None:
    guidance = load_guidance()
    with pytest.raises(TypeError):
        guidance["situation"] = guidance["review"]  # type: ignore[index]
    with pytest.raises(TypeError):
        guidance["disclosure"].extra[ExceptionType.CRIME] = "x"  # type: ignore[index]


def _mutated(change: Any) -> str:
    data = _bundled_json()
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "entry", "field", "fragment"),
    [
        ("{not json", "(file)", "(root)", "not JSON"),
        ("[]", "(file)", "(root)", "should be an object"),
        (_mutated(lambda d: d.pop("notice")), "(file)", "notice", "is missing"),
        (_mutated(lambda d: d["steps"].pop("consultation")), "consultation", "(root)", "missing"),
        (_mutated(lambda d: d["steps"].update(extra_step={})), "extra_step", "(root)", "known"),
        (_mutated(lambda d: d["steps"]["review"].pop("title")), "review", "title", "missing"),
        (
            _mutated(lambda d: d["steps"]["review"].update(colour="red")),
            "review",
            "colour",
            "is not a known field",
        ),
        (
            _mutated(lambda d: d["steps"]["review"].update(what_to_write=[])),
            "review",
            "what_to_write",
            "at least 1 item",
        ),
        (
            _mutated(lambda d: d["steps"]["review"].update(what_to_do="  ")),
            "review",
            "what_to_do",
            "must not be blank",
        ),
        (
            _mutated(lambda d: d["steps"]["disclosure"]["extra"].update(jaywalking="x")),
            "disclosure",
            "extra.jaywalking",
            "is not a valid name here: input should be 'danger_to_self'",
        ),
        ('{"notice": "a", "notice": "b", "steps": {}}', "(file)", "notice", "is given twice"),
    ],
)
def test_parse_guidance_rejects_bad_files(text: str, entry: str, field: str, fragment: str) -> None:
    with pytest.raises(ResourceDataError) as caught:
        parse_guidance(text)
    assert (caught.value.entry, caught.value.field) == (entry, field)
    assert caught.value.message.startswith(f"steps.json, entry '{entry}': field '{field}' ")
    assert fragment in caught.value.message


def test_parse_guidance_accepts_the_bundled_file() -> None:
    book = parse_guidance(json.dumps(_bundled_json()))
    assert tuple(book.steps) == EXPECTED_STEPS
    assert book.steps == dict(load_guidance())
