"""First run: a new person creates a vault, sees the recovery key once, and sets a profile."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.practice.practitioner import PractitionerService
from desktop.storage.header import HEADER_NAME
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.first_run import FirstRunWindow, Step
from desktop.ui.recovery_sheet import recovery_sheet_pdf
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.support.pdf import pdf_text

KEY_PATTERN = re.compile(r"^([0-9A-Z]{4}   ){7}[0-9A-Z]{4}$")


def _click(qtbot: QtBot, window: FirstRunWindow) -> None:
    assert window.next_button.isEnabled()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)


def _open(qtbot: QtBot, worker: DatabaseWorker, folder: Path) -> FirstRunWindow:
    window = FirstRunWindow(worker, folder, kdf_memory_kib=TEST_KDF_KIB)
    qtbot.addWidget(window)
    window.show()
    return window


def test_first_run_creates_a_vault_and_shows_the_recovery_key(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    folder = tmp_path / "My Vault"
    window = _open(qtbot, worker, folder)
    assert window.windowTitle() == "Confide"
    _click(qtbot, window)
    assert window.step is Step.LOCATION
    assert window.location.folder.text() == str(folder)
    _click(qtbot, window)

    assert window.step is Step.PASSPHRASE
    assert not window.next_button.isEnabled()
    qtbot.keyClicks(window.passphrase.fields.passphrase, "short")
    assert "at least 10" in window.passphrase.fields.hint.text()
    window.passphrase.fields.passphrase.clear()
    qtbot.keyClicks(window.passphrase.fields.passphrase, PASSPHRASE)
    qtbot.keyClicks(window.passphrase.fields.confirmation, PASSPHRASE)
    assert window.passphrase.fields.meter.value() >= 2  # four common words: "Fair"
    assert window.next_button.text() == "&Create vault"
    _click(qtbot, window)

    qtbot.waitUntil(lambda: window.step is Step.RECOVERY, timeout=20_000)
    shown = window.recovery.key_label.text()
    assert KEY_PATTERN.match(shown), shown
    assert (folder / HEADER_NAME).is_file()
    assert not window.back_button.isEnabled()
    assert not window.next_button.isEnabled()
    qtbot.keyClick(window.recovery.stored, Qt.Key.Key_Space)
    assert window.recovery.stored.isChecked()
    _click(qtbot, window)
    assert window.recovery.key_label.text() == ""

    assert window.step is Step.PROFILE
    assert not window.next_button.isEnabled()
    qtbot.keyClicks(window.profile.form.full_name, "Dr. Ada Example")
    combo = window.profile.form.jurisdiction
    combo.setCurrentIndex(combo.findData("OR"))
    with qtbot.waitSignal(window.finished, timeout=10_000) as finished:
        _click(qtbot, window)
    vault = finished.args[0]
    assert isinstance(vault, Vault)
    try:
        profile = worker.call(lambda: PractitionerService(vault).require())
        assert (profile.full_name, profile.jurisdiction) == ("Dr. Ada Example", "OR")
        assert vault.actor == "Dr. Ada Example"
    finally:
        worker.call(vault.lock)
    reopened = Vault.open(folder, PASSPHRASE)
    reopened.lock()


def test_first_run_refuses_a_folder_that_already_holds_a_vault(
    qtbot: QtBot, worker: DatabaseWorker, vault: Vault
) -> None:
    window = _open(qtbot, worker, vault.folder)
    _click(qtbot, window)
    _click(qtbot, window)
    assert window.step is Step.LOCATION
    assert "already exists" in window.location.message.text()


def test_mismatched_passphrases_keep_create_disabled(
    qtbot: QtBot, worker: DatabaseWorker, tmp_path: Path
) -> None:
    window = _open(qtbot, worker, tmp_path / "v")
    _click(qtbot, window)
    _click(qtbot, window)
    qtbot.keyClicks(window.passphrase.fields.passphrase, PASSPHRASE)
    qtbot.keyClicks(window.passphrase.fields.confirmation, PASSPHRASE + "x")
    assert not window.next_button.isEnabled()
    assert "do not match" in window.passphrase.fields.hint.text()


def test_recovery_sheet_pdf_holds_every_group_of_the_key() -> None:
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789"
    pdf = recovery_sheet_pdf(key, "My Vault")
    text = pdf_text(pdf)
    for group in key.split("-"):
        assert group in text
    assert "recovery key" in text.lower()


def test_strength_meter_rates_length_variety_and_words() -> None:
    from desktop.ui.widgets.passphrase import estimate_strength

    assert estimate_strength("short").label == "Too short"
    assert estimate_strength("aaaaaaaaaaaaaaaa").label == "Weak"
    assert estimate_strength("correct horse battery").label == "Weak"
    assert estimate_strength("five unrelated words go here").score >= 3
    assert estimate_strength("kX9#mQ2$vL7@pR4z").label == "Very strong"
