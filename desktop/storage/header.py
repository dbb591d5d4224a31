"""The vault header's file format (``vault.json``): its parts, constants and canonical bytes.

The header carries a SHA-256 checksum so that damage is told apart from a wrong passphrase:
on an intact header only the GCM tag can fail. Parsing is in header_parse, the key hierarchy in
header_keys, recovery-key text in recovery_key and the two header copies in header_repair.
Pure Python: no database, no Qt.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Final

from desktop.errors import VaultDamagedError
from desktop.storage import kdf
from desktop.storage.kdf import KdfCost

FORMAT_VERSION: Final = 1
HEADER_NAME: Final = "vault.json"
HEADER_COPY_NAME: Final = "vault.header-copy.json"
MAX_HEADER_BYTES: Final = 64 * 1024

DATA_KEY_BYTES: Final = 32
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12
WRAPPED_KEY_BYTES: Final = DATA_KEY_BYTES + 16  # ciphertext + GCM tag
AUDIT_HASH_CHARS: Final = 64


def is_lower_hex(value: str) -> bool:
    """True when every character is a lowercase hexadecimal digit."""
    return all(ch in "0123456789abcdef" for ch in value)


def damaged_error(detail: str) -> VaultDamagedError:
    """The error for a damaged header; ``detail`` names the problem, never the content."""
    return VaultDamagedError(f"The vault header is damaged ({detail}).")


# ----- the header's parts ----------------------------------------------------------------------


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters stored in the header; never weaker than KDF_FLOOR."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def __post_init__(self) -> None:
        problem = kdf_cost_problem(KdfCost(self.memory_kib, self.iterations, self.lanes))
        if problem is not None:
            raise ValueError(f"Argon2id parameters refused: {problem}.")
        if len(self.salt) != SALT_BYTES:
            raise ValueError("The Argon2id salt must be 16 bytes.")


@dataclass(frozen=True)
class WrappedKey:
    """The data key encrypted with AES-256-GCM under a key-encryption key."""

    nonce: bytes
    ciphertext: bytes


@dataclass(frozen=True)
class AuditHead:
    """The audit chain's head sealed into the header at lock, with its HMAC."""

    count: int
    last_hash: str
    mac: str


@dataclass(frozen=True)
class VaultHeader:
    """Everything in ``vault.json`` apart from the checksum. Holds no secret in clear."""

    format_version: int
    vault_id: str
    created_at: str
    kdf: KdfParams
    db_salt: bytes
    passphrase_slot: WrappedKey
    recovery_slot: WrappedKey
    recovery_salt: bytes
    audit_head: AuditHead | None
    # Sealed headers (from this version on) carry a generation and a MAC over every field;
    # a header written by an older Confide has neither and is sealed at its first open.
    generation: int | None = None
    mac: str | None = None

    @property
    def is_sealed(self) -> bool:
        return self.generation is not None


@dataclass(frozen=True)
class HeaderRead:
    """Both header files as found on disk; a problem is a short phrase, never file content."""

    primary: VaultHeader | None
    copy: VaultHeader | None
    primary_problem: str | None
    copy_problem: str | None


def kdf_cost_problem(cost: KdfCost) -> str | None:
    """Why ``cost`` is refused, or None when it is within the floor and the ceiling."""
    return kdf.cost_problem(cost)


# ----- serialization ---------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def canonical(value: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, ASCII only."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def kdf_fields(kdf: KdfParams) -> dict[str, object]:
    return {
        "memory_kib": kdf.memory_kib,
        "iterations": kdf.iterations,
        "lanes": kdf.lanes,
        "salt": b64(kdf.salt),
    }


def _slot_fields(slot: WrappedKey) -> dict[str, object]:
    return {"nonce": b64(slot.nonce), "ciphertext": b64(slot.ciphertext)}


def _audit_fields(head: AuditHead | None) -> dict[str, object] | None:
    if head is None:
        return None
    return {"count": head.count, "last_hash": head.last_hash, "mac": head.mac}


def _header_fields(h: VaultHeader) -> dict[str, object]:
    fields = mac_fields(h)
    if h.is_sealed:
        fields["mac"] = h.mac
    return fields


def mac_fields(h: VaultHeader) -> dict[str, object]:
    """Every field the header MAC covers: all but ``mac`` and ``checksum``."""
    fields: dict[str, object] = {
        "format_version": h.format_version,
        "vault_id": h.vault_id,
        "created_at": h.created_at,
        "kdf": kdf_fields(h.kdf),
        "db_salt": b64(h.db_salt),
        "passphrase_slot": _slot_fields(h.passphrase_slot),
        "recovery_slot": _slot_fields(h.recovery_slot),
        "recovery_salt": b64(h.recovery_salt),
        "audit_head": _audit_fields(h.audit_head),
    }
    if h.is_sealed:
        fields["generation"] = h.generation
    return fields


def header_checksum(fields: dict[str, object]) -> str:
    """SHA-256 hex of the canonical JSON of every field except ``checksum``."""
    rest = {key: value for key, value in fields.items() if key != "checksum"}
    return hashlib.sha256(canonical(rest)).hexdigest()


def header_to_bytes(h: VaultHeader) -> bytes:
    """The header as ``vault.json`` content: indented JSON with its checksum."""
    fields = _header_fields(h)
    fields["checksum"] = header_checksum(fields)
    return (json.dumps(fields, sort_keys=True, indent=2) + "\n").encode("ascii")
