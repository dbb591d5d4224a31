"""Enum columns: the ORM hands back members, the database keeps the same value strings as before."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from desktop.models import AuditEvent, Base, Note
from desktop.models.audit import AuditAction
from desktop.models.note import NoteKind
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput


def test_a_note_kind_is_stored_as_its_value_and_read_as_a_member(vault: Vault) -> None:
    client_id = ClientService(vault).create(ClientInput(first_name="Ada", last_name="Byron"))
    note_id = NoteService(vault).add(
        client_id, date(2026, 1, 5), "Session.", kind=NoteKind.PSYCHOTHERAPY
    )
    with vault.session() as session:
        stored = session.execute(text("SELECT kind FROM notes WHERE id = :id"), {"id": note_id})
        assert stored.scalar_one() == "psychotherapy"
        assert session.get(Note, note_id).kind is NoteKind.PSYCHOTHERAPY  # type: ignore[union-attr]
        actions = session.scalars(select(AuditEvent.action)).all()
        assert AuditAction.CREATE in actions
        assert all(isinstance(action, AuditAction) for action in actions)


def test_a_value_outside_the_enum_is_refused_on_write(vault: Vault) -> None:
    client_id = ClientService(vault).create(ClientInput(first_name="Ada", last_name="Byron"))
    with pytest.raises(StatementError), vault.session() as session:
        session.add(Note(client_id=client_id, kind="memo", session_date=date(2026, 1, 5), body="x"))
        session.flush()


def test_enum_columns_keep_their_string_width() -> None:
    """No schema change: each enum column is still a VARCHAR of the width it had."""
    widths = {
        (table.name, column.name): column.type.length  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.type.__class__.__name__ == "Enum"
    }
    assert widths == {
        ("audit_events", "action"): 40,
        ("notes", "kind"): 20,
        ("incidents", "exception_type"): 40,
        ("incidents", "current_step"): 40,
        ("incident_steps", "step"): 40,
        ("incident_steps", "status"): 20,
        ("disclosures", "method"): 30,
        ("disclosures", "legal_basis"): 40,
        ("notifications", "method"): 30,
    }
