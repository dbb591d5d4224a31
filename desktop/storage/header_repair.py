"""The two header files (primary and spare copy): write both, read both, pick the one that opens.

A vault whose two files differ, or whose one file is damaged, unlocks from the good one and is
reported as needing repair (the caller rewrites both).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from desktop.errors import (
    VaultDamagedError,
    VaultError,
    VaultMissingError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from desktop.storage.files import atomic_write_bytes
from desktop.storage.header import (
    HEADER_COPY_NAME,
    HEADER_NAME,
    MAX_HEADER_BYTES,
    HeaderRead,
    VaultHeader,
    header_to_bytes,
)
from desktop.storage.header_keys import unwrap_with_passphrase, unwrap_with_recovery_raw
from desktop.storage.header_parse import HeaderProblemError, parse_header
from desktop.storage.recovery_key import parse_recovery_key


def write_header(folder: Path, h: VaultHeader) -> None:
    """Write the spare copy, then the primary, each atomically."""
    data = header_to_bytes(h)
    atomic_write_bytes(folder / HEADER_COPY_NAME, data)
    atomic_write_bytes(folder / HEADER_NAME, data)


class _OneRead(NamedTuple):
    header: VaultHeader | None
    problem: str | None
    missing: bool


def _read_one(path: Path) -> _OneRead:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_HEADER_BYTES + 1)
    except FileNotFoundError:
        return _OneRead(None, "the file is missing", missing=True)
    except OSError:
        return _OneRead(None, "the file could not be read", missing=False)
    try:
        return _OneRead(parse_header(data), None, missing=False)
    except HeaderProblemError as exc:
        return _OneRead(None, exc.detail, missing=False)


def read_headers(folder: Path) -> HeaderRead:
    """Read both header files; raises only when neither is usable."""
    primary = _read_one(folder / HEADER_NAME)
    copy = _read_one(folder / HEADER_COPY_NAME)
    if primary.missing and copy.missing:
        raise VaultMissingError("No vault was found in this folder.")
    if primary.header is None and copy.header is None:
        raise VaultDamagedError(
            "Both copies of the vault header are damaged "
            f"({HEADER_NAME}: {primary.problem}; {HEADER_COPY_NAME}: {copy.problem})."
        )
    return HeaderRead(primary.header, copy.header, primary.problem, copy.problem)


def candidates(read: HeaderRead) -> list[VaultHeader]:
    """The parsed header files to try, primary first; one when both are equal."""
    return _candidates(read)


def _candidates(read: HeaderRead) -> list[VaultHeader]:
    found = [h for h in (read.primary, read.copy) if h is not None]
    return found[:1] if len(found) == 2 and found[0] == found[1] else found


def _unlock(
    read: HeaderRead, unwrap: Callable[[VaultHeader], bytearray]
) -> tuple[VaultHeader, bytearray, bool]:
    """Try the primary, then a differing copy; needs_repair unless both files equal the winner."""
    failure: VaultError = VaultDamagedError("Both copies of the vault header are damaged.")
    for header in _candidates(read):
        try:
            data_key = unwrap(header)
        except (WrongPassphraseError, WrongRecoveryKeyError) as exc:
            failure = exc
            continue
        return header, data_key, read.primary != header or read.copy != header
    raise failure


def unlock_headers(read: HeaderRead, passphrase: str) -> tuple[VaultHeader, bytearray, bool]:
    """(header that opened, data key, needs_repair); WrongPassphraseError if none opens."""
    return _unlock(read, lambda h: unwrap_with_passphrase(h, passphrase))


def unlock_headers_with_recovery(
    read: HeaderRead, recovery_text: str
) -> tuple[VaultHeader, bytearray, bool]:
    """As unlock_headers, with the recovery key; WrongRecoveryKeyError if none opens."""
    recovery_raw = parse_recovery_key(recovery_text)
    return _unlock(read, lambda h: unwrap_with_recovery_raw(h, recovery_raw))
