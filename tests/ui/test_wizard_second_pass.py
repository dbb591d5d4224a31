"""The wizard's second pass: the stepper, the deadline banner, the sign-off checklist, the
read-only look of a finalized incident, and the Tab order through a page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import ExceptionType, WorkflowStep
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.wizard.step_list import StepMark
from desktop.ui.wizard.time_field import OneStopDateTimeEdit
from desktop.workflow.deadline_notice import DeadlineFacts, Urgency, deadline_notice
from tests.support.cases import setup_practice
from tests.support.cases import walk_duty_case as walk_service_case
from tests.ui.conftest import wait_idle
from tests.ui.wizard_driver import WizardDriver

S = WorkflowStep


@pytest.fixture
def driver(qtbot: QtBot, context: AppContext) -> Iterator[WizardDriver]:
    driver = WizardDriver(qtbot, context)
    yield driver
    driver.close()


def late_abuse_report(vault: Vault) -> int:
    """A California child-abuse report: suspicion 3.5 days ago, written report due in 36 h."""
    client_id = setup_practice(vault)
    suspected = datetime.now(UTC) - timedelta(days=3, hours=12)
    service = IncidentService(vault)
    return service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=suspected)


def test_overdue_report_shows_a_red_banner_explaining_the_clock(
    driver: WizardDriver, vault: Vault
) -> None:
    window = driver.open(late_abuse_report(vault))
    banner = window.deadline
    assert banner.isVisible()
    assert banner.headline.text() == "Report overdue by 2 days"
    assert banner.property("urgency") == "overdue"
    detail = banner.detail.text()
    assert "reasonable suspicion first arose" in detail and "not from when" in detail
    assert "not legal advice" in detail
    assert "(overdue)" not in window.details.text()


def test_notice_counts_time_left_and_hides_when_met() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    facts = DeadlineFacts(
        1, ExceptionType.COURT_ORDER, now - timedelta(days=1), now + timedelta(hours=5), "", False
    )
    notice = deadline_notice(facts, now)
    assert notice is not None and notice.urgency is Urgency.SOON
    assert notice.headline == "Response due in 5 hours"
    assert "suspicion" not in notice.detail  # a court date does not run from suspicion
    met = DeadlineFacts(1, ExceptionType.CHILD_ABUSE, now, now - timedelta(hours=1), "", False)
    assert deadline_notice(met, now) is None  # past its time, but the report is recorded


def test_stepper_marks_each_state(driver: WizardDriver, vault: Vault) -> None:
    window = driver.open(late_abuse_report(vault))
    assert window.steps.mark(S.SITUATION) is StepMark.IN_PROGRESS
    assert window.steps.mark(S.REVIEW) is StepMark.NOT_STARTED
    driver.next_step()
    driver.next_step()  # skipping past the review leaves it missing
    assert window.steps.mark(S.SITUATION) is StepMark.MISSING
    item = window.steps.item(0)
    assert item.text().startswith("!  1. Situation") and "\n" in item.text()
    assert item.foreground().color().name() == "#a61b1b"


def test_finalize_stays_disabled_while_the_checklist_has_items(
    driver: WizardDriver, vault: Vault
) -> None:
    window = driver.open(late_abuse_report(vault))
    while window.shown_step is not S.SIGN_OFF:
        driver.next_step()
    page = window.sign_off_page
    checklist = page.outstanding
    assert checklist.isVisible() and checklist.item_count > 3
    assert not page.finalize_button.isEnabled()
    steps = [step for step, _items in checklist.groups]
    assert steps[0] is S.SITUATION and S.REVIEW in steps
    assert checklist.text().count("Step 2, Review of the rules") == 1  # named once, items below
    checklist.linkActivated.emit(f"step:{S.REVIEW.value}")
    driver.step_shown(S.REVIEW)


def test_finalized_incident_is_read_only_in_look_and_behaviour(
    driver: WizardDriver, vault: Vault
) -> None:
    case = walk_service_case(vault, setup_practice(vault))
    window = driver.open(case.incident_id)
    assert window.read_only and not window.deadline.isVisible()
    assert window.close_button.text() == "C&lose"
    form = driver.form(S.SITUATION)
    for editor in form.editors.values():
        widget = editor.widget
        for child in [widget, *widget.findChildren(QWidget)]:
            if isinstance(child, QPlainTextEdit | OneStopDateTimeEdit):
                assert child.isReadOnly(), editor
            elif isinstance(child, QComboBox | QCheckBox):
                assert not child.isEnabled(), editor
    statement = form.widget("statement")
    assert isinstance(statement, QPlainTextEdit)
    statement.setFocus()
    driver.qtbot.keyClicks(statement, "typed into a sealed record")
    assert "typed into a sealed record" not in statement.toPlainText()
    assert all(mark is StepMark.COMPLETE or mark is StepMark.NOT_APPLICABLE for mark in (
        window.steps.mark(step) for step in WorkflowStep
    ))  # fmt: skip


def _tab_chain(driver: WizardDriver, start: QWidget, presses: int) -> list[QWidget]:
    start.setFocus()
    driver.qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=5000)
    seen = [start]
    for _ in range(presses):
        focus = QApplication.focusWidget()
        assert focus is not None
        driver.qtbot.keyClick(focus, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())  # type: ignore[arg-type]
    return seen


def test_tab_order_starts_at_the_steps_and_a_date_time_is_one_stop(
    driver: WizardDriver, vault: Vault
) -> None:
    window = driver.open(late_abuse_report(vault))
    window.activateWindow()
    driver.qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    chain = _tab_chain(driver, window.steps, 40)
    page = window.page(S.SITUATION)
    first_field = next(w for w in chain[1:] if page.isAncestorOf(w))
    assert chain[1] is first_field, "Tab from the step list goes to the page's first field"
    buttons = {window.complete_button, window.na_button, window.next_button, window.close_button}
    first_button = next(i for i, w in enumerate(chain) if w in buttons)
    assert all(page.isAncestorOf(w) for w in chain[1:first_button]), "the page before buttons"
    times = [w for w in chain[:first_button] if isinstance(w, OneStopDateTimeEdit)]
    assert times, "the situation page has date-time fields"
    for editor in times:
        index = chain.index(editor)
        assert chain[index + 1] is not editor, "one Tab leaves a date-time field"
    assert chain[first_button] is window.complete_button
    assert chain[chain.index(window.close_button) + 1] is window.steps, "and round again"
    assert window.guidance not in chain and page.status not in chain


def test_client_record_shows_the_deadline_and_opens_the_incident(
    qtbot: QtBot, context: AppContext, main_window: MainWindow, vault: Vault
) -> None:
    incident_id = late_abuse_report(vault)
    client_id = IncidentService(vault).get(incident_id).client_id
    record = open_client_record(context, client_id, main_window)
    assert isinstance(record, ClientRecordDialog)
    wait_idle(qtbot, context.worker)
    qtbot.waitUntil(record.deadline.isVisible, timeout=10_000)
    assert record.deadline.headline.text() == "Report overdue by 2 days"
    assert record.deadline.property("urgency") == "overdue"
    qtbot.mouseClick(record.deadline.open_button, Qt.MouseButton.LeftButton)
    key = f"incident:{incident_id}"
    qtbot.waitUntil(lambda: key in context.windows, timeout=10_000)
    wait_idle(qtbot, context.worker)
    context.windows[key].close()
    record.close()


def test_notice_says_where_the_clock_starts_only_when_it_knows() -> None:
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    due = now + timedelta(hours=30)
    listed = DeadlineFacts(1, ExceptionType.CHILD_ABUSE, now, due, "", False)
    unknown = deadline_notice(listed, now)
    assert unknown is not None and "Until you record" not in unknown.detail
    assert "reasonable suspicion" in unknown.detail
    read = DeadlineFacts(1, ExceptionType.CHILD_ABUSE, now, due, "", False, situation_read=True)
    not_recorded = deadline_notice(read, now)
    assert (
        not_recorded is not None and "Until you record that time in step 1" in not_recorded.detail
    )
