"""The client form's fields: identity, contact, guardian, permissions, insurance, contacts."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.contact_permissions import ContactChannel, ContactPermissions
from desktop.services.clients.service import is_minor
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.contact_permission_field import ContactPermissionField
from desktop.ui.widgets.date_field import OptionalDateField
from desktop.workflow.client_views import ClientInput, EmergencyContactInput

_CONTACT_COLUMNS = ("Name", "Relationship", "Phone")
_PERMISSION_LABELS = {
    ContactChannel.VOICEMAIL: "May leave a &voicemail",
    ContactChannel.TEXT: "May send &text messages",
    ContactChannel.EMAIL: "May send e-ma&il",
}


def _line(name: str) -> QLineEdit:
    return named(QLineEdit(), name)


def _text(name: str, height: int = 70) -> QPlainTextEdit:
    edit = named(QPlainTextEdit(), name)
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(height)
    return edit


class ClientForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first_name, self.last_name = _line("First name"), _line("Last name")
        self.preferred_name = _line("Preferred name")
        self.birth = OptionalDateField("Date of birth")
        self.email, self.phone = _line("E-mail"), _line("Phone")
        self.address = _text("Address")
        self.guardian_name = _line("Guardian name")
        self.guardian_relationship = _line("Guardian relationship")
        self.guardian_phone = _line("Guardian phone")
        self.guardian_authority = _text("Guardian's legal authority")
        self.guardian_hint = QLabel()
        self.guardian_hint.setWordWrap(True)
        self.permissions = {channel: ContactPermissionField(channel) for channel in ContactChannel}
        self.contact_notes = _text("Contact notes")
        self.insurance_payer = _line("Insurance payer")
        self.insurance_member_id = _line("Insurance member id")
        self.self_pay_restriction = named(
            QCheckBox("Paid out of pocket and asked that the insurer not be told"),
            "Self-pay restriction",
        )
        self.restriction_notes = _text("Restriction notes")
        self.contacts = named(QTableWidget(0, len(_CONTACT_COLUMNS)), "Emergency contacts")
        self.contacts.setHorizontalHeaderLabels(list(_CONTACT_COLUMNS))
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.setTabKeyNavigation(False)
        self.birth.editor.dateChanged.connect(self._update_guardian_hint)
        self.birth.no_date.toggled.connect(self._update_guardian_hint)
        self._layout()
        self._update_guardian_hint()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._identity())
        layout.addWidget(self._guardian())
        layout.addWidget(self._permissions())
        layout.addWidget(self._insurance())
        layout.addWidget(self._emergency())

    def _identity(self) -> QGroupBox:
        box = QGroupBox("Client")
        form = QFormLayout(box)
        form.addRow("&First name *", self.first_name)
        form.addRow("&Last name *", self.last_name)
        form.addRow("Pre&ferred name", self.preferred_name)
        form.addRow("Date of &birth", self.birth)
        form.addRow("E-&mail", self.email)
        form.addRow("&Phone", self.phone)
        form.addRow("&Address", self.address)
        return box

    def _guardian(self) -> QGroupBox:
        box = QGroupBox("Parent, guardian or personal representative")
        form = QFormLayout(box)
        form.addRow("", self.guardian_hint)
        form.addRow("&Guardian name", self.guardian_name)
        form.addRow("Relationship", self.guardian_relationship)
        form.addRow("Guardian phone", self.guardian_phone)
        form.addRow("Legal authority", self.guardian_authority)
        return box

    def _permissions(self) -> QGroupBox:
        box = QGroupBox("How the client may be contacted")
        form = QFormLayout(box)
        for channel, field in self.permissions.items():
            form.addRow(_PERMISSION_LABELS[channel], field)
        form.addRow("Contact &notes", self.contact_notes)
        return box

    def _insurance(self) -> QGroupBox:
        box = QGroupBox("Insurance")
        form = QFormLayout(box)
        form.addRow("Pa&yer", self.insurance_payer)
        form.addRow("Member id", self.insurance_member_id)
        form.addRow("", self.self_pay_restriction)
        form.addRow("Restriction notes", self.restriction_notes)
        return box

    def _emergency(self) -> QGroupBox:
        box = QGroupBox("Emergency contacts")
        add = named(QPushButton("Add contact"), "Add emergency contact")
        add.clicked.connect(self._on_add_contact_clicked)
        remove = named(QPushButton("Remove contact"), "Remove the selected emergency contact")
        remove.clicked.connect(self._on_remove_contact_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.contacts)
        layout.addLayout(buttons)
        return box

    def _on_add_contact_clicked(self) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for column in range(len(_CONTACT_COLUMNS)):
            self.contacts.setItem(row, column, QTableWidgetItem(""))
        self.contacts.setCurrentCell(row, 0)
        self.contacts.setFocus()

    def _on_remove_contact_clicked(self) -> None:
        row = self.contacts.currentRow()
        if row >= 0:
            self.contacts.removeRow(row)

    def _update_guardian_hint(self) -> None:
        if is_minor(self.birth.value()):
            self.guardian_hint.setText("This client is under 18: a guardian is required.")
            self.guardian_hint.setProperty("kind", "error")
        else:
            self.guardian_hint.setText("Required when the client is under 18.")
            self.guardian_hint.setProperty("kind", "info")
        self.guardian_hint.style().unpolish(self.guardian_hint)
        self.guardian_hint.style().polish(self.guardian_hint)

    def value(self) -> ClientInput:
        return ClientInput(
            first_name=self.first_name.text(),
            last_name=self.last_name.text(),
            preferred_name=self.preferred_name.text(),
            date_of_birth=self.birth.value(),
            email=self.email.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            guardian_name=self.guardian_name.text(),
            guardian_relationship=self.guardian_relationship.text(),
            guardian_phone=self.guardian_phone.text(),
            guardian_authority=self.guardian_authority.toPlainText(),
            contact=ContactPermissions(
                **{c.value: field.value() for c, field in self.permissions.items()}
            ),
            contact_notes=self.contact_notes.toPlainText(),
            insurance_payer=self.insurance_payer.text(),
            insurance_member_id=self.insurance_member_id.text(),
            self_pay_restriction=self.self_pay_restriction.isChecked(),
            restriction_notes=self.restriction_notes.toPlainText(),
            emergency_contacts=self._contacts(),
        )

    def _contacts(self) -> tuple[EmergencyContactInput, ...]:
        rows = []
        for row in range(self.contacts.rowCount()):
            cells = [self._cell(row, column) for column in range(len(_CONTACT_COLUMNS))]
            if any(cells):
                rows.append(EmergencyContactInput(*cells))
        return tuple(rows)

    def _cell(self, row: int, column: int) -> str:
        item = self.contacts.item(row, column)
        return item.text() if item is not None else ""

    def set_value(self, data: ClientInput) -> None:
        for name in ("first_name", "last_name", "preferred_name", "email", "phone"):
            getattr(self, name).setText(getattr(data, name))
        for name in ("guardian_name", "guardian_relationship", "guardian_phone"):
            getattr(self, name).setText(getattr(data, name))
        for name in ("insurance_payer", "insurance_member_id"):
            getattr(self, name).setText(getattr(data, name))
        for name in ("address", "guardian_authority", "contact_notes", "restriction_notes"):
            getattr(self, name).setPlainText(getattr(data, name))
        self.self_pay_restriction.setChecked(data.self_pay_restriction)
        for channel, field in self.permissions.items():
            field.set_value(data.contact.of(channel))
        self.birth.set_value(data.date_of_birth)
        self.contacts.setRowCount(0)
        for contact in data.emergency_contacts:
            row = self.contacts.rowCount()
            self.contacts.insertRow(row)
            for column, text in enumerate((contact.name, contact.relationship, contact.phone)):
                self.contacts.setItem(row, column, QTableWidgetItem(text))
