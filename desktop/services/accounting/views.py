"""Typed results of the accounting service, and how disclosures become accounting entries."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain import InformationCategory, LegalBasis
from desktop.models import Disclosure
from desktop.services.accounting.requests import SuspensionView
from desktop.services.signing.checks import name_words
from desktop.workflow.accounting_views import AccountingEntry, LogEntry, local_date

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
