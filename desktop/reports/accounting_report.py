"""The accounting of disclosures (45 CFR 164.528) or the full disclosure log, as PDF or CSV.

A file name ending in ``.csv`` gives a CSV file (UTF-8 with a byte-order mark so spreadsheet
programs read accents correctly; cells that a spreadsheet would run as a formula are
prefixed with a quote). Anything else gives a PDF. Both are written atomically.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from desktop.local_time import format_date, format_moment
from desktop.reports.document import RenderedReport, ReportBuilder
from desktop.reports.output import ReportSigning
from desktop.workflow.accounting_views import (
    Accounting,
    DisclosureLog,
    LogEntry,
    accounting_status,
)

ACCOUNTING_TITLE = "Accounting of disclosures"
LOG_TITLE = "Disclosure log (all disclosures)"
LEGEND = "CONFIDENTIAL — CONTAINS PROTECTED HEALTH INFORMATION"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ACCOUNTING_COLUMNS = (
    "Date",
    "Recipient",
    "Recipient address",
    "What was disclosed",
    "Purpose",
    "Legal basis",
    "Number of disclosures",
    "Date of last disclosure",
)
LOG_COLUMNS = (
    "Disclosure #",
    "Date and time",
    "Recipient",
    "Recipient role",
    "Recipient address",
    "Method",
    "Categories",
    "What was disclosed",
    "Purpose",
    "Legal basis",
    "In the accounting",
    "Release #",
    "Incident #",
)
SCOPE_NOTE = (
    "This accounting lists the disclosures of your health information that federal law "
    "(45 CFR 164.528) requires to be listed, made in the period shown. It does not list "
    "disclosures for your treatment, for payment or for running the practice (such as "
    "routine insurance claims), disclosures to you, disclosures you authorized in writing, "
    "or disclosures to people involved in your care. Repeated disclosures to one recipient "
    "for one purpose are shown once, with their number and the date of the last one. "
    "This description of the rule is general information, not legal advice."
)


def safe_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def build_accounting_csv(report: Accounting | DisclosureLog) -> bytes:
    """The accounting or full log as CSV bytes (UTF-8 with BOM, cells safe from formulas)."""
    return _csv_bytes(*_table(report))


def build_accounting_pdf(report: Accounting | DisclosureLog) -> RenderedReport:
    """The accounting or full log laid out and rendered to PDF bytes in memory."""
    return _pdf(report)


def signing_for(report: Accounting | DisclosureLog) -> ReportSigning:
    """The title and reason the signature gives for this report."""
    kind = LOG_TITLE if isinstance(report, DisclosureLog) else ACCOUNTING_TITLE
    return ReportSigning(kind, kind)


def _table(report: Accounting | DisclosureLog) -> tuple[Sequence[str], list[list[str]]]:
    if isinstance(report, DisclosureLog):
        return LOG_COLUMNS, [_log_row(entry) for entry in report.entries]
    rows = [
        [
            entry.disclosed_on.isoformat(),
            entry.recipient_name,
            entry.recipient_address or "Not known",
            entry.description,
            entry.purpose,
            entry.legal_basis.citation,
            str(entry.count),
            entry.last_disclosed_on.isoformat(),
        ]
        for entry in report.entries
    ]
    return ACCOUNTING_COLUMNS, rows


def _log_row(entry: LogEntry) -> list[str]:
    included = accounting_status(entry)
    return [
        str(entry.disclosure_id),
        format_moment(entry.disclosed_at),
        entry.recipient_name,
        _label(entry.recipient_role),
        entry.recipient_address,
        _label(entry.method),
        ", ".join(category.label for category in entry.categories),
        entry.description,
        entry.purpose,
        entry.legal_basis.citation,
        included,
        "" if entry.release_id is None else str(entry.release_id),
        "" if entry.incident_id is None else str(entry.incident_id),
    ]


def _label(code: str) -> str:
    return code.replace("_", " ").capitalize()


def _csv_bytes(header: Sequence[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def _pdf(report: Accounting | DisclosureLog) -> RenderedReport:
    subject = f"Client: {report.client_display_name}"
    if isinstance(report, DisclosureLog):
        return _log_pdf(report, subject)
    builder = ReportBuilder(ACCOUNTING_TITLE, LEGEND, subject)
    builder.fields(
        [
            ("Period", f"{format_date(report.period_start)} to {format_date(report.period_end)}"),
            ("Entries", str(len(report.entries))),
        ]
    )
    builder.paragraph(SCOPE_NOTE)
    if not report.entries:
        builder.paragraph("No disclosures in this period need to be listed.")
        return builder.render()
    rows = [
        [
            format_date(entry.disclosed_on),
            entry.recipient_name + "\n" + (entry.recipient_address or "Address not known"),
            entry.description,
            entry.basis_statement,
            entry.frequency or "1",
        ]
        for entry in report.entries
    ]
    header = ["Date", "Recipient and address", "What was disclosed", "Purpose", "Number"]
    builder.table(header, rows, (1.8, 2.6, 3, 3, 1.8))
    return builder.render()


def _log_pdf(report: DisclosureLog, subject: str) -> RenderedReport:
    builder = ReportBuilder(LOG_TITLE, LEGEND, subject)
    since = format_date(report.since) if report.since else "the first record"
    builder.fields([("Disclosures from", since), ("Disclosures", str(len(report.entries)))])
    builder.paragraph(
        "The clinician's own record of every disclosure, including those exempt from the "
        "client's accounting. It is not the accounting to give the client."
    )
    for entry in report.entries:
        row = _log_row(entry)
        builder.heading(f"Disclosure #{row[0]}", 3)
        values = [value or "None" for value in row[1:]]
        builder.fields(list(zip(LOG_COLUMNS[1:], values, strict=True)))
    return builder.render()
