"""Unlocking: the passphrase, or the recovery key followed by a new passphrase.

Key derivation and opening run on the DatabaseWorker while a busy indicator shows; a wrong
passphrase leaves the vault locked and says so in one plain line.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.vault_access import open_vault, recover
from desktop.settings import Settings
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.error_dialogs import message_for
from desktop.ui.widgets.accessibility import announce, heading, named
from desktop.ui.widgets.passphrase import PassphraseFields
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import BusyIndicator, MessageLine

log = logging.getLogger("confide.ui.unlock")
APP_TITLE = "Confide"


class UnlockWidget(QWidget):
    """The lock screen's form. Emits ``unlocked`` with the open Vault."""

    unlocked = Signal(object)

    def __init__(
        self,
        worker: DatabaseWorker,
        folder: Path,
        settings: Callable[[], Settings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self._folder = folder
        self._settings = settings
        self.title = heading(QLabel("Confide is locked"), 1)
        self.where = QLabel(f"Vault: {folder.name}")
        self.busy = BusyIndicator("Opening the vault…")
        self.pages = PageSwitch(self._passphrase_page(), self._recovery_page())
        self._layout()

    # ----- building -----------------------------------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget()
        self.passphrase = named(QLineEdit(), "Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)
        self.passphrase_message = MessageLine("Unlock message")
        self.unlock_button = named(QPushButton("&Unlock"), "Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.use_recovery = named(QPushButton("Use &recovery key…"), "Use recovery key")
        self.use_recovery.clicked.connect(lambda: self._show_page(1))
        label = QLabel("&Passphrase")
        label.setBuddy(self.passphrase)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.passphrase, 0, 1)
        grid.addWidget(self.passphrase_message, 1, 1)  # right under the field it is about
        grid.addWidget(_row(self.unlock_button, self.use_recovery), 2, 1)
        return page

    def _recovery_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            "Type the recovery key you stored when the vault was created (8 groups of 4 "
            "letters and digits), then choose a new passphrase."
        )
        intro.setWordWrap(True)
        self.recovery_key = named(QLineEdit(), "Recovery key")
        self.recovery_message = MessageLine("Recovery message")
        self.new_passphrase = PassphraseFields()
        self.new_passphrase.changed.connect(self._on_new_passphrase_changed)
        form = self.new_passphrase.form  # one column of labels for the key and the passphrase
        form.insertRow(0, "Recovery &key", self.recovery_key)
        form.insertRow(1, "", self.recovery_message)
        self.recover_button = named(
            QPushButton("Unlock and set &new passphrase"), "Unlock with recovery key"
        )
        self.recover_button.clicked.connect(self._on_recover_clicked)
        self.back_button = named(QPushButton("&Back to passphrase"), "Back to passphrase")
        self.back_button.clicked.connect(lambda: self._show_page(0))
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(_row(self.recover_button, self.back_button))
        self._on_new_passphrase_changed()
        return page

    def _layout(self) -> None:
        box = QWidget()
        box.setObjectName("unlockCard")
        box.setMaximumWidth(640)
        inner = QVBoxLayout(box)
        for widget in (self.title, self.where, self.pages, self.busy):
            inner.addWidget(widget)
        inner.addStretch(1)
        centred = QWidget()
        centred.setObjectName("unlockCard")  # the window's colour behind the card
        row = QHBoxLayout(centred)
        row.addStretch(1)
        row.addWidget(box, 20)  # as wide as there is room for, up to its maximum
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll_down(centred, "Unlock"))

    @property
    def message(self) -> MessageLine:
        """The message line of the page shown (each sits right under its field)."""
        return self.passphrase_message if self.pages.currentIndex() == 0 else self.recovery_message

    # ----- acting ---------------------------------------------------------------------------

    def reset(self, message: str = "") -> None:
        """Back to an empty passphrase field (the lock screen is about to show)."""
        self._set_busy(False)
        self.passphrase.clear()
        self.recovery_key.clear()
        self.new_passphrase.clear()
        self._show_page(0)
        if message:
            self.message.show_message(message, "info")

    def focus_passphrase(self) -> None:
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_page(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._clear_messages()
        self._field().setFocus()

    def _field(self) -> QLineEdit:
        """The field the page shown is about: the passphrase or the recovery key."""
        return self.passphrase if self.pages.currentIndex() == 0 else self.recovery_key

    def _clear_messages(self) -> None:
        for line, field in (
            (self.passphrase_message, self.passphrase),
            (self.recovery_message, self.recovery_key),
        ):
            line.clear_message()
            field.setAccessibleDescription("")

    def _refuse(self, text: str) -> None:
        """Say what is wrong under the field, put the cursor back in it and read it out."""
        self.message.show_message(text, "error")
        field = self._field()
        field.setFocus()
        field.selectAll()  # typing again replaces what was refused
        announce(field, text)

    def _on_new_passphrase_changed(self) -> None:
        self.recover_button.setEnabled(self.new_passphrase.is_acceptable())

    def _on_unlock_clicked(self) -> None:
        secret = self.passphrase.text()
        if not secret:
            self._refuse("Enter your passphrase.")
            return
        job = partial(open_vault, self._folder, secret, self._settings())
        self._start(job, "Opening the vault…")

    def _on_recover_clicked(self) -> None:
        if not self.recovery_key.text().strip():
            self._refuse("Enter your recovery key.")
            return
        job = partial(
            recover,
            self._folder,
            self.recovery_key.text(),
            self.new_passphrase.value(),
            self._settings(),
        )
        self._start(job, "Opening the vault and setting the new passphrase…")

    def _start(self, job: Callable[[], Vault], text: str) -> None:
        self._clear_messages()
        self._set_busy(True, text)
        self._worker.run(job, self._on_opened, self._on_failed)

    def _on_opened(self, vault: Vault) -> None:
        self.reset()
        self.unlocked.emit(vault)

    def _on_failed(self, exc: BaseException) -> None:
        log.info("unlock refused: %s", type(exc).__name__)
        self._set_busy(False)
        what, advice = message_for(exc)
        self._refuse(f"{what} {advice}".strip())

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.pages.setEnabled(not busy)
        if busy:
            self.busy.start(text)
        else:
            self.busy.stop()

    @property
    def is_busy(self) -> bool:
        return self.busy.isVisible() or not self.pages.isEnabled()


class PageSwitch(QWidget):
    """Shows one of its pages at a time and takes that page's height (a QStackedWidget takes
    the tallest page's, which left the message far below a short page)."""

    def __init__(self, *pages: QWidget) -> None:
        super().__init__()
        self._pages = pages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for page in pages:
            layout.addWidget(page)
        self.setCurrentIndex(0)

    def currentIndex(self) -> int:  # as QStackedWidget names it
        return next(n for n, page in enumerate(self._pages) if not page.isHidden())

    def setCurrentIndex(self, index: int) -> None:
        for number, page in enumerate(self._pages):
            page.setVisible(number == index)


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return row


class UnlockWindow(QWidget):
    """The window shown at start when a vault exists."""

    unlocked = Signal(object)

    def __init__(
        self,
        worker: DatabaseWorker,
        folder: Path,
        settings: Callable[[], Settings],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("appWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.form = UnlockWidget(worker, folder, settings)
        self.form.unlocked.connect(self.unlocked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.resize(720, 480)
        self.form.focus_passphrase()
