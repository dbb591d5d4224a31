"""A duty-to-warn case walked through the service with no Qt, exported and read back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import cli
from desktop.domain import StepStatus, WorkflowStep
from desktop.reports.incident_report import LEGEND
from desktop.services.exports import export_incident_report
from desktop.services.incidents.service import IncidentService
from desktop.storage.audit import verify_chain
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.support.cases import CLINICIAN, setup_practice, walk_duty_case
from tests.support.pdf import flat, pdf_text


# Walks the whole audit chain as the clinician: on PostgreSQL only the owner sees every event
# (tests/practice/test_row_security.py verifies the practice's chain as the owner).
@pytest.mark.sqlite_only
def test_walked_case_is_finalized_with_both_disclosures(vault: Vault) -> None:
    client_id = setup_practice(vault)
    case = walk_duty_case(vault, client_id)

    view = IncidentService(vault).get(case.incident_id)

    assert view.finalized and view.outcome == "disclosed"
    assert all(state.status is StepStatus.COMPLETE for state in view.steps)
    assert [d.recipient_name for d in view.disclosures] == case.recipients
    assert all(d.accountable for d in view.disclosures)
    assert len(view.attempts) == 1 and not view.attempts[0].outcome.succeeded
    assert view.discharge_gaps == ()
    assert view.hash_verified is True and len(view.content_hash) == 64
    assert IncidentService(vault).verify(case.incident_id)
    with vault.session() as session:
        assert verify_chain(session).ok


def test_attachments_are_kept_in_the_vault_and_every_change_is_audited(vault: Vault) -> None:
    case = walk_duty_case(vault, setup_practice(vault))
    service = IncidentService(vault)
    view = service.get(case.incident_id)

    evidence = view.evidence[0]
    data = service.attachment(evidence.id)

    assert data == b"Client voicemail transcript"
    assert evidence.attachment_sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.attachment_size == len(data)
    trail = service.get(case.incident_id, audit_view=False).audit_trail
    recorded = {(e.action, e.entity_type) for e in trail}
    for expected in [
        ("create", "incident"),
        ("create", "option"),
        ("create", "evidence"),
        ("create", "consultation"),
        ("create", "attempt"),
        ("disclose", "disclosure"),
        ("update", "incident_step"),
        ("finalize", "incident"),
        ("view", "evidence"),
    ]:
        assert expected in recorded, expected
    assert not any("Sam" in e.detail or "Okafor" in e.detail for e in trail)


def test_export_contains_every_step_recipient_and_consultation(
    vault: Vault, tmp_path: Path
) -> None:
    client_id = setup_practice(vault)
    case = walk_duty_case(vault, client_id)

    out = export_incident_report(vault, case.incident_id, tmp_path / "incident.pdf")
    text = pdf_text(out)

    for step in WorkflowStep:
        assert f"Step {step.number}: {step.label}" in text
        for content in case.step_content[step]:
            assert flat(content) in text, (step, content)
    for name in case.recipients + case.consultants:
        assert name in text
    for fixed in (LEGEND, "Jordan Avery", CLINICIAN, "California (CA)", "Timeline"):
        assert fixed in text
    assert "Page 1 of" in text and "Content fingerprint (SHA-256):" in text
    assert "Audit trail for this incident" in text and "finalize" in text
    assert "not legal advice" in text
    assert "The recorded disclosures meet the jurisdiction's discharge rule." in text


def test_export_is_audited_and_never_contains_psychotherapy_notes(
    vault: Vault, tmp_path: Path
) -> None:
    from datetime import date

    from desktop.models import NoteKind
    from desktop.services.clients.notes import NoteService

    client_id = setup_practice(vault)
    NoteService(vault).add(
        client_id, date.today(), "PRIVATE-PROCESS-NOTE dream imagery", NoteKind.PSYCHOTHERAPY
    )
    case = walk_duty_case(vault, client_id)

    export_incident_report(vault, case.incident_id, tmp_path / "a.pdf")
    second = pdf_text(export_incident_report(vault, case.incident_id, tmp_path / "b.pdf"))

    assert "PRIVATE-PROCESS-NOTE" not in second
    trail = IncidentService(vault).get(case.incident_id).audit_trail
    assert [e.action for e in trail].count("export") == 2
    assert "Report: Incident report" in second  # the first export is in the second's trail


# The command line opens vault folders only; it cannot connect to a practice yet.
@pytest.mark.sqlite_only
def test_cli_report_incident_plain_and_encrypted(vault: Vault, tmp_path: Path) -> None:
    client_id = setup_practice(vault)
    case = walk_duty_case(vault, client_id)
    folder = vault.folder
    vault.lock()
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    password_file = tmp_path / "password.txt"
    password_file.write_text("counsel-only\n", encoding="utf-8")
    plain, locked = tmp_path / "f.pdf", tmp_path / "locked.pdf"
    common = ["--passphrase-file", str(passphrase_file), "--vault", str(folder)]

    code = cli.run(["report", "incident", str(case.incident_id), "--out", str(plain), *common])
    code_locked = cli.run(
        [
            "report",
            "incident",
            str(case.incident_id),
            "--out",
            str(locked),
            "--password-file",
            str(password_file),
            *common,
        ]
    )

    assert code == 0 and code_locked == 0
    assert "Sam Okafor" in pdf_text(plain)
    reader = PdfReader(locked)
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("counsel-only") != 0
    assert "Sam Okafor" in pdf_text(locked, "counsel-only")
    assert b"Sam Okafor" not in locked.read_bytes()


# The command line opens vault folders only; it cannot connect to a practice yet.
@pytest.mark.sqlite_only
def test_cli_report_unknown_incident_fails_plainly(
    vault: Vault, tmp_path: Path, capsys: object
) -> None:
    setup_practice(vault)
    folder = vault.folder
    vault.lock()
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    out = tmp_path / "none.pdf"

    code = cli.run(
        [
            "report",
            "incident",
            "999",
            "--out",
            str(out),
            "--passphrase-file",
            str(passphrase_file),
            "--vault",
            str(folder),
        ]
    )

    assert code == 1 and not out.exists()
