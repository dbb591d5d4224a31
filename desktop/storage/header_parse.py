"""Strict, hand-written parsing of ``vault.json``: problems name the field, never its value."""

from __future__ import annotations

import base64
import binascii
import hmac
import json
from datetime import datetime, timedelta
from typing import Final

from desktop.storage.header import (
    AUDIT_HASH_CHARS,
    FORMAT_VERSION,
    MAX_HEADER_BYTES,
    NONCE_BYTES,
    SALT_BYTES,
    WRAPPED_KEY_BYTES,
    AuditHead,
    KdfParams,
    VaultHeader,
    WrappedKey,
    b64,
    damaged_error,
    header_checksum,
    is_lower_hex,
    kdf_cost_problem,
)
from desktop.storage.kdf import KdfCost

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


# ----- strict parsing --------------------------------------------------------------------------


class HeaderProblemError(Exception):
    """What is wrong with a header, described without the file's content."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def header_from_bytes(data: bytes) -> VaultHeader:
    """Parse and validate ``vault.json``; any problem raises VaultDamagedError."""
    try:
        return parse_header(data)
    except HeaderProblemError as exc:
        raise damaged_error(exc.detail) from None


def parse_header(data: bytes) -> VaultHeader:
    """The parsed header; HeaderProblemError names what is wrong (for the repair reader)."""
    fields = _load_object(data)
    _check_known_version(fields)
    _check_checksum(fields)
    return _header_from_fields(_Fields(fields, "", _HEADER_KEYS))


def _load_object(data: bytes) -> dict[str, object]:
    if len(data) > MAX_HEADER_BYTES:
        raise HeaderProblemError("the file is too large")
    try:
        parsed: object = json.loads(
            bytes(data).decode("utf-8"),
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError):
        raise HeaderProblemError("it is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise HeaderProblemError("it is not a JSON object")
    return parsed


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise HeaderProblemError("a field appears twice")
    return result


def _refuse_constant(_name: str) -> object:
    raise ValueError("NaN and Infinity are not allowed")


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_known_version(fields: dict[str, object]) -> None:
    version = fields.get("format_version")
    if _is_whole(version) and version != FORMAT_VERSION:
        raise HeaderProblemError("unknown format version; it may come from a newer Confide")


def _check_checksum(fields: dict[str, object]) -> None:
    if "checksum" not in fields:
        raise HeaderProblemError("field 'checksum' is missing")
    stored = fields["checksum"]
    if not isinstance(stored, str) or len(stored) != 64 or not is_lower_hex(stored):
        raise HeaderProblemError("field 'checksum' must be 64 hexadecimal characters")
    try:
        expected = header_checksum(fields)
    except (ValueError, RecursionError):
        raise HeaderProblemError("checksum does not match") from None
    if not hmac.compare_digest(stored, expected):
        raise HeaderProblemError("checksum does not match")


class _Fields:
    """Typed access to one JSON object of the header; problems name the field, not its value."""

    def __init__(self, data: dict[str, object], prefix: str, expected: frozenset[str]) -> None:
        if not set(data) <= expected:
            where = f"field '{prefix.rstrip('.')}'" if prefix else "the header"
            raise HeaderProblemError(f"{where} has a field this version of Confide does not know")
        self._data = data
        self._prefix = prefix

    def _name(self, key: str) -> str:
        return f"{self._prefix}{key}"

    def has(self, key: str) -> bool:
        return key in self._data

    def _raw(self, key: str) -> object:
        if key not in self._data:
            raise HeaderProblemError(f"field '{self._name(key)}' is missing")
        return self._data[key]

    def whole(self, key: str) -> int:
        value = self._raw(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise HeaderProblemError(f"field '{self._name(key)}' must be a whole number")
        if value < 0:
            raise HeaderProblemError(f"field '{self._name(key)}' must not be negative")
        return value

    def text(self, key: str, max_chars: int) -> str:
        value = self._raw(key)
        if not isinstance(value, str):
            raise HeaderProblemError(f"field '{self._name(key)}' must be text")
        if len(value) > max_chars:
            raise HeaderProblemError(f"field '{self._name(key)}' is too long")
        return value

    def hex_text(self, key: str, length: int) -> str:
        value = self.text(key, length)
        if len(value) != length or not is_lower_hex(value):
            raise HeaderProblemError(
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
            raise HeaderProblemError(f"field '{self._name(key)}' must be a date and time in UTC")
        return value

    def base64_bytes(self, key: str, length: int) -> bytes:
        value = self.text(key, 4 * length)
        try:
            decoded = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise HeaderProblemError(f"field '{self._name(key)}' is not valid base64") from None
        if b64(decoded) != value:
            raise HeaderProblemError(f"field '{self._name(key)}' is not valid base64")
        if len(decoded) != length:
            raise HeaderProblemError(f"field '{self._name(key)}' must hold {length} bytes")
        return decoded

    def obj(self, key: str, expected: frozenset[str]) -> _Fields:
        value = self._raw(key)
        if not isinstance(value, dict):
            raise HeaderProblemError(f"field '{self._name(key)}' must be an object")
        return _Fields(value, f"{self._name(key)}.", expected)

    def optional_obj(self, key: str, expected: frozenset[str]) -> _Fields | None:
        if self._raw(key) is None:
            return None
        return self.obj(key, expected)


def _header_from_fields(f: _Fields) -> VaultHeader:
    if f.whole("format_version") != FORMAT_VERSION:
        raise HeaderProblemError("unknown format version; it may come from a newer Confide")
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
    problem = kdf_cost_problem(cost)
    if problem is not None:
        raise HeaderProblemError(problem)
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
