"""Change the passphrase: the current one, then the new one twice. The database is not
re-encrypted; only the data key's wrapping changes (on the worker: key derivation is slow).
The dialog says so: older backups keep opening with the old passphrase."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.status import BusyIndicator, MessageLine

log = logging.getLogger("confide.ui.passphrase")


class ChangePassphraseDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Change passphrase — Confide")
        self._context = context
        note = QLabel(
            "This changes the passphrase that unlocks the vault on this computer. The key that "
            "encrypts your records stays the same, so backups made before now still open with "
            "the old passphrase. To re-encrypt under a new key, use “New recovery key” in "
            "Settings afterwards."
        )
        note.setWordWrap(True)
        self.current = named(QLineEdit(), "Current passphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.fields = PassphraseFields()
        self.fields.changed.connect(self._update)
        self.busy = BusyIndicator("Changing the passphrase…")
        self.message = MessageLine("Passphrase change message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok, "Change passphrase").setText("&Change passphrase")
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("C&urrent passphrase", self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        for widget in (self.fields, self.busy, self.message, self.buttons):
            layout.addWidget(widget)
        self.current.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.ok.setEnabled(bool(self.current.text()) and self.fields.is_acceptable())

    def _on_ok_clicked(self) -> None:
        context, old, new = self._context, self.current.text(), self.fields.value()
        self.ok.setEnabled(False)
        self.busy.start()
        context.worker.run(
            lambda: context.vault.change_passphrase(old, new), self._on_changed, self._on_failed
        )

    def _on_changed(self, _none: None) -> None:
        log.info("passphrase changed")
        self.busy.stop()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.busy.stop()
        self._update()
        self.message.show_error(exc)
        self.current.selectAll()
        self.current.setFocus()
