"""The record's Notes tab: add a progress or psychotherapy note; the two kinds shown apart.

Psychotherapy notes (45 CFR 164.501) are kept separate from the rest of the record: they sit
in their own, visibly different panel, hidden until asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.models import NoteKind
from desktop.services.clients.notes import NoteView
from desktop.ui.context import AppContext
from desktop.ui.drafts import FieldSnapshot
from desktop.ui.formatting import editor_date_format, local_date
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

PSYCHOTHERAPY_HINT = (
    "Psychotherapy notes are your separate process notes (45 CFR 164.501). They are kept "
    "apart from the client's record and are not part of any export unless you choose them."
)


class NotesTab(QWidget):
    """A DraftHolder: a half-written note survives an auto-lock."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context, self._client_id = context, client_id
        self._draft = FieldSnapshot()
        self.kind = named(QComboBox(), "Kind of note")
        self.kind.addItem("Progress note", NoteKind.PROGRESS)
        self.kind.addItem("Psychotherapy note (kept separate)", NoteKind.PSYCHOTHERAPY)
        self.session_date = named(QDateEdit(QDate.currentDate()), "Session date")
        self.session_date.setCalendarPopup(True)
        self.session_date.setDisplayFormat(editor_date_format())
        self.session_date.setMaximumDate(QDate.currentDate())
        self.body = named(QPlainTextEdit(), "Note text")
        self.body.setTabChangesFocus(True)
        self.add_button = named(QPushButton("&Add note"), "Add note")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.message = MessageLine("Note message")
        self.progress = named(QTextBrowser(), "Progress notes")
        self.psychotherapy = named(QTextBrowser(), "Psychotherapy notes")
        self.show_psychotherapy = named(
            QPushButton("Show psychotherapy notes"), "Show or hide psychotherapy notes"
        )
        self.show_psychotherapy.setCheckable(True)
        self.show_psychotherapy.toggled.connect(self._on_show_psychotherapy_toggled)
        self._layout()
        self._on_show_psychotherapy_toggled(False)
        context.drafts.register(self)

    def _layout(self) -> None:
        form_box = QGroupBox("New note")
        form = QFormLayout(form_box)
        form.addRow("&Kind", self.kind)
        form.addRow("Session &date", self.session_date)
        form.addRow("&Text", self.body)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.message, 1)
        form.addRow("", row)
        progress_box = QGroupBox("Progress notes")
        QVBoxLayout(progress_box).addWidget(self.progress)
        separate = QGroupBox("Psychotherapy notes")
        separate.setObjectName("psychotherapyNotes")
        hint = QLabel(PSYCHOTHERAPY_HINT)
        hint.setWordWrap(True)
        inner = QVBoxLayout(separate)
        inner.addWidget(hint)
        inner.addWidget(self.show_psychotherapy)
        inner.addWidget(self.psychotherapy)
        layout = QVBoxLayout(self)
        layout.addWidget(form_box)
        layout.addWidget(progress_box, 2)
        layout.addWidget(separate, 1)

    def refresh(self) -> None:
        context, client_id = self._context, self._client_id
        context.worker.run(
            lambda: context.notes.for_client(client_id, include_psychotherapy=True),
            self._on_loaded,
            self.message.show_error,
        )

    def _on_loaded(self, notes: list[NoteView]) -> None:
        self.progress.setPlainText(_render(n for n in notes if n.kind is NoteKind.PROGRESS))
        self.psychotherapy.setPlainText(
            _render(n for n in notes if n.kind is NoteKind.PSYCHOTHERAPY)
        )

    def _on_show_psychotherapy_toggled(self, shown: bool) -> None:
        self.psychotherapy.setVisible(shown)
        self.show_psychotherapy.setText(
            "Hide psychotherapy notes" if shown else "Show psychotherapy notes"
        )

    def _on_add_clicked(self) -> None:
        context, client_id = self._context, self._client_id
        kind = NoteKind(self.kind.currentData())
        picked = self.session_date.date()
        day = date(picked.year(), picked.month(), picked.day())
        text = self.body.toPlainText()
        self.add_button.setEnabled(False)
        context.worker.run(
            lambda: context.notes.add(client_id, day, text, kind), self._on_added, self._on_failed
        )

    def _on_added(self, _note_id: int) -> None:
        self.add_button.setEnabled(True)
        self.body.clear()
        self.message.show_message("Note added.", "ok")
        self.refresh()

    def _on_failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.message.show_error(exc)

    def clear(self) -> None:
        self.progress.clear()
        self.psychotherapy.clear()

    def save_draft(self) -> None:
        self._draft.capture_and_clear(self)

    def restore_draft(self) -> None:
        self._draft.restore()


def _render(notes: Iterable[NoteView]) -> str:
    parts = [f"{local_date(n.session_date)}\n{n.body}" for n in notes]
    return "\n\n".join(parts) if parts else "No notes yet."
