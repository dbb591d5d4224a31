"""Times shown in the clinician's own conventions: the platform's locale (QLocale) and zone.

Stored times are UTC. The text comes from desktop.local_time, the same formatter the reports
and the command line use, so a time reads the same in the app, a PDF and a terminal.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QLocale

from desktop.local_time import format_date, format_moment, use_locale


def use_system_locale() -> str:
    """Format with the locale the platform's regional settings name; returns its name."""
    name = QLocale.system().name()
    return str(use_locale(name))


def local_time(moment: datetime | None, empty: str = "") -> str:
    """E.g. "Nov 27, 2026, 3:17 AM" in the US, "27.11.2026, 03:17" in Germany."""
    return format_moment(moment, empty)


def local_date(day: date | None, empty: str = "") -> str:
    """E.g. "Nov 27, 2026"."""
    return format_date(day) if day is not None else empty


def editor_date_format() -> str:
    """The locale's short numeric date for date editors, with four-digit years ("M/d/yyyy")."""
    pattern = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def editor_date_time_format() -> str:
    """The same, with the locale's short time ("M/d/yyyy h:mm AP")."""
    return f"{editor_date_format()} {QLocale().timeFormat(QLocale.FormatType.ShortFormat)}"


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the local zone, as an aware datetime."""
    return datetime(day.year, day.month, day.day).astimezone()
