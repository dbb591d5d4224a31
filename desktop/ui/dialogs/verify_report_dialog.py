"""Verify a report…: check a PDF's signature and fingerprint against this vault's identities."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserInputError
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.status import MessageLine

if TYPE_CHECKING:
    from desktop.reports.checking import ReportCheck

INTRO = (
    "Choose a report that Confide exported (from any computer). Confide checks its "
    "signature, whether any byte changed since it was signed, whether this vault signed it, "
    "and finds when it was exported."
)


class VerifyReportDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Verify a report — Confide")
        self._context = context
        self.path = named(QLineEdit(), "Report file to verify")
        self.choose_button = named(QPushButton("C&hoose…"), "Choose the report file")
        self.password = named(
            QLineEdit(), "Report password", "Only for a password-protected report"
        )
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.check_button = named(QPushButton("&Check"), "Check the report")
        self.verdict = MessageLine("Verdict")
        self.details = named(QPlainTextEdit(), "What the check found")
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.check_button.clicked.connect(self._on_check_clicked)
        self._layout()

    def _layout(self) -> None:
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(self.choose_button)
        form = QFormLayout()
        form.addRow("&Report:", where)
        form.addRow("&Password:", self.password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _on_choose_clicked(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Choose a report", self.path.text(), "PDF files (*.pdf)"
        )
        if chosen:
            self.path.setText(chosen)

    def _on_check_clicked(self) -> None:
        text, password = self.path.text().strip(), self.password.text() or None
        self.verdict.clear_message()
        self.details.setVisible(False)
        if not text:
            self.verdict.show_error(UserInputError("Choose the report file to check."))
            return
        from desktop.reports.checking import read_report_file
        from desktop.services.signing.report_check import check_with_vault

        vault = self._context.vault
        self.check_button.setEnabled(False)
        self._context.worker.run(
            lambda: check_with_vault(vault, read_report_file(Path(text).expanduser()), password),
            self._on_checked,
            self._on_failed,
        )

    def _on_checked(self, check: ReportCheck) -> None:
        self.check_button.setEnabled(True)
        headline, *facts = check.lines()
        self.verdict.show_message(headline, "ok" if check.ok else "error")
        self.details.setPlainText("\n".join(facts))
        self.details.setVisible(bool(facts))

    def _on_failed(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.verdict.show_error(exc)
