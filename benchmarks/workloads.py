"""What the app does, called the way the UI calls it, on a vault or on the plain copy.

Each builder returns a zero-argument callable (one unit of work to time) and a note saying
what it covers. Parts that other engineers are still writing are looked up when the
benchmark runs; a missing part is left out and the note says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text

from benchmarks.generate import Landmarks
from benchmarks.stores import Store, as_vault
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService

Work = Callable[[], object]
PAGE = 200  # the client table's batch size (ClientTableModel)


def optional(module: str, name: str) -> Any | None:
    """An attribute of a module another engineer may not have written yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def client_page(store: Store) -> Work:
    """The first page of the client table: what ClientTableModel asks for first."""
    clients = ClientService(as_vault(store))
    return lambda: clients.list(limit=PAGE)


def search(store: Store, word: str) -> Work:
    """Typing a word in the client search: FTS5 over names, contact notes and notes."""
    clients = ClientService(as_vault(store))
    return lambda: clients.list(search=word, limit=PAGE)


def client_record(store: Store, client_id: int) -> tuple[Work, str]:
    """Everything the client record window loads when it opens."""
    vault = as_vault(store)
    parts: list[tuple[str, Work]] = [
        ("ClientService.get", lambda: ClientService(vault).get(client_id)),
        (
            "NoteService.for_client",
            lambda: NoteService(vault).for_client(client_id, include_psychotherapy=True),
        ),
    ]
    extra = (
        ("desktop.services.consents.service", "ConsentService", "for_client"),
        ("desktop.services.releases.service", "ReleaseService", "for_client"),
        ("desktop.services.accounting.service", "AccountingService", "full_log"),
    )
    for module, cls_name, method in extra:
        cls = optional(module, cls_name)
        if cls is not None:
            parts.append((f"{cls_name}.{method}", _bound(cls, vault, method, client_id)))
    incidents = optional("desktop.services.incidents.service", "IncidentService")
    if incidents is not None:
        parts.append(("IncidentService.rows", lambda: incidents(vault).rows(client_id=client_id)))

    def work() -> None:
        for _label, part in parts:
            part()

    return work, " + ".join(label for label, _ in parts)


def _bound(cls: Any, vault: Any, method: str, client_id: int) -> Work:
    return lambda: getattr(cls(vault), method)(client_id)


def accounting_query(store: Store, client_id: int) -> Work:
    """The six-year accounting of disclosures, as data (no PDF)."""
    service = optional("desktop.services.accounting.service", "AccountingService")
    if service is None:
        return lambda: None
    return lambda: service(as_vault(store)).accounting_for(client_id)


def note_scan(store: Store) -> Work:
    """A full scan of every note body (LIKE): the worst case for an encrypted page cache."""

    def work() -> object:
        with store.session() as session:
            query = text("SELECT count(*) FROM notes WHERE body LIKE :q")
            return session.execute(query, {"q": "%worry%"}).scalar()

    return work


def add_note(store: Store, client_id: int) -> Work:
    """Saving one progress note: validation, insert, FTS5 trigger, audit event, commit."""
    notes = NoteService(as_vault(store))
    day = date(2024, 1, 15)
    return lambda: notes.add(client_id, day, "Benchmark note about sleep and routine. " * 20)


def storage_workload(store: Store, marks: Landmarks) -> list[tuple[str, Work]]:
    """The same operations on the vault and on the plain copy, for the overhead ratio."""
    record, _ = client_record(store, marks.typical_client_id)
    return [
        ("client list page", client_page(store)),
        (f"search '{marks.common_word}'", search(store, marks.common_word)),
        (f"search '{marks.rare_word}'", search(store, marks.rare_word)),
        ("client record", record),
        ("accounting data", accounting_query(store, marks.accounting_client_id)),
        ("add note", add_note(store, marks.typical_client_id)),
        ("notes full scan", note_scan(store)),
    ]


# ----- reports and backup (vault only) ----------------------------------------------------


def incident_report(store: Store, incident_id: int, out: Path) -> tuple[Work, str]:
    """Export the incident report for counsel (build + render + atomic write)."""
    export = optional("desktop.services.exports", "export_incident_report")
    if export is not None:
        return lambda: export(as_vault(store), incident_id, out), "export_incident_report"
    return _fallback_report(out), "FALLBACK: 50-page ReportBuilder document"


def report_pages(store: Store, incident_id: int) -> int | None:
    build = optional("desktop.reports.incident_report", "build_incident_report")
    service = optional("desktop.services.incidents.service", "IncidentService")
    if build is None or service is None:
        return None
    view = service(as_vault(store)).get(incident_id, audit_view=False)
    return int(build(view).page_count)


def _fallback_report(out: Path) -> Work:
    from desktop.reports.document import ReportBuilder
    from desktop.reports.output import write_report

    def work() -> None:
        builder = ReportBuilder("Benchmark report", "CONFIDENTIAL", "Synthetic")
        for index in range(50):
            builder.heading(f"Section {index + 1}")
            builder.paragraph("Synthetic text for layout timing. " * 120)
            builder.page_break()
        write_report(out, builder.render().pdf)

    return work


def accounting_report(store: Store, client_id: int, out: Path) -> tuple[Work | None, str]:
    """Export the six-year accounting of disclosures as a PDF."""
    export = optional("desktop.services.exports", "export_accounting")
    if export is None:
        return None, "desktop/services/exports.py not available"
    return lambda: export(as_vault(store), client_id, out), "export_accounting"


def backup(store: Store, out: Path) -> Work:
    from desktop.storage.backup import create_backup

    return lambda: create_backup(as_vault(store), out)


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
