"""First run: welcome, vault location, passphrase, recovery key, practitioner profile.

The vault is created on the DatabaseWorker (the key derivation takes about a second) while a
busy indicator shows. Once it exists there is no way back: the recovery key must be stored
before the profile, and closing the window locks the new vault.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.errors import VaultExistsError
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.services.vault_access import create_vault, refuse_existing
from desktop.storage.vault import Vault
from desktop.ui.background import DatabaseWorker
from desktop.ui.first_run_pages import (
    FlowPage,
    LocationPage,
    PassphrasePage,
    ProfilePage,
    RecoveryPage,
    WelcomePage,
)
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.scrolling import scroll_down
from desktop.ui.widgets.status import BusyIndicator

log = logging.getLogger("confide.ui.first_run")


class Step(IntEnum):
    WELCOME = 0
    LOCATION = 1
    PASSPHRASE = 2
    RECOVERY = 3
    PROFILE = 4


_NEXT_LABELS = {Step.PASSPHRASE: "&Create vault", Step.PROFILE: "&Finish"}


class FirstRunWindow(QWidget):
    """Emits ``finished`` with the new, unlocked Vault once the profile is saved."""

    finished = Signal(object)
    vault_created = Signal(object)  # the folder, as soon as the vault exists

    def __init__(
        self,
        worker: DatabaseWorker,
        default_folder: Path,
        *,
        kdf_memory_kib: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Confide")
        self.setObjectName("appWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._worker = worker
        self._kdf_memory_kib = kdf_memory_kib  # tests only: a cheaper key derivation
        self._vault: Vault | None = None
        self._done = False
        self.welcome, self.location = WelcomePage(), LocationPage(default_folder)
        self.passphrase, self.recovery = PassphrasePage(), RecoveryPage()
        self.profile = ProfilePage()
        self.pages = QStackedWidget()
        for page in self._pages():
            self.pages.addWidget(page)
            page.complete_changed.connect(self._update_buttons)
        self.busy = BusyIndicator("Creating the vault…")
        self.back_button = named(QPushButton("&Back"), "Back")
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button = named(QPushButton("&Next"), "Next")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.pages.currentChanged.connect(lambda _index: self._update_buttons())
        self._layout()
        self.resize(760, 600)
        self._update_buttons()

    def _pages(self) -> list[FlowPage]:
        return [self.welcome, self.location, self.passphrase, self.recovery, self.profile]

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        # scrolls down on a short screen or with large text, so no page is cut off
        layout.addWidget(scroll_down(self.pages, "Setup page"), 1)
        layout.addLayout(buttons)

    @property
    def step(self) -> Step:
        return Step(self.pages.currentIndex())

    def _go(self, step: Step) -> None:
        self.pages.setCurrentIndex(step)
        self._update_buttons()
        current = self.pages.currentWidget()
        if current is not None:
            current.focusNextChild()

    def _update_buttons(self) -> None:
        page = self._pages()[self.step]
        busy = self.busy.isVisibleTo(self)
        self.next_button.setText(_NEXT_LABELS.get(self.step, "&Next"))
        self.next_button.setEnabled(page.is_complete() and not busy)
        self.back_button.setEnabled(self.step in (Step.LOCATION, Step.PASSPHRASE) and not busy)

    def _on_back_clicked(self) -> None:
        self._go(Step(self.step - 1))

    def _on_next_clicked(self) -> None:
        actions: dict[Step, Callable[[], None]] = {
            Step.WELCOME: lambda: self._go(Step.LOCATION),
            Step.LOCATION: self._check_location,
            Step.PASSPHRASE: self._create_vault,
            Step.RECOVERY: self._leave_recovery,
            Step.PROFILE: self._save_profile,
        }
        actions[self.step]()

    def _check_location(self) -> None:
        folder = self.location.chosen()
        try:
            refuse_existing(folder)
        except VaultExistsError as exc:
            self.location.message.show_error(exc)
            return
        self.location.message.clear_message()
        self._go(Step.PASSPHRASE)

    def _create_vault(self) -> None:
        folder, secret = self.location.chosen(), self.passphrase.fields.value()
        memory = self._kdf_memory_kib
        self._set_busy(True, "Creating the vault… (this takes a moment)")
        self._worker.run(
            lambda: create_vault(folder, secret, kdf_memory_kib=memory),
            self._on_created,
            self._on_create_failed,
        )

    def _on_created(self, result: tuple[Vault, str]) -> None:
        self._vault, recovery_key = result
        log.info("vault created")
        self.vault_created.emit(self._vault.folder)
        self._set_busy(False)
        self.passphrase.fields.clear()
        self.recovery.set_key(recovery_key, self._vault.folder.name)
        self._go(Step.RECOVERY)

    def _on_create_failed(self, exc: BaseException) -> None:
        log.warning("vault not created: %s", type(exc).__name__)
        self._set_busy(False)
        self.passphrase.message.show_error(exc)

    def _leave_recovery(self) -> None:
        self.recovery.forget()
        self._go(Step.PROFILE)

    def _save_profile(self) -> None:
        vault, profile = self._vault, self.profile.form.value()
        if vault is None:
            return
        self._set_busy(True, "Saving your profile…")
        self._worker.run(
            lambda: _save_profile(vault, profile), self._on_profile_saved, self._on_profile_failed
        )

    def _on_profile_saved(self, vault: Vault) -> None:
        self._set_busy(False)
        self._done = True
        self.finished.emit(vault)

    def _on_profile_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.profile.message.show_error(exc)

    def _set_busy(self, busy: bool, text: str = "") -> None:
        self.pages.setEnabled(not busy)
        if busy:
            self.busy.start(text)
        else:
            self.busy.stop()
        self._update_buttons()

    @property
    def created_vault(self) -> Vault | None:
        return self._vault

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._vault is not None and not self._done:
            vault, self._vault = self._vault, None
            self._worker.call(vault.lock)
        super().closeEvent(event)


def _save_profile(vault: Vault, profile: Profile) -> Vault:
    PractitionerService(vault).save(profile)
    return vault
