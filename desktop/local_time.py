"""Dates and times in the user's own conventions, without Qt (reports and the command line).

The app formats with ``QLocale`` (desktop/ui/local_time.py); everything else comes here. The
locale is the system's (``LC_ALL``, ``LC_TIME``, ``LANG``), the time zone the computer's. ISO
8601 stays for machines: ``--json`` output and stored values.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from typing import Final

from babel import Locale, UnknownLocaleError, dates, default_locale

FALLBACK_LOCALE = "en_US"
NOT_RECORDED: Final = "Not recorded"


_chosen: list[Locale] = []  # set by the app from the platform's settings (QLocale)


def use_locale(name: str) -> Locale:
    """Format in locale ``name`` (e.g. "en_US") from now on; an unknown name keeps the system's."""
    try:
        chosen = Locale.parse(name.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return system_locale()
    _chosen[:] = [chosen]
    return chosen


def system_locale() -> Locale:
    """The locale chosen by the app, else the environment's; US English when neither is known."""
    return _chosen[0] if _chosen else _environment_locale()


@cache
def _environment_locale() -> Locale:
    name = default_locale("LC_TIME") or FALLBACK_LOCALE
    try:
        return Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(FALLBACK_LOCALE)


def local_zone() -> tzinfo:
    """The computer's time zone right now."""
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def in_local_zone(moment: datetime) -> datetime:
    """``moment`` (naive means UTC) as a wall-clock time in the computer's zone."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(local_zone())


def format_datetime(moment: datetime, locale: Locale | None = None) -> str:
    """E.g. "Nov 27, 2026, 3:17 AM" in en_US, "27.11.2026, 03:17" in de_DE; no zone named."""
    return _without_seconds(in_local_zone(moment), locale or system_locale())


def format_moment(moment: datetime | None, empty: str = NOT_RECORDED) -> str:
    """``moment`` as format_datetime writes it, or ``empty`` when no time was recorded."""
    return format_datetime(moment) if moment is not None else empty


def format_local_day(moment: datetime) -> str:
    """The day of ``moment`` in the computer's zone, as format_date writes it."""
    return format_date(in_local_zone(moment).date())


def _without_seconds(moment: datetime, locale: Locale) -> str:
    day = dates.format_date(moment.date(), format="medium", locale=locale)
    clock = dates.format_time(moment.time(), format="short", locale=locale)
    pattern = locale.datetime_formats.get("medium", "{1}, {0}")
    return _plain_spaces(str(pattern).replace("{1}", day).replace("{0}", clock))


def _plain_spaces(text: str) -> str:
    """CLDR puts narrow no-break spaces before AM/PM: not every font or terminal has one."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def format_date(day: date, locale: Locale | None = None) -> str:
    """E.g. "Nov 27, 2026" in en_US, "27.11.2026" in de_DE."""
    return _plain_spaces(dates.format_date(day, format="medium", locale=locale or system_locale()))


def format_long_date(day: date, locale: Locale | None = None) -> str:
    """For prose such as a consent's text: "November 27, 2026" in en_US, "27. November 2026"."""
    return _plain_spaces(dates.format_date(day, format="long", locale=locale or system_locale()))


def zone_label(moment: datetime | None = None) -> str:
    """The computer's zone for a report's "Times are in …" line, e.g. "EST (UTC-05:00)"."""
    local = in_local_zone(moment or datetime.now(UTC))
    offset = local.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    name = local.tzname() or "local time"
    if name in ("UTC", "GMT") and minutes == 0:
        return "UTC"
    return f"{name} (UTC{sign}{hours:02d}:{rest:02d})"


def format_span(delta: timedelta) -> str:
    """A rounded length of time: "2 days", "5 hours", "40 minutes", "less than a minute"."""
    seconds = abs(int(delta.total_seconds()))
    for unit, size in (("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "less than a minute"


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"
