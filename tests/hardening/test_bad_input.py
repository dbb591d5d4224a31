"""Hostile text at every text field of the services: stored and read back exactly, or refused.

"Exactly" means after the documented normalization (workflow/validation.py): NFC, C0 control
characters other than tab, newline and carriage return removed, a lone surrogate replaced by
U+FFFD, and, for short fields, surrounding white space trimmed. The expected value is computed
here independently of the code under test. A refusal must be a UserInputError whose message
does not repeat the input.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from desktop.errors import UserInputError
from desktop.models import Disclosure
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput, EmergencyContactInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import HOSTILE, disclosure_input, documented


@pytest.fixture(scope="module")
def shared_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault, _ = Vault.create(
        tmp_path_factory.mktemp("input") / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB
    )
    PractitionerService(vault).save(Profile("Dr. Input", "CA"))
    with vault:
        yield vault


@pytest.fixture(scope="module")
def client_id(shared_vault: Vault) -> int:
    return ClientService(shared_vault).create(ClientInput("Ana", "Lee"))


# ----- one way in per field: store the text, return what reads back ----------------------------

Field = Callable[[Vault, int, str], str]


def _client_field(name: str) -> Field:
    def run(vault: Vault, _client: int, text: str) -> str:
        values: dict[str, object] = {"first_name": "Ana", "last_name": "Lee", name: text}
        new_id = ClientService(vault).create(ClientInput(**values))  # type: ignore[arg-type]
        return str(getattr(ClientService(vault).get(new_id).data, name))

    return run


def _client_update(vault: Vault, client: int, text: str) -> str:
    service = ClientService(vault)
    service.update(client, replace(service.get(client).data, address=text))
    return service.get(client).data.address


def _emergency_contact(vault: Vault, _client: int, text: str) -> str:
    data = ClientInput("Ana", "Lee", emergency_contacts=(EmergencyContactInput(text, "friend"),))
    new_id = ClientService(vault).create(data)
    return ClientService(vault).get(new_id).data.emergency_contacts[0].name


def _note_added(vault: Vault, client: int, text: str) -> str:
    notes = NoteService(vault)
    note_id = notes.add(client, date(2026, 1, 5), text)
    return next(n.body for n in notes.for_client(client) if n.id == note_id)


def _note_edited(vault: Vault, client: int, text: str) -> str:
    notes = NoteService(vault)
    note_id = notes.add(client, date(2026, 1, 5), "first version")
    notes.update(note_id, text)
    return next(n.body for n in notes.for_client(client) if n.id == note_id)


def _profile_field(name: str) -> Field:
    def run(vault: Vault, _client: int, text: str) -> str:
        service = PractitionerService(vault)
        service.save(replace(Profile("Dr. Input", "CA"), **{name: text}))
        profile = service.get()
        assert profile is not None
        return str(getattr(profile, name))

    return run


def _disclosure_field(name: str) -> Field:
    def run(vault: Vault, client: int, text: str) -> str:
        data = replace(disclosure_input(client), **{name: text})
        with vault.session() as session:
            new_id = add_disclosure(session, vault.actor, data)
        with vault.session() as session:
            row = session.scalars(select(Disclosure).where(Disclosure.id == new_id)).one()
            return str(getattr(row, name))

    return run


FIELDS: dict[str, Field] = {
    **{
        f"client.{name}": _client_field(name)
        for name in ("first_name", "last_name", "preferred_name", "address", "contact_notes")
    },
    "client.email": _client_field("email"),
    "client.phone": _client_field("phone"),
    "client.update.address": _client_update,
    "client.emergency_contact.name": _emergency_contact,
    "note.add": _note_added,
    "note.update": _note_edited,
    "practitioner.full_name": _profile_field("full_name"),
    "practitioner.practice_address": _profile_field("practice_address"),
    **{
        f"disclosure.{name}": _disclosure_field(name)
        for name in (
            "recipient_name",
            "recipient_address",
            "description",
            "purpose",
            "minimum_necessary",
            "report_number",
        )
    },
}


@pytest.mark.parametrize("text_kind", list(HOSTILE))
@pytest.mark.parametrize("field", list(FIELDS))
def test_text_is_stored_exactly_or_refused(
    field: str, text_kind: str, shared_vault: Vault, client_id: int, tally: Tally
) -> None:
    text = HOSTILE[text_kind]
    try:
        stored = FIELDS[field](shared_vault, client_id, text)
    except UserInputError as exc:
        if len(text.strip()) > 3:
            assert text.strip() not in str(exc), "the refusal repeats the input"
        tally.add("bad_input.refused")
    else:
        expected = documented(text)
        assert stored in (expected, expected.strip()), f"{field} changed {text_kind!r}"
        tally.add("bad_input.stored_exactly")
    tally.add("bad_input.cases")


SEARCHES = [
    *HOSTILE.values(),
    '" OR 1=1 --',
    "NEAR(a b) AND *",
    "clients_fts: x",
    '"unterminated',
    "*",
    "^",
    "a" * 5000,
]


@pytest.mark.parametrize("typed", SEARCHES, ids=range(len(SEARCHES)))
def test_search_never_breaks(typed: str, shared_vault: Vault, tally: Tally) -> None:
    started = time.perf_counter()
    try:
        found = ClientService(shared_vault).list(search=typed)
    except UserInputError as exc:
        assert "at most" in exc.message
        tally.add("bad_input.refused")
    else:
        assert ClientService(shared_vault).count(search=typed) == len(found)
        tally.add("bad_input.stored_exactly")
    assert time.perf_counter() - started < 5, "a search took seconds"
    tally.add("bad_input.cases")


def test_the_vault_is_sound_after_all_that(shared_vault: Vault) -> None:
    assert verify_vault(shared_vault).ok
