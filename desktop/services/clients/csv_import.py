"""Bringing a caseload in: a client list as CSV, its columns mapped onto Confide's fields.

No practice-management vendor publishes its client-export headers (see the interop notes),
so nothing expects fixed headers: a *mapping* names, for each Confide field, the CSV column
that holds it. Mappings are small JSON files (``{"name", "columns", "date_format"}``); the
generic one ships with the template ``clients-template.csv``, and a vendor's layout, once
known from a real export, is one more such file. Without a mapping, headers that spell a
field's name or label are matched.

Every row is checked as the client form checks it; a row that fails is reported by its line
number and nothing of it is stored. A row with the same name and date of birth as a client
already in the vault, or as an earlier row, is reported as a duplicate and not imported
(never merged). A dry run checks everything and writes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.contact_permissions import (
    ContactChannel,
    ContactPermission,
    ContactPermissions,
    ContactStatus,
)
from desktop.errors import UserInputError
from desktop.models import Client, EmergencyContact
from desktop.resources import resource_path
from desktop.services.clients.service import validated
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput, EmergencyContactInput

MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_ROWS = 100_000
DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "MM/DD/YYYY": "%m/%d/%Y", "DD/MM/YYYY": "%d/%m/%Y"}
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x", "ok"})
FALSE_WORDS = frozenset({"no", "n", "false", "0", ""})
FIELD_LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "preferred_name": "Preferred name",
    "date_of_birth": "Date of birth",
    "email": "Email",
    "phone": "Phone",
    "address": "Address",
    "guardian_name": "Guardian name",
    "guardian_relationship": "Guardian relationship",
    "guardian_phone": "Guardian phone",
    "guardian_authority": "Guardian authority",
    "voicemail_ok": "Voicemail OK",
    "text_ok": "Text OK",
    "email_ok": "Email OK",
    "contact_notes": "Contact notes",
    "insurance_payer": "Insurance payer",
    "insurance_member_id": "Insurance member ID",
    "emergency_contact_name": "Emergency contact name",
    "emergency_contact_relationship": "Emergency contact relationship",
    "emergency_contact_phone": "Emergency contact phone",
}
REQUIRED = ("first_name", "last_name")
# The permission columns keep their old field names, so saved mappings still load. A "no" in
# another system's yes/no column rarely records a refusal: it reads as "not asked"; a refusal
# is imported from "declined" (or "refused"). No date is recorded for imported answers.
_PERMISSION_FIELDS = {
    "voicemail_ok": ContactChannel.VOICEMAIL,
    "text_ok": ContactChannel.TEXT,
    "email_ok": ContactChannel.EMAIL,
}
DECLINED_WORDS = frozenset({"declined", "refused"})
NOT_ASKED_WORDS = frozenset({"not asked", "unknown"})


@dataclass(frozen=True)
class Mapping:
    """Which CSV column (by header) holds each Confide field; unmapped fields stay empty."""

    name: str
    columns: dict[str, str]
    date_format: str = "YYYY-MM-DD"


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


@dataclass(frozen=True)
class Duplicate:
    line: int
    name: str
    existing: str  # "client #12" or "line 7"


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do; ``ready`` rows are (line, checked client form)."""

    headers: tuple[str, ...]
    mapping: Mapping
    ready: tuple[tuple[int, ClientInput], ...]
    errors: tuple[RowError, ...]
    duplicates: tuple[Duplicate, ...]


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    created_ids: tuple[int, ...]
    dry_run: bool


# ----- mappings ---------------------------------------------------------------------------


def generic_mapping() -> Mapping:
    return load_mapping(resource_path("import", "mappings", "generic.json"))


def template_path() -> Path:
    """The generic client-list template (headers only) that ships with Confide."""
    return resource_path("import", "clients-template.csv")


def load_mapping(path: Path) -> Mapping:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise UserInputError("The mapping file does not exist.", "Check its name.") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserInputError("The mapping file is not a Confide column mapping (JSON).") from exc
    return checked_mapping(raw)


def checked_mapping(raw: Any) -> Mapping:
    if not isinstance(raw, dict) or not isinstance(raw.get("columns"), dict):
        raise UserInputError("The mapping file is not a Confide column mapping.")
    columns = {str(k): str(v) for k, v in raw["columns"].items() if v}
    unknown = sorted(set(columns) - set(FIELD_LABELS))
    if unknown:
        raise UserInputError(f"The mapping names a field Confide does not have: {unknown[0]}.")
    date_format = str(raw.get("date_format", "YYYY-MM-DD"))
    if date_format not in DATE_FORMATS:
        raise UserInputError(f"Date format must be one of: {', '.join(DATE_FORMATS)}.")
    return Mapping(str(raw.get("name", "")), columns, date_format)


def save_mapping(mapping: Mapping, path: Path) -> None:
    """Write ``mapping`` as JSON for reuse (it holds column headers only, no client data)."""
    from desktop.storage.files import atomic_write_bytes

    data = {"name": mapping.name, "columns": mapping.columns, "date_format": mapping.date_format}
    atomic_write_bytes(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))


def guessed_mapping(headers: tuple[str, ...]) -> Mapping:
    """Match headers that spell a field's name or label ("First name", "first_name")."""
    by_key = {_key(h): h for h in headers}
    columns = {}
    for name, label in FIELD_LABELS.items():
        header = by_key.get(_key(name)) or by_key.get(_key(label))
        if header is not None:
            columns[name] = header
    return Mapping("matched by header", columns)


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# ----- reading and checking ---------------------------------------------------------------


def read_csv(data: bytes) -> tuple[tuple[str, ...], list[tuple[int, list[str]]]]:
    """Headers and (starting line number, cells) of each record; the header is line 1."""
    if len(data) > MAX_IMPORT_BYTES:
        raise UserInputError("The file is too large to import (at most 50 MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # spreadsheets' other usual encoding
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise UserInputError("The file has no header row.", "Start from the template.")
        rows: list[tuple[int, list[str]]] = []
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) > MAX_ROWS:
                raise UserInputError(f"The file has more than {MAX_ROWS:,} rows.")
    except csv.Error as exc:
        raise UserInputError(f"The file is not valid CSV near line {reader.line_num}.") from exc
    return tuple(h.strip() for h in header), rows


def plan_import(vault: Vault, data: bytes, mapping: Mapping | None = None) -> ImportPlan:
    """Check every row of the CSV ``data``; nothing is written."""
    headers, rows = read_csv(data)
    chosen = mapping or guessed_mapping(headers)
    _check_mapping_fits(chosen, headers)
    index = {header: number for number, header in enumerate(headers)}
    known = _existing_keys(vault)
    ready: list[tuple[int, ClientInput]] = []
    errors: list[RowError] = []
    duplicates: list[Duplicate] = []
    seen: dict[tuple[str, str, date | None], int] = {}
    for line, cells in rows:
        try:
            form = validated(_client_input(cells, index, chosen))
        except UserInputError as exc:
            errors.append(RowError(line, exc.message))
            continue
        key = _identity(form.first_name, form.last_name, form.date_of_birth)
        name = f"{form.first_name} {form.last_name}"
        if key in known:
            duplicates.append(Duplicate(line, name, f"client #{known[key]}"))
        elif key in seen:
            duplicates.append(Duplicate(line, name, f"line {seen[key]}"))
        else:
            seen[key] = line
            ready.append((line, form))
    return ImportPlan(headers, chosen, tuple(ready), tuple(errors), tuple(duplicates))


def _check_mapping_fits(mapping: Mapping, headers: tuple[str, ...]) -> None:
    missing_fields = [f for f in REQUIRED if f not in mapping.columns]
    if missing_fields:
        label = FIELD_LABELS[missing_fields[0]]
        raise UserInputError(f"Choose the column that holds: {label}.")
    absent = [h for h in mapping.columns.values() if h not in headers]
    if absent:
        raise UserInputError(f"The file has no column named \u201c{absent[0]}\u201d.")


def _client_input(cells: list[str], index: dict[str, int], mapping: Mapping) -> ClientInput:
    def value(name: str) -> str:
        header = mapping.columns.get(name)
        if header is None or index[header] >= len(cells):
            return ""
        return cells[index[header]].strip()

    form: dict[str, Any] = {}
    for field in fields(ClientInput):
        if field.name in FIELD_LABELS:
            form[field.name] = value(field.name)
    form["contact"] = ContactPermissions(
        **{
            channel.value: ContactPermission(_permission(value(name), FIELD_LABELS[name]))
            for name, channel in _PERMISSION_FIELDS.items()
        }
    )
    form["date_of_birth"] = _date(value("date_of_birth"), mapping.date_format)
    contact = value("emergency_contact_name")
    contacts = (
        (
            EmergencyContactInput(
                contact,
                value("emergency_contact_relationship"),
                value("emergency_contact_phone"),
            ),
        )
        if contact
        else ()
    )
    return replace(ClientInput(**form), emergency_contacts=contacts)


def _permission(text: str, label: str) -> ContactStatus:
    word = " ".join(text.casefold().split())
    if word in TRUE_WORDS:
        return ContactStatus.ALLOWED
    if word in DECLINED_WORDS:
        return ContactStatus.DECLINED
    if word in FALSE_WORDS or word in NOT_ASKED_WORDS:
        return ContactStatus.NOT_ASKED
    raise UserInputError(f"{label} must be yes, no or declined, not \u201c{text[:20]}\u201d.")


def _date(text: str, date_format: str) -> date | None:
    if not text:
        return None
    try:
        return datetime.strptime(text, DATE_FORMATS[date_format]).date()
    except ValueError:
        raise UserInputError(
            f"Date of birth \u201c{text[:20]}\u201d is not a date written {date_format}."
        ) from None


def _identity(first: str, last: str, birth: date | None) -> tuple[str, str, date | None]:
    return (first.casefold().strip(), last.casefold().strip(), birth)


def _existing_keys(vault: Vault) -> dict[tuple[str, str, date | None], int]:
    query = select(Client.id, Client.first_name, Client.last_name, Client.date_of_birth)
    with vault.session() as session:
        return {_identity(f, last, b): i for i, f, last, b in session.execute(query)}


# ----- importing --------------------------------------------------------------------------


def import_clients(
    vault: Vault, data: bytes, mapping: Mapping | None = None, *, dry_run: bool = False
) -> ImportResult:
    """Check the CSV, then (unless ``dry_run``) store every good row in one unit of work."""
    plan = plan_import(vault, data, mapping)
    if dry_run or not plan.ready:
        return ImportResult(plan, (), dry_run)
    created: list[int] = []
    with vault.session() as session:
        for _line, form in plan.ready:
            row = _new_client(form)
            session.add(row)
            session.flush()
            audit.record(
                session,
                audit.AuditAction.CREATE,
                actor=vault.actor,
                entity_type="client",
                entity_id=row.id,
                client_id=row.id,
                detail={"source": "csv_import"},
            )
            created.append(row.id)
    return ImportResult(plan, tuple(created), dry_run)


def _new_client(form: ClientInput) -> Client:
    values = {f.name: getattr(form, f.name) for f in fields(ClientInput)}
    contacts = values.pop("emergency_contacts")
    permissions = values.pop("contact")
    row = Client(**values)
    permissions.store_on(row)
    row.emergency_contacts = [
        EmergencyContact(name=c.name, relationship_to_client=c.relationship, phone=c.phone)
        for c in contacts
    ]
    return row


def report_lines(result: ImportResult) -> list[str]:
    """The plain-language summary: counts, then each problem row by line number."""
    plan = result.plan
    verb = "would be imported" if result.dry_run else "imported"
    count = len(plan.ready) if result.dry_run else len(result.created_ids)
    lines = [
        f"{count} client(s) {verb}; {len(plan.errors)} row(s) with errors; "
        f"{len(plan.duplicates)} duplicate(s) not imported."
    ]
    lines += [f"Line {e.line}: {e.message}" for e in plan.errors]
    lines += [
        f"Line {d.line}: same name and date of birth as {d.existing} ({d.name}); not imported."
        for d in plan.duplicates
    ]
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return lines
