"""Incident lists, the audit trail and evidence read only what they show, in SQL."""

from __future__ import annotations

import re

from desktop.domain import ExceptionType
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.workflow.fields import EvidenceInput, EvidenceKind
from tests.support.cases import ago, setup_practice
from tests.support.statements import recorded_statements


def _open(vault: Vault, client_id: int, count: int) -> list[int]:
    service = IncidentService(vault)
    return [
        service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=ago(100))
        for _ in range(count)
    ]


def test_open_incident_lists_take_the_same_statements_for_2_or_40(vault: Vault) -> None:
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    _open(vault, client_id, 2)
    with recorded_statements(vault.engine) as few:
        first = service.open_incidents()
        service.rows()
    _open(vault, client_id, 38)
    with recorded_statements(vault.engine) as many:
        second = service.open_incidents()
        listed = service.rows()
    assert len(first) == 2 and len(second) == len(listed) == 40
    assert all(s.overdue for s in second)  # 100 hours since suspicion: every CA deadline passed
    assert all(r.overdue for r in listed)
    assert len(few) == len(many)


def test_audit_trail_holds_only_this_incidents_events(vault: Vault) -> None:
    client_id = setup_practice(vault)
    first, second = _open(vault, client_id, 2)
    service = IncidentService(vault)
    service.add_evidence(second, EvidenceInput(EvidenceKind.OBSERVATION, "Observed bruising."))
    trail = service.get(first, audit_view=False).audit_trail
    assert [(e.action, e.entity_type, e.entity_id) for e in trail] == [
        ("create", "incident", first)
    ]
    other = service.get(second, audit_view=False).audit_trail
    assert [e.entity_type for e in other] == ["incident", "evidence"]


def test_an_incident_view_never_reads_attachment_bytes(vault: Vault) -> None:
    client_id = setup_practice(vault)
    (incident_id,) = _open(vault, client_id, 1)
    service = IncidentService(vault)
    data = b"%PDF-1.4 scanned letter " * 1000
    service.add_evidence(
        incident_id,
        EvidenceInput(
            EvidenceKind.RECORD,
            "Letter from the school.",
            attachment_name="letter.pdf",
            attachment_type="application/pdf",
            attachment=data,
        ),
    )
    with recorded_statements(vault.engine) as seen:
        view = service.get(incident_id)
    assert view.evidence[0].attachment_size == len(data)
    selected = re.compile(r"evidence_items\.attachment(?!_)(?!\))")
    assert not [s for s in seen if selected.search(s)]
    assert service.attachment(view.evidence[0].id) == data


def test_the_dashboard_queue_is_the_head_of_the_open_list(vault: Vault) -> None:
    """Only past-due and the next incidents are worked out; the rows are those of the list."""
    client_id = setup_practice(vault)
    service = IncidentService(vault)
    for hours in (100, 0.5, 60, 2, 30, 1, 200, 12):
        service.start(client_id, ExceptionType.CHILD_ABUSE, clock_starts_at=ago(hours))
    for kind in (ExceptionType.COURT_ORDER, ExceptionType.DANGER_TO_SELF):
        service.start(client_id, kind, clock_starts_at=ago(3))
    full = service.open_incidents()
    assert any(s.overdue for s in full) and not all(s.overdue for s in full)
    for limit in (0, 1, 3, 6, len(full), 50):
        total, first = service.open_incident_queue(limit)
        assert total == len(full)
        assert [s.id for s in first] == [s.id for s in full[:limit]], limit
        assert [s.overdue for s in first] == [s.overdue for s in full[:limit]], limit
