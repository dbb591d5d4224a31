"""All database and slow work runs on one worker thread; results come back on the UI thread.

One worker means the vault's single SQLCipher connection is only ever used from one thread,
and no ORM object crosses threads (services return frozen dataclasses).
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

T = TypeVar("T")
log = logging.getLogger("confide.ui.background")


class _Delivery(QObject):
    """Carries a finished job's callback from the worker thread to the UI thread."""

    finished = Signal(object)

    @Slot(object)
    def _deliver(self, callback: Callable[[], None]) -> None:
        callback()


def _while_alive(
    owner: QObject, callback: Callable[[Any], None] | None
) -> Callable[[Any], None] | None:
    if callback is None:
        return None

    def deliver(value: Any) -> None:
        if shiboken6.isValid(owner):
            callback(value)

    return deliver


class DatabaseWorker(QObject):
    """Runs callables one at a time on a single background thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="confide-db"
        )
        self._delivery = _Delivery()
        self._delivery.finished.connect(self._delivery._deliver)
        self._pending = 0

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        *,
        owner: QObject | None = None,
    ) -> concurrent.futures.Future[T]:
        """Queue ``work``; call ``on_success(result)`` or ``on_error(exc)`` on the UI thread.

        With ``owner`` (a window that may be closed while the job is queued), the callbacks
        run only while it still exists.
        """
        self._set_pending(self._pending + 1)
        future = self._executor.submit(work)
        if owner is not None:
            on_success = _while_alive(owner, on_success)
            on_error = _while_alive(owner, on_error)
        future.add_done_callback(lambda done: self._finish(done, on_success, on_error))
        return future

    def call(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the worker and wait for it (for shutdown paths only)."""
        return self._executor.submit(work).result()

    def _finish(
        self,
        done: concurrent.futures.Future[Any],
        on_success: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        def deliver() -> None:
            self._set_pending(self._pending - 1)
            error = done.exception()
            if error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    log.error("background job failed: %s", type(error).__name__)
            elif on_success is not None:
                on_success(done.result())

        self._delivery.finished.emit(deliver)

    def _set_pending(self, count: int) -> None:
        was_busy = self._pending > 0
        self._pending = count
        if was_busy != (count > 0):
            self.busy_changed.emit(count > 0)

    @property
    def is_busy(self) -> bool:
        return self._pending > 0

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
