"""Search by most recent match (issue 11): order, batches that stop early, the same clients as
the full search, archived clients left out, a rare word still found."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.clients import search as client_search
from desktop.services.clients.notes import NoteService
from desktop.services.clients.search import ClientSearch
from desktop.services.clients.service import ClientService, matching_client_ids
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput


def _client(vault: Vault, first: str, last: str) -> int:
    return ClientService(vault).create(ClientInput(first_name=first, last_name=last))


def _note(vault: Vault, client_id: int, body: str) -> None:
    NoteService(vault).add(client_id, date(2024, 3, 1), body)


def _all(search: ClientSearch, batch: int) -> list[list[int]]:
    batches = []
    while rows := search.next(batch):
        batches.append([c.id for c in rows])
        if len(rows) < batch:
            break
    return batches


def test_most_recent_match_first_and_names_before_notes(vault: Vault) -> None:
    ada = _client(vault, "Ada", "Quill")
    ben = _client(vault, "Ben", "Sleeper")  # the name matches the prefix "sleep*"
    cy = _client(vault, "Cy", "Rowe")
    _note(vault, ada, "Sleep improved.")
    _note(vault, cy, "Talked about sleep.")
    _note(vault, ada, "Sleep worse again.")  # Ada's newest match is the newest of all
    _note(vault, cy, "Nothing relevant.")

    found = [c.id for c in ClientSearch(vault, "sleep", False).next(10)]

    assert found == [ben, ada, cy]


def test_batches_cover_every_match_once_across_chunks(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_search, "CHUNK", 3)  # many statements, chunk edges mid-batch
    ids = [_client(vault, f"Client{n}", f"Last{n:02d}") for n in range(9)]
    for round_ in range(3):
        for n, client_id in enumerate(ids):
            _note(vault, client_id, "weekly routine" if (n + round_) % 2 else "other words")
    archived = ids[4]
    ClientService(vault).set_archived(archived)
    with vault.session() as session:
        everyone = matching_client_ids(session, "routine")

    batches = _all(ClientSearch(vault, "routine", False), 2)
    flat = [c for b in batches for c in b]
    assert len(flat) == len(set(flat)), "a client is listed once"
    assert set(flat) == everyone - {archived}
    assert all(len(b) == 2 for b in batches[:-1])
    assert len(flat) == ClientService(vault).count(search="routine")

    with_archived = [c for b in _all(ClientSearch(vault, "routine", True), 4) for c in b]
    assert set(with_archived) == everyone


def test_a_rare_word_and_nothing_typed(vault: Vault) -> None:
    many = [_client(vault, f"Client{n}", "Common") for n in range(5)]
    for client_id in many:
        _note(vault, client_id, "anxiety and sleep")
    rare = many[1]
    _note(vault, rare, "mentions heliotrope once")

    assert [c.id for c in ClientSearch(vault, "heliotrope", False).next(200)] == [rare]
    assert ClientSearch(vault, "  !! ", False).next(200) == []
    assert ClientSearch(vault, "zeppelin", False).next(200) == []
