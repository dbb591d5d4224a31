"""Where an export is written and read: an AES-256 encrypted ZIP (default) or a plain folder.

The encrypted form is a standard ZIP with WinZip AES-256 encryption (AE-2), written with
pyzipper; 7-Zip, WinZip, Keka and The Unarchiver open it with the password. Its file names are
not encrypted (a ZIP limitation), so every name in an export carries record numbers only.
WinZip AES derives its key with PBKDF2-HMAC-SHA1 at 1,000 rounds: that is weak against
guessing, so the password must be long (MIN_PASSWORD_CHARS) and a generated one is offered.

Nothing is half-written: a ZIP goes to a temp file in the same folder and is renamed when
complete; a folder is filled under a temp name and renamed when complete.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import pyzipper

from desktop.errors import ConfideError, UserInputError
from desktop.exports.records import sha256_hex
from desktop.storage.files import ensure_private_dir, translate_os_error

MIN_PASSWORD_CHARS = 12
_WORDS = (
    "amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "harbor", "iris", "juniper",
    "kestrel", "lantern", "meadow", "nectar", "orchid", "pebble", "quartz", "raven", "sierra",
    "tundra", "umber", "violet", "willow", "yarrow", "zephyr", "anchor", "basalt", "canyon",
)  # fmt: skip


def generated_password() -> str:
    """Six random words and four digits, e.g. "cedar-raven-iris-quartz-delta-amber-4821"."""
    words = [secrets.choice(_WORDS) for _ in range(6)]
    return "-".join([*words, f"{secrets.randbelow(10_000):04d}"])


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise UserInputError(
            f"The export password needs at least {MIN_PASSWORD_CHARS} characters.",
            "A ZIP password is easy to guess if it is short; use the generated one.",
        )
    return password


def safe_member(name: str) -> str:
    """``name`` if it is a plain relative path inside the export, else UserInputError."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or "\\" in name or not path.parts:
        raise UserInputError("The export contains a file outside its own folder.")
    return name


class ExportWriter:
    """Collects an export's files; ``commit()`` makes it appear complete, or not at all."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[str, int]] = {}  # path -> (sha256, size)

    def write(self, path: str, data: bytes) -> None:
        safe_member(path)
        if path in self.files:
            raise ValueError(f"{path} written twice")
        self.files[path] = (sha256_hex(data), len(data))
        self._store(path, data)

    def write_json(self, path: str, value: Any) -> None:
        self.write(path, json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")

    def _store(self, path: str, data: bytes) -> None:
        raise NotImplementedError

    def commit(self) -> Path:
        raise NotImplementedError

    def abort(self) -> None:
        raise NotImplementedError


class FolderWriter(ExportWriter):
    """A plain (unencrypted) folder, private to this user (0700 folders, 0600 files)."""

    def __init__(self, target: Path) -> None:
        super().__init__()
        if target.exists():
            raise UserInputError("That folder already exists.", "Choose a new folder name.")
        if not target.parent.is_dir():
            raise UserInputError("The folder to export into does not exist.")
        self.target = target
        self.staging = target.parent / f".confide-export-{secrets.token_hex(8)}"
        try:
            ensure_private_dir(self.staging)
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def _store(self, path: str, data: bytes) -> None:
        file = self.staging / path
        try:
            ensure_private_dir(file.parent)
            fd = os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def commit(self) -> Path:
        os.replace(self.staging, self.target)
        return self.target

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


class EncryptedZipWriter(ExportWriter):
    """One AES-256 encrypted ZIP file."""

    def __init__(self, target: Path, password: str) -> None:
        super().__init__()
        check_password(password)
        if target.is_dir():
            raise UserInputError("That name is a folder.", "Choose a file name ending in .zip.")
        if not target.parent.is_dir():
            raise UserInputError("The folder to export into does not exist.")
        self.target = target
        self.temp = target.parent / f".tmp-{secrets.token_hex(16)}"
        try:
            fd = os.open(self.temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except OSError as exc:
            raise translate_os_error(exc) from exc
        os.close(fd)
        self.zip = pyzipper.AESZipFile(
            self.temp, "w", compression=zipfile.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
        )
        self.zip.setpassword(password.encode("utf-8"))
        self.zip.setencryption(pyzipper.WZ_AES, nbits=256)

    def _store(self, path: str, data: bytes) -> None:
        try:
            self.zip.writestr(path, data)
        except OSError as exc:
            raise translate_os_error(exc) from exc

    def commit(self) -> Path:
        try:
            self.zip.close()
            with self.temp.open("rb") as handle:
                os.fsync(handle.fileno())
            os.replace(self.temp, self.target)
        except OSError as exc:
            self.abort()
            raise translate_os_error(exc) from exc
        return self.target

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.zip.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()


class ExportReader:
    """Reads the files of an export, from a folder or an encrypted ZIP."""

    def __init__(self, source: Path, password: str | None) -> None:
        self.source = source
        self._zip: pyzipper.AESZipFile | None = None
        if source.is_dir():
            return
        if not source.is_file():
            raise UserInputError("There is no export at that place.", "Check the name.")
        try:
            self._zip = pyzipper.AESZipFile(source)
        except (zipfile.BadZipFile, OSError) as exc:
            raise UserInputError("That file is not a Confide export (not a ZIP file).") from exc
        if password is None:
            raise UserInputError("This export is encrypted: give its password.")
        self._zip.setpassword(password.encode("utf-8"))

    def exists(self, path: str) -> bool:
        safe_member(path)
        if self._zip is None:
            return (self.source / path).is_file()
        return path in self._zip.namelist()

    def read(self, path: str) -> bytes:
        safe_member(path)
        try:
            if self._zip is None:
                return self._read_plain(path)
            return bytes(self._zip.read(path))
        except KeyError as exc:
            raise UserInputError("The export is incomplete: a file is missing.") from exc
        except FileNotFoundError as exc:
            raise UserInputError("The export is incomplete: a file is missing.") from exc
        except RuntimeError as exc:  # pyzipper: "Bad password for file"
            raise UserInputError("The export password is not correct.") from exc
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise ConfideError("The export is damaged and cannot be read.") from exc

    def _read_plain(self, path: str) -> bytes:
        """A file of a plain export; a link (which could point anywhere) is refused."""
        file = self.source / path
        inside = [p for p in (file, *file.parents) if p.is_relative_to(self.source)]
        if any(p.is_symlink() for p in inside if p != self.source):
            raise UserInputError("The export contains a link to a file outside it; not read.")
        return file.read_bytes()

    def read_json(self, path: str) -> Any:
        try:
            return json.loads(self.read(path))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfideError("The export is damaged and cannot be read.") from exc

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()
