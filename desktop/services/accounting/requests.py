"""Requests for an accounting (60-day clock, one 30-day extension, fee note) and suspensions.

45 CFR 164.528(c): act within 60 days of receiving the request; one extension of at most
30 days, if within those 60 days the client gets a written statement of the reason and the
date the accounting will come; the first accounting in any 12 months is free.
45 CFR 164.528(a)(2): an agency's written statement suspends the right for the time it
names; an oral one must be documented and lasts at most 30 days. Not legal advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UserInputError, WorkflowError
from desktop.models import AccountingRequest, AccountingSuspension, Client
from desktop.workflow import validation as v
from desktop.workflow.accounting_views import LOOKBACK_YEARS, years_before

RESPONSE_DAYS = 60
MAX_EXTENSION_DAYS = 30
ORAL_SUSPENSION_DAYS = 30
FEE_FREE = "No fee: this is the client's first accounting request in 12 months (164.528(c)(2))."
FEE_MAY_APPLY = (
    "A reasonable, cost-based fee may be charged: the client already asked for an accounting "
    "in the last 12 months. Tell the client the fee in advance and offer the chance to "
    "withdraw or change the request (45 CFR 164.528(c)(2))."
)


@dataclass(frozen=True)
class AccountingRequestView:
    id: int
    client_id: int
    client_display_name: str
    received_on: date
    period_start: date
    period_end: date
    due_on: date
    extension_reason: str
    extension_notice_on: date | None
    extended_due_on: date | None
    fee_note: str
    delivered_on: date | None
    overdue: bool

    @property
    def effective_due_on(self) -> date:
        """The deadline that applies: the extended one if there is one."""
        return self.extended_due_on or self.due_on


@dataclass(frozen=True)
class SuspensionView:
    id: int
    client_id: int
    agency: str
    official: str
    written_statement: bool
    statement: str
    starts_on: date
    ends_on: date

    def active_on(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def request_view(row: AccountingRequest, client: Client, today: date) -> AccountingRequestView:
    due = row.extended_due_on or row.due_on
    return AccountingRequestView(
        id=row.id,
        client_id=row.client_id,
        client_display_name=client.display_name,
        received_on=row.received_on,
        period_start=row.period_start,
        period_end=row.period_end,
        due_on=row.due_on,
        extension_reason=row.extension_reason,
        extension_notice_on=row.extension_notice_on,
        extended_due_on=row.extended_due_on,
        fee_note=row.fee_note,
        delivered_on=row.delivered_on,
        overdue=row.delivered_on is None and today > due,
    )


def new_request(
    session: Session, client_id: int, received_on: date, period_start: date | None
) -> AccountingRequest:
    received = v.past_date(received_on, "Date the request was received", required=True)
    assert received is not None
    earliest = years_before(received, LOOKBACK_YEARS)
    start = period_start or earliest
    if not earliest <= start <= received:
        raise UserInputError(
            "The period must start on or after the date six years before the request, and "
            "not after it (45 CFR 164.528(a)(1))."
        )
    year_ago = received - timedelta(days=365)
    earlier = session.scalars(
        select(AccountingRequest.id).where(
            AccountingRequest.client_id == client_id,
            AccountingRequest.received_on > year_ago,
            AccountingRequest.received_on <= received,
        )
    ).first()
    return AccountingRequest(
        client_id=client_id,
        received_on=received,
        period_start=start,
        period_end=received,
        due_on=received + timedelta(days=RESPONSE_DAYS),
        fee_note=FEE_MAY_APPLY if earlier is not None else FEE_FREE,
    )


def load_request(session: Session, request_id: int) -> AccountingRequest:
    row = session.get(AccountingRequest, request_id)
    if row is None:
        raise NotFoundError(f"Accounting request #{request_id} does not exist.")
    return row


def apply_extension(
    row: AccountingRequest, reason: str, notice_on: date, new_due_on: date | None
) -> None:
    """Extend once, by at most 30 days, with a written reason given within the 60 days."""
    if row.delivered_on is not None:
        raise WorkflowError("This accounting was already delivered; it cannot be extended.")
    if row.extended_due_on is not None:
        raise WorkflowError(
            "This request was already extended once; only one extension is allowed "
            "(45 CFR 164.528(c)(1)(ii))."
        )
    why = v.required_text(reason, "The written reason for the delay", 20_000)
    notice = v.past_date(notice_on, "Date the client was told of the delay", required=True)
    assert notice is not None
    if not row.received_on <= notice <= row.due_on:
        raise UserInputError(
            "The client must be told of the delay within the 60 days after the request "
            "(45 CFR 164.528(c)(1)(ii))."
        )
    longest = row.due_on + timedelta(days=MAX_EXTENSION_DAYS)
    target = new_due_on or longest
    if not row.due_on < target <= longest:
        raise UserInputError("An extension can add at most 30 days to the 60-day deadline.")
    row.extension_reason = why
    row.extension_notice_on = notice
    row.extended_due_on = target


def apply_delivery(row: AccountingRequest, delivered_on: date) -> None:
    if row.delivered_on is not None:
        raise WorkflowError("This accounting is already marked as delivered.")
    day = v.past_date(delivered_on, "Date the accounting was delivered", required=True)
    assert day is not None
    if day < row.received_on:
        raise UserInputError("The accounting cannot be delivered before the request came in.")
    row.delivered_on = day


def new_suspension(
    client_id: int,
    agency: str,
    *,
    official: str,
    written: bool,
    statement: str,
    starts_on: date,
    ends_on: date,
) -> AccountingSuspension:
    name = v.required_text(agency, "Agency")
    who = v.optional_text(official, "Official", 300).strip()
    if not written and not who:
        raise UserInputError(
            "For an oral request, record the official who made it (45 CFR 164.528(a)(2)(ii))."
        )
    what = v.required_text(statement, "The agency's statement", 20_000)
    if ends_on < starts_on:
        raise UserInputError("The suspension ends before it starts.")
    if not written and (ends_on - starts_on).days > ORAL_SUSPENSION_DAYS:
        raise UserInputError(
            "An oral request suspends the accounting for at most 30 days, unless a written "
            "statement arrives (45 CFR 164.528(a)(2)(ii)).",
            "Shorten the suspension, or record the written statement instead.",
        )
    return AccountingSuspension(
        client_id=client_id,
        agency=name,
        official=who,
        written_statement=written,
        statement=what,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def suspension_view(row: AccountingSuspension) -> SuspensionView:
    return SuspensionView(
        id=row.id,
        client_id=row.client_id,
        agency=row.agency,
        official=row.official,
        written_statement=row.written_statement,
        statement=row.statement,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
    )
