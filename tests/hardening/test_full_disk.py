"""A full disk during a write, a backup and an export: a plain error, and nothing lost.

Two ways to fill the disk, both real:

- ``tmpfs``: a 4 MiB tmpfs mounted for the test (needs root; skipped with the reason when
  the mount is refused), topped up with a ballast file so that the next write runs out
  of space (ENOSPC);
- ``rlimit``: a forked child lowers its RLIMIT_FSIZE and ignores SIGXFSZ, so any write
  past the limit fails with EFBIG. This works for any user.

The operation runs in a forked child that reports each commit and the error it got; the
parent then frees the space and checks that the vault verifies, holds every reported row
and takes new writes.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import ConfideError, DiskFullError
from desktop.reports.output import write_report
from desktop.services.clients.notes import NoteService
from desktop.storage import backup
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.hardening.children import Job, Report, fork_worker
from tests.hardening.conftest import Tally
from tests.hardening.records import build_vault, file_bytes, large_report, open_verified

TMPFS_BYTES = 4 * 1024 * 1024
BIG_NOTE = "Session text that fills the disk. " * 600  # ~20 KB per note
DRIVER_WORDS = ("sqlite", "sqlcipher", "operationalerror", "errno", "insert", "select")


@dataclass(frozen=True)
class SmallDisk:
    """A folder where the disk runs out; ``limit`` is the child's RLIMIT_FSIZE or None."""

    kind: str
    folder: Path
    limit: int | None

    def fill(self, leave: int) -> None:
        """Leave only ``leave`` bytes free on a tmpfs (the rlimit needs no ballast)."""
        if self.kind == "tmpfs":
            stats = os.statvfs(self.folder)
            free = stats.f_bavail * stats.f_frsize
            (self.folder / "ballast").write_bytes(b"\0" * max(free - leave, 0))

    def free(self) -> None:
        (self.folder / "ballast").unlink(missing_ok=True)

    def apply_in_child(self) -> None:
        if self.limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (self.limit, resource.RLIM_INFINITY))


def _mount_tmpfs(folder: Path) -> bool:
    folder.mkdir()
    if os.geteuid() != 0:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_BYTES},mode=0700", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@pytest.fixture(params=["tmpfs", "rlimit"])
def small_disk(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SmallDisk]:
    folder = tmp_path / "small"
    if request.param == "rlimit":
        folder.mkdir()
        yield SmallDisk("rlimit", folder, limit=None)
        return
    if not _mount_tmpfs(folder):
        pytest.skip("mounting a tmpfs needs root here; the rlimit variant covers this case")
    try:
        yield SmallDisk("tmpfs", folder, limit=None)
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _with_limit(disk: SmallDisk, limit: int) -> SmallDisk:
    return SmallDisk(disk.kind, disk.folder, limit if disk.kind == "rlimit" else None)


def _error_line(exc: BaseException) -> str:
    return f"error\t{type(exc).__name__}\t{exc}"


def _assert_plain_disk_error(lines: list[str]) -> str:
    errors = [line for line in lines if line.startswith("error\t")]
    assert errors, f"no error was raised: {lines[-3:]}"
    _, name, message = errors[0].split("\t", 2)
    assert name == DiskFullError.__name__, f"{name}: {message}"
    assert not any(word in message.lower() for word in DRIVER_WORDS), message
    assert "disk" in message.lower()
    return message


# ----- a write ---------------------------------------------------------------------------------


def _write_until_full(folder: Path, disk: SmallDisk) -> Job:
    def job(report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        client_id = 1
        disk.fill(leave=400 * 1024)
        disk.apply_in_child()
        notes = NoteService(vault)
        try:
            for index in range(200):
                report(f"done\t{notes.add(client_id, date(2026, 1, 8), f'{index} {BIG_NOTE}')}")
        except ConfideError as exc:
            report(_error_line(exc))
        report(f"readable\t{len(notes.for_client(client_id))}")  # reading still works
        try:
            vault.lock()
            report("locked")
        except ConfideError as exc:
            report(f"lock-{_error_line(exc)}")

    return job


def test_full_disk_during_writes(small_disk: SmallDisk, tally: Tally) -> None:
    folder = small_disk.folder / "vault"
    expected = build_vault(folder)
    size = sum(p.stat().st_size for p in folder.iterdir())
    disk = _with_limit(small_disk, size + 600 * 1024)
    worker = fork_worker(_write_until_full(folder, disk))
    assert worker.finish() == 0, worker.seen[-3:]
    _assert_plain_disk_error(worker.seen)
    assert worker.seen[-1] == "locked" or worker.seen[-1].startswith("lock-error\tDiskFullError")
    committed = [int(line.split("\t")[1]) for line in worker.seen if line.startswith("done")]
    assert committed, "the disk filled before the first note; make the ballast smaller"
    small_disk.free()
    stored = open_verified(folder)
    assert expected.missing_from(stored) == 0
    assert set(committed) <= set(stored.notes)
    with Vault.open(folder, PASSPHRASE) as vault:  # and it takes new writes again
        NoteService(vault).add(1, date(2026, 1, 9), "after the disk was freed")
    tally.add(f"full_disk.write.{small_disk.kind}")
    tally.add("full_disk.rows_checked", expected.total() + len(committed))


# ----- a backup --------------------------------------------------------------------------------


def _backup_into(folder: Path, destination: Path, disk: SmallDisk) -> Job:
    def job(report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        disk.fill(leave=64 * 1024)
        disk.apply_in_child()
        try:
            backup.create_backup(vault, destination)
            report("written")
        except ConfideError as exc:
            report(_error_line(exc))
        vault.lock()

    return job


def test_full_disk_during_backup(small_disk: SmallDisk, tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    expected = build_vault(folder)
    destination = small_disk.folder / "backups" / "b.confide-backup"
    destination.parent.mkdir()
    size = (folder / "confide.db").stat().st_size
    disk = _with_limit(small_disk, size // 2)
    before = file_bytes(small_disk.folder)
    worker = fork_worker(_backup_into(folder, destination, disk))
    assert worker.finish() == 0, worker.seen[-3:]
    _assert_plain_disk_error(worker.seen)
    small_disk.free()
    assert file_bytes(small_disk.folder) == before  # no partial bundle, no temp file
    assert open_verified(folder) == expected
    tally.add(f"full_disk.backup.{small_disk.kind}")


# ----- an export -------------------------------------------------------------------------------


def _export_into(destination: Path, pdf: bytes, disk: SmallDisk) -> Job:
    def job(report: Report) -> None:
        disk.fill(leave=len(pdf) // 3)
        disk.apply_in_child()
        try:
            write_report(destination, pdf)
            report("written")
        except ConfideError as exc:
            report(_error_line(exc))

    return job


def test_full_disk_during_export(small_disk: SmallDisk, tally: Tally) -> None:
    pdf = large_report().render().pdf
    destination = small_disk.folder / "incident.pdf"
    destination.write_bytes(b"the previous export")
    disk = _with_limit(small_disk, len(pdf) // 2)
    worker = fork_worker(_export_into(destination, pdf, disk))
    assert worker.finish() == 0, worker.seen[-3:]
    _assert_plain_disk_error(worker.seen)
    small_disk.free()
    assert [p.name for p in small_disk.folder.iterdir()] == ["incident.pdf"]
    assert destination.read_bytes() == b"the previous export"  # the old file is intact
    tally.add(f"full_disk.export.{small_disk.kind}")


# ----- opening on a disk that is already full --------------------------------------------------


def _open_when_full(folder: Path, disk: SmallDisk) -> Job:
    def job(report: Report) -> None:
        disk.fill(leave=0)
        disk.apply_in_child()
        try:
            vault = Vault.open(folder, PASSPHRASE)
        except ConfideError as exc:
            report(_error_line(exc))
            return
        report(f"opened\t{len(NoteService(vault).for_client(1))}")
        with contextlib.suppress(DiskFullError):
            vault.lock()

    return job


def test_opening_on_a_full_disk(small_disk: SmallDisk, tally: Tally) -> None:
    """Unlocking writes an audit event: on a full disk it is refused plainly, or it opens."""
    folder = small_disk.folder / "vault"
    expected = build_vault(folder)
    before = file_bytes(folder)
    disk = _with_limit(small_disk, max(p.stat().st_size for p in folder.iterdir()))
    worker = fork_worker(_open_when_full(folder, disk))
    assert worker.finish() == 0, worker.seen[-3:]
    if not worker.seen[-1].startswith("opened"):
        _assert_plain_disk_error(worker.seen)
        after = file_bytes(folder)
        assert after.pop("confide.db-wal", b"") == b""  # SQLite may leave an empty WAL
        after.pop("confide.db-shm", None)  # and a (re-creatable) shared-memory index
        assert after == before
    small_disk.free()
    assert open_verified(folder) == expected
    tally.add(f"full_disk.open.{small_disk.kind}")
    tally.add(f"full_disk.open_outcome.{worker.seen[-1].split()[0]}")
