"""Settings → Export everything: the whole vault as an AES-256 ZIP, or (warned) a plain folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.errors import UserInputError
from desktop.exports.archive import check_password, generated_password
from desktop.services.exports import export_vault
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named

EXPORT_HINT = (
    "Everything in the vault, in an open format that other programs can read without "
    "Confide: records as JSON Lines with their JSON Schemas, CSV tables, signed consents and "
    "finalized incidents as PDF, signatures and attachments as files, the audit log, and a "
    "FORMAT.md that explains it all. Psychotherapy notes are included."
)
ZIP_CHOICE = "Encrypted ZIP file (AES-256) — recommended"
FOLDER_CHOICE = "Plain folder — NOT encrypted"
KEEP_IT_HINT = (
    "Write the password down now: Confide does not keep it, and without it the ZIP cannot be "
    "opened. 7-Zip, WinZip, Keka and The Unarchiver open it."
)
PLAIN_WARNING = (
    "A plain folder is not encrypted: anyone who can read it can read every client's record. "
    "Only write it to an encrypted disk, and delete it when you no longer need it."
)


class ExportEverythingDialog(WorkerDialog):
    """``completed`` carries the ExportSummary."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "Export everything", "E&xport", parent)
        self.kind = named(QComboBox(), "Export format")
        self.kind.addItems([ZIP_CHOICE, FOLDER_CHOICE])
        self.target = named(QLineEdit(), "Where to save the export")
        self.browse = named(QPushButton("Bro&wse…"), "Choose where to save the export")
        self.password = named(QLineEdit(generated_password()), "Export password")
        self.understood = named(
            QCheckBox("I understand the folder is &not encrypted"),
            "I understand the folder is not encrypted",
        )
        self.plain_warning = hint(PLAIN_WARNING)
        where = QWidget()
        row = QHBoxLayout(where)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.target, 1)
        row.addWidget(self.browse)
        where.setFocusProxy(self.target)
        self.form.addRow(hint(EXPORT_HINT))
        self.form.addRow("&Format", self.kind)
        self.form.addRow("&Save to", where)
        self.form.addRow("&Password", self.password)
        self.form.addRow(hint(KEEP_IT_HINT))
        self.form.addRow(self.plain_warning)
        self.form.addRow(self.understood)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.understood.toggled.connect(lambda _on: self.update_ok())
        self.target.textChanged.connect(lambda _text: self.update_ok())
        self._on_kind_changed()

    @property
    def plain(self) -> bool:
        return self.kind.currentText() == FOLDER_CHOICE

    def _on_kind_changed(self, _index: int = 0) -> None:
        self.password.setEnabled(not self.plain)
        self.plain_warning.setVisible(self.plain)
        self.understood.setVisible(self.plain)
        self.understood.setChecked(False)
        self.update_ok()

    def _on_browse_clicked(self) -> None:
        if self.plain:
            name, _ = QFileDialog.getSaveFileName(self, "Name the new export folder")
        else:
            name, _ = QFileDialog.getSaveFileName(
                self, "Save the export", "confide-export.zip", "ZIP files (*.zip)"
            )
        if name:
            self.target.setText(name)

    def can_submit(self) -> bool:
        if not self.target.text().strip():
            return False
        return self.understood.isChecked() if self.plain else True

    def job(self) -> Callable[[], object]:
        out = Path(self.target.text().strip()).expanduser()
        password = None if self.plain else check_password(self.password.text())
        if password is not None and out.suffix.lower() != ".zip":
            out = out.with_name(out.name + ".zip")
        if self.plain and out.suffix.lower() == ".zip":
            raise UserInputError("A plain export is a folder: give a name without .zip.")
        vault = self.context.vault
        return lambda: export_vault(vault, out, password=password)
