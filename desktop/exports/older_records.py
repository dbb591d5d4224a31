"""Records from whole-vault exports written by earlier versions, in today's columns.

- Before migration 0010 a client had yes/no boxes ``voicemail_ok``, ``text_ok``, ``email_ok``:
  yes becomes "allowed" with no date asked, no becomes "not asked" (see that migration).
- A column added later with a database default (e.g. ``consents.minor_consent_basis``, 0006)
  takes that default.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import DefaultClause

from desktop.contact_permissions import ContactChannel, ContactStatus
from desktop.exports.records import RecordType


def brought_up_to_date(kind: RecordType, record: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The record with every current column, and whether anything had to be filled in."""
    upgraded = dict(record)
    if kind.name == "clients":
        for channel in ContactChannel:
            old = f"{channel.value}_ok"
            if old in upgraded and f"{channel.value}_status" not in upgraded:
                allowed = upgraded.pop(old) is True
                status = ContactStatus.ALLOWED if allowed else ContactStatus.NOT_ASKED
                upgraded[f"{channel.value}_status"] = status.value
                upgraded[f"{channel.value}_asked_on"] = None
    for column in kind.columns:
        default = column.server_default
        missing = column.name not in upgraded
        if missing and isinstance(default, DefaultClause) and isinstance(default.arg, str):
            upgraded[column.name] = default.arg
    return upgraded, upgraded.keys() != record.keys()
