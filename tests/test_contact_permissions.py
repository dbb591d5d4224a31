"""Contact permissions in three states with the date asked: stored, migrated, listed, printed,
imported and acted on ("not asked" is never "allowed")."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from alembic import command
from pypdf import PdfReader
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.cli import EXIT_OK, run
from desktop.contact_permissions import (
    ContactChannel,
    ContactPermission,
    ContactPermissions,
    ContactStatus,
    contact_caution,
    describe,
)
from desktop.errors import UserInputError
from desktop.exports.vault_import import import_vault
from desktop.local_time import format_date
from desktop.models import AuditEvent
from desktop.services.clients.service import ClientService
from desktop.services.exports import export_chart_report, export_vault
from desktop.storage import audit
from desktop.storage.database import DATABASE_NAME, make_engine
from desktop.storage.header_keys import sqlcipher_key_hex, unwrap_with_passphrase
from desktop.storage.header_repair import read_headers
from desktop.storage.integrity import verify_vault
from desktop.storage.migrations import alembic_config
from desktop.storage.row_hashes import note_rows, rows_matching_their_hash, stored_tables
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB

ASKED = date(2026, 3, 12)
DECLINED_VOICEMAIL = ContactPermissions(
    voicemail=ContactPermission(ContactStatus.DECLINED, ASKED),
    text=ContactPermission(ContactStatus.ALLOWED, None),
)


def _client(vault: Vault, contact: ContactPermissions = DECLINED_VOICEMAIL) -> int:
    return ClientService(vault).create(
        ClientInput(first_name="Ada", last_name="Quill", contact=contact)
    )


def test_three_states_and_the_date_asked_are_stored_and_read_back(vault: Vault) -> None:
    client_id = _client(vault)
    contact = ClientService(vault).get(client_id, audit_view=False).data.contact
    assert contact == DECLINED_VOICEMAIL
    assert contact.email == ContactPermission(ContactStatus.NOT_ASKED, None)


def test_a_date_asked_in_the_future_is_refused_and_changes_nothing(vault: Vault) -> None:
    client_id = _client(vault)
    tomorrow = date.today() + timedelta(days=1)
    later = ContactPermissions(email=ContactPermission(ContactStatus.ALLOWED, tomorrow))
    service = ClientService(vault)
    with pytest.raises(UserInputError, match="E-mail: the date the client was asked"):
        service.update(client_id, ClientInput(first_name="Ada", last_name="Quill", contact=later))
    assert service.get(client_id, audit_view=False).data.contact == DECLINED_VOICEMAIL


def test_not_asked_keeps_no_date(vault: Vault) -> None:
    stray = ContactPermissions(text=ContactPermission(ContactStatus.NOT_ASKED, ASKED))
    client_id = _client(vault, stray)
    assert ClientService(vault).get(client_id, audit_view=False).data.contact.text.asked_on is None


def test_not_asked_is_never_treated_as_allowed() -> None:
    assert not ContactPermission().allows
    assert not ContactPermission(ContactStatus.DECLINED, ASKED).allows
    assert ContactPermission(ContactStatus.ALLOWED, None).allows
    caution = contact_caution(DECLINED_VOICEMAIL)
    assert caution == (
        "Do not use voicemail: the client declined. "
        "Ask before using e-mail: the client has not been asked."
    )
    everything = ContactPermissions(
        *(ContactPermission(ContactStatus.ALLOWED, ASKED) for _ in ContactChannel)
    )
    assert contact_caution(everything) == ""


def test_each_state_reads_in_plain_words() -> None:
    assert describe(DECLINED_VOICEMAIL.voicemail) == f"Declined, asked {format_date(ASKED)}"
    assert describe(DECLINED_VOICEMAIL.text) == "Allowed, date not recorded"
    assert describe(DECLINED_VOICEMAIL.email) == "Not asked"


def test_list_clients_json_and_table_show_each_channel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, pass_file = tmp_path / "v", tmp_path / "pass.txt"
    pass_file.write_text(f"{PASSPHRASE}\n", encoding="utf-8")
    vault, _ = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        _client(vault)
    opened = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    assert run(["list", "clients", "--json", *opened]) == EXIT_OK
    [row] = json.loads(capsys.readouterr().out)
    assert row["contact"] == {
        "voicemail": {"status": "declined", "asked_on": "2026-03-12"},
        "text": {"status": "allowed", "asked_on": None},
        "email": {"status": "not_asked", "asked_on": None},
    }
    assert run(["list", "clients", *opened]) == EXIT_OK
    table = capsys.readouterr().out
    assert "Voicemail" in table and "Declined" in table and "Not asked" in table


def test_chart_pdf_prints_each_channel_with_the_date_asked(vault: Vault, tmp_path: Path) -> None:
    client_id = _client(vault)
    out = tmp_path / "chart.pdf"
    export_chart_report(vault, client_id, out)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    printed = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert f"Voicemail Declined, asked {format_date(ASKED)}" in printed
    assert "Text messages Allowed, date not recorded" in printed
    assert "E-mail Not asked" in printed


def _as_written_before_0010(folder: Path, booleans: dict[str, bool]) -> None:
    """The vault's database as Confide left it before migration 0010 (contact permissions),
    after it saved client 1 with these yes/no boxes (an audit event recording the row's hash in
    that schema)."""
    header = read_headers(folder).primary
    assert header is not None
    key = unwrap_with_passphrase(header, PASSPHRASE)
    engine = make_engine(folder / DATABASE_NAME, sqlcipher_key_hex(key, header.db_salt))
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0009")
            sets = ", ".join(f"{name} = {int(value)}" for name, value in booleans.items())
            connection.execute(text(f"UPDATE clients SET {sets} WHERE id = 1"))
            [clients] = [t for t in stored_tables(connection) if t.name == "clients"]
        with Session(engine) as session, session.begin():
            note_rows(session, clients, [1])
            audit.record(session, audit.AuditAction.UPDATE, actor="old", entity_type="client")
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def test_migration_0010_ticked_becomes_allowed_undated_unticked_becomes_not_asked(
    vault: Vault, vault_dir: Path
) -> None:
    _client(vault)
    vault.lock()
    _as_written_before_0010(vault_dir, {"voicemail_ok": True, "text_ok": False, "email_ok": False})
    with Vault.open(vault_dir, PASSPHRASE) as reopened:
        contact = ClientService(reopened).get(1, audit_view=False).data.contact
        with reopened.session() as session:
            migrated = session.scalars(select(AuditEvent).where(AuditEvent.action == "migrate"))
            assert [e.detail["rows_rehashed"] for e in migrated] == [1]
        assert verify_vault(reopened).ok  # the rewritten row was re-recorded, not flagged
    assert contact == ContactPermissions(voicemail=ContactPermission(ContactStatus.ALLOWED, None))


def test_a_row_changed_outside_confide_before_an_upgrade_is_still_reported(
    vault: Vault, vault_dir: Path
) -> None:
    _client(vault)
    vault.lock()
    _as_written_before_0010(vault_dir, {"voicemail_ok": True, "text_ok": False, "email_ok": False})
    header = read_headers(vault_dir).primary
    assert header is not None
    key = unwrap_with_passphrase(header, PASSPHRASE)
    engine = make_engine(vault_dir / DATABASE_NAME, sqlcipher_key_hex(key, header.db_salt))
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE clients SET last_name = 'Changed' WHERE id = 1"))
            assert rows_matching_their_hash(connection) == set()
    finally:
        engine.dispose()
    with Vault.open(vault_dir, PASSPHRASE) as reopened:
        report = verify_vault(reopened)
    assert not report.ok and "Record clients #1" in report.summary


def test_an_export_from_before_0010_imports_with_its_yes_no_boxes(
    vault: Vault, tmp_path: Path
) -> None:
    _client(vault)
    out = tmp_path / "export"
    export_vault(vault, out, password=None)
    _as_older_export(out)
    fresh, _ = Vault.create(tmp_path / "new", "a new passphrase", kdf_memory_kib=TEST_KDF_KIB)
    with fresh:
        import_vault(fresh, out, None)
        contact = ClientService(fresh).get(1, audit_view=False).data.contact
        assert contact == ContactPermissions(
            voicemail=ContactPermission(ContactStatus.ALLOWED, None)
        )
        assert verify_vault(fresh).ok


def _as_older_export(out: Path) -> None:
    """Rewrite the export's clients as an export from before migration 0010 held them."""
    from desktop.exports.records import sha256_hex

    path = out / "records" / "clients.jsonl"
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for channel in ContactChannel:
            status = record.pop(f"{channel.value}_status")
            record.pop(f"{channel.value}_asked_on")
            record[f"{channel.value}_ok"] = channel is ContactChannel.VOICEMAIL
            assert status in {s.value for s in ContactStatus}
        lines.append(json.dumps(record))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"]["records/clients.jsonl"]["sha256"] = sha256_hex(data)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
