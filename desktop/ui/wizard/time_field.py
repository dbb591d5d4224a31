"""A date-and-time field shown in local time with its zone, with an explicit "Not set" state.

Values are timezone-aware: the field reads and writes aware datetimes (stored in UTC by the
services) and shows them in the clinician's local time, with the zone's name beside them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import QCheckBox, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from desktop.ui.formatting import editor_date_time_format
from desktop.ui.widgets.accessibility import named


def now_to_the_minute() -> datetime:
    """The current local time, aware, without seconds (what the field can show)."""
    return datetime.now().astimezone().replace(second=0, microsecond=0)


def to_qt(moment: datetime) -> QDateTime:
    local = moment.astimezone()
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, 0))


def from_qt(value: QDateTime) -> datetime:
    """The aware datetime for a local wall-clock value shown in the editor."""
    day, time = value.date(), value.time()
    naive = datetime(day.year(), day.month(), day.day(), time.hour(), time.minute())
    return naive.astimezone()


class OneStopDateTimeEdit(QDateTimeEdit):
    """Tab leaves the field instead of walking its five sections (arrows still move between
    them), so a date and time is one Tab stop like any other field."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class OptionalDateTimeField(QWidget):
    """``required`` fields have no "Not set" box and start at the current time."""

    changed = Signal()

    def __init__(self, name: str, *, required: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._required = required
        self.editor = named(
            OneStopDateTimeEdit(),
            name,
            "Local time; the zone is shown beside it. Left and Right move between date and time.",
        )
        self.editor.setDisplayFormat(editor_date_time_format())
        self.editor.setCalendarPopup(True)
        self.editor.setDateTime(to_qt(now_to_the_minute()))
        self.zone = QLabel()
        self.not_set = named(QCheckBox("Not set"), f"{name}: not set")
        self.not_set.setVisible(not required)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.zone)
        layout.addWidget(self.not_set)
        self.setFocusProxy(self.editor)
        self.editor.dateTimeChanged.connect(self._on_editor_date_time_changed)
        self.not_set.toggled.connect(self._on_not_set_toggled)
        self.not_set.setChecked(not required)
        self._show_zone()

    @property
    def is_set(self) -> bool:
        return not self.not_set.isChecked()

    def value(self) -> datetime | None:
        return from_qt(self.editor.dateTime()) if self.is_set else None

    def set_value(self, moment: datetime | None) -> None:
        blocked = self.blockSignals(True)
        if moment is not None:
            self.editor.setDateTime(to_qt(moment))
        self.not_set.setChecked(moment is None and not self._required)
        self._show_zone()
        self.blockSignals(blocked)

    def set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        self.not_set.setEnabled(not read_only)

    def _show_zone(self) -> None:
        moment = from_qt(self.editor.dateTime())
        self.zone.setText(moment.tzname() or moment.strftime("UTC%z"))

    def _on_editor_date_time_changed(self, _value: QDateTime) -> None:
        self._show_zone()
        self.changed.emit()

    def _on_not_set_toggled(self, checked: bool) -> None:
        self.editor.setEnabled(not checked)
        self.changed.emit()
