"""Shared fixtures: real SQLCipher vaults in a tmp folder, an isolated CONFIDE_HOME."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.storage import kdf
from desktop.storage.vault import Vault

PASSPHRASE = "correct horse battery staple"
TEST_KDF_KIB = 65536  # the legal floor; production uses the calibrated default
# No calibration in tests unless a test asks: every default and every rewrap use the floor.
kdf.use_default_cost(kdf.KDF_FLOOR)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own settings, data and log folders."""
    home = tmp_path_factory.mktemp("confide-home")
    monkeypatch.setenv("CONFIDE_HOME", str(home))
    monkeypatch.delenv("CONFIDE_VAULT", raising=False)
    monkeypatch.delenv("CONFIDE_PASSPHRASE_FILE", raising=False)
    return home


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def new_vault(vault_dir: Path) -> Iterator[tuple[Vault, str]]:
    """A freshly created, unlocked vault and its recovery key."""
    vault, recovery = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    yield vault, recovery
    vault.lock()


@pytest.fixture
def vault(new_vault: tuple[Vault, str]) -> Vault:
    return new_vault[0]


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault, built once per run; copy it (copy_vault) before changing it."""
    from desktop.demo import build_demo_vault

    folder = tmp_path_factory.mktemp("demo-template") / "demo"
    build_demo_vault(folder)
    return folder


def copy_vault(source: Path, target: Path) -> Path:
    """A copy of a locked vault folder (same vault id, same passphrase)."""
    shutil.copytree(source, target)
    return target
