"""The dashboard on a busy practice: opened again and again it stays alive and flat, its
statements do not grow with the number of open incidents, and long lists say how long they are.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain import ExceptionType
from desktop.models import Client
from desktop.services.practice.practitioner import Profile
from desktop.storage.vault import Vault
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.consents_overview import ConsentsOverviewPage
from desktop.ui.pages.dashboard import FIRST_ROWS, DashboardPage
from desktop.ui.table_models.row_table_model import RowIdRole
from desktop.ui.wizard.window import IncidentWizardWindow
from tests.support.statements import recorded_statements
from tests.ui.conftest import wait_idle


def _add_clients(vault: Vault, count: int) -> list[int]:
    """``count`` active clients without a consent, in one unit of work."""
    with vault.session() as session:
        rows = [
            Client(first_name=f"Client{n:05d}", last_name=f"Many{n % 97:02d}") for n in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def _open_incidents(context: AppContext, client_ids: list[int], count: int) -> None:
    suspected = datetime.now(UTC) - timedelta(hours=100)  # past every CA reporting deadline
    for n in range(count):
        client_id = client_ids[n % len(client_ids)]
        context.incidents.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=suspected)


def _dashboard(qtbot: QtBot, window: MainWindow) -> DashboardPage:
    window.show_page(0)
    wait_idle(qtbot, window.context.worker)
    page = window.pages[0]
    assert isinstance(page, DashboardPage)
    return page


@pytest.fixture
def practice(context: AppContext) -> list[int]:
    context.practitioner.save(Profile("Dr. Test", "CA"))
    return _add_clients(context.vault, 2000)


@pytest.mark.slow
def test_dashboard_opened_50_times_on_2000_clients(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, practice: list[int]
) -> None:
    _open_incidents(context, practice, 5)
    page = _dashboard(qtbot, main_window)
    before = sys.getrefcount(None)
    for _ in range(50):
        main_window.show_page(1)
        wait_idle(qtbot, context.worker)
        main_window.show_page(0)
        wait_idle(qtbot, context.worker)
    assert sys.getrefcount(None) >= before
    assert page.incidents.row_count() == 5
    assert page.consents.row_count() == FIRST_ROWS
    assert page.consents.message.text() == (
        f"2,000 clients need a consent; the first {FIRST_ROWS} are shown."
    )
    assert page.consents.more.isVisible()


def test_dashboard_statements_do_not_grow_with_open_incidents(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, practice: list[int]
) -> None:
    page = _dashboard(qtbot, main_window)

    def statements_for_one_load() -> int:
        with recorded_statements(context.vault.engine) as seen:
            page.refresh()
            wait_idle(qtbot, context.worker)
        return len(seen)

    _open_incidents(context, practice, 5)
    with_five = statements_for_one_load()
    assert page.incidents.row_count() == 5
    _open_incidents(context, practice, 495)
    with_500 = statements_for_one_load()
    assert page.incidents.row_count() == FIRST_ROWS
    assert page.incidents.message.text() == (
        f"500 open incidents; the first {FIRST_ROWS} are shown."
    )
    assert "overdue" in page.incidents.cell_text(0, 3)
    assert with_five == with_500


def test_show_all_opens_the_whole_consent_list(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, practice: list[int]
) -> None:
    page = _dashboard(qtbot, main_window)
    page.consents.more.click()
    wait_idle(qtbot, context.worker)
    overview = main_window.current_page()
    assert isinstance(overview, ConsentsOverviewPage)
    assert overview.consents.message.text() == "2,000 clients need a consent."
    model = overview.consent_model
    assert model.rowCount() == model.batch_size
    while model.canFetchMore():
        model.fetchMore()
        wait_idle(qtbot, context.worker)
    ids = [model.index(r, 0).data(RowIdRole) for r in range(model.rowCount())]
    assert len(ids) == len(set(ids)) == 2000


def test_the_most_pressing_deadline_is_a_banner_on_the_dashboard(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    context.practitioner.save(Profile("Dr. Test", "CA"))
    clients = _add_clients(context.vault, 3)
    page = _dashboard(qtbot, main_window)
    assert not page.deadline_banner.isVisible()  # no open incident, no banner
    _open_incidents(context, clients, 2)
    page.refresh()
    wait_idle(qtbot, context.worker)
    banner = page.deadline_banner
    assert banner.isVisible()
    assert banner.property("urgency") == "overdue"
    assert banner.headline.text().startswith("Report overdue by")
    assert banner.notice is not None
    with qtbot.waitSignal(banner.open_requested) as opened:
        qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert opened.args == [banner.notice.incident_id]
    wait_idle(qtbot, context.worker)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, IncidentWizardWindow):
            widget.close()
