"""Input checks shared by the services. Every failure is a UserInputError with a plain message."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta

from desktop.errors import UserInputError

MAX_SHORT_TEXT = 300
MAX_LONG_TEXT = 2_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_RECORD_ID = 2**63 - 1  # the largest id SQLite can store
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EARLIEST_DATE = date(1900, 1, 1)
_CLOCK_SLACK = timedelta(minutes=5)


def clean(value: str) -> str:
    """NFC-normalize and drop control characters other than tab and newline.

    A lone surrogate (text that was not valid Unicode) cannot be stored: it becomes U+FFFD.
    """
    text = _LONE_SURROGATE.sub("\ufffd", value)
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def storable_id(value: int) -> bool:
    """False for an id no stored record can have (not positive, or beyond SQLite's range)."""
    return 0 < value <= MAX_RECORD_ID


def required_text(value: str, label: str, max_length: int = MAX_SHORT_TEXT) -> str:
    text = optional_text(value, label, max_length).strip()
    if not text:
        raise UserInputError(f"{label} is required.")
    return text


def optional_text(value: str, label: str, max_length: int = MAX_LONG_TEXT) -> str:
    text = clean(value)
    if len(text) > max_length:
        raise UserInputError(f"{label} is too long (at most {max_length:,} characters).")
    return text


def optional_email(value: str, label: str = "E-mail") -> str:
    text = optional_text(value, label, 320).strip()
    if text and not _EMAIL.match(text):
        raise UserInputError(f"{label} does not look like an e-mail address.")
    return text


def past_date(value: date | None, label: str, *, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise UserInputError(f"{label} is required.")
        return None
    if isinstance(value, datetime):  # a datetime is a date too: keep its calendar day
        value = value.date()
    if value > date.today():
        raise UserInputError(f"{label} cannot be in the future.")
    if value < EARLIEST_DATE:
        raise UserInputError(f"{label} is before 1900; check the year.")
    return value


def parse_date(text: str, label: str) -> date:
    """Parse YYYY-MM-DD with a plain message on failure."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserInputError(f"{label} must be a real date written as YYYY-MM-DD.") from None


def aware(value: datetime, label: str) -> datetime:
    """A timezone-aware time, not absurdly far in the past or future."""
    if value.tzinfo is None:
        raise UserInputError(f"{label} must include a time zone.")
    if value.year < EARLIEST_DATE.year:
        raise UserInputError(f"{label} is before 1900; check the year.")
    try:
        utc = value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31 23:00 at UTC-5 is past the last representable day
        raise UserInputError(f"{label} is too far in the future; check the year.") from None
    if utc > datetime.now(UTC) + timedelta(days=366):
        raise UserInputError(f"{label} is more than a year in the future; check the year.")
    return utc


def not_future(value: datetime, label: str) -> datetime:
    result = aware(value, label)
    if result > datetime.now(UTC) + _CLOCK_SLACK:
        raise UserInputError(f"{label} cannot be in the future.")
    return result


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
