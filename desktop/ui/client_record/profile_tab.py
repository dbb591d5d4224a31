"""The record's Profile tab: the client's details read-only, with Edit and Archive."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.contact_permissions import contact_caution, describe
from desktop.ui.formatting import local_date
from desktop.ui.widgets.accessibility import named
from desktop.workflow.client_views import ClientRecord


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def profile_rows(record: ClientRecord) -> list[tuple[str, str]]:
    d = record.data
    contacts = "; ".join(
        " · ".join(part for part in (c.name, c.relationship, c.phone) if part)
        for c in d.emergency_contacts
    )
    rows = [
        ("Name", f"{d.first_name} {d.last_name}"),
        ("Preferred name", d.preferred_name),
        ("Date of birth", local_date(d.date_of_birth, "not recorded")),
        ("Minor", _yes(record.is_minor)),
        ("E-mail", d.email),
        ("Phone", d.phone),
        ("Address", d.address),
        ("Guardian", " · ".join(p for p in (d.guardian_name, d.guardian_relationship) if p)),
        ("Guardian phone", d.guardian_phone),
        ("Guardian authority", d.guardian_authority),
        *((c.label, describe(p)) for c, p in d.contact.by_channel().items()),
        ("Before contacting", contact_caution(d.contact)),
        ("Contact notes", d.contact_notes),
        ("Insurance", " · ".join(p for p in (d.insurance_payer, d.insurance_member_id) if p)),
        ("Self-pay restriction", _yes(d.self_pay_restriction)),
        ("Restriction notes", d.restriction_notes),
        ("Emergency contacts", contacts),
        ("Status", "Archived" if record.archived else "Active"),
    ]
    return [(label, value) for label, value in rows if value]


class ProfileTab(QWidget):
    edit_requested = Signal()
    archive_requested = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._archived = False
        self.details = QWidget()
        self.form = QFormLayout(self.details)
        self.edit_button = named(QPushButton("&Edit…"), "Edit client details")
        self.edit_button.clicked.connect(self.edit_requested)
        self.archive_button = named(QPushButton("Archi&ve client"), "Archive or restore the client")
        self.archive_button.clicked.connect(lambda: self.archive_requested.emit(not self._archived))
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def show_record(self, record: ClientRecord) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, value in profile_rows(record):
            text = QLabel(value)
            text.setWordWrap(True)
            self.form.addRow(f"{label}:", text)
        self._archived = record.archived
        self.archive_button.setText("Resto&re client" if record.archived else "Archi&ve client")

    def clear(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
