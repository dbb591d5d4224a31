"""Two people edit the same client: the second save is refused and nothing is lost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from desktop.errors import EditConflictError
from desktop.services.clients import service as clients_module
from desktop.services.clients.service import ClientService
from desktop.storage.postgres import PracticeStore
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput, EmergencyContactInput
from tests.support.practice import TEST_CLINICIAN, Practice


def test_a_save_from_an_older_version_is_refused_and_nothing_is_lost(vault: Vault) -> None:
    service = ClientService(vault)
    client_id = service.create(ClientInput(first_name="Jordan", last_name="Avery"))
    first = service.get(client_id)  # two windows open the same record
    second = service.get(client_id)

    service.update(
        client_id,
        replace(first.data, phone="555-0100"),
        expected_version=first.version,
    )
    with pytest.raises(EditConflictError) as caught:
        service.update(
            client_id,
            replace(second.data, email="jordan@example.org"),
            expected_version=second.version,
        )

    message = str(caught.value)
    assert "changed by" in message and "Reload" in message
    assert "Jordan" not in message and "Avery" not in message  # no client information
    saved = service.get(client_id)
    assert (saved.data.phone, saved.data.email) == ("555-0100", "")
    assert saved.version == first.version + 1
    service.update(
        client_id, replace(saved.data, email="jordan@example.org"), expected_version=saved.version
    )
    assert service.get(client_id).data.email == "jordan@example.org"


def test_every_change_raises_the_version_even_of_contacts_only(vault: Vault) -> None:
    service = ClientService(vault)
    client_id = service.create(ClientInput(first_name="Jordan", last_name="Avery"))
    before = service.get(client_id)
    contacts = (EmergencyContactInput("Sam Avery", "Brother"),)
    service.update(client_id, replace(before.data, emergency_contacts=contacts))
    after = service.get(client_id)
    assert after.version == before.version + 1
    service.update(client_id, after.data, expected_version=after.version)  # no change: no bump
    assert service.get(client_id).version == after.version


@pytest.fixture
def second_store(pg_practice: Practice, pg_database: str) -> Iterator[PracticeStore]:
    """A second connection as the same clinician (another computer of the practice)."""
    url = pg_practice.cluster.url(pg_database, TEST_CLINICIAN, pg_practice.clinician_password)
    store = PracticeStore.connect(url, "Front desk")
    yield store
    store.lock()


def test_two_sessions_racing_on_the_server_the_second_gets_the_conflict(
    practice_store: PracticeStore,
    second_store: PracticeStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both read version 1; the other session commits in between; ours then fails cleanly."""
    mine, theirs = ClientService(practice_store), ClientService(second_store)
    client_id = mine.create(ClientInput(first_name="Jordan", last_name="Avery"))
    opened = mine.get(client_id)
    real_load = clients_module.load_client
    raced: list[bool] = []

    def load_then_race(session: object, wanted: int) -> object:
        row = real_load(session, wanted)  # type: ignore[arg-type]
        if not raced:  # the other clinician saves right after our read, before our write
            raced.append(True)
            other = theirs.get(client_id)
            theirs.update(client_id, replace(other.data, phone="555-0199"))
        return row

    monkeypatch.setattr(clients_module, "load_client", load_then_race)
    with pytest.raises(EditConflictError, match="changed by Front desk"):
        mine.update(
            client_id, replace(opened.data, email="j@example.org"), expected_version=opened.version
        )
    monkeypatch.undo()
    saved = mine.get(client_id)
    assert (saved.data.phone, saved.data.email) == ("555-0199", "")
