"""The seal: generation and header MAC, upgrading vaults from before it, the crash gap, and
the KDF calibration arithmetic."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.restore import restore_backup
from desktop.storage import backup, header_keys, header_parse, kdf
from desktop.storage import header as hdr
from desktop.storage.integrity import verify_vault
from desktop.storage.seal import read_seal
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.support.legacy_vault import make_pre_seal_vault


def _disk(folder: Path) -> hdr.VaultHeader:
    return header_parse.header_from_bytes((folder / hdr.HEADER_NAME).read_bytes())


def test_every_lock_raises_the_generation_in_header_and_database(vault_dir: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    first = _disk(vault_dir).generation
    assert first is not None and first >= 1
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        assert read_seal(vault.engine).generation == first
    assert _disk(vault_dir).generation == first + 1
    assert (vault_dir / hdr.HEADER_COPY_NAME).read_bytes() == (
        vault_dir / hdr.HEADER_NAME
    ).read_bytes()


def test_a_vault_from_before_the_seal_opens_once_and_is_sealed(vault_dir: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    make_pre_seal_vault(vault_dir, PASSPHRASE)
    assert not _disk(vault_dir).is_sealed
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        assert vault.header.is_sealed  # sealed at this first open, not only at lock
        assert verify_vault(vault).ok
    assert _disk(vault_dir).is_sealed
    with Vault.open(vault_dir, PASSPHRASE) as vault:
        assert verify_vault(vault).ok


def test_a_bundle_from_before_the_seal_restores(vault_dir: Path, tmp_path: Path) -> None:
    Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    make_pre_seal_vault(vault_dir, PASSPHRASE)
    old = tmp_path / "old-vault"
    vault_dir.rename(old)
    # Back up the old vault exactly as it is on disk (as the earlier code would have).
    vault = Vault(old, _disk(old), header_keys.unwrap_with_passphrase(_disk(old), PASSPHRASE))
    vault._lock.acquire()
    vault._start_engine(create=False)
    try:
        bundle = tmp_path / "old.confide-backup"
        backup._write_bundle(vault, _snapshot(vault, tmp_path), bundle)
    finally:
        vault._abandon()
    restore_backup(bundle, tmp_path / "restored", PASSPHRASE)
    with Vault.open(tmp_path / "restored", PASSPHRASE) as restored:
        assert verify_vault(restored).ok
    assert _disk(tmp_path / "restored").is_sealed


def _snapshot(vault: Vault, tmp_path: Path) -> Path:
    snapshot = tmp_path / "snapshot.db"
    backup._snapshot_database(vault, snapshot)
    return snapshot


def test_a_crash_between_the_database_seal_and_the_header_write_heals(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    vault.lock()
    before = {n: (vault_dir / n).read_bytes() for n in (hdr.HEADER_NAME, hdr.HEADER_COPY_NAME)}
    with Vault.open(vault_dir, PASSPHRASE):
        pass  # locks: the database and the header files move one generation up
    for name, data in before.items():  # as if the process died before the header write
        (vault_dir / name).write_bytes(data)
    with Vault.open(vault_dir, PASSPHRASE) as reopened:
        assert verify_vault(reopened).ok
        assert reopened.header.generation == read_seal(reopened.engine).generation


def test_a_tampered_generation_breaks_the_mac(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    key = bytearray(vault.data_key_for_backup())
    header = vault.header
    vault.lock()
    assert header_keys.mac_matches(header, key)
    assert header.generation is not None
    assert not header_keys.mac_matches(replace(header, generation=header.generation + 5), key)
    assert not header_keys.mac_matches(header, bytearray(32))


def test_calibration_targets_the_time_within_the_limits() -> None:
    fast = kdf.cost_for(0.02)  # a fast machine: memory up to 256 MiB, then more passes
    assert fast.memory_kib == kdf.CALIBRATION_MAX.memory_kib
    assert kdf.KDF_FLOOR.iterations <= fast.iterations <= kdf.CALIBRATION_MAX.iterations
    slow = kdf.cost_for(2.0)  # a slow one never goes below the floor
    assert slow == kdf.KDF_FLOOR
    middle = kdf.cost_for(0.12)  # ~ this VM: 64 MiB t=3 in 0.12 s -> about 0.75 s
    seconds = 0.12 * middle.memory_kib * middle.iterations / (65536 * 3)
    assert 0.5 <= seconds <= 1.0
    assert kdf.cost_problem(kdf.KdfCost(1024 * 1024, 16, 16)) is None
    assert kdf.cost_problem(kdf.KdfCost(1024 * 1024 + 1, 3, 4)) is not None
    assert kdf.stronger(kdf.KDF_FLOOR, kdf.KdfCost(131072, 2, 4)) == kdf.KdfCost(131072, 3, 4)
