"""New recovery key: re-encrypt the vault under a new key and show the new recovery key once.

The old recovery key, older backups and older copies of the header stop opening the current
records. The work (export under the new key, atomic swap) runs on the database worker.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
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
from desktop.ui.widgets.recovery_key import RecoveryKeyView
from desktop.ui.widgets.status import BusyIndicator, MessageLine

log = logging.getLogger("confide.ui.new_key")

EXPLANATION = (
    "Confide will re-encrypt the whole vault under a new key and give you a new recovery key. "
    "Afterwards the old recovery key no longer opens the vault, and neither do backups or "
    "copies of the vault made before now (they still open their own, older contents with the "
    "passphrase they had). Use this if the recovery key may have been seen by someone else, or "
    "a backup was lost. Your passphrase stays the same. Make a new backup afterwards."
)


class NewRecoveryKeyDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("New recovery key — Confide")
        self._context = context
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.current = named(QLineEdit(), "Current passphrase")
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.view = RecoveryKeyView()
        self.view.hide()
        self.stored = named(QCheckBox("I have &stored the new key safely"), "Stored safely")
        self.stored.hide()
        self.busy = BusyIndicator("Re-encrypting the vault…")
        self.message = MessageLine("New recovery key message")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.ok, "Make a new key").setText("&Make a new key")
        self.cancel = named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_ok_clicked)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.addRow("C&urrent passphrase", self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(self.form)
        for widget in (self.view, self.stored, self.busy, self.message, self.buttons):
            layout.addWidget(widget)
        self.current.textChanged.connect(self._update)
        self.stored.toggled.connect(self._update)
        self._done = False
        self._update()

    def _update(self) -> None:
        if self._done:
            self.ok.setEnabled(self.stored.isChecked())
        else:
            self.ok.setEnabled(bool(self.current.text()))

    def _on_ok_clicked(self) -> None:
        if self._done:
            self.view.forget()
            self.accept()
            return
        context, secret = self._context, self.current.text()
        self.ok.setEnabled(False)
        self.busy.start()

        def work() -> str:
            vault = context.vault
            vault.check_passphrase(secret)
            return vault.rotate_keys(secret)

        context.worker.run(work, self._on_rotated, self._on_failed)

    def _on_rotated(self, recovery_key: str) -> None:
        log.info("vault re-encrypted under a new key")
        self.busy.stop()
        self._done = True
        self.current.clear()
        self.current.setEnabled(False)
        self.view.set_key(recovery_key, self._context.vault.folder.name)
        self.view.show()
        self.stored.show()
        self.cancel.hide()
        self.ok.setText("&Close")
        self.message.show_message(
            "Done. This is your new recovery key: the old one no longer opens the vault.", "ok"
        )
        self._update()

    def _on_failed(self, exc: BaseException) -> None:
        self.busy.stop()
        self._update()
        self.message.show_error(exc)
        self.current.selectAll()
        self.current.setFocus()

    def reject(self) -> None:
        if self._done and not self.stored.isChecked():
            self.message.show_message(
                "Store the new key first: the old one no longer opens the vault.", "error"
            )
            return
        self.view.forget()
        super().reject()
