"""Automatic backups only when something changed: a change mark and a conditional backup.

The app backs up in the background every few minutes while the vault is in use, when it
locks and when it quits, but only if a row was written since the last backup (issue 11: a full
backup of a large vault takes seconds; repeating it for nothing wastes them).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from desktop.models import AuditEvent
from desktop.storage import backup
from desktop.storage.vault import Vault


def change_mark(vault: Vault) -> int:
    """A number that grows with every row written through the open vault.

    SQLite counts the rows changed on the connection (``total_changes()``; the vault keeps one
    connection while unlocked); elsewhere, the newest audit event's number stands in for it."""
    with vault.session() as session:
        if session.get_bind().dialect.name == "sqlite":
            return int(session.scalar(text("SELECT total_changes()")) or 0)
        return int(session.scalar(select(func.max(AuditEvent.seq))) or 0)


@dataclass(frozen=True)
class AutoBackupResult:
    path: Path | None  # None: skipped, nothing changed since the last backup
    mark: int  # the change mark once this backup (or the check) was done


def backup_if_changed(
    vault: Vault, folder: Path, keep: int, last_mark: int | None
) -> AutoBackupResult:
    """A rotating backup, unless nothing was written since ``last_mark`` (None: unknown)."""
    mark = change_mark(vault)
    if last_mark is not None and mark == last_mark:
        return AutoBackupResult(None, mark)
    path = backup.rotating_backup(vault, folder, keep)
    return AutoBackupResult(path, change_mark(vault))
