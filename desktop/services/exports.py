"""Every report and export Confide writes, in one registry, and the one place that audits them.

The command line's ``report`` kinds, their file endings and help read :data:`REPORT_KINDS`
(:data:`EXPORT_KINDS` adds the whole-vault exports). :func:`export_report` loads the record,
has the pure ``build_*`` function of ``desktop/reports`` render it, writes the file
(``reports/output.py``) and records one audit event; :func:`export_vault` and
:func:`export_fhir` do the same for the writers in ``desktop/exports``. Every export's detail
has the same shape: ``report`` (the kind's audit name), ``format``, ``fingerprint`` (null for a
whole-vault export), ``encrypted``, the signature's fields for a signed PDF, then what the kind
adds. A new report is a builder in ``desktop/reports``, one writer and entry here, and the
dialog that offers it; the command line lists it by itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import UserInputError
from desktop.storage import audit
from desktop.storage.vault import Vault

if TYPE_CHECKING:
    from desktop.exports.vault_export import ExportSummary, Progress, RecordPdfs
    from desktop.reports.document import RenderedReport
    from desktop.reports.output import ReportSigning, SignedExport
    from desktop.services.chart import ChartRecipient

# The writers import the report builders (ReportLab, pyHanko) and their services only when a
# report is written, so the command line's parser, which lists the kinds, stays light.


@dataclass(frozen=True)
class ReportRequest:
    """One report to write: its kind, the record it is about (``subject_id``) and the file."""

    kind: str
    subject_id: int
    out: Path
    password: str | None = None
    since: date | None = None
    full_log: bool = False
    include_psychotherapy_notes: bool = False
    recipient: ChartRecipient | None = None
    """Chart only: record the chart as a disclosure to this recipient."""


@dataclass(frozen=True)
class ExportedReport:
    """A written report: where it is, its content fingerprint, and what it holds."""

    path: Path
    fingerprint: str
    page_count: int = 0
    psychotherapy_notes_included: bool = False
    disclosed_to: str | None = None


@dataclass(frozen=True)
class Written:
    """What a kind's writer tells the audit: the record, the file's fingerprint and extras."""

    entity_type: str
    entity_id: int | None
    client_id: int | None
    fingerprint: str | None
    signed: SignedExport | None
    detail: dict[str, object] = field(default_factory=dict)
    page_count: int = 0


@dataclass(frozen=True)
class ReportKind:
    """One kind of report: its name on the command line, what its ID names, its file endings."""

    name: str
    subject: str
    suffixes: tuple[str, ...]
    summary: str
    write: Callable[[Vault, ReportRequest], Written] | None
    """How one record's report is written; None for the whole-vault exports below."""

    @property
    def formats(self) -> str:
        """The file endings in words: ".pdf or .csv"."""
        return " or ".join(self.suffixes)


def _write_incident(vault: Vault, request: ReportRequest) -> Written:
    from desktop.reports import incident_report
    from desktop.services.incidents.service import IncidentService
    from desktop.services.signing.identity import SigningIdentityService

    view = IncidentService(vault).get(request.subject_id, audit_view=False)
    signer = SigningIdentityService(vault).ensure()
    rendered = incident_report.build_incident_report(
        view, certificate_fingerprint=signer.fingerprint
    )
    where = ("incident", request.subject_id, view.client_id)
    detail: dict[str, object] = {"incident_id": request.subject_id}
    return _signed(vault, request, rendered, incident_report.SIGNING, where=where, detail=detail)


def _write_consent(vault: Vault, request: ReportRequest) -> Written:
    from desktop.reports import consent_report
    from desktop.services.clients.service import ClientService
    from desktop.services.consents.service import ConsentService

    view = ConsentService(vault).get(request.subject_id, audit_view=False)
    client = ClientService(vault).get(view.client_id, audit_view=False)
    rendered = consent_report.build_consent_report(view, client.display_name)
    where = ("consent_report", request.subject_id, view.client_id)
    detail: dict[str, object] = {"consent_id": request.subject_id}
    return _signed(vault, request, rendered, consent_report.SIGNING, where=where, detail=detail)


def _write_chart(vault: Vault, request: ReportRequest) -> Written:
    from desktop.reports import chart_report
    from desktop.services.chart import load_chart

    notes = request.include_psychotherapy_notes
    chart = load_chart(
        vault, request.subject_id, include_psychotherapy_notes=notes, since=request.since
    )
    rendered = chart_report.build_chart_report(chart)
    detail: dict[str, object] = {
        "psychotherapy_notes_included": notes,
        "since": request.since.isoformat() if request.since else None,
    }
    where = ("client_chart", request.subject_id, request.subject_id)
    return _signed(vault, request, rendered, chart_report.SIGNING, where=where, detail=detail)


def _write_disclosures(vault: Vault, request: ReportRequest) -> Written:
    from desktop.reports import accounting_report
    from desktop.reports.output import write_report
    from desktop.services.accounting.service import AccountingService, DisclosureLog

    as_csv = request.out.suffix.lower() == ".csv"
    if as_csv and request.password is not None:
        raise UserInputError(
            "A CSV file cannot be encrypted.", "Export a PDF to use a password, or no password."
        )
    service = AccountingService(vault)
    report = (
        service.full_log(request.subject_id, request.since)
        if request.full_log
        else service.accounting_for(request.subject_id, since=request.since)
    )
    full = isinstance(report, DisclosureLog)
    entity_type = "disclosure_log" if full else "accounting_report"
    detail: dict[str, object] = {"entries": len(report.entries)}
    if as_csv:
        data = accounting_report.build_accounting_csv(report)
        write_report(request.out, data)
        fingerprint = hashlib.sha256(data).hexdigest()
        return Written(entity_type, None, report.client_id, fingerprint, None, detail)
    rendered = accounting_report.build_accounting_pdf(report)
    signing = accounting_report.signing_for(report)
    where = (entity_type, None, report.client_id)
    return _signed(vault, request, rendered, signing, where=where, detail=detail)


def _signed(
    vault: Vault,
    request: ReportRequest,
    rendered: RenderedReport,
    signing: ReportSigning,
    *,
    where: tuple[str, int | None, int],
    detail: dict[str, object],
) -> Written:
    """Sign and write a rendered PDF; ``where`` is the audit's entity type, entity and client."""
    from desktop.reports.output import write_signed_report
    from desktop.services.signing.identity import SigningIdentityService

    material = SigningIdentityService(vault).material()
    signed = write_signed_report(material, request.out, rendered, signing, request.password)
    return Written(*where, rendered.fingerprint, signed, detail, rendered.page_count)


EXPORT_KINDS: dict[str, ReportKind] = {
    kind.name: kind
    for kind in (
        ReportKind("incident", "incident", (".pdf",), "incident (PDF)", _write_incident),
        ReportKind("consent", "consent", (".pdf",), "consent (PDF)", _write_consent),
        ReportKind(
            "disclosures",
            "client",
            (".pdf", ".csv"),
            "disclosures (PDF or CSV)",
            _write_disclosures,
        ),
        ReportKind("chart", "client", (".pdf",), "chart (PDF)", _write_chart),
        ReportKind("vault", "vault", (".zip", ""), "the whole vault (ZIP or folder)", None),
        ReportKind("fhir", "vault", (".zip", ""), "FHIR R4 bundles (ZIP or folder)", None),
    )
}
"""Every report and export Confide writes; the audit's ``report`` field is the kind's name."""

REPORT_KINDS: dict[str, ReportKind] = {
    name: kind for name, kind in EXPORT_KINDS.items() if kind.write is not None
}
"""The reports about one record, in the order ``confide report`` lists them."""


def report_kind(name: str) -> ReportKind:
    """The kind called ``name``; UserInputError naming the known ones otherwise."""
    found = REPORT_KINDS.get(name)
    if found is None:
        known = ", ".join(REPORT_KINDS)
        raise UserInputError(f"There is no '{name}' report.", f"Use {known}.")
    return found


def export_report(vault: Vault, request: ReportRequest) -> ExportedReport:
    """Write the report ``request`` asks for and record its export in the audit log.

    A chart sent to a recipient is also recorded as a disclosure; a disclosure that would be
    refused is refused before any file is written.
    """
    from desktop.services.chart import (
        chart_disclosure,
        check_chart_disclosure,
        record_chart_disclosure,
    )

    kind = report_kind(request.kind)
    assert kind.write is not None  # REPORT_KINDS holds only kinds with a writer
    recipient = request.recipient if kind.name == "chart" else None
    notes = request.include_psychotherapy_notes
    if recipient is not None:
        planned = chart_disclosure(request.subject_id, recipient, "(not yet computed)", notes)
        check_chart_disclosure(vault, planned)
    written = kind.write(vault, request)
    fingerprint = written.fingerprint or ""
    form = request.out.suffix.lower().lstrip(".")
    _record_export(vault, kind.name, form, encrypted=request.password is not None, written=written)
    if recipient is not None:
        data = chart_disclosure(request.subject_id, recipient, fingerprint, notes)
        record_chart_disclosure(vault, data)
    return ExportedReport(
        request.out,
        fingerprint,
        written.page_count,
        psychotherapy_notes_included=kind.name == "chart" and notes,
        disclosed_to=recipient.name if recipient is not None else None,
    )


def export_vault(
    vault: Vault, out: Path, *, password: str | None, progress: Progress | None = None
) -> ExportSummary:
    """Export and audit the whole vault: an AES-256 ZIP with ``password``, else a plain folder.

    A plain folder is unencrypted client information: callers must have warned and asked.
    """
    from desktop.exports.vault_export import FORMAT_VERSION, write_vault_export

    pdfs = record_pdfs(vault)
    summary = write_vault_export(vault, out, pdfs=pdfs, password=password, progress=progress)
    extras: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "clients": summary.counts.get("clients", 0),
    }
    _record_whole_vault(vault, "vault", password, extras)
    return summary


def export_fhir(vault: Vault, out: Path, *, password: str | None) -> int:
    """Export and audit one FHIR R4 Bundle per client (AES-256 ZIP with a password)."""
    from desktop.exports.fhir import write_fhir

    count = write_fhir(fhir_bundles(vault), out, password=password)
    _record_whole_vault(vault, "fhir", password, {"bundles": count})
    return count


def fhir_bundles(vault: Vault) -> dict[int, dict[str, Any]]:
    """One FHIR R4 Bundle per client, by client id, read without auditing each view."""
    from desktop.exports.fhir import export_bundles
    from desktop.services.chart import load_chart

    return export_bundles(
        vault, lambda client_id: load_chart(vault, client_id), record_pdfs(vault).consent
    )


def record_pdfs(vault: Vault) -> RecordPdfs:
    """Consent and incident PDFs for the whole-vault exports (each export is audited once)."""
    from desktop.exports.vault_export import RecordPdfs
    from desktop.reports.consent_report import build_consent_report
    from desktop.reports.incident_report import build_incident_report
    from desktop.services.consents.service import ConsentService
    from desktop.services.incidents.service import IncidentService

    def consent(consent_id: int, name: str) -> bytes:
        view = ConsentService(vault).get(consent_id, audit_view=False)
        return build_consent_report(view, name).pdf

    def incident(incident_id: int) -> bytes:
        view = IncidentService(vault).get(incident_id, audit_view=False)
        return build_incident_report(view).pdf

    return RecordPdfs(consent, incident)


def _record_whole_vault(
    vault: Vault, kind: str, password: str | None, extras: dict[str, object]
) -> None:
    written = Written("vault", None, None, None, None, extras)
    form = "zip" if password is not None else "folder"
    _record_export(vault, kind, form, encrypted=password is not None, written=written)


_AUDIT_NAMES = {
    "chart": "client_chart",
    "vault": "whole_vault_export",
    "fhir": "fhir_r4_bundles",
}
"""The audit's name of a kind where it differs from "<kind>_report" (the names used so far)."""


def _record_export(
    vault: Vault, kind: str, form: str, *, encrypted: bool, written: Written
) -> None:
    """The one audit event of an export; the same detail shape for every kind."""
    signature = written.signed.audit_detail() if written.signed is not None else {}
    detail: dict[str, object] = {
        "report": _AUDIT_NAMES.get(kind, f"{kind}_report"),
        "format": form,
        "fingerprint": written.fingerprint,
        "encrypted": encrypted,
        **signature,
        **written.detail,
    }
    with vault.session() as session:
        audit.record(
            session,
            audit.AuditAction.EXPORT,
            actor=vault.actor,
            entity_type=written.entity_type,
            entity_id=written.entity_id,
            client_id=written.client_id,
            detail=detail,
        )


def export_incident_report(
    vault: Vault, incident_id: int, out: Path, password: str | None = None
) -> Path:
    """Write and audit the report for one incident (atomically; AES-256 with a password)."""
    return export_report(vault, ReportRequest("incident", incident_id, out, password)).path


def export_consent_report(
    vault: Vault, consent_id: int, out: Path, password: str | None = None
) -> Path:
    """Write and audit the PDF of one signed consent (atomically; AES-256 with a password)."""
    return export_report(vault, ReportRequest("consent", consent_id, out, password)).path


def export_chart_report(
    vault: Vault,
    client_id: int,
    out: Path,
    *,
    include_psychotherapy_notes: bool = False,
    since: date | None = None,
    password: str | None = None,
) -> ExportedReport:
    """Write and audit the signed chart PDF of ``client_id`` (AES-256 with a password)."""
    request = ReportRequest(
        "chart",
        client_id,
        out,
        password,
        since=since,
        include_psychotherapy_notes=include_psychotherapy_notes,
    )
    return export_report(vault, request)


def export_accounting(
    vault: Vault,
    client_id: int,
    out: Path,
    *,
    since: date | None = None,
    full_log: bool = False,
    password: str | None = None,
) -> Path:
    """Write and audit the accounting (or with ``full_log`` every disclosure) to ``out``."""
    request = ReportRequest("disclosures", client_id, out, password, since, full_log)
    return export_report(vault, request).path
