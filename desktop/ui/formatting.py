"""Times shown in the clinician's local time with its zone; stored times are UTC."""

from __future__ import annotations

from datetime import date, datetime


def local_time(moment: datetime | None, empty: str = "") -> str:
    """E.g. "2025-05-03 14:02 EDT"; naive values are refused upstream (storage is aware)."""
    if moment is None:
        return empty
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()


def local_date(day: date | None, empty: str = "") -> str:
    return day.isoformat() if day is not None else empty


def local_midnight(day: date) -> datetime:
    """The start of ``day`` in the local zone, as an aware datetime."""
    return datetime(day.year, day.month, day.day).astimezone()
