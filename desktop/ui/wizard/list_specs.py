"""The wizard's six lists: options considered, evidence, consultations, legal counsel, attempts
to reach someone, and disclosures. Each says what its table shows, what its add dialog asks and
which service call adds or removes a row."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.errors import UserInputError
from desktop.services.incidents.service import IncidentService, IncidentView
from desktop.ui.formatting import local_time
from desktop.ui.wizard.form import FormOptions
from desktop.workflow.describe import enum_label
from desktop.workflow.disclosures import DisclosureInput
from desktop.workflow.fields import AttemptInput, ConsultationInput, EvidenceInput, OptionInput
from desktop.workflow.views import (
    AttemptView,
    ConsultationView,
    DisclosureView,
    EvidenceView,
    OptionView,
)

PREVIEW_CHARS = 80


@dataclass(frozen=True)
class BuildExtras:
    """What an add dialog knows beyond its form: the client and a chosen attachment."""

    client_id: int
    attachment: Path | None = None
    release_id: int | None = None


@dataclass(frozen=True)
class ListSpec:
    title: str
    add_text: str
    item: str
    columns: tuple[str, ...]
    cells: Callable[[Any], list[str]]
    rows: Callable[[IncidentView], Sequence[Any]]
    input_cls: type
    options: FormOptions
    add: Callable[[IncidentService, int, Any], int]
    remove: Callable[[IncidentService, int, int], None]
    fixed: Mapping[str, object] = field(default_factory=dict)
    attachments: bool = False
    fold: tuple[str, ...] = ()  # columns hidden first, in this order, when the pane is narrow
    release_picker: bool = False

    def build(self, values: Mapping[str, object], extras: BuildExtras) -> object:
        """The service input from the dialog's values (reads an attachment: worker only)."""
        data = {**values, **self.fixed}
        if "client_id" in self.options.hidden:
            data["client_id"] = extras.client_id
        if self.attachments and extras.attachment is not None:
            data.update(_attachment(extras.attachment))
        if self.release_picker:
            data["release_id"] = extras.release_id
        return self.input_cls(**data)


def _attachment(path: Path) -> dict[str, object]:
    try:
        content = path.read_bytes()
    except OSError:
        raise UserInputError(
            "The file could not be read.", "Check that it still exists and try again."
        ) from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"attachment": content, "attachment_name": path.name, "attachment_type": kind}


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= PREVIEW_CHARS else line[: PREVIEW_CHARS - 1] + "…"


def _option_cells(row: OptionView) -> list[str]:
    return [_short(row.option), "Chosen" if row.chosen else "Rejected", _short(row.reason)]


def _evidence_cells(row: EvidenceView) -> list[str]:
    attached = (
        f"{row.attachment_name} ({row.attachment_size:,} bytes)" if row.attachment_name else ""
    )
    return [row.kind.label, local_time(row.occurred_at), _short(row.content), attached]


def _consultation_cells(row: ConsultationView) -> list[str]:
    return [
        local_time(row.consulted_at),
        row.consultant_name,
        row.consultant_role,
        _short(row.advice),
    ]


def _attempt_cells(row: AttemptView) -> list[str]:
    return [
        local_time(row.attempted_at),
        row.recipient_name,
        row.recipient_role.label,
        enum_label(row.method),
        row.outcome.label,
        row.report_number,
    ]


def _disclosure_cells(row: DisclosureView) -> list[str]:
    return [
        local_time(row.disclosed_at),
        row.recipient_name,
        row.recipient_role.label,
        enum_label(row.method),
        ", ".join(category.label for category in row.categories),
        row.legal_basis.citation,
        row.report_number,
    ]


_CONSULTATION_OPTIONS = FormOptions(
    labels={
        "consulted_at": "Date and time",
        "consultant_name": "Who was consulted",
        "consultant_role": "Their role",
        "advice": "Advice received",
        "identifying_info_shared": "Identifying information about the client was shared",
    },
    hidden=frozenset({"is_legal_counsel"}),
    short=frozenset({"consultant_name", "consultant_role"}),
    order=("consultant_name", "consultant_role", "consulted_at", "advice"),
)

OPTIONS = ListSpec(
    title="Options considered",
    add_text="Add &option…",
    item="option",
    columns=("Option", "Decision", "Reason"),
    cells=_option_cells,
    rows=lambda view: view.options,
    input_cls=OptionInput,
    options=FormOptions(
        labels={"option": "Option", "chosen": "This option was chosen", "reason": "Reason"},
        short=frozenset(),
    ),
    add=lambda service, incident, data: service.add_option(incident, data),
    remove=lambda service, incident, row: service.remove_option(incident, row),
)

EVIDENCE = ListSpec(
    title="Evidence",
    add_text="Add &evidence…",
    item="evidence",
    columns=("Kind", "When", "Content", "Attachment"),
    cells=_evidence_cells,
    rows=lambda view: view.evidence,
    input_cls=EvidenceInput,
    options=FormOptions(
        labels={
            "kind": "Kind",
            "content": "The evidence (exact words, observation or record)",
            "occurred_at": "When it was said or happened",
            "source": "Source",
        },
        hidden=frozenset({"attachment", "attachment_name", "attachment_type"}),
        short=frozenset({"source"}),
    ),
    add=lambda service, incident, data: service.add_evidence(incident, data),
    remove=lambda service, incident, row: service.remove_evidence(incident, row),
    attachments=True,
)

CONSULTATIONS = ListSpec(
    title="Consultations with a supervisor or colleague",
    add_text="Add &consultation…",
    item="consultation",
    columns=("When", "Who", "Role", "Advice"),
    cells=_consultation_cells,
    rows=lambda view: [row for row in view.consultations if not row.is_legal_counsel],
    input_cls=ConsultationInput,
    options=_CONSULTATION_OPTIONS,
    add=lambda service, incident, data: service.add_consultation(incident, data),
    remove=lambda service, incident, row: service.remove_consultation(incident, row),
    fixed={"is_legal_counsel": False},
)

LEGAL_COUNSEL = ListSpec(
    title="Legal consultations",
    add_text="Add legal &consultation…",
    item="legal consultation",
    columns=("When", "Who", "Role", "Advice"),
    cells=_consultation_cells,
    rows=lambda view: [row for row in view.consultations if row.is_legal_counsel],
    input_cls=ConsultationInput,
    options=_CONSULTATION_OPTIONS,
    add=lambda service, incident, data: service.add_consultation(incident, data),
    remove=lambda service, incident, row: service.remove_consultation(incident, row),
    fixed={"is_legal_counsel": True},
)

ATTEMPTS = ListSpec(
    title="Attempts to reach someone (including failed calls)",
    add_text="Add a&ttempt…",
    item="attempt",
    columns=("When", "Who", "Role", "Method", "Outcome", "Report number"),
    fold=("Role", "Report number", "Method"),
    cells=_attempt_cells,
    rows=lambda view: view.attempts,
    input_cls=AttemptInput,
    options=FormOptions(
        labels={
            "attempted_at": "Time of the attempt",
            "recipient_name": "Who you tried to reach",
            "recipient_role": "Their role",
            "method": "Method",
            "outcome": "Outcome",
            "report_number": "Report or reference number",
            "notes": "Notes",
        },
        short=frozenset({"recipient_name", "report_number"}),
        order=("recipient_name", "recipient_role", "attempted_at"),
    ),
    add=lambda service, incident, data: service.add_attempt(incident, data),
    remove=lambda service, incident, row: service.remove_attempt(incident, row),
)

DISCLOSURES = ListSpec(
    title="Disclosures (each recipient)",
    add_text="Add &recipient…",
    item="disclosure",
    columns=("When", "Recipient", "Role", "Method", "Information", "Legal basis", "Report"),
    fold=("Role", "Report", "Method", "Legal basis"),
    cells=_disclosure_cells,
    rows=lambda view: view.disclosures,
    input_cls=DisclosureInput,
    options=FormOptions(
        labels={
            "disclosed_at": "Date and time",
            "recipient_name": "Recipient",
            "recipient_role": "Role",
            "recipient_address": "Address",
            "method": "Method",
            "categories": "Information disclosed",
            "description": "Exactly what was disclosed",
            "purpose": "Purpose",
            "legal_basis": "Legal basis",
            "minimum_necessary": "Why this was the minimum necessary",
            "report_number": "Report number",
            "recipient_response": "The recipient's response",
        },
        hidden=frozenset({"client_id", "incident_id", "release_id"}),
        short=frozenset({"recipient_name", "report_number"}),
        order=(
            "recipient_name",
            "recipient_role",
            "recipient_address",
            "disclosed_at",
            "method",
            "categories",
            "description",
            "purpose",
            "legal_basis",
            "minimum_necessary",
            "report_number",
        ),
    ),
    add=lambda service, incident, data: service.add_disclosure(incident, data),
    remove=lambda service, incident, row: service.remove_disclosure(incident, row),
    release_picker=True,
)
