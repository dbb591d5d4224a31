"""Bad input on the command line: a plain message and exit code 1 or 2, never a traceback.

Commands run in-process through ``desktop.cli.run``. A refused command must leave the vault
byte for byte as it was, and must not repeat a passphrase or client text it was given.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, run
from desktop.services.clients.service import ClientService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import HOSTILE, documented, file_bytes, fresh_copy, open_verified

SECRET_WORD = "Xiomara Thistlewood"  # a wrong passphrase that must never be echoed


@dataclass(frozen=True)
class Setup:
    base: Path
    vault: Path
    passphrase_file: Path

    def files(self, name: str, content: bytes) -> str:
        path = self.base / name
        path.write_bytes(content)
        return str(path)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "vault"
    Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    return folder


@pytest.fixture
def setup(pristine: Path, tmp_path: Path) -> Setup:
    fresh_copy(pristine, tmp_path / "vault")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    return Setup(tmp_path, tmp_path / "vault", secret)


def _vault_args(s: Setup, passphrase_file: str | None = None) -> list[str]:
    return ["--vault", str(s.vault), "--passphrase-file", passphrase_file or str(s.passphrase_file)]


CASES: dict[str, tuple[object, int, str]] = {
    # name: (argv builder, exit code, a phrase the message must contain)
    "passphrase-file-not-utf8": (
        lambda s: ["verify", *_vault_args(s, s.files("p", b"\xff\xfe\x00bad\n"))],
        EXIT_USAGE,
        "could not be read",
    ),
    "passphrase-file-endless": (
        lambda s: ["verify", *_vault_args(s, "/dev/zero")],
        EXIT_USAGE,
        "too long",
    ),
    "passphrase-file-one-megabyte": (
        lambda s: ["verify", *_vault_args(s, s.files("p", b"x" * 1_048_576))],
        EXIT_USAGE,
        "too long",
    ),
    "passphrase-file-empty": (
        lambda s: ["verify", *_vault_args(s, s.files("p", b""))],
        EXIT_USAGE,
        "is empty",
    ),
    "passphrase-file-missing": (
        lambda s: ["verify", *_vault_args(s, str(s.base / "nope"))],
        EXIT_USAGE,
        "nope does not exist",
    ),
    "wrong-passphrase-with-client-words": (
        lambda s: ["verify", *_vault_args(s, s.files("p", SECRET_WORD.encode()))],
        EXIT_FAILED,
        "passphrase is not correct",
    ),
    "vault-is-a-file": (
        lambda s: ["verify", "--vault", str(s.base / "a-file"), "--passphrase-file", "x"],
        EXIT_USAGE,
        "file x does not exist",
    ),
    "vault-is-a-file-with-passphrase": (
        lambda s: ["list", "clients", *_vault_args(s)[2:], "--vault", str(s.base / "a-file")],
        EXIT_FAILED,
        "is a file, not a folder",
    ),
    "vault-missing": (
        lambda s: ["list", "clients", "--vault", str(s.base / "none"), *_vault_args(s)[2:]],
        EXIT_FAILED,
        "does not exist",
    ),
    "backup-into-a-file": (
        lambda s: ["backup", *_vault_args(s), "--out", str(s.base / "a-file" / "b.bk")],
        EXIT_FAILED,
        "A file is in the way",
    ),
    "backup-onto-a-folder": (
        lambda s: ["backup", *_vault_args(s), "--out", str(s.base)],
        EXIT_FAILED,
        "could not be written",
    ),
    "restore-a-text-file": (
        lambda s: ["restore", *_vault_args(s), str(s.base / "a-file")],
        EXIT_FAILED,
        "damaged or incomplete",
    ),
    "restore-nothing": (
        lambda s: ["restore", *_vault_args(s), str(s.base / "none.confide-backup")],
        EXIT_FAILED,
        "was not found",
    ),
    "report-huge-id": (
        lambda s: ["report", "incident", str(2**70), "--out", "r.pdf", *_vault_args(s)],
        EXIT_USAGE,
        "no record has that number",
    ),
    "report-negative-id": (
        lambda s: ["report", "consent", "-5", "--out", "r.pdf", *_vault_args(s)],
        EXIT_USAGE,
        "",
    ),
    "report-word-id": (
        lambda s: ["report", "consent", "twelve", "--out", "r.pdf", *_vault_args(s)],
        EXIT_USAGE,
        "record number",
    ),
    "report-impossible-since": (
        lambda s: [
            "report", "disclosures", "1", "--since", "2026-13-45",
            "--out", str(s.base / "r.pdf"), *_vault_args(s),
        ],
        EXIT_FAILED,
        "YYYY-MM-DD",
    ),
    "init-unknown-jurisdiction": (
        lambda s: [
            "init", "--vault", str(s.base / "new"), "--passphrase-file", str(s.passphrase_file),
            "--name", "Dr. Who", "--jurisdiction", "XX",
        ],
        EXIT_FAILED,
        "US state",
    ),
    "init-over-a-vault": (
        lambda s: ["init", *_vault_args(s)],
        EXIT_FAILED,
        "already exists",
    ),
    "unknown-command": (lambda s: ["obliterate", *_vault_args(s)], EXIT_USAGE, ""),
}  # fmt: skip


OPEN_THE_VAULT = {"backup-into-a-file", "backup-onto-a-folder", "report-impossible-since"}


@pytest.mark.parametrize("kind", list(CASES))
def test_cli_refuses_plainly(
    kind: str, setup: Setup, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    build, code, phrase = CASES[kind]
    rows_before = open_verified(setup.vault) if kind in OPEN_THE_VAULT else None
    before = file_bytes(setup.vault)
    assert run(build(setup)) == code  # type: ignore[operator]
    err = capsys.readouterr().err
    assert phrase in err
    assert "Traceback" not in err and "Error:" not in err.replace("error:", "")
    assert SECRET_WORD not in err and PASSPHRASE not in err
    if kind in OPEN_THE_VAULT:  # unlocking and locking are audited: compare the records
        assert open_verified(setup.vault) == rows_before
    else:
        assert file_bytes(setup.vault) == before, "a refused command changed the vault"
    assert not (setup.base / "new").exists(), "a refused init left a vault behind"
    tally.add("bad_input.cli_cases")
    tally.add("bad_input.cases")
    tally.add("bad_input.refused")


@pytest.mark.parametrize("text_kind", [k for k in HOSTILE if k not in ("empty", "blank")])
def test_cli_lists_names_back_exactly(
    text_kind: str, setup: Setup, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    text = HOSTILE[text_kind][:200]
    with Vault.open(setup.vault, PASSPHRASE) as vault:
        ClientService(vault).create(ClientInput(text, "Lee"))
    assert run(["list", "clients", "--json", *_vault_args(setup)]) == EXIT_OK
    rows = json.loads(capsys.readouterr().out)
    assert [row["name"] for row in rows] == [f"{documented(text).strip()} Lee"]
    tally.add("bad_input.cli_cases")
    tally.add("bad_input.cases")
    tally.add("bad_input.stored_exactly")
