"""Fixtures for GUI tests: one database worker, an AppContext over a real vault, the main
window, and helpers that wait for the worker like a person waits for the screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext, SettingsStore
from desktop.ui.main_window import MainWindow
from desktop.ui.session import VaultSession


@pytest.fixture
def worker() -> Iterator[DatabaseWorker]:
    worker = DatabaseWorker()
    yield worker
    worker.shutdown()


def make_context(vault: Vault, worker: DatabaseWorker, *, demo: bool = False) -> AppContext:
    settings = SettingsStore(Settings(), persist=False)
    session = VaultSession(vault, worker, lambda: settings.value)
    return AppContext(session, worker, settings, is_demo=demo)


@pytest.fixture
def context(vault: Vault, worker: DatabaseWorker) -> AppContext:
    return make_context(vault, worker)


def open_main_window(
    qtbot: QtBot, context: AppContext, idle_timeout_ms: int | None = None
) -> MainWindow:
    window = MainWindow(context, idle_timeout_ms=idle_timeout_ms)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_idle(qtbot, context.worker)
    return window


@pytest.fixture
def main_window(qtbot: QtBot, context: AppContext) -> Iterator[MainWindow]:
    window = open_main_window(qtbot, context)
    yield window
    window.close()


def wait_idle(qtbot: QtBot, worker: DatabaseWorker, timeout: int = 10_000) -> None:
    """Wait until every queued database job has delivered its result to the UI."""
    qtbot.waitUntil(lambda: not worker.is_busy, timeout=timeout)


def log_file(home: Path) -> Path:
    return home / "logs" / "confide.log"
