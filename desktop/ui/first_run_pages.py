"""The pages of the first-run flow. Each says whether it is complete enough to go on."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
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

from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.profile_form import ProfileForm
from desktop.ui.widgets.recovery_key import RecoveryKeyView
from desktop.ui.widgets.status import MessageLine

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
        self.view = RecoveryKeyView()
        self.key_label = self.view.key_label
        self.print_button = self.view.print_button
        self.pdf_button = self.view.pdf_button
        self.copy_button = self.view.copy_button
        self.message = self.view.message
        self.stored = named(QCheckBox("I have &stored it safely"), "I have stored it safely")
        self.stored.toggled.connect(self.complete_changed)
        self.layout_.addWidget(self.view)
        self.layout_.addWidget(self.stored)
        self.layout_.addStretch(1)

    def set_key(self, recovery_key: str, vault_name: str) -> None:
        self.view.set_key(recovery_key, vault_name)

    @property
    def shown_key(self) -> str:
        return self.view.shown_key

    def forget(self) -> None:
        """Drop the key from the screen, the clipboard and this object once the flow moves on."""
        self.view.forget()

    def is_complete(self) -> bool:
        return self.stored.isChecked()


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
