"""SIGKILL at random points of a stream of real writes: the vault always reopens sound.

A forked child opens the vault and writes without pause through the services: new clients,
notes, note edits, disclosures, and now and then a lock and unlock (which rewrites the
header). It reports each write after its commit returned. The parent lets it run for a
random number of commits plus a random few milliseconds, kills it with SIGKILL, then opens
the vault, runs ``verify_vault`` (SQLite integrity_check and the audit chain with its sealed
head) and compares every reported row with what is stored.
"""

from __future__ import annotations

import random
import signal
import time
from dataclasses import dataclass, field
from datetime import date
from itertools import count
from pathlib import Path

import pytest

from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.storage.header import HEADER_COPY_NAME, HEADER_NAME
from desktop.storage.lock import LOCK_NAME
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.conftest import PASSPHRASE
from tests.hardening.children import Job, Report, fork_worker
from tests.hardening.conftest import Tally
from tests.hardening.records import Rows, build_vault, open_verified
from tests.hardening.records import disclosure_input as make_disclosure

VAULT_FILES = {"confide.db", "confide.db-wal", "confide.db-shm", HEADER_NAME, HEADER_COPY_NAME}
FAST_KILLS = 5
SLOW_KILLS = 50


def _write_forever(folder: Path, seed: int, client_id: int) -> Job:
    """The child's loop; every line is ``begin`` or ``done``, kind, id and content."""

    def job(report: Report) -> None:
        rng = random.Random(seed)
        vault = Vault.open(folder, PASSPHRASE)
        note_ids: list[int] = []
        for step in count():
            roll = rng.random()
            tag = f"s{seed}-{step}"
            if roll < 0.35 or not note_ids:
                body = f"note {tag}"
                report(f"begin\tnote\t-\t{body}")
                note_ids.append(NoteService(vault).add(client_id, date(2026, 1, 7), body))
                report(f"done\tnote\t{note_ids[-1]}\t{body}")
            elif roll < 0.55:
                note_id, body = rng.choice(note_ids), f"edited {tag}"
                report(f"begin\tnote\t{note_id}\t{body}")
                NoteService(vault).update(note_id, body)
                report(f"done\tnote\t{note_id}\t{body}")
            elif roll < 0.75:
                report(f"begin\tclient\t-\tCrash {tag}")
                new_id = ClientService(vault).create(ClientInput("Crash", tag))
                report(f"done\tclient\t{new_id}\tCrash {tag}")
            elif roll < 0.96:
                recipient = f"Recipient {tag}"
                report(f"begin\tdisclosure\t-\t{recipient}")
                with vault.session() as session:
                    new_id = add_disclosure(
                        session, vault.actor, make_disclosure(client_id, recipient)
                    )
                report(f"done\tdisclosure\t{new_id}\t{recipient}")
            else:
                report("begin\trelock\t-\t-")
                vault.lock()
                vault = Vault.open(folder, PASSPHRASE)
                report("done\trelock\t-\t-")

    return job


@dataclass
class Ledger:
    """What the parent knows was committed, and the write that was in flight at the kill."""

    expected: Rows
    pending: tuple[str, str, str] | None = None
    confirmed: int = 0
    phases: list[str] = field(default_factory=list)

    def apply(self, line: str) -> None:
        state, kind, row_id, content = line.split("\t")
        if state == "begin":
            self.pending = (kind, row_id, content)
            return
        self.pending = None
        self.confirmed += 1
        tables = {
            "note": self.expected.notes,
            "client": self.expected.clients,
            "disclosure": self.expected.disclosures,
        }
        table = tables.get(kind)  # a relock adds no row
        if table is not None:
            table[int(row_id)] = content

    def accept_in_flight_edit(self, stored: Rows) -> None:
        """An edit that committed just before the kill but was not yet reported is fine."""
        if self.pending is None or self.pending[0] != "note" or self.pending[1] == "-":
            return
        note_id, body = int(self.pending[1]), self.pending[2]
        if stored.notes.get(note_id) == body:
            self.expected.notes[note_id] = body


def _kill_once(folder: Path, ledger: Ledger, rng: random.Random, client_id: int) -> None:
    worker = fork_worker(_write_forever(folder, rng.randrange(1 << 30), client_id))
    wanted = rng.randint(1, 15)
    seen = 0
    while seen < wanted:
        line = worker.next_line()
        assert line is not None, f"the writer died on its own: {worker.seen[-3:]}"
        ledger.apply(line)
        seen += line.startswith("done")
    time.sleep(rng.uniform(0, 0.004))
    for line in worker.kill():  # commits reported in the last moments count too
        ledger.apply(line)
    assert worker.status == -signal.SIGKILL, f"the writer ended on its own: {worker.seen[-3:]}"
    ledger.phases.append(ledger.pending[0] if ledger.pending else "between writes")


def run_kills(folder: Path, kills: int, seed: int, tally: Tally) -> Ledger:
    expected = build_vault(folder)
    client_id = next(iter(expected.clients))
    ledger = Ledger(expected)
    rng = random.Random(seed)
    for _ in range(kills):
        _kill_once(folder, ledger, rng, client_id)
        stored = open_verified(folder)
        ledger.accept_in_flight_edit(stored)
        lost = ledger.expected.missing_from(stored)
        tally.add("crash.write_loop.kills")
        tally.add("crash.rows_checked", ledger.expected.total())
        tally.add("crash.rows_lost", lost)
        assert lost == 0, f"{lost} committed row(s) lost after a kill during {ledger.phases[-1]}"
        stray = {p.name for p in folder.iterdir()} - VAULT_FILES - {LOCK_NAME}
        tally.add("crash.write_loop.stray_files", len(stray))
        assert not stray, f"files left behind after a kill during {ledger.phases[-1]}: {stray}"
    return ledger


def test_a_few_kills_during_writes_lose_nothing(tmp_path: Path, tally: Tally) -> None:
    ledger = run_kills(tmp_path / "vault", FAST_KILLS, seed=8, tally=tally)
    assert ledger.confirmed >= FAST_KILLS


@pytest.mark.slow
def test_fifty_kills_during_writes_lose_nothing(tmp_path: Path, tally: Tally) -> None:
    ledger = run_kills(tmp_path / "vault", SLOW_KILLS, seed=2026, tally=tally)
    assert ledger.confirmed >= SLOW_KILLS
    # the kills landed in different kinds of work, not all in one place
    assert len(set(ledger.phases)) >= 3, ledger.phases
