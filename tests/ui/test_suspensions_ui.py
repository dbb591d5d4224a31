"""Recording an agency's suspension of the accounting (45 CFR 164.528(a)(2)) on the
Disclosures tab, typed like a clinician would; an oral one longer than 30 days is refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.accounting.service import AccountingService
from desktop.ui.consents.accounting_dialogs import SuspensionDialog
from desktop.ui.consents.disclosures_tab import DisclosuresTab
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check

AGENCY = "Oakland Police Department"


@pytest.fixture
def tab(qtbot: QtBot, context: AppContext) -> Iterator[DisclosuresTab]:
    client = context.worker.call(
        lambda: context.clients.create(ClientInput(first_name="Ana", last_name="Reyes"))
    )
    host = QWidget()
    layout = QVBoxLayout(host)
    widget = DisclosuresTab(context, client, host)
    layout.addWidget(widget)
    host.resize(1000, 900)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    wait_idle(qtbot, context.worker)
    yield widget


def open_dialog(qtbot: QtBot, tab: DisclosuresTab) -> SuspensionDialog:
    tab.suspend_button.setFocus()
    qtbot.keyClick(tab.suspend_button, Qt.Key.Key_Space)
    [dialog] = [d for d in tab.findChildren(SuspensionDialog) if d.isVisible()]
    qtbot.waitExposed(dialog)
    return dialog


def type_date(qtbot: QtBot, editor: QDateEdit, day: date) -> None:
    """Type the date part by part, in the order the editor shows them (the locale's)."""
    parts = {
        QDateTimeEdit.Section.YearSection: f"{day.year:04d}",
        QDateTimeEdit.Section.MonthSection: f"{day.month:02d}",
        QDateTimeEdit.Section.DaySection: f"{day.day:02d}",
    }
    editor.setFocus()
    for index in range(editor.sectionCount()):
        section = editor.sectionAt(index)
        editor.setSelectedSection(section)
        qtbot.keyClicks(editor, parts[section])
    assert editor.date().toPython() == day


def fill_oral(qtbot: QtBot, dialog: SuspensionDialog, days: int) -> None:
    qtbot.keyClicks(dialog.agency, AGENCY)
    qtbot.keyClicks(dialog.official, "Det. Sam Ortiz")
    qtbot.mouseClick(dialog.oral, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.statement, "An accounting now would impede an open investigation.")
    type_date(qtbot, dialog.starts_on, date.today())
    type_date(qtbot, dialog.ends_on, date.today() + timedelta(days=days))


def test_dialog_is_named_reachable_and_keeps_a_draft(
    qtbot: QtBot, tab: DisclosuresTab, context: AppContext
) -> None:
    _check(tab)
    dialog = open_dialog(qtbot, tab)
    _check(dialog)
    qtbot.keyClicks(dialog.agency, AGENCY)
    context.drafts.save_all()
    assert dialog.agency.text() == ""
    context.drafts.restore_all()
    assert dialog.agency.text() == AGENCY
    dialog.reject()


def test_an_oral_suspension_of_20_days_is_listed_as_active(
    qtbot: QtBot, tab: DisclosuresTab, context: AppContext
) -> None:
    assert tab.suspensions.table.rowCount() == 0
    dialog = open_dialog(qtbot, tab)
    fill_oral(qtbot, dialog, 20)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    qtbot.waitUntil(lambda: tab.suspensions.table.rowCount() == 1, timeout=5000)
    row = [tab.suspensions.table.item(0, c).text() for c in range(5)]  # type: ignore[union-attr]
    end = local_date(date.today() + timedelta(days=20))
    assert row == [AGENCY, "oral", local_date(date.today()), end, "active"]
    assert "suspension was recorded" in tab.message.text()
    [stored] = context.worker.call(
        lambda: AccountingService(context.vault).suspensions_for(tab.client_id)
    )
    assert (stored.agency, stored.official, stored.written_statement) == (
        AGENCY,
        "Det. Sam Ortiz",
        False,
    )
    assert (stored.ends_on - stored.starts_on).days == 20


def test_an_oral_suspension_of_45_days_is_refused_inline(
    qtbot: QtBot, tab: DisclosuresTab, context: AppContext
) -> None:
    dialog = open_dialog(qtbot, tab)
    fill_oral(qtbot, dialog, 45)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert dialog.isVisible()
    assert "at most 30 days" in dialog.message.text()
    assert dialog.agency.text() == AGENCY  # nothing typed is lost
    stored = context.worker.call(
        lambda: AccountingService(context.vault).suspensions_for(tab.client_id)
    )
    assert stored == []
    assert tab.suspensions.table.rowCount() == 0
    dialog.reject()
