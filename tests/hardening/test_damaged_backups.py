"""Damaged backup bundles: restore refuses each with a specific message and changes nothing.

Each case damages a copy of one real bundle, then restores it over a copy of the vault it
came from (which holds one row more than the bundle). Either restore raises a BackupError
naming the problem and every file of the vault and the bundle is byte for byte unchanged,
or (damage in bytes no reader uses, such as a ZIP timestamp) restore succeeds and the vault
holds exactly the bundle's rows and verifies.
"""

from __future__ import annotations

import hashlib
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import BackupError
from desktop.restore import restore_backup
from desktop.services.clients.notes import NoteService
from desktop.storage import backup
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.hardening.conftest import Tally
from tests.hardening.records import (
    Rows,
    build_vault,
    file_bytes,
    fresh_copy,
    open_verified,
)


@dataclass(frozen=True)
class Bundles:
    folder: Path  # the vault, with one note more than the bundle
    bundle: bytes
    bundle_rows: Rows
    other_bundle: bytes  # a bundle of another vault with the same passphrase


def _bundle_of(folder: Path, out: Path) -> bytes:
    with Vault.open(folder, PASSPHRASE) as vault:
        backup.create_backup(vault, out)
    return out.read_bytes()


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Bundles:
    base = tmp_path_factory.mktemp("bundles")
    folder = base / "vault"
    rows = build_vault(folder)
    data = _bundle_of(folder, base / "b" / "one.confide-backup")
    bundle_rows = open_verified(folder)
    assert rows.missing_from(bundle_rows) == 0
    with Vault.open(folder, PASSPHRASE) as vault:
        NoteService(vault).add(next(iter(rows.clients)), date(2026, 1, 10), "after the backup")
    build_vault(base / "other")
    other = _bundle_of(base / "other", base / "b" / "other.confide-backup")
    return Bundles(folder, data, bundle_rows, other)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        for name, payload in members.items():
            bundle.writestr(name, payload)
    return buffer.getvalue()


def _with_manifest(members: dict[str, bytes], **changes: object) -> dict[str, bytes]:
    manifest = json.loads(members["manifest.json"])
    manifest.update(changes)
    return {**members, "manifest.json": json.dumps(manifest).encode()}


def _swap_member(name: str) -> Callable[[bytes, Bundles], bytes]:
    """This bundle with one member taken from the other vault's, the manifest hashes fixed."""

    def apply(data: bytes, b: Bundles) -> bytes:
        members = {**_members(data), name: _members(b.other_bundle)[name]}
        field = "db_sha256" if name == "confide.db" else "header_sha256"
        fixed = _with_manifest(members, **{field: hashlib.sha256(members[name]).hexdigest()})
        return _zip(fixed)

    return apply


def _flip(offset_fraction: float) -> Callable[[bytes, Bundles], bytes]:
    def apply(data: bytes, _b: Bundles) -> bytes:
        changed = bytearray(data)
        changed[int(len(changed) * offset_fraction)] ^= 0x10
        return bytes(changed)

    return apply


_RANDOM = random.Random(88)
CASES: dict[str, tuple[Callable[[bytes, Bundles], bytes], str]] = {
    "empty": (lambda d, b: b"", "damaged or incomplete"),
    "not-a-zip": (lambda d, b: _RANDOM.randbytes(4000), "damaged or incomplete"),
    "truncated-half": (lambda d, b: d[: len(d) // 2], "damaged or incomplete"),
    "truncated-tail": (lambda d, b: d[:-100], "damaged or incomplete"),
    "from-another-vault": (lambda d, b: b.other_bundle, "different vault"),
    "extra-member": (lambda d, b: _zip({**_members(d), "x": b"1"}), "not a Confide backup"),
    "manifest-not-json": (
        lambda d, b: _zip({**_members(d), "manifest.json": b"{"}),
        "manifest is damaged",
    ),
    "manifest-newer-version": (
        lambda d, b: _zip(_with_manifest(_members(d), version=2)),
        "newer version",
    ),
    "manifest-wrong-hash": (
        lambda d, b: _zip(_with_manifest(_members(d), db_sha256="0" * 64)),
        "does not match its manifest",
    ),
    "manifest-wrong-type": (
        lambda d, b: _zip(_with_manifest(_members(d), db_size="big")),
        "manifest is damaged",
    ),
    "header-of-another-vault": (_swap_member("vault.json"), "different vaults"),
    "database-of-another-vault": (_swap_member("confide.db"), "database is damaged"),
    **{f"bit-flipped-{index}": (_flip(_RANDOM.random()), "") for index in range(10)},
}


@pytest.mark.parametrize("kind", list(CASES))
def test_damaged_bundle(kind: str, bundles: Bundles, tmp_path: Path, tally: Tally) -> None:
    change, message = CASES[kind]
    bundle = tmp_path / "damaged.confide-backup"
    bundle.write_bytes(change(bundles.bundle, bundles))
    folder = fresh_copy(bundles.folder, tmp_path / "vault")
    before, bundle_before = file_bytes(folder), bundle.read_bytes()
    try:
        restore_backup(bundle, folder, PASSPHRASE)
    except BackupError as exc:
        assert message in exc.message, exc.message
        assert file_bytes(folder) == before, "a refused restore changed the vault"
        tally.add("damage.bundle_outcome.refused")
    else:
        assert kind.startswith("bit-flipped"), "a damaged bundle was restored"
        assert open_verified(folder) == bundles.bundle_rows
        tally.add("damage.bundle_outcome.harmless")
    assert bundle.read_bytes() == bundle_before, "reading the bundle changed it"
    tally.add("damage.cases.bundle_flips" if kind[-1].isdigit() else "damage.kinds.bundle")
