"""Damaged vault files: each gives a specific error (or is repaired), and nothing else changes.

Every case starts from a fresh byte copy of one vault with known PHI rows. The outcome is
one of: a typed Confide error at open with the expected message, leaving every file byte
for byte as it was; a failed ``verify_vault``; or (damage in bytes nobody reads, or one
header copy lost) a vault that opens, verifies and holds exactly the same rows.
A silently emptied or altered vault, or a traceback, fails the test.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import (
    ConfideError,
    VaultDamagedError,
    VaultMissingError,
    WrongPassphraseError,
)
from desktop.storage.header import HEADER_COPY_NAME, HEADER_NAME, header_checksum
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import Rows, add_phi, file_bytes, fresh_copy, stored_rows

DB = "confide.db"


@dataclass(frozen=True)
class Pristine:
    folder: Path
    rows: Rows
    recovery: str
    other_folder: Path  # another vault with the same passphrase


def _locked_vault(folder: Path) -> tuple[Rows, str]:
    vault, recovery = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        return add_phi(vault), recovery


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    base = tmp_path_factory.mktemp("damage")
    rows, recovery = _locked_vault(base / "vault")
    _locked_vault(base / "other")
    return Pristine(base / "vault", rows, recovery, base / "other")


# ----- header damage ---------------------------------------------------------------------------

HeaderChange = Callable[[bytes, Pristine], bytes | None]  # None: delete the file


def _edit(change: Callable[[dict[str, Any]], None], fix_checksum: bool) -> HeaderChange:
    def apply(data: bytes, _p: Pristine) -> bytes:
        fields = json.loads(data)
        change(fields)
        if fix_checksum:
            fields["checksum"] = header_checksum(fields)
        return json.dumps(fields, indent=2).encode()

    return apply


def _set_kdf(name: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda fields: fields["kdf"].__setitem__(name, value)


def _flip_wrapped_key(fields: dict[str, Any]) -> None:
    text = fields["passphrase_slot"]["ciphertext"]
    fields["passphrase_slot"]["ciphertext"] = ("B" if text[7] == "A" else "A").join(
        [text[:7], text[8:]]
    )


def _other_vaults_header(_data: bytes, p: Pristine) -> bytes:
    return (p.other_folder / HEADER_NAME).read_bytes()


@dataclass(frozen=True)
class HeaderCase:
    change: HeaderChange
    error: type[ConfideError]
    message: str
    recovery_opens: bool = False  # the slot is refused but the recovery key still opens


HEADER_CASES = {
    "missing": HeaderCase(lambda _d, _p: None, VaultMissingError, "No vault was found"),
    "empty": HeaderCase(lambda _d, _p: b"", VaultDamagedError, "not valid JSON"),
    "truncated": HeaderCase(lambda d, _p: d[: len(d) // 2], VaultDamagedError, "not valid JSON"),
    "not-an-object": HeaderCase(lambda _d, _p: b"[]", VaultDamagedError, "not a JSON object"),
    "wrong-field-type": HeaderCase(
        _edit(_set_kdf("memory_kib", "65536"), fix_checksum=True),
        VaultDamagedError,
        "field 'kdf.memory_kib' must be a whole number",
    ),
    "kdf-changed": HeaderCase(
        _edit(_set_kdf("memory_kib", 2 * TEST_KDF_KIB), fix_checksum=False),
        VaultDamagedError,
        "checksum does not match",
    ),
    "kdf-changed-checksum-fixed": HeaderCase(
        _edit(_set_kdf("iterations", 4), fix_checksum=True),
        WrongPassphraseError,
        "passphrase is not correct",
        recovery_opens=True,
    ),
    "kdf-weakened": HeaderCase(
        _edit(_set_kdf("memory_kib", 1024), fix_checksum=True),
        VaultDamagedError,
        "below the safe minimum",
    ),
    "wrapped-key-flipped": HeaderCase(
        _edit(_flip_wrapped_key, fix_checksum=False), VaultDamagedError, "checksum does not match"
    ),
    "wrapped-key-flipped-checksum-fixed": HeaderCase(
        _edit(_flip_wrapped_key, fix_checksum=True),
        WrongPassphraseError,
        "passphrase is not correct",
        recovery_opens=True,
    ),
    "newer-format": HeaderCase(
        _edit(lambda f: f.__setitem__("format_version", 2), fix_checksum=True),
        VaultDamagedError,
        "newer Confide",
    ),
    "unknown-field": HeaderCase(
        _edit(lambda f: f.__setitem__("extra", 1), fix_checksum=True),
        VaultDamagedError,
        "does not know",
    ),
    "another-vaults-header": HeaderCase(
        _other_vaults_header, VaultDamagedError, "damaged or not a Confide vault"
    ),
}


def _damage_header(folder: Path, name: str, change: HeaderChange, p: Pristine) -> None:
    path = folder / name
    changed = change(path.read_bytes(), p)
    if changed is None:
        path.unlink()
    else:
        path.write_bytes(changed)


def _expect_refusal(folder: Path, error: type[ConfideError], message: str) -> ConfideError:
    before = file_bytes(folder)
    with pytest.raises(error) as caught:
        Vault.open(folder, PASSPHRASE).lock()
    assert message in caught.value.message
    assert file_bytes(folder) == before, "a refused open changed a file"
    return caught.value


@pytest.mark.parametrize("kind", sorted(HEADER_CASES))
def test_both_header_copies_damaged(
    kind: str, pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    case = HEADER_CASES[kind]
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    for name in (HEADER_NAME, HEADER_COPY_NAME):
        _damage_header(folder, name, case.change, pristine)
    _expect_refusal(folder, case.error, case.message)
    if case.recovery_opens:
        with Vault.open_with_recovery(folder, pristine.recovery) as vault:
            assert verify_vault(vault).ok
            assert stored_rows(vault) == pristine.rows
    tally.add("damage.kinds.header")


@pytest.mark.parametrize("kind", sorted(set(HEADER_CASES) - {"another-vaults-header"}))
def test_primary_header_damaged_is_repaired_from_the_copy(
    kind: str, pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    _damage_header(folder, HEADER_NAME, HEADER_CASES[kind].change, pristine)
    with Vault.open(folder, PASSPHRASE) as vault:
        assert verify_vault(vault).ok
        assert stored_rows(vault) == pristine.rows
    assert (folder / HEADER_NAME).read_bytes() == (folder / HEADER_COPY_NAME).read_bytes()
    tally.add("damage.cases.header_repaired")


# ----- database damage -------------------------------------------------------------------------


def _flip_at(offsets: list[int]) -> Callable[[bytearray], bytearray]:
    def apply(data: bytearray) -> bytearray:
        for offset in offsets:
            data[offset % len(data)] ^= 0x5A
        return data

    return apply


_RANDOM = random.Random(8)
DB_CASES: dict[str, Callable[[bytearray], bytearray]] = {
    "truncated-to-nothing": lambda d: bytearray(),
    "truncated-to-one-page": lambda d: d[:4096],
    "truncated-half": lambda d: d[: len(d) // 2],
    "cut-last-page": lambda d: d[:-4096],
    "garbage": lambda d: bytearray(_RANDOM.randbytes(len(d))),
    "salt-bytes-flipped": _flip_at(list(range(16))),
    "many-bytes-flipped": _flip_at([_RANDOM.randrange(1 << 30) for _ in range(64)]),
    **{f"byte-flipped-{index}": _flip_at([_RANDOM.randrange(1 << 30)]) for index in range(12)},
}


def _outcome(folder: Path, pristine: Pristine) -> str:
    """'refused', 'verify failed' or 'intact'; anything else fails the test."""
    before = file_bytes(folder)
    try:
        vault = Vault.open(folder, PASSPHRASE)
    except VaultDamagedError as exc:
        assert "damaged" in exc.message or "empty or was replaced" in exc.message, exc.message
        assert file_bytes(folder) == before, "a refused open changed a file"
        return "refused"
    result = verify_vault(vault)
    if not result.ok:
        assert "DAMAGED" in result.summary or "BROKEN" in result.summary
        try:
            vault.lock()
        except VaultDamagedError as exc:  # its LOCK event may be refused: still a clear error
            assert "damaged" in exc.message
        assert vault.is_locked
        return "verify failed"
    rows = stored_rows(vault)
    vault.lock()
    assert rows == pristine.rows, "damage changed rows without being detected"
    return "intact"


@pytest.mark.parametrize("kind", list(DB_CASES))
def test_damaged_database(kind: str, pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    path = folder / DB
    path.write_bytes(bytes(DB_CASES[kind](bytearray(path.read_bytes()))))
    outcome = _outcome(folder, pristine)
    if kind.startswith(("truncated", "garbage")):
        assert outcome == "refused"
    tally.add("damage.kinds.database" if not kind[-1].isdigit() else "damage.cases.db_flips")
    tally.add(f"damage.db_outcome.{outcome.replace(' ', '_')}")


def test_database_of_another_vault(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    (folder / DB).write_bytes((pristine.other_folder / DB).read_bytes())
    _expect_refusal(folder, VaultDamagedError, "damaged or not a Confide vault")
    tally.add("damage.kinds.database")


def test_database_missing(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    (folder / DB).unlink()
    _expect_refusal(folder, VaultMissingError, "database file is missing")
    assert not (folder / DB).exists()
    tally.add("damage.kinds.database")
