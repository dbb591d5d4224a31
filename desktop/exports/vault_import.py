"""``confide import vault``: restore a whole-vault export into a new, empty vault.

Every file is checked against the manifest's SHA-256 and the export's audit chain is
verified before anything is written; then every record is inserted with its own number in
one unit of work (all or nothing). Finalized incidents are inserted open and finalized after
their child rows, as the database's immutability triggers require. The imported audit
events are appended to the new vault's chain, each keeping its original seq, hash and
prev_hash in ``detail["imported_from"]`` and its detail in ``detail["original_detail"]`` (see
:func:`verify_imported_history`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from desktop.errors import ConfideError, UserInputError
from desktop.exports.archive import ExportReader
from desktop.exports.older_records import brought_up_to_date
from desktop.exports.records import RecordType, from_json, record_types, sha256_hex
from desktop.exports.vault_export import FORMAT_NAME, FORMAT_VERSION
from desktop.models import AuditEvent, Incident
from desktop.storage import audit, row_hashes
from desktop.storage.vault import Vault

IMPORTED_FROM = "imported_from"
ORIGINAL_DETAIL = "original_detail"
# The source event's row hashes; the event itself keeps only those of rows an export carries
# (a signing key, for one, never leaves its vault), so `verify` checks what was imported.
ORIGINAL_ROW_HASHES = "original_row_hashes"
DAMAGED = "The export is damaged or was changed after it was written"


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]
    source_vault_id: str


def import_vault(vault: Vault, source: Path, password: str | None) -> ImportSummary:
    """Restore the export at ``source`` into ``vault``, which must hold no records yet."""
    reader = ExportReader(source, password)
    try:
        manifest = _checked_manifest(reader)
        records = {kind.name: _lines(reader, kind) for kind in record_types()}
        _check_chain(records["audit_events"], manifest)
        with vault.session() as session:
            _require_empty(session)
            counts, upgraded = _insert_records(session, reader, records)
            _append_history(session, vault.actor, records["audit_events"], manifest)
            _record_upgraded_rows(session, vault.actor, upgraded)
    finally:
        reader.close()
    return ImportSummary(counts, str(manifest.get("source_vault_id", "")))


def _checked_manifest(reader: ExportReader) -> dict[str, Any]:
    if not reader.exists("manifest.json"):
        raise UserInputError("That is not a Confide whole-vault export (no manifest.json).")
    manifest = reader.read_json("manifest.json")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise UserInputError("That is not a Confide whole-vault export.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise UserInputError(
            "This export was written in a format this version of Confide does not read.",
            "Update Confide and try again.",
        )
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ConfideError(f"{DAMAGED}: its list of files is missing.")
    for path, expected in files.items():
        if sha256_hex(reader.read(path)) != expected.get("sha256"):
            raise ConfideError(f"{DAMAGED}: a file does not match its SHA-256.")
    return manifest


def _lines(reader: ExportReader, kind: RecordType) -> list[dict[str, Any]]:
    text = reader.read(f"records/{kind.name}.jsonl").decode("utf-8", errors="strict")
    try:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as exc:
        raise ConfideError(f"{DAMAGED}: a record is not valid JSON.") from exc


def _require_empty(session: Session) -> None:
    for kind in record_types():
        if kind.name == "audit_events":
            continue
        if session.scalar(select(func.count()).select_from(kind.table)):
            raise UserInputError(
                "A whole-vault export can only be imported into a new, empty vault.",
                "Import it into a new vault folder.",
            )


def _insert_records(
    session: Session, reader: ExportReader, records: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Insert every record; return the counts and the ids of records from an older format."""
    counts: dict[str, int] = {}
    upgraded: dict[str, list[int]] = {}
    finalized: list[dict[str, Any]] = []

    def read_file(ref: dict[str, Any]) -> bytes:
        data = reader.read(str(ref["path"]))
        if sha256_hex(data) != ref["sha256"]:
            raise ConfideError(f"{DAMAGED}: an attached file does not match its SHA-256.")
        return data

    for kind in record_types():
        if kind.name == "audit_events":
            continue
        try:
            rows = []
            for record in records[kind.name]:
                current, changed = brought_up_to_date(kind, record)
                rows.append(from_json(kind, current, read_file))
                if changed:
                    upgraded.setdefault(kind.name, []).append(int(current["id"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfideError(f"{DAMAGED}: a {kind.name} record is incomplete.") from exc
        if kind.name == "incidents":
            finalized = [dict(r) for r in rows if r["finalized_at"] is not None]
            rows = [{**r, "finalized_at": None} for r in rows]
        if rows:
            session.execute(insert(kind.table), rows)
        counts[kind.name] = len(rows)
    for row in finalized:  # after their child rows, as the triggers require
        session.execute(
            update(Incident)
            .where(Incident.id == row["id"])
            .values(finalized_at=row["finalized_at"], updated_at=row["updated_at"])
        )
    return counts, upgraded


def _record_upgraded_rows(session: Session, actor: str, upgraded: dict[str, list[int]]) -> None:
    """Records converted from an older export no longer hash as the source's audit events
    recorded them: one more event records their content as imported, so ``verify`` checks them
    from here on (the source's hashes stay in each imported event's detail)."""
    if not upgraded:
        return
    tables = {kind.name: kind.table for kind in record_types()}
    for name, ids in upgraded.items():
        row_hashes.note_rows(session, tables[name], ids)
    audit.record(
        session,
        audit.AuditAction.MIGRATE,
        actor=actor,
        entity_type="vault_import",
        detail={"records_from_an_older_format": {n: len(i) for n, i in upgraded.items()}},
    )


# ----- the audit log ----------------------------------------------------------------------


def _event(record: dict[str, Any], detail: dict[str, Any] | None = None) -> AuditEvent:
    return AuditEvent(
        seq=record["seq"],
        occurred_at=datetime.fromisoformat(record["occurred_at"]),
        actor=record["actor"],
        action=audit.AuditAction(record["action"]),
        entity_type=record["entity_type"],
        entity_id=record["entity_id"],
        client_id=record["client_id"],
        detail=record["detail"] if detail is None else detail,
        row_hashes=record.get("row_hashes"),  # absent in exports made before row hashes
        prev_hash=record["prev_hash"],
        hash=record["hash"],
    )


def _check_chain(events: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
    previous = audit.GENESIS_HASH
    try:
        for number, record in enumerate(events, start=1):
            event = _event(record)
            ok = event.seq == number and event.prev_hash == previous
            if not ok or audit.hash_of(event) != event.hash:
                raise ConfideError(f"{DAMAGED}: its audit log does not verify at event #{number}.")
            previous = event.hash
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfideError(f"{DAMAGED}: an audit event is incomplete.") from exc
    sealed = manifest.get("audit_chain", {})
    if sealed.get("events") != len(events) or sealed.get("last_hash") != previous:
        raise ConfideError(f"{DAMAGED}: audit events are missing from its end.")


def _append_history(
    session: Session, actor: str, events: list[dict[str, Any]], manifest: dict[str, Any]
) -> None:
    marker = audit.record(
        session,
        audit.AuditAction.RESTORE,
        actor=actor,
        entity_type="vault_import",
        detail={
            "source_vault_id": str(manifest.get("source_vault_id", "")),
            "imported_events": len(events),
            "source_last_hash": manifest["audit_chain"]["last_hash"],
        },
    )
    seq, previous = marker.seq, marker.hash
    exported = {kind.name for kind in record_types()}
    for record in events:
        original = {"seq": record["seq"], "hash": record["hash"], "prev_hash": record["prev_hash"]}
        detail = {IMPORTED_FROM: original, ORIGINAL_DETAIL: record["detail"]}
        rows = record.get("row_hashes")
        if rows is not None:
            detail[ORIGINAL_ROW_HASHES] = rows
            rows = {k: v for k, v in rows.items() if k.split(":", 1)[0] in exported} or None
        seq += 1
        event = _event(
            {**record, "row_hashes": rows, "seq": seq, "prev_hash": previous, "hash": ""},
            detail=detail,
        )
        event.hash = audit.hash_of(event)
        session.add(event)
        previous = event.hash
    session.flush()


def imported_history(session: Session) -> Iterator[AuditEvent]:
    """The imported events as they were in the source vault (original seq and hashes)."""
    query = select(AuditEvent).order_by(AuditEvent.seq)
    for event in session.scalars(query).yield_per(2000):
        origin, detail = event.detail.get(IMPORTED_FROM), event.detail.get(ORIGINAL_DETAIL)
        if not isinstance(origin, dict) or not isinstance(detail, dict):
            continue
        yield AuditEvent(
            seq=origin["seq"],
            occurred_at=event.occurred_at,
            actor=event.actor,
            action=event.action,
            entity_type=event.entity_type,
            entity_id=event.entity_id,
            client_id=event.client_id,
            detail=detail,
            row_hashes=event.detail.get(ORIGINAL_ROW_HASHES),
            prev_hash=origin["prev_hash"],
            hash=origin["hash"],
        )


def verify_imported_history(session: Session) -> bool:
    """Whether the imported events still form the source vault's unbroken chain."""
    previous = audit.GENESIS_HASH
    for number, event in enumerate(imported_history(session), start=1):
        if event.seq != number or event.prev_hash != previous:
            return False
        if audit.hash_of(event) != event.hash:
            return False
        previous = event.hash
    return True
