"""The demo vault through every main view: screenshots render, and no window title, tooltip,
log line or error text carries a client's name."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop import logs
from desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from desktop.errors import ConfideError, WrongPassphraseError
from desktop.services.vault_access import open_vault
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.client_record.dialog import TAB_ORDER, ClientRecordDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.incident_launch import open_incident_wizard
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.style import apply_style
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import log_file, make_context, open_main_window, wait_idle


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "Demo Vault"
    build_demo_vault(folder)
    return folder


@pytest.fixture
def demo_context(demo_folder: Path, worker: DatabaseWorker) -> Iterator[AppContext]:
    from desktop.settings import Settings

    vault = worker.call(lambda: open_vault(demo_folder, DEMO_PASSPHRASE, Settings()))
    context = make_context(vault, worker, demo=True)
    yield context
    context.session.close()


@pytest.fixture
def app_log(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Confide's real log file set-up, pointed at this test's CONFIDE_HOME."""
    root = logging.getLogger("confide")
    before = list(root.handlers)
    monkeypatch.setattr(logs, "_configured", False)
    logs.configure_logging()
    yield log_file(isolated_home)
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


def _grab(widget: QWidget, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() > 200 and image.height() > 150
    assert image.save(str(path))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 8, f"{name} looks blank"
    return path


def _walk(qtbot: QtBot, window: MainWindow, context: AppContext) -> list[QWidget]:
    """Visit every page and open records and incidents; return the extra windows opened."""
    opened: list[QWidget] = []
    for index in range(len(window.pages)):
        window.show_page(index)
        wait_idle(qtbot, context.worker)
    dashboard = window.pages[0]
    assert isinstance(dashboard, DashboardPage)
    window.show_page(0)
    wait_idle(qtbot, context.worker)
    assert dashboard.incidents.row_count() > 0
    assert dashboard.incidents.cell_text(0, 0)
    dashboard.incidents.activate_row(0)
    clients = context.worker.call(lambda: context.clients.list(include_archived=True))
    for summary in clients[:3]:
        opened.append(open_client_record(context, summary.id, window))
        wait_idle(qtbot, context.worker)
    opened.extend(w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window)
    return opened


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[None]:
    apply_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.mark.usefixtures("styled")
def test_each_main_view_renders_offscreen(
    qtbot: QtBot, demo_context: AppContext, tmp_path: Path
) -> None:
    shots = Path(os.environ.get("CONFIDE_SCREENSHOTS", tmp_path / "screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    window = open_main_window(qtbot, demo_context)
    for index, page in enumerate(window.pages):
        window.show_page(index)
        wait_idle(qtbot, demo_context.worker)
        _grab(window, shots, f"{index}-{page.title.replace(' ', '_').replace('&', 'and')}")
    clients = demo_context.worker.call(demo_context.clients.list)
    record = open_client_record(demo_context, clients[0].id, window)
    assert isinstance(record, ClientRecordDialog)
    wait_idle(qtbot, demo_context.worker)
    for index, title in enumerate(TAB_ORDER):
        record.tabs.setCurrentIndex(index)
        _grab(record, shots, f"record-{title}")
    incidents = demo_context.worker.call(demo_context.incidents.open_incidents)
    incident = open_incident_wizard(demo_context, incidents[0].id, window)
    wait_idle(qtbot, demo_context.worker)
    _grab(incident, shots, "incident")
    incident.close()
    window.lock()
    _grab(window, shots, "locked")
    saved = sorted(shots.glob("*.png"))
    assert len(saved) == len(window.pages) + len(TAB_ORDER) + 2
    assert all(path.stat().st_size > 1000 for path in saved)
    window.close()


def _client_names(context: AppContext) -> set[str]:
    names: set[str] = set()
    for summary in context.worker.call(lambda: context.clients.list(include_archived=True)):
        names.update({summary.first_name, summary.last_name})
    return {name for name in names if len(name) >= 3}


def _texts_outside_content() -> list[str]:
    """Window titles, tooltips, accessible names and descriptions, and error lines."""
    found: list[str] = []
    for top in QApplication.topLevelWidgets():
        found.append(top.windowTitle())
        for widget in [top, *top.findChildren(QWidget)]:
            found.extend(
                [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
            )
            if isinstance(widget, MessageLine) and widget.property("kind") == "error":
                found.append(widget.text())
    return found


def test_no_client_name_in_titles_tooltips_logs_or_errors(
    qtbot: QtBot, demo_context: AppContext, app_log: Path
) -> None:
    window = open_main_window(qtbot, demo_context)
    names = _client_names(demo_context)
    assert {"Kessler", "Nguyễn", "Marsh"} <= names
    opened = _walk(qtbot, window, demo_context)
    assert any(isinstance(w, ClientRecordDialog) for w in opened)

    clients = demo_context.worker.call(demo_context.clients.list)
    target = clients[0]
    edit = ClientDialog(demo_context, target.id, window)
    edit.open()
    wait_idle(qtbot, demo_context.worker)
    assert edit.form.last_name.text() == target.last_name
    edit.form.email.clear()
    qtbot.keyClicks(edit.form.email, f"{target.first_name} at nowhere")
    qtbot.mouseClick(edit.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(edit.message.text()), timeout=10_000)

    errors: list[str] = []
    for attempt in (
        lambda: demo_context.clients.get(999_999),
        lambda: demo_context.clients.create(ClientInput(target.first_name, "")),
        lambda: demo_context.notes.add(target.id, date(2020, 1, 1), ""),
        lambda: demo_context.notes.add(target.id, date(2999, 1, 1), target.last_name),
    ):
        with pytest.raises(ConfideError) as caught:
            demo_context.worker.call(attempt)
        errors.append(str(caught.value))

    assert "does not look like an e-mail address" in edit.message.text()
    while_open = _texts_outside_content()
    window.lock()
    window.close()
    log_text = app_log.read_text(encoding="utf-8")
    assert "main window closing" in log_text and "vault locked" in log_text
    haystack = [*while_open, *_texts_outside_content(), *errors, *log_text.splitlines()]
    for name in names:
        pattern = re.compile(rf"\b{re.escape(name)}\b")
        leaks = [text for text in haystack if pattern.search(text)]
        assert leaks == [], f"a client name appears outside the content: {leaks[:3]}"


def test_demo_vault_opens_with_its_passphrase_only(demo_folder: Path) -> None:
    with pytest.raises(WrongPassphraseError):
        Vault.open(demo_folder, DEMO_PASSPHRASE + "x")
