"""Clients: create through the dialog, find through the search box by a word from the notes,
validation messages, archive; the table model loads lazily and sorts in SQL."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.client_record.dialog import ClientRecordDialog
from desktop.ui.context import AppContext
from desktop.ui.dialogs.client_dialog import ClientDialog
from desktop.ui.formatting import local_date
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.clients import ClientsPage
from desktop.ui.table_models.client_table_model import (
    COLUMN_BIRTH_DATE,
    COLUMN_LAST_NAME,
    ClientQuery,
    ClientTableModel,
)
from desktop.workflow.client_views import ClientInput
from tests.ui.conftest import wait_idle


def _clients_page(window: MainWindow) -> ClientsPage:
    window.show_page(1)
    page = window.pages[1]
    assert isinstance(page, ClientsPage)
    return page


def _open_new_dialog(qtbot: QtBot, page: ClientsPage) -> ClientDialog:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, ClientDialog)]
    assert len(found) == 1
    return found[0]


def _names(model: ClientTableModel) -> list[str]:
    return [str(model.index(r, COLUMN_LAST_NAME).data()) for r in range(model.rowCount())]


def _search(qtbot: QtBot, page: ClientsPage, text: str) -> None:
    page.search.clear()
    qtbot.keyClicks(page.search, text)
    qtbot.waitUntil(lambda: page.model.query.search == text, timeout=3000)
    wait_idle(qtbot, page.context.worker)


def test_new_client_is_found_by_a_word_from_its_notes(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    page = _clients_page(main_window)
    dialog = _open_new_dialog(qtbot, page)
    qtbot.keyClicks(dialog.form.first_name, "Wilhelmina")
    qtbot.keyClicks(dialog.form.last_name, "Quarrington")
    qtbot.keyClicks(dialog.form.contact_notes, "Enjoys birdwatching on weekends.")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page.context.worker)
    assert _names(page.model) == ["Quarrington"]

    _search(qtbot, page, "birdwatching")
    assert _names(page.model) == ["Quarrington"]
    _search(qtbot, page, "golf")
    assert _names(page.model) == []
    assert page.count.text() == "0 matching clients"
    _search(qtbot, page, "birdw")  # the last word matches as a prefix
    assert _names(page.model) == ["Quarrington"]


def test_a_progress_note_makes_the_client_searchable(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    client_id = context.worker.call(
        lambda: context.clients.create(ClientInput("Ottoline", "Brackenbury"))
    )
    context.worker.call(lambda: context.clients.create(ClientInput("Someone", "Else")))
    page = _clients_page(main_window)
    wait_idle(qtbot, context.worker)
    page.table.selectRow(_names(page.model).index("Brackenbury"))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    record = context.windows[f"client:{client_id}"]
    assert isinstance(record, ClientRecordDialog)
    assert record.windowTitle() == "Client record — Confide"
    wait_idle(qtbot, context.worker)
    notes = record.notes
    record.tabs.setCurrentWidget(notes)
    qtbot.keyClicks(notes.body, "Talked about the heliotrope garden.")
    qtbot.mouseClick(notes.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "heliotrope" in notes.progress.toPlainText(), timeout=10_000)
    record.close()

    _search(qtbot, page, "heliotrope")
    assert _names(page.model) == ["Brackenbury"]


@pytest.mark.parametrize(
    ("first", "last", "email", "message"),
    [
        ("", "Smith", "", "First name is required."),
        ("Jo", "", "", "Last name is required."),
        ("Jo", "Smith", "not-an-address", "does not look like an e-mail address"),
    ],
)
def test_validation_messages_are_shown_in_the_dialog(
    qtbot: QtBot, main_window: MainWindow, first: str, last: str, email: str, message: str
) -> None:
    page = _clients_page(main_window)
    dialog = _open_new_dialog(qtbot, page)
    qtbot.keyClicks(dialog.form.first_name, first)
    qtbot.keyClicks(dialog.form.last_name, last)
    qtbot.keyClicks(dialog.form.email, email)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert message in dialog.message.text()
    assert dialog.isVisible()
    dialog.reject()


def test_a_minor_needs_a_guardian(qtbot: QtBot, main_window: MainWindow) -> None:
    page = _clients_page(main_window)
    dialog = _open_new_dialog(qtbot, page)
    qtbot.keyClicks(dialog.form.first_name, "Pip")
    qtbot.keyClicks(dialog.form.last_name, "Younger")
    qtbot.keyClick(dialog.form.birth.no_date, Qt.Key.Key_Space)
    ten_years_ago = QDate.currentDate().addYears(-10)
    dialog.form.birth.editor.setDate(ten_years_ago)
    assert "under 18" in dialog.form.guardian_hint.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)
    assert "under 18" in dialog.message.text()
    qtbot.keyClicks(dialog.form.guardian_name, "Pat Younger")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, page.context.worker)
    record = page.context.worker.call(page.context.clients.list)[0]
    assert record.date_of_birth == date(
        ten_years_ago.year(), ten_years_ago.month(), ten_years_ago.day()
    )


def test_archive_hides_a_client_until_show_archived(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    context.worker.call(lambda: context.clients.create(ClientInput("Ada", "Archer")))
    page = _clients_page(main_window)
    wait_idle(qtbot, context.worker)
    page.table.selectRow(0)
    assert page.archive_button.text() == "Archi&ve"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, context.worker)
    assert _names(page.model) == []
    qtbot.keyClick(page.include_archived, Qt.Key.Key_Space)
    wait_idle(qtbot, context.worker)
    assert _names(page.model) == ["Archer"]
    page.table.selectRow(0)
    assert page.archive_button.text() == "Resto&re"
    everyone = context.worker.call(lambda: context.clients.list(include_archived=True))
    assert len(everyone) == 1  # archived, never deleted


def test_model_loads_lazily_and_sorts_in_sql(qtbot: QtBot, context: AppContext) -> None:
    for index in range(25):
        context.clients.create(
            ClientInput(f"First{index:02d}", f"Last{index:02d}", date_of_birth=date(1990, 1, 1))
        )
    model = ClientTableModel(context, batch_size=10)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.run_query(ClientQuery())
    assert model.rowCount() == 10 and model.canFetchMore()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 20
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.fetchMore()
    assert model.rowCount() == 25 and not model.canFetchMore()
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(COLUMN_LAST_NAME, Qt.SortOrder.DescendingOrder)
    assert _names(model)[:3] == ["Last24", "Last23", "Last22"]
    assert model.index(0, COLUMN_BIRTH_DATE).data() == local_date(date(1990, 1, 1))


def test_a_search_shows_recent_matches_then_counts_them_all(
    qtbot: QtBot, main_window: MainWindow, context: AppContext
) -> None:
    def setup() -> list[int]:
        ids = [
            context.clients.create(ClientInput(first_name=f"C{n}", last_name=f"L{n}"))
            for n in range(5)
        ]
        for client_id in ids:
            context.notes.add(client_id, date(2024, 3, 1), "weekly routine")
        return ids

    ids = context.worker.call(setup)
    page = _clients_page(main_window)
    wait_idle(qtbot, page.context.worker)
    page.model._batch = 2  # two rows per batch, so the matches must be counted
    _search(qtbot, page, "routine")

    qtbot.waitUntil(lambda: "counting" not in page.count.text(), timeout=5000)
    shown = [page.model.client_id(r) for r in range(page.model.rowCount())]
    assert len(shown) >= 2 and shown == ids[::-1][: len(shown)]  # newest note first
    assert page.count.text() == "5 matching clients, most recent first"
    assert page.table.horizontalHeader().sortIndicatorSection() == -1

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.query.search == "", timeout=3000)
    wait_idle(qtbot, page.context.worker)
    assert page.table.horizontalHeader().sortIndicatorSection() == COLUMN_LAST_NAME


def test_a_client_changed_elsewhere_is_not_overwritten_from_an_open_dialog(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    context = main_window.context
    client_id = context.clients.create(ClientInput(first_name="Jordan", last_name="Avery"))
    dialog = ClientDialog(context, client_id, main_window)
    dialog.show()
    qtbot.waitUntil(dialog.form.isEnabled, timeout=10_000)
    wait_idle(qtbot, context.worker)
    other = context.clients.get(client_id)  # someone else saves a new phone number meanwhile
    context.clients.update(
        client_id,
        ClientInput(first_name="Jordan", last_name="Avery", phone="555-0100"),
        expected_version=other.version,
    )

    dialog.form.email.clear()
    qtbot.keyClicks(dialog.form.email, "jordan@example.org")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=10_000)

    assert "was changed by" in dialog.message.text() and "Reload" in dialog.message.text()
    assert dialog.isVisible() and dialog.form.email.text() == "jordan@example.org"  # kept
    saved = context.clients.get(client_id).data
    assert (saved.phone, saved.email) == ("555-0100", "")
    dialog.reject()
