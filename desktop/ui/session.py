"""The vault behind the open window: unlocking, locking and restoring, on the database worker.

Key derivation, opening, locking and restoring all run on the one DatabaseWorker thread, the
only thread that touches the vault's connection.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop import backup
from desktop.errors import ConfideError, VaultLockedError
from desktop.services.practitioner import PractitionerService
from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker

log = logging.getLogger("confide.ui.session")


def adopt_actor(vault: Vault) -> Vault:
    """Sign audit events with the practitioner's name once the profile exists."""
    profile = PractitionerService(vault).get()
    if profile is not None:
        vault.actor = profile.full_name
    return vault


def open_vault(folder: Path, passphrase: str, settings: Settings) -> Vault:
    """Unlock with the passphrase; a schema upgrade is preceded by a rotating backup."""
    vault = Vault.open(folder, passphrase, before_migration=_backup_before_migration(settings))
    return adopt_actor(vault)


def open_with_recovery(
    folder: Path, recovery_key: str, new_passphrase: str, settings: Settings
) -> Vault:
    """Unlock with the recovery key and set a new passphrase at once."""
    vault = Vault.open_with_recovery(
        folder, recovery_key, before_migration=_backup_before_migration(settings)
    )
    try:
        vault.set_new_passphrase(new_passphrase)
    except BaseException:
        vault.lock()
        raise
    return adopt_actor(vault)


def _backup_before_migration(settings: Settings) -> Callable[[Vault], object]:
    return lambda v: backup.rotating_backup(v, settings.backup_path(), settings.backup_keep)


class VaultSession(QObject):
    """Holds the unlocked vault; ``locked`` and ``unlocked`` tell the window to hide or show."""

    locked = Signal()
    unlocked = Signal()
    restore_failed = Signal(object)
    restored = Signal(object)  # the safety copy of the vault that was replaced (or None)

    def __init__(
        self,
        vault: Vault,
        worker: DatabaseWorker,
        settings: Callable[[], Settings],
        parent: QObject | None = None,
        *,
        auto_backup: bool = True,
    ) -> None:
        super().__init__(parent)
        self._auto_backup = auto_backup
        self._vault: Vault | None = vault
        self.folder = vault.folder
        self._worker = worker
        self._settings = settings

    @property
    def is_locked(self) -> bool:
        return self._vault is None

    @property
    def vault(self) -> Vault:
        if self._vault is None:
            raise VaultLockedError("The vault is locked.")
        return self._vault

    def lock(self) -> None:
        """Stop handing out the vault at once, then seal and close it on the worker."""
        vault = self._take()
        if vault is not None:
            self._worker.run(self._closer(vault), on_error=_log_lock_failure)

    def adopt(self, vault: Vault) -> None:
        """Use a freshly unlocked vault (from the unlock screen or a restore)."""
        self._vault = vault
        log.info("vault unlocked")
        self.unlocked.emit()

    def restore(self, bundle: Path, passphrase: str) -> None:
        """Lock, replace the vault with ``bundle``'s contents, and reopen it."""
        vault = self._take()
        if vault is None:
            return
        folder, settings = self.folder, self._settings()

        def work() -> tuple[Vault, Path | None]:
            vault.lock()
            safety = backup.restore_backup(bundle, folder, passphrase)
            return open_vault(folder, passphrase, settings), safety

        def done(result: tuple[Vault, Path | None]) -> None:
            self.adopt(result[0])
            self.restored.emit(result[1])

        self._worker.run(work, done, self.restore_failed.emit)

    def close(self) -> None:
        """Lock synchronously (quitting): the audit head is sealed before the process ends."""
        vault = self._take()
        if vault is not None:
            try:
                self._worker.call(self._closer(vault))
            except Exception as exc:
                _log_lock_failure(exc)

    def _closer(self, vault: Vault) -> Callable[[], None]:
        """Lock ``vault``, after a rotating backup (keep the newest N) unless turned off."""
        settings = self._settings()

        def close() -> None:
            if self._auto_backup:
                try:
                    backup.rotating_backup(vault, settings.backup_path(), settings.backup_keep)
                except ConfideError as exc:
                    log.error("automatic backup failed: %s", type(exc).__name__)
            vault.lock()

        return close

    def _take(self) -> Vault | None:
        vault, self._vault = self._vault, None
        if vault is not None:
            log.info("vault locked")
            self.locked.emit()
        return vault


def _log_lock_failure(exc: BaseException) -> None:
    log.error("locking the vault failed: %s", type(exc).__name__)
