"""Time from asking for the client list to the paint that shows its first rows (offscreen Qt).

Uses the app's own ClientTableModel over a real AppContext, the DatabaseWorker thread and a
QTableView, so the time includes the query on the worker, the hop back to the UI thread, the
model insert and the view's paint.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView

from desktop.settings import Settings
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext, SettingsStore
from desktop.ui.session import VaultSession
from desktop.ui.table_models.client_table_model import ClientQuery, ClientTableModel

TIMEOUT_MS = 30_000


class _PaintWatch(QObject):
    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.armed = False
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if self.armed and event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
            self.loop.quit()
        return False


def first_table_paint(vault: Any) -> float:
    app = QApplication.instance() or QApplication([])
    worker = DatabaseWorker()
    context = AppContext(
        session=VaultSession(vault, worker, Settings),
        worker=worker,
        settings=SettingsStore(Settings(), persist=False),
    )
    model = ClientTableModel(context)
    view = QTableView()
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    app.processEvents()
    loop = QEventLoop()
    watch = _PaintWatch(loop)
    view.viewport().installEventFilter(watch)
    model.loaded.connect(lambda _rows: setattr(watch, "armed", True))
    QTimer.singleShot(TIMEOUT_MS, loop.quit)
    started = time.perf_counter()
    model.run_query(ClientQuery())
    loop.exec()
    if watch.painted_at is None or model.rowCount() == 0:
        raise RuntimeError("the client table did not paint any rows")
    elapsed = (watch.painted_at - started) * 1000
    view.close()
    worker.call(lambda: None)
    return elapsed
