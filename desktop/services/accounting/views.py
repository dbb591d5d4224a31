"""Typed results of the accounting service, and how disclosures become accounting entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain import InformationCategory, LegalBasis
from desktop.local_time import format_date
from desktop.models import Disclosure
from desktop.services.accounting.requests import LOOKBACK_YEARS, SuspensionView, years_before
from desktop.services.signing.checks import name_words

EXEMPTIONS = {
    LegalBasis.TREATMENT_PAYMENT_OPERATIONS: (
        "Treatment, payment or health-care operations, e.g. routine billing "
        "(45 CFR 164.528(a)(1)(i))"
    ),
    LegalBasis.TO_THE_CLIENT: "To the client (45 CFR 164.528(a)(1)(ii))",
    LegalBasis.AUTHORIZATION: "Under the client's signed authorization (45 CFR 164.528(a)(1)(iv))",
    LegalBasis.INVOLVED_IN_CARE: (
        "To a person involved in the client's care (45 CFR 164.528(a)(1)(v))"
    ),
    LegalBasis.INCIDENTAL: (
        "Incidental to an otherwise permitted use or disclosure (45 CFR 164.528(a)(1)(iii))"
    ),
    LegalBasis.NATIONAL_SECURITY: (
        "National security or intelligence (45 CFR 164.528(a)(1)(vi), 164.512(k)(2))"
    ),
    LegalBasis.CUSTODY: (
        "To a correctional institution or law-enforcement official with custody "
        "(45 CFR 164.528(a)(1)(vii), 164.512(k)(5))"
    ),
    LegalBasis.LIMITED_DATA_SET: "Part of a limited data set (45 CFR 164.528(a)(1)(viii))",
}
"""Why each exempt legal basis stays out of the accounting."""

_SUMMARIZABLE = frozenset(
    basis for basis in LegalBasis if basis.value.startswith("164.512") or basis is LegalBasis.TO_HHS
)
"""164.528(b)(3) allows summaries only for disclosures under 164.502(a)(2)(ii) or 164.512."""


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


def _entry(rows: Sequence[Disclosure]) -> AccountingEntry:
    first, last = rows[0], rows[-1]
    return AccountingEntry(
        disclosed_on=local_date(first.disclosed_at),
        recipient_name=first.recipient_name,
        recipient_address=first.recipient_address,
        description=first.description,
        purpose=first.purpose,
        legal_basis=first.legal_basis,
        count=len(rows),
        last_disclosed_on=local_date(last.disclosed_at),
        disclosure_ids=tuple(row.id for row in rows),
    )


def _group_key(row: Disclosure) -> tuple[object, ...]:
    basis = row.legal_basis
    if basis not in _SUMMARIZABLE:
        return ("single", row.id)
    return ("summary", name_words(row.recipient_name), basis, name_words(row.purpose))


def entries_for(rows: Sequence[Disclosure]) -> tuple[AccountingEntry, ...]:
    """Accounting entries for accountable disclosures given oldest first.

    Disclosures to the same recipient for the same purpose and basis are summarized into
    one entry; entries are in order of their first disclosure.
    """
    groups: dict[tuple[object, ...], list[Disclosure]] = {}
    for row in rows:
        groups.setdefault(_group_key(row), []).append(row)
    return tuple(_entry(group) for group in groups.values())


def log_entry(row: Disclosure, suspension: SuspensionView | None) -> LogEntry:
    basis = row.legal_basis
    return LogEntry(
        disclosure_id=row.id,
        disclosed_at=row.disclosed_at,
        recipient_name=row.recipient_name,
        recipient_role=row.recipient_role,
        recipient_address=row.recipient_address,
        method=row.method,
        categories=tuple(InformationCategory(name) for name in row.categories),
        description=row.description,
        purpose=row.purpose,
        legal_basis=basis,
        accountable=basis.accountable,
        exempt_reason=EXEMPTIONS.get(basis, ""),
        release_id=row.release_id,
        incident_id=row.incident_id,
        psychotherapy_notes_included=row.psychotherapy_notes_included,
        report_number=row.report_number,
        suspended_until=suspension.ends_on if suspension and basis.accountable else None,
    )


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
