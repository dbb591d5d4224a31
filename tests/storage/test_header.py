"""The vault header: serialization, strict validation, key hierarchy and the two header files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import (
    UserInputError,
    VaultDamagedError,
    VaultMissingError,
    WrongPassphraseError,
    WrongRecoveryKeyError,
)
from desktop.storage import header as hdr
from desktop.storage import header_repair, kdf
from desktop.storage.files import atomic_write_bytes
from desktop.storage.header import (
    HEADER_COPY_NAME,
    HEADER_NAME,
    AuditHead,
    KdfParams,
    VaultHeader,
    header_checksum,
    header_to_bytes,
)
from desktop.storage.header_keys import (
    create_header,
    rewrap_passphrase,
    sqlcipher_key_hex,
    unwrap_with_passphrase,
    unwrap_with_recovery,
    verified_audit_head,
    with_audit_head,
)
from desktop.storage.header_parse import (
    header_from_bytes,
)
from desktop.storage.header_repair import (
    read_headers,
    unlock_headers,
    unlock_headers_with_recovery,
    write_header,
)
from desktop.storage.kdf import KDF_FLOOR
from desktop.storage.recovery_key import (
    format_recovery_key,
    parse_recovery_key,
)

PASSPHRASE = "correct horse battery staple"
NEW_PASSPHRASE = "a whole new passphrase"
FAST = KDF_FLOOR.memory_kib
HASH_A = "a" * 64
RECOVERY_PATTERN = re.compile(r"^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$")

Made = tuple[VaultHeader, bytearray, str]


@cache
def _made() -> Made:
    return create_header(PASSPHRASE, kdf_memory_kib=FAST)


@cache
def _valid_bytes() -> bytes:
    return header_to_bytes(_made()[0])


@pytest.fixture
def made() -> Made:
    header, key, recovery = _made()
    return header, bytearray(key), recovery


def _rewritten(change: Callable[[dict[str, Any]], None], data: bytes | None = None) -> bytes:
    """The valid header with ``change`` applied and the checksum recomputed."""
    fields = json.loads(data if data is not None else _valid_bytes())
    change(fields)
    fields["checksum"] = header_checksum(fields)
    return json.dumps(fields, indent=2).encode()


def _damage_message(data: bytes) -> str:
    with pytest.raises(VaultDamagedError) as caught:
        header_from_bytes(data)
    return caught.value.message


# ----- creation and round trip -----------------------------------------------------------------


def test_round_trip(made: Made) -> None:
    header, _key, _recovery = made
    data = header_to_bytes(header)
    assert header_from_bytes(data) == header
    fields = json.loads(data)
    assert list(fields) == sorted(fields)
    assert fields["checksum"] == header_checksum(fields)
    assert data.startswith(b'{\n  "')


def test_round_trip_with_audit_head(made: Made) -> None:
    header, key, _recovery = made
    sealed = with_audit_head(header, key, 7, HASH_A)
    assert header_from_bytes(header_to_bytes(sealed)) == sealed


def test_new_header_fields(made: Made) -> None:
    header, key, recovery = made
    assert header.format_version == 1
    assert re.fullmatch(r"[0-9a-f]{32}", header.vault_id)
    assert datetime.fromisoformat(header.created_at).utcoffset() == timedelta(0)
    assert (header.kdf.memory_kib, header.kdf.iterations, header.kdf.lanes) == (FAST, 3, 4)
    assert len(header.db_salt) == len(header.kdf.salt) == len(header.recovery_salt) == 16
    assert len(header.passphrase_slot.ciphertext) == 48
    assert isinstance(key, bytearray)
    assert len(key) == 32
    assert RECOVERY_PATTERN.match(recovery)
    assert header.audit_head is None


def test_two_vaults_share_nothing() -> None:
    first, key_a, recovery_a = _made()
    second, key_b, recovery_b = create_header(PASSPHRASE, kdf_memory_kib=FAST)
    assert first.vault_id != second.vault_id
    assert key_a != key_b
    assert recovery_a != recovery_b
    assert first.kdf.salt != second.kdf.salt
    assert first.db_salt != second.db_salt


def test_default_kdf_is_used_when_not_given() -> None:
    header, _key, _recovery = create_header(PASSPHRASE)
    cost = (header.kdf.memory_kib, header.kdf.iterations, header.kdf.lanes)
    assert cost == kdf.default_cost()


def test_kdf_below_floor_is_refused_at_creation() -> None:
    with pytest.raises(ValueError, match="below the safe minimum"):
        create_header(PASSPHRASE, kdf_memory_kib=FAST - 1)


@pytest.mark.parametrize("weak", ["", "123456789", "e\u0301" * 5])
def test_short_passphrase_is_refused(weak: str, made: Made) -> None:
    header, key, _recovery = made
    expected = "Choose a passphrase of at least 10 characters."
    with pytest.raises(UserInputError) as caught:
        create_header(weak, kdf_memory_kib=FAST)
    assert caught.value.message == expected
    with pytest.raises(UserInputError):
        rewrap_passphrase(header, key, weak)


# ----- passphrase and recovery key -------------------------------------------------------------


def test_passphrase_unwraps_the_data_key(made: Made) -> None:
    header, key, _recovery = made
    assert unwrap_with_passphrase(header, PASSPHRASE) == key


def test_wrong_passphrase(made: Made) -> None:
    header, _key, _recovery = made
    with pytest.raises(WrongPassphraseError) as caught:
        unwrap_with_passphrase(header, PASSPHRASE + "!")
    assert caught.value.message == "The passphrase is not correct."
    assert PASSPHRASE not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_passphrase_is_nfc_normalized() -> None:
    composed = "café au lait, très bien"
    header, key, _recovery = create_header(composed, kdf_memory_kib=FAST)
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    assert unwrap_with_passphrase(header, decomposed) == key


def test_recovery_key_round_trip(made: Made) -> None:
    header, key, recovery = made
    assert unwrap_with_recovery(header, recovery) == key
    assert unwrap_with_recovery(header, recovery.lower()) == key
    assert unwrap_with_recovery(header, recovery.replace("-", " ")) == key
    assert unwrap_with_recovery(header, f"  {recovery.replace('-', '')}\n") == key


def test_recovery_key_tolerates_crockford_look_alikes() -> None:
    raw = bytes(20)  # all zeros: 32 x "0"
    text = format_recovery_key(raw)
    assert text == "-".join(["0000"] * 8)
    assert parse_recovery_key(text.replace("0", "O")) == raw
    assert parse_recovery_key(text.replace("0", "o")) == raw
    ones = format_recovery_key(bytes.fromhex("0842108421084210842108421084210842108421"))
    assert ones == "-".join(["1111"] * 8)
    assert parse_recovery_key(ones.replace("1", "I")) == parse_recovery_key(ones)
    assert parse_recovery_key(ones.replace("1", "l")) == parse_recovery_key(ones)


@given(st.binary(min_size=20, max_size=20))
def test_recovery_key_format_parse_round_trip(raw: bytes) -> None:
    text = format_recovery_key(raw)
    assert RECOVERY_PATTERN.match(text)
    assert parse_recovery_key(text) == raw


@pytest.mark.parametrize(
    "text",
    ["", "0000-0000", "0" * 31, "0" * 33, "U" + "0" * 31, "0" * 31 + "!", "0" * 31 + "é"],
)
def test_malformed_recovery_key(text: str) -> None:
    with pytest.raises(WrongRecoveryKeyError) as caught:
        parse_recovery_key(text)
    assert caught.value.message == (
        "That is not a valid recovery key: it should be 32 letters and digits in 8 groups."
    )


def test_wrong_recovery_key(made: Made) -> None:
    header, _key, recovery = made
    other = format_recovery_key(bytes(20))
    assert other != recovery
    with pytest.raises(WrongRecoveryKeyError) as caught:
        unwrap_with_recovery(header, other)
    assert caught.value.message == "The recovery key is not correct."


def test_rewrap_keeps_data_key_and_refuses_old_passphrase(made: Made) -> None:
    header, key, recovery = made
    sealed = with_audit_head(header, key, 3, HASH_A)
    changed = rewrap_passphrase(sealed, key, NEW_PASSPHRASE)
    assert unwrap_with_passphrase(changed, NEW_PASSPHRASE) == key
    with pytest.raises(WrongPassphraseError):
        unwrap_with_passphrase(changed, PASSPHRASE)
    assert unwrap_with_recovery(changed, recovery) == key
    assert changed.kdf.salt != header.kdf.salt
    assert changed.kdf.memory_kib == header.kdf.memory_kib
    assert changed.recovery_slot == header.recovery_slot
    assert changed.vault_id == header.vault_id
    assert changed.db_salt == header.db_salt
    assert verified_audit_head(changed, key) == sealed.audit_head


def test_sqlcipher_key_hex(made: Made) -> None:
    header, key, _recovery = made
    text = sqlcipher_key_hex(key, header.db_salt)
    assert len(text) == 96
    assert text == key.hex() + header.db_salt.hex()
    with pytest.raises(ValueError):
        sqlcipher_key_hex(key[:16], header.db_salt)


def test_no_secret_in_reprs(made: Made) -> None:
    header, key, recovery = made
    shown = repr(header) + repr(_read_for(header))
    assert key.hex() not in shown
    assert recovery not in shown
    assert PASSPHRASE not in shown


def _read_for(header: VaultHeader) -> hdr.HeaderRead:
    return hdr.HeaderRead(header, header, None, None)


# ----- audit head ------------------------------------------------------------------------------


def test_audit_head_verifies(made: Made) -> None:
    header, key, _recovery = made
    assert verified_audit_head(header, key) is None
    sealed = with_audit_head(header, key, 12, HASH_A)
    assert sealed.audit_head is not None
    assert verified_audit_head(sealed, key) == AuditHead(12, HASH_A, sealed.audit_head.mac)


@pytest.mark.parametrize("field", ["count", "last_hash", "mac"])
def test_audit_head_tamper_is_detected(field: str, made: Made) -> None:
    header, key, _recovery = made
    sealed = with_audit_head(header, key, 12, HASH_A)
    tampered_values = {"count": 11, "last_hash": "b" * 64, "mac": "0" * 64}

    def tamper(fields: dict[str, Any]) -> None:
        fields["audit_head"][field] = tampered_values[field]

    tampered = header_from_bytes(_rewritten(tamper, header_to_bytes(sealed)))
    with pytest.raises(VaultDamagedError, match="audit record does not match"):
        verified_audit_head(tampered, key)


def test_audit_head_with_another_key_is_refused(made: Made) -> None:
    header, key, _recovery = made
    sealed = with_audit_head(header, key, 1, HASH_A)
    with pytest.raises(VaultDamagedError):
        verified_audit_head(sealed, bytearray(32))


def test_audit_head_arguments_are_checked(made: Made) -> None:
    header, key, _recovery = made
    with pytest.raises(ValueError):
        with_audit_head(header, key, -1, HASH_A)
    with pytest.raises(ValueError):
        with_audit_head(header, key, 1, "not a hash")


# ----- damage ----------------------------------------------------------------------------------


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(fields: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for name in parents:
            fields = fields[name]
        fields[last] = value

    return change


def _delete(path: str) -> Callable[[dict[str, Any]], None]:
    def change(fields: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        for name in parents:
            fields = fields[name]
        del fields[last]

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_delete("db_salt"), "field 'db_salt' is missing"),
        (_delete("kdf.salt"), "field 'kdf.salt' is missing"),
        (_delete("audit_head"), "field 'audit_head' is missing"),
        (_set("kdf.memory_kib", "65536"), "field 'kdf.memory_kib' must be a whole number"),
        (_set("kdf.iterations", 3.0), "field 'kdf.iterations' must be a whole number"),
        (_set("kdf.lanes", True), "field 'kdf.lanes' must be a whole number"),
        (_set("kdf", []), "field 'kdf' must be an object"),
        (_set("vault_id", 12), "field 'vault_id' must be text"),
        (_set("vault_id", "Z" * 32), "field 'vault_id' must be 32 hexadecimal characters"),
        (_set("created_at", "yesterday"), "field 'created_at' must be a date and time in UTC"),
        (_set("created_at", "2024-01-01T10:00:00"), "must be a date and time in UTC"),
        (_set("created_at", "2024-01-01T10:00:00+02:00"), "must be a date and time in UTC"),
        (_set("db_salt", "not base64!"), "field 'db_salt' is not valid base64"),
        (_set("db_salt", "AAAAAAAAAAAAAAAAAAAAAB=="), "field 'db_salt' is not valid base64"),
        (_set("db_salt", "AAAA"), "field 'db_salt' must hold 16 bytes"),
        (_set("passphrase_slot.nonce", "AAAAAAAAAAAAAAAAAAAA"), "must hold 12 bytes"),
        (_set("recovery_slot.ciphertext", "AAAA"), "'recovery_slot.ciphertext' must hold 48"),
        (_set("kdf.memory_kib", KDF_FLOOR.memory_kib // 2), "'kdf.memory_kib' is below the safe"),
        (_set("kdf.iterations", 1), "field 'kdf.iterations' is below the safe minimum"),
        (_set("kdf.lanes", 1), "field 'kdf.lanes' is below the safe minimum"),
        (_set("kdf.memory_kib", 2**40), "field 'kdf.memory_kib' is above the allowed maximum"),
        (_set("kdf.iterations", -3), "field 'kdf.iterations' must not be negative"),
        (_set("format_version", 2), "unknown format version"),
        (_set("format_version", "1"), "field 'format_version' must be a whole number"),
        (_set("surprise", 1), "the header has a field this version of Confide does not know"),
        (_set("kdf.extra", 1), "field 'kdf' has a field this version of Confide does not know"),
        (_set("audit_head", {"count": 1, "last_hash": "x", "mac": "0" * 64}), "'audit_head.last"),
    ],
)
def test_damage_with_valid_checksum_names_the_problem(
    change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    message = _damage_message(_rewritten(change))
    assert message.startswith("The vault header is damaged (")
    assert expected in message


def test_flipped_character_in_wrapped_key_is_a_checksum_error() -> None:
    fields = json.loads(_valid_bytes())
    original = fields["passphrase_slot"]["ciphertext"]
    flipped = ("B" if original[5] == "A" else "A").join([original[:5], original[6:]])
    data = _valid_bytes().replace(original.encode(), flipped.encode())
    assert data != _valid_bytes()
    assert _damage_message(data) == "The vault header is damaged (checksum does not match)."


def test_lowered_kdf_without_new_checksum_is_a_checksum_error() -> None:
    fields = json.loads(_valid_bytes())
    fields["kdf"]["memory_kib"] = 1024
    assert "checksum does not match" in _damage_message(json.dumps(fields).encode())


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "it is not valid JSON"),
        (b"\xff\xfe{}", "it is not valid JSON"),
        (b"[1, 2]", "it is not a JSON object"),
        (b'"text"', "it is not a JSON object"),
        (b"{}", "field 'checksum' is missing"),
        (b'{"checksum": 5}', "field 'checksum' must be 64 hexadecimal characters"),
        (b'{"a": NaN}', "it is not valid JSON"),
        (b'{"a": 1, "a": 1}', "a field appears twice"),
        (b'{"a": 1e999, "checksum": "' + b"0" * 64 + b'"}', "checksum does not match"),
        (b"[" * 50_000 + b"]" * 50_000, "the file is too large"),
        (b"[" * 30_000 + b"]" * 30_000, "it is not valid JSON"),
        (b"{" + b" " * 70_000 + b"}", "the file is too large"),
    ],
)
def test_malformed_files(data: bytes, expected: str) -> None:
    assert expected in _damage_message(data)


def test_truncated_header() -> None:
    data = _valid_bytes()
    for cut in (1, len(data) // 2, len(data) - 3):
        assert "it is not valid JSON" in _damage_message(data[:cut])


def test_damage_message_never_echoes_content() -> None:
    marker = "SECRETMARKER"
    for change in (_set("vault_id", marker), _set(marker, 1), _set("kdf.salt", marker)):
        message = _damage_message(_rewritten(change))
        assert marker not in message
    assert marker not in _damage_message(marker.encode())


# ----- fuzzing ---------------------------------------------------------------------------------


def _parse_or_damaged(data: bytes) -> VaultHeader | None:
    try:
        return header_from_bytes(data)
    except VaultDamagedError:
        return None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_fuzz_random_bytes_only_raise_vault_damaged(data: bytes) -> None:
    _parse_or_damaged(data)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_single_byte_mutation(data: st.DataObject) -> None:
    valid = _valid_bytes()
    index = data.draw(st.integers(min_value=0, max_value=len(valid) - 1))
    value = data.draw(st.integers(min_value=0, max_value=255))
    mutated = valid[:index] + bytes([value]) + valid[index + 1 :]
    parsed = _parse_or_damaged(mutated)
    if parsed is not None:
        assert parsed == _made()[0]


@settings(max_examples=200)
@given(st.data())
def test_fuzz_field_values_with_valid_checksum(data: st.DataObject) -> None:
    fields = json.loads(_valid_bytes())
    path = data.draw(st.sampled_from(sorted(_leaf_paths(fields))))
    json_values = st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
        max_leaves=5,
    )
    value = data.draw(json_values)
    _parse_or_damaged(_rewritten(_set(path, value)))


def _leaf_paths(fields: dict[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in fields.items():
        if key == "checksum":
            continue
        paths.add(prefix + key)
        if isinstance(value, dict):
            paths |= _leaf_paths(value, f"{prefix}{key}.")
    return paths


# ----- the two header files --------------------------------------------------------------------


def test_write_header_writes_copy_then_primary(
    tmp_path: Path, made: Made, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    real = atomic_write_bytes

    def spy(path: Path, data: bytes) -> None:
        written.append(path.name)
        real(path, data)

    monkeypatch.setattr(header_repair, "atomic_write_bytes", spy)
    write_header(tmp_path, made[0])
    assert written == [HEADER_COPY_NAME, HEADER_NAME]
    assert (tmp_path / HEADER_NAME).read_bytes() == (tmp_path / HEADER_COPY_NAME).read_bytes()
    assert (tmp_path / HEADER_NAME).stat().st_mode & 0o777 == 0o600


def test_read_and_unlock_intact(tmp_path: Path, made: Made) -> None:
    header, key, recovery = made
    write_header(tmp_path, header)
    read = read_headers(tmp_path)
    assert read == hdr.HeaderRead(header, header, None, None)
    assert unlock_headers(read, PASSPHRASE) == (header, key, False)
    assert unlock_headers_with_recovery(read, recovery) == (header, key, False)


def test_primary_damaged_unlocks_from_copy(tmp_path: Path, made: Made) -> None:
    header, key, recovery = made
    write_header(tmp_path, header)
    primary = tmp_path / HEADER_NAME
    primary.write_bytes(primary.read_bytes()[:100])
    read = read_headers(tmp_path)
    assert read.primary is None
    assert read.primary_problem == "it is not valid JSON"
    assert read.copy == header
    assert unlock_headers(read, PASSPHRASE) == (header, key, True)
    assert unlock_headers_with_recovery(read, recovery) == (header, key, True)


def test_primary_missing_unlocks_from_copy(tmp_path: Path, made: Made) -> None:
    header, key, _recovery = made
    write_header(tmp_path, header)
    (tmp_path / HEADER_NAME).unlink()
    read = read_headers(tmp_path)
    assert read.primary_problem == "the file is missing"
    assert unlock_headers(read, PASSPHRASE) == (header, key, True)


def test_copy_damaged_still_unlocks_and_asks_for_repair(tmp_path: Path, made: Made) -> None:
    header, key, _recovery = made
    write_header(tmp_path, header)
    (tmp_path / HEADER_COPY_NAME).write_bytes(b"garbage")
    read = read_headers(tmp_path)
    assert read.copy is None
    assert read.copy_problem == "it is not valid JSON"
    assert unlock_headers(read, PASSPHRASE) == (header, key, True)


def test_no_vault(tmp_path: Path) -> None:
    with pytest.raises(VaultMissingError) as caught:
        read_headers(tmp_path)
    assert caught.value.message == "No vault was found in this folder."


def test_both_copies_damaged(tmp_path: Path, made: Made) -> None:
    write_header(tmp_path, made[0])
    (tmp_path / HEADER_NAME).write_bytes(b"{}")
    (tmp_path / HEADER_COPY_NAME).unlink()
    with pytest.raises(VaultDamagedError) as caught:
        read_headers(tmp_path)
    assert caught.value.message.startswith("Both copies of the vault header are damaged")
    assert "the file is missing" in caught.value.message


def test_interrupted_passphrase_change(tmp_path: Path, made: Made) -> None:
    header, key, recovery = made
    write_header(tmp_path, header)
    changed = rewrap_passphrase(header, key, NEW_PASSPHRASE)
    # A crash after write_header wrote the copy but before it replaced the primary.
    atomic_write_bytes(tmp_path / HEADER_COPY_NAME, header_to_bytes(changed))
    read = read_headers(tmp_path)
    assert (read.primary, read.copy) == (header, changed)
    assert unlock_headers(read, PASSPHRASE) == (header, key, True)
    assert unlock_headers(read, NEW_PASSPHRASE) == (changed, key, True)
    assert unlock_headers_with_recovery(read, recovery) == (header, key, True)
    with pytest.raises(WrongPassphraseError):
        unlock_headers(read, "neither of the two passphrases")


def test_unlock_with_wrong_secrets(tmp_path: Path, made: Made) -> None:
    header, _key, _recovery = made
    write_header(tmp_path, header)
    read = read_headers(tmp_path)
    with pytest.raises(WrongPassphraseError):
        unlock_headers(read, "not the passphrase at all")
    with pytest.raises(WrongRecoveryKeyError, match="not correct"):
        unlock_headers_with_recovery(read, format_recovery_key(bytes(20)))
    with pytest.raises(WrongRecoveryKeyError, match="not a valid recovery key"):
        unlock_headers_with_recovery(read, "nope")


def test_unlock_with_nothing_usable() -> None:
    with pytest.raises(VaultDamagedError):
        unlock_headers(hdr.HeaderRead(None, None, "x", "y"), PASSPHRASE)


def test_oversized_header_file_is_damage_not_memory(tmp_path: Path, made: Made) -> None:
    write_header(tmp_path, made[0])
    (tmp_path / HEADER_NAME).write_bytes(b" " * (hdr.MAX_HEADER_BYTES * 4))
    read = read_headers(tmp_path)
    assert read.primary_problem == "the file is too large"


def test_kdf_params_refuse_weak_values() -> None:
    with pytest.raises(ValueError):
        KdfParams(memory_kib=1024, iterations=3, lanes=4, salt=bytes(16))
    with pytest.raises(ValueError):
        KdfParams(memory_kib=FAST, iterations=3, lanes=4, salt=bytes(8))
    assert replace(_made()[0].kdf, salt=bytes(16)).salt == bytes(16)
