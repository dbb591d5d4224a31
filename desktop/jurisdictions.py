"""Jurisdiction rules: each state's duty to warn and abuse-reporting facts; HIPAA and ethics bases.

The data lives in ``desktop/resources/jurisdictions/*.json`` (documented in ``SCHEMA.md``
beside it) and is validated field by field when loaded, so a damaged or hand-edited file fails
loudly, naming the entry and field, instead of giving a clinician a wrong rule. Reference data,
not legal advice.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from desktop.domain import MINIMUM_NECESSARY_EXEMPT, ExceptionType, LegalBasis, Profession
from desktop.errors import ConfideError, UserInputError
from desktop.mandated_reporting import AbuseReporting, JurisdictionReporting, load_reporting
from desktop.resources import resource_path

NOT_LEGAL_ADVICE = (
    "This is reference information, not legal advice: check the current law with your own "
    "lawyer before you rely on it."
)
SCHEMA_VERSION = 1


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


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class EthicsCode(StrEnum):
    APA = "APA"
    ACA = "ACA"
    NASW = "NASW"
    AAMFT = "AAMFT"


class JurisdictionDataError(ConfideError):
    """A jurisdiction data file is damaged or does not follow its SCHEMA.md."""

    default_advice = "Reinstall Confide or restore its resources folder. Nothing was changed."

    def __init__(self, file: str, entry: str, field: str, problem: str) -> None:
        super().__init__(f"{file}, entry '{entry}': field '{field}' {problem}.")
        self.file = file
        self.entry = entry
        self.field = field


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None


@dataclass(frozen=True)
class Discharge:
    """How a duty to warn is discharged: ``actions`` combined by ``rule``, or any one alternative.

    Each alternative is a set of actions that, all taken together, also discharges the duty
    (e.g. Michigan: warn the victim and police, or instead hospitalize).
    """

    actions: tuple[DischargeAction, ...]
    rule: DischargeRule
    alternatives: tuple[tuple[DischargeAction, ...], ...]

    def is_satisfied_by(self, taken: set[DischargeAction]) -> bool:
        if self.rule is DischargeRule.NONE:
            return True
        if self.rule is DischargeRule.ALL:
            primary = taken.issuperset(self.actions)
        else:
            primary = not taken.isdisjoint(self.actions)
        return primary or any(taken.issuperset(steps) for steps in self.alternatives)


@dataclass(frozen=True)
class DutyToWarn:
    """A state's duty to warn or protect; ``state_name`` is copied in so gaps can name the state."""

    state_name: str
    classification: Classification
    citation: str
    trigger: str
    discharge: Discharge
    confidence: Confidence
    contested: bool
    notes: str
    covers_self_harm: bool | None = None
    """Whether the rule also covers a threat to the client's own safety; None: not transcribed."""
    minor_victim_parent: MinorVictimParent | None = None
    professions: tuple[Profession, ...] | None = None
    """The only professions the rule applies to; None: every licensed mental-health professional."""
    for_professions: ProfessionDuty | None = None
    """The duty of the professions in ``professions`` where it differs from the state's general
    rule (North Dakota: none in general, a duty for marriage and family therapists)."""

    def for_profession(self, profession: Profession | None) -> DutyToWarn:
        """The rule as it binds this practitioner: ``for_professions`` when their profession is
        one it names, or when the profession is not recorded (the stricter reading)."""
        special = self.for_professions
        if special is None or self.professions is None:
            return self
        if profession is not None and profession not in self.professions:
            return self
        return replace(
            self,
            classification=special.classification,
            discharge=special.discharge,
            notes=f"{self.notes} {special.notes}".strip(),
            for_professions=None,
        )


@dataclass(frozen=True)
class ProfessionDuty:
    """A profession-specific duty: its classification, discharge rule and what it rests on."""

    classification: Classification
    discharge: Discharge
    notes: str


@dataclass(frozen=True)
class Jurisdiction:
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


@dataclass(frozen=True)
class HipaaBasis:
    legal_basis: LegalBasis
    citation: str
    applies_when: str
    summary: str
    minimum_necessary: bool
    accountable: bool


@dataclass(frozen=True)
class EthicsReference:
    code: EthicsCode
    standard: str
    summary: str


@dataclass(frozen=True)
class FederalWarning:
    citation: str
    text: str


@dataclass(frozen=True)
class FederalRule:
    """One exception's HIPAA bases (usual one first), ethics standards and must-show warnings."""

    exception: ExceptionType
    bases: tuple[HipaaBasis, ...]
    ethics: tuple[EthicsReference, ...]
    warnings: tuple[FederalWarning, ...]
    sources: tuple[Source, ...]


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


# ---------------------------------------------------------------- validation by hand

_E = TypeVar("_E", bound=StrEnum)
_CODE = re.compile(r"[A-Z]{2}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Reader:
    """Reads one JSON object, naming file, entry and field in every error; rejects unknown keys."""

    def __init__(self, value: object, file: str, entry: str, field: str = "") -> None:
        self.file, self.entry, self.prefix = file, entry, field
        if not isinstance(value, dict):
            raise self.error("", "must be an object")
        self._data: dict[str, object] = value
        self._read: set[str] = set()

    def error(self, key: str, problem: str) -> JurisdictionDataError:
        field = ".".join(part for part in (self.prefix, key) if part) or "(root)"
        return JurisdictionDataError(self.file, self.entry, field, problem)

    def raw(self, key: str) -> object:
        if key not in self._data:
            raise self.error(key, "is missing")
        self._read.add(key)
        return self._data[key]

    def absent(self, key: str) -> bool:
        """True when an optional field is left out (or null)."""
        if self._data.get(key) is None:
            self._read.add(key)
            return True
        return False

    def done(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            raise self.error(unknown[0], "is not a known field")

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.raw(key) is None else self.text(key)

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def optional_flag(self, key: str) -> bool | None:
        return None if self.raw(key) is None else self.flag(key)

    def optional_choice(self, key: str, kind: type[_E]) -> _E | None:
        value = self.raw(key)
        return None if value is None else self.member(key, value, kind)

    def choice(self, key: str, kind: type[_E]) -> _E:
        return self.member(key, self.raw(key), kind)

    def member(self, key: str, value: object, kind: type[_E]) -> _E:
        allowed = [member.value for member in kind]
        if isinstance(value, str) and value in allowed:
            return kind(value)
        raise self.error(key, f"must be one of {', '.join(allowed)} (got {value!r})")

    def iso_date(self, key: str) -> date:
        value = self.text(key)
        try:
            if _ISO_DATE.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        raise self.error(key, f"must be a date written YYYY-MM-DD (got '{value}')")

    def items(self, key: str) -> list[tuple[str, object]]:
        """The list under ``key`` with each item's field name (``key[0]``, ``key[1]`` ...)."""
        return self.listed(key, self.raw(key))

    def listed(self, key: str, value: object) -> list[tuple[str, object]]:
        if not isinstance(value, list):
            raise self.error(key, "must be a list")
        return [(f"{key}[{index}]", item) for index, item in enumerate(value)]

    def child(self, key: str) -> _Reader:
        return self.nested(key, self.raw(key))

    def nested(self, key: str, value: object) -> _Reader:
        return _Reader(value, self.file, self.entry, ".".join(p for p in (self.prefix, key) if p))

    def actions(self, key: str, value: object) -> tuple[DischargeAction, ...]:
        found = tuple(
            self.member(name, item, DischargeAction) for name, item in self.listed(key, value)
        )
        if len(set(found)) != len(found):
            raise self.error(key, "must not list an action twice")
        return found


def _entry_label(item: object, key: str, fallback: str) -> str:
    """Name an entry by its own code (or exception) when it has a usable one."""
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) and value.strip() else fallback


def _load_json(path: Path) -> _Reader:
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JurisdictionDataError(
            path.name, "(file)", "(root)", f"cannot be read ({exc})"
        ) from None
    top = _Reader(data, path.name, "(file)")
    version = top.raw("schema_version")
    if isinstance(version, bool) or version != SCHEMA_VERSION:
        raise top.error("schema_version", f"must be {SCHEMA_VERSION}")
    top.text("disclaimer")
    return top


def _read_jurisdictions(
    path: Path, reporting: Mapping[str, JurisdictionReporting]
) -> Mapping[str, Jurisdiction]:
    top = _load_json(path)
    found: dict[str, Jurisdiction] = {}
    for name, item in top.items("jurisdictions"):
        reader = _Reader(item, path.name, _entry_label(item, "code", name))
        entry = _jurisdiction(reader, reporting)
        if entry.code in found:
            problem = f"repeats '{entry.code}', which an earlier entry already uses"
            raise JurisdictionDataError(path.name, name, "code", problem)
        found[entry.code] = entry
    top.done()
    extra = sorted(set(reporting) - set(found))
    if extra:
        raise JurisdictionDataError(path.name, extra[0], "code", "is missing from this file")
    return MappingProxyType(found)


def _jurisdiction(reader: _Reader, reporting: Mapping[str, JurisdictionReporting]) -> Jurisdiction:
    code = reader.text("code")
    if not _CODE.fullmatch(code):
        raise reader.error("code", f"must be two capital letters (got '{code}')")
    state_name = reader.text("name")
    abuse = reporting.get(code)
    if abuse is None:
        raise reader.error("code", "has no entry in the mandated-reporting file")
    result = Jurisdiction(
        code=code,
        name=state_name,
        last_reviewed=reader.iso_date("last_reviewed"),
        sources=_sources(reader),
        duty_to_warn=_duty(reader.child("duty_to_warn"), state_name),
        child_abuse=abuse.child_abuse,
        vulnerable_adult=abuse.vulnerable_adult,
    )
    reader.done()
    return result


def _sources(reader: _Reader) -> tuple[Source, ...]:
    found = []
    for name, item in reader.items("sources"):
        source = reader.nested(name, item)
        title, url = source.text("title"), source.optional_text("url")
        if url is not None and not url.startswith(("https://", "http://")):
            raise source.error("url", "must start with https:// or http://, or be null")
        source.done()
        found.append(Source(title, url))
    return tuple(found)


def _duty(reader: _Reader, state_name: str) -> DutyToWarn:
    classification = reader.choice("classification", Classification)
    duty = DutyToWarn(
        state_name=state_name,
        classification=classification,
        citation=reader.text("citation"),
        trigger=reader.text("trigger"),
        discharge=_discharge(reader.child("discharge"), classification),
        confidence=reader.choice("confidence", Confidence),
        contested=reader.flag("contested"),
        notes=reader.text("notes"),
        covers_self_harm=reader.optional_flag("covers_self_harm"),
        minor_victim_parent=reader.optional_choice("minor_victim_parent", MinorVictimParent),
        professions=_professions(reader),
        for_professions=None if reader.absent("for_professions") else _profession_duty(reader),
    )
    reader.done()
    if duty.for_professions is not None and duty.professions is None:
        raise reader.error("for_professions", "needs the professions it applies to")
    return duty


def _profession_duty(reader: _Reader) -> ProfessionDuty:
    block = reader.child("for_professions")
    classification = block.choice("classification", Classification)
    found = ProfessionDuty(
        classification, _discharge(block.child("discharge"), classification), block.text("notes")
    )
    block.done()
    return found


def _professions(reader: _Reader) -> tuple[Profession, ...] | None:
    value = reader.raw("professions")
    if value is None:
        return None
    found = tuple(
        reader.member(name, item, Profession) for name, item in reader.listed("professions", value)
    )
    if not found:
        raise reader.error("professions", "must name at least one profession, or be null")
    return found


def _discharge(reader: _Reader, classification: Classification) -> Discharge:
    actions = reader.actions("actions", reader.raw("actions"))
    rule = reader.choice("rule", DischargeRule)
    alternatives = tuple(reader.actions(name, item) for name, item in reader.items("alternatives"))
    reader.done()
    mandatory = classification is Classification.MANDATORY
    if mandatory == (rule is DischargeRule.NONE):
        raise reader.error("rule", f"'{rule}' does not fit a '{classification}' duty")
    if rule is DischargeRule.NONE and (actions or alternatives):
        raise reader.error("actions", "must be empty when the rule is 'none'")
    if rule is not DischargeRule.NONE and not actions:
        raise reader.error("actions", f"must name at least one action for rule '{rule}'")
    if any(not steps for steps in alternatives):
        raise reader.error("alternatives", "must not contain an empty list")
    return Discharge(actions, rule, alternatives)


def _read_federal_rules(path: Path) -> Mapping[ExceptionType, FederalRule]:
    top = _load_json(path)
    top.iso_date("last_reviewed")
    found: dict[ExceptionType, FederalRule] = {}
    for name, item in top.items("rules"):
        rule = _federal_rule(_Reader(item, path.name, _entry_label(item, "exception", name)))
        if rule.exception in found:
            raise JurisdictionDataError(path.name, name, "exception", f"repeats '{rule.exception}'")
        found[rule.exception] = rule
    top.done()
    for missing in ExceptionType:
        if missing not in found:
            raise top.error("rules", f"has no rule for '{missing}'")
    return MappingProxyType(found)


def _federal_rule(reader: _Reader) -> FederalRule:
    rule = FederalRule(
        exception=reader.choice("exception", ExceptionType),
        bases=tuple(_basis(reader.nested(n, item)) for n, item in reader.items("bases")),
        ethics=tuple(_ethics(reader.nested(n, item)) for n, item in reader.items("ethics")),
        warnings=tuple(_warning(reader.nested(n, item)) for n, item in reader.items("warnings")),
        sources=_sources(reader),
    )
    reader.done()
    if not rule.bases:
        raise reader.error("bases", "must name at least one HIPAA basis")
    return rule


def _basis(reader: _Reader) -> HipaaBasis:
    basis = HipaaBasis(
        legal_basis=reader.choice("legal_basis", LegalBasis),
        citation=reader.text("citation"),
        applies_when=reader.text("applies_when"),
        summary=reader.text("summary"),
        minimum_necessary=reader.flag("minimum_necessary"),
        accountable=reader.flag("accountable"),
    )
    reader.done()
    _agrees(reader, "accountable", basis.accountable, basis.legal_basis.accountable, basis)
    applies = basis.legal_basis not in MINIMUM_NECESSARY_EXEMPT
    _agrees(reader, "minimum_necessary", basis.minimum_necessary, applies, basis)
    return basis


def _agrees(reader: _Reader, key: str, value: bool, expected: bool, basis: HipaaBasis) -> None:
    """A flag must say what desktop.domain already decides for the basis."""
    if value != expected:
        raise reader.error(key, f"must be {str(expected).lower()} for {basis.legal_basis.citation}")


def _ethics(reader: _Reader) -> EthicsReference:
    reference = EthicsReference(
        code=reader.choice("code", EthicsCode),
        standard=reader.text("standard"),
        summary=reader.text("summary"),
    )
    reader.done()
    return reference


def _warning(reader: _Reader) -> FederalWarning:
    warning = FederalWarning(citation=reader.text("citation"), text=reader.text("text"))
    reader.done()
    return warning
