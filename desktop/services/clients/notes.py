"""Progress notes and psychotherapy notes (kept apart by kind; 45 CFR 164.501)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop.errors import NotFoundError
from desktop.models import Note, NoteKind
from desktop.services.clients.service import load_client
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v


@dataclass(frozen=True)
class NoteView:
    id: int
    client_id: int
    kind: NoteKind
    session_date: date
    body: str


class NoteService:
    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def add(
        self, client_id: int, session_date: date, body: str, kind: NoteKind = NoteKind.PROGRESS
    ) -> int:
        day = v.past_date(session_date, "Session date", required=True)
        text = v.required_text(body, "Note", v.MAX_LONG_TEXT)
        with self._vault.session() as session:
            load_client(session, client_id)
            row = Note(client_id=client_id, kind=kind, session_date=day, body=text)
            session.add(row)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.CREATE,
                actor=self._vault.actor,
                entity_type=f"{kind.value}_note",
                entity_id=row.id,
                client_id=client_id,
            )
            return row.id

    def update(self, note_id: int, body: str) -> None:
        text = v.required_text(body, "Note", v.MAX_LONG_TEXT)
        with self._vault.session() as session:
            row = session.get(Note, note_id) if v.storable_id(note_id) else None
            if row is None:
                raise NotFoundError(f"Note #{note_id} does not exist.")
            row.body = text
            audit.record(
                session,
                audit.AuditAction.UPDATE,
                actor=self._vault.actor,
                entity_type=f"{row.kind}_note",
                entity_id=note_id,
                client_id=row.client_id,
            )

    def for_client(self, client_id: int, *, include_psychotherapy: bool = False) -> list[NoteView]:
        """A client's notes, newest first; psychotherapy notes only when asked for."""
        with self._vault.session() as session:
            query = select(Note).where(Note.client_id == client_id)
            if not include_psychotherapy:
                query = query.where(Note.kind == NoteKind.PROGRESS)
            query = query.order_by(Note.session_date.desc(), Note.id.desc())
            return [
                NoteView(n.id, n.client_id, n.kind, n.session_date, n.body)
                for n in session.scalars(query)
            ]
