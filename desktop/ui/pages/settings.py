"""Settings: auto-lock, backups (folder, how many to keep, back up now, restore), the
passphrase, a new recovery key (re-encryption), export everything, import clients, the
practitioner profile, and report signing (fingerprint, verify a report)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.restore import RestorePreview, preview_restore
from desktop.services.practice.practitioner import Profile
from desktop.storage import backup
from desktop.ui.context import AppContext
from desktop.ui.dialogs.new_key_dialog import NewRecoveryKeyDialog
from desktop.ui.dialogs.passphrase_dialog import ChangePassphraseDialog
from desktop.ui.dialogs.restore_dialog import ConfirmRestoreBox, RestoreDialog
from desktop.ui.pages import Page
from desktop.ui.pages.signing_box import SigningIdentityBox
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.profile_form import ProfileForm
from desktop.ui.widgets.status import BusyIndicator, MessageLine

log = logging.getLogger("confide.ui.settings")


class SettingsPage(Page):
    title = "Settings"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.auto_lock = named(QSpinBox(), "Lock after this many idle minutes")
        self.auto_lock.setRange(1, 240)
        self.auto_lock.setSuffix(" minutes")
        self.backup_folder = named(QLineEdit(), "Backup folder")
        self.backup_keep = named(QSpinBox(), "Number of backups to keep")
        self.backup_keep.setRange(1, 100)
        self.save_settings_button = named(QPushButton("&Save settings"), "Save settings")
        self.settings_message = MessageLine("Settings message")
        self.backup_now = named(QPushButton("&Back up now"), "Back up now")
        self.restore_button = named(QPushButton("&Restore from a backup…"), "Restore from a backup")
        self.passphrase_button = named(QPushButton("&Change passphrase…"), "Change passphrase")
        self.new_key_button = named(
            QPushButton("New recovery &key…"), "New recovery key and encryption key"
        )
        self.backup_busy = BusyIndicator("Writing the backup…")
        self.backup_message = MessageLine("Backup message")
        self.profile = ProfileForm()
        self.save_profile_button = named(QPushButton("Save &profile"), "Save profile")
        self.profile_message = MessageLine("Profile message")
        self.restore_confirmation: ConfirmRestoreBox | None = None
        self.signing = SigningIdentityBox(context)
        self._layout()
        self._connect()
        self._show_settings()

    def _layout(self) -> None:
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self._security_box())
        column.addWidget(self._backup_box())
        column.addWidget(self._records_box())
        column.addWidget(self._profile_box())
        column.addWidget(self.signing)
        column.addStretch(1)
        scroll = named(QScrollArea(), "Settings")
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        self.layout_.addWidget(scroll, 1)

    def _security_box(self) -> QGroupBox:
        box = QGroupBox("Security")
        form = QFormLayout(box)
        form.addRow("&Lock after", self.auto_lock)
        form.addRow("", self.passphrase_button)
        form.addRow("", self.new_key_button)
        return box

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox("Backups")
        browse = named(QPushButton("Bro&wse…"), "Choose the backup folder")
        browse.clicked.connect(self._on_browse_clicked)
        folder = QWidget()
        row = QHBoxLayout(folder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.backup_folder, 1)
        row.addWidget(browse)
        folder.setFocusProxy(self.backup_folder)
        form = QFormLayout(box)
        form.addRow("Backup &folder", folder)
        form.addRow("&Keep the newest", self.backup_keep)
        form.addRow("", self.save_settings_button)
        form.addRow("", self.settings_message)
        actions = QHBoxLayout()
        actions.addWidget(self.backup_now)
        actions.addWidget(self.restore_button)
        actions.addStretch(1)
        form.addRow("", actions)
        form.addRow("", self.backup_busy)
        form.addRow("", self.backup_message)
        return box

    def _records_box(self) -> QGroupBox:
        box = QGroupBox("Records out and in")
        self.export_button = named(QPushButton("E&xport everything…"), "Export everything")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button = named(
            QPushButton("&Import clients from CSV…"), "Import clients from CSV"
        )
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_message = MessageLine("Export message")
        form = QFormLayout(box)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        form.addRow("", row)
        form.addRow("", self.export_message)
        return box

    def _on_import_clicked(self) -> None:
        from desktop.ui.dialogs.import_dialog import ImportClientsDialog

        ImportClientsDialog(self.context, self.window()).open()

    def _on_export_clicked(self) -> None:
        from desktop.ui.dialogs.export_dialog import ExportEverythingDialog

        dialog = ExportEverythingDialog(self.context, self.window())
        dialog.completed.connect(self._on_exported)
        dialog.open()

    def _on_exported(self, summary: object) -> None:
        path = getattr(summary, "path", None)
        name = path.name if isinstance(path, Path) else ""
        self.export_message.show_message(f"Everything was exported to {name}.", "ok")

    def _profile_box(self) -> QGroupBox:
        box = QGroupBox("Practitioner profile")
        layout = QVBoxLayout(box)
        layout.addWidget(self.profile)
        row = QHBoxLayout()
        row.addWidget(self.save_profile_button)
        row.addWidget(self.profile_message, 1)
        layout.addLayout(row)
        return box

    def _connect(self) -> None:
        self.save_settings_button.clicked.connect(self._on_save_settings_clicked)
        self.backup_now.clicked.connect(self._on_backup_now_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.passphrase_button.clicked.connect(self._on_passphrase_clicked)
        self.new_key_button.clicked.connect(self._on_new_key_clicked)
        self.save_profile_button.clicked.connect(self._on_save_profile_clicked)
        self.context.session.restore_failed.connect(self.backup_message.show_error)
        self.context.session.restored.connect(self._on_restored)

    # ----- settings file --------------------------------------------------------------------

    def _show_settings(self) -> None:
        settings = self.context.settings.value
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.backup_folder.setText(str(settings.backup_path()))
        self.backup_keep.setValue(settings.backup_keep)

    def _on_browse_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Choose the backup folder")
        if chosen:
            self.backup_folder.setText(chosen)

    def _on_save_settings_clicked(self) -> None:
        current = self.context.settings.value
        updated = replace(
            current,
            auto_lock_minutes=self.auto_lock.value(),
            backup_folder=self.backup_folder.text().strip(),
            backup_keep=self.backup_keep.value(),
        )
        try:
            self.context.settings.save(updated)
        except Exception as exc:
            log.warning("settings not saved: %s", type(exc).__name__)
            self.settings_message.show_error(exc)
            return
        self.settings_message.show_message("Settings saved.", "ok")

    # ----- backups --------------------------------------------------------------------------

    def _on_backup_now_clicked(self) -> None:
        context, settings = self.context, self.context.settings.value
        self.backup_now.setEnabled(False)
        self.backup_message.clear_message()
        self.backup_busy.start()
        context.worker.run(
            lambda: backup.rotating_backup(
                context.vault, settings.backup_path(), settings.backup_keep
            ),
            self._on_backed_up,
            self._on_backup_failed,
        )

    def _on_backed_up(self, path: Path) -> None:
        log.info("backup written")
        self.backup_busy.stop()
        self.backup_now.setEnabled(True)
        self.backup_message.show_message(f"Backup written: {path.name}", "ok")

    def _on_backup_failed(self, exc: BaseException) -> None:
        self.backup_busy.stop()
        self.backup_now.setEnabled(True)
        self.backup_message.show_error(exc)

    def _on_restore_clicked(self) -> None:
        dialog = RestoreDialog(self.context.settings.value.backup_path(), self.window())
        dialog.confirmed.connect(self._on_restore_chosen)
        dialog.open()

    def _on_restore_chosen(self, bundle: Path, passphrase: str) -> None:
        """Check the backup on the worker, then show its date and counts against the vault's."""
        context = self.context
        self.backup_message.clear_message()
        self.backup_busy.start()
        context.worker.run(
            lambda: preview_restore(bundle, passphrase, context.vault),
            lambda preview: self._confirm_restore(bundle, passphrase, preview),
            self._on_backup_failed,
        )

    def _confirm_restore(self, bundle: Path, passphrase: str, preview: RestorePreview) -> None:
        self.backup_busy.stop()
        self.restore_confirmation = ConfirmRestoreBox(preview, self.window())
        self.restore_confirmation.accepted.connect(
            lambda: self.context.session.restore(bundle, passphrase)
        )
        self.restore_confirmation.open()

    def _on_restored(self, safety: Path | None) -> None:
        text = "Restored from the backup."
        if safety is not None:
            text += f" The vault it replaced was copied to {safety} first."
        self.backup_message.show_message(text, "ok")

    def _on_passphrase_clicked(self) -> None:
        ChangePassphraseDialog(self.context, self.window()).open()

    def _on_new_key_clicked(self) -> None:
        NewRecoveryKeyDialog(self.context, self.window()).open()

    # ----- profile --------------------------------------------------------------------------

    def refresh(self) -> None:
        self._show_settings()
        context = self.context

        def load() -> Profile | None:
            return context.practitioner.get()

        context.worker.run(load, self._on_profile_loaded, context.error_handler(self))
        self.signing.refresh()

    def _on_profile_loaded(self, profile: Profile | None) -> None:
        if profile is not None:
            self.profile.set_value(profile)

    def _on_save_profile_clicked(self) -> None:
        context, profile = self.context, self.profile.value()
        context.worker.run(
            lambda: context.practitioner.save(profile),
            self._on_profile_saved,
            self.profile_message.show_error,
        )

    def _on_profile_saved(self, _none: object) -> None:
        self.profile_message.show_message("Profile saved.", "ok")
        self.signing.refresh()  # the certificate follows the profile

    def clear(self) -> None:
        self.profile.set_value(Profile(full_name="", jurisdiction=""))
        self.profile_message.clear_message()
        self.backup_message.clear_message()
        self.signing.clear()
