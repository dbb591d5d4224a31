"""Runs the wizard's database work on the one worker thread, for one incident.

Each job gets an :class:`IncidentService` over the vault captured on the UI thread when the job
is queued. The last unlocked vault is remembered so that drafts can still be queued when the
vault starts locking: the worker runs jobs in order, so they finish before the vault closes.
Results come back only while their owner widget is still alive.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject

from desktop.errors import VaultLockedError
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.ui.context import AppContext

T = TypeVar("T")
Work = Callable[[IncidentService], T]


class IncidentJobs:
    def __init__(self, context: AppContext, incident_id: int, owner: QObject) -> None:
        self.context = context
        self.incident_id = incident_id
        self._owner = owner
        self._last_vault: Vault | None = None
        self.closed = False

    def vault(self, *, allow_last: bool = False) -> Vault:
        """The unlocked vault; with ``allow_last``, the one that is locking right now."""
        if not self.context.session.is_locked:
            self._last_vault = self.context.vault
            return self._last_vault
        if allow_last and self._last_vault is not None:
            return self._last_vault
        raise VaultLockedError("The vault is locked.")

    def run(
        self,
        work: Work[T],
        on_success: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
        allow_last: bool = False,
    ) -> None:
        """Queue ``work(service)``; the callbacks run on the UI thread if ``owner`` lives."""
        self.run_on_vault(
            lambda vault: work(IncidentService(vault)),
            on_success,
            on_error,
            owner=owner,
            allow_last=allow_last,
        )

    def run_on_vault(
        self,
        work: Callable[[Vault], T],
        on_success: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
        allow_last: bool = False,
    ) -> None:
        """Queue ``work(vault)`` (for calls that take the vault, such as the export)."""
        try:
            vault = self.vault(allow_last=allow_last)
        except VaultLockedError as exc:
            if on_error is not None:
                on_error(exc)
            return
        self.context.worker.run(
            lambda: work(vault),
            self._unless_closed(on_success),
            self._unless_closed(on_error),
            owner=owner or self._owner,
        )

    def call(self, work: Work[T]) -> T:
        """Run ``work(service)`` on the worker and wait (closing the window)."""
        service = IncidentService(self.vault(allow_last=True))
        return self.context.worker.call(lambda: work(service))

    def _unless_closed(self, callback: Callable[[T], None] | None) -> Callable[[T], None] | None:
        """``callback`` dropped once the wizard (``self._owner``) is closed or destroyed."""
        if callback is None:
            return None

        def deliver(value: T) -> None:
            if not self.closed and shiboken6.isValid(self._owner):
                callback(value)

        return deliver
