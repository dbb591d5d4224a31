"""Private folders and atomic writes."""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest

from desktop.errors import DiskFullError, VaultReadOnlyError
from desktop.storage.files import atomic_write_bytes, ensure_private_dir

TEMP_NAME = re.compile(r"^\.tmp-[0-9a-f]{32}$")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_ensure_private_dir_creates_parents_0700(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "vault"
    ensure_private_dir(target)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", target):
        assert folder.is_dir()
        assert _mode(folder) == 0o700


def test_ensure_private_dir_leaves_an_existing_folder_as_it_is(tmp_path: Path) -> None:
    target = tmp_path / "vault"
    target.mkdir(mode=0o755)
    target.chmod(0o755)
    ensure_private_dir(target)
    assert _mode(target) == 0o755


def test_ensure_private_dir_leaves_existing_parents(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    ensure_private_dir(tmp_path / "vault")
    assert _mode(tmp_path) == 0o755


def test_atomic_write_creates_private_file(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    atomic_write_bytes(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_atomic_write_replaces_and_tightens(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old content")
    target.chmod(0o644)
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_temp_file_is_exclusive_private_and_anonymous(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, int | None]] = []
    real_open = os.open

    def spy(path: str | Path, flags: int, mode: int = 0o777, **kwargs: object) -> int:
        calls.append((Path(path).name, flags, mode))
        return real_open(path, flags, mode)

    monkeypatch.setattr(os, "open", spy)
    atomic_write_bytes(tmp_path / "client-jane-doe.json", b"x")
    name, flags, mode = calls[0]
    assert TEMP_NAME.match(name)
    assert flags & os.O_CREAT
    assert flags & os.O_EXCL
    assert flags & os.O_WRONLY
    assert mode == 0o600


def test_data_and_folder_are_fsynced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[bool] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(stat.S_ISDIR(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    atomic_write_bytes(tmp_path / "file", b"data")
    expected = [False] if os.name == "nt" else [False, True]
    assert synced == expected


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    def broken(_fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", broken)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        (errno.ENOSPC, DiskFullError),
        (getattr(errno, "EDQUOT", errno.ENOSPC), DiskFullError),
        (errno.EROFS, VaultReadOnlyError),
        (errno.EACCES, VaultReadOnlyError),
    ],
)
def test_errors_are_typed_and_leave_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, error: type[Exception]
) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old")
    _fail_fsync(monkeypatch, code)
    with pytest.raises(error) as caught:
        atomic_write_bytes(target, b"new")
    if error is DiskFullError:
        assert str(caught.value).startswith("The disk is full; the file was not written.")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_other_os_errors_propagate_and_clean_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_fsync(monkeypatch, errno.EIO)
    with pytest.raises(OSError) as caught:
        atomic_write_bytes(tmp_path / "file", b"new")
    assert caught.value.errno == errno.EIO
    assert list(tmp_path.iterdir()) == []


def test_interrupt_during_write_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(_src: object, _dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(tmp_path / "file", b"new")
    assert list(tmp_path.iterdir()) == []


def test_read_only_folder_on_create(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_args: object, **_kwargs: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(VaultReadOnlyError):
        atomic_write_bytes(tmp_path / "file", b"new")


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(VaultReadOnlyError):
            atomic_write_bytes(folder / "file", b"new")
    finally:
        folder.chmod(0o700)
