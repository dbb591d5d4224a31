"""An exclusive, non-blocking inter-process lock: one vault is open in one Confide at a time.

The lock is ``<folder>/.confide.lock``, created 0600 and always empty. The operating system
drops the lock when the process ends, even on a crash, so a stale file never blocks anyone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from types import TracebackType

from desktop.errors import VaultInUseError, VaultMissingError, VaultReadOnlyError
from desktop.storage.files import is_read_only

LOCK_NAME = ".confide.lock"
_IN_USE = "This vault is already open in another Confide window or command."

if sys.platform == "win32":
    import msvcrt

    _WINDOWS_BUSY = frozenset((errno.EACCES, errno.EDEADLK))

    def _try_lock(fd: int) -> bool:
        """Lock the first byte without waiting; False when another process holds it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in _WINDOWS_BUSY:
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        """Lock the file without waiting; False when another process holds it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _open_lock_file(path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600)
    except FileNotFoundError:
        raise VaultMissingError("The vault folder does not exist.") from None
    except NotADirectoryError:
        raise VaultMissingError("The vault location is a file, not a folder.") from None
    except OSError as exc:
        if is_read_only(exc):
            raise VaultReadOnlyError(
                "The vault folder is read-only, so the vault cannot be opened."
            ) from exc
        raise
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
    return fd


class VaultLock:
    """Holds ``<folder>/.confide.lock`` exclusively; use ``with`` or acquire()/release()."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now or raise VaultInUseError; never waits."""
        if self._fd is not None:
            raise RuntimeError("This vault lock is already held by this object.")
        fd = _open_lock_file(self.path)
        try:
            locked = _try_lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not locked:
            os.close(fd)
            raise VaultInUseError(_IN_USE)
        self._fd = fd

    def release(self) -> None:
        """Let the lock go; does nothing when it is not held."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def __enter__(self) -> VaultLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"<VaultLock {'held' if self.held else 'free'}>"
