"""Fuzzing the two parsers that read files from outside: the vault header and backup bundles.

Whatever the bytes, only a typed Confide error may escape (VaultDamagedError for the header,
BackupError for a bundle), and its message never echoes the input. Every example is counted
into the tally (HARDENING.md's table needs at least 100 per parser).
"""

from __future__ import annotations

import hashlib
import io
import json
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import BackupError, ConfideError, VaultDamagedError
from desktop.storage import backup
from desktop.storage.header import header_checksum
from desktop.storage.header_parse import header_from_bytes
from desktop.storage.header_repair import read_headers
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally

EXAMPLES = 150
MARKER = "Xiomara"  # in the input, never in a message
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def valid(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A real vault header and a real backup bundle."""
    base = tmp_path_factory.mktemp("fuzz")
    vault, _ = Vault.create(base / "vault", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        backup.create_backup(vault, base / "one.confide-backup")
    return (base / "vault" / "vault.json").read_bytes(), (base / "one.confide-backup").read_bytes()


def _mutate(data: bytes, draw: st.DataObject) -> bytes:
    """Up to four edits: overwrite, insert, delete a run, or splice a copy of another part."""
    out = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 4))):
        at = draw.draw(st.integers(0, max(len(out) - 1, 0)))
        kind = draw.draw(st.sampled_from(["overwrite", "insert", "delete", "splice"]))
        chunk = draw.draw(st.binary(min_size=1, max_size=16))
        if kind == "overwrite":
            out[at : at + len(chunk)] = chunk
        elif kind == "insert":
            out[at:at] = chunk
        elif kind == "delete":
            del out[at : at + draw.draw(st.integers(1, 64))]
        else:
            start = draw.draw(st.integers(0, max(len(out) - 1, 0)))
            out[at:at] = out[start : start + 32]
    return bytes(out)


def _no_echo(exc: ConfideError) -> None:
    assert MARKER not in str(exc)
    assert MARKER not in exc.advice


# ----- the header ------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@FUZZ
@given(draw=st.data())
def test_header_edits_raise_only_vault_damaged(
    draw: st.DataObject, valid: tuple[bytes, bytes], tally: Tally
) -> None:
    tally.add("fuzz.header_from_bytes.examples")
    data = _mutate(valid[0], draw)
    try:
        header_from_bytes(data)
    except VaultDamagedError as exc:
        assert exc.message.startswith("The vault header is damaged (")


@FUZZ
@given(draw=st.data())
def test_header_values_with_fixed_checksum_raise_only_vault_damaged(
    draw: st.DataObject, valid: tuple[bytes, bytes], tally: Tally
) -> None:
    """Deliberate tampering: any JSON value at any key, and the checksum made to match."""
    tally.add("fuzz.header_from_bytes.examples")
    fields: dict[str, Any] = json.loads(valid[0])
    target = fields
    if draw.draw(st.booleans()):
        target = fields[draw.draw(st.sampled_from(["kdf", "passphrase_slot", "recovery_slot"]))]
    key = draw.draw(st.sampled_from([*sorted(target), MARKER]))
    target[key] = draw.draw(JSON_VALUES | st.just(MARKER))
    fields["checksum"] = header_checksum(fields)
    try:
        header_from_bytes(json.dumps(fields).encode())
    except VaultDamagedError as exc:
        _no_echo(exc)


@FUZZ
@given(primary=st.binary(max_size=600), copy=st.binary(max_size=600))
def test_reading_two_damaged_header_files_raises_only_typed_errors(
    primary: bytes, copy: bytes, tmp_path_factory: pytest.TempPathFactory, tally: Tally
) -> None:
    tally.add("fuzz.read_headers.examples")
    folder = tmp_path_factory.mktemp("h")
    (folder / "vault.json").write_bytes(primary)
    (folder / "vault.header-copy.json").write_bytes(copy)
    with pytest.raises(ConfideError):
        read_headers(folder)


# ----- the backup bundle -----------------------------------------------------------------------


def _read(data: bytes, folder: Path) -> None:
    path = folder / "fuzzed.confide-backup"
    path.write_bytes(data)
    try:
        backup.read_bundle(path)
    except BackupError as exc:
        _no_echo(exc)


@FUZZ
@given(draw=st.data())
def test_bundle_edits_raise_only_backup_error(
    draw: st.DataObject,
    valid: tuple[bytes, bytes],
    tmp_path_factory: pytest.TempPathFactory,
    tally: Tally,
) -> None:
    tally.add("fuzz.read_bundle.examples")
    _read(_mutate(valid[1], draw), tmp_path_factory.mktemp("b"))


MEMBER_NAMES = st.sampled_from(["manifest.json", "vault.json", "confide.db", "x", "../escape"])


@FUZZ
@given(
    members=st.dictionaries(MEMBER_NAMES, st.binary(max_size=300), max_size=4),
    compressed=st.booleans(),
)
def test_made_up_zips_raise_only_backup_error(
    members: dict[str, bytes],
    compressed: bool,
    tmp_path_factory: pytest.TempPathFactory,
    tally: Tally,
) -> None:
    tally.add("fuzz.read_bundle.examples")
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", method) as bundle:
        for name, payload in members.items():
            bundle.writestr(name, payload)
    _read(buffer.getvalue(), tmp_path_factory.mktemp("z"))


@FUZZ
@given(value=JSON_VALUES, raw=st.binary(max_size=200), use_raw=st.booleans())
def test_manifest_parser_raises_only_backup_error(
    value: object, raw: bytes, use_raw: bool, tally: Tally
) -> None:
    tally.add("fuzz.parse_manifest.examples")
    data = raw if use_raw else json.dumps(value).encode()
    try:
        backup.parse_manifest(data)
    except BackupError as exc:
        _no_echo(exc)


def test_a_compressed_member_is_refused_before_it_is_inflated(
    valid: tuple[bytes, bytes], tmp_path: Path
) -> None:
    """A consistent bundle whose database is a tiny deflated member inflating to 64 MiB."""
    zeros = bytes(64 * 1024 * 1024)
    with zipfile.ZipFile(io.BytesIO(valid[1])) as source:
        manifest = json.loads(source.read("manifest.json"))
        header = source.read("vault.json")
    manifest.update(db_sha256=hashlib.sha256(zeros).hexdigest(), db_size=len(zeros))
    path = tmp_path / "bomb.confide-backup"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("manifest.json", json.dumps(manifest))
        bundle.writestr("vault.json", header)
        bundle.writestr("confide.db", zeros)
    del zeros
    assert path.stat().st_size < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match="not a Confide backup"):
            backup.read_bundle(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024, f"{peak} bytes were allocated to read a 1 MiB file"
