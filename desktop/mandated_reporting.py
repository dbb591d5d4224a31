"""Mandated reporting of child and elder / dependent-adult abuse for the 50 states and DC.

Typed with pydantic: ``mandated_reporting.json`` is validated against these models when it is
read, and ``mandated_reporting.schema.json`` beside it is generated from them
(``python -m desktop.resource_schemas``; a test checks the committed copy). Every fact
carries the sources it came from; a block with no source says ``known: false`` and holds no
facts. Reference data, not legal advice.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import Field, model_validator

from desktop.resources import resource_path
from desktop.resources.typed import (
    Frozen,
    ReferenceFile,
    Text,
    read_model,
    unique_labels,
)

FILE_NAME = "mandated_reporting.json"
DISCLAIMER_START = "Reference data, not legal advice."

Hours = Annotated[int, Field(ge=0, le=24 * 30)]


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Source(Frozen):
    """A public page a fact came from; ``url`` is null where the reference gave no address."""

    title: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None


class ClientNotice(Frozen):
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


class AbuseReporting(Frozen):
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


class JurisdictionReporting(Frozen):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    name: Text
    child_abuse: AbuseReporting
    vulnerable_adult: AbuseReporting


class MandatedReportingFile(ReferenceFile):
    """The whole file: one entry per jurisdiction, each code once."""

    transcribed_from: Text
    jurisdictions: tuple[JurisdictionReporting, ...]

    @model_validator(mode="after")
    def _codes_are_unique(self) -> MandatedReportingFile:
        unique_labels(tuple(entry.code for entry in self.jurisdictions), "jurisdictions")
        return self


def load_reporting(path: Path | None = None) -> Mapping[str, JurisdictionReporting]:
    """Read and validate the mandated-reporting file (default: the shipped one), keyed by code."""
    if path is None:
        return _default_reporting()
    return _read(path)


@functools.cache
def _default_reporting() -> Mapping[str, JurisdictionReporting]:
    return _read(resource_path("jurisdictions", FILE_NAME))


def _read(path: Path) -> Mapping[str, JurisdictionReporting]:
    data = read_model(MandatedReportingFile, path, {"jurisdictions": "code"})
    return MappingProxyType({entry.code: entry for entry in data.jurisdictions})
