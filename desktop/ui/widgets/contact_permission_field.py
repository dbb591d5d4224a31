"""One contact channel on the client form: allowed / declined / not asked, and the day asked."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.contact_permissions import ContactChannel, ContactPermission, ContactStatus
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.date_field import OptionalDateField

_ORDER = (ContactStatus.NOT_ASKED, ContactStatus.ALLOWED, ContactStatus.DECLINED)


class ContactPermissionField(QWidget):
    """A status choice and the date the client answered (today when first answered)."""

    def __init__(self, channel: ContactChannel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channel = channel
        self.status = named(QComboBox(), f"{channel.label}: permission")
        for status in _ORDER:
            self.status.addItem(status.label, status.value)
        self.asked_on = OptionalDateField(f"{channel.label}: date asked")
        self.asked_label = QLabel("asked on")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.asked_label)
        layout.addWidget(self.asked_on, 1)
        self._shown = ContactStatus.NOT_ASKED
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.setFocusProxy(self.status)
        self._on_status_changed()

    def _current(self) -> ContactStatus:
        return ContactStatus(str(self.status.currentData()))

    def _on_status_changed(self) -> None:
        """A first answer is dated today (the clinician can change the day)."""
        current = self._current()
        asked = current is not ContactStatus.NOT_ASKED
        if asked and self._shown is ContactStatus.NOT_ASKED:
            self.asked_on.set_value(date.today())
        self._shown = current
        self.asked_on.setVisible(asked)
        self.asked_label.setVisible(asked)

    def set_status(self, status: ContactStatus) -> None:
        self.status.setCurrentIndex(_ORDER.index(status))

    def value(self) -> ContactPermission:
        status = self._current()
        if status is ContactStatus.NOT_ASKED:
            return ContactPermission()
        return ContactPermission(status, self.asked_on.value())

    def set_value(self, permission: ContactPermission) -> None:
        self.status.blockSignals(True)
        self.status.setCurrentIndex(_ORDER.index(permission.status))
        self.status.blockSignals(False)
        self._shown = permission.status
        self.asked_on.set_value(permission.asked_on)
        self._on_status_changed()
