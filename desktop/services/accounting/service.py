"""The accounting of disclosures (45 CFR 164.528) and the clinician's full disclosure log.

The accounting lists the disclosures made in the six years before the request (or a shorter
period from ``since``) that the rule requires: everything except the exempt kinds, such as
treatment, payment and operations (routine billing), disclosures to the client, and those
under a signed authorization. Each entry has the four elements of 164.528(b)(2): date,
recipient and address if known, what was disclosed, and the purpose and legal basis.
Repeated disclosures to one recipient for one purpose under 164.512 are summarized as
164.528(b)(3) allows: the first in full, how many, and the date of the last. Disclosures
to an agency whose suspension (164.528(a)(2)) is in effect are left out and reported in
``Accounting.withheld`` for the clinician. Not legal advice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserInputError
from desktop.models import AccountingRequest, AccountingSuspension, Client, Disclosure
from desktop.services.accounting import requests as req
from desktop.services.accounting.requests import AccountingRequestView, SuspensionView
from desktop.services.accounting.views import entries_for, log_entry
from desktop.services.clients.service import load_client
from desktop.services.signing.checks import name_words
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow.accounting_views import (
    LOOKBACK_YEARS,
    Accounting,
    AccountingEntry,
    DisclosureLog,
    LogEntry,
    WithheldNote,
    years_before,
)

__all__ = [
    "Accounting",
    "AccountingEntry",
    "AccountingRequestView",
    "AccountingService",
    "DisclosureLog",
    "LogEntry",
    "SuspensionView",
    "WithheldNote",
]


def local_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in the local time zone, as an aware datetime."""
    return datetime.combine(day, time.min).astimezone()


def _disclosures(
    session: Session, client_id: int, start: date | None, end: date | None
) -> list[Disclosure]:
    query = select(Disclosure).where(Disclosure.client_id == client_id)
    if start is not None:
        query = query.where(Disclosure.disclosed_at >= local_start(start))
    if end is not None:
        query = query.where(Disclosure.disclosed_at < local_start(end + timedelta(days=1)))
    return list(session.scalars(query.order_by(Disclosure.disclosed_at, Disclosure.id)))


def _suspensions(session: Session, client_id: int) -> list[SuspensionView]:
    query = (
        select(AccountingSuspension)
        .where(AccountingSuspension.client_id == client_id)
        .order_by(AccountingSuspension.starts_on, AccountingSuspension.id)
    )
    return [req.suspension_view(row) for row in session.scalars(query)]


def _suspending(row: Disclosure, suspensions: Iterable[SuspensionView]) -> SuspensionView | None:
    """The suspension, among those in effect, whose agency received this disclosure."""
    recipient = name_words(row.recipient_name)
    return next((s for s in suspensions if name_words(s.agency) == recipient), None)


class AccountingService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def accounting_for(
        self, client_id: int, *, as_of: date | None = None, since: date | None = None
    ) -> Accounting:
        """The client's accounting as of ``as_of`` (the request date; default today)."""
        end = as_of or date.today()
        earliest = years_before(end, LOOKBACK_YEARS)
        start = since or earliest
        if start < earliest:
            raise UserInputError(
                "An accounting covers at most the six years before the request "
                "(45 CFR 164.528(a)(1)).",
                "Choose a start date on or after that.",
            )
        if start > end:
            raise UserInputError("The accounting period starts after it ends.")
        with self._vault.session() as session:
            client = load_client(session, client_id)
            active = [s for s in _suspensions(session, client_id) if s.active_on(end)]
            included: list[Disclosure] = []
            withheld: dict[int, int] = {}
            for row in _disclosures(session, client_id, start, end):
                if not row.legal_basis.accountable:
                    continue
                suspension = _suspending(row, active)
                if suspension is None:
                    included.append(row)
                else:
                    withheld[suspension.id] = withheld.get(suspension.id, 0) + 1
            notes = tuple(
                WithheldNote(s.agency, s.official, s.ends_on, s.written_statement, withheld[s.id])
                for s in active
                if s.id in withheld
            )
            return Accounting(
                client_id, client.display_name, start, end, entries_for(included), notes
            )

    def accounting_for_request(self, request_id: int) -> Accounting:
        """The accounting a recorded request asks for: its period, as of the day received."""
        with self._vault.session() as session:
            row = req.load_request(session, request_id)
            client_id, received, start = row.client_id, row.received_on, row.period_start
        return self.accounting_for(client_id, as_of=received, since=start)

    def full_log(self, client_id: int, since: date | None = None) -> DisclosureLog:
        """Every disclosure, exempt or not, each flagged; for the clinician's own records."""
        today = date.today()
        with self._vault.session() as session:
            client = load_client(session, client_id)
            active = [s for s in _suspensions(session, client_id) if s.active_on(today)]
            rows = _disclosures(session, client_id, since, None)
            entries = tuple(log_entry(row, _suspending(row, active)) for row in rows)
            return DisclosureLog(client_id, client.display_name, since, entries)

    # ----- requests -------------------------------------------------------------------------

    def record_request(
        self, client_id: int, received_on: date, period_start: date | None = None
    ) -> int:
        """Record a client's request; due 60 days after it was received."""
        with self._vault.session() as session:
            load_client(session, client_id)
            row = req.new_request(session, client_id, received_on, period_start)
            session.add(row)
            session.flush()
            self._audit(session, audit.AuditAction.CREATE, row)
            return row.id

    def extend(
        self, request_id: int, reason: str, notice_on: date, new_due_on: date | None = None
    ) -> AccountingRequestView:
        """The one extension (default and at most 30 days), with its written reason."""
        with self._vault.session() as session:
            row = req.load_request(session, request_id)
            req.apply_extension(row, reason, notice_on, new_due_on)
            self._audit(session, audit.AuditAction.UPDATE, row, {"fields": ["extension"]})
            return req.request_view(row, load_client(session, row.client_id), date.today())

    def mark_delivered(self, request_id: int, delivered_on: date) -> AccountingRequestView:
        with self._vault.session() as session:
            row = req.load_request(session, request_id)
            req.apply_delivery(row, delivered_on)
            self._audit(session, audit.AuditAction.UPDATE, row, {"fields": ["delivered_on"]})
            return req.request_view(row, load_client(session, row.client_id), date.today())

    def open_requests(self, *, today: date | None = None) -> list[AccountingRequestView]:
        """Requests not yet answered, soonest deadline first; ``overdue`` past the deadline."""
        day = today or date.today()
        with self._vault.session() as session:
            query = (
                select(AccountingRequest, Client)
                .join(Client, Client.id == AccountingRequest.client_id)
                .where(AccountingRequest.delivered_on.is_(None))
            )
            found = [req.request_view(r, c, day) for r, c in session.execute(query)]
        return sorted(found, key=lambda view: (view.effective_due_on, view.id))

    def requests_for(
        self, client_id: int, *, today: date | None = None
    ) -> list[AccountingRequestView]:
        """All of one client's requests, newest first."""
        day = today or date.today()
        with self._vault.session() as session:
            client = load_client(session, client_id)
            query = (
                select(AccountingRequest)
                .where(AccountingRequest.client_id == client_id)
                .order_by(AccountingRequest.received_on.desc(), AccountingRequest.id.desc())
            )
            return [req.request_view(row, client, day) for row in session.scalars(query)]

    # ----- suspensions ----------------------------------------------------------------------

    def record_suspension(
        self,
        client_id: int,
        agency: str,
        *,
        official: str,
        written: bool,
        statement: str,
        starts_on: date,
        ends_on: date,
    ) -> int:
        """An agency's request to suspend the client's accounting of disclosures to it."""
        row = req.new_suspension(
            client_id,
            agency,
            official=official,
            written=written,
            statement=statement,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        with self._vault.session() as session:
            load_client(session, client_id)
            session.add(row)
            session.flush()
            self._audit(session, audit.AuditAction.CREATE, row)
            return row.id

    def suspensions_for(self, client_id: int) -> list[SuspensionView]:
        with self._vault.session() as session:
            load_client(session, client_id)
            return _suspensions(session, client_id)

    def _audit(
        self,
        session: Session,
        action: audit.AuditAction,
        row: AccountingRequest | AccountingSuspension,
        detail: dict[str, object] | None = None,
    ) -> None:
        audit.record(
            session,
            action,
            actor=self._vault.actor,
            entity_type=row.__tablename__.removesuffix("s"),
            entity_id=row.id,
            client_id=row.client_id,
            detail=detail,
        )
