"""Importing a client list from CSV: column mappings, per-row errors by line number,
duplicates reported (never merged), dry runs that write nothing, the shipped template."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.cli import EXIT_OK, run
from desktop.contact_permissions import ContactPermission, ContactStatus
from desktop.errors import UserInputError
from desktop.models import AuditEvent, Client
from desktop.services.clients.csv_import import (
    FIELD_LABELS,
    Mapping,
    generic_mapping,
    import_clients,
    load_mapping,
    report_lines,
    save_mapping,
    template_path,
)
from desktop.services.clients.service import ClientService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput

HEADER = ["First name", "Last name", "Date of birth", "Email", "Address", "Voicemail OK"]


def csv_data(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def counts(vault: Vault) -> tuple[int, int]:
    with vault.session() as session:
        clients = session.scalar(select(func.count()).select_from(Client))
        events = session.scalar(select(func.count()).select_from(AuditEvent))
    return int(clients or 0), int(events or 0)


def five_hundred_rows() -> tuple[list[list[str]], dict[int, str]]:
    """500 rows, the second with a two-line address; three malformed ones and their lines."""
    rows = [
        [f"Client{i}", f"Zoë-{i}", f"19{50 + i % 50}-0{1 + i % 9}-1{i % 9}", "", "", "yes"]
        for i in range(500)
    ]
    rows[1][4] = "12 Main St\nApt 3"  # one record over two lines: later line numbers shift
    rows[100][2] = "1990-13-45"
    rows[250][1] = ""
    rows[400][5] = "perhaps"
    # record i starts on line i + 2 (header is line 1), plus 1 after the two-line record
    bad = {100 + 3: "Date of birth", 250 + 3: "Last name", 400 + 3: "Voicemail OK"}
    return rows, bad


def test_500_rows_with_3_malformed_import_497_and_name_their_lines(vault: Vault) -> None:
    rows, bad = five_hundred_rows()
    result = import_clients(vault, csv_data(rows))
    assert len(result.created_ids) == 497
    assert {e.line: e.message for e in result.plan.errors}.keys() == bad.keys()
    for error in result.plan.errors:
        assert bad[error.line] in error.message
    assert counts(vault)[0] == 497
    record = ClientService(vault).get(result.created_ids[1], audit_view=False)
    assert record.data.address == "12 Main St\nApt 3"
    assert record.data.contact.voicemail == ContactPermission(ContactStatus.ALLOWED, None)
    lines = report_lines(result)
    assert lines[0].startswith("497 client(s) imported; 3 row(s) with errors")
    assert any(line.startswith("Line 103: ") for line in lines)


def test_dry_run_writes_nothing(vault: Vault) -> None:
    rows, _bad = five_hundred_rows()
    before = counts(vault)
    result = import_clients(vault, csv_data(rows), dry_run=True)
    assert len(result.plan.ready) == 497 and result.created_ids == ()
    assert counts(vault) == before
    assert report_lines(result)[-1] == "Dry run: nothing was written."


def test_duplicates_are_reported_not_merged(vault: Vault) -> None:
    existing = ClientService(vault).create(
        ClientInput(first_name="Dana", last_name="Kessler", date_of_birth=date(1984, 5, 17))
    )
    rows = [
        ["dana", "KESSLER", "1984-05-17", "", "", "no"],
        ["Eli", "Marsh", "1980-01-01", "", "", "no"],
        ["Eli", "Marsh", "1980-01-01", "eli@example.com", "", "no"],
        ["Eli", "Marsh", "1981-01-01", "", "", "no"],  # another person: a different birth date
    ]
    result = import_clients(vault, csv_data(rows))
    assert [(d.line, d.existing) for d in result.plan.duplicates] == [
        (2, f"client #{existing}"),
        (4, "line 3"),
    ]
    assert len(result.created_ids) == 2 and counts(vault)[0] == 3


def test_a_saved_mapping_reads_another_layout(vault: Vault, tmp_path: Path) -> None:
    header = ["Client First", "Client Last", "DOB (US)", "Mobile"]
    data = csv_data([["Ana", "Ruiz", "03/04/1990", "=1+1"]], header)
    mapping = Mapping(
        "Example vendor",
        {
            "first_name": "Client First",
            "last_name": "Client Last",
            "date_of_birth": "DOB (US)",
            "phone": "Mobile",
        },
        "MM/DD/YYYY",
    )
    path = tmp_path / "vendor.json"
    save_mapping(mapping, path)
    assert json.loads(path.read_text(encoding="utf-8"))["columns"]["phone"] == "Mobile"
    result = import_clients(vault, data, load_mapping(path))
    record = ClientService(vault).get(result.created_ids[0], audit_view=False)
    assert record.data.date_of_birth == date(1990, 3, 4) and record.data.phone == "=1+1"


def test_headers_without_a_first_name_column_are_refused(vault: Vault) -> None:
    with pytest.raises(UserInputError, match="First name"):
        import_clients(vault, csv_data([["x"]], ["Surname"]))
    with pytest.raises(UserInputError, match="no column named"):
        import_clients(vault, csv_data([["a", "b"]], ["First name", "Last"]), generic_mapping())
    with pytest.raises(UserInputError, match="no header row"):
        import_clients(vault, b"")
    assert counts(vault)[0] == 0


def test_the_template_matches_the_generic_mapping(vault: Vault) -> None:
    header = template_path().read_text(encoding="utf-8").strip().split(",")
    assert header == list(FIELD_LABELS.values())
    assert generic_mapping().columns == FIELD_LABELS
    row = dict.fromkeys(header, "") | {"First name": "Zoë", "Last name": "Nguyễn"}
    result = import_clients(vault, csv_data([list(row.values())], header), generic_mapping())
    assert len(result.created_ids) == 1


def test_cli_template_dry_run_and_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text("a good long passphrase\n", encoding="utf-8")
    common = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(secret)]
    assert run(["init", *common]) == EXIT_OK
    template = tmp_path / "template.csv"
    assert run(["import", "template", str(template), *common]) == EXIT_OK
    with template.open("a", encoding="utf-8") as handle:
        handle.write("Zoë,Nguyễn,,,,,,,,,,yes,no,,,,,,,\nNo,Date,,1990-99-01,,,,,,,,,,,,,,,,\n")
    capsys.readouterr()
    saved = tmp_path / "mine.json"
    args = ["import", "clients", str(template), *common]
    assert run([*args, "--dry-run", "--save-mapping", str(saved)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "1 client(s) would be imported; 1 row(s) with errors" in out and "Line 3:" in out
    assert run([*args, "--mapping", str(saved)]) == EXIT_OK
    assert "1 client(s) imported" in capsys.readouterr().out


def test_permission_columns_read_yes_as_allowed_no_as_not_asked_and_declined(vault: Vault) -> None:
    header = ["First name", "Last name", "Voicemail OK", "Text OK", "Email OK"]
    data = csv_data([["Ana", "Ruiz", "yes", "no", "Declined"]], header)
    result = import_clients(vault, data)
    contact = ClientService(vault).get(result.created_ids[0], audit_view=False).data.contact
    assert contact.voicemail == ContactPermission(ContactStatus.ALLOWED, None)
    assert contact.text == ContactPermission(ContactStatus.NOT_ASKED, None)
    assert contact.email == ContactPermission(ContactStatus.DECLINED, None)
