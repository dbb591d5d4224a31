"""Mandated reporting of child and elder / dependent-adult abuse for the 50 states and DC.

Typed with pydantic: ``mandated_reporting.json`` is validated against these models when it is
read, and ``mandated_reporting.schema.json`` beside it is generated from them
(``python -m desktop.mandated_reporting --schema``; a test checks the committed copy). Every fact
carries the sources it came from; a block with no source says ``known: false`` and holds no
facts. Reference data, not legal advice.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from desktop.errors import ConfideError
from desktop.resources import resource_path

FILE_NAME = "mandated_reporting.json"
SCHEMA_FILE_NAME = "mandated_reporting.schema.json"
DISCLAIMER_START = "Reference data, not legal advice."

Text = Annotated[str, Field(min_length=1)]
Hours = Annotated[int, Field(ge=0, le=24 * 30)]


class ReportingDataError(ConfideError):
    """The mandated-reporting data file is damaged or does not follow its schema."""

    default_advice = "Reinstall Confide or restore its resources folder. Nothing was changed."

    def __init__(self, entry: str, field: str, problem: str) -> None:
        super().__init__(f"{FILE_NAME}, entry '{entry}': field '{field}' {problem}.")
        self.entry = entry
        self.field = field


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Source(_Frozen):
    """A public page a fact came from; ``url`` is null where the reference gave no address."""

    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None


class ClientNotice(_Frozen):
    """Whether the state statute requires the reporter to tell the client about the report."""

    known: bool
    required: bool | None = None
    citation: Text | None = None
    notes: Text

    @model_validator(mode="after")
    def _facts_need_knowledge(self) -> ClientNotice:
        if not self.known and (self.required is not None or self.citation is not None):
            raise ValueError("known is false, so required and citation must be null")
        if self.known and (self.required is None or self.citation is None):
            raise ValueError("known is true, so required and citation must be given")
        return self


class AbuseReporting(_Frozen):
    """Who receives a report, how fast, and in what form. Null means "not known"."""

    known: bool
    citation: Text | None
    agency: Text | None
    hotline: Text | None
    oral_report: Text | None = Field(description="The timing of the first report, as worded.")
    deadline_hours: Hours | None = Field(
        description="Hours to the first report; 0 means immediately; null: not known or no "
        "hour count (e.g. 'promptly')."
    )
    written_report: Text | None
    written_followup_hours: Hours | None = Field(
        description="Hours allowed for the written follow-up; working days are encoded as the "
        "smaller number of calendar hours (never later than the statute)."
    )
    form: Text | None
    mental_health_professionals_mandated: bool | None
    who_is_covered: Text | None
    tells_client: ClientNotice
    sources: tuple[Source, ...]
    confidence: Confidence
    contested: bool = Field(description="True where the sources disagree; notes say how.")
    last_reviewed: date
    notes: Text

    @model_validator(mode="after")
    def _facts_need_sources(self) -> AbuseReporting:
        facts = [name for name in _FACT_FIELDS if getattr(self, name) is not None]
        if not self.known and facts:
            raise ValueError(f"known is false, so {facts[0]} must be null")
        if self.known and not self.sources:
            raise ValueError("known is true, so at least one source must be given")
        if self.known and not facts:
            raise ValueError("known is true, so at least one fact must be given")
        return self

    @property
    def timing_known(self) -> bool:
        """Whether a first-report deadline in hours is recorded."""
        return self.deadline_hours is not None


_FACT_FIELDS = (
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


class JurisdictionReporting(_Frozen):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: Text
    child_abuse: AbuseReporting
    vulnerable_adult: AbuseReporting


class MandatedReportingFile(_Frozen):
    """The whole file: one entry per jurisdiction, each code once."""

    schema_version: Literal[1]
    disclaimer: Annotated[str, Field(pattern=r"^Reference data, not legal advice\.")]
    transcribed_from: Text
    jurisdictions: tuple[JurisdictionReporting, ...]

    @model_validator(mode="after")
    def _codes_are_unique(self) -> MandatedReportingFile:
        seen: set[str] = set()
        for entry in self.jurisdictions:
            if entry.code in seen:
                raise ValueError(f"repeats '{entry.code}', which an earlier entry already uses")
            seen.add(entry.code)
        return self


def json_schema() -> dict[str, Any]:
    """The JSON Schema generated from the types (what the committed schema file must equal)."""
    return MandatedReportingFile.model_json_schema()


def load_reporting(path: Path | None = None) -> Mapping[str, JurisdictionReporting]:
    """Read and validate the mandated-reporting file (default: the shipped one), keyed by code."""
    if path is None:
        return _default_reporting()
    return _read(path)


@functools.cache
def _default_reporting() -> Mapping[str, JurisdictionReporting]:
    return _read(resource_path("jurisdictions", FILE_NAME))


def _read(path: Path) -> Mapping[str, JurisdictionReporting]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportingDataError("(file)", "(root)", f"cannot be read ({exc})") from None
    try:
        data = MandatedReportingFile.model_validate_json(text)
    except ValidationError as exc:
        raise _named(exc, text) from None
    return MappingProxyType({entry.code: entry for entry in data.jurisdictions})


def _named(exc: ValidationError, text: str) -> ReportingDataError:
    """Turn pydantic's first error into one naming the entry (by code) and the field."""
    first = exc.errors(include_url=False)[0]
    location = [str(part) for part in first["loc"]]
    entry = "(file)"
    if len(location) >= 2 and location[0] == "jurisdictions":
        entry = _code_at(text, int(location[1])) or f"jurisdictions[{location[1]}]"
        location = location[2:]
    return ReportingDataError(entry, ".".join(location) or "(root)", first["msg"])


def _code_at(text: str, index: int) -> str | None:
    try:
        code = json.loads(text)["jurisdictions"][index]["code"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return code if isinstance(code, str) else None


if __name__ == "__main__":  # pragma: no cover - developer tool
    if sys.argv[1:] == ["--schema"]:
        print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    else:
        print("usage: python -m desktop.mandated_reporting --schema", file=sys.stderr)
        sys.exit(2)
