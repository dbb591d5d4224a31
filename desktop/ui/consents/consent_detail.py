"""View a signed consent exactly as stored (text and signature images), and add an addendum."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.consents.jobs import run_for
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import heading, named
from desktop.ui.widgets.status import MessageLine
from desktop.workflow.consent_views import ConsentView

ADDENDUM_HINT = (
    "An addendum is a dated note attached to the signed consent, for a correction or a later "
    "remark. The consent itself is never changed."
)


def consent_facts(view: ConsentView) -> list[tuple[str, str]]:
    """The signing details shown above the text (times in local time with zone)."""
    guardian = " · ".join(p for p in (view.guardian_name, view.guardian_relationship) if p)
    status = "In effect"
    if view.revocation is not None:
        reason = f": {view.revocation.reason}" if view.revocation.reason else ""
        status = f"Revoked on {local_time(view.revocation.revoked_at)}{reason}"
    return [
        ("Form", f"{view.title}, version {view.template_version}"),
        ("Status", status),
        ("Read to the end", local_time(view.read_to_end_at)),
        ("Signed", f"{local_time(view.signed_at)} by {view.signer_name}"),
        ("Parent or guardian", guardian or "None"),
        ("Witness", view.witness_name or "None"),
        ("Countersigned", f"{local_time(view.countersigned_at)} by {view.practitioner_name}"),
        (
            "Text check",
            "The stored text matches its hash."
            if view.text_intact
            else "WARNING: the stored text does not match its hash. Restore from a backup.",
        ),
    ]


def signature_label(png: bytes | None, who: str) -> QLabel:
    label = QLabel()
    label.setAccessibleName(f"Signature image, {who}")
    pixmap = QPixmap()
    if png and pixmap.loadFromData(png, "PNG"):
        height = label.fontMetrics().height() * 4
        label.setPixmap(pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation))
    else:
        label.setText("(no drawn signature)")
    return label


class ConsentViewDialog(QDialog):
    """Opening it is an audited view of the consent."""

    def __init__(self, context: AppContext, consent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Signed consent — Confide")
        self.title = heading(QLabel(""), 2)
        self.facts = QFormLayout()
        self.signatures = QHBoxLayout()
        self.addenda = QLabel("")
        self.addenda.setWordWrap(True)
        self.text = named(QTextBrowser(), "The text as signed")
        self.message = MessageLine("Signed consent message")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        top = QWidget()
        column = QVBoxLayout(top)
        column.addWidget(self.title)
        column.addLayout(self.facts)
        column.addLayout(self.signatures)
        column.addWidget(self.addenda)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.text)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(820, 760)
        run_for(
            self,
            context,
            lambda: context.consents.get(consent_id),
            self.show_consent,
            self.message.show_error,
        )

    def show_consent(self, view: ConsentView) -> None:
        self.title.setText(view.title)
        for label, value in consent_facts(view):
            text = QLabel(value)
            text.setWordWrap(True)
            self.facts.addRow(f"{label}:", text)
        self.signatures.addWidget(signature_label(view.signature_png, "signer"))
        if view.guardian_signature_png:
            self.signatures.addWidget(
                signature_label(view.guardian_signature_png, "parent or guardian")
            )
        self.signatures.addWidget(signature_label(view.practitioner_signature_png, "practitioner"))
        self.signatures.addStretch(1)
        self.addenda.setText(
            "\n".join(
                f"Addendum, {local_time(a.created_at)}, {a.author}: {a.text}" for a in view.addenda
            )
        )
        self.text.setPlainText(view.rendered_text)


class AddendumDialog(WorkerDialog):
    """``completed`` carries the new addendum's id."""

    def __init__(self, context: AppContext, consent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "Add an addendum", "&Add addendum", parent)
        self.text = named(QPlainTextEdit(), "Addendum text")
        self.text.setTabChangesFocus(True)
        self.form.addRow(hint(ADDENDUM_HINT))
        self.form.addRow("&Text", self.text)
        self._consent_id = consent_id
        self.resize(560, 360)

    def job(self) -> Callable[[], object]:
        consent_id, text, service = self._consent_id, self.text.toPlainText(), self.context.consents
        return lambda: service.add_addendum(consent_id, text)
