"""The client record's Export chart button: a named, reachable dialog that writes the chart
and, for anyone but the client, records the disclosure (refusing an incomplete one)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot

from desktop.domain import RecipientRole
from desktop.models import NoteKind
from desktop.services.accounting.service import AccountingService
from desktop.services.clients.notes import NoteService
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.practice.practitioner import Profile
from desktop.services.releases.service import ReleaseInput
from desktop.ui.client_record.chart_dialog import FOR_OTHER, ChartExportDialog
from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.client_record.opener import open_client_record
from desktop.ui.context import AppContext
from desktop.workflow.client_views import ClientInput
from tests.support.pdf import pdf_text
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check

SECRET_NOTE = "Process note kept apart"


@pytest.fixture
def record(qtbot: QtBot, context: AppContext) -> Iterator[ClientRecordDialog]:
    def setup() -> int:
        client = context.clients.create(ClientInput("Zoë", "Nguyễn <b>"))
        notes = NoteService(context.vault)
        notes.add(client, date(2025, 3, 1), "Progress note about sleep")
        notes.add(client, date(2025, 3, 2), SECRET_NOTE, NoteKind.PSYCHOTHERAPY)
        return client

    client = context.worker.call(setup)
    window = open_client_record(context, client, None)
    assert isinstance(window, ClientRecordDialog)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    wait_idle(qtbot, context.worker)
    yield window


def open_chart_dialog(
    qtbot: QtBot, record: ClientRecordDialog, out: Path, monkeypatch: pytest.MonkeyPatch
) -> ChartExportDialog:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: (str(out), "")))
    qtbot.mouseClick(record.chart_button, Qt.MouseButton.LeftButton)
    [dialog] = [d for d in record.findChildren(QDialog) if d.isVisible()]
    assert isinstance(dialog, ChartExportDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _record_release(context: AppContext, client_id: int) -> int:
    """The client's authorization naming Lee & Park LLP for the whole chart."""
    context.practitioner.save(Profile(full_name="Dr. Robin Vale", jurisdiction="CA"))
    return context.releases.create(_release(client_id))


def _release(client_id: int) -> ReleaseInput:
    return ReleaseInput(
        client_id=client_id,
        recipient_name="Lee & Park LLP",
        recipient_role=RecipientRole.ATTORNEY,
        information_description="The whole chart",
        purpose="The client's lawsuit",
        signer_name="Zoë Nguyễn <b>",
        signed_at=datetime.now(UTC) - timedelta(days=1),
        expires_on=date.today() + timedelta(days=30),
        signature_png=synthetic_signature_png("Zoë Nguyễn"),
    )


def test_chart_for_the_client_leaves_psychotherapy_notes_out(
    qtbot: QtBot,
    record: ClientRecordDialog,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_chart_dialog(qtbot, record, tmp_path / "chart", monkeypatch)
    _check(dialog)
    assert not dialog.recipient.isEnabled()
    with qtbot.waitSignal(dialog.completed, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert "Chart saved as chart.pdf" in record.message.text()
    text = pdf_text(tmp_path / "chart.pdf")
    assert "Nguyễn <b>" in text and "Progress note about sleep" in text
    assert SECRET_NOTE not in text


def test_chart_for_someone_else_is_recorded_as_a_disclosure(
    qtbot: QtBot,
    record: ClientRecordDialog,
    context: AppContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_chart_dialog(qtbot, record, tmp_path / "chart.pdf", monkeypatch)
    dialog.audience.setCurrentText(FOR_OTHER)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Name the recipient" in dialog.message.text() and dialog.isVisible()
    assert not (tmp_path / "chart.pdf").exists()
    qtbot.keyClicks(dialog.recipient, "Lee & Park LLP")
    qtbot.keyClicks(dialog.purpose, "The client's lawsuit")
    qtbot.keyClicks(dialog.password, "blue-heron-42")
    qtbot.keyClicks(dialog.password_again, "blue-heron-24")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "passwords differ" in dialog.message.text()
    dialog.password_again.clear()
    qtbot.keyClicks(dialog.password_again, "blue-heron-42")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no release names them yet
    qtbot.waitUntil(
        lambda: "This client has no release on file" in dialog.message.text(), timeout=20_000
    )
    assert not (tmp_path / "chart.pdf").exists()
    context.worker.call(lambda: _record_release(context, record.client_id))
    with qtbot.waitSignal(dialog.completed, timeout=20_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert "Recorded as a disclosure to Lee & Park LLP" in record.message.text()
    log = context.worker.call(lambda: AccountingService(context.vault).full_log(record.client_id))
    assert [entry.recipient_name for entry in log.entries] == ["Lee & Park LLP"]
    reader = PdfReader(str(tmp_path / "chart.pdf"))
    assert reader.is_encrypted and reader.decrypt("blue-heron-42")
