"""Writing a rendered report to disk: optionally AES-256 encrypted, always atomically.

The plaintext PDF only ever exists in memory when a password is given: it is
encrypted with pypdf before any byte reaches the destination folder.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from desktop.errors import UserInputError, VaultReadOnlyError
from desktop.storage.files import atomic_write_bytes

_MAX_PASSWORD_LINE = 4096


def write_report(path: Path, pdf: bytes, password: str | None = None) -> None:
    """Write ``pdf`` to ``path`` atomically, encrypted with ``password`` if one is given.

    Raises UserInputError for an empty password or a folder that is missing or not
    writable, DiskFullError when the disk is full. A failed write leaves no file behind
    and an existing file at ``path`` unchanged.
    """
    data = pdf if password is None else encrypt_pdf(pdf, password)
    try:
        atomic_write_bytes(path, data)
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise UserInputError(
            "The folder chosen for the report does not exist.", "Choose another folder."
        ) from exc
    except (IsADirectoryError, VaultReadOnlyError) as exc:
        raise UserInputError(
            "The report cannot be written there.", "Choose a folder you can write to."
        ) from exc


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """Return ``pdf`` encrypted in memory with AES-256; it opens only with ``password``.

    The owner password is random and discarded, so nobody can lift the encryption
    without the user password.
    """
    if not password:
        raise UserInputError("The report password is empty.", "Type a password or choose none.")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def read_password_file(path: Path) -> str:
    """Return the first line of ``path`` (UTF-8, without its line ending) as a password.

    A missing, unreadable or empty file raises UserInputError.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            line = handle.readline(_MAX_PASSWORD_LINE)
    except FileNotFoundError as exc:
        raise UserInputError("The password file does not exist.", "Check its name.") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UserInputError(
            "The password file cannot be read.", "Check that it is a plain text file."
        ) from exc
    if len(line) >= _MAX_PASSWORD_LINE and not line.endswith("\n"):
        raise UserInputError("The password in the password file is too long.")
    password = line.removesuffix("\n").removesuffix("\r")
    if not password:
        raise UserInputError("The password file is empty.", "Put the password on its first line.")
    return password
