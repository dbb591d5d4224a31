"""Each client's consent due day (issue 11): the first day the client needs a new consent.

The dashboard counts the active clients due by today from an index instead of working out
every client's status on each visit. The day follows the rules of
:mod:`desktop.services.consent_status`: due at once with no consent, a revoked one or one on
an older template version; otherwise the day after the re-consent interval ends, or the
18th birthday for a consent signed as a minor, whichever comes first.

A client's row is deleted when their consents or record change (desktop.models.consent_due);
every row is deleted when the rules change (interval, UTC offset, current template
versions: the stamp). :func:`refresh` compares two index counts and, when rows are
missing, computes them: a few statements per 5,000 clients.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, func, insert, select
from sqlalchemy.orm import Session

from desktop.models import Client, ConsentDue, ConsentDueRules, ConsentRevocation
from desktop.services.clients.service import ADULT_AGE, is_minor
from desktop.services.consents.queue import Rules, latest_consents
from desktop.services.consents.status import add_months, signed_day
from desktop.services.consents.templates import current_versions

DUE_NOW = date(1, 1, 1)
CHUNK = 5_000


def due_day(
    birth: date | None,
    signed_at: datetime | None,
    *,
    template_key: str | None,
    template_version: int | None,
    revoked: bool,
    context: tuple[dict[str, int], int, int],
) -> date:
    """The first day this client needs a new consent (DUE_NOW: already)."""
    versions, months, offset = context
    if signed_at is None or template_version is None or revoked:
        return DUE_NOW
    if template_version < versions.get(template_key or "", template_version):
        return DUE_NOW
    signed_on = signed_day(signed_at, offset)
    due = add_months(signed_on, months) + timedelta(days=1)
    if birth is not None and is_minor(birth, signed_on):
        due = min(due, adult_day(birth))
    return due


def adult_day(birth: date) -> date:
    """The first day the client is no longer a minor (a 29 February birthday: 1 March)."""
    day = date(birth.year + ADULT_AGE, birth.month, min(birth.day, 28))
    while is_minor(birth, day):
        day += timedelta(days=1)
    return day


def refresh(session: Session, rules: Rules) -> int:
    """Compute every missing due day (all of them after a change of rules); how many."""
    versions = current_versions(session)
    stamp = json.dumps(
        {"months": rules.reconsent_months, "offset": rules.offset_minutes, "versions": versions},
        sort_keys=True,
    )
    held = session.get(ConsentDueRules, 1)
    if held is None or held.stamp != stamp:
        session.connection().execute(delete(ConsentDue))
        if held is None:
            session.add(ConsentDueRules(id=1, stamp=stamp))
        else:
            held.stamp = stamp
        session.flush()
    clients = session.scalar(select(func.count()).select_from(Client)) or 0
    days = session.scalar(select(func.count()).select_from(ConsentDue)) or 0
    if days == clients:  # a day belongs to an existing client (foreign key, cascade)
        return 0
    has_day = exists().where(ConsentDue.client_id == Client.id)
    missing = list(session.scalars(select(Client.id).where(~has_day).order_by(Client.id)))
    context = (versions, rules.reconsent_months, rules.offset_minutes)
    for start in range(0, len(missing), CHUNK):
        rows = _days(session, missing[start : start + CHUNK], context)
        session.connection().execute(insert(ConsentDue), rows)
    return len(missing)


def _days(
    session: Session, ids: list[int], context: tuple[dict[str, int], int, int]
) -> list[dict[str, Any]]:
    latest = latest_consents(ids)
    revoked = exists().where(ConsentRevocation.consent_id == latest.c.id)
    query = (
        select(
            Client.id,
            Client.date_of_birth,
            Client.archived,
            latest.c.signed_at,
            latest.c.template_key,
            latest.c.template_version,
            revoked.label("revoked"),
        )
        .outerjoin(latest, latest.c.client_id == Client.id)
        .where(Client.id.in_(ids))
    )
    return [
        {
            "client_id": row.id,
            "archived": row.archived,
            "due_on": due_day(
                row.date_of_birth,
                row.signed_at,
                template_key=row.template_key,
                template_version=row.template_version,
                revoked=bool(row.revoked),
                context=context,
            ),
        }
        for row in session.execute(query)
    ]
