"""``confide export`` and ``confide import vault``: the command line's records in and out.

``cli.py`` calls :func:`add_commands` once; everything else about these commands is here.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
from collections.abc import Callable
from pathlib import Path

from desktop.errors import UserInputError

Handler = Callable[[argparse.Namespace], int]
AddCommand = Callable[..., argparse.ArgumentParser]
PLAIN_WARNING = (
    "WARNING: a plain folder is NOT encrypted. Anyone who can read that folder can read every "
    "client's record. Keep it on an encrypted disk and delete it when you no longer need it."
)


def add_commands(add: AddCommand) -> None:
    """Register ``export`` and ``import`` with the parser; ``add`` is cli._add bound."""
    export = add("export", cmd_export, "export the whole vault (encrypted ZIP by default)")
    export.add_argument(
        "--out",
        required=True,
        metavar="FILE.zip|FOLDER",
        help="where to write: an encrypted FILE.zip, or a FOLDER with --plain",
    )
    export.add_argument(
        "--password-file", metavar="FILE", help="ZIP password (default: one is generated)"
    )
    export.add_argument(
        "--plain", action="store_true", help="write an UNENCRYPTED folder instead of a ZIP"
    )
    export.add_argument(
        "--fhir", action="store_true", help="FHIR R4 Bundles (one per client) instead"
    )
    importing = add("import", cmd_import, "import a whole-vault export, or clients from a CSV file")
    importing.add_argument(
        "what",
        choices=["vault", "clients", "template"],
        help="vault: a whole-vault export into a new vault; clients: a CSV client list; "
        "template: write the CSV template",
    )
    importing.add_argument(
        "source", metavar="SOURCE", help="vault: FILE.zip|FOLDER; clients: FILE.csv; template: OUT"
    )
    importing.add_argument("--password-file", metavar="FILE", help="the export's ZIP password")
    importing.add_argument("--mapping", metavar="FILE", help="clients: a saved column mapping")
    importing.add_argument(
        "--save-mapping", metavar="FILE", help="clients: save the mapping used, for reuse"
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="clients: check every row, write nothing"
    )
    importing.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="vault: read the new vault's passphrase from FILE (asked for otherwise)",
    )


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.cli_vault import EXIT_OK, open_vault
    from desktop.services.exports import export_vault

    out = Path(args.out).expanduser()
    password = _export_password(args, out)
    if args.fhir:
        return _export_fhir(args, out, password)
    with open_vault(args) as vault:
        summary = export_vault(vault, out, password=password, progress=print)
    print(f"Exported {sum(summary.counts.values()):,} records to {summary.path}")
    _print_protection(args, password)
    return EXIT_OK


def _export_fhir(args: argparse.Namespace, out: Path, password: str | None) -> int:
    from desktop.cli_vault import EXIT_OK, open_vault
    from desktop.services.exports import export_fhir

    with open_vault(args) as vault:
        count = export_fhir(vault, out, password=password)
    print(f"Wrote {count} FHIR R4 Bundle(s) (one per client) to {out}")
    _print_protection(args, password)
    return EXIT_OK


def _print_protection(args: argparse.Namespace, password: str | None) -> None:
    if password is not None:
        if not args.password_file:
            print(f"Its password (shown only now; write it down): {password}")
        print("Open it with 7-Zip, WinZip, Keka or The Unarchiver (AES-256 ZIP).")
    else:
        print(PLAIN_WARNING)


def _export_password(args: argparse.Namespace, out: Path) -> str | None:
    if args.plain:
        if out.suffix.lower() == ".zip":
            raise UserInputError("--plain writes a folder: give a folder name, not a .zip.")
        return None
    if out.suffix.lower() != ".zip":
        raise UserInputError(
            "An encrypted export is a .zip file.",
            "Give a name ending in .zip, or --plain for an unencrypted folder.",
        )
    from desktop.exports.archive import generated_password
    from desktop.reports.output import read_password_file

    if args.password_file:
        return read_password_file(Path(args.password_file))
    return generated_password()


def cmd_import(args: argparse.Namespace) -> int:
    if args.what == "clients":
        return _import_clients(args)
    if args.what == "template":
        return _write_template(args)
    return _import_vault(args)


def _import_clients(args: argparse.Namespace) -> int:
    from desktop.cli_vault import EXIT_OK, open_vault
    from desktop.services.clients.csv_import import (
        import_clients,
        load_mapping,
        report_lines,
        save_mapping,
    )

    data = _read_input(Path(args.source).expanduser())
    mapping = load_mapping(Path(args.mapping).expanduser()) if args.mapping else None
    with open_vault(args) as vault:
        result = import_clients(vault, data, mapping, dry_run=args.dry_run)
    print("\n".join(report_lines(result)))
    if args.save_mapping:
        save_mapping(result.plan.mapping, Path(args.save_mapping).expanduser())
        print(f"Mapping saved to {args.save_mapping}")
    return EXIT_OK


def _read_input(path: Path) -> bytes:
    from desktop.services.clients.csv_import import MAX_IMPORT_BYTES

    try:
        with path.open("rb") as handle:
            return handle.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError as exc:
        raise UserInputError("The CSV file does not exist.", "Check its name.") from exc
    except OSError as exc:
        raise UserInputError("The CSV file cannot be read.") from exc


def _write_template(args: argparse.Namespace) -> int:
    from desktop.cli_vault import EXIT_OK
    from desktop.services.clients.csv_import import template_path
    from desktop.storage.files import atomic_write_bytes

    out = Path(args.source).expanduser()
    atomic_write_bytes(out, template_path().read_bytes())
    print(f"Template written to {out}: one client per row; then: confide import clients {out}")
    return EXIT_OK


def _import_vault(args: argparse.Namespace) -> int:
    from desktop.cli_vault import (
        EXIT_OK,
        new_passphrase,
        passphrase,
        print_recovery_key,
        vault_path,
    )
    from desktop.exports.vault_import import import_vault
    from desktop.reports.output import read_password_file
    from desktop.services import vault_access

    source = Path(args.source).expanduser()
    password = read_password_file(Path(args.password_file)) if args.password_file else None
    if source.is_file() and password is None:
        raise UserInputError("This export is encrypted.", "Give its password with --password-file.")
    target = vault_path(args)
    had_folder = target.exists()
    if had_folder and (not target.is_dir() or any(target.iterdir())):
        raise UserInputError(
            "A whole-vault export is imported into a new vault.",
            "Give --vault a folder that does not exist yet (or is empty).",
        )
    secret = passphrase(args) if _has_passphrase(args) else new_passphrase(args)
    vault, recovery_key = vault_access.create_vault(target, secret)
    try:
        with vault:
            summary = import_vault(vault, source, password)
    except BaseException:
        _remove_new_vault(target, had_folder)
        raise
    print(f"Created a new vault in {target} and imported {sum(summary.counts.values()):,} records.")
    print_recovery_key(recovery_key)
    return EXIT_OK


def _has_passphrase(args: argparse.Namespace) -> bool:
    import os

    from desktop.cli_vault import PASSPHRASE_FILE_ENV

    return bool(args.passphrase_file or os.environ.get(PASSPHRASE_FILE_ENV))


def _remove_new_vault(target: Path, had_folder: bool) -> None:
    """Undo a vault made only for a failed import: the folder was new, or empty."""
    if not had_folder:
        shutil.rmtree(target, ignore_errors=True)
        return
    for child in target.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                child.unlink()
