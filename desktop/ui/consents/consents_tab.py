"""The client record's Consents tab: the signed consents, whether the client must re-consent,
and Sign new / View / Revoke / Export PDF / Add addendum."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QWidget

from desktop.services.consents.service import ConsentListing
from desktop.services.consents.status import ConsentStatus
from desktop.services.exports import export_consent_report
from desktop.ui.consents.consent_detail import AddendumDialog, ConsentViewDialog
from desktop.ui.consents.export_prompt import PDF_FILTER, PasswordPromptDialog, ask_save_path
from desktop.ui.consents.record_tab import RecordTab, button, button_row, selected_id
from desktop.ui.consents.revoke_dialog import RevokeDialog
from desktop.ui.consents.sign_dialog import SignConsentDialog
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_time
from desktop.ui.widgets.sections import Loaded, Row, SectionTable
from desktop.ui.widgets.status import MessageLine

CURRENT, OUTDATED, REVOKED = "current", "outdated", "revoked"
REVOKE_HINT = (
    "Record the client's revocation of this consent. The signed consent stays exactly as it "
    "was signed; the revocation is added to it as a dated event."
)


@dataclass(frozen=True)
class ConsentsData:
    consents: list[ConsentListing]
    current_versions: dict[str, int]
    status: ConsentStatus


def consent_state(view: ConsentListing, current_versions: dict[str, int]) -> str:
    """current, outdated (an older template version) or revoked."""
    if view.revoked:
        return REVOKED
    newest = current_versions.get(view.template_key, view.template_version)
    return OUTDATED if view.template_version < newest else CURRENT


def consent_row(view: ConsentListing, current_versions: dict[str, int]) -> Row:
    state = consent_state(view, current_versions)
    return Row(
        view.id,
        (view.title, str(view.template_version), local_time(view.signed_at), state),
        highlight=state != CURRENT,
    )


def status_text(status: ConsentStatus) -> tuple[str, str]:
    """(sentence, kind) for the re-consent flag."""
    if status.needs_consent:
        return f"Needs a new consent: {status.reason}.", "error"
    signed = local_time(status.signed_at)
    return f"The consent on file is current (version {status.template_version}, {signed}).", "ok"


class ConsentsTab(RecordTab):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, client_id, "Consents", parent)
        self.status = MessageLine("Consent status")
        self.section = SectionTable("Signed consents", ("Form", "Version", "Signed at", "Status"))
        self.sign_button = button("Si&gn new…", "Sign a new consent")
        self.view_button = button("&View…", "View the signed consent")
        self.revoke_button = button("Revo&ke…", "Revoke the consent")
        self.export_button = button("E&xport PDF…", "Export the signed consent as PDF")
        self.addendum_button = button("Add a&ddendum…", "Add an addendum to the consent")
        self.sign_button.clicked.connect(self._on_sign_clicked)
        self.view_button.clicked.connect(self._on_view_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.addendum_button.clicked.connect(self._on_addendum_clicked)
        self.section.table.itemSelectionChanged.connect(self._update_buttons)
        self.section.activated.connect(lambda _id: self._on_view_clicked())
        self.layout_.addWidget(self.status)
        self.layout_.addWidget(self.section, 1)
        self.layout_.addLayout(
            button_row(
                self.sign_button,
                self.view_button,
                self.revoke_button,
                self.export_button,
                self.addendum_button,
            )
        )
        self.layout_.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        context, client_id = self.context, self.client_id

        def work() -> ConsentsData:
            service = context.consents
            current = {t.key: t.version for t in context.templates.templates()}
            return ConsentsData(service.listing(client_id), current, service.status(client_id))

        self.load(work, self._on_loaded)

    def _on_loaded(self, data: ConsentsData) -> None:
        rows = [consent_row(view, data.current_versions) for view in data.consents]
        self.section.show_rows(Loaded(rows), "No signed consent yet. Use Sign new… to start.")
        self.status.show_message(*status_text(data.status))
        self._update_buttons()

    def clear(self) -> None:
        self.section.clear()
        self.status.clear_message()
        self.message.clear_message()
        self._update_buttons()

    def selected(self) -> int | None:
        return selected_id(self.section)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for each in (
            self.view_button,
            self.revoke_button,
            self.export_button,
            self.addendum_button,
        ):
            each.setEnabled(chosen)

    # ----- actions --------------------------------------------------------------------------

    def _on_sign_clicked(self) -> None:
        dialog = SignConsentDialog(self.context, self.client_id, self)
        dialog.completed.connect(lambda _id: self.done("The consent was signed and stored."))
        dialog.open()

    def _on_view_clicked(self) -> None:
        consent_id = self.selected()
        if consent_id is not None:
            ConsentViewDialog(self.context, consent_id, self).open()

    def _on_revoke_clicked(self) -> None:
        consent_id = self.selected()
        if consent_id is None:
            return
        service = self.context.consents

        def revoke(when: datetime, reason: str) -> object:
            return service.revoke(consent_id, when, reason)

        dialog = RevokeDialog(self.context, "consent", REVOKE_HINT, revoke, self)
        dialog.completed.connect(lambda _id: self.done("The revocation was recorded."))
        dialog.open()

    def _on_addendum_clicked(self) -> None:
        consent_id = self.selected()
        if consent_id is not None:
            dialog = AddendumDialog(self.context, consent_id, self)
            dialog.completed.connect(lambda _id: self.done("The addendum was added."))
            dialog.open()

    def _on_export_clicked(self) -> None:
        consent_id = self.selected()
        if consent_id is None:
            return
        path = ask_save_path(
            self, "Export signed consent", f"signed-consent-{consent_id}.pdf", PDF_FILTER
        )
        if path is None:
            return
        prompt = PasswordPromptDialog(self)
        prompt.chosen.connect(lambda password: self._export(consent_id, path, password))
        prompt.open()

    def _export(self, consent_id: int, path: Path, password: str | None) -> None:
        context = self.context
        self.message.show_message("Exporting…", "info")
        self.load(
            lambda: export_consent_report(context.vault, consent_id, path, password),
            lambda out: self.message.show_message(f"Saved the PDF as {out.name}.", "ok"),
        )
