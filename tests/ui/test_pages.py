"""Audit log filters and integrity check, settings (backup, passphrase, auto-lock minutes,
restore), the dashboard, and starting a break-confidentiality workflow from a client."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain import ExceptionType
from desktop.services.practice.practitioner import Profile
from desktop.storage import backup
from desktop.storage.vault import Vault
from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.client_record.incidents_tab import ExceptionTypeDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.audit_log import AuditLogPage
from desktop.ui.pages.dashboard import DashboardPage
from desktop.ui.pages.settings import SettingsPage
from desktop.ui.wizard.window import IncidentWizardWindow
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE
from tests.ui.conftest import wait_idle

NEW_PASSPHRASE = "another long passphrase for testing"
T = TypeVar("T")


def _page(qtbot: QtBot, window: MainWindow, kind: type) -> object:
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, kind))
    window.show_page(index)
    wait_idle(qtbot, window.context.worker)
    return window.pages[index]


def _call(context: AppContext, work: Callable[[], T]) -> T:
    return context.worker.call(work)


def test_audit_log_filters_by_client_action_and_date(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    first = _call(context, lambda: context.clients.create(ClientInput("Ida", "Auditee")))
    _call(context, lambda: context.clients.create(ClientInput("Other", "Person")))
    _call(context, lambda: context.clients.get(first))
    page = _page(qtbot, main_window, AuditLogPage)
    assert isinstance(page, AuditLogPage)
    total = page.model.rowCount()
    assert total >= 4

    page.client.setCurrentIndex(page.client.findData(first))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    actions = {page.model.index(r, 3).data() for r in range(page.model.rowCount())}
    assert actions == {"Created", "Viewed"}
    assert {page.model.index(r, 5).data() for r in range(page.model.rowCount())} == {"Ida Auditee"}

    page.action.setCurrentIndex(page.action.findText("Viewed"))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert page.model.rowCount() == 1

    page.client.setCurrentIndex(0)
    page.action.setCurrentIndex(0)
    page.end.set_value(date.today() - timedelta(days=1))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert page.model.rowCount() == 0
    assert page.count.text() == "0 events"


def test_verify_integrity_reports_plainly(qtbot: QtBot, main_window: MainWindow) -> None:
    page = _page(qtbot, main_window, AuditLogPage)
    assert isinstance(page, AuditLogPage)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.verify_result.text()), timeout=10_000)
    assert page.verify_result.text().startswith("Everything checks out.")
    assert "Database: OK" in page.verify_result.text()
    assert page.verify_result.property("kind") == "ok"


def test_back_up_now_writes_a_bundle_and_the_dashboard_shows_it(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    page = _page(qtbot, main_window, SettingsPage)
    assert isinstance(page, SettingsPage)
    folder = context.vault.folder.parent / "backups"
    page.backup_folder.clear()
    qtbot.keyClicks(page.backup_folder, str(folder))
    page.auto_lock.setValue(3)
    qtbot.mouseClick(page.save_settings_button, Qt.MouseButton.LeftButton)
    assert page.settings_message.text() == "Settings saved."
    assert main_window.idle.timeout_ms == 3 * 60_000
    qtbot.mouseClick(page.backup_now, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.backup_message.text()), timeout=20_000)
    assert page.backup_message.text().startswith("Backup written")
    assert len(backup.backups_in(folder, context.vault.vault_id)) == 1
    dashboard = _page(qtbot, main_window, DashboardPage)
    assert isinstance(dashboard, DashboardPage)
    assert "never" not in dashboard.backup_label.text()


def test_change_passphrase(qtbot: QtBot, main_window: MainWindow, context: AppContext) -> None:
    page = _page(qtbot, main_window, SettingsPage)
    assert isinstance(page, SettingsPage)
    qtbot.mouseClick(page.passphrase_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, ChangePassphraseDialog)
    )
    qtbot.keyClicks(dialog.current, "wrong current passphrase")
    qtbot.keyClicks(dialog.fields.passphrase, NEW_PASSPHRASE)
    qtbot.keyClicks(dialog.fields.confirmation, NEW_PASSPHRASE)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert "not correct" in dialog.message.text()
    dialog.current.clear()
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    folder = context.vault.folder
    main_window.close()
    Vault.open(folder, NEW_PASSPHRASE).lock()


def test_restore_from_a_backup_brings_back_the_old_records(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    _call(context, lambda: context.clients.create(ClientInput("Kept", "Before")))
    folder = context.vault.folder.parent / "backups"
    bundle = _call(context, lambda: backup.rotating_backup(context.vault, folder))
    _call(context, lambda: context.clients.create(ClientInput("Added", "After")))
    with qtbot.waitSignal(context.session.unlocked, timeout=20_000):
        context.session.restore(bundle, PASSPHRASE)  # what RestoreDialog.confirmed triggers
    assert not main_window.is_locked
    names = [c.last_name for c in _call(context, context.clients.list)]
    assert names == ["Before"]


def test_dashboard_lists_an_open_incident_and_a_client_without_consent(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    client = _call(context, lambda: context.clients.create(ClientInput("Nora", "Noconsent")))
    _call(context, lambda: context.practitioner.save(Profile("Dr. Test", "CA")))
    _call(context, lambda: context.incidents.start(client, ExceptionType.DANGER_TO_OTHERS))
    page = _page(qtbot, main_window, DashboardPage)
    assert isinstance(page, DashboardPage)
    assert page.incidents.row_count() == 1
    assert page.incidents.cell_text(0, 0) == "Nora Noconsent"
    consent_clients = [page.consents.cell_text(r, 0) for r in range(page.consents.row_count())]
    assert "Nora Noconsent" in consent_clients
    assert page.profile_banner.text() == ""


def test_start_break_confidentiality_workflow_from_a_client(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    client = _call(context, lambda: context.clients.create(ClientInput("Sam", "Threatened")))
    _call(context, lambda: context.practitioner.save(Profile("Dr. Test", "CA")))
    record = open_client_record(context, client, main_window)
    assert isinstance(record, ClientRecordDialog)
    wait_idle(qtbot, context.worker)
    qtbot.mouseClick(record.start_button, Qt.MouseButton.LeftButton)
    chooser = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ExceptionTypeDialog))
    ok = chooser.buttons.buttons()[0]
    assert not ok.isEnabled()
    index = list(ExceptionType).index(ExceptionType.DANGER_TO_OTHERS)
    button = chooser.group.button(index)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert chooser.selected() is ExceptionType.DANGER_TO_OTHERS
    qtbot.mouseClick(
        chooser.buttons.button(chooser.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )

    def ours() -> list[IncidentWizardWindow]:  # windows of other tests may still exist
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, IncidentWizardWindow) and w.context is context
        ]

    qtbot.waitUntil(lambda: len(ours()) == 1, timeout=10_000)
    wait_idle(qtbot, context.worker)
    wizard = ours()[0]
    steps = [wizard.steps.item(row).text() for row in range(wizard.steps.count())]
    assert len(steps) == 8 and "Sign-off" in steps[-1]
    assert "Danger to others" in wizard.header.text()
    assert wizard.windowTitle() == "Confide — Incident"
    wizard.close()
    assert record.incidents.table.rowCount() == 1
