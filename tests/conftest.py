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
from tests.support.practice import (  # noqa: F401 - PostgreSQL fixtures for every folder
    pg_cluster,
    pg_database,
    pg_practice,
    practice_store,
)

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


# Folders whose tests take ``vault`` run on both engines: the solo SQLCipher vault and a
# PostgreSQL practice database (as a clinician's role, under row-level security).
BOTH_ENGINES = ("practice", "workflow", "consents", "reports", "exports", "signing")
BOTH_ENGINE_FILES = ("test_client_search.py", "test_client_paging.py")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Give ``store_engine`` both values in the folders that run on both engines."""
    if "vault" not in metafunc.fixturenames or "store_engine" in _explicit(metafunc):
        return
    path = metafunc.definition.path
    on_both = path.parent.name in BOTH_ENGINES or path.name in BOTH_ENGINE_FILES
    if on_both and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("store_engine", ["sqlite", "postgresql"], indirect=True)


def _explicit(metafunc: pytest.Metafunc) -> set[str]:
    marks = metafunc.definition.iter_markers("parametrize")
    return {name.strip() for mark in marks for name in str(mark.args[0]).split(",")}


@pytest.fixture
def store_engine(request: pytest.FixtureRequest) -> str:
    """ "sqlite" (the default) or "postgresql" where a folder runs on both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def vault(request: pytest.FixtureRequest, store_engine: str) -> Vault:
    """An unlocked vault, or a clinician's practice database where ``store_engine`` says so."""
    if store_engine == "postgresql":
        store: Vault = request.getfixturevalue("practice_store")
        return store
    new: tuple[Vault, str] = request.getfixturevalue("new_vault")
    return new[0]


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
