"""A deadline banner: "Report overdue by 2 days" in red, or the time left, with the rule.

Self-contained: ``show_facts`` (one incident) or ``show_most_urgent`` (the dashboard's open
incidents) keep it current, recounting the time left every minute; ``show_notice(None)`` hides
it. With ``offer_open`` it shows an "Open incident" button that emits
``open_requested(incident_id)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.widgets.accessibility import named
from desktop.workflow.deadline_notice import (
    DeadlineFacts,
    DeadlineNotice,
    deadline_notice,
    most_urgent,
)

RECOUNT_MS = 60_000


class DeadlineBanner(QFrame):
    """Hidden until ``show_notice`` gets a notice; its colour follows the notice's urgency."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None, *, offer_open: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("deadlineBanner")
        named(self, "Deadline")
        self.headline = QLabel()
        self.headline.setObjectName("deadlineHeadline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("deadlineDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = named(QPushButton("Open incident"), "Open the incident")
        self.open_button.setVisible(offer_open)
        self.open_button.clicked.connect(self._on_open_clicked)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.addWidget(self.headline)
        texts.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.addLayout(texts, 1)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.notice: DeadlineNotice | None = None
        self._source: Callable[[], DeadlineNotice | None] = lambda: None
        self._timer = QTimer(self, interval=RECOUNT_MS)
        self._timer.timeout.connect(self.recount)
        self.setVisible(False)

    def show_facts(self, facts: DeadlineFacts | None) -> None:
        """Follow one incident's deadline (None: no incident, hide)."""
        self._follow(lambda: deadline_notice(facts) if facts is not None else None)

    def show_most_urgent(self, incidents: Sequence[DeadlineFacts]) -> None:
        """Follow the most pressing deadline among ``incidents``, e.g. the dashboard's
        ``[DeadlineFacts.of_summary(s) for s in summaries]``."""
        rows = list(incidents)
        self._follow(lambda: most_urgent(rows))

    def recount(self) -> None:
        """Count the time left again (the timer does this every minute)."""
        self.show_notice(self._source())

    def _follow(self, source: Callable[[], DeadlineNotice | None]) -> None:
        self._source = source
        self.recount()
        if self.notice is None:
            self._timer.stop()
        else:
            self._timer.start()

    def show_notice(self, notice: DeadlineNotice | None) -> None:
        """Show ``notice``, or hide the banner when there is none."""
        self.notice = notice
        if notice is None:
            self.setVisible(False)
            return
        self.setProperty("urgency", notice.urgency.value)
        self.headline.setText(notice.headline)
        self.detail.setText(notice.detail)
        self.setAccessibleDescription(
            f"{notice.plain_headline or notice.headline}. {notice.detail}"
        )
        self.style().unpolish(self)
        self.style().polish(self)
        self.setVisible(True)

    def _on_open_clicked(self) -> None:
        if self.notice is not None:
            self.open_requested.emit(self.notice.incident_id)
