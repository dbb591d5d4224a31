"""Clients matching a search, most recent match first, in batches that stop early (issue 11).

A common word is in half of all notes: finding every matching client before showing the first
ones read every match (about a second at 1,000,000 notes). Here the matches are read newest
first (FTS5 walks its index backwards by row id, in chunks), each new client is kept once, and
reading stops as soon as a batch is full. Clients whose name or contact notes match come
first (newest record first), then clients by their newest matching note. The count of all
matching clients is a separate, slower question (:meth:`ClientService.count`), asked after
the first batch is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.errors import UserInputError
from desktop.models import Client
from desktop.models.client import display_name
from desktop.services.clients.service import ClientSummary, fts_query
from desktop.storage.vault import Vault

CHUNK = 1_000  # matches read per statement
_SOURCES = (
    "SELECT rowid, rowid FROM clients_fts WHERE clients_fts MATCH :q AND rowid < :before "
    "ORDER BY rowid DESC LIMIT :chunk",
    "SELECT notes_fts.rowid, notes.client_id FROM notes_fts "
    "JOIN notes INDEXED BY ix_notes_id_client_id ON notes.id = notes_fts.rowid "
    "WHERE notes_fts MATCH :q AND notes_fts.rowid < :before "
    "ORDER BY notes_fts.rowid DESC LIMIT :chunk",
)
_END = 2**63 - 1


@dataclass
class SearchCursor:
    """Where a search stopped: which source, below which row id, and the clients shown."""

    expression: str
    include_archived: bool
    source: int = 0
    before: int = _END
    seen: set[int] = field(default_factory=set)

    @property
    def exhausted(self) -> bool:
        return self.source >= len(_SOURCES)


def start(session: Session, typed: str, include_archived: bool) -> SearchCursor | None:
    """A cursor for ``typed``; None when nothing searchable was typed."""
    expression = fts_query(typed)
    if expression is None:
        return None
    if session.get_bind().dialect.name != "sqlite":
        raise UserInputError("Search needs the encrypted SQLite vault.")
    return SearchCursor(expression, include_archived)


def next_batch(session: Session, cursor: SearchCursor, limit: int) -> list[ClientSummary]:
    """Up to ``limit`` more matching clients, in match order; fewer only at the end."""
    found: list[int] = []
    while len(found) < limit and not cursor.exhausted:
        chunk = session.execute(
            text(_SOURCES[cursor.source]),
            {"q": cursor.expression, "before": cursor.before, "chunk": CHUNK},
        ).all()
        listable = _listable(session, {c for _r, c in chunk} - cursor.seen, cursor)
        for row_id, client_id in chunk:
            cursor.before = int(row_id)
            if client_id in cursor.seen:
                continue
            cursor.seen.add(client_id)
            if client_id in listable:
                found.append(client_id)
                if len(found) == limit:
                    break
        else:
            if len(chunk) < CHUNK:
                cursor.source, cursor.before = cursor.source + 1, _END
    return _summaries(session, found)


def _listable(session: Session, ids: set[int], cursor: SearchCursor) -> set[int]:
    if cursor.include_archived or not ids:
        return ids
    query = select(Client.id).where(Client.id.in_(ids), Client.archived.is_(False))
    return set(session.scalars(query))


def _summaries(session: Session, ids: list[int]) -> list[ClientSummary]:
    if not ids:
        return []
    query = select(
        Client.id,
        Client.first_name,
        Client.last_name,
        Client.preferred_name,
        Client.date_of_birth,
        Client.archived,
    ).where(Client.id.in_(ids))
    rows = {row.id: row for row in session.execute(query)}
    return [
        ClientSummary(
            r.id,
            display_name(r.first_name, r.last_name, r.preferred_name),
            r.first_name,
            r.last_name,
            r.date_of_birth,
            r.archived,
        )
        for i in ids
        if (r := rows.get(i)) is not None
    ]


class ClientSearch:
    """One typed search, read batch by batch (the client list's loader); worker thread only."""

    def __init__(self, vault: Vault, typed: str, include_archived: bool) -> None:
        self._vault = vault
        self._typed = typed
        self._include_archived = include_archived
        self._cursor: SearchCursor | None = None
        self._started = False

    def next(self, limit: int) -> list[ClientSummary]:
        """The next ``limit`` matching clients (fewer only at the end)."""
        with self._vault.session() as session:
            if not self._started:
                self._cursor = start(session, self._typed, self._include_archived)
                self._started = True
            if self._cursor is None:
                return []
            return next_batch(session, self._cursor, limit)
