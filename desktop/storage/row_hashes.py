"""Hashes of record rows, written into the audit chain and checked by ``verify``.

Every flush notes which record rows it inserted, changed or deleted; the next audit event of
the unit of work carries the SHA-256 of each of those rows as stored. Rows written after the
last event of a unit of work get one more event of their own at commit, so every write is
covered. ``verify`` recomputes every row against the newest hash recorded for it: a row
reverted below the page level (one page put back from an older copy) no longer matches.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Connection, MetaData, Table, event, inspect, select
from sqlalchemy.orm import Session, UOWTransaction

from desktop.models import AuditEvent, Base

# Not records: the audit chain itself, the vault's own bookkeeping (seal, backup time) and
# the consent due days derived from the consents (desktop.services.consents.due).
UNTRACKED_TABLES = frozenset({"audit_events", "vault_meta", "consent_due", "consent_due_rules"})
PENDING_KEY = "confide_rows_written"
DELETED = "deleted"


def tracked_tables() -> list[Table]:
    return [
        table
        for name, table in sorted(Base.metadata.tables.items())
        if name not in UNTRACKED_TABLES
    ]


def row_key(table: str, row_id: object) -> str:
    return f"{table}:{row_id}"


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def hash_row(values: dict[str, Any]) -> str:
    """SHA-256 of a row's columns as stored (canonical JSON, sorted by column)."""
    payload = json.dumps(
        {name: _canonical(value) for name, value in values.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def pending(session: Session) -> dict[str, tuple[Table, object]]:
    found: dict[str, tuple[Table, object]] = session.info.setdefault(PENDING_KEY, {})
    return found


def hashes_of_pending(session: Session) -> dict[str, str] | None:
    """Hash every row written since the last event (as now stored) and forget them."""
    written = session.info.pop(PENDING_KEY, None)
    if not written:
        return None
    result: dict[str, str] = {}
    for key, (table, row_id) in sorted(written.items()):
        row = session.execute(select(table).where(table.c.id == row_id)).mappings().first()
        result[key] = DELETED if row is None else hash_row(dict(row))
    return result


@event.listens_for(Session, "after_flush")
def _note_written_rows(session: Session, _flush: UOWTransaction) -> None:
    """Remember which tracked rows this flush wrote (inserted, changed or deleted)."""
    written = None
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(instance, "__table__", None)
        if not isinstance(table, Table) or table.name in UNTRACKED_TABLES:
            continue
        if instance in session.dirty and not session.is_modified(instance):
            continue
        row_id = getattr(instance, "id", None)
        if row_id is None:
            continue
        if written is None:
            written = pending(session)
        written[row_key(table.name, row_id)] = (table, row_id)


# ----- schema upgrades --------------------------------------------------------------------


def stored_tables(connection: Connection) -> list[Table]:
    """The tracked tables as the database holds them now (an older schema, before a
    migration), read with the models' own column types so each row hashes as it was hashed."""
    inspector = inspect(connection)
    present = set(inspector.get_table_names())
    metadata = MetaData()
    tables = []
    for model_table in tracked_tables():
        if model_table.name not in present:
            continue
        columns = [
            Column(c["name"], model_table.c[c["name"]].type, primary_key=c["name"] == "id")
            if c["name"] in model_table.c
            else Column(c["name"], c["type"])
            for c in inspector.get_columns(model_table.name)
        ]
        tables.append(Table(model_table.name, metadata, *columns))
    return tables


def rows_matching_their_hash(connection: Connection) -> set[str]:
    """Before a migration: the rows whose content is what the audit chain last recorded."""
    audit_columns = {c["name"] for c in inspect(connection).get_columns("audit_events")}
    if "row_hashes" not in audit_columns:
        return set()
    newest: dict[str, str] = {}
    query = select(AuditEvent.seq, AuditEvent.row_hashes).where(AuditEvent.row_hashes.is_not(None))
    for _seq, hashes in connection.execute(query.order_by(AuditEvent.seq)):
        newest.update(hashes or {})
    matching = set()
    for table in stored_tables(connection):
        for row in connection.execute(select(table)).mappings():
            key = row_key(table.name, row["id"])
            if newest.get(key) == hash_row(dict(row)):
                matching.add(key)
    return matching


def note_rows_changed_by_migration(session: Session, matched_before: set[str]) -> int:
    """After a migration: rows that matched their hash before it and differ now (a column added
    or converted) are noted, so the MIGRATE event records their new content. A row that did not
    match before is left alone: verify still reports it."""
    newest = newest_hashes(session)
    by_name = {table.name: table for table in tracked_tables()}
    noted = 0
    for key, current in _current_rows(session):
        recorded = newest.get(key)
        if key in matched_before and recorded is not None and recorded[0] != current:
            table, row_id = key.split(":", 1)
            pending(session)[key] = (by_name[table], int(row_id))
            noted += 1
    return noted


def note_rows(session: Session, table: Table, ids: list[int]) -> None:
    """Have the next audit event of this unit of work record these rows' content."""
    written = pending(session)
    for row_id in ids:
        written[row_key(table.name, row_id)] = (table, row_id)


# ----- verification ------------------------------------------------------------------------


@dataclass(frozen=True)
class RowReport:
    ok: bool
    rows_checked: int
    rows_without_hash: int
    problem: str = ""


def newest_hashes(session: Session) -> dict[str, tuple[str, int]]:
    """For each row, the newest hash the audit chain recorded and that event's number."""
    newest: dict[str, tuple[str, int]] = {}
    query = (
        select(AuditEvent.seq, AuditEvent.row_hashes)
        .where(AuditEvent.row_hashes.is_not(None))
        .order_by(AuditEvent.seq)
    )
    for seq, hashes in session.execute(query).yield_per(2000):
        for key, value in (hashes or {}).items():
            newest[key] = (value, seq)
    return newest


def _current_rows(session: Session) -> Iterator[tuple[str, str]]:
    for table in tracked_tables():
        for row in session.execute(select(table)).mappings().yield_per(2000):
            yield row_key(table.name, row["id"]), hash_row(dict(row))


def verify_rows(session: Session) -> RowReport:
    """Every row against its newest recorded hash; names the first one that differs."""
    newest = newest_hashes(session)
    checked = without = 0
    for key, current in _current_rows(session):
        recorded = newest.pop(key, None)
        if recorded is None:
            without += 1
            continue
        checked += 1
        if recorded[0] != current:
            return _mismatch(key, recorded[1], checked, without)
    for key, (value, seq) in sorted(newest.items(), key=lambda item: item[1][1]):
        if value != DELETED:
            table, row_id = key.split(":", 1)
            return RowReport(
                False,
                checked,
                without,
                f"Record {table} #{row_id} is missing, though audit event #{seq} wrote it.",
            )
    return RowReport(True, checked, without)


def _mismatch(key: str, seq: int, checked: int, without: int) -> RowReport:
    table, row_id = key.split(":", 1)
    return RowReport(
        False,
        checked,
        without,
        f"Record {table} #{row_id} is not what audit event #{seq} recorded: it was changed "
        "outside Confide or put back from an older copy.",
    )
