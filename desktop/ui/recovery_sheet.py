"""The recovery key on paper: a one-page PDF, or straight to a printer.

The key leaves memory only where the person chooses (their printer or a file they name).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from desktop.reports.document import ReportBuilder
from desktop.reports.output import write_report

SHEET_TITLE = "Confide recovery key"
LEGEND = "SECRET: whoever holds this key can open the vault"
INSTRUCTIONS = (
    "This key opens your Confide vault if you forget your passphrase. Confide cannot show it "
    "again and cannot recover your records without it or your passphrase. Keep this sheet "
    "somewhere safe and private, apart from your computer (for example a locked drawer or a "
    "safe). Anyone who has both this key and your vault can read it."
)


def key_groups(recovery_key: str) -> list[str]:
    return [group for group in recovery_key.split("-") if group]


def recovery_sheet_pdf(recovery_key: str, vault_name: str) -> bytes:
    """A one-page PDF holding the recovery key in groups, with instructions."""
    builder = ReportBuilder(SHEET_TITLE, LEGEND, f"Vault: {vault_name}")
    builder.heading("Your recovery key")
    builder.paragraph("   ".join(key_groups(recovery_key)))
    builder.spacer()
    builder.paragraph(INSTRUCTIONS)
    return builder.render().pdf


def save_recovery_sheet(path: Path, recovery_key: str, vault_name: str) -> None:
    write_report(path, recovery_sheet_pdf(recovery_key, vault_name))


def print_recovery_sheet(parent: QWidget, recovery_key: str, vault_name: str) -> bool:
    """Ask for a printer and print the sheet; False when the person cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print recovery key")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setPlainText(
        f"{SHEET_TITLE}\nVault: {vault_name}\n\n"
        f"{'   '.join(key_groups(recovery_key))}\n\n{INSTRUCTIONS}\n"
    )
    document.print_(printer)
    return True
