"""A vault already open in another process, and a vault on a read-only file system.

Read-only is tried two ways:
``remount``: the vault is made on a tmpfs, which is then remounted read-only (needs root
with mount rights; skipped with that reason elsewhere);
``permissions``: a child makes the vault, sets the folder to 0500 and the files to 0400,
then tries to use it. Run as root, the child first switches to ``nobody`` (root ignores file
modes), so the same code runs for root and for any other user.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.errors import ConfideError, VaultInUseError
from desktop.reports.output import write_report
from desktop.restore import restore_backup
from desktop.storage import backup
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE
from tests.hardening.children import Report, fork_worker
from tests.hardening.conftest import Tally
from tests.hardening.records import build_vault, file_bytes, open_verified

REPO = Path(__file__).resolve().parents[2]
NOBODY = 65534


def _hold_open(folder: Path) -> object:
    def job(report: Report) -> None:
        vault = Vault.open(folder, PASSPHRASE)
        report(f"open {vault.vault_id}")
        time.sleep(120)  # until the parent kills it

    return job


def test_a_second_opener_is_refused_and_changes_nothing(tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    expected = build_vault(folder)
    holder = fork_worker(_hold_open(folder))  # type: ignore[arg-type]
    try:
        assert (holder.next_line() or "").startswith("open")
        before = file_bytes(folder)
        with pytest.raises(VaultInUseError) as caught:
            Vault.open(folder, PASSPHRASE)
        assert "already open in another Confide" in caught.value.message
        with pytest.raises(VaultInUseError):
            Vault.open(folder, "a wrong passphrase, too")
        bundle = tmp_path / "b.confide-backup"
        _bundle_of_another_copy(folder, tmp_path, bundle)
        with pytest.raises(VaultInUseError):
            restore_backup(bundle, folder, PASSPHRASE)
        cli = _cli(["verify", "--vault", str(folder)], tmp_path)
        assert cli.returncode == 1 and "already open" in cli.stderr
        assert "Traceback" not in cli.stderr
        assert file_bytes(folder) == before
    finally:
        holder.kill()
    assert open_verified(folder) == expected  # the holder died; the lock went with it
    tally.add("in_use.cases", 4)


def _bundle_of_another_copy(folder: Path, tmp_path: Path, bundle: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / ".confide.lock").unlink()
    with Vault.open(copy, PASSPHRASE) as vault:
        backup.create_backup(vault, bundle)


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = {**os.environ, "CONFIDE_PASSPHRASE_FILE": str(secret)}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ----- read-only -------------------------------------------------------------------------------


def _run(*command: str) -> bool:
    return subprocess.run(list(command), capture_output=True, check=False).returncode == 0


def _try_everything(folder: Path, report: Report) -> None:
    """Export into the folder, then open the vault: both must be refused plainly."""
    try:
        write_report(folder / "report.pdf", b"%PDF-1.4 a report")
        report("exported")
    except ConfideError as exc:
        report(f"export refused\t{type(exc).__name__}\t{exc.message}")
    try:
        Vault.open(folder, PASSPHRASE).lock()
        report("opened")
    except ConfideError as exc:
        report(f"refused\t{type(exc).__name__}\t{exc.message}")


def _check_refusals(lines: list[str]) -> None:
    export = lines[-2].split("\t")
    assert export[:2] == ["export refused", "UserInputError"], export
    assert "cannot be written there" in export[2]
    outcome = lines[-1].split("\t")
    assert outcome[:2] == ["refused", "VaultReadOnlyError"], outcome
    assert "read-only" in outcome[2]


def test_a_vault_on_a_read_only_mount(tmp_path: Path, tally: Tally) -> None:
    mount = tmp_path / "mnt"
    mount.mkdir()
    mounted = os.geteuid() == 0 and _run(
        "mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)
    )
    if not mounted:
        pytest.skip("mounting a tmpfs needs root with mount rights; see the permissions case")
    try:
        folder = mount / "vault"
        expected = build_vault(folder)
        assert _run("mount", "-o", "remount,ro", str(mount))
        before = file_bytes(mount)
        worker = fork_worker(lambda report: _try_everything(folder, report))
        assert worker.finish() == 0, worker.seen
        _check_refusals(worker.seen)
        _backup_is_refused(tmp_path, mount / "backups" / "b.confide-backup")
        assert file_bytes(mount) == before
        assert _run("mount", "-o", "remount,rw", str(mount))
        assert open_verified(folder) == expected
    finally:
        _run("umount", "-l", str(mount))
    tally.add("read_only.remount")


def _backup_is_refused(tmp_path: Path, destination: Path) -> None:
    source = tmp_path / "writable"
    build_vault(source)
    with Vault.open(source, PASSPHRASE) as vault, pytest.raises(ConfideError) as caught:
        backup.create_backup(vault, destination)
    assert "read-only" in caught.value.message or "cannot be written" in caught.value.message


def _read_only_by_modes(folder: Path) -> Callable[[Report], None]:
    def job(report: Report) -> None:
        # Built before dropping to ``nobody``: creating runs the migrations, which read the
        # source tree, and a CI clone may sit under a folder ``nobody`` cannot enter.
        build_vault(folder)
        if os.geteuid() == 0:
            for path in [*folder.iterdir(), folder]:
                os.chown(path, NOBODY, NOBODY)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        for path in [*folder.iterdir(), folder]:
            path.chmod(0o500 if path.is_dir() else 0o400)
        report("made read-only")
        _try_everything(folder, report)

    return job


@pytest.fixture
def open_base() -> Iterator[Path]:
    """A folder the child can reach also as ``nobody`` (pytest's tmp folders are 0700)."""
    root = os.geteuid() == 0
    places = [Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm")]
    usable = [p for p in places if p.is_dir() and (not root or _others_can_enter(p))]
    if not usable:
        pytest.skip("no temp folder that the user 'nobody' can enter")
    base = Path(tempfile.mkdtemp(prefix="confide-ro-", dir=usable[0]))
    if root:
        os.chown(base, NOBODY, NOBODY)
    try:
        yield base
    finally:
        for path in base.rglob("*"):
            path.chmod(0o700)
        shutil.rmtree(base)


def _others_can_enter(folder: Path) -> bool:
    return all(p.stat().st_mode & 0o001 for p in [folder, *folder.parents])


def test_a_vault_in_a_read_only_folder(open_base: Path, tally: Tally) -> None:
    folder = open_base / "vault"
    worker = fork_worker(_read_only_by_modes(folder))
    assert worker.finish() == 0, worker.seen
    assert worker.seen[0] == "made read-only"
    _check_refusals(worker.seen)
    assert not (folder / "report.pdf").exists()
    for path in [folder, *folder.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) in (0o400, 0o500), path.name
    tally.add("read_only.permissions")
