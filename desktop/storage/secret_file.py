"""The one reader of a file that holds a secret on its first line: passphrase, key or password.

It reads a bounded amount (never all of /dev/zero), drops a leading byte-order mark, and never
puts the file's content in a message. The command line names the file it was given; a report
password file is not named (its name could say whom the report is about).
"""

from __future__ import annotations

from pathlib import Path

from desktop.errors import UserInputError

MAX_SECRET_CHARS = 4096


class SecretFileError(UserInputError):
    """A file meant to hold a passphrase, key or password cannot give one; nothing changed."""

    default_advice = "Check the file's name and put the secret on its first line."


def read_secret_file(path: Path, what: str, *, name_the_file: bool = True) -> str:
    """The first line of ``path`` (UTF-8) without its line ending; ``what`` names the secret."""
    where = f"The {what} file {path}" if name_the_file else f"The {what} file"
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline(MAX_SECRET_CHARS + 1)
    except FileNotFoundError:
        raise SecretFileError(f"{where} does not exist.") from None
    except IsADirectoryError:
        raise SecretFileError(f"{where} is a folder, not a file.") from None
    except PermissionError:
        raise SecretFileError(f"{where} could not be read: permission denied.") from None
    except UnicodeDecodeError:
        raise SecretFileError(f"{where} could not be read as UTF-8 text.") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise SecretFileError(f"{where} could not be read: {reason}.") from None
    lines = first.splitlines()
    if len(first) > MAX_SECRET_CHARS and len(lines) == 1:
        named = f" {path}" if name_the_file else ""
        raise SecretFileError(f"The first line of the {what} file{named} is too long.")
    if not lines or not lines[0]:
        raise SecretFileError(f"{where} is empty.")
    return lines[0]
