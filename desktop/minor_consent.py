"""State rules under which a minor may consent alone to outpatient mental-health treatment.

Typed with pydantic like the other data files (``desktop.resources.typed``):
``minor_consent.json`` is validated against these models when it is read, and
``minor_consent.schema.json`` beside it is generated from them (``python -m
desktop.resource_schemas``; a test checks the committed copy). Only rules found in a public
primary source are listed, each with its citation, source address and review date; a state with
no entry has no cited rule on file, and the clinician records the basis and its citation. Reference
data, not legal advice.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from desktop.resources import resource_path
from desktop.resources.typed import Frozen, ReferenceFile, Text, read_model, unique_labels

FILE_NAME = "minor_consent.json"
OTHER_BASIS = "Other (cite it)"
ENTRIES = {"rules": "citation"}
"""How an error names an entry of minor_consent.json."""

Url = Annotated[str, Field(pattern=r"^https?://\S+$")]


class Source(Frozen):
    title: Text
    url: Url


class MinorConsentRule(Frozen):
    """One statute letting a minor consent alone to outpatient mental-health treatment."""

    jurisdiction: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    citation: Text
    """As it is stored on the consent, e.g. "Cal. Health & Safety Code §124260(b)"."""
    minimum_age: Annotated[int, Field(ge=0, le=17)]
    services: Text
    conditions: tuple[Text, ...]
    """Every condition the statute sets besides the age (all must hold)."""
    parent_involvement: Text
    source_url: Url
    """The statute's text on the state legislature's own site."""
    other_sources: tuple[Source, ...] = ()
    last_reviewed: date
    contested: bool
    """True where sources disagree or the text changed recently (see ``notes``)."""
    notes: str = ""

    @property
    def choice_label(self) -> str:
        """E.g. "Cal. Fam. Code §6924 (age 12 or older; mature enough to participate ...)"."""
        return f"{self.citation} (age {self.minimum_age} or older; {'; '.join(self.conditions)})"

    @property
    def recorded_basis(self) -> str:
        """What the consent stores: the citation, then what the clinician attests to."""
        return (
            f"{self.citation}: the client was {self.minimum_age} or older and "
            f"{'; '.join(self.conditions)}"
        )


class MinorConsentFile(ReferenceFile):
    """minor_consent.json: the cited rules, each citation once."""

    rules: tuple[MinorConsentRule, ...]

    @model_validator(mode="after")
    def _citations_are_unique(self) -> MinorConsentFile:
        unique_labels(tuple(rule.citation for rule in self.rules), "rules", "citation")
        return self


def load_rules(path: Path | None = None) -> MinorConsentFile:
    return _read(path) if path is not None else _default_rules()


@functools.cache
def _default_rules() -> MinorConsentFile:
    return _read(resource_path("jurisdictions", FILE_NAME))


def _read(path: Path) -> MinorConsentFile:
    return read_model(MinorConsentFile, path, ENTRIES)


def rules_for(jurisdiction_code: str) -> tuple[MinorConsentRule, ...]:
    """The cited rules on file for one state (none: the clinician cites the basis)."""
    return tuple(r for r in load_rules().rules if r.jurisdiction == jurisdiction_code)


def rule_cited_in(basis: str) -> MinorConsentRule | None:
    """The rule on file whose citation a recorded basis starts with, if any."""
    text = basis.strip()
    return next((r for r in load_rules().rules if text.startswith(r.citation)), None)


def no_rule_message(state_name: str) -> str:
    return f"No cited rule on file for {state_name}: record the basis and its citation."
