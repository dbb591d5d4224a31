"""The shipped jurisdiction rules load, say what the reference says, and bad copies fail loudly."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import ExceptionType, LegalBasis
from desktop.errors import ConfideError, UserInputError
from desktop.jurisdictions import (
    NOT_LEGAL_ADVICE,
    Classification,
    DischargeAction,
    DischargeRule,
    discharge_gaps,
    jurisdiction,
    jurisdictions_dir,
    load_federal_rules,
    load_jurisdictions,
)
from desktop.resources.typed import ResourceDataError

US_CODES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
}  # fmt: skip

Mutation = Callable[[dict[str, Any]], None]


def _raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((jurisdictions_dir() / name).read_text(encoding="utf-8"))
    return data


def _entry(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in data["jurisdictions"] if e["code"] == code)
    return found


def _write(tmp_path: Path, name: str, data: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the shipped data


def test_every_entry_validates_and_all_51_codes_are_present() -> None:
    rules = load_jurisdictions()
    assert set(rules) == US_CODES
    assert len(rules) == 51
    for code, entry in rules.items():
        assert entry.code == code
        assert entry.duty_to_warn.state_name == entry.name
        assert isinstance(entry.last_reviewed, date)
        assert entry.sources, code


def test_default_load_is_cached_and_read_only() -> None:
    assert load_jurisdictions() is load_jurisdictions()
    assert load_federal_rules() is load_federal_rules()
    with pytest.raises(TypeError):
        load_jurisdictions()["XX"] = jurisdiction("CA")  # type: ignore[index]


def test_an_explicit_path_reads_that_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "copy.json", _raw("us.json"))
    assert load_jurisdictions(path) == load_jurisdictions()


def test_counts_match_the_reference_summary() -> None:
    """regulatory.md 4.3: 37 mandatory, 13 permissive, 1 none; 16 contested rows."""
    duties = [j.duty_to_warn for j in load_jurisdictions().values()]
    assert Counter(d.classification for d in duties) == {
        Classification.MANDATORY: 37,
        Classification.PERMISSIVE: 13,
        Classification.NONE: 1,
    }
    contested = {j.code for j in load_jurisdictions().values() if j.duty_to_warn.contested}
    assert contested == {
        "AL", "AR", "FL", "HI", "IA", "IL", "KS", "ME", "MS", "MO", "NV", "NM", "NY", "NC",
        "ND", "OK",
    }  # fmt: skip


def test_arizona_is_mandatory_under_its_statute() -> None:
    arizona = jurisdiction("AZ")
    assert arizona.name == "Arizona"
    duty = arizona.duty_to_warn
    assert duty.classification is Classification.MANDATORY
    assert duty.citation == "A.R.S. §36-517.02"
    assert duty.discharge.rule is DischargeRule.ANY
    assert DischargeAction.WARN_VICTIM in duty.discharge.actions
    assert not duty.contested


def test_alaska_is_permissive() -> None:
    alaska = jurisdiction("ak")  # codes are matched in any case
    assert alaska.name == "Alaska"
    assert alaska.duty_to_warn.classification is Classification.PERMISSIVE
    assert alaska.duty_to_warn.citation == (
        "AS 08.86.200(a)(3); AS 08.29.200(a)(1); AS 08.63.200(a)(5); AS 08.95.900(a)(6)"
    )
    assert alaska.duty_to_warn.discharge.rule is DischargeRule.NONE
    assert alaska.duty_to_warn.discharge.actions == ()


def test_north_dakota_has_no_general_duty() -> None:
    north_dakota = jurisdiction(" ND ")
    assert north_dakota.name == "North Dakota"
    assert north_dakota.duty_to_warn.classification is Classification.NONE
    assert north_dakota.duty_to_warn.citation == (
        "N.D.C.C. §43-53-11(2)-(4) (marriage & family therapists only)"
    )
    assert north_dakota.duty_to_warn.contested


def test_unknown_code_is_a_user_input_error() -> None:
    with pytest.raises(UserInputError, match="'ZZ'"):
        jurisdiction("ZZ")


def test_mandatory_rows_without_discharge_detail_use_the_flagged_default() -> None:
    default = (DischargeAction.WARN_VICTIM, DischargeAction.NOTIFY_LAW_ENFORCEMENT)
    for code in ("GA", "OK", "SD", "VT"):
        duty = jurisdiction(code).duty_to_warn
        assert duty.discharge.actions == default
        assert duty.discharge.rule is DischargeRule.ANY
        assert duty.notes.endswith("Discharge method not transcribed; check statute.")


def test_sources_never_carry_a_made_up_address() -> None:
    for entry in load_jurisdictions().values():
        for source in entry.sources:
            assert source.url is None or source.url.startswith(("https://", "http://"))


def test_disclaimers() -> None:
    assert _raw("us.json")["disclaimer"].startswith("Reference data, not legal advice.")
    assert _raw("federal.json")["disclaimer"].startswith("Reference data, not legal advice.")
    assert "not legal advice" in NOT_LEGAL_ADVICE


# ---------------------------------------------------------------- discharge gaps


def test_all_rule_names_each_missing_step() -> None:
    california = jurisdiction("CA").duty_to_warn
    assert discharge_gaps(california, {"notify_law_enforcement"}) == [
        "The identifiable victim has not been warned; California requires both warning the "
        f"victim and notifying law enforcement ({california.citation})."
    ]
    assert len(discharge_gaps(california, set())) == 2
    assert discharge_gaps(california, {"warn_victim", "notify_law_enforcement"}) == []


def test_any_rule_lists_the_options_in_one_sentence() -> None:
    arizona = jurisdiction("AZ").duty_to_warn
    assert discharge_gaps(arizona, set()) == [
        "No step that discharges the duty has been recorded; Arizona accepts any one of: "
        "warning the victim, notifying law enforcement, seeking hospitalization or taking "
        "other reasonable precautions (A.R.S. §36-517.02)."
    ]
    assert discharge_gaps(arizona, {"hospitalize"}) == []


@pytest.mark.parametrize("code", ["AK", "TX", "ND"])
def test_no_gaps_where_the_state_imposes_no_duty(code: str) -> None:
    assert discharge_gaps(jurisdiction(code).duty_to_warn, set()) == []


def test_an_alternative_route_also_discharges_the_duty() -> None:
    michigan = jurisdiction("MI").duty_to_warn
    assert discharge_gaps(michigan, {"hospitalize"}) == []
    assert discharge_gaps(michigan, {"notify_law_enforcement"}) == [
        "The identifiable victim has not been warned; Michigan requires both warning the victim "
        "and notifying law enforcement, or instead seeking hospitalization (MCL 330.1946)."
    ]


def test_unknown_action_is_refused() -> None:
    with pytest.raises(UserInputError, match="call_victim"):
        discharge_gaps(jurisdiction("CA").duty_to_warn, {"call_victim"})


# ---------------------------------------------------------------- malformed copies


def _set(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(entry: dict[str, Any]) -> None:
        target: Any = entry
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(*path: str) -> Mutation:
    def mutate(entry: dict[str, Any]) -> None:
        target: Any = entry
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (_set(("duty_to_warn", "classification"), "sometimes"), "duty_to_warn.classification"),
        (_set(("duty_to_warn", "contested"), "yes"), "duty_to_warn.contested"),
        (_delete("duty_to_warn", "citation"), "duty_to_warn.citation"),
        (_set(("duty_to_warn", "discharge", "rule"), "most"), "duty_to_warn.discharge.rule"),
        (
            _set(("duty_to_warn", "discharge", "actions", 1), "call_the_victim"),
            "duty_to_warn.discharge.actions[1]",
        ),
        (_set(("duty_to_warn", "discharge", "rule"), "none"), "duty_to_warn.discharge.rule"),
        (_set(("last_reviewed",), "25/11/2026"), "last_reviewed"),
        (_set(("last_reviewed",), "2026-02-30"), "last_reviewed"),
        (_set(("sources", 0, "url"), "jaapl.org"), "sources[0].url"),
        (_set(("duty_to_warn", "contestd"), True), "duty_to_warn.contestd"),
        (_set(("child_abuse",), {}), "child_abuse"),
        (_set(("duty_to_warn", "covers_self_harm"), "yes"), "duty_to_warn.covers_self_harm"),
        (
            _set(("duty_to_warn", "minor_victim_parent"), "maybe"),
            "duty_to_warn.minor_victim_parent",
        ),
        (_set(("duty_to_warn", "professions"), ["dentist"]), "duty_to_warn.professions[0]"),
        (_set(("duty_to_warn", "professions"), []), "duty_to_warn.professions"),
    ],
)
def test_a_malformed_entry_names_the_entry_and_field(
    tmp_path: Path, mutate: Mutation, field: str
) -> None:
    data = _raw("us.json")
    mutate(_entry(data, "AZ"))
    with pytest.raises(ResourceDataError) as caught:
        load_jurisdictions(_write(tmp_path, "us.json", data))
    assert caught.value.entry == "AZ"
    assert caught.value.field == field
    assert f"entry 'AZ': field '{field}'" in str(caught.value)
    assert isinstance(caught.value, ConfideError)


def test_a_repeated_code_is_refused(tmp_path: Path) -> None:
    data = _raw("us.json")
    data["jurisdictions"].append(copy.deepcopy(_entry(data, "CA")))
    with pytest.raises(ResourceDataError, match="repeats 'CA'") as caught:
        load_jurisdictions(_write(tmp_path, "us.json", data))
    assert caught.value.field == "code"
    assert caught.value.entry == "jurisdictions[51]"


@pytest.mark.parametrize(
    ("top", "field"),
    [({"schema_version": 2}, "schema_version"), ({"jurisdictions": {}}, "jurisdictions")],
)
def test_a_malformed_file_header_is_refused(
    tmp_path: Path, top: dict[str, Any], field: str
) -> None:
    data = _raw("us.json") | top
    with pytest.raises(ResourceDataError) as caught:
        load_jurisdictions(_write(tmp_path, "us.json", data))
    assert caught.value.field == field


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "us.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResourceDataError, match="cannot be read"):
        load_jurisdictions(path)


# ---------------------------------------------------------------- federal rules


def test_federal_rules_cover_every_exception_type() -> None:
    rules = load_federal_rules()
    assert set(rules) == set(ExceptionType)
    for exception, rule in rules.items():
        assert rule.exception is exception
        assert rule.bases
        assert rule.ethics
        for basis in rule.bases:
            assert basis.accountable == basis.legal_basis.accountable
            assert basis.summary


def _warning_citations(exception: ExceptionType) -> set[str]:
    return {w.citation for w in load_federal_rules()[exception].warnings}


def test_federal_rules_carry_the_must_show_warnings() -> None:
    assert "45 CFR 164.512(e)(1)(ii)" in _warning_citations(ExceptionType.COURT_ORDER)
    assert "45 CFR 164.508(a)(2)" in _warning_citations(ExceptionType.COURT_ORDER)
    assert "45 CFR 164.512(j)(2)" in _warning_citations(ExceptionType.CRIME)
    assert "45 CFR 164.522(a)(1)(vi)" in _warning_citations(ExceptionType.INSURANCE)
    assert "45 CFR 164.512(c)(2)" in _warning_citations(ExceptionType.VULNERABLE_ADULT_ABUSE)


def test_federal_bases_match_the_shared_vocabulary() -> None:
    rules = load_federal_rules()
    court = [b.legal_basis for b in rules[ExceptionType.COURT_ORDER].bases]
    assert court == [LegalBasis.COURT_ORDER, LegalBasis.SUBPOENA]
    insurance = rules[ExceptionType.INSURANCE].bases[0]
    assert insurance.legal_basis is LegalBasis.TREATMENT_PAYMENT_OPERATIONS
    assert insurance.minimum_necessary and not insurance.accountable
    authorized = rules[ExceptionType.CLIENT_AUTHORIZED].bases[0]
    assert not authorized.minimum_necessary and not authorized.accountable


def test_federal_file_missing_an_exception_is_refused(tmp_path: Path) -> None:
    data = _raw("federal.json")
    data["rules"] = [r for r in data["rules"] if r["exception"] != "insurance"]
    with pytest.raises(ResourceDataError, match="insurance") as caught:
        load_federal_rules(_write(tmp_path, "federal.json", data))
    assert caught.value.field == "rules"


@pytest.mark.parametrize("flag", ["accountable", "minimum_necessary"])
def test_federal_flags_must_match_the_shared_vocabulary(tmp_path: Path, flag: str) -> None:
    data = _raw("federal.json")
    rule = next(r for r in data["rules"] if r["exception"] == "court_order")
    rule["bases"][1][flag] = not rule["bases"][1][flag]
    with pytest.raises(ResourceDataError) as caught:
        load_federal_rules(_write(tmp_path, "federal.json", data))
    assert (caught.value.entry, caught.value.field) == ("court_order", f"bases[1].{flag}")
