"""The disclosure dialog's release list: the client's releases that cover this disclosure.

Picking one fills in its recipient and the authorization basis (45 CFR 164.508); when none
covers the date and information chosen, the matching rule and each release's reason show."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.domain import InformationCategory, LegalBasis
from desktop.services.release_matching import covering, match_releases, none_fits, role_of
from desktop.ui.widgets.accessibility import named
from desktop.ui.wizard.form import DataclassForm
from desktop.workflow.release_views import ReleaseView

NO_RELEASE = "No release: another legal basis"


class ReleasePicker(QWidget):
    def __init__(self, form: DataclassForm, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form, self._client_id = form, client_id
        self._releases: list[ReleaseView] = []
        self.combo = named(QComboBox(), "Release that covers this disclosure")
        self.combo.addItem(NO_RELEASE, None)
        self.explanation = QLabel("Loading the client's releases…")
        self.explanation.setWordWrap(True)
        caption = QLabel("Under the client's &release")
        caption.setBuddy(self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.combo)
        layout.addWidget(self.explanation)
        self.combo.activated.connect(self._on_release_chosen)
        form.changed.connect(self.refresh)

    def set_releases(self, releases: list[ReleaseView]) -> None:
        self._releases = list(releases)
        self.refresh()

    def release_id(self) -> int | None:
        picked = self.combo.currentData()
        return int(picked) if picked is not None else None

    def refresh(self) -> None:
        """List the releases that cover the date and information now in the form."""
        values = self._form.values()
        moment = values.get("disclosed_at")
        at = moment if isinstance(moment, datetime) else datetime.now(UTC)
        chosen = values.get("categories")
        listed = chosen if isinstance(chosen, tuple) else ()
        categories = tuple(c for c in listed if isinstance(c, InformationCategory))
        matches = match_releases(self._releases, self._client_id, at, categories)
        fitting = covering(matches)
        current = self.release_id()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(NO_RELEASE, None)
        for match in matches:
            if match.covers:
                self.combo.addItem(match.label, match.release.id)
        index = self.combo.findData(current) if current is not None else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        if fitting:
            count = len(fitting)
            self.explanation.setText(
                f"{count} of the client's releases cover{'s' if count == 1 else ''} this date "
                "and information. Picking one fills in its recipient and the authorization basis."
            )
        else:
            self.explanation.setText(none_fits(matches))

    def _on_release_chosen(self) -> None:
        picked = self.release_id()
        release = next((r for r in self._releases if r.id == picked), None)
        if release is None:
            return
        self._form.editor("recipient_name").set_value(release.recipient_name)
        role = role_of(release)
        if role is not None:
            self._form.editor("recipient_role").set_value(role)
        self._form.editor("legal_basis").set_value(LegalBasis.AUTHORIZATION)
