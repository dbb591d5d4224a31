"""New release of information (every element of a valid authorization, 45 CFR 164.508(c)),
and recording one disclosure made under a release."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from desktop.domain import DisclosureMethod, InformationCategory, RecipientRole
from desktop.services.releases.service import DisclosureDetails, ReleaseInput, ReleaseView
from desktop.ui.consents.form_dialog import MomentField, WorkerDialog, hint
from desktop.ui.consents.jobs import run_for
from desktop.ui.consents.signature_pad import SignatureBox
from desktop.ui.context import AppContext
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.date_field import OptionalDateField
from desktop.workflow.client_views import ClientRecord

ELEMENTS_HINT = (
    "A valid authorization says what may be shared, who may share it, with whom, why, and "
    "until when, and is signed and dated; a signer other than the client states their "
    "authority (45 CFR 164.508(c)). Confide adds the required statements to the signed text: "
    "the right to revoke in writing, that care does not depend on signing, and that the "
    "recipient may share the information again. General information, not legal advice."
)
NOTES_HINT = (
    "Psychotherapy notes need their own release, not combined with other information, and "
    "the description must name them (45 CFR 164.508(b)(3)(ii))."
)
PAPER_HINT = (
    "Optional: leave the pad empty if the client signed on paper, and keep the paper original."
)
DISCLOSURE_HINT = (
    "Record what you shared with this release's recipient. A disclosure after the release "
    "was revoked or expired is refused and nothing is recorded."
)


@dataclass(frozen=True)
class ReleasePrefill:
    record: ClientRecord
    practitioner_name: str


def _text_box(name: str) -> QPlainTextEdit:
    box = named(QPlainTextEdit(), name)
    box.setTabChangesFocus(True)
    box.setMaximumHeight(box.fontMetrics().height() * 5)
    return box


class NewReleaseDialog(WorkerDialog):
    """``completed`` carries the new release's id."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "New release of information", "&Save release", parent)
        self.client_id = client_id
        self._build_fields()
        scroll = named(QScrollArea(), "Release details")
        scroll.setWidget(self._panel())
        scroll.setWidgetResizable(True)
        self.body.addWidget(scroll, 1)
        self.resize(720, 820)
        run_for(self, context, self._prefill_work(), self._on_prefill, self.message.show_error)

    def _build_fields(self) -> None:
        self.information = _text_box("What information may be shared")
        self.notes = named(QCheckBox("This release is for &psychotherapy notes"), "For notes")
        self.who_may_disclose = named(QLineEdit(), "Who may share the information")
        self.recipient_name = named(QLineEdit(), "Recipient name")
        self.recipient_role = named(QComboBox(), "Recipient role")
        for role in RecipientRole:
            self.recipient_role.addItem(role.label, role)
        self.recipient_role.setCurrentIndex(self.recipient_role.findData(RecipientRole.CLINICIAN))
        self.recipient_address = _text_box("Recipient address")
        self.purpose = _text_box("Purpose of sharing")
        self.expires_on = OptionalDateField("Expiry date")
        self.expires_on.set_value(date.today() + timedelta(days=365))
        self.expiry_event = named(QLineEdit(), "Expiry event")
        self.expiry_event.setPlaceholderText("e.g. the end of treatment")
        self.signer_name = named(QLineEdit(), "Signer's full name")
        self.authority = named(QLineEdit(), "Signer's authority to act for the client")
        self.authority.setPlaceholderText("Only if the signer is not the client")
        self.signed_at = MomentField("Date and time of signing")
        self.signature = SignatureBox("release signer")

    def _panel(self) -> QWidget:
        panel = QWidget()
        form = QFormLayout(panel)
        form.addRow(hint(ELEMENTS_HINT))
        form.addRow("&Information", self.information)
        form.addRow("", self.notes)
        form.addRow(hint(NOTES_HINT))
        form.addRow("&Who may share", self.who_may_disclose)
        form.addRow("&Recipient", self.recipient_name)
        form.addRow("R&ole", self.recipient_role)
        form.addRow("A&ddress", self.recipient_address)
        form.addRow("P&urpose", self.purpose)
        form.addRow("E&xpires on", self.expires_on)
        form.addRow("Or when (&event)", self.expiry_event)
        form.addRow("Si&gned by", self.signer_name)
        form.addRow("Au&thority", self.authority)
        form.addRow("Signed &at", self.signed_at)
        form.addRow("Signat&ure", self.signature)
        form.addRow(hint(PAPER_HINT))
        return panel

    def _prefill_work(self) -> Callable[[], ReleasePrefill]:
        context, client_id = self.context, self.client_id

        def work() -> ReleasePrefill:
            profile = context.practitioner.get()
            record = context.clients.get(client_id, audit_view=False)
            return ReleasePrefill(record, profile.full_name if profile else "")

        return work

    def _on_prefill(self, prefill: ReleasePrefill) -> None:
        data = prefill.record.data
        if not self.who_may_disclose.text():
            self.who_may_disclose.setText(prefill.practitioner_name)
        if not self.signer_name.text():
            minor = prefill.record.is_minor and bool(data.guardian_name)
            own_name = f"{data.first_name} {data.last_name}".strip()
            self.signer_name.setText(data.guardian_name if minor else own_name)
            if minor:
                self.authority.setText(data.guardian_authority or data.guardian_relationship)

    def job(self) -> Callable[[], object]:
        signed_at = self.signed_at.moment()
        png = self.signature.pad.to_png()
        data = ReleaseInput(
            client_id=self.client_id,
            recipient_name=self.recipient_name.text(),
            recipient_role=RecipientRole(self.recipient_role.currentData()),
            recipient_address=self.recipient_address.toPlainText(),
            information_description=self.information.toPlainText(),
            purpose=self.purpose.toPlainText(),
            who_may_disclose=self.who_may_disclose.text(),
            expires_on=self.expires_on.value(),
            expiry_event=self.expiry_event.text(),
            includes_psychotherapy_notes=self.notes.isChecked(),
            signer_name=self.signer_name.text(),
            personal_representative_authority=self.authority.text(),
            signed_at=signed_at,
            signature_png=png or None,
        )
        service = self.context.releases
        return lambda: service.create(data)


class ReleaseDisclosureDialog(WorkerDialog):
    """Record a disclosure under ``release``; ``completed`` carries the disclosure's id."""

    def __init__(
        self, context: AppContext, release: ReleaseView, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "Record a disclosure under a release", "&Record", parent)
        self.release = release
        self.disclosed_at = MomentField("Date and time of the disclosure")
        self.method = named(QComboBox(), "How it was shared")
        for method in DisclosureMethod:
            self.method.addItem(method.value.replace("_", " ").capitalize(), method)
        self.categories = {
            category: named(QCheckBox(category.label), f"Disclosed: {category.label}")
            for category in InformationCategory
        }
        self.description = _text_box("What was disclosed")
        self.purpose = named(QLineEdit(), "Purpose (leave empty for the release's purpose)")
        self.purpose.setPlaceholderText("The release's purpose")
        recipient = QLabel(f"{release.recipient_name} — purpose: {release.purpose}")
        recipient.setWordWrap(True)
        self.form.addRow(hint(DISCLOSURE_HINT))
        self.form.addRow("Recipient:", recipient)
        self.form.addRow("&When", self.disclosed_at)
        self.form.addRow("&How", self.method)
        self.form.addRow("&Categories", self._category_box())
        self.form.addRow("&What was disclosed", self.description)
        self.form.addRow("&Purpose", self.purpose)
        self.resize(640, 640)

    def _category_box(self) -> QGroupBox:
        box = QGroupBox()
        grid = QGridLayout(box)
        for index, check in enumerate(self.categories.values()):
            grid.addWidget(check, index // 2, index % 2)
        return box

    def job(self) -> Callable[[], object]:
        details = DisclosureDetails(
            disclosed_at=self.disclosed_at.moment(),
            method=DisclosureMethod(self.method.currentData()),
            categories=tuple(c for c, check in self.categories.items() if check.isChecked()),
            description=self.description.toPlainText(),
            purpose=self.purpose.text(),
        )
        service, release_id = self.context.releases, self.release.id
        return lambda: service.record_disclosure_under_release(release_id, details)
