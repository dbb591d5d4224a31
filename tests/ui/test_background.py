"""The one background-job helper: results come back on the UI thread, only to a living owner."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.errors import UserInputError
from desktop.ui.background import DatabaseWorker


def _fail() -> int:
    raise UserInputError("Refused.")


def test_results_and_errors_arrive_on_the_ui_thread(qtbot: QtBot, worker: DatabaseWorker) -> None:
    seen: list[object] = []
    worker.run(threading.get_ident, lambda ident: seen.append(ident != threading.get_ident()))
    worker.run(_fail, seen.append, lambda exc: seen.append(str(exc)))
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert seen == [True, "Refused."]
    assert not worker.is_busy


def test_nothing_is_delivered_to_a_destroyed_owner(qtbot: QtBot, worker: DatabaseWorker) -> None:
    owner, witness = QWidget(), QWidget()
    gate = threading.Event()
    seen: list[object] = []
    worker.run(gate.wait, seen.append, seen.append, owner=owner)
    worker.run(_fail, seen.append, seen.append, owner=owner)
    worker.run(lambda: "alive", seen.append, owner=witness)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    gate.set()
    qtbot.waitUntil(lambda: not worker.is_busy)
    assert seen == ["alive"]
    witness.deleteLater()


def _alive(widget: QWidget) -> bool:
    return bool(shiboken6.isValid(widget))
