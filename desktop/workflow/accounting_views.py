"""The accounting of disclosures and the full disclosure log as read-only views (45 CFR 164.528).

The services build them; the reports and the UI print them. No I/O here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain import InformationCategory, LegalBasis
from desktop.local_time import format_date

LOOKBACK_YEARS = 6


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (February 29 becomes February 28)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class AccountingEntry:
    """One line of the accounting: the four elements of 45 CFR 164.528(b)(2).

    For a summarized run of disclosures (164.528(b)(3)) the date, recipient, description
    and purpose are those of the first; ``count`` says how many, ``last_disclosed_on``
    when the last was made.
    """

    disclosed_on: date
    recipient_name: str
    recipient_address: str
    description: str
    purpose: str
    legal_basis: LegalBasis
    count: int
    last_disclosed_on: date
    disclosure_ids: tuple[int, ...]

    @property
    def basis_statement(self) -> str:
        """The purpose with its legal basis, as the accounting prints it."""
        return f"{self.purpose} (legal basis: {self.legal_basis.citation})"

    @property
    def frequency(self) -> str:
        """Empty for a single disclosure; else how many there were and the date of the last."""
        if self.count == 1:
            return ""
        return (
            f"{self.count} disclosures to this recipient for this purpose in the period; "
            f"the last on {format_date(self.last_disclosed_on)}"
        )


@dataclass(frozen=True)
class WithheldNote:
    """For the clinician only: disclosures left out because an agency suspended the right."""

    agency: str
    official: str
    ends_on: date
    written_statement: bool
    disclosures_left_out: int


@dataclass(frozen=True)
class Accounting:
    client_id: int
    client_display_name: str
    period_start: date
    period_end: date
    entries: tuple[AccountingEntry, ...]
    withheld: tuple[WithheldNote, ...] = ()


@dataclass(frozen=True)
class LogEntry:
    """One disclosure in the clinician's full log, with whether it is accountable and why not."""

    disclosure_id: int
    disclosed_at: datetime
    recipient_name: str
    recipient_role: str
    recipient_address: str
    method: str
    categories: tuple[InformationCategory, ...]
    description: str
    purpose: str
    legal_basis: LegalBasis
    accountable: bool
    exempt_reason: str
    release_id: int | None
    incident_id: int | None
    psychotherapy_notes_included: bool
    report_number: str
    suspended_until: date | None


@dataclass(frozen=True)
class DisclosureLog:
    client_id: int
    client_display_name: str
    since: date | None
    entries: tuple[LogEntry, ...]


def local_date(moment: datetime) -> date:
    return moment.astimezone().date()


OUTSIDE_WINDOW = (
    "No: made more than six years before today, outside the period an accounting covers "
    "(45 CFR 164.528(a)(1))"
)


def in_accounting_window(entry: LogEntry, today: date | None = None) -> bool:
    """Whether a disclosure falls in the six years an accounting requested today would cover."""
    start = years_before(today or date.today(), LOOKBACK_YEARS)
    return local_date(entry.disclosed_at) >= start


def accounting_status(entry: LogEntry, today: date | None = None) -> str:
    """ "Yes", "Withheld until ...", "No: <exemption>" or "No: outside the six years", for today."""
    if not entry.accountable:
        return f"No: {entry.exempt_reason}"
    if not in_accounting_window(entry, today):
        return OUTSIDE_WINDOW
    if entry.suspended_until is not None:
        return (
            f"Withheld until {entry.suspended_until.isoformat()} (agency suspension, 164.528(a)(2))"
        )
    return "Yes"
