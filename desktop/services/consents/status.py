"""Who needs to (re-)consent, and why. Used by the client record and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain import ConfidentialityLimit
from desktop.models import Client, Consent, ConsentRevocation
from desktop.models.consent import TEXT_AND_IMAGES_DEFERRED
from desktop.services.clients.service import is_minor
from desktop.services.consents.templates import current_versions

NO_CONSENT = "no consent on file"
REVOKED = "revoked"
NOW_ADULT = "signed as a minor; the client is now 18 or older"


@dataclass(frozen=True)
class ConsentStatus:
    """Where a client stands. ``reason`` is empty when the consent on file is current.

    ``limits`` are the limits of confidentiality the client was told of in the consent
    that counts (the newest one, if it is not revoked).
    """

    client_id: int
    client_display_name: str
    needs_consent: bool
    reason: str
    consent_id: int | None = None
    signed_at: datetime | None = None
    template_key: str = ""
    template_version: int | None = None
    current_version: int | None = None
    limits: tuple[ConfidentialityLimit, ...] = ()


def local_offset_minutes() -> int:
    """The computer's current UTC offset in minutes (the day a consent was signed is counted
    in it, in Python and in SQL alike, so the dashboard and the client record agree)."""
    offset = datetime.now().astimezone().utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def signed_day(moment: datetime, offset_minutes: int) -> date:
    """The local calendar day of a signing time, at the given UTC offset."""
    return (moment + timedelta(minutes=offset_minutes)).date()


def outdated_reason(signed_version: int, current_version: int) -> str:
    return f"signed on version {signed_version}; version {current_version} is current"


def stale_reason(months: int) -> str:
    return f"last signed more than {months} months ago"


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the month's last day (Jan 31 + 1 = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover - February always has 28 days


@dataclass(frozen=True)
class _Context:
    current_versions: dict[str, int]
    reconsent_months: int
    today: date
    offset_minutes: int


def _reason(client: Client, consent: Consent | None, revoked: bool, context: _Context) -> str:
    if consent is None:
        return NO_CONSENT
    if revoked:
        return REVOKED
    newest = context.current_versions.get(consent.template_key, consent.template_version)
    if consent.template_version < newest:
        return outdated_reason(consent.template_version, newest)
    signed_on = signed_day(consent.signed_at, context.offset_minutes)
    if is_minor(client.date_of_birth, signed_on) and not is_minor(
        client.date_of_birth, context.today
    ):
        return NOW_ADULT
    months = context.reconsent_months
    if add_months(signed_on, months) < context.today:
        return stale_reason(months)
    return ""


def status_of(
    client: Client, consent: Consent | None, revoked: bool, context: _Context
) -> ConsentStatus:
    reason = _reason(client, consent, revoked, context)
    if consent is None:
        return ConsentStatus(client.id, client.display_name, True, reason)
    return ConsentStatus(
        client_id=client.id,
        client_display_name=client.display_name,
        needs_consent=bool(reason),
        reason=reason,
        consent_id=consent.id,
        signed_at=consent.signed_at,
        template_key=consent.template_key,
        template_version=consent.template_version,
        current_version=context.current_versions.get(consent.template_key),
        limits=() if revoked else tuple(ConfidentialityLimit(n) for n in consent.limits),
    )


def latest_consents(session: Session, client_ids: list[int] | None = None) -> dict[int, Consent]:
    """Each client's newest signed consent (by signing time, then id)."""
    newest = select(Consent.client_id, func.max(Consent.signed_at).label("signed_at"))
    if client_ids is not None:
        newest = newest.where(Consent.client_id.in_(client_ids))
    latest = newest.group_by(Consent.client_id).subquery()
    query = (
        select(Consent)
        .join(
            latest,
            (Consent.client_id == latest.c.client_id) & (Consent.signed_at == latest.c.signed_at),
        )
        .order_by(Consent.id)
        .options(*TEXT_AND_IMAGES_DEFERRED)
    )
    return {row.client_id: row for row in session.scalars(query)}


def statuses(
    session: Session, clients: list[Client], reconsent_months: int, today: date
) -> list[ConsentStatus]:
    """The consent status of each of ``clients``, in the same order, in a few queries."""
    ids = [client.id for client in clients]
    consents = latest_consents(session, ids)
    consent_ids = [consent.id for consent in consents.values()]
    revoked = set(
        session.scalars(
            select(ConsentRevocation.consent_id).where(
                ConsentRevocation.consent_id.in_(consent_ids)
            )
        )
    )
    context = _Context(current_versions(session), reconsent_months, today, local_offset_minutes())
    found = []
    for client in clients:
        consent = consents.get(client.id)
        is_revoked = consent is not None and consent.id in revoked
        found.append(status_of(client, consent, is_revoked, context))
    return found
