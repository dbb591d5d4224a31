"""Restore from a backup: choose the bundle, give its passphrase, confirm the replacement.

The restore itself is done by the VaultSession: it locks the vault, checks the bundle
completely, replaces the files and reopens the vault with the backup's passphrase.
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
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.restore import RestorePreview, describe_restore
from desktop.storage.backup import BUNDLE_SUFFIX
from desktop.ui.widgets.accessibility import named

WARNING = (
    "Restoring replaces everything in the open vault with the contents of the backup. Anything "
    "recorded after that backup was made will be gone. Confide checks the whole backup before "
    "it replaces anything; if the check fails, your vault is left as it is."
)


class RestoreDialog(QDialog):
    """Emits ``confirmed(path, passphrase)``."""

    confirmed = Signal(object, str)

    def __init__(self, start_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Restore from a backup — Confide")
        self._start_folder = start_folder
        warning = QLabel(WARNING)
        warning.setWordWrap(True)
        self.file = named(QLineEdit(), "Backup file")
        browse = named(QPushButton("&Browse…"), "Choose the backup file")
        browse.clicked.connect(self._on_browse_clicked)
        self.passphrase = named(QLineEdit(), "The backup's passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.understood = named(
            QCheckBox("I understand the open vault will be replaced"), "Confirm replacement"
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok, "Restore").setText("&Restore")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.file, 1)
        line.addWidget(browse)
        row.setFocusProxy(self.file)
        form = QFormLayout()
        form.addRow("Backup &file", row)
        form.addRow("Its &passphrase", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.understood)
        layout.addWidget(self.buttons)
        for signal in (self.file.textChanged, self.passphrase.textChanged):
            signal.connect(self._update)
        self.understood.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        ready = bool(self.file.text().strip() and self.passphrase.text())
        self.ok.setEnabled(ready and self.understood.isChecked())

    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            "Choose a backup",
            str(self._start_folder),
            f"Confide backups (*{BUNDLE_SUFFIX});;All files (*)",
        )
        if name:
            self.file.setText(name)

    def _on_ok_clicked(self) -> None:
        self.confirmed.emit(Path(self.file.text().strip()).expanduser(), self.passphrase.text())
        self.accept()


class ConfirmRestoreBox(QMessageBox):
    """The last question: the backup's date and counts against the open vault's."""

    def __init__(self, preview: RestorePreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Replace the vault with this backup? — Confide")
        self.setText("Replace the open vault with this backup?")
        self.setInformativeText("\n".join(describe_restore(preview)))
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.yes = named(self.button(QMessageBox.StandardButton.Yes), "Replace the vault")
        self.yes.setText("&Replace the vault")
        self.yes.clicked.connect(self.accept)
