"""The pages of the first-run flow. Each says whether it is complete enough to go on."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.recovery_sheet import key_groups, print_recovery_sheet, save_recovery_sheet
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.profile_form import ProfileForm
from desktop.ui.widgets.status import SELECTABLE, MessageLine

log = logging.getLogger("confide.ui.first_run")


class FlowPage(QWidget):
    """A page with a title, some explanation and a completeness flag."""

    complete_changed = Signal()

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(heading(QLabel(title), 1))
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)

    def is_complete(self) -> bool:
        return True


class WelcomePage(FlowPage):
    def __init__(self) -> None:
        super().__init__(
            "Welcome to Confide",
            "Confide keeps your clients' records, signed consents and releases, and the notes of "
            "any break of confidentiality in one encrypted vault on this computer. Nothing is "
            "sent anywhere.\n\nSetting up takes three short steps: where the vault lives, a "
            "passphrase, and a recovery key to keep somewhere safe. Then your practitioner "
            "profile.",
        )
        self.layout_.addStretch(1)


class LocationPage(FlowPage):
    def __init__(self, default_folder: Path) -> None:
        super().__init__(
            "Where the vault lives",
            "The vault is a folder holding the encrypted database. The suggested place is your "
            "personal data folder. Choose a folder of your own only if you have a reason to, and "
            "include it in your computer's backups.",
        )
        self.folder = named(QLineEdit(str(default_folder)), "Vault folder")
        self.folder.textChanged.connect(self.complete_changed)
        self.browse = named(QPushButton("&Browse…"), "Choose the vault folder")
        self.browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        self.layout_.addLayout(row)
        self.message = MessageLine("Vault folder message")
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose where the vault lives")
        if chosen:
            self.folder.setText(str(Path(chosen) / "Confide Vault"))

    def chosen(self) -> Path:
        return Path(self.folder.text().strip()).expanduser().absolute()

    def is_complete(self) -> bool:
        return bool(self.folder.text().strip())


class PassphrasePage(FlowPage):
    def __init__(self) -> None:
        super().__init__(
            "Choose a passphrase",
            "You type this passphrase each time you open Confide. Make it long rather than "
            "clever: four or five unrelated words work well. It is never stored; if you forget "
            "it, only the recovery key you will get next can open the vault.",
        )
        self.fields = PassphraseFields()
        self.fields.changed.connect(self.complete_changed)
        self.layout_.addWidget(self.fields)
        self.message = MessageLine("Passphrase message")
        self.layout_.addWidget(self.message)
        self.layout_.addStretch(1)

    def is_complete(self) -> bool:
        return self.fields.is_acceptable()


class RecoveryPage(FlowPage):
    def __init__(self) -> None:
        super().__init__(
            "Your recovery key",
            "This key opens the vault if you forget your passphrase. It is shown only now. "
            "Print it or save it as a PDF, or write it down, and keep it somewhere safe away "
            "from this computer.",
        )
        self._key = ""
        self._vault_name = ""
        self.key_label = named(QLabel(), "Recovery key")
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.key_label.setTextInteractionFlags(SELECTABLE)
        self.key_label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_label.setWordWrap(True)
        self.print_button = named(QPushButton("&Print…"), "Print the recovery key")
        self.print_button.clicked.connect(self._on_print_clicked)
        self.pdf_button = named(QPushButton("Save as P&DF…"), "Save the recovery key as a PDF")
        self.pdf_button.clicked.connect(self._on_pdf_clicked)
        self.stored = named(QCheckBox("I have &stored it safely"), "I have stored it safely")
        self.stored.toggled.connect(self.complete_changed)
        self.message = MessageLine("Recovery key message")
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pdf_button)
        buttons.addStretch(1)
        for item in (self.key_label, buttons, self.stored, self.message):
            _add(self.layout_, item)
        self.layout_.addStretch(1)

    def set_key(self, recovery_key: str, vault_name: str) -> None:
        self._key, self._vault_name = recovery_key, vault_name
        self.key_label.setText("   ".join(key_groups(recovery_key)))

    @property
    def shown_key(self) -> str:
        return self._key

    def forget(self) -> None:
        """Drop the key from the screen and this object once the flow moves on."""
        self._key = ""
        self.key_label.clear()

    def is_complete(self) -> bool:
        return self.stored.isChecked()

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


class ProfilePage(FlowPage):
    def __init__(self) -> None:
        super().__init__(
            "Your practitioner profile",
            "Your name signs consents and reports. Your jurisdiction decides which rules "
            "Confide shows when confidentiality may have to be broken. You can change all of "
            "this later in Settings.",
        )
        self.form = ProfileForm()
        self.form.full_name.textChanged.connect(self.complete_changed)
        self.form.jurisdiction.currentIndexChanged.connect(self.complete_changed)
        self.layout_.addWidget(self.form)
        self.message = MessageLine("Profile message")
        self.layout_.addWidget(self.message)

    def is_complete(self) -> bool:
        value = self.form.value()
        return bool(value.full_name.strip() and value.jurisdiction)


def _add(layout: QVBoxLayout, item: QWidget | QHBoxLayout) -> None:
    if isinstance(item, QWidget):
        layout.addWidget(item)
    else:
        layout.addLayout(item)
