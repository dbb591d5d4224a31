"""The client chart PDF: every section, psychotherapy notes only when chosen, literal text,
auditing, the disclosure it may be, and the command line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.cli import EXIT_FAILED, EXIT_OK, run
from desktop.demo import DEMO_PASSPHRASE
from desktop.domain import LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.models import AuditEvent, Disclosure, NoteKind
from desktop.services.chart import (
    ChartRecipient,
    chart_disclosure,
    check_chart_disclosure,
    record_chart_disclosure,
)
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.exports import export_chart_report
from desktop.services.releases.service import ReleaseInput, ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import copy_vault
from tests.support.pdf import pdf_text

DANA = 1  # the demo's first client: a consent, a release, an incident, a psychotherapy note
PSYCHOTHERAPY_NOTE = "Process notes kept separately (demo psychotherapy note)."
SECTIONS = (
    "Demographics",
    "Emergency contacts",
    "Contact permissions",
    "Consents (1)",
    "The text as signed",
    "Releases of information (1)",
    "Notes (",
    "Incidents (1)",
    "Disclosures (",
    "Addenda (",
    "Content fingerprint (SHA-256):",
)


@pytest.fixture(scope="module")
def demo_folder(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_vault(demo_template, tmp_path_factory.mktemp("chart") / "demo")


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[Vault]:
    with Vault.open(demo_folder, DEMO_PASSPHRASE) as vault:
        yield vault


def test_chart_holds_every_section_without_psychotherapy_notes(demo: Vault, tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    exported = export_chart_report(demo, DANA, out)
    text = pdf_text(out)
    for section in SECTIONS:
        assert section in text
    assert "Dana Kessler" in text and "Page 1 of" in text
    assert "Psychotherapy notes are left out of this chart (1 not shown)." in text
    assert PSYCHOTHERAPY_NOTE not in text
    assert exported.fingerprint in text and not exported.psychotherapy_notes_included
    with demo.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "client_chart")
        ).one()
    assert event.action == "export" and event.client_id == DANA
    assert event.detail["psychotherapy_notes_included"] is False
    assert "Dana" not in str(event.detail)


def test_psychotherapy_notes_only_when_chosen(demo: Vault, tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    export_chart_report(demo, DANA, out, include_psychotherapy_notes=True)
    text = pdf_text(out)
    assert PSYCHOTHERAPY_NOTE in text
    assert "Psychotherapy notes are included in this chart because they were chosen" in text


def test_since_leaves_out_older_records(demo: Vault, tmp_path: Path) -> None:
    out = tmp_path / "chart.pdf"
    export_chart_report(demo, DANA, out, since=date.today() + timedelta(days=1))
    text = pdf_text(out)
    assert "Records dated on or after" in text and "Demographics" in text
    assert "Consents (0)" in text and "Notes (0)" in text and "Disclosures (0)" in text


def test_markup_and_unicode_names_are_shown_literally(vault: Vault, tmp_path: Path) -> None:
    client = ClientService(vault).create(
        ClientInput(first_name="Zoë <b>", last_name="Nguyễn & 李小龙", contact_notes="<i>x</i>")
    )
    NoteService(vault).add(client, date(2025, 1, 2), "<img src='/etc/passwd'> said 🙂 &amp;")
    out = tmp_path / "chart.pdf"
    export_chart_report(vault, client, out)
    text = pdf_text(out)
    for literal in ("Zoë <b>", "Nguyễn & 李小龙", "<i>x</i>", "<img src='/etc/passwd'>", "&amp;"):
        assert literal in text


@pytest.mark.slow
def test_a_200k_word_note_exports_completely(vault: Vault, tmp_path: Path) -> None:
    client = ClientService(vault).create(ClientInput(first_name="Long", last_name="Note"))
    body = " ".join(f"w{i}" for i in range(200_000))
    NoteService(vault).add(client, date(2025, 1, 2), body, NoteKind.PROGRESS)
    out = tmp_path / "chart.pdf"
    export_chart_report(vault, client, out)
    assert re.findall(r"\bw\d+\b", pdf_text(out)) == body.split()


def test_chart_disclosure_is_recorded_with_its_fingerprint_and_release(demo: Vault) -> None:
    recipient = ChartRecipient(
        "Lee & Park LLP", RecipientRole.ATTORNEY, LegalBasis.AUTHORIZATION, "Client's lawsuit"
    )
    data = chart_disclosure(DANA, recipient, "ab" * 32, psychotherapy_notes_included=False)
    with pytest.raises(UserInputError, match="None of this client's releases covers"):
        check_chart_disclosure(demo, data)  # no release names Lee & Park yet
    release_id = _release_to(demo, "Lee & Park LLP", notes=False)
    disclosure_id = record_chart_disclosure(demo, data)
    with demo.session() as session:
        row = session.get(Disclosure, disclosure_id)
        assert row is not None
        assert "ab" * 32 in row.description and not row.psychotherapy_notes_included
        assert row.accountable is False  # under the client's authorization
        assert row.release_id == release_id


def test_a_chart_with_psychotherapy_notes_needs_a_notes_release_too(demo: Vault) -> None:
    recipient = ChartRecipient(
        "Dr. Notes", RecipientRole.CLINICIAN, LegalBasis.AUTHORIZATION, "Second opinion"
    )
    data = chart_disclosure(DANA, recipient, "cd" * 32, psychotherapy_notes_included=True)
    general = _release_to(demo, "Dr. Notes", notes=False)
    with pytest.raises(UserInputError, match="does not cover psychotherapy notes"):
        record_chart_disclosure(demo, data)
    _release_to(demo, "Dr. Notes", notes=True)
    disclosure_id = record_chart_disclosure(demo, data)
    with demo.session() as session:
        row = session.get(Disclosure, disclosure_id)
        assert row is not None and row.release_id == general


def _release_to(vault: Vault, recipient: str, *, notes: bool) -> int:
    return ReleaseService(vault).create(
        ReleaseInput(
            client_id=DANA,
            recipient_name=recipient,
            recipient_role=RecipientRole.OTHER,
            information_description="Psychotherapy notes" if notes else "The whole chart",
            purpose="At the client's request",
            signer_name="Dana Kessler",
            signed_at=datetime.now(UTC) - timedelta(days=1),
            expires_on=date.today() + timedelta(days=30),
            includes_psychotherapy_notes=notes,
            signature_png=synthetic_signature_png("Dana Kessler"),
        )
    )


def test_cli_chart_with_and_without_a_valid_disclosure(
    demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    common = ["--vault", str(demo_folder), "--passphrase-file", str(secret)]
    refused = tmp_path / "refused.pdf"
    args = ["report", "chart", "2", "--out", str(refused), *common, "--disclosed-to", "Court"]
    assert run(args) == EXIT_FAILED
    assert "legal basis and purpose" in capsys.readouterr().err and not refused.exists()
    out = tmp_path / "chart.pdf"
    extra = ["--legal-basis", "164.512(e)(1)(i)", "--recipient-role", "court"]
    extra += ["--purpose", "Court order", "--minimum-necessary", "The order asks for all of it"]
    assert run([*args[:3], "--out", str(out), *common, "--disclosed-to", "Court", *extra]) == 0
    assert "Recorded as a disclosure to Court" in capsys.readouterr().out
    assert "Nguyễn" in pdf_text(out)
    assert run(["report", "chart", "2", "--out", str(tmp_path / "b.pdf"), *common]) == EXIT_OK


def test_unknown_client_is_a_plain_error(vault: Vault, tmp_path: Path) -> None:
    from desktop.errors import NotFoundError

    with pytest.raises(NotFoundError):
        export_chart_report(vault, 999, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
