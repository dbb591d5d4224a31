"""The Qt-free time formatter used by reports and the command line."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from babel import Locale

from desktop import local_time as lt

MOMENT = datetime(2026, 11, 27, 3, 17, 45, tzinfo=UTC)


@pytest.fixture
def new_york(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en_US", "Nov 27, 2026, 3:17 AM"),
        ("de_DE", "27.11.2026, 03:17"),
        ("en_GB", "27 Nov 2026, 03:17"),
    ],
)
def test_datetime_in_the_locale_without_seconds(locale: str, expected: str) -> None:
    assert lt.format_datetime(MOMENT, Locale.parse(locale)) == expected


def test_date_in_the_locale() -> None:
    assert lt.format_date(date(2026, 11, 27), Locale.parse("en_US")) == "Nov 27, 2026"
    assert lt.format_date(date(2026, 11, 27), Locale.parse("fr_FR")) == "27 nov. 2026"


def test_the_system_locale_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    lt._environment_locale.cache_clear()
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    try:
        assert str(lt.system_locale()) == "de_DE"
        monkeypatch.setenv("LC_ALL", "xx_YY.UTF-8")
        lt._environment_locale.cache_clear()
        assert str(lt.system_locale()) == "en_US"
    finally:
        lt._environment_locale.cache_clear()


@pytest.mark.usefixtures("new_york")
def test_times_are_shown_in_the_computers_zone_and_named_once() -> None:
    assert lt.format_datetime(MOMENT, Locale.parse("en_US")) == "Nov 26, 2026, 10:17 PM"
    assert lt.zone_label(MOMENT) == "EST (UTC-05:00)"
    naive = MOMENT.replace(tzinfo=None)  # naive values are UTC, as the database stores them
    assert lt.format_datetime(naive, Locale.parse("en_US")) == "Nov 26, 2026, 10:17 PM"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(days=2, hours=5), "2 days"),
        (timedelta(days=1), "1 day"),
        (timedelta(hours=-3), "3 hours"),
        (timedelta(minutes=40), "40 minutes"),
        (timedelta(seconds=20), "less than a minute"),
    ],
)
def test_spans_are_rounded_down_to_one_unit(delta: timedelta, expected: str) -> None:
    assert lt.format_span(delta) == expected


def test_the_app_can_choose_the_locale() -> None:
    try:
        assert str(lt.use_locale("de-DE")) == "de_DE"
        assert lt.format_date(date(2026, 11, 27)) == "27.11.2026"
        lt.use_locale("not a locale")
        assert str(lt.system_locale()) == "de_DE"
    finally:
        lt._chosen.clear()


def test_long_dates_for_prose_follow_the_locale() -> None:
    assert lt.format_long_date(date(2026, 11, 27), Locale.parse("en_US")) == "November 27, 2026"
    assert lt.format_long_date(date(2026, 11, 27), Locale.parse("de_DE")) == "27. November 2026"


def test_a_missing_time_reads_as_not_recorded_or_the_callers_text(new_york: None) -> None:
    assert lt.format_moment(None) == lt.NOT_RECORDED
    assert lt.format_moment(None, "no deadline") == "no deadline"
    assert lt.format_moment(MOMENT) == lt.format_datetime(MOMENT)


def test_the_local_day_of_a_moment_is_the_computers_day(new_york: None) -> None:
    assert lt.format_local_day(MOMENT) == lt.format_date(date(2026, 11, 26))
