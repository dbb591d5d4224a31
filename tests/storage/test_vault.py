"""The vault as issue 3 demands: nothing readable at rest, keys, damage, immutability."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import (
    VaultDamagedError,
    VaultExistsError,
    VaultInUseError,
    VaultMissingError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from desktop.models import AuditEvent, Client
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage.header import HEADER_COPY_NAME, HEADER_NAME
from desktop.storage.header_parse import header_from_bytes
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB

SECRETS = ("Zelda Quartermaine", "plans to hurt the neighbor", "Quartermaine")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _add_zelda(vault: Vault) -> int:
    client_id = ClientService(vault).create(ClientInput("Zelda", "Quartermaine"))
    NoteService(vault).add(client_id, date(2026, 1, 5), "plans to hurt the neighbor")
    return client_id


def _assert_no_plaintext(data: bytes, where: str) -> None:
    for secret in SECRETS:
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert secret.encode(encoding) not in data, f"{secret!r} readable in {where}"


def test_no_client_text_in_any_vault_file_while_open_and_after_lock(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    _add_zelda(vault)
    for name, data in _snapshot(vault_dir).items():  # open: database, -wal, -shm
        _assert_no_plaintext(data, name)
    assert {"confide.db-wal", "confide.db"} <= set(_snapshot(vault_dir))
    vault.lock()
    for name, data in _snapshot(vault_dir).items():
        _assert_no_plaintext(data, name)


def test_files_are_private(vault: Vault, vault_dir: Path) -> None:
    assert vault_dir.stat().st_mode & 0o777 == 0o700
    for path in vault_dir.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path.name


def test_wrong_passphrase_is_clear_and_touches_nothing(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    _add_zelda(vault)
    vault.lock()
    before = _snapshot(vault_dir)
    with pytest.raises(WrongPassphraseError) as caught:
        Vault.open(vault_dir, "not the passphrase at all")
    assert "passphrase is not correct" in caught.value.message
    assert _snapshot(vault_dir) == before


def test_recovery_key_opens_and_replaces_the_passphrase(vault_dir: Path) -> None:
    vault, recovery = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    client_id = _add_zelda(vault)
    vault.lock()
    with pytest.raises(WrongRecoveryKeyError):
        Vault.open_with_recovery(vault_dir, "0000-0000-0000-0000-0000-0000-0000-0000")
    with Vault.open_with_recovery(vault_dir, recovery.lower().replace("-", " ")) as recovered:
        recovered.set_new_passphrase("a brand new passphrase")
    with pytest.raises(WrongPassphraseError):
        Vault.open(vault_dir, PASSPHRASE)
    with Vault.open(vault_dir, "a brand new passphrase") as reopened:
        assert ClientService(reopened).get(client_id).data.last_name == "Quartermaine"


def test_change_passphrase_needs_the_old_one(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(WrongPassphraseError):
        vault.change_passphrase("wrong old passphrase", "another good passphrase")
    vault.change_passphrase(PASSPHRASE, "another good passphrase")
    vault.lock()
    Vault.open(vault_dir, "another good passphrase").lock()


def test_flipped_byte_in_header_is_damage_and_the_copy_still_opens(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    _add_zelda(vault)
    vault.lock()
    primary = vault_dir / HEADER_NAME
    data = bytearray(primary.read_bytes())
    index = data.index(b'"ciphertext"') + 20
    data[index] = ord("A") if data[index] != ord("A") else ord("B")
    primary.write_bytes(bytes(data))
    primary_only = vault_dir.parent / "primary-only"
    primary_only.mkdir()
    (primary_only / HEADER_NAME).write_bytes(bytes(data))
    with pytest.raises(VaultDamagedError) as caught:
        Vault.open(primary_only, PASSPHRASE)
    assert "damaged" in caught.value.message
    with Vault.open(vault_dir, PASSPHRASE) as reopened:
        assert len(ClientService(reopened).list()) == 1
    # the damaged primary was rewritten from the good copy
    assert primary.read_bytes() == (vault_dir / HEADER_COPY_NAME).read_bytes()
    header_from_bytes(primary.read_bytes())


def test_missing_database_is_reported_and_not_recreated(vault_dir: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    (vault_dir / "confide.db").unlink()
    with pytest.raises(VaultMissingError):
        Vault.open(vault_dir, PASSPHRASE)
    assert not (vault_dir / "confide.db").exists()


def test_empty_database_file_is_not_taken_for_a_vault(vault_dir: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    (vault_dir / "confide.db").write_bytes(b"")
    with pytest.raises(VaultDamagedError):
        Vault.open(vault_dir, PASSPHRASE)


def test_creating_over_an_existing_vault_is_refused(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(VaultExistsError):
        Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)


def test_second_opener_is_told_the_vault_is_in_use(vault: Vault, vault_dir: Path) -> None:
    with pytest.raises(VaultInUseError) as caught:
        Vault.open(vault_dir, PASSPHRASE)
    assert "already open" in caught.value.message


def test_lock_forgets_the_key_and_engine(vault: Vault) -> None:
    key_buffer = vault._data_key
    assert key_buffer is not None
    vault.lock()
    assert vault.is_locked
    assert vault._data_key is None and vault._engine is None
    assert bytes(key_buffer) == bytes(len(key_buffer))  # overwritten, not just dropped


def test_times_round_trip_as_aware_utc(vault: Vault) -> None:
    client_id = ClientService(vault).create(ClientInput("Ana", "Lee"))
    with vault.session() as session:
        row = session.scalars(select(Client).where(Client.id == client_id)).one()
        assert row.created_at.tzinfo is not None
        assert row.created_at.utcoffset() == UTC.utcoffset(datetime.now(UTC))


def test_audit_chain_verifies_and_names_a_changed_row(vault: Vault) -> None:
    _add_zelda(vault)
    assert verify_vault(vault).ok
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_events_no_update")
        connection.exec_driver_sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = 3")
        connection.commit()
    result = verify_vault(vault)
    assert not result.ok
    assert result.chain.first_broken_seq == 3
    assert "#3" in result.summary


def test_deleting_the_newest_events_is_detected_through_the_sealed_head(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    _add_zelda(vault)
    vault.lock()
    vault = Vault.open(vault_dir, PASSPHRASE)
    with vault.engine.connect() as connection:
        connection.exec_driver_sql("DROP TRIGGER audit_events_no_delete")
        newest = connection.exec_driver_sql("SELECT max(seq) FROM audit_events").scalar()
        connection.exec_driver_sql(f"DELETE FROM audit_events WHERE seq >= {newest - 2}")
        connection.commit()
    result = verify_vault(vault)
    assert not result.ok
    assert "removed" in result.chain.problem
    vault.lock()


def test_audit_log_rejects_raw_update_and_delete(vault: Vault) -> None:
    from sqlalchemy.exc import DatabaseError

    with vault.engine.connect() as connection:
        with pytest.raises(DatabaseError, match="append-only"):
            connection.exec_driver_sql("UPDATE audit_events SET actor = 'x'")
        with pytest.raises(DatabaseError, match="append-only"):
            connection.exec_driver_sql("DELETE FROM audit_events")


def test_every_unlock_and_lock_is_audited(vault_dir: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    with Vault.open(vault_dir, PASSPHRASE) as vault, vault.session() as session:
        actions = [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions == ["create", "lock", "unlock"]


def test_file_permissions_umask_independent(vault_dir: Path) -> None:
    old = os.umask(0)
    try:
        Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    finally:
        os.umask(old)
    for path in vault_dir.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path.name
