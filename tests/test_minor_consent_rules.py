"""Minor-consent rules from jurisdiction data: typed, schema-checked, cited, never guessed."""

from __future__ import annotations

from desktop.jurisdictions import load_jurisdictions
from desktop.minor_consent import (
    load_rules,
    no_rule_message,
    rule_cited_in,
    rules_for,
)


def test_every_rule_cites_its_statute_on_the_legislatures_own_site() -> None:
    codes = set(load_jurisdictions())
    official = ("https://leginfo.legislature.ca.gov/", "https://app.leg.wa.gov/")
    for rule in load_rules().rules:
        assert rule.jurisdiction in codes
        assert rule.source_url.startswith(official), rule.citation
        assert rule.conditions and rule.last_reviewed.year >= 2026


def test_california_offers_both_statutes_the_issue_names() -> None:
    citations = [rule.citation for rule in rules_for("CA")]
    assert citations == ["Cal. Fam. Code §6924(b)", "Cal. Health & Safety Code §124260(b)"]
    family = rules_for("CA")[0]
    assert family.contested and "AB 665" in family.notes  # the 2024 change is flagged


def test_a_state_without_a_cited_rule_says_so() -> None:
    assert rules_for("TX") == ()
    assert no_rule_message("Texas") == (
        "No cited rule on file for Texas: record the basis and its citation."
    )


def test_a_recorded_basis_is_traced_back_to_its_rule() -> None:
    washington = rules_for("WA")[0]
    assert rule_cited_in(washington.recorded_basis) == washington
    assert rule_cited_in("Some other statute §1") is None
