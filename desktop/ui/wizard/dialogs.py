"""The wizard's small dialogs: a written reason (not applicable, addendum) and the PDF export.

Each one runs its job on the database worker and stays open with the service's message when
the job is refused, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserInputError
from desktop.reports.output import ARCHIVAL_NOTE
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine
from desktop.ui.wizard.jobs import IncidentJobs

Submit = Callable[[IncidentService, str], object]


class TextDialog(QDialog):
    """Asks for one piece of text and submits it; ``submitted`` once the service accepted it."""

    submitted = Signal()

    def __init__(
        self,
        jobs: IncidentJobs,
        *,
        title: str,
        prompt: str,
        ok_text: str,
        submit: Submit,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(f"{title} — Confide")
        self._jobs, self._submit = jobs, submit
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.text = named(QPlainTextEdit(), title)
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        self.message = MessageLine(f"{title} message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok_button, ok_text.replace("&", "")).setText(ok_text)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.text, self.message, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 320)

    def _on_ok_clicked(self) -> None:
        text, submit = self.text.toPlainText(), self._submit
        self.ok_button.setEnabled(False)
        self._jobs.run(
            lambda service: submit(service, text), self._on_done, self._on_refused, owner=self
        )

    def _on_done(self, _result: object) -> None:
        self.submitted.emit()
        self.accept()

    def _on_refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.show_error(exc)


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _export(vault: Vault, incident_id: int, out: Path, password: str | None) -> Path:
    try:
        return export_incident_report(vault, incident_id, out, password)
    except OSError:
        raise UserInputError(
            "The report could not be saved there.",
            "Choose a folder that exists and that you may write to.",
        ) from None


class ExportDialog(QDialog):
    """Where to save the report for counsel, and an optional password (AES-256)."""

    exported = Signal(str)

    def __init__(self, jobs: IncidentJobs, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Export the incident report — Confide")
        self._jobs = jobs
        default = Path.home() / f"incident-{jobs.incident_id}.pdf"
        self.path = named(QLineEdit(str(default)), "File to save the report to")
        self.choose_button = named(QPushButton("C&hoose…"), "Choose where to save the report")
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.password = self._password_field("Password (optional)")
        self.confirm = self._password_field("Repeat the password")
        self.message = MessageLine("Export message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.export_button, "Export").setText("E&xport")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        self._layout()

    def _password_field(self, name: str) -> QLineEdit:
        field = named(QLineEdit(), name, "Leave empty for a report without a password")
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _layout(self) -> None:
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow(_buddy("&File:", self.path), where)
        form.addRow(_buddy("&Password:", self.password), self.password)
        form.addRow(_buddy("&Repeat password:", self.confirm), self.confirm)
        note = QLabel(
            "The report holds the client's confidential information. Save it only where you "
            "mean to keep it, and add a password if it will leave this computer.\n\n"
            + ARCHIVAL_NOTE
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(600, 240)

    def _on_choose_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the incident report", self.path.text(), "PDF files (*.pdf)"
        )
        if chosen:
            self.path.setText(chosen)

    def target(self) -> tuple[Path, str | None]:
        """The file and password to export with; UserInputError when they do not fit."""
        text = self.path.text().strip()
        if not text:
            raise UserInputError("Choose a file to save the report to.")
        out = Path(text).expanduser()
        if out.suffix.lower() != ".pdf":
            out = out.with_name(out.name + ".pdf")
        password = self.password.text()
        if password != self.confirm.text():
            raise UserInputError("The two passwords are not the same.", "Type them again.")
        return out, password or None

    def _on_export_clicked(self) -> None:
        try:
            out, password = self.target()
        except UserInputError as exc:
            self.message.show_error(exc)
            return
        incident = self._jobs.incident_id
        self.export_button.setEnabled(False)
        self.message.show_message("Writing the report…", "info")
        self._jobs.run_on_vault(
            lambda vault: _export(vault, incident, out, password),
            self._on_exported,
            self._on_failed,
            owner=self,
        )

    def _on_exported(self, out: Path) -> None:
        self.exported.emit(out.name)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.show_error(exc)
