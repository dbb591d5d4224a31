"""Facts about the vault itself for the dashboard: when it was created and last backed up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.errors import VaultDamagedError
from desktop.models import VaultMeta
from desktop.storage.vault import Vault


@dataclass(frozen=True)
class VaultStatus:
    created_at: datetime
    last_backup_at: datetime | None


class VaultStatusService:
    """The vault's own sentinel row, read in one unit of work."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def status(self) -> VaultStatus:
        """Read the sentinel row: creation time and the time of the last successful backup."""
        with self._vault.session() as session:
            meta = session.get(VaultMeta, 1)
            if meta is None:
                raise VaultDamagedError("The vault's identity record is missing.")
            return VaultStatus(meta.created_at, meta.last_backup_at)

    def last_backup_at(self) -> datetime | None:
        """When the last backup bundle was written (UTC), or None if never."""
        return self.status().last_backup_at
