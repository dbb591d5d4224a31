"""The disclosure dialog's release list: a covering release is picked from the client's
releases (it fills the recipient and the authorization basis and is marked used); when none
covers the information, the matching rule and each release's reason are shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.domain import ExceptionType, LegalBasis, RecipientRole
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.incidents.service import IncidentService
from desktop.services.release_matching import MATCHING_RULE
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.ui.context import AppContext
from desktop.ui.wizard import list_specs
from desktop.ui.wizard.jobs import IncidentJobs
from desktop.ui.wizard.list_editor import ItemDialog
from tests.support.cases import setup_practice
from tests.ui.conftest import wait_idle

NOW = datetime.now(UTC)


def _release(vault: Vault, client_id: int, recipient: str) -> int:
    return ReleaseService(vault).create(
        ReleaseInput(
            client_id=client_id,
            recipient_name=recipient,
            recipient_role=RecipientRole.CLINICIAN,
            information_description="Diagnosis and dates of treatment",
            purpose="Continuity of care",
            signer_name="Jordan Avery",
            signed_at=NOW - timedelta(days=5),
            expires_on=date.today() + timedelta(days=90),
            signature_png=synthetic_signature_png("Jordan Avery"),
        )
    )


@pytest.fixture
def dialog(qtbot: QtBot, vault: Vault, context: AppContext) -> Iterator[ItemDialog]:
    client_id = setup_practice(vault)
    _release(vault, client_id, "Dr. Hale")
    revoked = _release(vault, client_id, "Dr. Old")
    ReleaseService(vault).revoke(revoked, NOW - timedelta(days=1))
    incident_id = IncidentService(vault).start(client_id, ExceptionType.CLIENT_AUTHORIZED)
    owner = QWidget()
    qtbot.addWidget(owner)
    jobs = IncidentJobs(context, incident_id, owner)
    found = ItemDialog(list_specs.DISCLOSURES, jobs, client_id, owner)
    found.show()
    qtbot.waitExposed(found)
    wait_idle(qtbot, context.worker)
    yield found
    if shiboken6.isValid(found):  # an accepted dialog deletes itself
        found.close()


def _tick(qtbot: QtBot, dialog: ItemDialog, path: str) -> None:
    box = dialog.form.widget(path)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def test_picking_a_covering_release_fills_the_recipient_and_marks_it_used(
    qtbot: QtBot, dialog: ItemDialog, vault: Vault, context: AppContext
) -> None:
    picker = dialog.release_picker
    assert picker is not None
    _tick(qtbot, dialog, "categories.diagnosis")
    listed = [picker.combo.itemText(i) for i in range(picker.combo.count())]
    assert len(listed) == 2 and listed[1].startswith("Release #1: Dr. Hale")  # not the revoked
    assert "1 of the client's releases covers" in picker.explanation.text()
    picker.combo.setFocus()
    qtbot.keyClick(picker.combo, Qt.Key.Key_Down)
    assert dialog.form.editor("recipient_name").value() == "Dr. Hale"
    assert dialog.form.editor("legal_basis").value() is LegalBasis.AUTHORIZATION
    qtbot.keyClicks(dialog.form.widget("description"), "Diagnosis letter")
    qtbot.keyClicks(dialog.form.widget("purpose"), "Continuity of care")
    with qtbot.waitSignal(dialog.added, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert ReleaseService(vault).get(1).times_used == 1


def test_when_no_release_covers_the_rule_and_each_reason_are_shown(
    qtbot: QtBot, dialog: ItemDialog
) -> None:
    picker = dialog.release_picker
    assert picker is not None
    _tick(qtbot, dialog, "categories.psychotherapy_notes")
    assert picker.combo.count() == 1  # only "No release: another legal basis"
    shown = picker.explanation.text()
    assert shown.startswith("None of this client's releases covers this disclosure.")
    assert MATCHING_RULE in shown
    assert "#1 (Dr. Hale): this release does not cover psychotherapy notes" in shown
    assert "#2 (Dr. Old): this release was revoked" in shown
