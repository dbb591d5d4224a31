"""Jurisdiction rules: each state's duty to warn and abuse-reporting facts; HIPAA and ethics bases.

The data lives in ``desktop/resources/jurisdictions/*.json``; the pydantic types below check
every field and cross-field rule when it is loaded, so a damaged or hand-edited file fails
loudly, naming the entry and field, instead of giving a clinician a wrong rule. The JSON
Schemas and SCHEMA.md beside the data are generated from these types
(``python -m desktop.resource_schemas``). Reference data, not legal advice.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import Field, PrivateAttr, model_validator

from desktop.domain import MINIMUM_NECESSARY_EXEMPT, ExceptionType, LegalBasis, Profession
from desktop.errors import UserInputError
from desktop.mandated_reporting import (
    AbuseReporting,
    Confidence,
    JurisdictionReporting,
    Source,
    load_reporting,
)
from desktop.resources import resource_path
from desktop.resources.typed import (
    FieldProblemError,
    Frozen,
    ReferenceFile,
    ResourceDataError,
    Text,
    read_model,
    unique_labels,
)

NOT_LEGAL_ADVICE = (
    "This is reference information, not legal advice: check the current law with your own "
    "lawyer before you rely on it."
)
ENTRIES = {"jurisdictions": "code", "rules": "exception"}
"""How an error names an entry of us.json and federal.json."""


class Classification(StrEnum):
    MANDATORY = "mandatory"
    PERMISSIVE = "permissive"
    NONE = "none"


class DischargeRule(StrEnum):
    ALL = "all"
    ANY = "any"
    NONE = "none"


class DischargeAction(StrEnum):
    WARN_VICTIM = "warn_victim"
    NOTIFY_LAW_ENFORCEMENT = "notify_law_enforcement"
    HOSPITALIZE = "hospitalize"
    NOTIFY_COUNTY_AUTHORITY = "notify_county_authority"
    OTHER_PRECAUTIONS = "other_precautions"

    @property
    def step(self) -> str:
        """The action as a step in a sentence ("warning the victim")."""
        return _STEPS[self][0]

    @property
    def missing(self) -> str:
        """A sentence opening that says the action has not been taken."""
        return _STEPS[self][1]


_STEPS = {
    DischargeAction.WARN_VICTIM: (
        "warning the victim",
        "The identifiable victim has not been warned",
    ),
    DischargeAction.NOTIFY_LAW_ENFORCEMENT: (
        "notifying law enforcement",
        "Law enforcement has not been notified",
    ),
    DischargeAction.HOSPITALIZE: ("seeking hospitalization", "Hospitalization has not been sought"),
    DischargeAction.NOTIFY_COUNTY_AUTHORITY: (
        "reporting to the county authority",
        "The county authority has not been notified",
    ),
    DischargeAction.OTHER_PRECAUTIONS: (
        "taking other reasonable precautions",
        "No other reasonable precaution has been recorded",
    ),
}


class MinorVictimParent(StrEnum):
    """What a state's duty says about the parent or guardian of a minor victim."""

    REQUIRED = "required"
    """Notify the parent or guardian as well (ID, MI, NV)."""
    SUBSTITUTE = "substitute"
    """Warning the parent or guardian is how a minor victim is warned (NJ, VA)."""
    PERMITTED = "permitted"
    """The statute allows telling the parent (MS)."""


class EthicsCode(StrEnum):
    APA = "APA"
    ACA = "ACA"
    NASW = "NASW"
    AAMFT = "AAMFT"


NotEmpty = Field(min_length=1)
ActionList = Annotated[tuple[DischargeAction, ...], Field(description="Steps, no repeats.")]
IsoDate = Annotated[date, Field(description="A date written YYYY-MM-DD.")]


class Discharge(Frozen):
    """How a duty to warn is discharged: ``actions`` combined by ``rule``, or any one alternative.

    Each alternative is a set of actions that, all taken together, also discharges the duty
    (e.g. Michigan: warn the victim and police, or instead hospitalize).
    """

    actions: ActionList = Field(description="The steps the rule combines. No repeats.")
    rule: DischargeRule = Field(
        description="all: every listed action is required; any: one listed action is enough; "
        "none: nothing is required (for, and only for, permissive and none classifications; "
        "actions and alternatives are then empty)."
    )
    alternatives: tuple[ActionList, ...] = Field(
        description="Other complete ways to discharge the duty: taking every action of any one "
        "inner list also satisfies it (e.g. Michigan: warn the victim and police, or "
        "hospitalize). Inner lists are non-empty."
    )

    @model_validator(mode="after")
    def _no_repeats_or_empty_routes(self) -> Discharge:
        for where, steps in [(("actions",), self.actions)] + [
            (("alternatives", index), route) for index, route in enumerate(self.alternatives)
        ]:
            if len(set(steps)) != len(steps):
                raise FieldProblemError(where, "must not list an action twice")
        if any(not steps for steps in self.alternatives):
            raise FieldProblemError(("alternatives",), "must not contain an empty list")
        return self

    def is_satisfied_by(self, taken: set[DischargeAction]) -> bool:
        if self.rule is DischargeRule.NONE:
            return True
        if self.rule is DischargeRule.ALL:
            primary = taken.issuperset(self.actions)
        else:
            primary = not taken.isdisjoint(self.actions)
        return primary or any(taken.issuperset(steps) for steps in self.alternatives)


def _check_discharge(
    classification: Classification, discharge: Discharge, where: tuple[str, ...] = ()
) -> None:
    """The discharge rule must fit the classification (a mandatory duty names its actions)."""
    rule, actions = discharge.rule, discharge.actions
    mandatory = classification is Classification.MANDATORY
    if mandatory == (rule is DischargeRule.NONE):
        problem = f"'{rule}' does not fit a '{classification}' duty"
        raise FieldProblemError((*where, "discharge", "rule"), problem)
    if rule is DischargeRule.NONE and (actions or discharge.alternatives):
        problem = "must be empty when the rule is 'none'"
        raise FieldProblemError((*where, "discharge", "actions"), problem)
    if rule is not DischargeRule.NONE and not actions:
        problem = f"must name at least one action for rule '{rule}'"
        raise FieldProblemError((*where, "discharge", "actions"), problem)


class ProfessionDuty(Frozen):
    """A profession-specific duty: its classification, discharge rule and what it rests on."""

    classification: Classification
    discharge: Discharge
    notes: Text = Field(description="What the profession-specific duty rests on.")

    @model_validator(mode="after")
    def _discharge_fits_the_classification(self) -> ProfessionDuty:
        _check_discharge(self.classification, self.discharge)
        return self


class DutyToWarn(Frozen):
    """A state's duty to warn or protect; ``state_name`` is copied in so gaps can name the state."""

    classification: Classification = Field(
        description="Best current reading, transcribed from duty_to_warn_states.json. mandatory "
        "includes law-enforcement-notice-only duties (FL, IA), New York's report to the county, "
        "and case-law duties."
    )
    citation: Text = Field(description="Statute(s) or case(s), verbatim from the reference.")
    trigger: Text = Field(
        description="In plain words, what brings the duty (or the permission) into play. Where "
        "the reference does not say, the text says 'not transcribed' and names what to check."
    )
    discharge: Discharge = Field(description="What the clinician must do to meet the duty.")
    confidence: Confidence = Field(description="The reference's confidence in the row.")
    contested: bool = Field(description="True where sources disagree or the law is unsettled.")
    notes: Text = Field(
        description="The reference's notes verbatim, then any note added while encoding."
    )
    covers_self_harm: bool | None = Field(
        description="Whether the rule also covers a danger to the client's own safety; null: "
        "not transcribed. A danger-to-self incident is checked against the discharge rule only "
        "when true."
    )
    minor_victim_parent: MinorVictimParent | None = Field(
        description="What the rule says about a minor victim's parent or guardian: required "
        "(also notify them), substitute (warning them is how the minor is warned), permitted "
        "(the statute allows telling them); null: nothing transcribed."
    )
    professions: Annotated[tuple[Profession, ...], NotEmpty] | None = Field(
        description="The only license types the rule covers; null: every licensed "
        "mental-health professional."
    )
    for_professions: ProfessionDuty | None = Field(
        default=None,
        description="The duty of the license types in professions where it differs from the "
        "state's general rule (North Dakota: none in general, a duty for marriage and family "
        "therapists); left out: the general rule binds every profession.",
    )
    _state_name: str = PrivateAttr(default="")

    @property
    def state_name(self) -> str:
        """The full name of the state this duty belongs to."""
        return self._state_name

    @model_validator(mode="after")
    def _discharge_fits_the_classification(self) -> DutyToWarn:
        _check_discharge(self.classification, self.discharge)
        if self.for_professions is not None and self.professions is None:
            raise FieldProblemError(("for_professions",), "needs the professions it applies to")
        return self

    def for_profession(self, profession: Profession | None) -> DutyToWarn:
        """The rule as it binds this practitioner: ``for_professions`` when their profession is
        one it names, or when the profession is not recorded (the stricter reading)."""
        special = self.for_professions
        if special is None or self.professions is None:
            return self
        if profession is not None and profession not in self.professions:
            return self
        update = {
            "classification": special.classification,
            "discharge": special.discharge,
            "notes": f"{self.notes} {special.notes}".strip(),
            "for_professions": None,
        }
        return self.model_copy(update=update)


class JurisdictionEntry(Frozen):
    """One state (or DC) in us.json; its abuse-reporting facts live in mandated_reporting.json."""

    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="Two capital letters.")]
    name: Text = Field(description="Full name ('California', 'District of Columbia').")
    last_reviewed: IsoDate
    sources: tuple[Source, ...] = Field(description="Where the entry's facts came from.")
    duty_to_warn: DutyToWarn


class JurisdictionsFile(ReferenceFile):
    """us.json: one entry for each of the 50 states and DC, each code once."""

    jurisdictions: tuple[JurisdictionEntry, ...]

    @model_validator(mode="after")
    def _codes_are_unique(self) -> JurisdictionsFile:
        unique_labels(tuple(entry.code for entry in self.jurisdictions), "jurisdictions")
        return self


@dataclass(frozen=True)
class Jurisdiction:
    """A state's rules: its us.json entry joined with its mandated-reporting facts."""

    code: str
    name: str
    last_reviewed: date
    sources: tuple[Source, ...]
    duty_to_warn: DutyToWarn
    child_abuse: AbuseReporting
    vulnerable_adult: AbuseReporting

    def reporting(self, kind: ExceptionType) -> AbuseReporting | None:
        """The child-abuse or vulnerable-adult reporting facts for an abuse exception, else None."""
        if kind is ExceptionType.CHILD_ABUSE:
            return self.child_abuse
        if kind is ExceptionType.VULNERABLE_ADULT_ABUSE:
            return self.vulnerable_adult
        return None


class HipaaBasis(Frozen):
    """A HIPAA basis that can apply to an exception."""

    legal_basis: LegalBasis
    citation: Text = Field(description="The precise citation ('45 CFR 164.512(j)(1)(i)').")
    applies_when: Text = Field(description="When this basis is the right one, in plain words.")
    summary: Text = Field(description="What HIPAA allows and limits, in plain language.")
    minimum_necessary: bool = Field(
        description="Whether the minimum-necessary rule (45 CFR 164.502(b)) applies; false "
        "exactly for the bases in MINIMUM_NECESSARY_EXEMPT (desktop/domain.py)."
    )
    accountable: bool = Field(
        description="Whether the disclosure belongs in the accounting of disclosures "
        "(45 CFR 164.528); equals LegalBasis.accountable."
    )

    @model_validator(mode="after")
    def _flags_agree_with_the_domain(self) -> HipaaBasis:
        applies = self.legal_basis not in MINIMUM_NECESSARY_EXEMPT
        for key, value, expected in (
            ("accountable", self.accountable, self.legal_basis.accountable),
            ("minimum_necessary", self.minimum_necessary, applies),
        ):
            if value != expected:
                problem = f"must be {str(expected).lower()} for {self.legal_basis.citation}"
                raise FieldProblemError((key,), problem)
        return self


class EthicsReference(Frozen):
    """A code-of-ethics standard relevant to an exception."""

    code: EthicsCode
    standard: Text = Field(description="Standard number ('4.05(b)', 'B.2.d').")
    summary: Text = Field(description="Paraphrase of the standard.")


class FederalWarning(Frozen):
    """A warning the product must show on an exception's path."""

    citation: Text = Field(description="The rule the warning rests on.")
    text: Text = Field(description="The warning, in plain words.")


class FederalRule(Frozen):
    """One exception's HIPAA bases (usual one first), ethics standards and must-show warnings."""

    exception: ExceptionType
    bases: Annotated[tuple[HipaaBasis, ...], NotEmpty]
    ethics: tuple[EthicsReference, ...]
    warnings: tuple[FederalWarning, ...]
    sources: tuple[Source, ...]


class FederalFile(ReferenceFile):
    """federal.json: exactly one rule for each exception type."""

    last_reviewed: IsoDate
    rules: tuple[FederalRule, ...]

    @model_validator(mode="after")
    def _one_rule_per_exception(self) -> FederalFile:
        unique_labels(tuple(rule.exception for rule in self.rules), "rules", "exception")
        covered = {rule.exception for rule in self.rules}
        for missing in ExceptionType:
            if missing not in covered:
                raise FieldProblemError(("rules",), f"has no rule for '{missing}'")
        return self


def jurisdictions_dir() -> Path:
    """The folder holding the jurisdiction data files."""
    return resource_path("jurisdictions")


def load_jurisdictions(
    path: Path | None = None, reporting: Path | None = None
) -> Mapping[str, Jurisdiction]:
    """Read and validate a jurisdictions file (default: the shipped us.json), keyed by code.

    Each entry's abuse-reporting facts come from the mandated-reporting file (``reporting``,
    default the shipped one); both files must list the same codes.
    """
    if path is None and reporting is None:
        return _default_jurisdictions()
    return _read_jurisdictions(path or jurisdictions_dir() / "us.json", load_reporting(reporting))


def load_federal_rules(path: Path | None = None) -> Mapping[ExceptionType, FederalRule]:
    """Read and validate the federal rules file (default: the shipped federal.json)."""
    if path is None:
        return _default_federal_rules()
    return _read_federal_rules(path)


def jurisdiction(code: str) -> Jurisdiction:
    """The shipped rules for a two-letter code such as "CA" (any case)."""
    found = load_jurisdictions().get(code.strip().upper())
    if found is None:
        raise UserInputError(
            f"There is no jurisdiction with the code '{code.strip()}'.",
            "Use the two-letter code of a US state, or DC.",
        )
    return found


def discharge_gaps(duty: DutyToWarn, actions_taken: set[str]) -> list[str]:
    """Plain sentences naming what the state still requires; empty when satisfied or no duty."""
    taken = {_action(name) for name in actions_taken}
    discharge = duty.discharge
    if duty.classification is not Classification.MANDATORY or discharge.is_satisfied_by(taken):
        return []
    instead = "".join(f", or instead {_joined(steps, 'and')}" for steps in discharge.alternatives)
    where = f"({duty.citation})"
    if discharge.rule is DischargeRule.ALL:
        required = _required(discharge.actions)
        return [
            f"{action.missing}; {duty.state_name} requires {required}{instead} {where}."
            for action in discharge.actions
            if action not in taken
        ]
    options = [action.step for action in discharge.actions]
    options += [_joined(steps, "and") for steps in discharge.alternatives]
    return [
        "No step that discharges the duty has been recorded; "
        f"{duty.state_name} accepts any one of: {_listed(options, 'or')} {where}."
    ]


def _action(name: str) -> DischargeAction:
    try:
        return DischargeAction(name)
    except ValueError:
        known = ", ".join(DischargeAction)
        raise UserInputError(f"'{name}' is not a known step.", f"Use one of: {known}.") from None


def _required(actions: tuple[DischargeAction, ...]) -> str:
    if len(actions) == 2:
        return f"both {_joined(actions, 'and')}"
    if len(actions) > 2:
        return f"all of {_joined(actions, 'and')}"
    return _joined(actions, "and")


def _joined(actions: Iterable[DischargeAction], word: str) -> str:
    return _listed([action.step for action in actions], word)


def _listed(items: list[str], word: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


@functools.cache
def _default_jurisdictions() -> Mapping[str, Jurisdiction]:
    return _read_jurisdictions(jurisdictions_dir() / "us.json", load_reporting())


@functools.cache
def _default_federal_rules() -> Mapping[ExceptionType, FederalRule]:
    return _read_federal_rules(jurisdictions_dir() / "federal.json")


def _read_jurisdictions(
    path: Path, reporting: Mapping[str, JurisdictionReporting]
) -> Mapping[str, Jurisdiction]:
    entries = read_model(JurisdictionsFile, path, ENTRIES).jurisdictions
    found: dict[str, Jurisdiction] = {}
    for entry in entries:
        abuse = reporting.get(entry.code)
        if abuse is None:
            problem = "has no entry in the mandated-reporting file"
            raise ResourceDataError(path.name, entry.code, "code", problem)
        duty = entry.duty_to_warn.model_copy()
        duty._state_name = entry.name
        found[entry.code] = Jurisdiction(
            code=entry.code,
            name=entry.name,
            last_reviewed=entry.last_reviewed,
            sources=entry.sources,
            duty_to_warn=duty,
            child_abuse=abuse.child_abuse,
            vulnerable_adult=abuse.vulnerable_adult,
        )
    extra = sorted(set(reporting) - set(found))
    if extra:
        raise ResourceDataError(path.name, extra[0], "code", "is missing from this file")
    return MappingProxyType(found)


def _read_federal_rules(path: Path) -> Mapping[ExceptionType, FederalRule]:
    rules = read_model(FederalFile, path, ENTRIES).rules
    return MappingProxyType({rule.exception: rule for rule in rules})
