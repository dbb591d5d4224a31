"""The client record's Releases tab: authorizations to share, their state and expiry warnings,
and New release / View / Revoke / Record a disclosure under a release."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.domain import RecipientRole
from desktop.services.releases.service import ReleaseView
from desktop.ui.consents.record_tab import RecordTab, button, button_row, selected_id
from desktop.ui.consents.release_dialog import NewReleaseDialog, ReleaseDisclosureDialog
from desktop.ui.consents.revoke_dialog import RevokeDialog
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date, local_time
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.sections import Loaded, Row, SectionTable

WARN_DAYS = 30
REVOKE_HINT = (
    "Record the client's written revocation. Sharing under this release stops from that "
    "moment; what was already shared in reliance on it stays shared (45 CFR 164.508). "
    "The release itself is kept as signed."
)


def role_label(code: str) -> str:
    try:
        return RecipientRole(code).label
    except ValueError:
        return code


def expiry_text(release: ReleaseView) -> str:
    parts = []
    if release.expires_on is not None:
        parts.append(local_date(release.expires_on))
    if release.expiry_event:
        parts.append(f"when {release.expiry_event}")
    return ", or ".join(parts)


def release_state(release: ReleaseView, today: date) -> tuple[str, bool]:
    """(state, warn): revoked, expired, not yet signed, or active (warn within 30 days)."""
    if release.revoked_at is not None and release.revoked_at.astimezone().date() <= today:
        return "revoked", False
    if release.expires_on is not None and release.expires_on < today:
        return "expired", False
    if release.signed_at.astimezone().date() > today:
        return "not yet signed", False
    if release.expires_on is not None:
        days = (release.expires_on - today).days
        if days <= WARN_DAYS:
            return ("active, expires today" if days == 0 else f"active, {days} days left"), True
    return "active", False


def release_row(release: ReleaseView, today: date) -> Row:
    state, warn = release_state(release, today)
    if release.times_used:
        state += f"; used for {release.times_used} disclosure" + (
            "s" if release.times_used > 1 else ""
        )
    recipient = f"{release.recipient_name} ({role_label(release.recipient_role)})"
    return Row(
        release.id,
        (recipient, release.purpose, expiry_text(release), state),
        highlight=warn,
        note="expires soon" if warn else "",
    )


class ReleasesTab(RecordTab):
    def __init__(self, context: AppContext, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, client_id, "Releases", parent)
        self._releases: dict[int, ReleaseView] = {}
        self.section = SectionTable(
            "Releases of information", ("Recipient", "Purpose", "Expires", "Status")
        )
        self.new_button = button("Ne&w release…", "New release of information")
        self.view_button = button("&View…", "View the release as signed")
        self.revoke_button = button("Revo&ke…", "Revoke the release")
        self.disclose_button = button(
            "Record a &disclosure under this release…", "Record a disclosure under this release"
        )
        self.new_button.clicked.connect(self._on_new_clicked)
        self.view_button.clicked.connect(self._on_view_clicked)
        self.revoke_button.clicked.connect(self._on_revoke_clicked)
        self.disclose_button.clicked.connect(self._on_disclose_clicked)
        self.section.table.itemSelectionChanged.connect(self._update_buttons)
        self.section.activated.connect(lambda _id: self._on_view_clicked())
        self.layout_.addWidget(self.section, 1)
        self.layout_.addLayout(
            button_row(self.new_button, self.view_button, self.revoke_button, self.disclose_button)
        )
        self.layout_.addWidget(self.message)
        self._update_buttons()
        self.refresh()

    def refresh(self) -> None:
        context, client_id = self.context, self.client_id
        self.load(lambda: context.releases.for_client(client_id), self._on_loaded)

    def _on_loaded(self, releases: list[ReleaseView]) -> None:
        today = date.today()
        self._releases = {release.id: release for release in releases}
        rows = [release_row(release, today) for release in releases]
        self.section.show_rows(Loaded(rows), "No releases of information for this client.")
        soon = sum(1 for row in rows if row.highlight)
        if soon:
            self.section.message.show_message(
                f"{soon} release(s) expire within {WARN_DAYS} days. Ask the client whether to "
                "renew them.",
                "error",
            )
        self._update_buttons()

    def clear(self) -> None:
        self._releases = {}
        self.section.clear()
        self.message.clear_message()
        self._update_buttons()

    def selected(self) -> ReleaseView | None:
        release_id = selected_id(self.section)
        return self._releases.get(release_id) if release_id is not None else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        for each in (self.view_button, self.revoke_button, self.disclose_button):
            each.setEnabled(chosen)

    # ----- actions --------------------------------------------------------------------------

    def _on_new_clicked(self) -> None:
        dialog = NewReleaseDialog(self.context, self.client_id, self)
        dialog.completed.connect(lambda _id: self.done("The release was stored."))
        dialog.open()

    def _on_view_clicked(self) -> None:
        release = self.selected()
        if release is not None:
            ReleaseTextDialog(release, self).open()

    def _on_revoke_clicked(self) -> None:
        release = self.selected()
        if release is None:
            return
        service, release_id = self.context.releases, release.id

        def revoke(when: datetime, reason: str) -> object:
            service.revoke(release_id, when, reason)
            return release_id

        dialog = RevokeDialog(self.context, "release", REVOKE_HINT, revoke, self)
        dialog.completed.connect(lambda _id: self.done("The revocation was recorded."))
        dialog.open()

    def _on_disclose_clicked(self) -> None:
        release = self.selected()
        if release is not None:
            dialog = ReleaseDisclosureDialog(self.context, release, self)
            dialog.completed.connect(lambda _id: self.done("The disclosure was recorded."))
            dialog.open()


class ReleaseTextDialog(QDialog):
    """The authorization text as the client signed it, with its state."""

    def __init__(self, release: ReleaseView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Release of information — Confide")
        self.text = named(QTextBrowser(), "The release as signed")
        lines = [f"Signed {local_time(release.signed_at)} by {release.signer_name}."]
        if release.revoked_at is not None:
            lines.append(f"Revoked {local_time(release.revoked_at)}. {release.revocation_reason}")
        if not release.text_intact:
            lines.append("WARNING: the stored text does not match its hash.")
        self.text.setPlainText("\n".join(lines) + "\n\n" + release.rendered_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)
