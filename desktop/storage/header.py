"""The vault header (``vault.json``) and the key hierarchy.

passphrase --Argon2id--> KEK --AES-256-GCM--> data key (32 random bytes) --> SQLCipher raw key.
The same data key is wrapped a second time under a one-time recovery key (HKDF-SHA256).
The header carries a SHA-256 checksum so that damage is told apart from a wrong passphrase:
on an intact header only the GCM tag can fail. Pure Python: no database, no Qt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final, NamedTuple

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.errors import (
    UserInputError,
    VaultDamagedError,
    VaultError,
    VaultMissingError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from desktop.storage import kdf
from desktop.storage.files import atomic_write_bytes
from desktop.storage.kdf import KDF_FLOOR, KdfCost

FORMAT_VERSION: Final = 1
HEADER_NAME: Final = "vault.json"
HEADER_COPY_NAME: Final = "vault.header-copy.json"
MAX_HEADER_BYTES: Final = 64 * 1024
MIN_PASSPHRASE_CHARS: Final = 10

DATA_KEY_BYTES: Final = 32
SALT_BYTES: Final = 16
NONCE_BYTES: Final = 12
WRAPPED_KEY_BYTES: Final = DATA_KEY_BYTES + 16  # ciphertext + GCM tag
RECOVERY_KEY_BYTES: Final = 20  # 160 bits = 32 Crockford base32 characters
AUDIT_HASH_CHARS: Final = 64


# The floor, the ceiling and the calibrated default live in desktop.storage.kdf.
_RECOVERY_INFO: Final = b"confide recovery slot v1"
_AUDIT_INFO: Final = b"confide audit head v1"
_HEADER_MAC_INFO: Final = b"confide header mac v1"
_CROCKFORD: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_ALIASES: Final = str.maketrans({"I": "1", "L": "1", "O": "0"})
_RECOVERY_DASHES: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
_RECOVERY_GROUP: Final = 4
_INVALID_RECOVERY: Final = (
    "That is not a valid recovery key: it should be 32 letters and digits in 8 groups."
)
_SHORT_PASSPHRASE: Final = "Choose a passphrase of at least 10 characters."  # noqa: S105 - a message

_HEADER_KEYS: Final = frozenset(
    {
        "format_version",
        "vault_id",
        "created_at",
        "kdf",
        "db_salt",
        "passphrase_slot",
        "recovery_slot",
        "recovery_salt",
        "audit_head",
        "generation",
        "mac",
        "checksum",
    }
)
_KDF_KEYS: Final = frozenset({"memory_kib", "iterations", "lanes", "salt"})
_SLOT_KEYS: Final = frozenset({"nonce", "ciphertext"})
_AUDIT_KEYS: Final = frozenset({"count", "last_hash", "mac"})


# ----- the header's parts ----------------------------------------------------------------------


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters stored in the header; never weaker than KDF_FLOOR."""

    memory_kib: int
    iterations: int
    lanes: int
    salt: bytes

    def __post_init__(self) -> None:
        problem = _kdf_cost_problem(KdfCost(self.memory_kib, self.iterations, self.lanes))
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


def _kdf_cost_problem(cost: KdfCost) -> str | None:
    return kdf.cost_problem(cost)


# ----- serialization ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _canonical(value: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, ASCII only."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def _kdf_fields(kdf: KdfParams) -> dict[str, object]:
    return {
        "memory_kib": kdf.memory_kib,
        "iterations": kdf.iterations,
        "lanes": kdf.lanes,
        "salt": _b64(kdf.salt),
    }


def _slot_fields(slot: WrappedKey) -> dict[str, object]:
    return {"nonce": _b64(slot.nonce), "ciphertext": _b64(slot.ciphertext)}


def _audit_fields(head: AuditHead | None) -> dict[str, object] | None:
    if head is None:
        return None
    return {"count": head.count, "last_hash": head.last_hash, "mac": head.mac}


def _header_fields(h: VaultHeader) -> dict[str, object]:
    fields = _mac_fields(h)
    if h.is_sealed:
        fields["mac"] = h.mac
    return fields


def _mac_fields(h: VaultHeader) -> dict[str, object]:
    """Every field the header MAC covers: all but ``mac`` and ``checksum``."""
    fields: dict[str, object] = {
        "format_version": h.format_version,
        "vault_id": h.vault_id,
        "created_at": h.created_at,
        "kdf": _kdf_fields(h.kdf),
        "db_salt": _b64(h.db_salt),
        "passphrase_slot": _slot_fields(h.passphrase_slot),
        "recovery_slot": _slot_fields(h.recovery_slot),
        "recovery_salt": _b64(h.recovery_salt),
        "audit_head": _audit_fields(h.audit_head),
    }
    if h.is_sealed:
        fields["generation"] = h.generation
    return fields


def header_checksum(fields: dict[str, object]) -> str:
    """SHA-256 hex of the canonical JSON of every field except ``checksum``."""
    rest = {key: value for key, value in fields.items() if key != "checksum"}
    return hashlib.sha256(_canonical(rest)).hexdigest()


def header_to_bytes(h: VaultHeader) -> bytes:
    """The header as ``vault.json`` content: indented JSON with its checksum."""
    fields = _header_fields(h)
    fields["checksum"] = header_checksum(fields)
    return (json.dumps(fields, sort_keys=True, indent=2) + "\n").encode("ascii")


# ----- strict parsing --------------------------------------------------------------------------


class _DamagedError(Exception):
    """Internal: what is wrong with a header, described without the file's content."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _damaged_error(detail: str) -> VaultDamagedError:
    return VaultDamagedError(f"The vault header is damaged ({detail}).")


def header_from_bytes(data: bytes) -> VaultHeader:
    """Parse and validate ``vault.json``; any problem raises VaultDamagedError."""
    try:
        return _parse_header(data)
    except _DamagedError as exc:
        raise _damaged_error(exc.detail) from None


def _parse_header(data: bytes) -> VaultHeader:
    fields = _load_object(data)
    _check_known_version(fields)
    _check_checksum(fields)
    return _header_from_fields(_Fields(fields, "", _HEADER_KEYS))


def _load_object(data: bytes) -> dict[str, object]:
    if len(data) > MAX_HEADER_BYTES:
        raise _DamagedError("the file is too large")
    try:
        parsed: object = json.loads(
            bytes(data).decode("utf-8"),
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError):
        raise _DamagedError("it is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise _DamagedError("it is not a JSON object")
    return parsed


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DamagedError("a field appears twice")
    return result


def _refuse_constant(_name: str) -> object:
    raise ValueError("NaN and Infinity are not allowed")


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_known_version(fields: dict[str, object]) -> None:
    version = fields.get("format_version")
    if _is_whole(version) and version != FORMAT_VERSION:
        raise _DamagedError("unknown format version; it may come from a newer Confide")


def _check_checksum(fields: dict[str, object]) -> None:
    if "checksum" not in fields:
        raise _DamagedError("field 'checksum' is missing")
    stored = fields["checksum"]
    if not isinstance(stored, str) or len(stored) != 64 or not _is_lower_hex(stored):
        raise _DamagedError("field 'checksum' must be 64 hexadecimal characters")
    try:
        expected = header_checksum(fields)
    except (ValueError, RecursionError):
        raise _DamagedError("checksum does not match") from None
    if not hmac.compare_digest(stored, expected):
        raise _DamagedError("checksum does not match")


class _Fields:
    """Typed access to one JSON object of the header; problems name the field, not its value."""

    def __init__(self, data: dict[str, object], prefix: str, expected: frozenset[str]) -> None:
        if not set(data) <= expected:
            where = f"field '{prefix.rstrip('.')}'" if prefix else "the header"
            raise _DamagedError(f"{where} has a field this version of Confide does not know")
        self._data = data
        self._prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self._prefix}{key}"

    def has(self, key: str) -> bool:
        return key in self._data

    def _raw(self, key: str) -> object:
        if key not in self._data:
            raise _DamagedError(f"field '{self._name(key)}' is missing")
        return self._data[key]

    def whole(self, key: str) -> int:
        value = self._raw(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _DamagedError(f"field '{self._name(key)}' must be a whole number")
        if value < 0:
            raise _DamagedError(f"field '{self._name(key)}' must not be negative")
        return value

    def text(self, key: str, max_chars: int) -> str:
        value = self._raw(key)
        if not isinstance(value, str):
            raise _DamagedError(f"field '{self._name(key)}' must be text")
        if len(value) > max_chars:
            raise _DamagedError(f"field '{self._name(key)}' is too long")
        return value

    def hex_text(self, key: str, length: int) -> str:
        value = self.text(key, length)
        if len(value) != length or not _is_lower_hex(value):
            raise _DamagedError(
                f"field '{self._name(key)}' must be {length} hexadecimal characters"
            )
        return value

    def utc_time(self, key: str) -> str:
        value = self.text(key, 64)
        try:
            offset = datetime.fromisoformat(value).utcoffset()
        except ValueError:
            offset = None
        if offset != timedelta(0):
            raise _DamagedError(f"field '{self._name(key)}' must be a date and time in UTC")
        return value

    def base64_bytes(self, key: str, length: int) -> bytes:
        value = self.text(key, 4 * length)
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _DamagedError(f"field '{self._name(key)}' is not valid base64") from None
        if _b64(decoded) != value:
            raise _DamagedError(f"field '{self._name(key)}' is not valid base64")
        if len(decoded) != length:
            raise _DamagedError(f"field '{self._name(key)}' must hold {length} bytes")
        return decoded

    def obj(self, key: str, expected: frozenset[str]) -> _Fields:
        value = self._raw(key)
        if not isinstance(value, dict):
            raise _DamagedError(f"field '{self._name(key)}' must be an object")
        return _Fields(value, f"{self._name(key)}.", expected)

    def optional_obj(self, key: str, expected: frozenset[str]) -> _Fields | None:
        if self._raw(key) is None:
            return None
        return self.obj(key, expected)


def _is_lower_hex(value: str) -> bool:
    return all(ch in "0123456789abcdef" for ch in value)


def _header_from_fields(f: _Fields) -> VaultHeader:
    if f.whole("format_version") != FORMAT_VERSION:
        raise _DamagedError("unknown format version; it may come from a newer Confide")
    generation, mac = _seal_from_fields(f)
    header = VaultHeader(
        format_version=FORMAT_VERSION,
        vault_id=f.hex_text("vault_id", 32),
        created_at=f.utc_time("created_at"),
        kdf=_kdf_from_fields(f.obj("kdf", _KDF_KEYS)),
        db_salt=f.base64_bytes("db_salt", SALT_BYTES),
        passphrase_slot=_slot_from_fields(f.obj("passphrase_slot", _SLOT_KEYS)),
        recovery_slot=_slot_from_fields(f.obj("recovery_slot", _SLOT_KEYS)),
        recovery_salt=f.base64_bytes("recovery_salt", SALT_BYTES),
        audit_head=_audit_from_fields(f.optional_obj("audit_head", _AUDIT_KEYS)),
        generation=generation,
        mac=mac,
    )
    return header  # a sealed header's MAC covers its audit head: see seal.check_against_database


def _seal_from_fields(f: _Fields) -> tuple[int | None, str | None]:
    """(generation, mac) of a sealed header; (None, None) for one an older Confide wrote."""
    if not f.has("generation") and not f.has("mac"):
        return None, None
    return f.whole("generation"), f.hex_text("mac", 64)


def _kdf_from_fields(f: _Fields) -> KdfParams:
    cost = KdfCost(f.whole("memory_kib"), f.whole("iterations"), f.whole("lanes"))
    problem = _kdf_cost_problem(cost)
    if problem is not None:
        raise _DamagedError(problem)
    return KdfParams(*cost, salt=f.base64_bytes("salt", SALT_BYTES))


def _slot_from_fields(f: _Fields) -> WrappedKey:
    return WrappedKey(
        nonce=f.base64_bytes("nonce", NONCE_BYTES),
        ciphertext=f.base64_bytes("ciphertext", WRAPPED_KEY_BYTES),
    )


def _audit_from_fields(f: _Fields | None) -> AuditHead | None:
    if f is None:
        return None
    return AuditHead(
        count=f.whole("count"),
        last_hash=f.hex_text("last_hash", AUDIT_HASH_CHARS),
        mac=f.hex_text("mac", 64),
    )


# ----- key hierarchy ---------------------------------------------------------------------------


def _passphrase_bytes(passphrase: str) -> bytes:
    """UTF-8 of the NFC form; ``surrogatepass`` so no encoding error can carry the passphrase."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8", "surrogatepass")


def _check_new_passphrase(passphrase: str) -> None:
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_CHARS:
        raise UserInputError(_SHORT_PASSPHRASE)


def _check_data_key(data_key: bytearray) -> None:
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError("The data key must be 32 bytes.")


def _passphrase_kek(passphrase: str, kdf: KdfParams) -> bytes:
    argon = Argon2id(
        salt=kdf.salt,
        length=32,
        iterations=kdf.iterations,
        lanes=kdf.lanes,
        memory_cost=kdf.memory_kib,
    )
    return argon.derive(_passphrase_bytes(passphrase))


def _hkdf(key_material: bytes | bytearray, salt: bytes | None, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key_material)


def _passphrase_aad(h: VaultHeader, kdf: KdfParams) -> bytes:
    """Associated data binding the passphrase slot to the vault and its KDF parameters."""
    return _canonical(
        {
            "format_version": h.format_version,
            "vault_id": h.vault_id,
            "kdf": _kdf_fields(kdf),
            "db_salt": _b64(h.db_salt),
            "slot": "passphrase",
        }
    )


def _recovery_aad(h: VaultHeader) -> bytes:
    """Associated data of the recovery slot: not the KDF, which a passphrase change replaces."""
    return _canonical(
        {
            "format_version": h.format_version,
            "vault_id": h.vault_id,
            "db_salt": _b64(h.db_salt),
            "recovery_salt": _b64(h.recovery_salt),
            "slot": "recovery",
        }
    )


def _wrap(kek: bytes, data_key: bytearray, aad: bytes) -> WrappedKey:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return WrappedKey(nonce=nonce, ciphertext=AESGCM(kek).encrypt(nonce, data_key, aad))


def _unwrap(kek: bytes, slot: WrappedKey, aad: bytes) -> bytearray:
    """Raises InvalidTag when the key-encryption key is wrong."""
    return bytearray(AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, aad))


def _wrap_passphrase(
    h: VaultHeader, data_key: bytearray, passphrase: str, cost: KdfCost
) -> VaultHeader:
    """``h`` with a fresh KDF salt, ``cost``, and the data key wrapped under ``passphrase``."""
    params = KdfParams(*cost, salt=secrets.token_bytes(SALT_BYTES))
    slot = _wrap(_passphrase_kek(passphrase, params), data_key, _passphrase_aad(h, params))
    return replace(h, kdf=params, passphrase_slot=slot)


def _wrap_recovery(h: VaultHeader, data_key: bytearray) -> tuple[VaultHeader, str]:
    """``h`` with a new recovery salt and slot; returns the new recovery key to show once."""
    recovery_raw = secrets.token_bytes(RECOVERY_KEY_BYTES)
    h = replace(h, recovery_salt=secrets.token_bytes(SALT_BYTES))
    recovery_kek = _hkdf(recovery_raw, h.recovery_salt, _RECOVERY_INFO)
    h = replace(h, recovery_slot=_wrap(recovery_kek, data_key, _recovery_aad(h)))
    return h, format_recovery_key(recovery_raw)


def _draft_header() -> VaultHeader:
    """A new header with fresh ids and salts and empty slots, to be filled in."""
    empty = WrappedKey(nonce=b"", ciphertext=b"")
    return VaultHeader(
        format_version=FORMAT_VERSION,
        vault_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        kdf=KdfParams(*KDF_FLOOR, salt=bytes(SALT_BYTES)),
        db_salt=secrets.token_bytes(SALT_BYTES),
        passphrase_slot=empty,
        recovery_slot=empty,
        recovery_salt=bytes(SALT_BYTES),
        audit_head=None,
    )


def create_header(
    passphrase: str, *, kdf_memory_kib: int | None = None
) -> tuple[VaultHeader, bytearray, str]:
    """A new header, its data key, and the formatted recovery key to show once.

    ``kdf_memory_kib`` defaults to this machine's calibrated cost (kdf.default_cost); another
    value (tests, the demo) is used with the floor's t=3 and may never go below KDF_FLOOR.
    """
    _check_new_passphrase(passphrase)
    if kdf_memory_kib is None:
        cost = kdf.default_cost()
    else:
        cost = KdfCost(kdf_memory_kib, KDF_FLOOR.iterations, KDF_FLOOR.lanes)
    data_key = bytearray(secrets.token_bytes(DATA_KEY_BYTES))
    draft, recovery_key = _wrap_recovery(_draft_header(), data_key)
    header = _wrap_passphrase(draft, data_key, passphrase, cost)
    return header, data_key, recovery_key


def rotated_header(
    h: VaultHeader, new_data_key: bytearray, passphrase: str
) -> tuple[VaultHeader, str]:
    """``h`` for a new data key: new database salt, new recovery key, rewrapped passphrase.

    The result is unsealed (no audit head, generation or MAC): the caller seals it.
    """
    _check_new_passphrase(passphrase)
    _check_data_key(new_data_key)
    fresh = replace(
        h, db_salt=secrets.token_bytes(SALT_BYTES), audit_head=None, generation=None, mac=None
    )
    fresh, recovery_key = _wrap_recovery(fresh, new_data_key)
    cost = kdf.stronger(_cost_of(h.kdf), kdf.default_cost())
    return _wrap_passphrase(fresh, new_data_key, passphrase, cost), recovery_key


def with_new_recovery_key(h: VaultHeader, data_key: bytearray) -> tuple[VaultHeader, str]:
    """``h`` with the same data key under a new recovery key (unsealed, as rotated_header)."""
    _check_data_key(data_key)
    fresh, recovery_key = _wrap_recovery(h, data_key)
    return replace(fresh, audit_head=None, generation=None, mac=None), recovery_key


def _cost_of(params: KdfParams) -> KdfCost:
    return KdfCost(params.memory_kib, params.iterations, params.lanes)


def unwrap_with_passphrase(h: VaultHeader, passphrase: str) -> bytearray:
    """The data key; WrongPassphraseError when the passphrase does not open the slot."""
    kek = _passphrase_kek(passphrase, h.kdf)
    try:
        return _unwrap(kek, h.passphrase_slot, _passphrase_aad(h, h.kdf))
    except InvalidTag:
        raise WrongPassphraseError("The passphrase is not correct.") from None


def unwrap_with_recovery(h: VaultHeader, recovery_text: str) -> bytearray:
    """The data key from the recovery key as typed; WrongRecoveryKeyError if it is wrong."""
    return _unwrap_recovery_raw(h, parse_recovery_key(recovery_text))


def unwrap_with_recovery_raw(h: VaultHeader, recovery_raw: bytes) -> bytearray:
    """The data key from the parsed recovery key's 20 bytes; WrongRecoveryKeyError if wrong."""
    return _unwrap_recovery_raw(h, recovery_raw)


def _unwrap_recovery_raw(h: VaultHeader, recovery_raw: bytes) -> bytearray:
    kek = _hkdf(recovery_raw, h.recovery_salt, _RECOVERY_INFO)
    try:
        return _unwrap(kek, h.recovery_slot, _recovery_aad(h))
    except InvalidTag:
        raise WrongRecoveryKeyError("The recovery key is not correct.") from None


def rewrap_passphrase(h: VaultHeader, data_key: bytearray, new_passphrase: str) -> VaultHeader:
    """``h`` with the same data key under a new passphrase and KDF salt; recovery unchanged.

    A stored cost weaker than this machine's default is raised to it (never lowered).
    """
    _check_new_passphrase(new_passphrase)
    _check_data_key(data_key)
    cost = kdf.stronger(_cost_of(h.kdf), kdf.default_cost())
    return _wrap_passphrase(h, data_key, new_passphrase, cost)


def _audit_mac(data_key: bytearray, vault_id: str, count: int, last_hash: str) -> str:
    key = _hkdf(data_key, None, _AUDIT_INFO)
    message = f"{vault_id}:{count}:{last_hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def with_audit_head(h: VaultHeader, data_key: bytearray, count: int, last_hash: str) -> VaultHeader:
    """``h`` with the audit chain's head sealed under a MAC derived from the data key."""
    _check_data_key(data_key)
    if count < 0:
        raise ValueError("The audit count must not be negative.")
    if len(last_hash) != AUDIT_HASH_CHARS or not _is_lower_hex(last_hash):
        raise ValueError("The audit hash must be 64 lowercase hexadecimal characters.")
    mac = _audit_mac(data_key, h.vault_id, count, last_hash)
    return replace(h, audit_head=AuditHead(count=count, last_hash=last_hash, mac=mac))


def verified_audit_head(h: VaultHeader, data_key: bytearray) -> AuditHead | None:
    """The sealed audit head after checking its MAC; VaultDamagedError if it was altered."""
    head = h.audit_head
    if head is None:
        return None
    expected = _audit_mac(data_key, h.vault_id, head.count, head.last_hash)
    if not hmac.compare_digest(expected.encode("ascii"), head.mac.encode("utf-8", "replace")):
        raise _damaged_error("the sealed audit record does not match")
    return head


def _header_mac(h: VaultHeader, data_key: bytearray) -> str:
    key = _hkdf(data_key, None, _HEADER_MAC_INFO)
    return hmac.new(key, _canonical(_mac_fields(h)), hashlib.sha256).hexdigest()


def sealed(
    h: VaultHeader, data_key: bytearray, generation: int, count: int, last_hash: str
) -> VaultHeader:
    """``h`` with the audit head, ``generation`` and a MAC over every field (data-key derived)."""
    if generation < 1:
        raise ValueError("A sealed generation starts at 1.")
    with_head = with_audit_head(h, data_key, count, last_hash)
    unsigned = replace(with_head, generation=generation, mac=None)
    return replace(unsigned, mac=_header_mac(unsigned, data_key))


def mac_matches(h: VaultHeader, data_key: bytearray) -> bool:
    """True when a sealed header's MAC is right for ``data_key`` (False for an unsealed one)."""
    if not h.is_sealed or h.mac is None:
        return False
    expected = _header_mac(replace(h, mac=None), data_key)
    return hmac.compare_digest(expected.encode("ascii"), h.mac.encode("utf-8", "replace"))


def sqlcipher_key_hex(data_key: bytearray, db_salt: bytes) -> str:
    """96 hex characters (key then salt) for ``PRAGMA key = "x'...'"``. Never log it."""
    _check_data_key(data_key)
    if len(db_salt) != SALT_BYTES:
        raise ValueError("The database salt must be 16 bytes.")
    return data_key.hex() + db_salt.hex()


# ----- recovery key text -----------------------------------------------------------------------


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


# ----- the two header files --------------------------------------------------------------------


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
        return _OneRead(_parse_header(data), None, missing=False)
    except _DamagedError as exc:
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
    return _unlock(read, lambda h: _unwrap_recovery_raw(h, recovery_raw))
