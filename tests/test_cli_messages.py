"""What the command line says: paths in errors, readable tables, quiet broken pipes, --help."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, build_parser, run
from desktop.cli_table import render_table, text_width
from desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from desktop.services.clients.service import ClientService
from desktop.settings import Settings, save_settings
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB

ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A demo vault (read-only in these tests) and the options that open it."""
    base = tmp_path_factory.mktemp("cli-demo")
    build_demo_vault(base / "vault")
    secret = base / "pass.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    return ["--vault", str(base / "vault"), "--passphrase-file", str(secret)]


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


def test_missing_passphrase_file_is_reported_as_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-file.txt"
    args = ["verify", "--vault", str(tmp_path), "--passphrase-file", str(missing)]
    assert run(args) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"The passphrase file {missing} does not exist." in err
    assert "UTF-8" not in err


def test_passphrase_file_that_is_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["verify", "--vault", str(tmp_path), "--passphrase-file", str(tmp_path)]) == 2
    assert f"{tmp_path} is a folder, not a file" in capsys.readouterr().err


def test_missing_vault_folder_is_named(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "nowhere"
    assert run(["verify", "--vault", str(folder), "--passphrase-file", str(pass_file)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err
    assert f"Vault folder: {folder}" in err


def test_restore_names_the_backup_file(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "gone.confide-backup"
    target = ["--vault", str(tmp_path / "v"), "--passphrase-file", str(pass_file)]
    assert run(["restore", str(bundle), *target]) == EXIT_FAILED
    assert f"Backup file: {bundle}" in capsys.readouterr().err


def test_the_remembered_vault_folder_is_the_default(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "chosen in the app"
    Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    save_settings(Settings(vault_folder=str(folder)))
    capsys.readouterr()
    assert run(["verify", "--passphrase-file", str(pass_file)]) == EXIT_OK
    assert run(["verify", "--vault", str(tmp_path / "x"), "--passphrase-file", str(pass_file)])
    assert f"Vault folder: {tmp_path / 'x'}" in capsys.readouterr().err


def test_vault_env_wins_over_the_remembered_folder(
    tmp_path: Path,
    pass_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_settings(Settings(vault_folder=str(tmp_path / "remembered")))
    monkeypatch.setenv("CONFIDE_VAULT", str(tmp_path / "from-env"))
    assert run(["verify", "--passphrase-file", str(pass_file)]) == EXIT_FAILED
    assert f"Vault folder: {tmp_path / 'from-env'}" in capsys.readouterr().err


@pytest.mark.parametrize("given", [["--name", "Dr. Ames"], ["--jurisdiction", "CA"]])
def test_init_refuses_half_a_profile(
    given: list[str], tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "v"
    assert run(["init", "--vault", str(folder), "--passphrase-file", str(pass_file), *given]) == 2
    assert "--name and --jurisdiction go together" in capsys.readouterr().err
    assert not folder.exists()


@pytest.mark.parametrize(
    ("kind", "out", "allowed"),
    [
        ("consent", "c.docx", ".pdf"),
        ("incident", "r.csv", ".pdf"),
        ("disclosures", "d.txt", ".pdf or .csv"),
        ("incident", "no-extension", ".pdf"),
    ],
)
def test_report_refuses_an_extension_that_does_not_match(
    kind: str, out: str, allowed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / out
    args = ["report", kind, "1", "--out", str(target), "--vault", str(tmp_path / "none")]
    assert run(args) == EXIT_USAGE
    assert f"written as {allowed}" in capsys.readouterr().err
    assert not target.exists()


@pytest.mark.parametrize("columns", [80, 120])
def test_list_table_is_for_people(
    columns: int,
    demo: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for what in ("clients", "incidents", "consents", "releases"):
        assert run(["list", what, *demo]) == EXIT_OK
        lines = capsys.readouterr().out.splitlines()
        assert all(text_width(line) <= columns for line in lines), what
        text = "\n".join(lines)
        assert not ISO_TIME.search(text), what
        for internal in ("True", "False", "None", "child_abuse", "informed-consent", "_"):
            assert internal not in text, (what, internal)
    assert run(["list", "incidents", *demo]) == EXIT_OK
    table = capsys.readouterr().out
    assert "Client" in table and "Eli Marsh" in table and "Child abuse" in table
    assert "overdue by 2 days" in table or columns < 100  # the demo's report is two days late


def test_list_json_keeps_iso_dates_and_ids(
    demo: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["list", "incidents", "--json", *demo]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert {"client_id", "type", "opened_at", "state", "current_step"} <= set(rows[0])
    assert ISO_TIME.match(rows[0]["opened_at"])
    assert rows[0]["type"] in {"child_abuse", "danger_to_others"}


def test_table_fits_by_cutting_text_columns_only() -> None:
    headers = ["No.", "Name", "Signed"]
    rows = [["1", "A very long name " * 5, "Nov 27, 2026"]]
    lines = render_table(headers, rows, limit=40, shrinks=[False, True, False])
    assert all(text_width(line) <= 40 for line in lines)
    assert lines[2].endswith("Nov 27, 2026") and "…" in lines[2]
    wide = render_table(["Name"], [["李小龙李小龙李小龙"]], limit=12)
    assert text_width(wide[2]) <= 12


def _help_of_every_option() -> list[tuple[str, argparse.Action]]:
    parser = build_parser()
    found = [("confide", a) for a in parser._actions]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend((name, a) for a in sub._actions)
    return found


def test_every_option_has_help() -> None:
    for command, action in _help_of_every_option():
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help and action.help != argparse.SUPPRESS, (command, action.dest)


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"], ["report", "--help"]])
def test_help_says_where_the_vault_and_passphrase_come_from(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(argv) == EXIT_OK
    out = " ".join(capsys.readouterr().out.split())
    for phrase in ("--passphrase-file", "$CONFIDE_VAULT", "remembers", "CONFIDE_PASSPHRASE_FILE"):
        assert phrase in out, phrase
    assert "Vault" in out  # the default folder, e.g. ~/.local/share/Confide/Vault


def _listing_process(vault_args: list[str], stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", "list", "clients", *vault_args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_closed_pipe_exits_quietly(tmp_path: Path, pass_file: Path) -> None:
    """``confide list clients | head -1``: exit 0 and nothing on stderr."""
    folder = tmp_path / "v"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        for index in range(40):
            ClientService(vault).create(ClientInput(f"Client{index}", "Example"))
    args = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the first line is written
    try:
        closed = _listing_process(args, writer)
    finally:
        os.close(writer)
    assert closed.returncode == 0 and closed.stderr == ""
    shell = subprocess.run(
        ["bash", "-c", 'set -o pipefail; "$@" | head -1', "bash", sys.executable, "-m",
         "desktop", "list", "clients", *args],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert shell.returncode == 0, shell.stderr
    assert shell.stdout.startswith("No.") and shell.stderr == ""
