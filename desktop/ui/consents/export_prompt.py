"""Where to save an export, and an optional password to encrypt a PDF with (AES-256).

The suggested file names carry record numbers only, never a client's name.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.output import ARCHIVAL_NOTE
from desktop.ui.consents.form_dialog import hint
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

PDF_FILTER = "PDF files (*.pdf)"
CSV_FILTER = "CSV files (*.csv)"
ENCRYPTION_HINT = (
    "A password encrypts the PDF (AES-256), so it can travel by e-mail or USB stick. Give the "
    "password to the recipient another way, for example by phone. Confide does not keep it."
)


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    """The file chosen in the system's save dialog, with the filter's suffix added if missing."""
    name, _chosen = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    if not name:
        return None
    path = Path(name)
    suffix = ".csv" if file_filter == CSV_FILTER else ".pdf"
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class PasswordPromptDialog(QDialog):
    """Emits ``chosen`` with the password, or None for an unencrypted file."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Protect the PDF — Confide")
        self.encrypt = named(QCheckBox("&Encrypt the PDF with a password"), "Encrypt the PDF")
        # As wide as its text: a click beside the text does not toggle a check box.
        self.encrypt.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.password = named(QLineEdit(), "Password")
        self.confirm = named(QLineEdit(), "Password again")
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setEnabled(False)
        self.encrypt.toggled.connect(self._on_encrypt_toggled)
        self.message = MessageLine("Password message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Save), "Save")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(hint(ENCRYPTION_HINT))
        form.addRow(hint(ARCHIVAL_NOTE))
        form.addRow(self.encrypt)
        form.addRow("&Password", self.password)
        form.addRow("Password a&gain", self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _on_encrypt_toggled(self, checked: bool) -> None:
        self.password.setEnabled(checked)
        self.confirm.setEnabled(checked)
        if checked:
            self.password.setFocus()

    def _on_save_clicked(self) -> None:
        if not self.encrypt.isChecked():
            self.chosen.emit(None)
            self.accept()
            return
        password = self.password.text()
        if not password:
            self.message.show_message("Enter a password, or untick the box.", "error")
        elif password != self.confirm.text():
            self.message.show_message("The two passwords differ. Type them again.", "error")
        else:
            self.chosen.emit(password)
            self.accept()
