"""Mandated reporting for all 51 jurisdictions: cited or marked unknown, schema-checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import ConfideError
from desktop.jurisdictions import jurisdiction, load_jurisdictions
from desktop.mandated_reporting import FILE_NAME, AbuseReporting, load_reporting
from desktop.resources import resource_path
from desktop.resources.typed import ResourceDataError
from desktop.workflow.reporting_text import UNKNOWN_AGENCY, UNKNOWN_DEADLINE, abuse_rule
from tests.test_jurisdictions import US_CODES

FACTS = (
    "citation",
    "agency",
    "hotline",
    "oral_report",
    "deadline_hours",
    "written_report",
    "written_followup_hours",
    "form",
    "mental_health_professionals_mandated",
)


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resource_path("jurisdictions", FILE_NAME).read_text(encoding="utf-8")
    )
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / FILE_NAME
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _blocks() -> list[tuple[str, str, AbuseReporting]]:
    found = []
    for code, entry in load_reporting().items():
        found.append((code, "child_abuse", entry.child_abuse))
        found.append((code, "vulnerable_adult", entry.vulnerable_adult))
    return found


def test_every_block_of_all_51_jurisdictions_is_cited_or_marked_unknown() -> None:
    reporting = load_reporting()
    assert set(reporting) == US_CODES
    for code, kind, block in _blocks():
        where = f"{code} {kind}"
        facts = [name for name in FACTS if getattr(block, name) is not None]
        if block.known:
            assert facts, where
            assert block.sources, where
            urls = [s.url for s in block.sources if s.url is not None]
            assert all(url.startswith(("https://", "http://")) for url in urls), where
        else:
            assert facts == [], where
            assert "Nothing here is known from a source" in block.notes, where
        assert block.notes.strip() and block.last_reviewed, where


def test_at_least_45_jurisdictions_have_a_cited_child_abuse_agency_and_timing() -> None:
    cited = {
        code
        for code, entry in load_reporting().items()
        if entry.child_abuse.citation
        and entry.child_abuse.agency
        and entry.child_abuse.deadline_hours is not None
        and entry.child_abuse.sources
    }
    assert len(cited) >= 45
    # "promptly" or no deadline in the sources read, or no agency named in them:
    assert US_CODES - cited == {"KS", "MT", "NC", "OK", "SC", "TX"}


def test_adult_abuse_is_known_for_the_twelve_jurisdictions_researched() -> None:
    known = {code for code, entry in load_reporting().items() if entry.vulnerable_adult.known}
    assert known == {"AL", "CA", "FL", "IL", "KS", "MS", "NJ", "NY", "OR", "TX", "WV", "WY"}


def test_jurisdiction_carries_the_reporting_facts() -> None:
    california = jurisdiction("CA").child_abuse
    assert (california.deadline_hours, california.written_followup_hours) == (0, 36)
    assert california.form == "SS 8572 (DOJ Suspected Child Abuse Report)"
    assert california.citation == "Cal. Penal Code §§ 11165.7, 11165.9, 11166(a)"
    assert california.mental_health_professionals_mandated is True


def test_california_adult_written_report_in_two_working_days_is_encoded_as_48_hours() -> None:
    adult = jurisdiction("CA").vulnerable_adult
    assert adult.written_followup_hours == 48
    assert "never later than the statute" in adult.notes


def test_contradictions_between_sources_are_flagged_and_the_stricter_value_encoded() -> None:
    contested = {code for code, kind, block in _blocks() if block.contested}
    assert contested == {"DE", "IA", "MI", "ND", "RI", "TX", "VA", "VT", "WV"}
    texas = jurisdiction("TX").child_abuse
    assert texas.deadline_hours == 24 and "S.B. 571" in texas.notes
    assert texas.agency is None  # not named in the sources read
    assert jurisdiction("WV").child_abuse.deadline_hours == 24
    assert jurisdiction("RI").child_abuse.deadline_hours == 0
    iowa = jurisdiction("IA").child_abuse
    assert iowa.written_followup_hours is None and "CONTRADICTION" in iowa.notes


def test_new_york_has_no_mandated_reporters_of_adult_abuse() -> None:
    adult = jurisdiction("NY").vulnerable_adult
    assert adult.known and adult.mental_health_professionals_mandated is False
    assert "EXCEPT New York" in adult.notes


def test_whether_to_tell_the_client_is_never_guessed() -> None:
    for _code, kind, block in _blocks():
        assert not block.tells_client.known
        if kind == "vulnerable_adult":
            assert "164.512(c)(2)" in block.tells_client.notes


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"deadline_hours": 24, "known": False}, "child_abuse"),
        ({"deadline_hours": "soon"}, "child_abuse.deadline_hours"),
        ({"deadline_hours": -1}, "child_abuse.deadline_hours"),
        ({"sources": []}, "child_abuse"),
        ({"sources": [{"title": "A", "url": "ftp://a.org"}]}, "child_abuse.sources[0].url"),
        ({"contestd": True}, "child_abuse.contestd"),
        ({"last_reviewed": "29/11/2026"}, "child_abuse.last_reviewed"),
    ],
)
def test_a_malformed_block_names_the_entry_and_field(
    tmp_path: Path, change: dict[str, Any], field: str
) -> None:
    data = _raw()
    entry = next(e for e in data["jurisdictions"] if e["code"] == "AZ")
    entry["child_abuse"] |= change
    with pytest.raises(ResourceDataError) as caught:
        load_reporting(_write(tmp_path, data))
    assert (caught.value.entry, caught.value.field) == ("AZ", field)
    assert isinstance(caught.value, ConfideError)


def test_a_repeated_code_and_a_wrong_disclaimer_are_refused(tmp_path: Path) -> None:
    data = _raw()
    data["jurisdictions"].append(data["jurisdictions"][0])
    with pytest.raises(ResourceDataError, match="repeats 'AL'"):
        load_reporting(_write(tmp_path, data))
    data = _raw() | {"disclaimer": "Trust this."}
    with pytest.raises(ResourceDataError, match="disclaimer"):
        load_reporting(_write(tmp_path, data))


def test_every_us_code_needs_a_reporting_entry_and_the_reverse(tmp_path: Path) -> None:
    data = _raw()
    data["jurisdictions"] = [e for e in data["jurisdictions"] if e["code"] != "WY"]
    with pytest.raises(ResourceDataError) as caught:
        load_jurisdictions(reporting=_write(tmp_path, data))
    assert (caught.value.entry, caught.value.field) == ("WY", "code")
    extra = _raw()
    extra["jurisdictions"].append(extra["jurisdictions"][0] | {"code": "PR", "name": "Puerto Rico"})
    with pytest.raises(ResourceDataError, match="missing from this file"):
        load_jurisdictions(reporting=_write(tmp_path, extra))


def test_the_review_panel_says_not_known_instead_of_guessing() -> None:
    alaska = abuse_rule(jurisdiction("AK").vulnerable_adult)
    assert alaska.agency == UNKNOWN_AGENCY and alaska.deadline == UNKNOWN_DEADLINE
    assert alaska.citation.startswith("Not known from a source")
    kansas = abuse_rule(jurisdiction("KS").child_abuse)
    assert kansas.deadline == "The statute says: promptly (no hour count given)."
    california = dict(abuse_rule(jurisdiction("CA").child_abuse).rows())
    assert california["Deadline"].startswith("Report immediately")
    assert california["Written report"].startswith("Within 36 hours")
    assert california["Form"] == "SS 8572 (DOJ Suspected Child Abuse Report)"
    assert "leginfo.legislature.ca.gov" in california["Sources"]
    assert dict(abuse_rule(jurisdiction("TX").child_abuse).rows())["Sources disagree"]
