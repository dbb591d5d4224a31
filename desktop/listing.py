"""Rows for ``confide list``: typed values for ``--json`` and labelled columns for people.

Each lister selects only the columns it shows (never consent text or signature images). The
JSON keys keep their names and ISO 8601 values; the table shows names instead of client ids,
labels instead of internal names, local dates and Yes/No.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.sql import Executable

from desktop.contact_permissions import ContactChannel, ContactPermissions, status_of
from desktop.domain import ExceptionType, WorkflowStep
from desktop.local_time import format_date, format_datetime, format_span, in_local_zone, yes_no
from desktop.models import Client, Consent, ConsentRevocation, Incident, Release
from desktop.storage.vault import Vault

Row = dict[str, object]


def shown(value: object) -> str:
    """How a value reads in the table: local dates, Yes/No, a dash for nothing."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


@dataclass(frozen=True)
class Column:
    """One column: its JSON key, its table header and whether the table shows it."""

    key: str
    header: str
    in_table: bool = True
    label: Callable[[object], str] = shown
    cell: Callable[[Row], str] | None = None  # when the text needs more than this column
    shrinks: bool = False  # free text that may be cut with "…" to fit the terminal

    def text(self, row: Row) -> str:
        return self.cell(row) if self.cell is not None else self.label(row[self.key])


@dataclass(frozen=True)
class Listing:
    """What ``confide list`` prints: the rows and the columns that describe them."""

    columns: tuple[Column, ...]
    rows: list[Row] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps(self.rows, indent=2, ensure_ascii=False, default=_iso)

    def table_columns(self) -> list[Column]:
        return [c for c in self.columns if c.in_table]

    def table_cells(self) -> tuple[list[str], list[list[str]]]:
        """The headers and the cell texts of the columns the table shows."""
        columns = self.table_columns()
        return [c.header for c in columns], [[c.text(r) for c in columns] for r in self.rows]


def _iso(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _enum_label(kind: type[StrEnum]) -> Callable[[object], str]:
    def label(value: object) -> str:
        try:
            return str(getattr(kind(str(value)), "label"))  # noqa: B009 - every kind has .label
        except ValueError:
            return shown(value)

    return label


def _day(value: object) -> str:
    return format_date(in_local_zone(value).date()) if isinstance(value, datetime) else shown(value)


def _status(row: Row) -> str:
    """ "Finalized", or the step it is at, e.g. "Step 3 of 8, overdue by 2 days"."""
    if row["state"] == "finalized":
        return "Finalized"
    try:
        at = f"Step {WorkflowStep(str(row['current_step'])).number} of {len(WorkflowStep)}"
    except ValueError:
        at = "Open"
    due = row["due_at"]
    if isinstance(due, datetime) and due < datetime.now(UTC):
        return f"{at}, overdue by {format_span(datetime.now(UTC) - due)}"
    return at


def _rows(vault: Vault, query: Executable, keys: Sequence[str]) -> list[Row]:
    with vault.session() as session:
        return [dict(zip(keys, row, strict=True)) for row in session.execute(query)]


def list_clients(vault: Vault, include_archived: bool) -> Listing:
    query = select(Client).order_by(Client.last_name, Client.first_name, Client.id)
    if not include_archived:
        query = query.where(Client.archived.is_(False))
    with vault.session() as session:
        rows: list[Row] = [
            {
                "id": c.id,
                "name": c.display_name,
                "date_of_birth": c.date_of_birth,
                "archived": c.archived,
                "contact": ContactPermissions.of_row(c).as_json(),
            }
            for c in session.scalars(query)
        ]
    columns = (
        Column("id", "No."),
        Column("name", "Name", shrinks=True),
        Column("date_of_birth", "Date of birth"),
        *(_contact_column(channel) for channel in ContactChannel),
        Column("archived", "Archived", in_table=include_archived),
    )
    return Listing(columns, rows)


def _contact_column(channel: ContactChannel) -> Column:
    """The table shows the answer ("Declined"); ``--json`` has it with the day asked."""

    def cell(row: Row) -> str:
        answers = row["contact"]
        answer = answers.get(channel.value, {}) if isinstance(answers, dict) else {}
        return status_of(str(answer.get("status", ""))).label

    return Column("contact", channel.label, cell=cell)


_CLIENT = Column("client", "Client", shrinks=True)
_CLIENT_ID = Column("client_id", "Client no.", in_table=False)


def _with_client_names(vault: Vault, rows: list[Row]) -> list[Row]:
    with vault.session() as session:
        ids = {row["client_id"] for row in rows}
        names = {
            c.id: c.display_name for c in session.scalars(select(Client).where(Client.id.in_(ids)))
        }
    for row in rows:
        row["client"] = names.get(row["client_id"], "")  # type: ignore[call-overload]
    return rows


def list_incidents(vault: Vault, _include_archived: bool) -> Listing:
    keys = ("id", "client_id", "type", "jurisdiction", "opened_at", "finalized_at", "step", "due")
    query = select(
        Incident.id,
        Incident.client_id,
        Incident.exception_type,
        Incident.jurisdiction,
        Incident.opened_at,
        Incident.finalized_at,
        Incident.current_step,
        Incident.due_at,
    ).order_by(Incident.opened_at.desc(), Incident.id.desc())
    rows = _with_client_names(vault, _rows(vault, query, keys))
    for row in rows:
        row["state"] = "finalized" if row.pop("finalized_at") else "open"
        row["current_step"] = row.pop("step")
        row["due_at"] = row.pop("due")
    columns = (
        Column("id", "No."),
        _CLIENT,
        _CLIENT_ID,
        Column("type", "Reason", label=_enum_label(ExceptionType), shrinks=True),
        Column("jurisdiction", "State", in_table=False),
        Column("opened_at", "Opened", label=_day),
        Column("current_step", "Current step", in_table=False),
        Column("due_at", "Due"),
        Column("state", "Status", cell=_status),
    )
    return Listing(columns, rows)


def list_consents(vault: Vault, _include_archived: bool) -> Listing:
    keys = ("id", "client_id", "template", "title", "version", "signed_at", "revoked")
    query = (
        select(
            Consent.id,
            Consent.client_id,
            Consent.template_key,
            Consent.title,
            Consent.template_version,
            Consent.signed_at,
            ConsentRevocation.id.is_not(None),
        )
        .outerjoin(ConsentRevocation, ConsentRevocation.consent_id == Consent.id)
        .order_by(Consent.signed_at.desc(), Consent.id.desc())
    )
    rows = _with_client_names(vault, _rows(vault, query, keys))
    columns = (
        Column("id", "No."),
        _CLIENT,
        _CLIENT_ID,
        Column("title", "Form", shrinks=True),
        Column("template", "Template", in_table=False),
        Column("version", "Version"),
        Column("signed_at", "Signed", label=_day),
        Column("revoked", "Revoked"),
    )
    return Listing(columns, rows)


def list_releases(vault: Vault, _include_archived: bool) -> Listing:
    keys = ("id", "client_id", "recipient", "signed_at", "expires_on", "event", "revoked_at")
    query = select(
        Release.id,
        Release.client_id,
        Release.recipient_name,
        Release.signed_at,
        Release.expires_on,
        Release.expiry_event,
        Release.revoked_at,
    ).order_by(Release.signed_at.desc(), Release.id.desc())
    rows = _with_client_names(vault, _rows(vault, query, keys))
    for row in rows:
        event = row.pop("event")
        row["expires_on"] = row["expires_on"] or event
        row["revoked"] = row.pop("revoked_at") is not None
    columns = (
        Column("id", "No."),
        _CLIENT,
        _CLIENT_ID,
        Column("recipient", "Recipient", shrinks=True),
        Column("signed_at", "Signed", label=_day),
        Column("expires_on", "Expires", shrinks=True),
        Column("revoked", "Revoked"),
    )
    return Listing(columns, rows)


LISTERS: dict[str, Callable[[Vault, bool], Listing]] = {
    "clients": list_clients,
    "incidents": list_incidents,
    "consents": list_consents,
    "releases": list_releases,
}
