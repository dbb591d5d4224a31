"""Private folders and crash-safe file writes."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import time
from pathlib import Path

from desktop.errors import DiskFullError, UserInputError, VaultReadOnlyError

# EFBIG: the file would pass a size limit (RLIMIT_FSIZE, FAT32's 4 GiB): for the user, no room.
_DISK_FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG) if code is not None
)
_READ_ONLY_ERRNOS = frozenset((errno.EROFS, errno.EACCES))
_DIR_FSYNC_UNSUPPORTED = frozenset((errno.EINVAL, errno.ENOTSUP, errno.EBADF, errno.EISDIR))
TEMP_FILE_NAME = re.compile(r"^\.tmp-[0-9a-f]{32}$")
# A temp file untouched this long was stranded by a killed process: no write in progress is idle
# for ten minutes, so removing it never races a live writer in another process.
STALE_AFTER_SECONDS = 600.0


def is_disk_full(exc: OSError) -> bool:
    """True when the error means there is no space (or quota) left."""
    return exc.errno in _DISK_FULL_ERRNOS


def is_read_only(exc: OSError) -> bool:
    """True when the error means the place cannot be written to."""
    return exc.errno in _READ_ONLY_ERRNOS


def translate_os_error(exc: OSError) -> Exception:
    """The typed Confide error for a full or read-only disk, else the original error."""
    if is_disk_full(exc):
        return DiskFullError("The disk is full; the file was not written.")
    if is_read_only(exc):
        return VaultReadOnlyError(
            "The vault folder cannot be written to; the file was not written."
        )
    return exc


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) and make the folders it creates and ``path`` 0700."""
    created = _missing_folders(path)
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in [*created, path]:
            folder.chmod(0o700)
    except (FileExistsError, NotADirectoryError):
        raise UserInputError(
            "A file is in the way: the folder cannot be created there.", "Choose another place."
        ) from None
    except OSError as exc:
        raise translate_os_error(exc) from exc


def _missing_folders(path: Path) -> list[Path]:
    missing: list[Path] = []
    current = path
    while not current.exists() and current.parent != current:
        missing.append(current)
        current = current.parent
    return missing


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    The temporary file is created 0600 in the same folder before any byte is written, and its
    name reveals nothing. A full disk raises DiskFullError; a read-only one VaultReadOnlyError.
    """
    remove_stale_files(path.parent, TEMP_FILE_NAME)
    temp = path.parent / f".tmp-{secrets.token_hex(16)}"
    try:
        fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0), 0o600)
    except OSError as exc:
        raise translate_os_error(exc) from exc
    try:
        _write_and_sync(fd, data)
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        if isinstance(exc, OSError):
            raise translate_os_error(exc) from exc
        raise
    fsync_folder(path.parent)


def remove_stale_files(
    folder: Path, name: re.Pattern[str], older_than: float = STALE_AFTER_SECONDS
) -> None:
    """Delete files in ``folder`` whose name matches ``name`` and that are ``older_than`` seconds.

    This is how temp files stranded by a killed process (which cannot clean up after itself)
    disappear: the next write into the same folder removes them. Errors are ignored.
    """
    deadline = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if name.match(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime <= deadline:
                        os.unlink(entry.path)


def _write_and_sync(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename durable by syncing the folder, where the platform allows it."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        if exc.errno in _DIR_FSYNC_UNSUPPORTED or is_read_only(exc):
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise translate_os_error(exc) from exc
    finally:
        os.close(fd)
