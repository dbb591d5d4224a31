"""The demo incidents: two finalized (one disclosed, one not) and one open and overdue."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.clients.service import ClientService
from desktop.services.demo.incidents import seed_demo_incidents
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.support.cases import setup_practice
from tests.support.pdf import pdf_text


@pytest.mark.parametrize(("code", "open_kind"), [("CA", "child_abuse"), ("NC", "court_order")])
def test_demo_incidents(vault: Vault, tmp_path: Path, code: str, open_kind: str) -> None:
    clients = ClientService(vault)
    ids = [
        setup_practice(vault, code),
        clients.create(ClientInput("Mara", "Lindqvist")),
        clients.create(ClientInput("Teo", "Alvarez")),
    ]

    seed_demo_incidents(vault, ids)

    service = IncidentService(vault)
    views = [service.get(number) for number in (1, 2, 3)]
    assert [v.outcome for v in views[:2]] == ["disclosed", "not_disclosed"]
    assert all(v.finalized and v.hash_verified for v in views[:2])
    assert views[0].discharge_gaps == () and len(views[0].addenda) == 1
    listed = service.open_incidents()
    assert [(s.id, s.exception_type.value, s.overdue) for s in listed] == [(3, open_kind, True)]
    text = pdf_text(export_incident_report(vault, 1, tmp_path / "demo.pdf"))
    assert "Dale Whitcombe" in text and "CPD-24-55102" in text
    decided = pdf_text(export_incident_report(vault, 2, tmp_path / "nd.pdf"))
    assert "figure of speech" in decided
    if code == "CA":
        assert "No duty arose:" in decided and "has not been warned" not in decided
