"""The command line's shared parts: exit codes, usage errors, passphrases, opening the vault."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from desktop.errors import UserInputError
from desktop.services import vault_access
from desktop.settings import load_settings, remembered_vault_dir
from desktop.storage import secret_file
from desktop.storage.vault import Vault

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PASSPHRASE_FILE_ENV = "CONFIDE_PASSPHRASE_FILE"  # noqa: S105 - a variable name


class UsageError(Exception):
    """A command line that cannot be carried out as written (exit code 2)."""


def read_secret_file(path: Path, what: str) -> str:
    """The first line of ``path``, named in any message; a problem is a usage error (exit 2)."""
    try:
        return secret_file.read_secret_file(path, what)
    except secret_file.SecretFileError as exc:
        raise UsageError(exc.message) from None


def passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    """From --passphrase-file, then $CONFIDE_PASSPHRASE_FILE, then a terminal prompt."""
    path = args.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV)
    if path:
        return read_secret_file(Path(path), "passphrase")
    return ask_secret(prompt)


def new_passphrase(args: argparse.Namespace) -> str:
    """From --new-passphrase-file, else asked twice at the terminal."""
    path = getattr(args, "new_passphrase_file", None)
    if path:
        return read_secret_file(Path(path), "new passphrase")
    first = ask_secret("New passphrase: ")
    if ask_secret("Repeat the new passphrase: ") != first:
        raise UserInputError("The two passphrases do not match.")
    return first


def ask_secret(prompt: str) -> str:
    """A secret typed at the terminal, not echoed; no terminal is a usage error."""
    if not sys.stdin.isatty():
        raise UsageError(
            "No terminal to ask for the passphrase: use --passphrase-file FILE "
            f"or set {PASSPHRASE_FILE_ENV}."
        )
    return getpass.getpass(prompt)


def vault_path(args: argparse.Namespace) -> Path:
    """--vault, else $CONFIDE_VAULT, else the folder the app remembers, else the default."""
    if args.vault:
        return Path(args.vault).expanduser()
    return remembered_vault_dir(load_settings()).expanduser()


def open_vault(args: argparse.Namespace, secret: str | None = None) -> Vault:
    """The vault the command line names, opened with ``secret`` or the passphrase."""
    secret = passphrase(args) if secret is None else secret
    return vault_access.open_vault(vault_path(args), secret, load_settings(), as_practitioner=False)


def has_passphrase_source(args: argparse.Namespace) -> bool:
    """Whether a passphrase file is given, by option or environment."""
    return bool(args.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV))


def print_recovery_key(recovery_key: str) -> None:
    """Show a new recovery key once, with what it is for."""
    print()
    print("Your recovery key (shown only now; write it down and keep it somewhere safe):")
    print()
    print(f"    {recovery_key}")
    print()
    print("It opens the vault if you forget your passphrase. Anyone who has it can too.")
