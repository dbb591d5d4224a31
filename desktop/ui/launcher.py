"""Which window comes first: first run, unlock, or (demo) straight to the main window.

The controller owns the top-level windows in turn and builds the AppContext once a vault is
open. It holds no business logic.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.reports.warmup import warm_up
from desktop.services.vault_access import open_vault, vault_exists
from desktop.settings import default_vault_dir
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext, SettingsStore
from desktop.ui.session import VaultSession
from desktop.ui.unlock import APP_TITLE, UnlockWindow
from desktop.ui.widgets.accessibility import heading
from desktop.ui.widgets.status import BusyIndicator, MessageLine

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

log = logging.getLogger("confide.ui.launcher")


class Launcher(QObject):
    def __init__(
        self,
        worker: DatabaseWorker,
        settings: SettingsStore,
        folder: Path,
        *,
        remember_folder: bool = False,
        is_demo: bool = False,
        kdf_memory_kib: int | None = None,
    ) -> None:
        super().__init__()
        self.worker, self.settings, self.folder = worker, settings, folder
        self._remember_folder = remember_folder
        self._is_demo = is_demo
        self._kdf_memory_kib = kdf_memory_kib
        self.window: QWidget | None = None
        self.main: MainWindow | None = None

    def start(self) -> QWidget:
        """Show the first window: unlock if a vault exists here, else the first-run flow."""
        if vault_exists(self.folder):
            unlock = UnlockWindow(self.worker, self.folder, lambda: self.settings.value)
            unlock.unlocked.connect(self.show_main)
            shown = self._show(unlock)
            log.info("unlock window shown")  # start-up benchmarks of the desktop build wait for it
            return shown
        from desktop.ui.first_run import FirstRunWindow  # lazy: the unlock window paints sooner

        first = FirstRunWindow(self.worker, self.folder, kdf_memory_kib=self._kdf_memory_kib)
        first.vault_created.connect(self._remember)
        first.finished.connect(self.show_main)
        return self._show(first)

    def start_demo(self, folder: Path, passphrase: str) -> QWidget:
        """Build the demo vault on the worker, then open it."""
        from desktop.demo import build_demo_vault

        self.folder = folder
        waiting = PreparingWindow()
        settings = self.settings.value

        def work() -> Vault:
            build_demo_vault(folder, passphrase)
            return open_vault(folder, passphrase, settings)

        self.worker.run(work, self.show_main, waiting.show_failure)
        return self._show(waiting)

    def _remember(self, folder: Path) -> None:
        """Next time, look for the vault where the first run put it."""
        if self._remember_folder and folder != default_vault_dir():
            self.settings.save(replace(self.settings.value, vault_folder=str(folder)))

    def show_main(self, vault: Vault) -> None:
        session = VaultSession(
            vault, self.worker, lambda: self.settings.value, auto_backup=not self._is_demo
        )
        context = AppContext(session, self.worker, self.settings, is_demo=self._is_demo)
        from desktop.ui.main_window import MainWindow  # lazy: not needed to show the unlock window

        self.main = MainWindow(context)
        self._show(self.main)
        log.info("main window shown")
        warm_up()  # the report engine, in the background: part of the resting memory

    def _show(self, window: QWidget) -> QWidget:
        previous, self.window = self.window, window
        window.show()
        if previous is not None:
            previous.close()
        return window

    def shutdown(self) -> None:
        """Close every window; the main window locks the vault as it closes."""
        if self.window is not None:
            self.window.close()
        if self.main is not None:
            self.main.context.session.close()


class PreparingWindow(QWidget):
    """Shown while the demo vault is being built."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("appWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.busy = BusyIndicator("Building a demo vault with invented clients…")
        self.message = MessageLine("Demo message")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(QLabel("Preparing the demo"), 1))
        layout.addWidget(self.busy)
        layout.addWidget(self.message)
        self.busy.start()
        self.resize(520, 200)

    def show_failure(self, exc: BaseException) -> None:
        log.error("demo vault not built: %s", type(exc).__name__)
        self.busy.stop()
        self.message.show_error(exc)
