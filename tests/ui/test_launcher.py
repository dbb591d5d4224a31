"""Which window comes first, and where the vault is looked for."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import parse_arguments, vault_folder
from desktop.settings import Settings, default_vault_dir
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import SettingsStore
from desktop.ui.first_run import FirstRunWindow
from desktop.ui.launcher import Launcher
from desktop.ui.main_window import MainWindow
from desktop.ui.unlock import UnlockWindow
from tests.conftest import PASSPHRASE, TEST_KDF_KIB


def test_existing_vault_opens_the_unlock_window_then_the_main_window(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    folder = tmp_path / "vault"
    Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    launcher = Launcher(worker, SettingsStore(Settings(), persist=False), folder)
    first = launcher.start()
    qtbot.addWidget(first)
    assert isinstance(first, UnlockWindow)
    qtbot.keyClicks(first.form.passphrase, PASSPHRASE)
    qtbot.keyClick(first.form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: launcher.main is not None, timeout=10_000)
    assert isinstance(launcher.main, MainWindow)
    qtbot.addWidget(launcher.main)
    assert launcher.main.isVisible() and not first.isVisible()
    assert launcher.main.windowTitle() == "Confide"
    launcher.shutdown()
    assert launcher.main.context.session.is_locked
    Vault.open(folder, PASSPHRASE).lock()  # closed cleanly: nobody holds it


def test_no_vault_starts_the_first_run(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    launcher = Launcher(
        worker, SettingsStore(Settings(), persist=False), tmp_path / "new", kdf_memory_kib=65536
    )
    first = launcher.start()
    qtbot.addWidget(first)
    assert isinstance(first, FirstRunWindow)
    assert first.location.folder.text() == str(tmp_path / "new")


def test_a_vault_created_elsewhere_is_remembered(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    store = SettingsStore(Settings(), persist=False)
    launcher = Launcher(
        worker, store, default_vault_dir(), remember_folder=True, kdf_memory_kib=TEST_KDF_KIB
    )
    first = launcher.start()
    qtbot.addWidget(first)
    assert isinstance(first, FirstRunWindow)
    qtbot.mouseClick(first.next_button, Qt.MouseButton.LeftButton)
    first.location.folder.clear()
    qtbot.keyClicks(first.location.folder, str(tmp_path / "Elsewhere"))
    qtbot.mouseClick(first.next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(first.passphrase.fields.passphrase, PASSPHRASE)
    qtbot.keyClicks(first.passphrase.fields.confirmation, PASSPHRASE)
    with qtbot.waitSignal(first.vault_created, timeout=20_000):
        qtbot.mouseClick(first.next_button, Qt.MouseButton.LeftButton)
    assert store.value.vault_folder == str(tmp_path / "Elsewhere")
    first.close()  # before the profile: the new vault is locked again
    Vault.open(tmp_path / "Elsewhere", PASSPHRASE).lock()


@pytest.mark.parametrize(
    ("argv", "env", "remembered", "expected", "remember"),
    [
        (["--vault", "/x/v"], "", "/y/v", Path("/x/v"), False),
        ([], "/env/v", "/y/v", Path("/env/v"), False),
        ([], "", "/y/v", Path("/y/v"), True),
        ([], "", "", None, True),
    ],
)
def test_vault_folder_precedence(
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    env: str,
    remembered: str,
    expected: Path | None,
    remember: bool,
) -> None:
    if env:
        monkeypatch.setenv("CONFIDE_VAULT", env)
    folder, may_remember = vault_folder(parse_arguments(argv), Settings(vault_folder=remembered))
    assert folder == (expected or default_vault_dir())
    assert may_remember is remember
