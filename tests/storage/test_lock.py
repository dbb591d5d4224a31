"""The inter-process vault lock, tested against a real second process."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from desktop.errors import VaultInUseError, VaultMissingError, VaultReadOnlyError
from desktop.storage.lock import LOCK_NAME, VaultLock

REPO_ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys
from pathlib import Path
from desktop.storage.lock import VaultLock

lock = VaultLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
lock.release()
"""

TRIER = """
import sys
from pathlib import Path
from desktop.errors import VaultInUseError
from desktop.storage.lock import VaultLock

try:
    VaultLock(Path(sys.argv[1])).acquire()
except VaultInUseError:
    print("in use")
else:
    print("acquired")
"""


def _python(script: str, folder: Path, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", script, str(folder)],
        cwd=REPO_ROOT,
        text=True,
        stdout=subprocess.PIPE,
        **kwargs,
    )


@contextmanager
def _held_elsewhere(folder: Path) -> Iterator[subprocess.Popen[str]]:
    child = _python(HOLDER, folder, stdin=subprocess.PIPE)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "locked"
        yield child
    finally:
        if child.poll() is None:
            child.kill()
        child.wait(timeout=30)
        for stream in (child.stdin, child.stdout):
            if stream is not None:
                stream.close()


def test_second_process_holding_the_lock_blocks_us(tmp_path: Path) -> None:
    with _held_elsewhere(tmp_path) as child:
        with pytest.raises(VaultInUseError) as caught:
            VaultLock(tmp_path).acquire()
        assert caught.value.message == (
            "This vault is already open in another Confide window or command."
        )
        assert child.stdin is not None
        child.stdin.close()
        assert child.wait(timeout=30) == 0
    with VaultLock(tmp_path) as lock:
        assert lock.held


def test_lock_is_freed_when_the_holder_is_killed(tmp_path: Path) -> None:
    with _held_elsewhere(tmp_path) as child:
        child.kill()
        child.wait(timeout=30)
    with VaultLock(tmp_path):
        pass


def test_we_block_a_second_process(tmp_path: Path) -> None:
    with VaultLock(tmp_path):
        assert _try_elsewhere(tmp_path) == "in use"
    assert _try_elsewhere(tmp_path) == "acquired"


def _try_elsewhere(folder: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", TRIER, str(folder)],
        cwd=REPO_ROOT,
        text=True,
        capture_output=True,
        timeout=30,
        check=True,
    )
    return result.stdout.strip()


def test_second_lock_in_same_process_is_refused(tmp_path: Path) -> None:
    first = VaultLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(VaultInUseError):
            VaultLock(tmp_path).acquire()
        with pytest.raises(RuntimeError):
            first.acquire()
    finally:
        first.release()
    second = VaultLock(tmp_path)
    second.acquire()
    second.release()
    second.release()  # releasing twice is harmless
    assert not second.held


def test_lock_file_is_private_and_empty(tmp_path: Path) -> None:
    with VaultLock(tmp_path):
        path = tmp_path / LOCK_NAME
        assert path.stat().st_size == 0
        if os.name != "nt":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (tmp_path / LOCK_NAME).exists()


def test_existing_lock_file_is_tightened(tmp_path: Path) -> None:
    path = tmp_path / LOCK_NAME
    path.write_bytes(b"")
    path.chmod(0o644)
    with VaultLock(tmp_path):
        if os.name != "nt":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(VaultMissingError):
        VaultLock(tmp_path / "nowhere").acquire()


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def refuse(*_args: object, **_kwargs: object) -> int:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(VaultReadOnlyError):
        VaultLock(tmp_path).acquire()


def test_repr_shows_no_path(tmp_path: Path) -> None:
    lock = VaultLock(tmp_path)
    assert repr(lock) == "<VaultLock free>"
    with lock:
        assert repr(lock) == "<VaultLock held>"
