"""Settings › Report signing: the fingerprint, the certificate file, and Verify a report…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.reports.document import ReportBuilder
from desktop.reports.output import ReportSigning, write_signed_report
from desktop.services.practice.practitioner import Profile
from desktop.services.signing.identity import SigningIdentityService
from desktop.storage.certificates import load_certificate_bytes
from desktop.ui.context import AppContext
from desktop.ui.dialogs.verify_report_dialog import VerifyReportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.settings import SettingsPage
from tests.support.tampering import flip_byte_in_content_stream
from tests.ui.conftest import wait_idle


def _settings(qtbot: QtBot, window: MainWindow) -> SettingsPage:
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, SettingsPage))
    window.show_page(index)
    wait_idle(qtbot, window.context.worker)
    page = window.pages[index]
    assert isinstance(page, SettingsPage)
    return page


def _signed_report(context: AppContext, path: Path) -> Path:
    builder = ReportBuilder("Signed consent", "CONFIDENTIAL", "Client: Zoë Nguyễn")
    builder.paragraph("Consent on file.")
    signing = ReportSigning("Signed consent", "Signed consent record")
    context.worker.call(
        lambda: write_signed_report(
            SigningIdentityService(context.vault).material(), path, builder.render(), signing
        )
    )
    return path


def test_settings_shows_the_fingerprint_and_follows_the_profile(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    page = _settings(qtbot, main_window)
    first = context.worker.call(lambda: SigningIdentityService(context.vault).current())
    assert first is not None
    assert page.signing.fingerprint.text().endswith(first.spaced_fingerprint)
    page.profile.set_value(Profile(full_name="Dr. Lena Okafor", jurisdiction="NY"))
    qtbot.mouseClick(page.save_profile_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Dr. Lena Okafor" in page.signing.subject.text(), timeout=10_000)
    assert first.spaced_fingerprint not in page.signing.fingerprint.text()
    identity = context.worker.call(lambda: SigningIdentityService(context.vault).current())
    assert identity is not None
    page.signing.export_to(tmp_path / "me.pem", identity)
    assert page.signing.message.text() == "Certificate written to me.pem."
    assert load_certificate_bytes((tmp_path / "me.pem").read_bytes()) == identity.certificate_der


def test_verify_a_report_says_valid_then_changed(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, tmp_path: Path
) -> None:
    report = _signed_report(context, tmp_path / "consent.pdf")
    page = _settings(qtbot, main_window)
    qtbot.mouseClick(page.signing.verify_button, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, VerifyReportDialog))
    qtbot.keyClicks(dialog.path, str(report))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.verdict.text()), timeout=10_000)
    assert dialog.verdict.text().startswith("VALID AND UNCHANGED")
    assert dialog.verdict.property("kind") == "ok"
    assert "Reason: Signed consent record" in dialog.details.toPlainText()
    assert "no record of exporting" in dialog.details.toPlainText()  # signed, never exported
    report.write_bytes(flip_byte_in_content_stream(report.read_bytes()))
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "CHANGED" in dialog.verdict.text(), timeout=10_000)
    assert dialog.verdict.property("kind") == "error"
    dialog.close()
