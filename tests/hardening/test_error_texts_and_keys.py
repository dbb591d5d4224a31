"""Error texts never carry the client data that caused them; a locked vault holds no key.

Every error path below is triggered with PHI in the input; the PHI must appear in neither
``str(exc)``, ``repr(exc)``, ``exc.args`` nor the advice. After ``lock()`` the vault object
must hold no engine, no session factory and nothing that contains the data key (best effort:
Python cannot wipe ``bytes``/``str`` copies; see HARDENING.md).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.domain import InformationCategory, LegalBasis
from desktop.errors import ConfideError
from desktop.models import Disclosure, Note
from desktop.reports.output import read_password_file, write_report
from desktop.restore import restore_backup
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage import backup
from desktop.storage.header_parse import header_from_bytes
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import PHI_FIRST, PHI_LAST, PHI_NOTE, PHI_STRINGS, disclosure_input

PHI_PASSPHRASE = f"{PHI_FIRST} {PHI_LAST} 1984"
_WORDS = " ".join(f"word{index}" for index in range(20))


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Vault, int, Path]]:
    base = tmp_path_factory.mktemp("texts")
    vault, _ = Vault.create(base / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    client_id = ClientService(vault).create(ClientInput(PHI_FIRST, PHI_LAST))
    backup.create_backup(vault, base / "one.confide-backup")
    Vault.create(base / "locked", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    with vault:
        yield vault, client_id, base


def _disclose(vault: Vault, **changes: object) -> Callable[[], object]:
    def run() -> object:
        data = replace(disclosure_input(1, recipient=PHI_NOTE), **changes)
        with vault.session() as session:
            return add_disclosure(session, vault.actor, data)

    return run


def _change_a_stored_disclosure(vault: Vault) -> Callable[[], object]:
    def run() -> object:
        new_id = _disclose(vault)()
        with vault.session() as session:
            row = session.get(Disclosure, new_id)
            assert row is not None
            row.description = PHI_NOTE
        return new_id

    return run


def _orphan_note(vault: Vault) -> Callable[[], object]:
    def run() -> None:
        with vault.session() as session:
            session.add(Note(client_id=987654, kind="progress", session_date=date(2026, 1, 1),
                             body=PHI_NOTE))  # fmt: skip

    return run


def _error_paths(vault: Vault, client_id: int, base: Path) -> dict[str, Callable[[], object]]:
    clients, notes = ClientService(vault), NoteService(vault)
    phi_file = base / f"{PHI_FIRST}.txt"
    phi_file.write_bytes(PHI_NOTE.encode("utf-16"))
    return {
        "name-too-long": lambda: clients.create(ClientInput(PHI_FIRST * 50, PHI_LAST)),
        "bad-email": lambda: clients.create(ClientInput(PHI_FIRST, PHI_LAST, email=PHI_NOTE)),
        "minor-without-guardian": lambda: clients.create(
            ClientInput(PHI_FIRST, PHI_LAST, date_of_birth=date.today())
        ),
        "sort-by-phi": lambda: clients.list(sort=PHI_LAST),
        "search-too-many-words": lambda: clients.list(search=f"{PHI_NOTE} {_WORDS}"),
        "note-for-missing-client": lambda: notes.add(10**6, date(2026, 1, 1), PHI_NOTE),
        "note-in-the-future": lambda: notes.add(client_id, date(2999, 1, 1), PHI_NOTE),
        "edit-missing-note": lambda: notes.update(10**6, PHI_NOTE),
        "disclosure-without-categories": _disclose(vault, categories=()),
        "disclosure-psychotherapy-notes": _disclose(
            vault, categories=(InformationCategory.PSYCHOTHERAPY_NOTES,),
            legal_basis=LegalBasis.SUBPOENA,
        ),
        "disclosure-no-minimum-necessary": _disclose(vault, minimum_necessary=""),
        "disclosure-naive-time": _disclose(vault, disclosed_at=datetime(2026, 1, 1)),
        "disclosure-missing-client": _disclose(vault, client_id=10**6),
        "profile-bad-state": lambda: PractitionerService(vault).save(Profile(PHI_NOTE, "XX")),
        "changing-a-stored-disclosure": _change_a_stored_disclosure(vault),
        "row-breaking-a-foreign-key": _orphan_note(vault),
        "wrong-passphrase": lambda: Vault.open(base / "locked", PHI_PASSPHRASE),
        "in-use": lambda: Vault.open(vault.folder, PHI_PASSPHRASE),
        "create-over-a-vault": lambda: Vault.create(vault.folder, PHI_PASSPHRASE),
        "short-passphrase": lambda: Vault.create(base / "new", PHI_FIRST),
        "header-of-phi": lambda: header_from_bytes(PHI_NOTE.encode()),
        "bundle-of-phi": lambda: backup.read_bundle(phi_file),
        "restore-with-phi-passphrase": lambda: restore_backup(
            base / "one.confide-backup", base / "r", PHI_PASSPHRASE
        ),
        "export-into-missing-folder": lambda: write_report(base / PHI_FIRST / "r.pdf", b"%PDF"),
        "password-file-not-text": lambda: read_password_file(phi_file),
        "password-file-missing": lambda: read_password_file(base / PHI_LAST),
    }  # fmt: skip


ERROR_PATHS = [
    "name-too-long", "bad-email", "minor-without-guardian", "sort-by-phi",
    "search-too-many-words", "note-for-missing-client", "note-in-the-future",
    "edit-missing-note", "disclosure-without-categories", "disclosure-psychotherapy-notes",
    "disclosure-no-minimum-necessary", "disclosure-naive-time", "disclosure-missing-client",
    "profile-bad-state", "changing-a-stored-disclosure", "row-breaking-a-foreign-key",
    "wrong-passphrase", "in-use", "create-over-a-vault", "short-passphrase", "header-of-phi",
    "bundle-of-phi", "restore-with-phi-passphrase", "export-into-missing-folder",
    "password-file-not-text", "password-file-missing",
]  # fmt: skip


@pytest.mark.parametrize("path", ERROR_PATHS)
def test_error_text_carries_no_client_data(
    path: str, opened: tuple[Vault, int, Path], tally: Tally
) -> None:
    with pytest.raises(ConfideError) as caught:
        _error_paths(*opened)[path]()
    exc = caught.value
    texts = [str(exc), repr(exc), exc.message, exc.advice, *map(str, exc.args)]
    for text in texts:
        for phi in (*PHI_STRINGS, PHI_PASSPHRASE, PHI_FIRST * 2):
            assert phi not in text, f"{path}: {text}"
    tally.add("leaks.error_paths")


def test_every_error_path_is_listed(opened: tuple[Vault, int, Path]) -> None:
    assert sorted(_error_paths(*opened)) == sorted(ERROR_PATHS)


# ----- after lock ------------------------------------------------------------------------------


def _reachable(root: object, depth: int = 4) -> list[object]:
    """Objects reachable from ``root`` through attributes, dataclass fields and containers."""
    seen: dict[int, object] = {}
    frontier = [root]
    for _ in range(depth):
        following: list[object] = []
        for item in frontier:
            if id(item) in seen or isinstance(item, type):
                continue
            seen[id(item)] = item
            if isinstance(item, dict):
                following += [*item.keys(), *item.values()]
            elif isinstance(item, list | tuple | set | frozenset):
                following += list(item)
            elif hasattr(item, "__dict__"):
                following += list(vars(item).values())
        frontier = following
    return [*seen.values(), *frontier]


def test_a_locked_vault_holds_no_key_and_no_engine(tmp_path: Path, tally: Tally) -> None:
    vault, _ = Vault.create(tmp_path / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    backup.create_backup(vault, tmp_path / "b.confide-backup")  # the path that copies the key
    buffer = vault._data_key
    assert buffer is not None
    key = bytes(buffer)
    forms = (key, key.hex(), key.hex().upper())
    vault.lock()
    assert vault.is_locked and vault._engine is None and vault._sessions is None
    assert bytes(buffer) == bytes(len(buffer)), "the key buffer was not overwritten"
    for item in _reachable(vault):
        if isinstance(item, bytes | bytearray | str):
            assert not any(form in item for form in forms if type(form) is type(item))
    assert not any(r is vars(vault) for r in gc.get_referrers(buffer))
    tally.add("leaks.key_checks")
