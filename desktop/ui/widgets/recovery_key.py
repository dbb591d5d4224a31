"""The recovery key on screen: shown once, not selectable, with Copy (cleared after 30 s),
Print and Save as PDF."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.recovery_sheet import key_groups, print_recovery_sheet, save_recovery_sheet
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

log = logging.getLogger("confide.ui.recovery_key")
CLEAR_CLIPBOARD_AFTER_MS = 30_000


class RecoveryKeyView(QWidget):
    """The key in groups; nothing but the Copy button puts it on the clipboard."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        self._vault_name = ""
        self.key_label = named(QLabel(), "Recovery key")
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.key_label.setWordWrap(True)
        self.copy_button = named(QPushButton("&Copy"), "Copy the recovery key for 30 seconds")
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.print_button = named(QPushButton("&Print…"), "Print the recovery key")
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button = named(QPushButton("Save as P&DF…"), "Save the recovery key as a PDF")
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.message = MessageLine("Recovery key message")
        self.clear_timer = QTimer(self)
        self.clear_timer.setSingleShot(True)
        self.clear_timer.setInterval(CLEAR_CLIPBOARD_AFTER_MS)
        self.clear_timer.timeout.connect(self.clear_clipboard)
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.key_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def set_key(self, recovery_key: str, vault_name: str) -> None:
        self._key, self._vault_name = recovery_key, vault_name
        self.key_label.setText("   ".join(key_groups(recovery_key)))

    @property
    def shown_key(self) -> str:
        return self._key

    def forget(self) -> None:
        """Drop the key from the screen, this object and the clipboard."""
        self.clear_clipboard()
        self.clear_timer.stop()
        self._key = ""
        self.key_label.clear()

    def clear_clipboard(self) -> None:
        """Empty the clipboard if it still holds the key (another copy is left alone)."""
        clipboard = QGuiApplication.clipboard()
        if self._key and clipboard.text() == self._key:
            clipboard.clear()

    def _on_copy_clicked(self) -> None:
        if not self._key:
            return
        QGuiApplication.clipboard().setText(self._key)
        self.clear_timer.start()
        self.message.show_message(
            "Copied. The clipboard is cleared in 30 seconds: paste it where you keep it now.",
            "ok",
        )

    def _on_print_clicked(self) -> None:
        if print_recovery_sheet(self, self._key, self._vault_name):
            self.message.show_message("Sent to the printer.", "ok")

    def _on_pdf_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save the recovery key", "Confide recovery key.pdf", "PDF files (*.pdf)"
        )
        if not name:
            return
        try:
            save_recovery_sheet(Path(name), self._key, self._vault_name)
        except Exception as exc:
            log.warning("recovery sheet not saved: %s", type(exc).__name__)
            self.message.show_error(exc)
            return
        self.message.show_message("Saved. Move the file somewhere safe, or print it.", "ok")
