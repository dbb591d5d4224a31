"""Composition root of the desktop app: process hardening, logging, Qt, style, settings, the
vault folder, and the first window. ``confide`` with no command and ``confide --demo`` land here.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from desktop.errors import ConfideError
from desktop.logs import configure_logging
from desktop.process import harden_process
from desktop.resources import resource_path
from desktop.settings import VAULT_ENV, Settings, default_vault_dir, load_settings

if TYPE_CHECKING:  # Qt is imported only once the app really starts
    from PySide6.QtWidgets import QApplication

    from desktop.ui.launcher import Launcher

log = logging.getLogger("confide.app")
SIGNAL_POLL_MS = 200
EXIT_NOT_STARTED = 1


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="confide", description="Open the Confide app.")
    parser.add_argument("--vault", help="the vault folder to open or create")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway demo vault of invented clients"
    )
    return parser.parse_args(list(argv))


def vault_folder(args: argparse.Namespace, settings: Settings) -> tuple[Path, bool]:
    """The folder to open and whether a first run may remember a folder chosen there."""
    if args.vault:
        return Path(args.vault).expanduser(), False
    if os.environ.get(VAULT_ENV):
        return default_vault_dir(), False
    if settings.vault_folder:
        return Path(settings.vault_folder), True
    return default_vault_dir(), True


def run_app(argv: Sequence[str]) -> int:
    """Run the app until its last window closes; returns the exit status."""
    args = parse_arguments(argv)
    harden_process()
    try:
        configure_logging()
    except ConfideError as exc:
        print(
            f"confide: the log folder cannot be used ({exc.message}); starting without a log.",
            file=sys.stderr,
        )
    from desktop.ui.display import display_problem, report_no_window

    problem = display_problem()
    if problem is not None:
        report_no_window(problem)
        return EXIT_NOT_STARTED
    try:
        app = _start_qt()
    except Exception as exc:
        return _start_failed(exc)
    demo_home = Path(tempfile.mkdtemp(prefix="confide-demo-")) if args.demo else None
    try:
        return _run(app, args, demo_home)
    finally:
        if demo_home is not None:
            shutil.rmtree(demo_home, ignore_errors=True)
            log.info("demo vault deleted")


def _start_qt() -> QApplication:
    """The QApplication with Confide's style and error dialogs."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from desktop.ui.display import fatal_platform_errors_end_plainly
    from desktop.ui.error_dialogs import install_excepthook
    from desktop.ui.formatting import use_system_locale
    from desktop.ui.style import apply_style

    with fatal_platform_errors_end_plainly():
        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "confide"])
    assert isinstance(app, QApplication)
    app.setApplicationName("Confide")
    app.setDesktopFileName("confide")  # matches confide.desktop, so docks show the right icon
    with contextlib.suppress(OSError):  # a missing icon leaves the platform's default
        app.setWindowIcon(QIcon(str(resource_path("icons", "confide.svg"))))
    apply_style(app)
    use_system_locale()
    install_excepthook()
    return app


def _start_failed(exc: Exception) -> int:
    """A start-up failure: one plain line on stderr, its type (never its text) in the log."""
    log.error("start-up failed: %s", type(exc).__name__)
    if isinstance(exc, ConfideError):
        print(f"confide: {exc}", file=sys.stderr)
    else:
        print(f"confide: the app could not start ({type(exc).__name__}).", file=sys.stderr)
    return EXIT_NOT_STARTED


def _run(app: QApplication, args: argparse.Namespace, demo_home: Path | None) -> int:
    from desktop.ui.background import DatabaseWorker
    from desktop.ui.context import SettingsStore
    from desktop.ui.launcher import Launcher

    worker = DatabaseWorker()
    if demo_home is not None:
        from desktop.demo import DEMO_PASSPHRASE

        store = SettingsStore(Settings(backup_folder=str(demo_home / "Backups")), persist=False)
        launcher = Launcher(worker, store, demo_home / "Demo Vault", is_demo=True)
        launcher.start_demo(demo_home / "Demo Vault", DEMO_PASSPHRASE)
    else:
        store = SettingsStore(load_settings())
        folder, remember = vault_folder(args, store.value)
        launcher = Launcher(worker, store, folder, remember_folder=remember)
        launcher.start()
    _handle_termination(app, launcher)
    log.info("app started")
    try:
        status = app.exec()
    finally:
        launcher.shutdown()
        worker.shutdown()
    log.info("app stopped")
    return int(status)


def _handle_termination(app: QApplication, launcher: Launcher) -> None:
    """SIGTERM / SIGINT close the windows (locking the vault) and end the event loop.

    Python runs signal handlers only between bytecodes, so a short timer keeps giving it the
    chance while Qt's event loop runs.
    """
    from PySide6.QtCore import QTimer

    def close_and_quit() -> None:
        log.info("termination requested")
        launcher.shutdown()
        app.quit()

    def request_quit(_signum: int, _frame: FrameType | None) -> None:
        # Nothing but scheduling here: a handler that logged could interrupt the log's own
        # write on this thread ("reentrant call"), so the line is written from the event loop.
        QTimer.singleShot(0, close_and_quit)

    for kind in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(kind, request_quit)
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(SIGNAL_POLL_MS)
