"""Clients: create, edit, archive, list, search and view (each view is audited)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Integer, Select, TextualSelect, func, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.contact_permissions import ContactPermissions, checked_permissions
from desktop.errors import NotFoundError, UserInputError
from desktop.migrations.postgres import CLIENT_SEARCH_TEXT, NOTE_SEARCH_TEXT, search_vector
from desktop.models import Client, EmergencyContact
from desktop.models.base import utc_now
from desktop.models.client import display_name
from desktop.services.clients import keyset
from desktop.services.conflicts import conflict_error
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v
from desktop.workflow.client_views import ClientInput, ClientRecord, EmergencyContactInput

ADULT_AGE = 18
MAX_SEARCH_WORDS = 20
# Each sort of the client list, with its tie-breakers; migration 0004 indexes each order.
SORTABLE = {
    "last_name": (Client.last_name, Client.first_name, Client.id),
    "first_name": (Client.first_name, Client.last_name, Client.id),
    "date_of_birth": (Client.date_of_birth, Client.id),
    "id": (Client.id,),
}


@dataclass(frozen=True)
class ClientSummary:
    id: int
    display_name: str
    first_name: str
    last_name: str
    date_of_birth: date | None
    archived: bool


def is_minor(birth: date | None, today: date | None = None) -> bool:
    return birth is not None and v.age_on(birth, today or date.today()) < ADULT_AGE


@dataclass(frozen=True)
class TextRule:
    """How one free-text client field is checked: its label, length limit, required or trimmed."""

    label: str
    max_chars: int = v.MAX_LONG_TEXT
    strip: bool = False
    required: bool = False

    def clean(self, value: str) -> str:
        """The checked text; UserInputError naming the field when it is wrong."""
        if self.required:
            return v.required_text(value, self.label, self.max_chars)
        text = v.optional_text(value, self.label, self.max_chars)
        return text.strip() if self.strip else text


# Every free-text field of ClientInput, in the order the form checks them.
TEXT_RULES: dict[str, TextRule] = {
    "first_name": TextRule("First name", v.MAX_SHORT_TEXT, required=True),
    "last_name": TextRule("Last name", v.MAX_SHORT_TEXT, required=True),
    "preferred_name": TextRule("Preferred name", 200, strip=True),
    "phone": TextRule("Phone", 50, strip=True),
    "address": TextRule("Address", 2000),
    "guardian_name": TextRule("Guardian name", v.MAX_SHORT_TEXT, strip=True),
    "guardian_relationship": TextRule("Relationship", 100),
    "guardian_phone": TextRule("Guardian phone", 50, strip=True),
    "guardian_authority": TextRule("Guardian authority", 2000),
    "contact_notes": TextRule("Contact notes"),
    "insurance_payer": TextRule("Insurance payer", 200, strip=True),
    "insurance_member_id": TextRule("Member id", 100, strip=True),
    "restriction_notes": TextRule("Restriction notes"),
}
# Checked by validated() itself; every other field (yes/no choices) is kept as given.
CHECKED_APART = frozenset({"date_of_birth", "email", "contact", "emergency_contacts"})


def validated(data: ClientInput) -> ClientInput:
    """Check and normalize a client form; raise UserInputError naming the first problem.

    Only the checked fields are replaced, so a field added to ClientInput is never reset here.
    """
    birth = v.past_date(data.date_of_birth, "Date of birth")
    texts: dict[str, Any] = {n: rule.clean(getattr(data, n)) for n, rule in TEXT_RULES.items()}
    if is_minor(birth) and not texts["guardian_name"]:
        raise UserInputError(
            "This client is under 18: enter the parent, guardian or personal representative."
        )
    contacts = tuple(
        EmergencyContactInput(
            v.required_text(c.name, "Emergency contact name"),
            v.optional_text(c.relationship, "Relationship", 100).strip(),
            v.optional_text(c.phone, "Emergency contact phone", 50).strip(),
        )
        for c in data.emergency_contacts
    )
    checked = replace(data, date_of_birth=birth, email=v.optional_email(data.email))
    checked = replace(checked, contact=checked_permissions(data.contact))
    return replace(checked, emergency_contacts=contacts, **texts)


_SCALAR_FIELDS = [
    name
    for name in ClientInput.__dataclass_fields__
    if name not in ("emergency_contacts", "contact")
]


def _apply(row: Client, data: ClientInput) -> list[str]:
    changed = []
    for name in _SCALAR_FIELDS:
        if getattr(row, name) != getattr(data, name):
            setattr(row, name, getattr(data, name))
            changed.append(name)
    if ContactPermissions.of_row(row) != data.contact:
        data.contact.store_on(row)
        changed.append("contact")
    current = [(c.name, c.relationship_to_client, c.phone) for c in row.emergency_contacts]
    wanted = [(c.name, c.relationship, c.phone) for c in data.emergency_contacts]
    if current != wanted:
        row.emergency_contacts = [
            EmergencyContact(name=n, relationship_to_client=r, phone=p) for n, r, p in wanted
        ]
        changed.append("emergency_contacts")
    return changed


def _to_input(row: Client) -> ClientInput:
    values = {name: getattr(row, name) for name in _SCALAR_FIELDS}
    contacts = tuple(
        EmergencyContactInput(c.name, c.relationship_to_client, c.phone)
        for c in row.emergency_contacts
    )
    return ClientInput(
        **values, contact=ContactPermissions.of_row(row), emergency_contacts=contacts
    )


_SUMMARY_COLUMNS = (
    Client.id,
    Client.first_name,
    Client.last_name,
    Client.preferred_name,
    Client.date_of_birth,
    Client.archived,
)


def summary_of(row: Client) -> ClientSummary:
    return ClientSummary(
        row.id, row.display_name, row.first_name, row.last_name, row.date_of_birth, row.archived
    )


def load_client(session: Session, client_id: int) -> Client:
    row = session.get(Client, client_id) if v.storable_id(client_id) else None
    if row is None:
        raise NotFoundError(f"Client #{client_id} does not exist.")
    return row


def fts_query(typed: str) -> str | None:
    """Turn typed words into a safe FTS5 query: every word must match, the last as a prefix.

    A repeated word counts once. More than MAX_SEARCH_WORDS different words is refused: a
    pasted page of text would otherwise keep SQLite busy for minutes.
    """
    words = list(dict.fromkeys(re.findall(r"\w+", typed, flags=re.UNICODE)))
    if not words:
        return None
    if len(words) > MAX_SEARCH_WORDS:
        raise UserInputError(f"Search for at most {MAX_SEARCH_WORDS} words at a time.")
    quoted = [f'"{word}"' for word in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _ordered(session: Session, column: InstrumentedAttribute[Any], descending: bool) -> Any:
    """ORDER BY ``column``; NULLs first ascending on every engine, as SQLite does (keyset paging
    relies on it). Only PostgreSQL is told: SQLite then keeps using its sort index as is."""
    order = column.desc() if descending else column.asc()
    if column.nullable and session.get_bind().dialect.name == "postgresql":
        order = order.nulls_last() if descending else order.nulls_first()
    return order


def _sort_value(summary: ClientSummary, key: str) -> object:
    return getattr(summary, key)


class ClientService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def create(self, data: ClientInput) -> int:
        clean = validated(data)
        with self._vault.session() as session:
            row = Client(first_name=clean.first_name, last_name=clean.last_name)
            _apply(row, clean)
            session.add(row)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.CREATE,
                actor=self._vault.actor,
                entity_type="client",
                entity_id=row.id,
                client_id=row.id,
            )
            return row.id

    def update(
        self, client_id: int, data: ClientInput, *, expected_version: int | None = None
    ) -> None:
        """Save a client's form. With ``expected_version`` (from :meth:`get`), a record that
        someone changed since raises EditConflictError and nothing is saved."""
        clean = validated(data)
        with self._vault.session() as session:
            row = load_client(session, client_id)
            if expected_version is not None and row.version != expected_version:
                raise conflict_error(session, "client", client_id)
            with session.no_autoflush:  # one UPDATE, so one new version, per save
                changed = _apply(row, clean)
            if changed:
                row.updated_at = utc_now()  # an UPDATE of the row raises its version
                try:
                    session.flush()
                except StaleDataError:  # changed between our read and our write
                    session.rollback()
                    raise conflict_error(session, "client", client_id) from None
                audit.record(
                    session,
                    audit.AuditAction.UPDATE,
                    actor=self._vault.actor,
                    entity_type="client",
                    entity_id=client_id,
                    client_id=client_id,
                    detail={"fields": changed},
                )

    def set_archived(self, client_id: int, archived: bool = True) -> None:
        """Archive (or restore) a client; records are never deleted."""
        with self._vault.session() as session:
            row = load_client(session, client_id)
            row.archived = archived
            audit.record(
                session,
                audit.AuditAction.ARCHIVE,
                actor=self._vault.actor,
                entity_type="client",
                entity_id=client_id,
                client_id=client_id,
                detail={"archived": archived},
            )

    def get(self, client_id: int, *, audit_view: bool = True) -> ClientRecord:
        """Open one client's record; opening it is an audited view."""
        with self._vault.session() as session:
            row = load_client(session, client_id)
            if audit_view:
                audit.record(
                    session,
                    audit.AuditAction.VIEW,
                    actor=self._vault.actor,
                    entity_type="client",
                    entity_id=client_id,
                    client_id=client_id,
                )
            return ClientRecord(
                row.id,
                _to_input(row),
                row.archived,
                is_minor(row.date_of_birth),
                row.display_name,
                row.version,
            )

    def list(
        self,
        *,
        search: str = "",
        include_archived: bool = False,
        sort: str = "last_name",
        descending: bool = False,
        after: ClientSummary | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[ClientSummary]:
        """Clients, sorted and filtered in SQL (never in Python over the whole table).

        Lists page with ``after`` (the last client shown: keyset paging along the indexes of
        migration 0004); ``offset`` is kept for callers that jump to a row number."""
        columns = SORTABLE.get(sort)
        if columns is None:
            raise UserInputError(f"Clients can be sorted only by {', '.join(SORTABLE)}.")
        with self._vault.session() as session:
            query = self._filtered(session, search, include_archived)
            if query is None:
                return []
            if after is not None:
                values = [_sort_value(after, column.key) for column in columns]
                nullable = sort == "date_of_birth"
                query = query.where(
                    keyset.after(columns, values, descending=descending, nullable_first=nullable)
                )
            order = [_ordered(session, column, descending) for column in columns]
            query = query.order_by(*order).limit(limit)
            if offset:
                query = query.offset(offset)
            listed = query.with_only_columns(*_SUMMARY_COLUMNS)  # no whole rows, no ORM objects
            return [
                ClientSummary(
                    r.id,
                    display_name(r.first_name, r.last_name, r.preferred_name),
                    r.first_name,
                    r.last_name,
                    r.date_of_birth,
                    r.archived,
                )
                for r in session.execute(listed)
            ]

    def count(self, *, search: str = "", include_archived: bool = False) -> int:
        with self._vault.session() as session:
            query = self._filtered(session, search, include_archived)
            if query is None:
                return 0
            counted = select(func.count()).select_from(query.subquery())
            return int(session.scalar(counted) or 0)

    def _filtered(
        self, session: Session, search: str, include_archived: bool
    ) -> Select[Client] | None:
        query = select(Client)
        if not include_archived:
            query = query.where(Client.archived.is_(False))
        if search.strip():
            matching = matching_clients(session, search)
            if matching is None:
                return None
            query = query.where(Client.id.in_(matching))
        return query


# Clients matching by name or contact notes, and clients with a matching note. The note ids
# FTS5 finds are mapped to clients through the covering index ix_notes_id_client_id (0003):
# through the table, each match reads a whole note page (300 ms for a word in 45,000 notes).
# UNION ALL, not UNION: IN (...) removes duplicates anyway, without sorting every match.
_MATCHING_CLIENTS_SQL = (
    "SELECT rowid AS client_id FROM clients_fts WHERE clients_fts MATCH :q "
    "UNION ALL SELECT notes.client_id FROM notes_fts "
    "JOIN notes INDEXED BY ix_notes_id_client_id ON notes.id = notes_fts.rowid "
    "WHERE notes_fts MATCH :q"
)


# The same on PostgreSQL: each expression is exactly the one its GIN index holds (0009).
_PG_MATCHING_CLIENTS_SQL = (
    f"SELECT id AS client_id FROM clients WHERE {search_vector(CLIENT_SEARCH_TEXT)} "
    "@@ to_tsquery('confide_search', :q) "
    f"UNION ALL SELECT client_id FROM notes WHERE {search_vector(NOTE_SEARCH_TEXT)} "
    "@@ to_tsquery('confide_search', :q)"
)


def ts_query(typed: str) -> str | None:
    """The PostgreSQL form of :func:`fts_query`: every word, the last as a prefix."""
    expression = fts_query(typed)
    if expression is None:
        return None
    words = [word.strip('"*') for word in expression.split(" ")]
    quoted = [f"'{word}'" for word in words]  # \w+ words: no quote can appear inside
    quoted[-1] += ":*"
    return " & ".join(quoted)


def matching_clients(session: Session, typed: str) -> TextualSelect | None:
    """A subquery of the ids of clients whose name, contact notes or any note matches every
    typed word (FTS5); None when nothing searchable was typed. Runs inside the caller's query,
    so the matches are never loaded into Python."""
    if session.get_bind().dialect.name == "postgresql":
        query = ts_query(typed)
        if query is None:
            return None
        return text(_PG_MATCHING_CLIENTS_SQL).bindparams(q=query).columns(client_id=Integer)
    expression = fts_query(typed)
    if expression is None:
        return None
    return text(_MATCHING_CLIENTS_SQL).bindparams(q=expression).columns(client_id=Integer)


def matching_client_ids(session: Session, typed: str) -> set[int]:
    """The ids of the clients :func:`matching_clients` finds."""
    matching = matching_clients(session, typed)
    return set() if matching is None else set(session.execute(matching).scalars())
