"""The three tabs inside the real client record window, for a minor: every control and every
dialog they open is named for screen readers and reachable with Tab; the minor's signing
dialog picks the form for minors; what was typed and drawn survives an auto-lock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import RecipientRole
from desktop.services.accounting.service import AccountingService
from desktop.services.practice.practitioner import Profile
from desktop.services.releases.service import ReleaseInput
from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.client_record.tabs import TAB_FACTORIES
from desktop.ui.consents.consents_tab import ConsentsTab
from desktop.ui.consents.disclosures_tab import DisclosuresTab
from desktop.ui.consents.export_prompt import PasswordPromptDialog
from desktop.ui.consents.release_dialog import NewReleaseDialog
from desktop.ui.consents.releases_tab import ReleasesTab
from desktop.ui.consents.sign_dialog import SignConsentDialog
from desktop.ui.consents.tab_factories import CONSENT_TAB_FACTORIES
from desktop.ui.context import AppContext
from desktop.workflow.client_views import ClientInput
from tests.support.consents import MINOR_KEY, sign
from tests.support.pdf import pdf_text
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check

GUARDIAN = "Priya Marsh"


@pytest.fixture
def minor(context: AppContext) -> int:
    def setup() -> int:
        context.practitioner.save(
            Profile(full_name="Dr. Robin Vale", jurisdiction="CA", credentials="LMFT")
        )
        client = context.clients.create(
            ClientInput(
                first_name="Eli",
                last_name="Marsh",
                date_of_birth=date.today() - timedelta(days=15 * 365),
                guardian_name=GUARDIAN,
                guardian_relationship="Mother",
                guardian_authority="Parent with legal custody",
            )
        )
        sign(context.vault, client, key=MINOR_KEY, signer=GUARDIAN)
        context.releases.create(
            ReleaseInput(
                client_id=client,
                recipient_name="Dr. Ada Park",
                recipient_role=RecipientRole.CLINICIAN,
                information_description="Diagnosis",
                purpose="Care coordination",
                signer_name=GUARDIAN,
                signed_at=datetime.now(UTC) - timedelta(days=1),
                expires_on=date.today() + timedelta(days=90),
            )
        )
        AccountingService(context.vault).record_request(client, date.today())
        return client

    return context.worker.call(setup)


@pytest.fixture
def record(qtbot: QtBot, context: AppContext, minor: int) -> Iterator[ClientRecordDialog]:
    assert TAB_FACTORIES == CONSENT_TAB_FACTORIES  # the record window uses the real tabs
    window = open_client_record(context, minor, None)
    assert isinstance(window, ClientRecordDialog)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    wait_idle(qtbot, context.worker)
    yield window  # qtbot closes (and so deletes) it


def opened(qtbot: QtBot, tab: QWidget, button: QWidget, context: AppContext) -> QDialog:
    """Click ``button``; return the dialog it opened, after its data has loaded."""
    before = set(tab.findChildren(QDialog))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in tab.findChildren(QDialog) if d not in before and d.isVisible()]
    qtbot.waitExposed(dialog)
    wait_idle(qtbot, context.worker)
    return dialog


def select_first_row(tab: ConsentsTab | ReleasesTab | DisclosuresTab) -> None:
    section = tab.requests if isinstance(tab, DisclosuresTab) else tab.section
    section.table.setFocus()
    section.table.selectRow(0)


def check_dialogs(
    qtbot: QtBot, tab: QWidget, buttons: tuple[QWidget, ...], context: AppContext
) -> None:
    for button in buttons:
        assert button.isEnabled()
        dialog = opened(qtbot, tab, button, context)
        _check(dialog)
        dialog.reject()


def test_every_control_and_dialog_is_named_and_reachable(
    qtbot: QtBot,
    record: ClientRecordDialog,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for index in range(record.tabs.count()):
        record.tabs.setCurrentIndex(index)
        _check(record)
    consents, releases = record.tab("Consents"), record.tab("Releases")
    disclosures = record.tab("Disclosures")
    assert isinstance(consents, ConsentsTab) and isinstance(releases, ReleasesTab)
    assert isinstance(disclosures, DisclosuresTab)
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(tmp_path / "x.pdf"), ""))
    )

    record.tabs.setCurrentWidget(consents)
    select_first_row(consents)
    check_dialogs(
        qtbot,
        consents,
        (
            consents.view_button,
            consents.revoke_button,
            consents.addendum_button,
            consents.export_button,
        ),
        context,
    )

    record.tabs.setCurrentWidget(releases)
    new_release = opened(qtbot, releases, releases.new_button, context)
    assert isinstance(new_release, NewReleaseDialog)
    _check(new_release)
    assert new_release.signer_name.text() == GUARDIAN
    assert new_release.authority.text() == "Parent with legal custody"
    new_release.reject()
    select_first_row(releases)
    check_dialogs(
        qtbot,
        releases,
        (releases.view_button, releases.revoke_button, releases.disclose_button),
        context,
    )

    record.tabs.setCurrentWidget(disclosures)
    select_first_row(disclosures)
    check_dialogs(
        qtbot,
        disclosures,
        (
            disclosures.request_button,
            disclosures.extend_button,
            disclosures.deliver_button,
            disclosures.suspend_button,
        ),
        context,
    )


def test_a_minor_signs_on_the_form_for_minors_and_drafts_survive_a_lock(
    qtbot: QtBot, record: ClientRecordDialog, context: AppContext
) -> None:
    consents = record.tab("Consents")
    assert isinstance(consents, ConsentsTab)
    record.tabs.setCurrentWidget(consents)
    dialog = opened(qtbot, consents, consents.sign_button, context)
    assert isinstance(dialog, SignConsentDialog)
    qtbot.waitUntil(lambda: bool(dialog.text.toPlainText()), timeout=5000)
    assert dialog.template.currentData() == MINOR_KEY
    assert dialog.guardian_box.isVisible()
    assert dialog.guardian_name.text() == GUARDIAN
    assert dialog.guardian_relationship.text() == "Mother"
    _check(dialog)

    pad = dialog.guardian_signature.pad
    qtbot.keyClicks(dialog.signer_name, "Eli Marsh")
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    qtbot.mouseMove(pad, QPoint(90, 50))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(90, 50))
    context.drafts.save_all()  # what the main window does before an auto-lock
    assert dialog.signer_name.text() == "" and pad.is_empty()
    context.drafts.restore_all()
    assert dialog.signer_name.text() == "Eli Marsh"
    assert not pad.is_empty()
    dialog.reject()


def test_an_encrypted_pdf_needs_the_same_password_twice(
    qtbot: QtBot,
    record: ClientRecordDialog,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    consents = record.tab("Consents")
    assert isinstance(consents, ConsentsTab)
    record.tabs.setCurrentWidget(consents)
    out = tmp_path / "locked"  # the .pdf suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(out), "")))
    select_first_row(consents)
    prompt = opened(qtbot, consents, consents.export_button, context)
    assert isinstance(prompt, PasswordPromptDialog)
    qtbot.mouseClick(prompt.encrypt, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(prompt.password, "blue-heron-42")
    qtbot.keyClicks(prompt.confirm, "blue-heron-24")
    qtbot.mouseClick(prompt.save_button, Qt.MouseButton.LeftButton)
    assert "differ" in prompt.message.text() and prompt.isVisible()
    prompt.confirm.clear()
    qtbot.keyClicks(prompt.confirm, "blue-heron-42")
    qtbot.mouseClick(prompt.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert "Saved the PDF as locked.pdf" in consents.message.text()
    reader = PdfReader(str(out.with_name("locked.pdf")))
    assert reader.is_encrypted
    assert reader.decrypt("blue-heron-42")
    assert GUARDIAN in pdf_text(out.with_name("locked.pdf"), "blue-heron-42")
