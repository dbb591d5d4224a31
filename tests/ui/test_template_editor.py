"""Editing a consent template from the Consents & releases page, like a clinician would: the
edit becomes version 2, a client who signed version 1 is flagged for re-consent, the text
they signed is unchanged byte for byte, and a bad edit is refused inline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from desktop.services.practice.practitioner import Profile
from desktop.ui.consents.template_editor import (
    NEW_VERSION_NOTE,
    KeyRole,
    TemplateEditDialog,
    TemplatesPanel,
    TemplateVersionsDialog,
)
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.consents_overview import ConsentsOverviewPage
from desktop.workflow.client_views import ClientInput
from tests.support.consents import ADULT_KEY, PRACTITIONER, sign
from tests.ui.conftest import wait_idle
from tests.ui.test_accessibility import _check

OLD_SENTENCE = "It takes about ten minutes to read."
NEW_SENTENCE = "Reading it takes about fifteen minutes."


@dataclass(frozen=True)
class Signed:
    client_id: int
    consent_id: int
    text: bytes
    text_hash: str
    version_1_body: str
    version_1_hash: str


@pytest.fixture
def signed(context: AppContext) -> Signed:
    """An adult client who signed version 1 of the adult consent (through the services)."""

    def setup() -> Signed:
        context.practitioner.save(Profile(PRACTITIONER, "CA", credentials="PhD, Psychologist"))
        client = context.clients.create(
            ClientInput("Zoë", "Nguyễn", date_of_birth=date(1990, 3, 4))
        )
        consent_id = sign(context.vault, client)
        consent = context.consents.get(consent_id, audit_view=False)
        first = context.templates.template_versions(ADULT_KEY)[0]
        return Signed(
            client,
            consent_id,
            consent.rendered_text.encode("utf-8"),
            consent.rendered_hash,
            first.body,
            first.content_hash,
        )

    return context.worker.call(setup)


def _templates_panel(
    qtbot: QtBot, window: MainWindow
) -> tuple[ConsentsOverviewPage, TemplatesPanel]:
    index = next(i for i, p in enumerate(window.pages) if isinstance(p, ConsentsOverviewPage))
    window.show_page(index)
    wait_idle(qtbot, window.context.worker)
    page = window.pages[index]
    assert isinstance(page, ConsentsOverviewPage)
    return page, page.templates


def _row_of(table: QTableWidget, key: str) -> int:
    return next(r for r in range(table.rowCount()) if table.item(r, 0).data(KeyRole) == key)  # type: ignore[union-attr]


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _select(qtbot: QtBot, panel: TemplatesPanel, key: str) -> int:
    row = _row_of(panel.table, key)
    item = panel.table.item(row, 0)
    assert item is not None
    rect = panel.table.visualItemRect(item)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.edit_button.isEnabled()
    return row


def _open_editor(qtbot: QtBot, panel: TemplatesPanel, key: str) -> TemplateEditDialog:
    _select(qtbot, panel, key)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    dialog = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, TemplateEditDialog) and w.isVisible()
    )
    qtbot.waitExposed(dialog)
    return dialog


def _replace_by_typing(qtbot: QtBot, dialog: TemplateEditDialog, old: str, new: str) -> None:
    """Select ``old`` in the body (as with Find) and type ``new`` over it."""
    dialog.body_edit.setFocus()
    assert dialog.body_edit.find(old)
    qtbot.keyClicks(dialog.body_edit, new)


def _save(qtbot: QtBot, dialog: TemplateEditDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog.context.worker)


def _versions(context: AppContext) -> list[int]:
    return [
        v.version
        for v in context.worker.call(lambda: context.templates.template_versions(ADULT_KEY))
    ]


def test_editing_the_adult_template_creates_version_2_and_flags_the_signer(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, signed: Signed
) -> None:
    page, panel = _templates_panel(qtbot, main_window)
    row = _row_of(panel.table, ADULT_KEY)
    assert (_text(panel.table, row, 2), _text(panel.table, row, 4)) == ("1", "1")
    assert signed.version_1_hash in panel.table.item(row, 2).toolTip()  # type: ignore[union-attr]
    assert context.worker.call(lambda: context.consents.status(signed.client_id)).reason == ""

    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    _replace_by_typing(qtbot, dialog, OLD_SENTENCE, NEW_SENTENCE)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _save(qtbot, dialog)
    wait_idle(qtbot, context.worker)

    row = _row_of(panel.table, ADULT_KEY)
    assert (_text(panel.table, row, 2), _text(panel.table, row, 4)) == ("2", "2")
    assert signed.version_1_hash not in panel.table.item(row, 2).toolTip()  # type: ignore[union-attr]
    versions = context.worker.call(lambda: context.templates.template_versions(ADULT_KEY))
    assert NEW_SENTENCE in versions[1].body and OLD_SENTENCE not in versions[1].body
    assert (versions[0].body, versions[0].content_hash) == (
        signed.version_1_body,
        signed.version_1_hash,
    )

    status = context.worker.call(lambda: context.consents.status(signed.client_id))
    assert status.needs_consent
    assert (status.template_version, status.current_version) == (1, 2)
    assert status.reason == "signed on version 1; version 2 is current"
    listed = [page.consents.cell_text(r, 1) for r in range(page.consents.row_count())]
    assert "Signed on version 1; version 2 is current" in listed

    consent = context.worker.call(lambda: context.consents.get(signed.consent_id))
    assert consent.rendered_text.encode("utf-8") == signed.text
    assert consent.rendered_hash == signed.text_hash and consent.text_intact
    assert consent.template_version == 1 and OLD_SENTENCE in consent.rendered_text


def test_an_unknown_placeholder_is_refused_inline_and_no_version_3_exists(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, signed: Signed
) -> None:
    _page, panel = _templates_panel(qtbot, main_window)
    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    _replace_by_typing(qtbot, dialog, OLD_SENTENCE, NEW_SENTENCE)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _save(qtbot, dialog)
    wait_idle(qtbot, context.worker)
    assert _versions(context) == [1, 2]

    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    _replace_by_typing(qtbot, dialog, NEW_SENTENCE, NEW_SENTENCE + " Ask me about {{unknown}}.")
    _save(qtbot, dialog)

    assert dialog.isVisible()
    assert dialog.message.isVisible() and dialog.message.property("kind") == "error"
    assert "placeholder Confide cannot fill: {{unknown}}" in dialog.message.text()
    assert "{{unknown}}" in dialog.body_edit.toPlainText()  # what was typed is kept
    assert _versions(context) == [1, 2]
    assert _text(panel.table, _row_of(panel.table, ADULT_KEY), 2) == "2"
    dialog.reject()


@pytest.mark.parametrize(
    ("clear_title", "expected"),
    [(False, "Nothing was changed"), (True, "Title")],
    ids=["no-change", "empty-title"],
)
def test_other_refusals_are_inline_and_store_nothing(
    qtbot: QtBot,
    main_window: MainWindow,
    context: AppContext,
    signed: Signed,
    clear_title: bool,
    expected: str,
) -> None:
    _page, panel = _templates_panel(qtbot, main_window)
    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    if clear_title:
        dialog.title_edit.selectAll()
        qtbot.keyClick(dialog.title_edit, Qt.Key.Key_Delete)
    _save(qtbot, dialog)
    assert dialog.isVisible() and expected in dialog.message.text()
    assert _versions(context) == [1]
    dialog.reject()


def test_an_edit_based_on_an_outdated_version_is_refused(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, signed: Signed
) -> None:
    _page, panel = _templates_panel(qtbot, main_window)
    first = _open_editor(qtbot, panel, ADULT_KEY)
    second = TemplateEditDialog(context, first.template, main_window)
    second.show()
    _replace_by_typing(qtbot, first, OLD_SENTENCE, NEW_SENTENCE)
    with qtbot.waitSignal(first.finished, timeout=10_000):
        _save(qtbot, first)
    _replace_by_typing(qtbot, second, OLD_SENTENCE, "A different sentence.")
    _save(qtbot, second)
    assert "Version 2 of this template was saved after you opened it" in second.message.text()
    assert _versions(context) == [1, 2]
    second.reject()


def test_versions_shows_each_number_date_hash_and_read_only_text(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, signed: Signed
) -> None:
    _page, panel = _templates_panel(qtbot, main_window)
    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    _replace_by_typing(qtbot, dialog, OLD_SENTENCE, NEW_SENTENCE)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        _save(qtbot, dialog)
    wait_idle(qtbot, context.worker)
    _select(qtbot, panel, ADULT_KEY)
    qtbot.mouseClick(panel.versions_button, Qt.MouseButton.LeftButton)
    versions = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, TemplateVersionsDialog)
    )
    wait_idle(qtbot, context.worker)
    stored = context.worker.call(lambda: context.templates.template_versions(ADULT_KEY))
    table = versions.table
    assert [_text(table, r, 0) for r in range(table.rowCount())] == ["1", "2"]
    assert [_text(table, r, 2) for r in range(table.rowCount())] == [v.content_hash for v in stored]
    assert all(_text(table, r, 1) for r in range(table.rowCount()))
    assert versions.text.isReadOnly()
    assert NEW_SENTENCE in versions.text.toPlainText()
    rect = table.visualItemRect(table.item(0, 0))  # type: ignore[arg-type]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert versions.text.toPlainText() == signed.version_1_body
    assert "Version 1" in versions.facts.text()
    _check(versions)
    versions.close()


def test_the_editor_is_keyboard_reachable_and_keeps_typed_text_across_a_lock(
    qtbot: QtBot, main_window: MainWindow, context: AppContext, signed: Signed
) -> None:
    _page, panel = _templates_panel(qtbot, main_window)
    dialog = _open_editor(qtbot, panel, ADULT_KEY)
    _check(dialog)
    assert not dialog.body_edit.font().fixedPitch()
    notes = [label.text() for label in dialog.findChildren(QLabel)]
    assert NEW_VERSION_NOTE in notes
    _replace_by_typing(qtbot, dialog, OLD_SENTENCE, NEW_SENTENCE)
    context.drafts.save_all()
    assert dialog.body_edit.toPlainText() == "" and dialog.title_edit.text() == ""
    context.drafts.restore_all()
    assert NEW_SENTENCE in dialog.body_edit.toPlainText()
    assert dialog.title_edit.text() == "Informed Consent and Privacy Policy (Adult)"
    dialog.reject()
