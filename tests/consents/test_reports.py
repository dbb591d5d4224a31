"""The consent PDF and the accounting PDF/CSV, read back; and the two `confide report` commands."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop import cli
from desktop.domain import ConfidentialityLimit, LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.models import AuditEvent
from desktop.reports.accounting_report import safe_cell
from desktop.services.consents.service import ConsentService
from desktop.services.demo.signature import synthetic_signature_png
from desktop.services.exports import export_accounting, export_consent_report
from desktop.storage import audit
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.consents.conftest import Clients
from tests.consents.test_accounting import disclose
from tests.support.consents import MINOR_KEY, sign
from tests.support.pdf import flat, image_count, pdf_text


def export_events(vault: Vault) -> list[AuditEvent]:
    with vault.session() as session:
        query = select(AuditEvent).where(AuditEvent.action == audit.AuditAction.EXPORT.value)
        return list(session.scalars(query))


def test_consent_pdf_has_name_version_limits_and_signatures(
    ready: Vault, clients: Clients, tmp_path: Path
) -> None:
    consent_id = sign(
        ready,
        clients.minor,
        key=MINOR_KEY,
        signer="Eli Marsh",
        guardian_name="Priya Marsh",
        guardian_signature_png=synthetic_signature_png("Priya Marsh"),
    )
    ConsentService(ready).revoke(consent_id, datetime.now(UTC), "Family moved away")
    ConsentService(ready).add_addendum(consent_id, "Copy given to the guardian.")
    out = export_consent_report(ready, consent_id, tmp_path / "consent.pdf")
    text = flat(pdf_text(out))
    view = ConsentService(ready).get(consent_id)
    assert "Eli Marsh" in text and "Priya Marsh (Mother)" in text
    assert "Form version Version 1 of" in text and MINOR_KEY not in text
    for limit in ConfidentialityLimit:
        assert limit.label in text
    assert view.rendered_hash in text and view.template_hash in text
    assert "The stored text matches its hash" in text
    assert "UTC" in text
    assert "Family moved away" in text and "Copy given to the guardian." in text
    assert "Informed Consent and Privacy Policy for a Young Person" in text
    assert image_count(out) == 3
    (event,) = export_events(ready)
    assert (event.entity_type, event.entity_id) == ("consent_report", consent_id)


def test_consent_pdf_with_password_is_encrypted(
    ready: Vault, clients: Clients, tmp_path: Path
) -> None:
    consent_id = sign(ready, clients.adult)
    out = export_consent_report(ready, consent_id, tmp_path / "c.pdf", "s3cret-pass")
    assert PdfReader(out).is_encrypted
    assert "Zoë Nguyễn" in pdf_text(out, "s3cret-pass")


@pytest.fixture
def disclosures(ready: Vault, clients: Clients) -> Vault:
    disclose(ready, clients.adult, 20, description='=HYPERLINK("http://x")', purpose="+1 risk")
    disclose(
        ready,
        clients.adult,
        5,
        recipient_name="Example Health Plan",
        recipient_role=RecipientRole.INSURER,
        description="Routine claim",
        purpose="Payment",
        legal_basis=LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
    )
    return ready


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_accounting_csv_is_safe_for_spreadsheets(
    disclosures: Vault, clients: Clients, tmp_path: Path
) -> None:
    out = export_accounting(disclosures, clients.adult, tmp_path / "acc.csv")
    header, *rows = read_csv(out)
    assert header[0] == "Date" and len(rows) == 1
    assert rows[0][3] == '\'=HYPERLINK("http://x")'
    assert rows[0][4] == "'+1 risk"
    assert [safe_cell(x) for x in ("-1", "@a", "ok", "\tx")] == ["'-1", "'@a", "ok", "'\tx"]
    full = read_csv(
        export_accounting(disclosures, clients.adult, tmp_path / "l.csv", full_log=True)
    )
    assert len(full) == 3
    with pytest.raises(UserInputError, match="cannot be encrypted"):
        export_accounting(disclosures, clients.adult, tmp_path / "x.csv", password="pw")


def test_accounting_pdf_leaves_out_the_insurance_claim(
    disclosures: Vault, clients: Clients, tmp_path: Path
) -> None:
    text = flat(pdf_text(export_accounting(disclosures, clients.adult, tmp_path / "a.pdf")))
    assert "Sacramento Police Department" in text and "5770 Freeport Blvd" in text
    assert "(legal basis: 45 CFR 164.512(j))" in text
    assert "Example Health Plan" not in text
    log = flat(
        pdf_text(export_accounting(disclosures, clients.adult, tmp_path / "b.pdf", full_log=True))
    )
    assert "Example Health Plan" in log and "164.528(a)(1)(i)" in log
    assert [e.entity_type for e in export_events(disclosures)] == [
        "accounting_report",
        "disclosure_log",
    ]


# The command line opens vault folders only; it cannot connect to a practice yet.
@pytest.mark.sqlite_only
def test_cli_report_commands(
    ready: Vault, clients: Clients, tmp_path: Path, vault_dir: Path
) -> None:
    consent_id = sign(ready, clients.adult)
    disclose(ready, clients.adult, 3)
    passphrase_file = tmp_path / "pass.txt"
    passphrase_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    ready.lock()
    common = ["--vault", str(vault_dir), "--passphrase-file", str(passphrase_file)]
    consent_pdf = tmp_path / "consent.pdf"
    log_csv = tmp_path / "log.csv"
    accounting_pdf = tmp_path / "accounting.pdf"
    since = (date.today() - timedelta(days=30)).isoformat()
    assert cli.run(["report", "consent", str(consent_id), "--out", str(consent_pdf), *common]) == 0
    args = ["report", "disclosures", str(clients.adult), "--out", str(log_csv), "--all"]
    assert cli.run([*args, *common]) == 0
    args = ["report", "disclosures", str(clients.adult), "--out", str(accounting_pdf)]
    assert cli.run([*args, "--since", since, *common]) == 0
    assert "Zoë Nguyễn" in pdf_text(consent_pdf)
    assert "Sacramento Police Department" in read_csv(log_csv)[1]
    assert "Sacramento Police Department" in flat(pdf_text(accounting_pdf))
