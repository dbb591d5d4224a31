"""SIGKILL in the middle of a backup, a restore, a passphrase change and a PDF export.

Each operation first runs once in a child that counts its file-system boundaries
(``os.replace``/``rename``/``fsync``/``unlink``). Then, for each crash point, a fresh copy of
the same vault is made and a child runs the operation and SIGKILLs itself just before that
boundary. Random-time kills (the parent kills after a random delay) cover the work between
boundaries: the SQLCipher snapshot, Argon2, PDF rendering. After each kill:

- the vault opens, passes ``verify_vault`` and holds the rows it held before (or, for a
  restore, exactly the backup's rows: never a mix);
- the destination holds nothing or a complete, valid file (never a half-written one);
- no temp file is left once the next operation of the same kind (or the next open) has run.
"""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.errors import WrongPassphraseError
from desktop.reports.output import write_report
from desktop.restore import restore_backup
from desktop.services.clients.notes import NoteService
from desktop.storage import backup
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.hardening.children import (
    BoundaryCounter,
    Report,
    armed,
    count_boundaries,
    die_at_boundary,
    fork_worker,
)
from tests.hardening.conftest import Tally
from tests.hardening.records import (
    Rows,
    build_vault,
    fresh_copy,
    large_report,
    open_verified,
    stored_rows,
)

NEW_PASSPHRASE = "a different passphrase, changed mid-crash"
REPORT_PASSWORD = "counsel-only password"
FAST_POINTS = 3  # per operation in the normal suite; the slow run tries every boundary
BOUNDARY_JOB = Callable[[BoundaryCounter, Report], None]


@dataclass(frozen=True)
class Pristine:
    """A locked vault with the PHI rows plus later rows, and a backup taken before them."""

    folder: Path
    rows: Rows
    bundle: Path
    bundle_rows: Rows


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    base = tmp_path_factory.mktemp("pristine")
    folder = base / "vault"
    build_vault(folder)
    bundle = base / "bundles" / "before.confide-backup"
    with Vault.open(folder, PASSPHRASE) as vault:
        bundle_rows = stored_rows(vault)
        backup.create_backup(vault, bundle)
        client_id = next(iter(bundle_rows.clients))
        NoteService(vault).add(client_id, date(2026, 1, 9), "written after the backup")
        rows = stored_rows(vault)
    return Pristine(folder, rows, bundle, bundle_rows)


def _points(total: int, slow: bool) -> list[int]:
    """Every boundary (slow) or a few spread over the operation (fast)."""
    if slow or total <= FAST_POINTS:
        return list(range(1, total + 1))
    return sorted({1, (total + 1) // 2, total})


def _leftovers(folder: Path, keep: set[str]) -> set[str]:
    return {p.name for p in folder.iterdir()} - keep if folder.exists() else set()


def _age(folder: Path, names: set[str]) -> None:
    """Make crash leftovers look old, as they are by the time anyone runs the next operation."""
    past = time.time() - 3600
    for name in names:
        os.utime(folder / name, (past, past))


# ----- backup ----------------------------------------------------------------------------------


def _backup_job(folder: Path, destination: Path) -> BOUNDARY_JOB:
    def job(counter: BoundaryCounter, report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        with armed(counter):
            backup.create_backup(vault, destination)
        report("backed up")
        vault.lock()

    return job


def _check_backup_destination(destination: Path, vault_id: str) -> None:
    if destination.exists():  # complete and checkable, or not there at all
        assert backup.read_bundle(destination).manifest.vault_id == vault_id


def _backup_points(pristine: Pristine, tmp_path: Path, tally: Tally, slow: bool) -> None:
    probe = fresh_copy(pristine.folder, tmp_path / "probe")
    total = count_boundaries(_backup_job(probe, tmp_path / "probe-out" / "b.confide-backup"))
    vault_id = backup.read_bundle(pristine.bundle).manifest.vault_id
    for point in _points(total, slow):
        folder = fresh_copy(pristine.folder, tmp_path / "vault")
        out = tmp_path / f"out-{point}"
        destination = out / "b.confide-backup"
        die_at_boundary(_backup_job(folder, destination), point)
        assert open_verified(folder) == pristine.rows
        _check_backup_destination(destination, vault_id)
        stranded = _leftovers(out, {destination.name})
        tally.add("crash.backup.points")
        tally.add("crash.backup.stranded_then_cleaned", len(stranded))
        _age(out, stranded)
        with Vault.open(folder, PASSPHRASE) as vault:
            backup.create_backup(vault, destination)
        assert _leftovers(out, {destination.name}) == set(), f"point {point}: {stranded}"


def test_kill_during_backup_fast(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    _backup_points(pristine, tmp_path, tally, slow=False)


@pytest.mark.slow
def test_kill_at_every_backup_boundary(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    _backup_points(pristine, tmp_path, tally, slow=True)


# ----- restore ---------------------------------------------------------------------------------


def _restore_job(bundle: Path, folder: Path) -> BOUNDARY_JOB:
    def job(counter: BoundaryCounter, report: Report) -> None:
        with armed(counter):
            restore_backup(bundle, folder, PASSPHRASE)
        report("restored")

    return job


def _restore_points(pristine: Pristine, tmp_path: Path, tally: Tally, slow: bool) -> None:
    probe = fresh_copy(pristine.folder, tmp_path / "probe")
    total = count_boundaries(_restore_job(pristine.bundle, probe))
    points = _points(total, slow)
    for point in points:
        folder = fresh_copy(pristine.folder, tmp_path / "vault")
        die_at_boundary(_restore_job(pristine.bundle, folder), point)
        stored = open_verified(folder)
        assert stored in (pristine.rows, pristine.bundle_rows), f"a mix at point {point}"
        assert not [p for p in folder.iterdir() if p.name.startswith(".restore-")]
        tally.add("crash.restore.points")
        tally.add("crash.rows_checked", pristine.rows.total())
        restore_backup(pristine.bundle, folder, PASSPHRASE)  # trying again works
        if point in (points[0], points[-1]) or point % 5 == 0:  # (each check costs Argon2)
            assert open_verified(folder) == pristine.bundle_rows


def test_kill_during_restore_fast(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    _restore_points(pristine, tmp_path, tally, slow=False)


@pytest.mark.slow
def test_kill_at_every_restore_boundary(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    _restore_points(pristine, tmp_path, tally, slow=True)


# ----- passphrase change -----------------------------------------------------------------------


def _passwd_job(folder: Path) -> BOUNDARY_JOB:
    def job(counter: BoundaryCounter, report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        with armed(counter):
            vault.set_new_passphrase(NEW_PASSPHRASE)
            vault.lock()
        report("changed")

    return job


def _open_with_either(folder: Path) -> tuple[str, Rows]:
    """The vault must open with the old or the new passphrase, and verify."""
    try:
        return "old", open_verified(folder, PASSPHRASE)
    except WrongPassphraseError:
        return "new", open_verified(folder, NEW_PASSPHRASE)


def _passwd_points(pristine: Pristine, tmp_path: Path, tally: Tally, slow: bool) -> None:
    total = count_boundaries(_passwd_job(fresh_copy(pristine.folder, tmp_path / "probe")))
    outcomes = set()
    for point in _points(total, slow):
        folder = fresh_copy(pristine.folder, tmp_path / "vault")
        die_at_boundary(_passwd_job(folder), point)
        which, stored = _open_with_either(folder)
        outcomes.add(which)
        assert stored == pristine.rows
        header, copy = (folder / "vault.json").read_bytes(), (folder / "vault.header-copy.json")
        assert header == copy.read_bytes(), "the two header copies disagree after reopening"
        assert _leftovers(folder, set()) <= {
            "confide.db",
            "confide.db-wal",
            "confide.db-shm",
            "vault.json",
            "vault.header-copy.json",
            ".confide.lock",
        }
        tally.add("crash.passphrase.points")
        tally.add("crash.rows_checked", pristine.rows.total())
    if slow:
        assert outcomes == {"old", "new"}, "the kills should land before and after the switch"


def test_kill_during_passphrase_change_fast(
    pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    _passwd_points(pristine, tmp_path, tally, slow=False)


@pytest.mark.slow
def test_kill_at_every_passphrase_change_boundary(
    pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    _passwd_points(pristine, tmp_path, tally, slow=True)


# ----- key rotation (re-encryption under a new data key) ---------------------------------------


def _rotate_job(folder: Path) -> BOUNDARY_JOB:
    def job(counter: BoundaryCounter, report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        with armed(counter):
            vault.rotate_keys(PASSPHRASE)
            vault.lock()
        report("rotated")

    return job


def _rotate_points(pristine: Pristine, tmp_path: Path, tally: Tally, slow: bool) -> None:
    total = count_boundaries(_rotate_job(fresh_copy(pristine.folder, tmp_path / "probe")))
    for point in _points(total, slow):
        folder = fresh_copy(pristine.folder, tmp_path / "vault")
        die_at_boundary(_rotate_job(folder), point)
        assert open_verified(folder) == pristine.rows  # old key or new: never neither
        header, copy = (folder / "vault.json").read_bytes(), (folder / "vault.header-copy.json")
        assert header == copy.read_bytes(), "the two header copies disagree after reopening"
        assert not {name for name in _leftovers(folder, set()) if name.startswith(".rotate-")}
        tally.add("crash.rotation.points")
        tally.add("crash.rows_checked", pristine.rows.total())


def test_kill_during_key_rotation_fast(pristine: Pristine, tmp_path: Path, tally: Tally) -> None:
    _rotate_points(pristine, tmp_path, tally, slow=False)


@pytest.mark.slow
def test_kill_at_every_key_rotation_boundary(
    pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    _rotate_points(pristine, tmp_path, tally, slow=True)


# ----- PDF export ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered_pdf() -> tuple[bytes, int]:
    rendered = large_report().render()
    assert rendered.page_count >= 20
    return rendered.pdf, rendered.page_count


def _export_job(destination: Path, pdf: bytes, password: str | None) -> BOUNDARY_JOB:
    def job(counter: BoundaryCounter, report: Report) -> None:
        with armed(counter):
            write_report(destination, pdf, password)
        report("written")

    return job


def _check_pdf(path: Path, pages: int, password: str | None) -> None:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    if password is not None:
        assert reader.is_encrypted and reader.decrypt(password)
    assert len(reader.pages) == pages


def _export_points(
    rendered: tuple[bytes, int], tmp_path: Path, tally: Tally, slow: bool, password: str | None
) -> None:
    pdf, pages = rendered
    total = count_boundaries(_export_job(tmp_path / "probe.pdf", pdf, password))
    for point in _points(total, slow):
        out = tmp_path / f"export-{point}"
        out.mkdir()
        destination = out / "incident.pdf"
        die_at_boundary(_export_job(destination, pdf, password), point)
        if destination.exists():
            _check_pdf(destination, pages, password)
        stranded = _leftovers(out, {destination.name})
        tally.add("crash.export.points")
        tally.add("crash.export.stranded_then_cleaned", len(stranded))
        _age(out, stranded)
        write_report(destination, pdf, password)  # the next export into that folder
        _check_pdf(destination, pages, password)
        assert _leftovers(out, {destination.name}) == set(), f"point {point}: {stranded}"


@pytest.mark.parametrize("password", [None, REPORT_PASSWORD], ids=["plain", "encrypted"])
def test_kill_during_export_fast(
    rendered_pdf: tuple[bytes, int], tmp_path: Path, tally: Tally, password: str | None
) -> None:
    _export_points(rendered_pdf, tmp_path, tally, slow=False, password=password)


@pytest.mark.slow
@pytest.mark.parametrize("password", [None, REPORT_PASSWORD], ids=["plain", "encrypted"])
def test_kill_at_every_export_boundary(
    rendered_pdf: tuple[bytes, int], tmp_path: Path, tally: Tally, password: str | None
) -> None:
    _export_points(rendered_pdf, tmp_path, tally, slow=True, password=password)


# ----- random-time kills -----------------------------------------------------------------------


def _backup_forever(folder: Path, destination: Path) -> Callable[[Report], None]:
    def job(report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        report("open")
        while True:
            backup.create_backup(vault, destination)
            report("backed up")

    return job


def _export_forever(destination: Path) -> Callable[[Report], None]:
    def job(report: Report) -> None:
        report("start")
        while True:
            write_report(destination, large_report().render().pdf)
            report("written")

    return job


@pytest.mark.slow
def test_random_time_kills_during_backups_and_exports(
    pristine: Pristine, tmp_path: Path, tally: Tally
) -> None:
    rng = random.Random(88)
    vault_id = backup.read_bundle(pristine.bundle).manifest.vault_id
    folder = fresh_copy(pristine.folder, tmp_path / "vault")
    for round_ in range(6):
        out = tmp_path / f"random-{round_}"
        destination = out / "b.confide-backup"
        worker = fork_worker(_backup_forever(folder, destination))
        assert worker.next_line() == "open"
        time.sleep(rng.uniform(0.0, 0.15))
        worker.kill()
        assert open_verified(folder) == pristine.rows
        _check_backup_destination(destination, vault_id)
        tally.add("crash.backup.random_kills")
    for round_ in range(4):
        out = tmp_path / f"pdf-{round_}"
        out.mkdir()
        worker = fork_worker(_export_forever(out / "r.pdf"))
        assert worker.next_line() == "start"
        time.sleep(rng.uniform(0.0, 1.0))
        worker.kill()
        if (out / "r.pdf").exists():
            assert len(PdfReader(out / "r.pdf").pages) >= 20
        tally.add("crash.export.random_kills")
