"""The record types of a whole-vault export, their JSON form and their JSON Schemas.

One record type per table, taken from the ORM models themselves, so the export, its schemas
and the import never drift from the database. JSON values: integers, strings, booleans;
times as ISO 8601 in UTC ("2026-03-04T19:05:09.123456+00:00"); dates as "YYYY-MM-DD"; JSON
columns as themselves; binary columns (signatures, attachments) as a reference to a file
in the export: ``{"path": ..., "sha256": ..., "size": ...}``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Enum, Integer, LargeBinary, String, Table, Text
from sqlalchemy.sql.schema import Column

from desktop.models import (
    AccountingRequest,
    AccountingSuspension,
    Addendum,
    AuditEvent,
    Base,
    Client,
    Consent,
    ConsentRevocation,
    ConsentTemplate,
    Consultation,
    Disclosure,
    EmergencyContact,
    EvidenceItem,
    Incident,
    IncidentOption,
    IncidentStep,
    Note,
    Notification,
    PractitionerProfile,
    Release,
)
from desktop.models.base import UTCDateTime

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILE_REF = "file"

# Parents before children: the import inserts in this order and keeps every id.
EXPORTED_MODELS: tuple[type[Base], ...] = (
    PractitionerProfile,
    ConsentTemplate,
    Client,
    EmergencyContact,
    Note,
    Consent,
    ConsentRevocation,
    Release,
    Incident,
    IncidentStep,
    Consultation,
    EvidenceItem,
    Notification,
    IncidentOption,
    Disclosure,
    Addendum,
    AccountingRequest,
    AccountingSuspension,
    AuditEvent,
)
# Where a binary column's file goes, and its suffix; names carry record numbers only.
_FILE_SUFFIX = {
    ("evidence_items", "attachment"): ".bin",
}
# What a JSON column holds, for its schema.
_JSON_SCHEMAS: dict[tuple[str, str], dict[str, Any]] = {
    ("consent_templates", "limits"): {"type": "array", "items": {"type": "string"}},
    ("consents", "limits"): {"type": "array", "items": {"type": "string"}},
    ("disclosures", "categories"): {"type": "array", "items": {"type": "string"}},
    ("incident_steps", "data"): {"type": "object"},
    ("audit_events", "detail"): {"type": "object"},
    # SHA-256 of each row an audited write touched, keyed "table:id" (desktop/row_hashes.py).
    ("audit_events", "row_hashes"): {"type": "object", "additionalProperties": {"type": "string"}},
}


@dataclass(frozen=True)
class RecordType:
    """One exported table: its name (also its file names) and its columns in order."""

    name: str
    table: Table

    @property
    def columns(self) -> list[Column[Any]]:
        return list(self.table.columns)

    @property
    def binary_columns(self) -> list[str]:
        return [c.name for c in self.columns if isinstance(c.type, LargeBinary)]


def record_types() -> list[RecordType]:
    tables = [model.__table__ for model in EXPORTED_MODELS]
    return [RecordType(table.name, table) for table in tables if isinstance(table, Table)]


def file_path(table: str, record_id: int, column: str) -> str:
    """Where a binary value is stored in the export, e.g. files/consents/12-signature_png.png."""
    suffix = _FILE_SUFFIX.get((table, column), ".png")
    return f"files/{table}/{record_id}-{column}{suffix}"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ----- to and from JSON -------------------------------------------------------------------


def to_json(kind: RecordType, row: Any, store_file: Callable[[str, bytes], None]) -> dict[str, Any]:
    """The JSON object of one ORM row; binary values go to ``store_file(path, data)``."""
    record: dict[str, Any] = {}
    for column in kind.columns:
        value = getattr(row, column.name)  # every Confide model names attributes as columns
        if isinstance(column.type, LargeBinary) and value is not None:
            path = file_path(kind.name, row.id, column.name)
            data = bytes(value)
            store_file(path, data)
            value = {"path": path, "sha256": sha256_hex(data), "size": len(data)}
        elif isinstance(value, date):  # a datetime is a date too
            value = value.isoformat()
        record[column.name] = value
    return record


def from_json(
    kind: RecordType, record: dict[str, Any], read_file: Callable[[dict[str, Any]], bytes]
) -> dict[str, Any]:
    """The column values of one JSON object, ready for an INSERT (files read and checked)."""
    values: dict[str, Any] = {}
    for column in kind.columns:
        value = record[column.name]
        if value is not None:
            if isinstance(column.type, LargeBinary):
                value = read_file(value)
            elif isinstance(column.type, UTCDateTime):
                value = datetime.fromisoformat(value)
            elif isinstance(column.type, Date):
                value = date.fromisoformat(value)
            elif isinstance(column.type, Enum) and column.type.enum_class is not None:
                value = column.type.enum_class(value)  # ValueError for a value it does not know
        values[column.name] = value
    return values


# ----- JSON Schemas -----------------------------------------------------------------------


def json_schema(kind: RecordType) -> dict[str, Any]:
    """A JSON Schema (2020-12) for one line of ``records/<name>.jsonl``."""
    properties = {c.name: _column_schema(kind.name, c) for c in kind.columns}
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"confide-export/schemas/{kind.name}.schema.json",
        "title": kind.name,
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "$defs": {FILE_REF: _FILE_SCHEMA},
    }


_FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "path": {"type": "string", "pattern": "^files/[a-z_]+/[0-9]+-[a-z_]+\\.(png|bin)$"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "size": {"type": "integer", "minimum": 0},
    },
    "required": ["path", "sha256", "size"],
    "additionalProperties": False,
}


def _column_schema(table: str, column: Column[Any]) -> dict[str, Any]:
    schema = _type_schema(table, column)
    if column.nullable and not column.primary_key:
        return {"anyOf": [schema, {"type": "null"}]}
    return schema


_SIMPLE_TYPES: tuple[tuple[type[Any], dict[str, Any]], ...] = (
    (UTCDateTime, {"type": "string", "format": "date-time"}),
    (Date, {"type": "string", "format": "date"}),
    (Boolean, {"type": "boolean"}),
    (Integer, {"type": "integer"}),
)


def _type_schema(table: str, column: Column[Any]) -> dict[str, Any]:
    kind = column.type
    if isinstance(kind, LargeBinary):
        return {"$ref": f"#/$defs/{FILE_REF}"}
    if isinstance(kind, JSON):
        return dict(_JSON_SCHEMAS[(table, column.name)])
    for sql_type, schema in _SIMPLE_TYPES:
        if isinstance(kind, sql_type):
            return dict(schema)
    if isinstance(kind, Enum):
        return {"type": "string", "enum": list(kind.enums)}
    if isinstance(kind, String):
        limited = not isinstance(kind, Text) and kind.length
        return {"type": "string", "maxLength": kind.length} if limited else {"type": "string"}
    raise TypeError(f"no JSON Schema for column {table}.{column.name}")  # a new column type
