"""Sign a consent: read all of it, type the name, draw the signatures, countersign.

The text shown is the template rendered for this client by the service; the exact
``RenderedConsent.text`` object (never text read back from the widget) is what gets signed.
Sign stays disabled until the text has been scrolled to its end; that moment is recorded as
``read_to_end_at``. A form for minors adds the parent's or guardian's name and signature.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserInputError
from desktop.jurisdictions import jurisdiction
from desktop.services.consents.service import RenderedConsent, SignInput, TemplateView
from desktop.ui.consents.form_dialog import WorkerDialog, hint
from desktop.ui.consents.jobs import run_for
from desktop.ui.consents.minor_basis_field import MinorBasisField
from desktop.ui.consents.signature_pad import SignatureBox
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.widgets.accessibility import named
from desktop.workflow.client_views import ClientRecord

READ_FIRST = (
    "Please read the whole text. Signing becomes possible once it has been scrolled to the "
    "end (from the keyboard: Tab into the text, then Page Down, Space or End)."
)
TYPED_NAME_HINT = (
    "A signature cannot be typed, so the full name typed here is recorded together with the "
    "drawing. Any mark drawn with a mouse, pen or finger counts as the signature."
)
GUARDIAN_HINT = (
    "The parent or guardian signs here. If the parent or guardian typed their own name as the "
    "signer above, leave this box empty."
)


@dataclass(frozen=True)
class SigningSetup:
    record: ClientRecord
    templates: list[TemplateView]
    practitioner_name: str
    jurisdiction: str = ""
    state_name: str = ""


def default_template(templates: list[TemplateView], minor: bool) -> TemplateView | None:
    """The form for minors for a client under 18, else the adult form."""
    matching = [t for t in templates if t.for_minor == minor] or templates
    return matching[0] if matching else None


def fit_to_screen(dialog: QWidget, width: int, height: int) -> None:
    """``width`` × ``height``, or less on a small screen (a 1024×664 laptop at 100 %)."""
    screen = dialog.screen().availableGeometry() if dialog.screen() is not None else None
    if screen is not None:
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
    dialog.resize(width, height)


class SignConsentDialog(WorkerDialog):
    """``completed`` carries the new consent's id."""

    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, "Sign consent", "&Sign", parent)
        self.client_id = client_id
        self._setup: SigningSetup | None = None
        self._rendered: RenderedConsent | None = None
        self.read_to_end_at: datetime | None = None
        self._build_widgets()
        self._layout()
        self.update_ok()
        fit_to_screen(self, 1180, 800)
        self._load()

    def _build_widgets(self) -> None:
        self.template = named(QComboBox(), "Consent form")
        self.template.currentIndexChanged.connect(self._on_template_changed)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setProperty("kind", "error")
        self.warnings.setVisible(False)
        self.text = named(QTextBrowser(), "Consent text")
        self.text.setOpenLinks(False)
        self.text.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        bar = self.text.verticalScrollBar()
        bar.valueChanged.connect(lambda _v: self._check_read_soon())
        bar.rangeChanged.connect(lambda _a, _b: self._check_read_soon())
        self.read_status = hint(READ_FIRST)
        self.signer_name = named(QLineEdit(), "Typed full name of the signer")
        self.client_signature = SignatureBox("signer")
        self.guardian_name = named(QLineEdit(), "Parent or guardian name")
        self.guardian_relationship = named(QLineEdit(), "Relationship to the client")
        self.guardian_signature = SignatureBox("parent or guardian")
        self.minor_basis = MinorBasisField()
        self._guardian_shown = False
        self.witness_name = named(QLineEdit(), "Witness name (optional)")
        self.practitioner_name = named(QLineEdit(), "Practitioner name")
        self.practitioner_signature = SignatureBox("practitioner countersignature")

    def _layout(self) -> None:
        reading = QWidget()
        left = QVBoxLayout(reading)
        left.setContentsMargins(0, 0, 0, 0)
        choose = QFormLayout()
        choose.addRow("&Form", self.template)
        left.addLayout(choose)
        left.addWidget(self.warnings)
        left.addWidget(self.text, 1)
        left.addWidget(self.read_status)
        scroll = named(QScrollArea(), "Signatures")
        scroll.setWidget(self._signing_panel())
        scroll.setWidgetResizable(True)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(reading)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 1000])  # half each, scaled to the real width
        splitter.setChildrenCollapsible(False)
        self.body.addWidget(splitter, 1)

    def _signing_panel(self) -> QWidget:
        panel = QWidget()
        column = QVBoxLayout(panel)
        signer = QGroupBox("Signer")
        form = QFormLayout(signer)
        form.addRow("Typed full &name", self.signer_name)
        form.addRow(hint(TYPED_NAME_HINT))
        form.addRow("Si&gnature", self.client_signature)
        self.guardian_box = QGroupBox("Parent or guardian")
        guardian = QFormLayout(self.guardian_box)
        guardian.addRow(hint(GUARDIAN_HINT))
        guardian.addRow("Gu&ardian name", self.guardian_name)
        guardian.addRow("Re&lationship", self.guardian_relationship)
        guardian.addRow("Guardian signa&ture", self.guardian_signature)
        guardian.addRow("Or: minor consents alone &under", self.minor_basis)
        self.guardian_box.setVisible(False)
        others = QGroupBox("Witness and practitioner")
        form = QFormLayout(others)
        form.addRow("&Witness (optional)", self.witness_name)
        form.addRow("&Practitioner", self.practitioner_name)
        form.addRow("&Countersignature", self.practitioner_signature)
        for box in (signer, self.guardian_box, others):
            layout = box.layout()
            if isinstance(layout, QFormLayout):  # labels above their fields when narrow
                layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            column.addWidget(box)
        column.addStretch(1)
        return panel

    # ----- loading --------------------------------------------------------------------------

    def _load(self) -> None:
        context, client_id = self.context, self.client_id

        def work() -> SigningSetup:
            record = context.clients.get(client_id, audit_view=False)
            profile = context.practitioner.get()
            name = profile.full_name if profile else ""
            code = profile.jurisdiction if profile else ""
            state = jurisdiction(code).name if code else ""
            return SigningSetup(record, context.templates.templates(), name, code, state)

        self.busy.start("Loading the consent…")
        run_for(self, context, work, self._on_setup, self._on_load_failed)

    def _on_setup(self, setup: SigningSetup) -> None:
        self._setup = setup
        self.practitioner_name.setText(setup.practitioner_name)
        self.minor_basis.set_jurisdiction(setup.jurisdiction, setup.state_name)
        chosen = default_template(setup.templates, setup.record.is_minor)
        blocked = self.template.blockSignals(True)
        for template in setup.templates:
            self.template.addItem(f"{template.title}, v{template.version}", template.key)
        if chosen is not None:
            self.template.setCurrentIndex(self.template.findData(chosen.key))
        self.template.blockSignals(blocked)
        self._render()

    def _on_template_changed(self, _index: int) -> None:
        self._render()

    def _render(self) -> None:
        key = self.template.currentData()
        if not key:
            self.busy.stop()
            return
        self._rendered = None
        self._set_read(None)
        self.text.clear()
        self.busy.start("Loading the consent…")
        context, client_id = self.context, self.client_id
        run_for(
            self,
            context,
            lambda: context.consents.render_for_client(client_id, str(key)),
            self._on_rendered,
            self._on_load_failed,
        )

    def _on_rendered(self, rendered: RenderedConsent) -> None:
        self.busy.stop()
        self._rendered = rendered
        self.warnings.setText(" ".join(rendered.warnings))
        self.warnings.setVisible(bool(rendered.warnings))
        minor_client = self._setup is not None and self._setup.record.is_minor
        self._show_guardian(rendered.template.for_minor or minor_client)
        self.minor_basis.setVisible(not rendered.template.for_minor)
        self.text.setMarkdown(rendered.text)
        self.text.verticalScrollBar().setValue(0)
        self._check_read_soon()

    def _show_guardian(self, for_minor: bool) -> None:
        self._guardian_shown = for_minor
        self.guardian_box.setVisible(for_minor)
        data = self._setup.record.data if self._setup else None
        minor_form = self._rendered is not None and self._rendered.template.for_minor
        if minor_form and data is not None and not self.guardian_name.text():
            self.guardian_name.setText(data.guardian_name)
            self.guardian_relationship.setText(data.guardian_relationship)
        if not for_minor:
            self.guardian_name.clear()
            self.guardian_relationship.clear()
            self.guardian_signature.pad.clear()
            self.minor_basis.clear()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.busy.stop()
        self.message.show_error(exc)

    # ----- reading to the end ---------------------------------------------------------------

    def _check_read_soon(self) -> None:
        QTimer.singleShot(0, self._check_read)

    def _check_read(self) -> None:
        if self._rendered is None or self.read_to_end_at is not None:
            return
        if self.text.isVisible() and self._at_end():
            self._set_read(datetime.now(UTC))

    def _at_end(self) -> bool:
        """The end is on screen: scrolled to the bottom, or the whole text fits the view."""
        document = self.text.document()
        if document.isEmpty():
            return False
        document.pageCount()  # finishes a lazy layout, so the range covers the whole text
        bar = self.text.verticalScrollBar()
        if bar.maximum() > 0:
            return bar.value() >= bar.maximum()
        return document.size().height() <= self.text.viewport().height()

    def _set_read(self, moment: datetime | None) -> None:
        self.read_to_end_at = moment
        if moment is None:
            self.read_status.setText(READ_FIRST)
        else:
            self.read_status.setText(f"Read to the end at {local_time(moment)}. Signing is open.")
        self.update_ok()

    # ----- signing --------------------------------------------------------------------------

    def can_submit(self) -> bool:
        return self._rendered is not None and self.read_to_end_at is not None

    def job(self) -> Callable[[], object]:
        rendered = self._rendered
        if rendered is None:
            raise UserInputError("The consent is still loading.", "Wait a moment and try again.")
        data = self._sign_input(rendered)
        service = self.context.consents
        return lambda: service.sign(data)

    def _sign_input(self, rendered: RenderedConsent) -> SignInput:
        minor_form = self._guardian_shown
        guardian_png = self.guardian_signature.pad.to_png() if minor_form else b""
        return SignInput(
            client_id=self.client_id,
            template_id=rendered.template.id,
            rendered_text=rendered.text,
            read_to_end_at=self.read_to_end_at,
            signer_name=self.signer_name.text(),
            signature_png=self.client_signature.pad.to_png(),
            practitioner_signature_png=self.practitioner_signature.pad.to_png(),
            practitioner_name=self.practitioner_name.text(),
            guardian_name=self.guardian_name.text() if minor_form else "",
            guardian_relationship=self.guardian_relationship.text() if minor_form else "",
            guardian_signature_png=guardian_png or None,
            witness_name=self.witness_name.text(),
            signed_at=datetime.now(UTC),
            minor_consent_basis=self.minor_basis.text() if minor_form else "",
        )
