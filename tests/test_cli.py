"""The ``confide`` command line, run in-process through ``desktop.cli.run``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run
from desktop.demo import DEMO_PASSPHRASE


@pytest.fixture
def pass_file(tmp_path: Path) -> Path:
    path = tmp_path / "pass.txt"
    path.write_text("a good long passphrase\n", encoding="utf-8")
    return path


@pytest.fixture
def cli_vault(tmp_path: Path, pass_file: Path) -> list[str]:
    folder = tmp_path / "vault"
    args = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    assert run(["init", *args, "--name", "Dr. Test", "--jurisdiction", "AZ"]) == EXIT_OK
    return args


def test_init_prints_the_recovery_key_once(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "v"
    assert run(["init", "--vault", str(folder), "--passphrase-file", str(pass_file)]) == EXIT_OK
    out = capsys.readouterr().out
    key_lines = [line.strip() for line in out.splitlines() if line.strip().count("-") == 7]
    assert len(key_lines) == 1 and len(key_lines[0]) == 39
    assert run(["init", "--vault", str(folder), "--passphrase-file", str(pass_file)]) == EXIT_FAILED
    assert "already exists" in capsys.readouterr().err


def test_verify_and_list(cli_vault: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["verify", *cli_vault]) == EXIT_OK
    assert "Audit log: OK" in capsys.readouterr().out
    assert run(["list", "clients", "--json", *cli_vault]) == EXIT_OK
    assert json.loads(capsys.readouterr().out) == []


def test_wrong_passphrase_exits_1_with_a_plain_message(
    cli_vault: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    args = [cli_vault[0], cli_vault[1], "--passphrase-file", str(wrong)]
    assert run(["verify", *args]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert "passphrase is not correct" in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(cli_vault: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["list", "everything", *cli_vault]) == EXIT_USAGE
    assert run(["nonsense"]) == EXIT_USAGE
    no_terminal = ["verify", "--vault", cli_vault[1]]
    assert run(no_terminal) == EXIT_USAGE  # stdin is not a terminal under pytest
    assert "--passphrase-file" in capsys.readouterr().err


def test_backup_restore_passwd(
    cli_vault: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "b.confide-backup"
    assert run(["backup", "--out", str(bundle), *cli_vault]) == EXIT_OK
    new_pass = tmp_path / "new.txt"
    new_pass.write_text("another fine passphrase\n", encoding="utf-8")
    assert run(["passwd", *cli_vault, "--new-passphrase-file", str(new_pass)]) == EXIT_OK
    assert run(["verify", *cli_vault]) == EXIT_FAILED  # the old passphrase no longer opens it
    restored = tmp_path / "restored"
    args = ["--vault", str(restored), "--passphrase-file", cli_vault[3]]
    assert run(["restore", str(bundle), *args]) == EXIT_OK
    assert run(["verify", *args]) == EXIT_OK


def test_recover_sets_a_new_passphrase(
    tmp_path: Path, pass_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "v"
    run(["init", "--vault", str(folder), "--passphrase-file", str(pass_file)])
    key = next(
        line.strip() for line in capsys.readouterr().out.splitlines() if line.count("-") == 7
    )
    key_file = tmp_path / "key.txt"
    key_file.write_text(key + "\n", encoding="utf-8")
    new_pass = tmp_path / "new.txt"
    new_pass.write_text("recovered passphrase ok\n", encoding="utf-8")
    recover = ["recover", "--vault", str(folder), "--recovery-key-file", str(key_file)]
    assert run([*recover, "--new-passphrase-file", str(new_pass)]) == EXIT_OK
    verify = ["verify", "--vault", str(folder), "--passphrase-file", str(new_pass)]
    assert run(verify) == EXIT_OK


def _confide(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_demo_then_list_and_verify_as_the_readme_says(tmp_path: Path) -> None:
    """The README's demo commands, run as real processes."""
    folder = tmp_path / "confide-demo"
    pass_file = tmp_path / "demo-passphrase"
    pass_file.write_text(f"{DEMO_PASSPHRASE}\n", encoding="utf-8")
    made = _confide("demo", "--vault", str(folder))
    assert made.returncode == 0, made.stderr
    opened = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    listed = _confide("list", "clients", "--json", *opened)
    assert listed.returncode == 0, listed.stderr
    clients = json.loads(listed.stdout)
    assert len(clients) >= 10
    assert any(c["name"] == "Zoë Nguyễn" for c in clients)
    verified = _confide("verify", *opened)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    for kind in ("incidents", "consents", "releases"):
        rows = _confide("list", kind, "--json", *opened)
        assert rows.returncode == 0, rows.stderr
        assert json.loads(rows.stdout), f"the demo has no {kind}"
