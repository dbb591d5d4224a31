"""Every report is signed; verify-report tells valid, changed, another identity, not Confide."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import run
from desktop.errors import UserInputError
from desktop.reports.verification import verify_pdf
from desktop.services.signing.identity import SigningIdentityService
from desktop.services.signing.report_check import check_with_vault
from desktop.storage.certificates import certificate_fingerprint, spaced
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.signing.conftest import KINDS, REPORT_PASSWORD, Exported
from tests.support.cases import CLINICIAN
from tests.support.pdf import pdf_text
from tests.support.tampering import append_text_update, flip_byte_in_content_stream

REASONS = {
    "incident": "Prepared for counsel",
    "consent": "Signed consent record",
    "accounting": "Accounting of disclosures",
    "disclosure_log": "Disclosure log (all disclosures)",
    "chart": "Client record (chart)",
}


def verify_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = run(["verify-report", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_kind_verifies_with_the_certificate_file_alone(
    exported: Exported, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    report = exported.reports[kind]
    code, out = verify_cli(capsys, str(report), "--cert", str(exported.certificate))
    assert code == 0, out
    assert out.startswith("VALID AND UNCHANGED:")
    assert spaced(exported.fingerprint) in out
    assert f"Reason: {REASONS[kind]}" in out
    printed = pdf_text(report)
    fingerprint = out.split("Content fingerprint (SHA-256): ")[1][:64]
    assert f"Content fingerprint (SHA-256): {fingerprint}" in printed


@pytest.mark.parametrize("kind", KINDS)
def test_one_changed_byte_in_the_content_stream_is_changed_after_signing(
    exported: Exported, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(flip_byte_in_content_stream(exported.reports[kind].read_bytes()))
    code, out = verify_cli(capsys, str(tampered), "--cert", str(exported.certificate))
    assert code == 1
    assert out.startswith("CHANGED AFTER SIGNING:")
    assert "no longer match its signature" in out


@pytest.mark.parametrize("kind", KINDS)
def test_an_appended_update_that_changes_text_is_changed_after_signing(
    exported: Exported, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(append_text_update(exported.reports[kind].read_bytes()))
    assert "NOT DISCLOSED" in pdf_text(edited)  # the edit really shows on the page
    code, out = verify_cli(capsys, str(edited), "--cert", str(exported.certificate))
    assert code == 1
    assert out.startswith("CHANGED AFTER SIGNING:")
    assert "added to the file after it was signed" in out


def test_with_the_vault_it_finds_the_export_in_the_audit_log(exported: Exported) -> None:
    vault = exported.open()
    try:
        check = check_with_vault(vault, exported.reports["incident"].read_bytes(), None)
    finally:
        vault.lock()
    assert check.ok
    assert check.result.matched == "this vault's signing identity"
    assert check.produced.startswith("Exported from this vault ")
    assert f"by {CLINICIAN}" in check.produced and "(audit event #" in check.produced


def test_a_report_of_vault_a_checked_with_vault_b_is_another_identity(
    exported: Exported, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other, _ = Vault.create(tmp_path / "b", PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    other.lock()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE)
    report = str(exported.reports["consent"])
    args = (report, "--vault", str(tmp_path / "b"), "--passphrase-file", str(secret))
    code, out = verify_cli(capsys, *args)
    assert code == 1
    assert out.startswith("SIGNED BY ANOTHER IDENTITY:")
    assert spaced(exported.fingerprint) in out  # names the certificate that did sign it


def test_an_encrypted_signed_report_verifies_with_its_password(
    exported: Exported, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = exported.encrypted.read_bytes()
    with pytest.raises(UserInputError, match="protected by a password"):
        verify_pdf(data, [], None)
    with pytest.raises(UserInputError, match="password does not open"):
        verify_pdf(data, [], "wrong")
    password = tmp_path / "pw.txt"
    password.write_text(REPORT_PASSWORD)
    cert = str(exported.certificate)
    code, out = verify_cli(
        capsys, str(exported.encrypted), "--cert", cert, "--password-file", str(password)
    )
    assert code == 0, out
    assert out.startswith("VALID AND UNCHANGED:")


def test_files_that_are_not_confide_reports(
    exported: Exported, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.reports.document import ReportBuilder

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(ReportBuilder("Title", "Legend", "Nobody").render().pdf)
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf at all")
    for candidate in (plain, text):
        code, out = verify_cli(capsys, str(candidate), "--cert", str(exported.certificate))
        assert code == 1
        assert out.startswith("NOT A CONFIDE REPORT:")


def test_rotation_is_audited_and_old_reports_still_verify_with_the_vault(
    exported: Exported,
) -> None:
    vault = exported.open()
    try:
        service = SigningIdentityService(vault)
        old = service.ensure()
        new = service.rotate("Laptop replaced")
        check = check_with_vault(vault, exported.reports["accounting"].read_bytes(), None)
        history = service.history()
    finally:
        vault.lock()
    assert new.fingerprint != old.fingerprint and new.active
    assert [h.fingerprint for h in history[:2]] == [new.fingerprint, old.fingerprint]
    assert history[1].retired_reason == "Laptop replaced"
    assert check.ok and check.result.matched.startswith("an earlier signing identity")
    assert certificate_fingerprint(history[1].certificate_der) == old.fingerprint


@pytest.mark.parametrize("cut", [1, 5000])
def test_a_truncated_report_is_refused_plainly(
    exported: Exported, tmp_path: Path, capsys: pytest.CaptureFixture[str], cut: int
) -> None:
    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(exported.reports["incident"].read_bytes()[:-cut])
    code, out = verify_cli(capsys, str(truncated), "--cert", str(exported.certificate))
    assert code == 1
    assert out.split(":")[0] in ("CHANGED AFTER SIGNING", "NOT A CONFIDE REPORT")
    assert "Traceback" not in out


def test_a_file_that_is_not_a_certificate_is_refused(
    exported: Exported, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "cert.pem"
    bogus.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    code, out = verify_cli(capsys, str(exported.reports["consent"]), "--cert", str(bogus))
    assert code == 1
    assert "does not hold a certificate" in out
