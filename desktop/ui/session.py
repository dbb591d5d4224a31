"""The vault behind the open window: unlocking, locking, restoring and automatic backups, on
the database worker.

Key derivation, opening, locking, restoring and backing up all run on the one DatabaseWorker
thread, the only thread that touches the vault's connection. Automatic backups (every few
minutes, on lock and on quit) are skipped when nothing was written since the last one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.auto_backup import AutoBackupResult, backup_if_changed, change_mark
from desktop.errors import ConfideError, VaultLockedError
from desktop.restore import restore_backup
from desktop.services.vault_access import lock_vault, open_vault
from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker

log = logging.getLogger("confide.ui.session")


class VaultSession(QObject):
    """Holds the unlocked vault; ``locked`` and ``unlocked`` tell the window to hide or show."""

    locked = Signal()
    unlocked = Signal()
    restore_failed = Signal(object)
    backup_started = Signal()  # an automatic backup is being written ("Backing up…")
    backup_finished = Signal(object)  # AutoBackupResult, or the exception
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
        self._marks = _Marks()
        self._backing_up = False
        self._note_baseline(vault)

    @property
    def auto_backup_enabled(self) -> bool:
        return self._auto_backup

    @property
    def is_backing_up(self) -> bool:
        return self._backing_up

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
        self._note_baseline(vault)
        log.info("vault unlocked")
        self.unlocked.emit()

    def restore(self, bundle: Path, passphrase: str) -> None:
        """Lock, replace the vault with ``bundle``'s contents, and reopen it."""
        vault = self._take()
        if vault is None:
            return
        folder, settings = self.folder, self._settings()

        def work() -> tuple[Vault, Path | None]:
            lock_vault(vault)
            safety = restore_backup(bundle, folder, passphrase)
            return open_vault(folder, passphrase, settings), safety

        def done(result: tuple[Vault, Path | None]) -> None:
            self.adopt(result[0])
            self.restored.emit(result[1])

        self._worker.run(work, done, self.restore_failed.emit)

    def back_up_if_changed(self) -> None:
        """In the background: back up if anything was written since the last backup.

        A quick check runs first on the worker; only a real backup shows "Backing up…"."""
        vault, marks = self._vault, self._marks
        if vault is None or not self._auto_backup or self._backing_up:
            return
        self._worker.run(lambda: change_mark(vault) != marks.last, self._on_checked)

    def _on_checked(self, changed: bool) -> None:
        vault, marks = self._vault, self._marks
        if vault is None or not changed or self._backing_up:
            return
        self._backing_up = True
        self.backup_started.emit()
        settings = self._settings()
        self._worker.run(
            lambda: marks.backup(vault, settings.backup_path(), settings.backup_keep),
            self._on_backed_up,
            self._on_backup_failed,
        )

    def _on_backed_up(self, result: AutoBackupResult) -> None:
        self._backing_up = False
        self.backup_finished.emit(result)

    def _on_backup_failed(self, exc: BaseException) -> None:
        self._backing_up = False
        log.error("automatic backup failed: %s", type(exc).__name__)
        self.backup_finished.emit(exc)

    def close(self) -> None:
        """Lock synchronously (last resort when quitting): backup if changed, seal, close."""
        vault = self._take()
        if vault is not None:
            try:
                self._worker.call(self._closer(vault))
            except Exception as exc:
                _log_lock_failure(exc)

    def close_in_background(self, done: Callable[[], None]) -> None:
        """Quit without freezing the window: back up if changed and lock on the worker, then
        call ``done`` on the UI thread. ``backup_started`` fires if a backup is written."""
        vault = self._take()
        if vault is None:
            done()
            return
        if self._auto_backup:
            self.backup_started.emit()

        def finished(_result: object = None) -> None:
            self.backup_finished.emit(None)
            done()

        def failed(exc: BaseException) -> None:
            _log_lock_failure(exc)
            finished()

        self._worker.run(self._closer(vault), finished, failed)

    def _note_baseline(self, vault: Vault) -> None:
        """Remember the change mark of a vault just opened (nothing new to back up yet)."""
        marks = self._marks = _Marks()
        self._worker.run(lambda: marks.note(change_mark(vault)), on_error=lambda _exc: None)

    def _closer(self, vault: Vault) -> Callable[[], None]:
        """Lock ``vault``, after a rotating backup (keep the newest N) if anything changed since
        the last one, unless automatic backups are off."""
        settings, marks = self._settings(), self._marks

        def close() -> None:
            if self._auto_backup:
                try:
                    marks.backup(vault, settings.backup_path(), settings.backup_keep)
                except ConfideError as exc:
                    log.error("automatic backup failed: %s", type(exc).__name__)
            lock_vault(vault)

        return close

    def _take(self) -> Vault | None:
        vault, self._vault = self._vault, None
        if vault is not None:
            log.info("vault locked")
            self.locked.emit()
        return vault


class _Marks:
    """The change mark at the last backup of one opened vault. Read and written only by jobs
    on the database worker, which run one at a time."""

    def __init__(self) -> None:
        self.last: int | None = None

    def note(self, mark: int) -> None:
        if self.last is None:
            self.last = mark

    def backup(self, vault: Vault, folder: Path, keep: int) -> AutoBackupResult:
        result = backup_if_changed(vault, folder, keep, self.last)
        self.last = result.mark
        return result


def _log_lock_failure(exc: BaseException) -> None:
    log.error("locking the vault failed: %s", type(exc).__name__)
