"""Run service calls on the database worker for widgets that may be gone when the result comes.

A record window can be closed while its job is still queued. The callbacks below run only
while the widget still exists, and a job that failed because the vault was locked meanwhile
is dropped quietly (the window is hidden and will reload after unlocking).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from desktop.errors import ConfideError, VaultLockedError
from desktop.ui.context import AppContext

T = TypeVar("T")
log = logging.getLogger("confide.ui.consents")


def run_for(
    widget: QWidget,
    context: AppContext,
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_error: Callable[[BaseException], None],
) -> None:
    """Queue ``work``; deliver its result or error to ``widget`` only if it still exists."""

    def failed(exc: BaseException) -> None:
        if isinstance(exc, VaultLockedError) and context.session.is_locked:
            log.info("job skipped: vault locked")
            return
        if not isinstance(exc, ConfideError):
            log.error("consents job failed: %s", type(exc).__name__)
        on_error(exc)

    context.worker.run(work, on_success, failed, owner=widget)
