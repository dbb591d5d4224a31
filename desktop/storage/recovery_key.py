"""The recovery key as text: 20 random bytes shown as 32 Crockford base32 characters."""

from __future__ import annotations

from typing import Final

from desktop.errors import WrongRecoveryKeyError

RECOVERY_KEY_BYTES: Final = 20  # 160 bits = 32 Crockford base32 characters
_CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_ALIASES: Final = str.maketrans({"I": "1", "L": "1", "O": "0"})
_RECOVERY_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
_RECOVERY_GROUP: Final = 4
_INVALID_RECOVERY: Final = (
    "That is not a valid recovery key: it should be 32 letters and digits in 8 groups."
)


def format_recovery_key(raw: bytes) -> str:
    """20 bytes as 32 Crockford base32 characters in 8 groups of 4 joined by dashes."""
    if len(raw) != RECOVERY_KEY_BYTES:
        raise ValueError("A recovery key is 20 bytes.")
    number = int.from_bytes(raw, "big")
    chars = "".join(_CROCKFORD[(number >> (5 * index)) & 31] for index in reversed(range(32)))
    groups = (chars[at : at + _RECOVERY_GROUP] for at in range(0, len(chars), _RECOVERY_GROUP))
    return "-".join(groups)


def parse_recovery_key(text: str) -> bytes:
    """The 20 bytes of a typed recovery key; ignores case, spaces and dashes; I/L=1, O=0."""
    compact = "".join(ch for ch in text if not ch.isspace() and ch not in _RECOVERY_DASHES)
    if not compact.isascii():
        raise WrongRecoveryKeyError(_INVALID_RECOVERY)
    compact = compact.upper().translate(_CROCKFORD_ALIASES)
    if len(compact) != 32 or any(ch not in _CROCKFORD for ch in compact):
        raise WrongRecoveryKeyError(_INVALID_RECOVERY)
    number = 0
    for ch in compact:
        number = number * 32 + _CROCKFORD.index(ch)
    return number.to_bytes(RECOVERY_KEY_BYTES, "big")
