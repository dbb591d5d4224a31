"""The log's "in the accounting" column is computed from the six-year window (45 CFR 164.528)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from desktop.domain import InformationCategory, LegalBasis
from desktop.workflow.accounting_views import OUTSIDE_WINDOW, LogEntry, accounting_status

TODAY = date(2026, 11, 29)


def entry(disclosed: datetime, basis: LegalBasis = LegalBasis.SERIOUS_THREAT) -> LogEntry:
    return LogEntry(
        disclosure_id=1,
        disclosed_at=disclosed,
        recipient_name="Police",
        recipient_role="law_enforcement",
        recipient_address="",
        method="phone",
        categories=(InformationCategory.IDENTITY,),
        description="Name and threat",
        purpose="Warning",
        legal_basis=basis,
        accountable=basis.accountable,
        exempt_reason="" if basis.accountable else "Authorized by the client",
        release_id=None,
        incident_id=None,
        psychotherapy_notes_included=False,
        report_number="",
        suspended_until=None,
    )


def test_a_seven_year_old_disclosure_is_no_longer_in_the_accounting() -> None:
    assert accounting_status(entry(datetime(2019, 6, 1, 12, tzinfo=UTC)), TODAY) == OUTSIDE_WINDOW
    assert accounting_status(entry(datetime(2021, 6, 1, 12, tzinfo=UTC)), TODAY) == "Yes"
    authorized = entry(datetime(2021, 6, 1, 12, tzinfo=UTC), LegalBasis.AUTHORIZATION)
    assert accounting_status(authorized, TODAY).startswith("No: Authorized")
