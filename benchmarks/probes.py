"""Measurements that need a fresh process: ``python -m benchmarks.probes start|session FOLDER``.

``start`` runs the real start path (``python -m desktop --vault FOLDER``) and prints the
monotonic clock at the first paint of the first top-level window, then exits at once.
When desktop/app.py is missing it builds desktop.ui.unlock.UnlockWindow itself, and when that
is missing too, a bare QWidget; the printed ``how`` says which.

``session`` unlocks the vault (default KDF), loads the client table's first page into a
QTableView and waits for the paint that shows it, then prints the timings and memory: peak RSS
of the whole process (ru_maxrss / VmHWM read just after unlocking, and again at the end) and
peak RSS after unlocking (VmHWM reset through /proc/self/clear_refs, which resets ru_maxrss
too), so the Argon2id buffer can be told apart from the open vault.
Each prints one JSON line on stdout.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _emit(**values: object) -> None:
    sys.stdout.write(json.dumps(values) + "\n")
    sys.stdout.flush()


# ----- start: process start to the unlock window's first paint ------------------------------


def _install_first_paint_hook() -> None:
    """Make every QApplication report the first paint of any window, then end the process."""
    from PySide6 import QtWidgets
    from PySide6.QtCore import QEvent, QObject

    class _FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
            is_paint = event.type() == QEvent.Type.Paint
            if is_paint and isinstance(watched, QtWidgets.QWidget) and watched.isWindow():
                window = type(watched).__name__
                if window == "UnlockWindow" or HOW["how"].endswith("bare QWidget"):
                    _emit(painted=time.monotonic(), how=HOW["how"], window=window)
                    os._exit(0)
            return False

    original = QtWidgets.QApplication

    class _HookedApplication(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self._first_paint = _FirstPaint()
            self.installEventFilter(self._first_paint)

    QtWidgets.QApplication = _HookedApplication  # type: ignore[misc, assignment]


HOW = {"how": ""}


def start(folder: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("desktop.app") is not None:
        HOW["how"] = "python -m desktop --vault FOLDER (desktop.app.run_app)"
        _install_first_paint_hook()
        from desktop.__main__ import main

        main(["--vault", str(folder)])
        _emit(painted=None, how=HOW["how"], error="the app returned without painting")
        return
    _install_first_paint_hook()
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    window = _fallback_window(folder)
    window.show()
    app.exec()


def _fallback_window(folder: Path) -> Any:
    if _has_module("desktop.ui.unlock"):
        from desktop.settings import load_settings
        from desktop.ui.background import DatabaseWorker
        from desktop.ui.unlock import UnlockWindow

        HOW["how"] = "FALLBACK: desktop.ui.unlock.UnlockWindow (desktop/app.py missing)"
        return UnlockWindow(DatabaseWorker(), folder, load_settings)
    from PySide6.QtWidgets import QWidget

    HOW["how"] = "FALLBACK: PySide6 import + bare QWidget"
    return QWidget()


def _has_module(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# ----- session: unlock, first page of clients, memory -----------------------------------------


def _rss_mb(field: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def session(folder: Path) -> None:
    from benchmarks.stores import PASSPHRASE
    from desktop.storage.vault import Vault

    _load_ui()  # as in the app: Qt is up (unlock window shown) before the vault opens
    started = time.perf_counter()
    vault = Vault.open(folder, PASSPHRASE)
    unlock_ms = (time.perf_counter() - started) * 1000
    after_unlock = _rss_mb("VmRSS")
    peak_unlock = max(_rss_mb("VmHWM") or 0.0, _maxrss_mb())  # the reset below clears both
    reset = _reset_peak()
    try:
        paint_ms, how = _first_client_page(vault)
    finally:
        vault.lock()
    _emit(
        unlock_ms=unlock_ms,
        first_page_ms=paint_ms,
        how=how,
        maxrss_mb=max(peak_unlock, _maxrss_mb()),
        peak_during_unlock_mb=peak_unlock,
        rss_after_unlock_mb=after_unlock,
        peak_after_unlock_mb=_rss_mb("VmHWM") if reset else None,
        rss_end_mb=_rss_mb("VmRSS"),
    )


def _load_ui() -> None:
    if _has_module("desktop.ui.table_models.client_table_model"):
        from PySide6.QtWidgets import QApplication

        import benchmarks.qt_paint  # noqa: F401 - imports the UI modules it uses

        QApplication.instance() or QApplication([])


def _first_client_page(vault: Any) -> tuple[float, str]:
    if not _has_module("desktop.ui.table_models.client_table_model"):
        from desktop.services.clients.service import ClientService

        started = time.perf_counter()
        ClientService(vault).list(limit=200)
        return (time.perf_counter() - started) * 1000, "FALLBACK: ClientService.list(limit=200)"
    from benchmarks.qt_paint import first_table_paint

    return first_table_paint(vault), "ClientTableModel in a QTableView, to the paint showing rows"


def main(argv: list[str]) -> int:
    command, folder = argv[0], Path(argv[1])
    if command == "start":
        start(folder)
    elif command == "session":
        session(folder)
    else:
        raise SystemExit(f"unknown probe {command!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
