"""Consents & releases: who needs a (new) consent and which releases expire soon.

Signing and managing consents and releases happens in each client's record (Consents and
Releases tabs); this page is the practice-wide overview.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from desktop.ui.client_record.opener import open_client_record
from desktop.ui.consents.template_editor import TemplatesPanel
from desktop.ui.context import AppContext
from desktop.ui.formatting import local_date, local_time
from desktop.ui.pages import Page
from desktop.ui.pages.sections import Loaded, Row, SectionTable, load_section
from desktop.ui.widgets.accessibility import named


@dataclass(frozen=True)
class Overview:
    consents: Loaded[Row]
    releases: Loaded[Row]


def gather(context: AppContext, days: int) -> Overview:
    return Overview(
        consents=load_section(lambda: _consent_rows(context), "consent list"),
        releases=load_section(lambda: _release_rows(context, days), "release list"),
    )


def _consent_rows(context: AppContext) -> list[Row]:
    return [
        Row(
            s.client_id,
            (
                s.client_display_name,
                s.reason.capitalize(),
                local_time(s.signed_at, "never"),
                f"v{s.template_version}" if s.template_version else "",
            ),
        )
        for s in context.consents.clients_needing_consent()
    ]


def _release_rows(context: AppContext, days: int) -> list[Row]:
    return [
        Row(
            r.client_id,
            (r.client_display_name, r.recipient_name, local_date(r.expires_on), str(r.days_left)),
            highlight=r.days_left <= 7,
        )
        for r in context.releases.expiring_within(days)
    ]


class ConsentsOverviewPage(Page):
    title = "Consents & releases"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        hint = QLabel(
            "Open a client (double-click) to sign a new consent, record a release or revoke one."
        )
        hint.setWordWrap(True)
        self.days = named(QSpinBox(), "Show releases expiring within this many days")
        self.days.setRange(1, 365)
        self.days.setValue(60)
        self.days.setSuffix(" days")
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.consents = SectionTable(
            "Consent missing or outdated", ("Client", "Why", "Last signed", "Version")
        )
        self.releases = SectionTable(
            "Releases expiring soon", ("Client", "Recipient", "Expires on", "Days left")
        )
        self.templates = TemplatesPanel(context)
        self.templates.changed.connect(self.refresh)
        self.consents.activated.connect(self._open_client)
        self.releases.activated.connect(self._open_client)
        row = QHBoxLayout()
        row.addWidget(QLabel("Releases expiring within"))
        row.addWidget(self.days)
        row.addStretch(1)
        self.layout_.addWidget(hint)
        self.layout_.addWidget(self.consents, 1)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.releases, 1)
        self.layout_.addWidget(self.templates, 1)

    def refresh(self) -> None:
        context, days = self.context, self.days.value()
        self.templates.refresh()
        context.worker.run(
            lambda: gather(context, days), self._on_loaded, context.error_handler(self)
        )

    def _on_loaded(self, overview: Overview) -> None:
        self.consents.show_rows(overview.consents, "Every active client has a current consent.")
        self.releases.show_rows(overview.releases, "No release expires in this period.")

    def clear(self) -> None:
        self.consents.clear()
        self.releases.clear()
        self.templates.clear()

    def _open_client(self, client_id: int) -> None:
        open_client_record(self.context, client_id, self.window())
