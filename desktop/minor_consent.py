"""State rules under which a minor may consent alone to outpatient mental-health treatment.

Typed with pydantic: ``minor_consent.json`` is validated against these models when it is read,
and ``minor_consent.schema.json`` beside it is generated from them (``python -m
desktop.minor_consent --schema``; a test checks the committed copy). Only rules found in a public
primary source are listed, each with its citation, source address and review date; a state with
no entry has no cited rule on file, and the clinician records the basis and its citation. Reference
data, not legal advice.
"""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from desktop.errors import ConfideError
from desktop.resources import resource_path

FILE_NAME = "minor_consent.json"
SCHEMA_FILE_NAME = "minor_consent.schema.json"
OTHER_BASIS = "Other (cite it)"

Text = Annotated[str, Field(min_length=1)]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]


class MinorConsentDataError(ConfideError):
    """The minor-consent data file is damaged or does not follow its schema."""

    default_advice = "Reinstall Confide or restore its resources folder. Nothing was changed."


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    title: Text
    url: Url


class MinorConsentRule(_Frozen):
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


class MinorConsentFile(_Frozen):
    schema_version: Literal[1]
    disclaimer: Text
    rules: tuple[MinorConsentRule, ...]

    @model_validator(mode="after")
    def _citations_are_unique(self) -> MinorConsentFile:
        citations = [rule.citation for rule in self.rules]
        if len(set(citations)) != len(citations):
            raise ValueError("two rules share a citation")
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema generated from the types (what the committed schema file must equal)."""
    return MinorConsentFile.model_json_schema()


def load_rules(path: Path | None = None) -> MinorConsentFile:
    return _read(path) if path is not None else _default_rules()


@functools.cache
def _default_rules() -> MinorConsentFile:
    return _read(resource_path("jurisdictions", FILE_NAME))


def _read(path: Path) -> MinorConsentFile:
    try:
        return MinorConsentFile.model_validate_json(path.read_bytes())
    except (OSError, ValidationError) as exc:
        raise MinorConsentDataError(
            f"{FILE_NAME} could not be read: {type(exc).__name__}."
        ) from exc


def rules_for(jurisdiction_code: str) -> tuple[MinorConsentRule, ...]:
    """The cited rules on file for one state (none: the clinician cites the basis)."""
    return tuple(r for r in load_rules().rules if r.jurisdiction == jurisdiction_code)


def rule_cited_in(basis: str) -> MinorConsentRule | None:
    """The rule on file whose citation a recorded basis starts with, if any."""
    text = basis.strip()
    return next((r for r in load_rules().rules if text.startswith(r.citation)), None)


def no_rule_message(state_name: str) -> str:
    return f"No cited rule on file for {state_name}: record the basis and its citation."


if __name__ == "__main__":
    if sys.argv[1:] == ["--schema"]:
        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    else:
        print("usage: python -m desktop.minor_consent --schema", file=sys.stderr)
        sys.exit(2)
