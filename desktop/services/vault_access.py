"""The one door to a vault for the app and the command line: find, create, open, lock.

Opening upgrades an older vault's schema, and every upgrade is preceded by a rotating backup
into the backup folder of the settings (keep the newest N), so both front doors get the same
safety copy before anything is rewritten.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.errors import VaultExistsError
from desktop.settings import Settings
from desktop.storage import backup
from desktop.storage.header import HEADER_NAME
from desktop.storage.vault import Vault


def vault_exists(folder: Path) -> bool:
    """Whether ``folder`` holds a vault (its header file is there)."""
    return (folder / HEADER_NAME).exists()


def refuse_existing(folder: Path) -> None:
    """Raise VaultExistsError when ``folder`` already holds a vault (before any slow work)."""
    if vault_exists(folder):
        raise VaultExistsError("A vault already exists in this folder.")


def create_vault(
    folder: Path, passphrase: str, *, kdf_memory_kib: int | None = None
) -> tuple[Vault, str]:
    """Create a new vault; returns it unlocked and the recovery key to show once."""
    refuse_existing(folder)
    return Vault.create(folder, passphrase, kdf_memory_kib=kdf_memory_kib)


def open_vault(
    folder: Path, passphrase: str, settings: Settings, *, as_practitioner: bool = True
) -> Vault:
    """Unlock with the passphrase, backing up first if the schema must be upgraded.

    ``as_practitioner`` signs audit events with the practitioner's name (the app); the command
    line keeps the vault's default actor.
    """
    vault = Vault.open(folder, passphrase, before_migration=backup_before_migration(settings))
    return adopt_actor(vault) if as_practitioner else vault


def open_with_recovery(folder: Path, recovery_key: str, settings: Settings | None = None) -> Vault:
    """Unlock with the recovery key; the caller then sets a new passphrase.

    With ``settings``, a schema upgrade is preceded by a rotating backup as in :func:`open_vault`.
    """
    before = backup_before_migration(settings) if settings is not None else None
    return Vault.open_with_recovery(folder, recovery_key, before_migration=before)


def recover(folder: Path, recovery_key: str, new_passphrase: str, settings: Settings) -> Vault:
    """Unlock with the recovery key and set a new passphrase at once (the app's recovery)."""
    vault = open_with_recovery(folder, recovery_key, settings)
    try:
        vault.set_new_passphrase(new_passphrase)
    except BaseException:
        vault.lock()
        raise
    return adopt_actor(vault)


def lock_vault(vault: Vault) -> None:
    """Seal the audit head, close the database and forget the key (does nothing if locked)."""
    vault.lock()


def adopt_actor(vault: Vault) -> Vault:
    """Sign audit events with the practitioner's name once the profile exists."""
    from desktop.services.practice.practitioner import PractitionerService  # not needed by the CLI

    profile = PractitionerService(vault).get()
    if profile is not None:
        vault.actor = profile.full_name
    return vault


def backup_before_migration(settings: Settings) -> Callable[[Vault], object]:
    """The hook :meth:`Vault.open` runs before a schema upgrade: a rotating backup.

    It writes nothing into the old schema (which cannot take today's audit rows); the upgrade's
    own audit event follows it.
    """
    folder, keep = settings.backup_path(), settings.backup_keep
    return lambda v: backup.rotating_backup(v, folder, keep, record=False)
