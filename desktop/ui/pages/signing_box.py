"""Settings › Report signing: the certificate fingerprint, export, replace, verify a report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.signing.identity import IdentityView, SigningIdentityService
from desktop.storage.certificates import certificate_pem
from desktop.storage.files import atomic_write_bytes
from desktop.ui.context import AppContext
from desktop.ui.dialogs.verify_report_dialog import VerifyReportDialog
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

EXPLANATION = (
    "Every report Confide exports is signed with this identity. Give counsel the fingerprint "
    "below by another channel (read it over the phone, or hand over the certificate file), "
    "so they can confirm that a report came from you and was not changed."
)


class SigningIdentityBox(QGroupBox):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Report signing", parent)
        self._context = context
        self._identity: IdentityView | None = None
        self.subject = named(QLabel(), "Signing identity")
        self.fingerprint = named(QLabel(), "Certificate fingerprint (SHA-256)")
        self.fingerprint.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        for label in (self.subject, self.fingerprint):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab, to copy
        self.export_button = named(QPushButton("E&xport certificate…"), "Export certificate")
        self.rotate_button = named(QPushButton("Re&place identity…"), "Replace signing identity")
        self.verify_button = named(QPushButton("&Verify a report…"), "Verify a report")
        self.message = MessageLine("Report signing message")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.rotate_button.clicked.connect(self._on_rotate_clicked)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self._layout()

    def _layout(self) -> None:
        intro = QLabel(EXPLANATION)
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.rotate_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (intro, self.subject, self.fingerprint):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        """Load the identity (creating it on first use) on the worker."""
        vault = self._context.vault
        self._context.worker.run(
            lambda: SigningIdentityService(vault).ensure(), self._show, self.message.show_error
        )

    def clear(self) -> None:
        self._identity = None
        self.subject.clear()
        self.fingerprint.clear()
        self.message.clear_message()

    def _show(self, identity: IdentityView) -> None:
        self._identity = identity
        self.subject.setText(f"Signs as: {identity.subject}")
        self.fingerprint.setText(f"Fingerprint (SHA-256): {identity.spaced_fingerprint}")

    def _on_export_clicked(self) -> None:
        identity = self._identity
        if identity is None:
            return
        default = str(Path.home() / "confide-certificate.pem")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the certificate", default, "Certificates (*.pem)"
        )
        if chosen:
            self.export_to(Path(chosen), identity)

    def export_to(self, path: Path, identity: IdentityView) -> None:
        """Write the certificate (public, no key) as PEM and say where."""
        try:
            atomic_write_bytes(path, certificate_pem(identity.certificate_der))
        except Exception as exc:
            self.message.show_error(exc)
            return
        self.message.show_message(f"Certificate written to {path.name}.", "ok")

    def _on_rotate_clicked(self) -> None:
        dialog = QInputDialog(self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle("Replace the signing identity — Confide")
        dialog.setLabelText(
            "A new key and certificate will sign reports from now on; reports signed before "
            "still verify with this vault. Tell counsel the new fingerprint.\n\nWhy replace it?"
        )
        for label in dialog.findChildren(QLabel):  # wrapped: never wider than the screen
            label.setWordWrap(True)
        dialog.textValueSelected.connect(self._rotate)
        dialog.open()

    def _rotate(self, reason: str) -> None:
        vault = self._context.vault
        self._context.worker.run(
            lambda: SigningIdentityService(vault).rotate(reason),
            self._on_rotated,
            self.message.show_error,
        )

    def _on_rotated(self, identity: IdentityView) -> None:
        self._show(identity)
        self.message.show_message("A new signing identity replaces the old one.", "ok")

    def _on_verify_clicked(self) -> None:
        VerifyReportDialog(self._context, self.window()).open()
