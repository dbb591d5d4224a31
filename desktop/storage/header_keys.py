"""The key hierarchy kept in the vault header, and the header's seal (MACs).

passphrase --Argon2id--> KEK --AES-256-GCM--> data key (32 random bytes) --> SQLCipher raw key.
The same data key is wrapped a second time under a one-time recovery key (HKDF-SHA256).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from desktop.errors import UserInputError, WrongPassphraseError, WrongRecoveryKeyError
from desktop.storage import kdf
from desktop.storage.header import (
    AUDIT_HASH_CHARS,
    DATA_KEY_BYTES,
    FORMAT_VERSION,
    NONCE_BYTES,
    SALT_BYTES,
    AuditHead,
    KdfParams,
    VaultHeader,
    WrappedKey,
    b64,
    canonical,
    damaged_error,
    is_lower_hex,
    kdf_fields,
    mac_fields,
)
from desktop.storage.kdf import KDF_FLOOR, KdfCost
from desktop.storage.recovery_key import RECOVERY_KEY_BYTES, format_recovery_key, parse_recovery_key

MIN_PASSPHRASE_CHARS: Final = 10
_RECOVERY_INFO: Final = b"confide recovery slot v1"
_AUDIT_INFO: Final = b"confide audit head v1"
_HEADER_MAC_INFO: Final = b"confide header mac v1"
_SHORT_PASSPHRASE: Final = "Choose a passphrase of at least 10 characters."  # noqa: S105 - a message


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
    return canonical(
        {
            "format_version": h.format_version,
            "vault_id": h.vault_id,
            "kdf": kdf_fields(kdf),
            "db_salt": b64(h.db_salt),
            "slot": "passphrase",
        }
    )


def _recovery_aad(h: VaultHeader) -> bytes:
    """Associated data of the recovery slot: not the KDF, which a passphrase change replaces."""
    return canonical(
        {
            "format_version": h.format_version,
            "vault_id": h.vault_id,
            "db_salt": b64(h.db_salt),
            "recovery_salt": b64(h.recovery_salt),
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
    return unwrap_with_recovery_raw(h, parse_recovery_key(recovery_text))


def unwrap_with_recovery_raw(h: VaultHeader, recovery_raw: bytes) -> bytearray:
    """The data key from the parsed recovery key's 20 bytes; WrongRecoveryKeyError if wrong."""
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
    if len(last_hash) != AUDIT_HASH_CHARS or not is_lower_hex(last_hash):
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
        raise damaged_error("the sealed audit record does not match")
    return head


def _header_mac(h: VaultHeader, data_key: bytearray) -> str:
    key = _hkdf(data_key, None, _HEADER_MAC_INFO)
    return hmac.new(key, canonical(mac_fields(h)), hashlib.sha256).hexdigest()


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
