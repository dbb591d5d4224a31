"""The practitioner profile form (first run and Settings): who signs, and where they practice."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from desktop.domain import Profession
from desktop.errors import ConfideError
from desktop.services.practice.practitioner import US_JURISDICTIONS, Profile
from desktop.ui.widgets.accessibility import named

log = logging.getLogger("confide.ui.profile")

HIPAA_HINT = (
    "You are a HIPAA covered entity if you send health information electronically in a "
    "standard transaction, such as electronic insurance claims (45 CFR 160.103). A practice "
    "that never does may be bound by state law and ethics codes only. This is not legal advice."
)


def jurisdiction_names() -> list[tuple[str, str]]:
    """(code, "State name") for the 50 states and DC, sorted by name."""
    try:
        from desktop.jurisdictions import load_jurisdictions

        names = {code: entry.name for code, entry in load_jurisdictions().items()}
    except (ConfideError, OSError, ValueError):
        log.warning("jurisdiction names unavailable; showing codes")
        names = {}
    pairs = [(code, names.get(code, code)) for code in US_JURISDICTIONS]
    return sorted(pairs, key=lambda pair: pair[1])


def _narrow(combo: QComboBox) -> None:
    """As wide as the form allows, not as its longest option; the open list shows them whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)


class ProfileForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.full_name = named(QLineEdit(), "Your full name")
        self.credentials = named(QLineEdit(), "Credentials", "For example: PhD, LMFT, LCSW")
        self.license_number = named(QLineEdit(), "License number")
        self.profession = named(QComboBox(), "Profession (license type)")
        self.profession.addItem("Not recorded", "")
        for profession in Profession:
            self.profession.addItem(profession.label, profession.value)
        self.jurisdiction = named(QComboBox(), "Jurisdiction (state where you practice)")
        self.jurisdiction.addItem("Choose…", "")
        for code, name in jurisdiction_names():
            self.jurisdiction.addItem(f"{name} ({code})", code)
        self.hipaa = named(QCheckBox("I am a HIPAA covered entity"), "HIPAA covered entity")
        self.hipaa.setChecked(True)
        self.reconsent = named(QSpinBox(), "Re-consent interval in months")
        self.reconsent.setRange(1, 120)
        self.reconsent.setValue(12)
        self.reconsent.setSuffix(" months")
        self.retention = named(QSpinBox(), "Record retention in years")
        self.retention.setRange(1, 100)
        self.retention.setValue(7)
        self.retention.setSuffix(" years")
        self.address = named(QPlainTextEdit(), "Practice address")
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(80)
        self.phone = named(QLineEdit(), "Practice phone")
        for combo in (self.profession, self.jurisdiction):
            _narrow(combo)
        self._layout()

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.addRow("&Name", self.full_name)
        form.addRow("&Credentials", self.credentials)
        form.addRow("&License number", self.license_number)
        form.addRow("Pro&fession", self.profession)
        form.addRow("&Jurisdiction", self.jurisdiction)
        form.addRow("", self.hipaa)
        hint = QLabel(HIPAA_HINT)
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        form.addRow("", hint)
        form.addRow("&Re-consent every", self.reconsent)
        form.addRow("Keep &records for", self.retention)
        form.addRow("Practice &address", self.address)
        form.addRow("&Phone", self.phone)

    def value(self) -> Profile:
        return Profile(
            full_name=self.full_name.text(),
            jurisdiction=str(self.jurisdiction.currentData() or ""),
            credentials=self.credentials.text(),
            license_number=self.license_number.text(),
            hipaa_covered_entity=self.hipaa.isChecked(),
            retention_years=self.retention.value(),
            reconsent_months=self.reconsent.value(),
            practice_address=self.address.toPlainText(),
            phone=self.phone.text(),
            profession=Profession(code) if (code := self.profession.currentData()) else None,
        )

    def set_value(self, profile: Profile) -> None:
        self.full_name.setText(profile.full_name)
        self.credentials.setText(profile.credentials)
        self.license_number.setText(profile.license_number)
        stored = profile.profession.value if profile.profession else ""
        self.profession.setCurrentIndex(max(self.profession.findData(stored), 0))
        index = self.jurisdiction.findData(profile.jurisdiction)
        self.jurisdiction.setCurrentIndex(max(index, 0))
        self.hipaa.setChecked(profile.hipaa_covered_entity)
        self.retention.setValue(profile.retention_years)
        self.reconsent.setValue(profile.reconsent_months)
        self.address.setPlainText(profile.practice_address)
        self.phone.setText(profile.phone)
