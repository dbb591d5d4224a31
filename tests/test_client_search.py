"""Client search (FTS5 over names, contact notes and notes) through ClientService."""

from __future__ import annotations

from datetime import date

from desktop.models import NoteKind
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService, matching_client_ids
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput


def _client(vault: Vault, first: str, last: str, notes: tuple[str, ...] = ()) -> int:
    client_id = ClientService(vault).create(ClientInput(first_name=first, last_name=last))
    for body in notes:
        NoteService(vault).add(client_id, date(2024, 3, 1), body)
    return client_id


def test_search_finds_clients_by_name_and_by_note(vault: Vault) -> None:
    zoe = _client(vault, "Zoë", "Nguyễn", ("Talked about kayaking and sleep.",))
    dana = _client(vault, "Dana", "Kessler", ("Sleep is better this week.",))
    _client(vault, "Eli", "Marsh", ("Nothing relevant here.",))
    clients = ClientService(vault)

    assert [c.id for c in clients.list(search="sleep")] == [dana, zoe]  # by last name
    assert [c.id for c in clients.list(search="kayak")] == [zoe]  # last word is a prefix
    assert [c.id for c in clients.list(search="nguyen")] == [zoe]  # diacritics folded
    assert clients.list(search="zeppelin") == []
    assert clients.list(search="  !!  ") == []
    assert clients.count(search="sleep") == 2
    assert clients.count(search="zeppelin") == 0
    with vault.session() as session:
        assert matching_client_ids(session, "sleep") == {zoe, dana}
        assert matching_client_ids(session, "!!") == set()


def test_search_pages_and_leaves_out_archived_clients(vault: Vault) -> None:
    ids = [_client(vault, f"Client{n}", f"Last{n:02d}", ("weekly routine",)) for n in range(5)]
    clients = ClientService(vault)
    clients.set_archived(ids[0])

    assert [c.id for c in clients.list(search="routine", limit=2)] == ids[1:3]
    assert [c.id for c in clients.list(search="routine", offset=2)] == ids[3:]
    assert [c.id for c in clients.list(search="routine", include_archived=True)] == ids


def test_psychotherapy_notes_are_searched_too(vault: Vault) -> None:
    client_id = _client(vault, "Avery", "Okafor")
    NoteService(vault).add(
        client_id, date(2024, 3, 1), "Process note on grief.", NoteKind.PSYCHOTHERAPY
    )

    assert [c.id for c in ClientService(vault).list(search="grief")] == [client_id]
