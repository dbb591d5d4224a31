"""``confide export``: everything in the vault, in a documented, open format.

Layout (FORMAT.md, written into every export, says the same for whoever reads it later)::

    FORMAT.md                      what every file is
    manifest.json                  format version, counts, SHA-256 and size of every file
    records/<type>.jsonl           one JSON object per line, one file per record type
    schemas/<type>.schema.json     the JSON Schema (2020-12) of each line
    csv/<type>.csv                 the same rows as CSV (formula-safe; binary -> file path)
    files/<type>/<id>-<column>.*   signatures and attachments, named by record number
    pdf/consents/consent-<id>.pdf  every signed consent, as Confide prints it
    pdf/incidents/incident-<id>.pdf every finalized incident's report

The audit log is ``records/audit_events.jsonl`` (hash-chained; see FORMAT.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.exports.archive import EncryptedZipWriter, ExportWriter, FolderWriter
from desktop.exports.csv_safe import csv_bytes
from desktop.exports.records import RecordType, json_schema, record_types, to_json
from desktop.models import Client, Consent, Incident
from desktop.resources import resource_path
from desktop.storage import audit
from desktop.storage.vault import Vault

FORMAT_NAME = "confide-vault-export"
FORMAT_VERSION = 1
Progress = Callable[[str], None]


@dataclass(frozen=True)
class ExportSummary:
    path: Path
    encrypted: bool
    counts: dict[str, int]
    file_count: int


@dataclass(frozen=True)
class RecordPdfs:
    """How the service prints records: a consent (by id, with its client's name), an incident."""

    consent: Callable[[int, str], bytes]
    incident: Callable[[int], bytes]


def write_vault_export(
    vault: Vault,
    out: Path,
    *,
    pdfs: RecordPdfs,
    password: str | None,
    progress: Progress | None = None,
) -> ExportSummary:
    """Export the whole vault to ``out``: an AES-256 ZIP with ``password``, else a plain folder.

    A plain folder is unencrypted client information: callers must have warned and asked.
    Nothing is left behind if the export fails. Audited by ``services.exports.export_vault``.
    """
    writer: ExportWriter = (
        EncryptedZipWriter(out, password) if password is not None else FolderWriter(out)
    )
    step = progress or (lambda _what: None)
    try:
        counts = _write_records(vault, writer, step)
        step("Printing signed consents and finalized incidents")
        _write_pdfs(vault, writer, pdfs)
        writer.write("FORMAT.md", resource_path("export", "FORMAT.md").read_bytes())
        writer.write_json("manifest.json", _manifest(vault, writer, counts, password is not None))
        path = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return ExportSummary(path, password is not None, counts, len(writer.files))


def _write_records(vault: Vault, writer: ExportWriter, step: Progress) -> dict[str, int]:
    counts: dict[str, int] = {}
    for kind in record_types():
        step(f"Writing {kind.name.replace('_', ' ')}")
        records = _records(vault, kind, writer)
        counts[kind.name] = len(records)
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        writer.write(f"records/{kind.name}.jsonl", lines.encode("utf-8"))
        writer.write_json(f"schemas/{kind.name}.schema.json", json_schema(kind))
        writer.write(f"csv/{kind.name}.csv", _csv(kind, records))
    return counts


def _records(vault: Vault, kind: RecordType, writer: ExportWriter) -> list[dict[str, Any]]:
    model_id = kind.table.c.id
    with vault.session() as session:
        rows = session.execute(select(kind.table).order_by(model_id)).all()
        return [to_json(kind, row, writer.write) for row in rows]


def _csv(kind: RecordType, records: list[dict[str, Any]]) -> bytes:
    header = [column.name for column in kind.columns]
    return csv_bytes(header, ([_csv_value(r[name]) for name in header] for r in records))


def _csv_value(value: Any) -> object:
    if isinstance(value, dict) and set(value) == {"path", "sha256", "size"}:
        return value["path"]
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _write_pdfs(vault: Vault, writer: ExportWriter, pdfs: RecordPdfs) -> None:
    with vault.session() as session:
        consents = session.execute(
            select(
                Consent.id, Client.id, Client.first_name, Client.preferred_name, Client.last_name
            )
            .join(Client, Client.id == Consent.client_id)
            .order_by(Consent.id)
        ).all()
        finalized = session.scalars(
            select(Incident.id).where(Incident.finalized_at.is_not(None)).order_by(Incident.id)
        ).all()
    for consent_id, _client, first, preferred, last in consents:
        name = f"{preferred or first} {last}".strip()
        writer.write(f"pdf/consents/consent-{consent_id}.pdf", pdfs.consent(consent_id, name))
    for incident_id in finalized:
        pdf = pdfs.incident(incident_id)
        writer.write(f"pdf/incidents/incident-{incident_id}.pdf", pdf)


def _manifest(
    vault: Vault, writer: ExportWriter, counts: dict[str, int], encrypted: bool
) -> dict[str, Any]:
    with vault.session() as session:
        head = audit.chain_head(session)
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "confide_version": _app_version(),
        "source_vault_id": vault.vault_id,
        "encrypted": encrypted,
        "counts": counts,
        "audit_chain": {"events": head.count, "last_hash": head.last_hash},
        "files": {
            path: {"sha256": digest, "size": size}
            for path, (digest, size) in sorted(writer.files.items())
        },
    }


def _app_version() -> str:
    try:
        return version("confide")
    except PackageNotFoundError:
        return "unknown"
