"""The client form's three-state contact permissions with the date asked, and the record's
Profile tab reading them back (with what not to use)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.contact_permissions import (
    ContactChannel,
    ContactPermission,
    ContactPermissions,
    ContactStatus,
)
from desktop.local_time import format_date
from desktop.ui.client_record.profile_tab import ProfileTab
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.dialogs.client_form import ClientForm
from desktop.ui.main_window import MainWindow
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import wait_idle

ASKED = date(2026, 3, 12)


def test_a_first_answer_is_dated_today_and_not_asked_has_no_date(qtbot: QtBot) -> None:
    form = ClientForm()
    qtbot.addWidget(form)
    form.show()
    voicemail = form.permissions[ContactChannel.VOICEMAIL]
    assert voicemail.value() == ContactPermission()
    assert not voicemail.asked_on.isVisible()
    voicemail.status.setFocus()
    qtbot.keyClick(voicemail.status, Qt.Key.Key_Down)  # Not asked -> Allowed
    qtbot.keyClick(voicemail.status, Qt.Key.Key_Down)  # Allowed -> Declined
    assert voicemail.value() == ContactPermission(ContactStatus.DECLINED, date.today())
    assert voicemail.asked_on.isVisible()
    voicemail.asked_on.set_value(ASKED)
    assert form.value().contact.voicemail == ContactPermission(ContactStatus.DECLINED, ASKED)
    voicemail.set_status(ContactStatus.NOT_ASKED)
    assert form.value().contact.voicemail == ContactPermission()


def test_an_undated_answer_from_an_older_vault_stays_undated(qtbot: QtBot) -> None:
    form = ClientForm()
    qtbot.addWidget(form)
    undated = ContactPermissions(text=ContactPermission(ContactStatus.ALLOWED, None))
    form.set_value(ClientInput("Ada", "Quill", contact=undated))
    assert form.value().contact == undated


def test_saved_through_the_dialog_and_shown_on_the_profile(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    main_window.show_page(1)
    page = main_window.pages[1]
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    [dialog] = [w for w in QApplication.topLevelWidgets() if isinstance(w, ClientDialog)]
    qtbot.keyClicks(dialog.form.first_name, "Ada")
    qtbot.keyClicks(dialog.form.last_name, "Quill")
    voicemail = dialog.form.permissions[ContactChannel.VOICEMAIL]
    voicemail.set_status(ContactStatus.DECLINED)
    voicemail.asked_on.set_value(ASKED)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    [summary] = context.worker.call(context.clients.list)
    record = context.worker.call(lambda: context.clients.get(summary.id, audit_view=False))
    assert record.data.contact.voicemail == ContactPermission(ContactStatus.DECLINED, ASKED)
    tab = ProfileTab()
    qtbot.addWidget(tab)
    tab.show_record(record)
    shown = [w.text() for w in tab.details.findChildren(QLabel)]
    assert f"Declined, asked {format_date(ASKED)}" in shown
    assert "Not asked" in shown
    assert (
        "Do not use voicemail: the client declined. Ask before using text messages, e-mail: "
        "the client has not been asked." in shown
    )
