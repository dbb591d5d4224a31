"""The incident wizard driven like a person: a duty-to-warn case from the situation to the
PDF for counsel, a refused sign-off, closing mid-step and resuming, the read-only finalized
incident with an addendum, auto-lock, and keyboard access."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QScrollBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain import ExceptionType, StepStatus, WorkflowStep
from desktop.services.consents.service import ConsentService
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.wizard import list_specs, open_wizard
from desktop.ui.wizard.dialogs import ExportDialog, TextDialog
from desktop.ui.wizard.pages import ReviewPage
from desktop.ui.wizard.window import SAVE_DELAY_MS
from desktop.workflow.fields import ReviewFields, SituationFields
from tests.conftest import PASSPHRASE
from tests.support.cases import setup_practice
from tests.support.cases import walk_duty_case as walk_service_case
from tests.support.consents import sign
from tests.support.pdf import flat, pdf_text
from tests.ui.conftest import open_main_window, wait_idle
from tests.ui.wizard_case import STEP_CONTENT, export, walk_duty_case
from tests.ui.wizard_driver import WizardDriver

S = WorkflowStep


@pytest.fixture
def driver(qtbot: QtBot, context: AppContext) -> Iterator[WizardDriver]:
    driver = WizardDriver(qtbot, context)
    yield driver
    driver.close()


def start_incident(vault: Vault) -> int:
    client_id = setup_practice(vault)
    return IncidentService(vault).start(client_id, ExceptionType.DANGER_TO_OTHERS)


def test_closing_mid_step_loses_nothing_and_resumes_at_the_current_step(
    driver: WizardDriver, vault: Vault
) -> None:
    incident_id = start_incident(vault)
    window = driver.open(incident_id)
    assert window.windowTitle() == "Confide — Incident"
    assert window.shown_step is S.SITUATION

    driver.type(driver.form(S.SITUATION).widget("statement"), "I will make sure he never walks out")
    driver.click(window.next_button)
    driver.step_shown(S.REVIEW)
    driver.type(driver.form(S.REVIEW).widget("application"), "Half-written: serious threat")
    window.close()  # at once, well within the 500 ms of the draft timer
    driver.idle()

    flow = IncidentService(vault).workflow(incident_id)
    situation = flow.fields(S.SITUATION)
    assert isinstance(situation, SituationFields)
    assert situation.statement == "I will make sure he never walks out"
    assert flow.state().status(S.REVIEW) is StepStatus.DRAFT

    reopened = driver.open(incident_id)
    assert reopened is not window
    assert open_wizard(driver.context, incident_id, None) is reopened  # one window per incident
    assert reopened.shown_step is S.REVIEW
    text = driver.form(S.REVIEW).widget("application")
    assert text.toPlainText() == "Half-written: serious threat"  # type: ignore[attr-defined]
    statement = driver.form(S.SITUATION).widget("statement")
    assert statement.toPlainText() == "I will make sure he never walks out"  # type: ignore[attr-defined]

    text.setFocus()
    driver.qtbot.keyClick(text, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    driver.type(text, "; both warning and police")
    driver.click(reopened.close_button)  # Save & close
    driver.idle()
    review = IncidentService(vault).workflow(incident_id).fields(S.REVIEW)
    assert isinstance(review, ReviewFields)
    assert review.application == "Half-written: serious threat; both warning and police"


def test_duty_to_warn_case_through_the_wizard_exports_everything(
    driver: WizardDriver, vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_practice(vault)
    consent_id = sign(vault, client_id, signer="Jordan Avery")
    signed_at = ConsentService(vault).get(consent_id, audit_view=False).signed_at
    incident_id = IncidentService(vault).start(client_id, ExceptionType.DANGER_TO_OTHERS)
    window = driver.open(incident_id)
    review = window.page(S.REVIEW)
    assert isinstance(review, ReviewPage)
    panel = review.panel.toPlainText()
    assert "signed consent names this limit" in panel and local_time(signed_at) in panel

    walk_duty_case(driver, tmp_path)

    view = IncidentService(vault).get(incident_id, audit_view=False)
    assert view.finalized and view.hash_verified
    assert [d.recipient_name for d in view.disclosures] == [
        "Sam Okafor",
        "Fresno Police Department",
    ]
    assert view.evidence[0].attachment_name == "voicemail.txt"
    assert IncidentService(vault).attachment(view.evidence[0].id) == b"Client voicemail transcript"
    out = tmp_path / "incident.pdf"
    export(driver, out)
    text = pdf_text(out)
    for step in WorkflowStep:
        assert f"Step {step.number}: {step.label}" in text
        for content in STEP_CONTENT[step]:
            assert flat(content) in text, (step, content)
    for name in ("Sam Okafor", "Fresno Police Department", "Dr. Lee Park", "Maria Gomez, Esq."):
        assert name in text


def outstanding(driver: WizardDriver) -> str:
    """The sign-off checklist's text; Finalize stays disabled while it lists anything."""
    page = driver.w.sign_off_page
    driver.idle()
    assert not page.finalize_button.isEnabled()
    assert not driver.w.read_only
    return page.outstanding.text()


def test_sign_off_lists_each_missing_step_and_keeps_finalize_disabled(
    driver: WizardDriver, vault: Vault
) -> None:
    driver.open(start_incident(vault))
    assert not driver.w.na_button.isEnabled()  # the situation can never be skipped
    assert "cannot be marked not applicable" in driver.w.na_button.toolTip()
    while driver.w.shown_step is not S.SIGN_OFF:
        driver.next_step()
    page = driver.w.sign_off_page
    driver.fill(page.form, {"summary": "Still deciding", "follow_up_plan": "Call supervisor"})
    driver.qtbot.wait(SAVE_DELAY_MS + 100)

    checklist = outstanding(driver)

    for step in list(WorkflowStep)[:-1]:
        assert checklist.count(f">{step.heading}</a>") == 1, step
    assert "The attestation" in checklist
    assert "Traceback" not in checklist

    for _ in range(5):
        driver.back_step()
    assert driver.w.shown_step is S.DOCUMENTATION
    driver.click(driver.w.na_button)
    dialog = driver.w.controller.dialog
    assert isinstance(dialog, TextDialog)
    assert unnamed_controls(dialog) == []
    driver.type(dialog.text, "No records or statements beyond the session itself")
    driver.click(dialog.ok_button)
    driver.step_shown(S.CONSULTATION)  # the workflow moves past the settled step
    assert driver.w.snapshot is not None
    assert driver.w.snapshot.status(S.DOCUMENTATION) is StepStatus.NOT_APPLICABLE
    documentation = driver.w.page(S.DOCUMENTATION)
    assert documentation.status.text().startswith("Not applicable: No records")

    while driver.w.shown_step is not S.SIGN_OFF:
        driver.next_step()
    again = outstanding(driver)
    assert "Step 3, Documentation" not in again
    assert ">Step 4, Consultation</a>" in again


def test_finalized_incident_opens_read_only_and_takes_an_addendum(
    driver: WizardDriver, vault: Vault, tmp_path: Path
) -> None:
    case = walk_service_case(vault, setup_practice(vault))
    window = driver.open(case.incident_id)

    assert window.read_only and "read-only" in window.banner.text()
    assert window.shown_step is S.SIGN_OFF
    statement = driver.form(S.SITUATION).widget("statement")
    assert isinstance(statement, QPlainTextEdit) and statement.isReadOnly()
    assert not window.complete_button.isVisible() and not window.na_button.isVisible()
    assert not window.sign_off_page.finalize_button.isVisible()
    disclosures = window.page(S.DISCLOSURE).list_editor(list_specs.DISCLOSURES)
    assert not disclosures.add_button.isVisibleTo(window)
    assert [row[1] for row in disclosures.row_texts()] == case.recipients
    window.steps.setFocus()
    driver.qtbot.keyClick(window.steps, Qt.Key.Key_Home)
    assert window.shown_step is S.SITUATION  # reading needs no workflow move
    assert "I will make sure he never walks out" in statement.toPlainText()

    driver.click(window.addendum_button)
    dialog = window.controller.dialog
    assert isinstance(dialog, TextDialog)
    driver.type(dialog.text, "Addendum: Sam Okafor called back on Monday to confirm safety.")
    driver.click(dialog.ok_button)
    driver.qtbot.waitUntil(lambda: "called back" in window.sign_off_page.addenda.toPlainText())
    assert window.shown_step is S.SIGN_OFF

    out = tmp_path / "with-addendum.pdf"
    export(driver, out, password="counsel-only")
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("counsel-only")
    text = pdf_text(out, "counsel-only")
    assert "Addenda (1)" in text
    assert "Sam Okafor called back on Monday to confirm safety." in text


def test_auto_lock_saves_the_wizard_first_and_restores_it(
    qtbot: QtBot, context: AppContext, vault: Vault
) -> None:
    incident_id = start_incident(vault)
    main = open_main_window(qtbot, context)
    driver = WizardDriver(qtbot, context)
    window = driver.open(incident_id)
    statement = driver.form(S.SITUATION).widget("statement")
    assert isinstance(statement, QPlainTextEdit)
    driver.type(statement, "Typed just before the lock")

    main.lock()  # at once: the draft timer has not fired yet
    assert not window.isVisible()
    assert statement.toPlainText() == ""  # nothing readable while locked
    wait_idle(qtbot, context.worker)
    assert vault.is_locked

    qtbot.keyClicks(main.unlock.passphrase, PASSPHRASE)
    qtbot.mouseClick(main.unlock.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not main.is_locked, timeout=10_000)
    driver.idle()
    saved = IncidentService(context.vault).workflow(incident_id).fields(S.SITUATION)
    assert isinstance(saved, SituationFields)
    assert saved.statement == "Typed just before the lock"  # saved before the vault closed
    assert window.isVisible() and statement.toPlainText() == "Typed just before the lock"
    driver.close()
    main.close()


def _spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _inner_part(widget: QWidget) -> bool:
    """Pieces Qt names through their owner: spin-box and combo editors, scroll bars, viewports."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar) or isinstance(parent, QAbstractSpinBox | QComboBox):
        return True
    return widget.objectName() == "qt_scrollarea_viewport"


def unnamed_controls(root: QWidget) -> list[str]:
    controls = [
        w
        for w in root.findChildren(QWidget)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(root) and not _inner_part(w)
    ]
    assert controls
    return [type(w).__name__ for w in controls if not _spoken_name(w).strip()]


def test_every_page_and_dialog_is_named_and_keyboard_usable(
    driver: WizardDriver, vault: Vault
) -> None:
    window = driver.open(start_incident(vault))
    for step in WorkflowStep:
        assert unnamed_controls(window.page(step)) == [], step
    assert unnamed_controls(window) == []

    driver.type(driver.form(S.SITUATION).widget("observations"), "Saved after a pause")
    driver.qtbot.wait(SAVE_DELAY_MS + 300)  # no key pressed: the draft timer saves it
    driver.idle()
    saved = IncidentService(vault).workflow(window.incident_id).fields(S.SITUATION)
    assert isinstance(saved, SituationFields) and saved.observations == "Saved after a pause"
    statement = driver.form(S.SITUATION).widget("statement")
    driver.type(statement, "Saved with Ctrl+S")
    driver.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    driver.qtbot.waitUntil(lambda: "draft saved" in window.message.text(), timeout=5000)
    driver.next_step()
    assert QApplication.focusWidget() is driver.form(S.REVIEW).widget("rule_reviewed")
    driver.back_step()
    assert "Alt+N" in window.next_button.toolTip() and "Alt+B" in window.back_button.toolTip()

    while window.shown_step is not S.DISCLOSURE:
        driver.next_step()
    editor = window.page(S.DISCLOSURE).list_editor(list_specs.DISCLOSURES)
    driver.click(editor.add_button)
    assert editor.dialog is not None
    assert unnamed_controls(editor.dialog) == []
    editor.dialog.reject()
    driver.click(window.export_button)
    export_dialog = window.controller.dialog
    assert isinstance(export_dialog, ExportDialog)
    assert unnamed_controls(export_dialog) == []
    export_dialog.reject()
