"""A day of use, driven through the real app in this fresh process (offscreen Qt).

``python -m benchmarks.day_of_use VAULT_FOLDER REPORT.json [--quick]``

The app's own Launcher shows the unlock window; the passphrase is typed and Unlock clicked;
then, in the main window: the dashboard, page switches among all six pages, client records
opened with every tab shown and closed, searches typed on the Clients page, incidents opened
in the wizard and stepped through every page, incident reports exported through the export
dialog, one automatic backup while the window keeps running, and quitting. Each action is
timed from the input to the moment the database worker has delivered everything and the
window has painted. The process's RSS is read after each phase, and the longest stall of the
event loop during the backups. Everything is written to REPORT.json; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from benchmarks.corpus import COMMON_WORD, RARE_WORD
from benchmarks.stores import PASSPHRASE
from desktop.reports.warmup import warm_up
from desktop.settings import Settings
from desktop.ui.background import DatabaseWorker
from desktop.ui.context import AppContext, SettingsStore
from desktop.ui.launcher import Launcher
from desktop.ui.main_window import MainWindow

TIMEOUT_S = 600.0


@dataclass(frozen=True)
class Counts:
    page_switches: int
    records: int
    searches: int
    incidents: int
    exports: int


FULL = Counts(page_switches=200, records=50, searches=50, incidents=10, exports=5)
QUICK = Counts(page_switches=12, records=3, searches=4, incidents=2, exports=1)


@dataclass
class Report:
    actions: dict[str, list[float]] = field(default_factory=dict)
    rss: list[tuple[str, float, float]] = field(default_factory=list)  # phase, RSS, peak (MB)
    stalls: dict[str, float] = field(default_factory=dict)  # longest event-loop gap (ms)
    notes: dict[str, Any] = field(default_factory=dict)

    def add(self, name: str, ms: float) -> None:
        self.actions.setdefault(name, []).append(ms)

    def phase(self, name: str) -> None:
        self.rss.append((name, _status_mb("VmRSS"), _status_mb("VmHWM")))


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


# ----- waiting like a person waits for the screen --------------------------------------------


def wait_until(predicate: Callable[[], bool], timeout_s: float = TIMEOUT_S) -> None:
    """Run the event loop until ``predicate`` holds (checked every 2 ms, without spinning)."""
    if predicate():
        return
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setInterval(2)
    deadline = time.monotonic() + timeout_s

    def check() -> None:
        if predicate() or time.monotonic() > deadline:
            loop.quit()

    ticker.timeout.connect(check)
    ticker.start()
    loop.exec()
    ticker.stop()
    if not predicate():
        raise TimeoutError("the app did not settle in time")


def settle(worker: DatabaseWorker) -> None:
    """Until the worker has delivered every result and the window has painted it."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):  # a delivered result may queue more work (lazy batches, reloads)
        wait_until(lambda: not worker.is_busy)
        app.processEvents()
    wait_until(lambda: not worker.is_busy)


def timed(report: Report, name: str, worker: DatabaseWorker, act: Callable[[], object]) -> Any:
    started = time.perf_counter()
    result = act()
    settle(worker)
    report.add(name, (time.perf_counter() - started) * 1000)
    return result


# ----- the day ---------------------------------------------------------------------------------


def run_day(folder: Path, home: Path, counts: Counts) -> Report:
    app = QApplication.instance() or QApplication(["confide-day-of-use"])
    report = Report()
    worker = DatabaseWorker()
    # No keyboard or mouse input reaches the app here, so the idle auto-lock would lock it
    # mid-day on a slow machine: the longest allowed idle time stands in for a person typing.
    chosen = Settings(backup_folder=str(home / "Backups"), auto_lock_minutes=240)
    settings = SettingsStore(chosen, persist=False)
    launcher = Launcher(worker, settings, folder)
    try:
        window = _unlock(launcher, report)
        _day(window, report, counts, home)
        _quit(window, report)
    finally:
        launcher.shutdown()
        worker.shutdown()
    report.notes["peak_rss_mb"] = _status_mb("VmHWM")
    del app
    return report


def _unlock(launcher: Launcher, report: Report) -> MainWindow:
    unlock_window = launcher.start()
    QApplication.processEvents()
    form = unlock_window.form  # type: ignore[attr-defined]
    form.passphrase.setText(PASSPHRASE)
    started = time.perf_counter()
    form.unlock_button.click()
    wait_until(lambda: launcher.main is not None)
    shown = time.perf_counter()
    window = launcher.main
    assert window is not None
    settle(window.context.worker)
    done = time.perf_counter()
    report.add("Unlock to dashboard shown", (done - started) * 1000)
    report.add("First dashboard, after the main window opens", (done - shown) * 1000)
    waited = time.perf_counter()
    warm_up().join(TIMEOUT_S)  # the report engine the app loads in the background after unlock
    report.notes["report_engine_wait_ms"] = (time.perf_counter() - waited) * 1000
    report.phase("after unlock and the first dashboard")
    return window


def _day(window: MainWindow, report: Report, counts: Counts, home: Path) -> None:
    context = window.context
    rng = random.Random(11)
    _page_switches(window, report, counts.page_switches, rng)
    report.phase("after page switches")
    clients = context.worker.call(lambda: [c.id for c in context.clients.list(limit=5000)])
    _records(window, report, rng.sample(clients, min(counts.records, len(clients))))
    report.phase("after client records")
    _searches(window, report, counts.searches, rng)
    report.phase("after searches")
    _scroll_client_list(window, report)
    report.phase("after scrolling the whole client list")
    incidents = _incident_ids(context, counts.incidents)
    _wizards(window, report, incidents)
    report.phase("after incidents in the wizard")
    _exports(window, report, incidents[: counts.exports], home / "exports")
    report.phase("after report exports")
    _background_backup(window, report)
    report.phase("after a background backup")
    window.show_page(0)
    settle(context.worker)
    report.phase("after the last dashboard")


def _page_switches(window: MainWindow, report: Report, count: int, rng: random.Random) -> None:
    pages = len(window.pages)
    current = window.nav.currentRow()
    for _ in range(count):
        target = rng.choice([i for i in range(pages) if i != current])
        name = f"Page switch: {window.pages[target].title}"
        timed(report, name, window.context.worker, lambda t=target: window.show_page(t))
        current = target


def _records(window: MainWindow, report: Report, client_ids: list[int]) -> None:
    from desktop.ui.client_record.opener import open_client_record

    worker = window.context.worker
    for client_id in client_ids:
        started = time.perf_counter()
        dialog = open_client_record(window.context, client_id, window)
        settle(worker)
        report.add("Client record: open", (time.perf_counter() - started) * 1000)
        tabs = dialog.tabs  # type: ignore[attr-defined]
        for index in range(1, tabs.count()):
            show = tabs.setCurrentIndex
            timed(report, "Client record: show a tab", worker, lambda i=index, f=show: f(i))
        timed(report, "Client record: close", worker, dialog.close)
        report.add("Client record: open, every tab, close", (time.perf_counter() - started) * 1000)


def _searches(window: MainWindow, report: Report, count: int, rng: random.Random) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from desktop.ui.pages.clients import ClientsPage

    index = next(i for i, p in enumerate(window.pages) if isinstance(p, ClientsPage))
    window.show_page(index)
    settle(window.context.worker)
    page = window.pages[index]
    assert isinstance(page, ClientsPage)
    names = window.context.worker.call(
        lambda: [c.last_name for c in window.context.clients.list(limit=2000)]
    )
    words = [COMMON_WORD, RARE_WORD, "sle", "kay"]
    for n in range(count):
        typed = words[n % len(words)] if n % 2 == 0 else rng.choice(names)[:4]
        kind = "common word" if typed == COMMON_WORD else "other"
        page.search.setText(typed)
        started = time.perf_counter()
        QTest.keyClick(page.search, Qt.Key.Key_Return)
        wait_until(lambda: not page.model.is_loading)  # the first batch is in the table
        QApplication.processEvents()
        report.add(f"Search ({kind}): first rows shown", (time.perf_counter() - started) * 1000)
        settle(window.context.worker)  # and every match counted, when there are more
        report.add(f"Search ({kind}): all matches counted", (time.perf_counter() - started) * 1000)
    page.search.clear()
    settle(window.context.worker)


def _scroll_client_list(window: MainWindow, report: Report) -> None:
    """The client list from its first batch of 200 to its last, as scrolling asks for them."""
    from desktop.ui.pages.clients import ClientsPage

    page = next(p for p in window.pages if isinstance(p, ClientsPage))
    window.show_page(window.pages.index(page))
    settle(window.context.worker)
    model, worker = page.model, window.context.worker
    timed(report, "Client list: first batch of 200", worker, page.refresh)
    batches: list[float] = []
    while model.canFetchMore():
        started = time.perf_counter()
        model.fetchMore()
        settle(worker)
        batches.append((time.perf_counter() - started) * 1000)
    if batches:
        report.add("Client list: last batch (keyset)", batches[-1])
        report.actions["Client list: every later batch (keyset)"] = batches
    report.notes["client_list_rows"] = model.rowCount()


def _incident_ids(context: AppContext, count: int) -> list[int]:

    listed = context.worker.call(lambda: context.incidents.rows(limit=500))
    open_ones = [r.id for r in listed if not r.finalized][: (count + 1) // 2]
    final_ones = [r.id for r in listed if r.finalized][: count - len(open_ones)]
    return (open_ones + final_ones)[:count]


def _wizards(window: MainWindow, report: Report, incident_ids: list[int]) -> None:
    from desktop.ui.incident_launch import open_incident_wizard
    from desktop.workflow.steps import ORDER

    worker = window.context.worker
    for incident_id in incident_ids:
        started = time.perf_counter()
        wizard = open_incident_wizard(window.context, incident_id, window)
        settle(worker)
        report.add("Incident wizard: open", (time.perf_counter() - started) * 1000)
        for step in ORDER:
            timed(
                report,
                "Incident wizard: show a step",
                worker,
                lambda s=step, f=wizard.show_step: f(s),  # type: ignore[attr-defined]
            )
        timed(report, "Incident wizard: close", worker, wizard.close)


def _exports(window: MainWindow, report: Report, incident_ids: list[int], out: Path) -> None:
    from desktop.ui.incident_launch import open_incident_wizard
    from desktop.ui.wizard.dialogs import ExportDialog

    out.mkdir(parents=True, exist_ok=True)
    worker = window.context.worker
    for incident_id in incident_ids:
        wizard = open_incident_wizard(window.context, incident_id, window)
        settle(worker)
        dialog = ExportDialog(wizard.jobs, wizard)  # type: ignore[attr-defined]
        dialog.path.setText(str(out / f"incident-{incident_id}.pdf"))
        dialog.show()
        timed(report, "Incident report export (dialog to file)", worker, dialog.export_button.click)
        wizard.close()
        settle(worker)
    report.notes["exported"] = sorted(p.name for p in out.glob("*.pdf"))


class _StallWatch:
    """Ticks every 5 ms on the UI thread and keeps the longest gap between ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest_ms = 0.0

    def __enter__(self) -> _StallWatch:
        self.last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._tick()
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self.last) * 1000)
        self.last = now


def _background_backup(window: MainWindow, report: Report) -> None:
    session = window.context.session
    finished: list[object] = []
    session.backup_finished.connect(finished.append)
    started = time.perf_counter()
    with _StallWatch() as watch:
        session.back_up_if_changed()  # the day's audited views are changes
        wait_until(lambda: bool(finished))
    report.add("Background backup (while the window runs)", (time.perf_counter() - started) * 1000)
    report.stalls["Background backup"] = watch.longest_ms
    report.notes["backup_result"] = type(finished[0]).__name__


def _quit(window: MainWindow, report: Report) -> None:
    context = window.context
    context.worker.call(lambda: context.clients.get(1))  # one more audited view: a change
    started = time.perf_counter()
    with _StallWatch() as watch:
        window.close()
    report.add("Quit (backup of the changes, lock)", (time.perf_counter() - started) * 1000)
    report.stalls["Quit with a backup"] = watch.longest_ms
    report.phase("after quitting")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.day_of_use")
    parser.add_argument("folder", type=Path)
    parser.add_argument("report", type=Path)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    home = Path(os.environ.get("CONFIDE_HOME", args.report.parent))
    report = run_day(args.folder, home, QUICK if args.quick else FULL)
    data = {
        "actions": report.actions,
        "rss": report.rss,
        "stalls": report.stalls,
        "notes": report.notes,
    }
    args.report.write_text(json.dumps(data, indent=2), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
