"""A writer killed with SIGKILL loses nothing it committed and leaves a sound vault."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from sqlalchemy import func, select

from desktop.models import Note
from desktop.services.clients.service import ClientService
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE, TEST_KDF_KIB

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path
    from desktop.services.clients.notes import NoteService
    from desktop.storage.vault import Vault

    vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
    notes = NoteService(vault)
    for index in range(100000):
        notes.add(1, date(2026, 1, 1), f"committed note {index}")
        print(index + 1, flush=True)
    """
)


def run_writer_until(vault_dir: Path, commits: int) -> int:
    """Start a writer and SIGKILL it after ``commits`` confirmed commits; return that count."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(vault_dir), PASSPHRASE],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout is not None
    confirmed = 0
    for line in child.stdout:
        confirmed = int(line)
        if confirmed >= commits:
            break
    child.send_signal(signal.SIGKILL)
    child.wait()
    return confirmed


def test_sigkill_mid_write_loses_no_committed_row(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    ClientService(vault).create(ClientInput("Crash", "Test"))
    vault.lock()
    total = 0
    for commits in (5, 17, 40):
        total += run_writer_until(vault_dir, commits)
        with Vault.open(vault_dir, PASSPHRASE) as reopened:
            result = verify_vault(reopened)
            assert result.ok, result.summary
            with reopened.session() as session:
                stored = session.scalar(select(func.count()).select_from(Note))
            assert stored is not None and stored >= total
