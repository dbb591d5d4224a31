"""One registry of report kinds; every export is audited once, with the same detail shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import build_parser
from desktop.errors import UserInputError
from desktop.models import AuditEvent
from desktop.services.clients.service import ClientService
from desktop.services.consents.templates import TemplateService
from desktop.services.demo.incidents import seed_demo_incidents
from desktop.services.exports import (
    EXPORT_KINDS,
    REPORT_KINDS,
    ReportRequest,
    export_fhir,
    export_report,
    export_vault,
    report_kind,
)
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.support.cases import setup_practice
from tests.support.consents import sign

SHAPE = {"report", "format", "fingerprint", "encrypted"}
SIGNED = {"export_id", "signed_by", "pdfa"}


def _exports(vault: Vault) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == audit.AuditAction.EXPORT.value)
    with vault.session() as session:
        events = list(session.scalars(query.order_by(AuditEvent.seq)))
        session.expunge_all()
    return events


@pytest.mark.slow
def test_every_kind_is_written_and_audited_with_one_detail_shape(
    vault: Vault, tmp_path: Path
) -> None:
    client = setup_practice(vault)
    seed_demo_incidents(vault, [client, ClientService(vault).create(ClientInput("Teo", "Demo"))])
    TemplateService(vault).ensure_bundled_templates()
    consent = sign(vault, client, signer="Jordan Avery")
    requests = [
        ReportRequest("incident", 1, tmp_path / "incident.pdf", password="counsel only 7"),
        ReportRequest("consent", consent, tmp_path / "consent.pdf"),
        ReportRequest("disclosures", client, tmp_path / "accounting.csv"),
        ReportRequest("disclosures", client, tmp_path / "log.pdf", full_log=True),
        ReportRequest("chart", client, tmp_path / "chart.pdf"),
    ]
    for request in requests:
        exported = export_report(vault, request)
        assert exported.path.read_bytes() and len(exported.fingerprint) == 64
    events = _exports(vault)
    assert [event.detail["report"] for event in events] == [
        "incident_report", "consent_report", "disclosures_report", "disclosures_report",
        "client_chart",
    ]  # fmt: skip
    assert [event.detail["format"] for event in events] == ["pdf", "pdf", "csv", "pdf", "pdf"]
    assert [event.detail["encrypted"] for event in events] == [True, False, False, False, False]
    for event in events:
        assert set(event.detail) >= SHAPE
        assert (event.detail["format"] == "pdf") == (set(event.detail) >= SIGNED)
    assert {e.entity_type for e in events} == {
        "incident", "consent_report", "accounting_report", "disclosure_log", "client_chart"
    }  # fmt: skip


def test_a_csv_with_a_password_is_refused_before_anything_is_written(
    vault: Vault, tmp_path: Path
) -> None:
    client = ClientService(vault).create(ClientInput("Ada", "Example"))
    out = tmp_path / "accounting.csv"
    with pytest.raises(UserInputError, match="CSV file cannot be encrypted"):
        export_report(vault, ReportRequest("disclosures", client, out, password="pw"))
    assert not out.exists() and _exports(vault) == []


def test_the_command_line_lists_exactly_the_registered_kinds() -> None:
    parser = build_parser()
    report = next(
        action.choices["report"]
        for action in parser._actions  # argparse keeps subcommands here
        if isinstance(action.choices, dict) and "report" in action.choices
    )
    kind = next(action for action in report._actions if action.dest == "kind")
    assert list(kind.choices or []) == list(REPORT_KINDS)
    for registered in REPORT_KINDS.values():
        assert registered.summary in (kind.help or "")
    with pytest.raises(UserInputError, match="no 'memo' report"):
        report_kind("memo")


def test_whole_vault_and_fhir_exports_are_audited_with_the_same_shape(
    vault: Vault, tmp_path: Path
) -> None:
    ClientService(vault).create(ClientInput("Ada", "Example"))
    summary = export_vault(vault, tmp_path / "plain", password=None)
    assert summary.counts["clients"] == 1
    assert export_fhir(vault, tmp_path / "fhir.zip", password="a long zip password 7") == 1
    events = _exports(vault)
    assert [e.detail["report"] for e in events] == ["whole_vault_export", "fhir_r4_bundles"]
    assert [e.detail["format"] for e in events] == ["folder", "zip"]
    assert [e.detail["encrypted"] for e in events] == [False, True]
    for event in events:
        assert set(event.detail) >= SHAPE and event.detail["fingerprint"] is None
        assert event.entity_type == "vault" and event.client_id is None
    assert set(REPORT_KINDS) < set(EXPORT_KINDS)
