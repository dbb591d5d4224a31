"""Whole-vault export and import: a documented format that validates against its own schemas,
formula-safe CSV, an AES-256 ZIP by default, and a round trip that restores every record."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import pyzipper
from jsonschema import Draft202012Validator
from sqlalchemy import select

from desktop.cli import EXIT_FAILED, EXIT_OK, run
from desktop.demo import DEMO_PASSPHRASE
from desktop.domain import ExceptionType
from desktop.errors import ConfideError, UserInputError
from desktop.exports.records import record_types
from desktop.exports.vault_import import import_vault, imported_history, verify_imported_history
from desktop.models import AuditEvent
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.exports import export_vault
from desktop.services.incidents.service import IncidentService
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from desktop.workflow.fields import EvidenceInput, EvidenceKind
from tests.conftest import TEST_KDF_KIB, copy_vault

ZIP_PASSWORD = "cedar-raven-iris-1234"
ATTACHMENT = b"%PDF-1.4 not really a pdf \x00\xff"
FORMULAS = ('=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)")


@pytest.fixture(scope="module")
def demo_folder(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo vault, plus a client whose fields start like spreadsheet formulas."""
    folder = copy_vault(demo_template, tmp_path_factory.mktemp("export") / "demo")
    with Vault.open(folder, DEMO_PASSPHRASE) as vault:
        client = ClientService(vault).create(
            ClientInput(first_name=FORMULAS[0], last_name=FORMULAS[1], contact_notes=FORMULAS[2])
        )
        NoteService(vault).add(client, date(2025, 1, 2), FORMULAS[3] + " Zoë <b> 李")
        incidents = IncidentService(vault)
        incident = incidents.start(client, ExceptionType.COURT_ORDER)
        evidence = EvidenceInput(
            EvidenceKind.RECORD,
            "The order, scanned",
            attachment_name="Order for Zoë.pdf",
            attachment_type="application/pdf",
            attachment=ATTACHMENT,
        )
        incidents.add_evidence(incident, evidence)
    return folder


@pytest.fixture
def demo(demo_folder: Path) -> Iterator[Vault]:
    with Vault.open(demo_folder, DEMO_PASSPHRASE) as vault:
        yield vault


@pytest.fixture(scope="module")
def plain_export(demo_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("plain") / "export"
    with Vault.open(demo_folder, DEMO_PASSPHRASE) as vault:
        export_vault(vault, out, password=None)
    return out


def rows_of(vault: Vault) -> dict[str, list[dict[str, Any]]]:
    """Every record of every exported type except the audit log, as plain values."""
    found: dict[str, list[dict[str, Any]]] = {}
    with vault.session() as session:
        for kind in record_types():
            if kind.name != "audit_events":
                query = select(kind.table).order_by(kind.table.c.id)
                found[kind.name] = [dict(row._mapping) for row in session.execute(query)]
    return found


def test_round_trip_restores_every_record_and_the_audit_history(
    demo: Vault, tmp_path: Path
) -> None:
    out = tmp_path / "everything.zip"
    summary = export_vault(demo, out, password=ZIP_PASSWORD)
    assert summary.encrypted and out.is_file()
    with pyzipper.AESZipFile(out) as archive:
        assert archive.getinfo("records/clients.jsonl").flag_bits & 0x1  # encrypted
        with pytest.raises(RuntimeError):
            archive.read("records/clients.jsonl")
    with demo.session() as session:
        source_events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    source_events = [e for e in source_events if e.seq <= summary.counts["audit_events"]]
    fresh, _ = Vault.create(tmp_path / "new", "a new passphrase", kdf_memory_kib=TEST_KDF_KIB)
    with fresh:
        with pytest.raises(UserInputError, match="password is not correct"):
            import_vault(fresh, out, "the wrong password")
        assert not any(rows_of(fresh).values())
        import_vault(fresh, out, ZIP_PASSWORD)
        expected, restored = rows_of(demo), rows_of(fresh)
        for name, rows in expected.items():
            assert restored[name] == rows, name
        assert expected["consents"] and all(r["signature_png"] for r in restored["consents"])
        assert ATTACHMENT in [r["attachment"] for r in restored["evidence_items"]]
        with fresh.session() as session:
            assert audit.verify_chain(session).ok
            assert verify_imported_history(session)
            history = [(e.seq, e.hash, e.detail) for e in imported_history(session)]
        assert history == [(e.seq, e.hash, e.detail) for e in source_events]
        incidents = IncidentService(fresh)
        finalized = [r["id"] for r in restored["incidents"] if r["finalized_at"] is not None]
        assert finalized and all(incidents.verify(i) for i in finalized)


def test_export_validates_against_its_own_schemas(plain_export: Path) -> None:
    manifest = json.loads((plain_export / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format"] == "confide-vault-export" and not manifest["encrypted"]
    for kind in record_types():
        schema = json.loads((plain_export / f"schemas/{kind.name}.schema.json").read_text())
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        lines = (plain_export / f"records/{kind.name}.jsonl").read_text(encoding="utf-8")
        records = [json.loads(line) for line in lines.splitlines()]
        assert len(records) == manifest["counts"][kind.name]
        for record in records:
            validator.validate(record)
    for path, entry in manifest["files"].items():
        data = (plain_export / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["size"]
    assert (plain_export / "FORMAT.md").read_text(encoding="utf-8").startswith("# Confide")
    assert any(p.startswith("pdf/consents/") for p in manifest["files"])
    assert any(p.startswith("pdf/incidents/") for p in manifest["files"])


def test_csv_files_open_with_the_csv_module_and_start_no_formula(plain_export: Path) -> None:
    seen: set[str] = set()
    for path in sorted((plain_export / "csv").glob("*.csv")):
        text = path.read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (path.name, cell[:20])
                seen.add(cell)
    assert "'" + FORMULAS[0] in seen and "'" + FORMULAS[2] in seen


def test_file_names_carry_no_client_names(plain_export: Path) -> None:
    manifest = json.loads((plain_export / "manifest.json").read_text(encoding="utf-8"))
    for path in manifest["files"]:
        assert not any(name in path for name in ("Dana", "Kessler", "Zo", "Nguy"))


def test_short_password_is_refused_and_nothing_is_left(demo: Vault, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="at least 12"):
        export_vault(demo, tmp_path / "x.zip", password="short")
    assert list(tmp_path.iterdir()) == []


def test_a_changed_export_is_refused_and_nothing_imported(
    plain_export: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(plain_export, copy)
    notes = copy / "records/notes.jsonl"
    notes.write_text(notes.read_text(encoding="utf-8").replace("sleep", "sloop"), "utf-8")
    fresh, _ = Vault.create(tmp_path / "new", "a new passphrase", kdf_memory_kib=TEST_KDF_KIB)
    with fresh:
        with pytest.raises(ConfideError, match="does not match its SHA-256"):
            import_vault(fresh, copy, None)
        assert not any(rows_of(fresh).values())


def test_import_only_into_an_empty_vault(plain_export: Path, vault: Vault) -> None:
    ClientService(vault).create(ClientInput(first_name="Already", last_name="Here"))
    with pytest.raises(UserInputError, match="new, empty vault"):
        import_vault(vault, plain_export, None)


def test_cli_export_and_import_round_trip(
    demo_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    vault_args = ["--vault", str(demo_folder), "--passphrase-file", str(secret)]
    assert run(["export", "--out", str(tmp_path / "e"), *vault_args]) == EXIT_FAILED
    assert "ending in .zip" in capsys.readouterr().err
    out = tmp_path / "e.zip"
    assert run(["export", "--out", str(out), *vault_args]) == EXIT_OK
    printed = capsys.readouterr().out
    password = printed.split("write it down): ")[1].split()[0]
    (tmp_path / "zip.txt").write_text(password + "\n", encoding="utf-8")
    new = ["--vault", str(tmp_path / "new"), "--passphrase-file", str(secret)]
    wrong = ["--password-file", str(secret)]
    assert run(["import", "vault", str(out), *new, *wrong]) == EXIT_FAILED
    assert not (tmp_path / "new").exists()
    right = ["--password-file", str(tmp_path / "zip.txt")]
    assert run(["import", "vault", str(out), *new, *right]) == EXIT_OK
    assert run(["verify", *new]) == EXIT_OK
    plain_zip = ["export", "--out", str(tmp_path / "p.zip"), "--plain", *vault_args]
    assert run(plain_zip) == EXIT_FAILED
    assert "--plain writes a folder" in capsys.readouterr().err


def test_a_plain_export_with_a_link_is_refused(plain_export: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(plain_export, copy)
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    (copy / "FORMAT.md").unlink()
    (copy / "FORMAT.md").symlink_to(outside)
    fresh, _ = Vault.create(tmp_path / "new", "a new passphrase", kdf_memory_kib=TEST_KDF_KIB)
    with fresh, pytest.raises(UserInputError, match="link"):
        import_vault(fresh, copy, None)
