"""Who needs a (new) consent, decided in SQL: a count and one page of rows for any practice size.

The rules are those of :mod:`desktop.services.consents.status` (which answers for one client);
here they run as one CASE over every active client, reading only small columns: consent text
and signature images are never loaded. Pages follow the list order (last name, first name,
client number) from the last row shown (keyset), never by OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Select, and_, case, func, select, tuple_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from desktop.models import Client, Consent, ConsentDue, ConsentRevocation, ConsentTemplate
from desktop.models.client import display_name
from desktop.services.consents import status as cs

ADULT_DAYS = 180_000  # 18 years, as a difference of YYYYMMDD numbers
NONE, REVOKED, OUTDATED, NOW_ADULT, STALE = 1, 2, 3, 4, 5


class day_number(FunctionElement[int]):  # noqa: N801 - a SQL function, named like one
    """A date (or a datetime moved by ``minutes``) as the number YYYYMMDD.

    The difference of two such numbers divided by 10,000 is an exact age in whole years, which
    is how ``validation.age_on`` counts (a 29 February birthday is reached on 1 March).
    """

    type = Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    value, minutes = list(element.clauses)
    return (
        f"CAST(strftime('%Y%m%d', {compiler.process(value, **kw)}, "
        f"{compiler.process(minutes, **kw)} || ' minutes') AS INTEGER)"
    )


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    value, minutes = list(element.clauses)
    return (
        f"CAST(to_char({compiler.process(value, **kw)} + make_interval(mins => "
        f"{compiler.process(minutes, **kw)}), 'YYYYMMDD') AS INTEGER)"
    )


def as_number(day: date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


@dataclass(frozen=True)
class ConsentNeed:
    """One active client whose consent is missing or no longer current, and why."""

    client_id: int
    client_display_name: str
    last_name: str
    first_name: str
    reason: str
    signed_at: datetime | None
    template_version: int | None


@dataclass(frozen=True)
class ConsentQueue:
    """How many clients need a consent, and the first of them in list order."""

    total: int
    rows: list[ConsentNeed]


@dataclass(frozen=True)
class Rules:
    reconsent_months: int
    today: date
    offset_minutes: int  # the local UTC offset that turns a signing time into a day


def rules_for(reconsent_months: int, today: date) -> Rules:
    return Rules(reconsent_months, today, cs.local_offset_minutes())


def queue(session: Session, rules: Rules, limit: int) -> ConsentQueue:
    """The count and the first ``limit`` rows, from the due days (desktop.services.consents.due,
    refreshed first by the caller): a count over an index, then :func:`page`."""
    due = (ConsentDue.archived.is_(False), ConsentDue.due_on <= rules.today)
    total = session.scalar(select(func.count()).select_from(ConsentDue).where(*due)) or 0
    return ConsentQueue(int(total), page(session, rules, None, max(limit, 0)) if limit else [])


def page(
    session: Session, rules: Rules, after: ConsentNeed | None, limit: int | None
) -> list[ConsentNeed]:
    """The next ``limit`` rows after ``after`` (the last row shown), in list order: the clients
    due by today from the due days (refreshed first by the caller), then the reasons of those
    clients only."""
    order = (Client.last_name, Client.first_name, Client.id)
    first = (
        select(Client.id)
        .join(ConsentDue, ConsentDue.client_id == Client.id)
        .where(Client.archived.is_(False), ConsentDue.due_on <= rules.today)
        .order_by(*order)
        .limit(limit)
    )
    if after is not None:
        first = first.where(
            tuple_(*order) > tuple_(after.last_name, after.first_name, after.client_id)
        )
    ids = list(session.scalars(first))
    if not ids:
        return []
    needs = _needs(rules, ids)
    return [_need(row, rules) for row in session.execute(select(needs).order_by(*_order(needs)))]


def _order(needs: Any) -> tuple[ColumnElement[Any], ...]:
    return (needs.c.last_name, needs.c.first_name, needs.c.client_id)


def latest_consents(client_ids: list[int] | None = None) -> Any:
    """Each client's newest consent (by signing time, then id): small columns only, read in
    one pass over ix_consents_client_signed; the rows with text and images are not touched."""
    newest_first = (Consent.signed_at.desc(), Consent.id.desc())
    ranked_query = select(
        Consent.client_id,
        Consent.id,
        Consent.signed_at,
        Consent.template_key,
        Consent.template_version,
        func.row_number().over(partition_by=Consent.client_id, order_by=newest_first).label("rank"),
    )
    if client_ids is not None:
        ranked_query = ranked_query.where(Consent.client_id.in_(client_ids))
    ranked = ranked_query.subquery("ranked")
    return select(ranked).where(ranked.c.rank == 1).subquery("latest")


def _needs(rules: Rules, client_ids: list[int] | None = None) -> Any:
    """Active clients (of ``client_ids``) with a non-zero reason code: small columns."""
    latest = latest_consents(client_ids)
    current = (
        select(ConsentTemplate.key, func.max(ConsentTemplate.version).label("version"))
        .group_by(ConsentTemplate.key)
        .subquery("current")
    )
    query: Select[Any] = (
        select(
            Client.id.label("client_id"),
            Client.first_name,
            Client.last_name,
            Client.preferred_name,
            latest.c.signed_at,
            latest.c.template_version,
            current.c.version.label("current_version"),
            _reason(rules, latest, ConsentRevocation.id, current.c.version).label("reason"),
        )
        .select_from(Client)
        .outerjoin(latest, latest.c.client_id == Client.id)
        .outerjoin(ConsentRevocation, ConsentRevocation.consent_id == latest.c.id)
        .outerjoin(current, current.c.key == latest.c.template_key)
        .where(Client.archived.is_(False))
    )
    if client_ids is not None:
        query = query.where(Client.id.in_(client_ids))
    subquery = query.subquery("needs")
    return select(subquery).where(subquery.c.reason > 0).subquery("needing")


def _reason(
    rules: Rules, latest: Any, revocation: Any, current_version: ColumnElement[Any]
) -> ColumnElement[int]:
    signed_day = day_number(latest.c.signed_at, rules.offset_minutes)
    birth_day = day_number(Client.date_of_birth, 0)
    adult_now = birth_day <= as_number(rules.today) - ADULT_DAYS
    minor_when_signed = signed_day - birth_day < ADULT_DAYS
    return case(
        (latest.c.id.is_(None), NONE),
        (revocation.is_not(None), REVOKED),
        (latest.c.template_version < current_version, OUTDATED),
        (and_(Client.date_of_birth.is_not(None), adult_now, minor_when_signed), NOW_ADULT),
        (signed_day < as_number(_reconsent_cutoff(rules)), STALE),
        else_=0,
    )


def _reconsent_cutoff(rules: Rules) -> date:
    """The first signing day still current: ``add_months(day, months) < today`` before it."""
    day = cs.add_months(rules.today, -rules.reconsent_months) - timedelta(days=3)
    while cs.add_months(day, rules.reconsent_months) < rules.today:
        day += timedelta(days=1)
    return day


def _need(row: Any, rules: Rules) -> ConsentNeed:
    return ConsentNeed(
        client_id=row.client_id,
        client_display_name=display_name(row.first_name, row.last_name, row.preferred_name),
        last_name=row.last_name,
        first_name=row.first_name,
        reason=_text(row, rules.reconsent_months),
        signed_at=row.signed_at,
        template_version=row.template_version,
    )


def _text(row: Any, months: int) -> str:
    code = row.reason
    if code == NONE:
        return cs.NO_CONSENT
    if code == REVOKED:
        return cs.REVOKED
    if code == OUTDATED:
        return cs.outdated_reason(row.template_version, row.current_version)
    if code == NOW_ADULT:
        return cs.NOW_ADULT
    return cs.stale_reason(months)
