"""The one door to a vault: create refuses an existing one, opening backs up before upgrading."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import VaultExistsError, WrongRecoveryKeyError
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.services.vault_access import (
    create_vault,
    lock_vault,
    open_vault,
    open_with_recovery,
    recover,
    refuse_existing,
    vault_exists,
)
from desktop.settings import Settings
from desktop.storage.header import HEADER_NAME
from desktop.storage.vault import SYSTEM_ACTOR
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.support.legacy_vault import make_pre_seal_vault


def _settings(tmp_path: Path) -> Settings:
    return Settings(backup_folder=str(tmp_path / "backups"), backup_keep=3)


def test_create_then_exists_and_a_second_create_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    assert not vault_exists(folder)
    vault, recovery_key = create_vault(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    lock_vault(vault)
    lock_vault(vault)  # locking twice is harmless
    assert vault_exists(folder) and vault.is_locked and recovery_key
    with pytest.raises(VaultExistsError):
        refuse_existing(folder)
    with pytest.raises(VaultExistsError):
        create_vault(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)


def test_the_app_signs_as_the_practitioner_and_the_cli_as_the_system(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, _key = create_vault(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        PractitionerService(vault).save(Profile("Dr. Ada Example", "CA"))
    with open_vault(folder, PASSPHRASE, _settings(tmp_path)) as app:
        assert app.actor == "Dr. Ada Example"
    with open_vault(folder, PASSPHRASE, _settings(tmp_path), as_practitioner=False) as cli:
        assert cli.actor == SYSTEM_ACTOR


def test_opening_an_older_schema_writes_a_backup_first(tmp_path: Path) -> None:
    """The backup goes into the old schema's vault without writing rows it cannot take."""
    folder = tmp_path / "vault"
    vault, _key = create_vault(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    lock_vault(vault)
    make_pre_seal_vault(folder, PASSPHRASE)
    settings = _settings(tmp_path)
    with open_vault(folder, PASSPHRASE, settings):
        pass
    assert len(list(settings.backup_path().iterdir())) == 1
    with open_vault(folder, PASSPHRASE, settings):
        pass  # already current: no second backup
    assert len(list(settings.backup_path().iterdir())) == 1


def test_recovery_sets_the_new_passphrase_and_a_wrong_key_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    vault, recovery_key = create_vault(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    lock_vault(vault)
    header = (folder / HEADER_NAME).read_bytes()
    with pytest.raises(WrongRecoveryKeyError):
        open_with_recovery(folder, "AAAA-" * 7 + "AAAA")
    assert (folder / HEADER_NAME).read_bytes() == header
    new = "a brand new passphrase for the test"
    with recover(folder, recovery_key, new, _settings(tmp_path)) as reopened:
        assert not reopened.is_locked
    with open_vault(folder, new, _settings(tmp_path)):
        pass
