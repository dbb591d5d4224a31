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
from desktop.ui.formatting import local_date
from desktop.ui.pages import Page
from desktop.ui.pages.list_section import ListSection, more_text
from desktop.ui.table_models.consent_need_table_model import ConsentNeedTableModel
from desktop.ui.table_models.row_table_model import Row
from desktop.ui.widgets.accessibility import named
from desktop.ui.widgets.sections import Loaded, load_counted, load_section

RELEASE_ROWS = 500  # releases listed for the chosen period; the count says how many in all


@dataclass(frozen=True)
class Overview:
    consents_total: Loaded[int]
    releases: Loaded[Row]


def gather(context: AppContext, days: int) -> Overview:
    return Overview(
        consents_total=load_section(
            lambda: [context.consents.consent_queue(0).total], "consent count"
        ),
        releases=load_counted(lambda: _release_rows(context, days), "release list"),
    )


def _release_rows(context: AppContext, days: int) -> tuple[int, list[Row]]:
    queue = context.releases.expiring_queue(days, RELEASE_ROWS)
    rows = [
        Row(
            r.client_id,
            (r.client_display_name, r.recipient_name, local_date(r.expires_on), str(r.days_left)),
            highlight=r.days_left <= 7,
        )
        for r in queue.rows
    ]
    return queue.total, rows


def consent_count_text(loaded: Loaded[int]) -> tuple[str, str]:
    """The line under the consent list, and its kind."""
    if loaded.problem:
        return loaded.problem, "error"
    total = loaded.rows[0] if loaded.rows else 0
    if total == 0:
        return "Every active client has a current consent.", "info"
    if total == 1:
        return "1 client needs a consent.", "info"
    return f"{total:,} clients need a consent.", "info"


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
        self.consent_model = ConsentNeedTableModel(context)
        self.consents = ListSection(
            "Consent missing or outdated",
            ConsentNeedTableModel.HEADERS,
            model=self.consent_model,
        )
        self.releases = ListSection(
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
        self.consent_model.run_query()
        context.worker.run(
            lambda: gather(context, days), self._on_loaded, context.error_handler(self)
        )

    def _on_loaded(self, overview: Overview) -> None:
        self.consents.show_message(*consent_count_text(overview.consents_total))
        more = more_text(overview.releases, "releases expire in this period")
        self.releases.show_rows(overview.releases, "No release expires in this period.", more)
        self.releases.more.setVisible(False)  # the whole list is this page: narrow the period

    def clear(self) -> None:
        self.consent_model.clear()
        self.consents.clear()
        self.releases.clear()
        self.templates.clear()

    def _open_client(self, client_id: int) -> None:
        open_client_record(self.context, client_id, self.window())
