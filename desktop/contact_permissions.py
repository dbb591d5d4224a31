"""Contact permissions: for voicemail, text and e-mail, allowed, declined or not asked, and when.

Only "allowed" lets the practice use a channel: "not asked" is not consent (45 CFR 164.522(b)
lets a client ask for confidential communications; the consent forms promise to contact the
client "only in the ways you choose"). Vaults from before migration 0010 stored a yes/no box:
a ticked box became "allowed" with no recorded date, an unticked one "not asked".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from babel import Locale

from desktop.errors import UserInputError
from desktop.local_time import format_date


class ContactChannel(StrEnum):
    VOICEMAIL = "voicemail"
    TEXT = "text"
    EMAIL = "email"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    ContactChannel.VOICEMAIL: "Voicemail",
    ContactChannel.TEXT: "Text messages",
    ContactChannel.EMAIL: "E-mail",
}


class ContactStatus(StrEnum):
    ALLOWED = "allowed"
    DECLINED = "declined"
    NOT_ASKED = "not_asked"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    ContactStatus.ALLOWED: "Allowed",
    ContactStatus.DECLINED: "Declined",
    ContactStatus.NOT_ASKED: "Not asked",
}


@dataclass(frozen=True)
class ContactPermission:
    """One channel's answer and the day the client gave it (None: not recorded)."""

    status: ContactStatus = ContactStatus.NOT_ASKED
    asked_on: date | None = None

    @property
    def allows(self) -> bool:
        """Whether the practice may use the channel: only an explicit yes counts."""
        return self.status is ContactStatus.ALLOWED

    def as_json(self) -> dict[str, str | None]:
        asked = self.asked_on.isoformat() if self.asked_on else None
        return {"status": self.status.value, "asked_on": asked}


class HasContactFields(Protocol):
    """Anything with the six stored contact fields (a Client row)."""

    voicemail_status: str
    voicemail_asked_on: date | None
    text_status: str
    text_asked_on: date | None
    email_status: str
    email_asked_on: date | None


def status_of(stored: str) -> ContactStatus:
    """A stored status; anything unknown reads as "not asked", never as allowed."""
    try:
        return ContactStatus(stored)
    except ValueError:
        return ContactStatus.NOT_ASKED


@dataclass(frozen=True)
class ContactPermissions:
    """The client's answer for each channel."""

    voicemail: ContactPermission = ContactPermission()
    text: ContactPermission = ContactPermission()
    email: ContactPermission = ContactPermission()

    def of(self, channel: ContactChannel) -> ContactPermission:
        permission: ContactPermission = getattr(self, channel.value)
        return permission

    def by_channel(self) -> dict[ContactChannel, ContactPermission]:
        return {channel: self.of(channel) for channel in ContactChannel}

    def as_json(self) -> dict[str, dict[str, str | None]]:
        """E.g. {"voicemail": {"status": "declined", "asked_on": "2026-03-12"}, ...}."""
        return {channel.value: self.of(channel).as_json() for channel in ContactChannel}

    @classmethod
    def of_row(cls, row: HasContactFields) -> ContactPermissions:
        return cls(
            **{
                channel.value: ContactPermission(
                    status_of(str(getattr(row, f"{channel.value}_status"))),
                    getattr(row, f"{channel.value}_asked_on"),
                )
                for channel in ContactChannel
            }
        )

    def columns(self) -> dict[str, str | date | None]:
        """The six stored column values, e.g. {"voicemail_status": "allowed", ...}."""
        values: dict[str, str | date | None] = {}
        for channel, permission in self.by_channel().items():
            values[f"{channel.value}_status"] = permission.status.value
            values[f"{channel.value}_asked_on"] = permission.asked_on
        return values

    def store_on(self, row: HasContactFields) -> None:
        for name, value in self.columns().items():
            setattr(row, name, value)


def checked_permissions(
    permissions: ContactPermissions, today: date | None = None
) -> ContactPermissions:
    """Refuse a date asked in the future; "not asked" keeps no date."""
    today = today or date.today()
    checked = {}
    for channel, answer in permissions.by_channel().items():
        if answer.asked_on is not None and answer.asked_on > today:
            raise UserInputError(
                f"{channel.label}: the date the client was asked cannot be in the future."
            )
        unasked = answer.status is ContactStatus.NOT_ASKED
        checked[channel.value] = ContactPermission() if unasked else answer
    return ContactPermissions(**checked)


def describe(permission: ContactPermission, locale: Locale | None = None) -> str:
    """E.g. "Declined, asked Mar 12, 2026", "Allowed, date not recorded", "Not asked"."""
    if permission.status is ContactStatus.NOT_ASKED:
        return ContactStatus.NOT_ASKED.label
    when = (
        f"asked {format_date(permission.asked_on, locale)}"
        if permission.asked_on
        else "date not recorded"
    )
    return f"{permission.status.label}, {when}"


def contact_caution(permissions: ContactPermissions) -> str:
    """What the practice may not use yet, e.g. "Do not use voicemail: the client declined."

    Empty when every channel is allowed."""

    def named(status: ContactStatus) -> str:
        return ", ".join(
            c.label.lower() for c, p in permissions.by_channel().items() if p.status is status
        )

    declined, unasked = named(ContactStatus.DECLINED), named(ContactStatus.NOT_ASKED)
    parts = []
    if declined:
        parts.append(f"Do not use {declined}: the client declined.")
    if unasked:
        parts.append(f"Ask before using {unasked}: the client has not been asked.")
    return " ".join(parts)
