"""The ``confide`` command line. It talks to services only and never imports the UI."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import __version__
from desktop.cli_table import render_table
from desktop.cli_vault import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    PASSPHRASE_FILE_ENV,
    UsageError,
    ask_secret,
    has_passphrase_source,
    new_passphrase,
    open_vault,
    passphrase,
    print_recovery_key,
    read_secret_file,
    vault_path,
)
from desktop.errors import ConfideError, NotFoundError, UserInputError, VaultError
from desktop.logs import configure_logging, logger
from desktop.process import harden_process
from desktop.restore import RestorePreview, describe_restore
from desktop.services import vault_access
from desktop.settings import VAULT_ENV, default_vault_dir, load_settings
from desktop.storage import backup, secret_file
from desktop.workflow.validation import storable_id

if TYPE_CHECKING:
    from desktop.services.chart import ChartRecipient
    from desktop.services.exports import ReportRequest

log = logger("cli")


def record_id(text: str) -> int:
    """An id typed on the command line: a whole number a stored record can have."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a record number, e.g. 12") from None
    if not storable_id(value):
        raise argparse.ArgumentTypeError("no record has that number")
    return value


# ----- commands ---------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.services.practice.practitioner import PractitionerService, Profile, validated
    from desktop.services.signing.identity import SigningIdentityService

    # Check the profile before anything is created: a vault made and then left by a refused
    # profile would exist without its recovery key ever having been shown.
    if bool(args.name) != bool(args.jurisdiction):
        raise UsageError(
            "--name and --jurisdiction go together: give both to save your practitioner "
            "profile now, or neither to set it up later in the app."
        )
    wanted = args.name and args.jurisdiction
    profile = validated(Profile(args.name, args.jurisdiction)) if wanted else None
    secret = passphrase(args) if has_passphrase_source(args) else new_passphrase(args)
    vault, recovery_key = vault_access.create_vault(vault_path(args), secret)
    with vault:
        if profile is not None:
            PractitionerService(vault).save(profile)
        SigningIdentityService(vault).ensure()  # the report-signing key is made with the vault
    print(f"Created a new vault in {vault_path(args)}")
    print_recovery_key(recovery_key)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.demo import DEMO_PASSPHRASE, build_demo_vault, default_demo_dir

    folder = Path(args.vault).expanduser() if args.vault else default_demo_dir()
    build_demo_vault(folder, passphrase(args) if has_passphrase_source(args) else DEMO_PASSPHRASE)
    print(f"Created a demo vault with synthetic clients in {folder}")
    if not has_passphrase_source(args):
        print(f"Its passphrase is: {DEMO_PASSPHRASE}")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    from desktop.listing import LISTERS

    with open_vault(args) as vault:
        listing = LISTERS[args.what](vault, args.all)
    if args.json:
        print(listing.as_json())
    elif not listing.rows:
        print(f"No {args.what} yet.")
    else:
        headers, cells = listing.table_cells()
        shrinks = [c.shrinks for c in listing.table_columns()]
        print("\n".join(render_table(headers, cells, shrinks=shrinks)))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from desktop.storage.integrity import verify_vault

    with open_vault(args) as vault:
        result = verify_vault(vault)
    print(result.summary)
    return EXIT_OK if result.ok else EXIT_FAILED


def cmd_backup(args: argparse.Namespace) -> int:
    settings = load_settings()
    with open_vault(args) as vault:
        if args.out:
            path = Path(args.out).expanduser()
            backup.create_backup(vault, path)
        else:
            path = backup.rotating_backup(vault, settings.backup_path(), settings.backup_keep)
    print(f"Backup written to {path}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.restore import restore_backup

    target = vault_path(args)
    confirm = None if args.yes else _confirm_restore
    safety = restore_backup(
        Path(args.bundle).expanduser(), target, passphrase(args), confirm=confirm
    )
    print(f"Restored the vault in {target} from the backup; its integrity was checked first.")
    if safety is not None:
        print(f"The vault it replaced was copied to {safety} first.")
    return EXIT_OK


def _confirm_restore(preview: RestorePreview) -> bool:
    """Show what the restore replaces and ask; without a terminal, --yes is required."""
    for line in describe_restore(preview):
        print(line)
    if not preview.replaces_vault:
        return True
    if not sys.stdin.isatty():
        raise UsageError(
            "This restore replaces an existing vault. Run it again with --yes to confirm "
            "(a safety copy of the current vault is kept)."
        )
    answer = input("Replace the current vault with this backup? Type yes to go on: ")
    return answer.strip().lower() == "yes"


def cmd_passwd(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        new = new_passphrase(args)
        if args.rotate:
            recovery_key = vault.rotate_keys(new)
        else:
            vault.set_new_passphrase(new)
    if args.rotate:
        print("Passphrase changed and the vault re-encrypted under a new key.")
        print("Older backups, older copies of the header and the old recovery key no longer")
        print("open the current records (they still open their own, older contents).")
        print_recovery_key(recovery_key)
    else:
        print("Passphrase changed in the vault's header. The key that encrypts the records is")
        print("the same: older backups and copies of the header still open with the old")
        print("passphrase. To re-encrypt under a new key as well, use: confide passwd --rotate")
    return EXIT_OK


def cmd_new_recovery_key(args: argparse.Namespace) -> int:
    secret = passphrase(args)
    with open_vault(args, secret) as vault:
        recovery_key = vault.rotate_keys(secret)
    print("The vault was re-encrypted under a new key with a new recovery key. The old")
    print("recovery key no longer opens the vault, nor do older backups' headers.")
    print_recovery_key(recovery_key)
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    if args.recovery_key_file:
        key = read_secret_file(Path(args.recovery_key_file), "recovery key")
    else:
        key = ask_secret("Recovery key: ")
    with vault_access.open_with_recovery(vault_path(args), key) as vault:
        vault.set_new_passphrase(new_passphrase(args))
    print("The vault is open again with your new passphrase. Keep the recovery key safe.")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.services.exports import REPORT_KINDS, export_report

    kind = REPORT_KINDS[args.kind]
    if Path(args.out).suffix.lower() not in kind.suffixes:
        raise UsageError(
            f"The {kind.name} report is written as {kind.formats}: "
            f"end the --out file name ({args.out}) with {kind.formats}."
        )
    with open_vault(args) as vault:
        exported = export_report(vault, _report_request(args))
    if kind.name == "chart" and exported.disclosed_to is not None:
        print(f"Recorded as a disclosure to {exported.disclosed_to}.")
    elif kind.name == "chart":
        print(
            "If this chart goes to anyone but the client, record the disclosure: give "
            "--disclosed-to, --legal-basis and --purpose, or use the client's Disclosures tab."
        )
    print(f"Report written to {exported.path}")
    return EXIT_OK


def _report_request(args: argparse.Namespace) -> ReportRequest:
    """The typed request for ``confide report``: the secret and dates read and checked."""
    from desktop.services.exports import ReportRequest
    from desktop.workflow import validation

    password = None
    if args.password_file:  # not named in a message: its name could say whom it is about
        password = secret_file.read_secret_file(
            Path(args.password_file), "password", name_the_file=False
        )
    recipient = _chart_recipient(args) if args.kind == "chart" else None
    return ReportRequest(
        kind=args.kind,
        subject_id=args.id,
        out=Path(args.out).expanduser(),
        password=password,
        since=None if args.since is None else validation.parse_date(args.since, "--since"),
        full_log=bool(args.all),
        include_psychotherapy_notes=bool(args.include_psychotherapy_notes),
        recipient=recipient,
    )


def _chart_recipient(args: argparse.Namespace) -> ChartRecipient | None:
    from desktop.domain import LegalBasis, RecipientRole
    from desktop.services.chart import ChartRecipient

    if not args.disclosed_to:
        return None
    if not args.legal_basis or not args.purpose:
        raise UserInputError(
            "A disclosure needs its legal basis and purpose.",
            "Add --legal-basis and --purpose, or leave out --disclosed-to.",
        )
    return ChartRecipient(
        name=args.disclosed_to,
        role=RecipientRole(args.recipient_role),
        legal_basis=LegalBasis(args.legal_basis),
        purpose=args.purpose,
        minimum_necessary=args.minimum_necessary,
    )


# ----- parser -----------------------------------------------------------------------------


def where_things_are(extra: str = "") -> str:
    """The epilog of every --help: where the vault is and where the passphrase comes from."""
    text = (
        f"The vault folder is --vault PATH, else ${VAULT_ENV}, else the folder the app "
        f"remembers from its first run, else {default_vault_dir()}. "
        f"The passphrase is read from the first line of --passphrase-file FILE, else of the "
        f"file named by ${PASSPHRASE_FILE_ENV}, else asked for on the terminal. {extra}"
    )
    return textwrap.fill(text.strip(), width=78, break_on_hyphens=False, break_long_words=False)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--vault",
        metavar="PATH",
        help=f"the vault folder (default: ${VAULT_ENV}, else the app's folder, see below)",
    )
    common.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from the first line of FILE (or ${PASSPHRASE_FILE_ENV})",
    )
    parser = argparse.ArgumentParser(
        prog="confide",
        description="Confide: encrypted records and break-confidentiality workflow. "
        "Without a COMMAND, opens the app.",
        epilog=where_things_are("Run 'confide COMMAND --help' for a command's options."),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"confide {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the app on a throwaway demo")
    parser.add_argument("--vault", metavar="PATH", help="the vault folder the app opens")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    init = _add(commands, common, "init", cmd_init, "create a new vault")
    init.add_argument(
        "--name", help="your name, for the practitioner profile (with --jurisdiction)"
    )
    init.add_argument(
        "--jurisdiction", help="two-letter US state code where you practise, e.g. CA (with --name)"
    )
    init.add_argument(
        "--new-passphrase-file",
        metavar="FILE",
        help="read the new vault's passphrase from FILE instead of asking twice",
    )
    _add(commands, common, "demo", cmd_demo, "create a vault filled with synthetic data")
    listing = _add(commands, common, "list", cmd_list, "list records as a table")
    listing.add_argument(
        "what", choices=["clients", "incidents", "consents", "releases"], help="what to list"
    )
    listing.add_argument(
        "--json", action="store_true", help="print JSON (ISO 8601 dates, ids) for scripts"
    )
    listing.add_argument("--all", action="store_true", help="include archived clients")
    _add(commands, common, "verify", cmd_verify, "check the audit chain and the database")
    bk = _add(commands, common, "backup", cmd_backup, "write an encrypted backup")
    bk.add_argument(
        "--out", metavar="FILE", help="backup file (default: the rotating backup folder)"
    )
    rs = _add(commands, common, "restore", cmd_restore, "restore a vault from a backup")
    rs.add_argument("bundle", metavar="BACKUP_FILE", help="the .confide-backup file to restore")
    rs.add_argument("--yes", action="store_true", help="replace an existing vault without asking")
    pw = _add(commands, common, "passwd", cmd_passwd, "change the passphrase")
    pw.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    pw.add_argument(
        "--rotate",
        action="store_true",
        help="also re-encrypt under a new key (shows a new recovery key)",
    )
    _add(
        commands,
        common,
        "new-recovery-key",
        cmd_new_recovery_key,
        "replace the recovery key (re-encrypts the vault; the old key stops working)",
    )
    rc = _add(commands, common, "recover", cmd_recover, "open with the recovery key")
    rc.add_argument("--recovery-key-file", metavar="FILE", help="read the recovery key from FILE")
    rc.add_argument(
        "--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE"
    )
    report = _add(commands, common, "report", cmd_report, "export a PDF or CSV report")
    _add_report_arguments(report)
    _add_signing_commands(commands, common)
    from desktop.export_commands import add_commands

    add_commands(lambda name, handler, text: _add(commands, common, name, handler, text))
    from desktop.practice.commands import add_practice_command

    add_practice_command(commands)
    return parser


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    name: str,
    handler: Callable[[argparse.Namespace], int],
    help_text: str,
) -> argparse.ArgumentParser:
    sub = commands.add_parser(
        name,
        parents=[common],
        help=help_text,
        description=help_text,
        epilog=where_things_are(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.set_defaults(handler=handler)
    return sub


def _add_signing_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    from desktop import signing_commands as sc

    identity = _add(commands, common, "identity", sc.cmd_identity, "the report-signing identity")
    verify = _add(
        commands, common, "verify-report", sc.cmd_verify_report, "check a report's signature"
    )
    sc.add_signing_arguments(identity, verify)


def _add_report_arguments(report: argparse.ArgumentParser) -> None:
    from desktop.reports.chart_arguments import add_chart_arguments
    from desktop.services.exports import REPORT_KINDS

    summaries = [kind.summary for kind in REPORT_KINDS.values()]
    report.add_argument(
        "kind",
        choices=list(REPORT_KINDS),
        help=f"{', '.join(summaries[:-1])} or {summaries[-1]}",
    )
    report.add_argument(
        "id",
        type=record_id,
        metavar="ID",
        help="the incident or consent number, or the client number for disclosures and the "
        "chart (see 'confide list')",
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE",
        help="the file to write; its name ends in .pdf, or .csv for disclosures",
    )
    report.add_argument(
        "--password-file", metavar="FILE", help="encrypt the PDF (AES-256) with FILE's first line"
    )
    report.add_argument(
        "--since",
        metavar="YYYY-MM-DD",
        help="disclosures: the accounting period's first day; chart: records from this day",
    )
    report.add_argument(
        "--all", action="store_true", help="disclosures: the full log, not only the accounting"
    )
    add_chart_arguments(report)


def run(argv: Sequence[str]) -> int:
    """Run one command; returns the exit code. Errors are printed in plain language."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    harden_process()
    configure_logging()
    try:
        code = int(args.handler(args))
        sys.stdout.flush()
    except BrokenPipeError:
        return _reader_went_away()
    except (KeyboardInterrupt, Exception) as exc:
        return _failed(args, exc)
    return code


def _reader_went_away() -> int:
    """``confide list … | head -1``: the reader closed the pipe; stop quietly, not an error.

    Standard output is pointed at the null device so the interpreter's last flush at exit
    does not print "Exception ignored … BrokenPipeError".
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # an in-memory stdout (tests) has no descriptor
        pass
    return EXIT_OK


def _failed(args: argparse.Namespace, exc: BaseException) -> int:
    """Print ``exc`` in plain language, naming the path it concerns, and return the exit code.

    An unexpected error shows only its type: a traceback could carry client data (SQL
    parameters, file content).
    """
    command = str(args.command)
    if isinstance(exc, UsageError):
        print(f"confide: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, ConfideError):
        log.warning("%s failed: %s", command, type(exc).__name__)
        print(f"confide: {exc.message}", file=sys.stderr)
        for label, path in _paths_concerned(args, exc):
            print(f"  {label}: {path}", file=sys.stderr)
        if exc.advice:
            print(f"  {exc.advice}", file=sys.stderr)
    elif isinstance(exc, KeyboardInterrupt):
        print("confide: cancelled; nothing more was changed.", file=sys.stderr)
    else:
        log.error("%s failed unexpectedly: %s", command, type(exc).__name__)
        print(f"confide: {command} failed unexpectedly ({type(exc).__name__}).", file=sys.stderr)
    return EXIT_FAILED


def _paths_concerned(args: argparse.Namespace, exc: ConfideError) -> list[tuple[str, Path]]:
    """The files a failed command was working on, for the error message."""
    if isinstance(exc, VaultError):
        return [("Vault folder", vault_path(args))]
    if args.command == "restore":
        return [("Backup file", Path(args.bundle).expanduser())]
    if args.command == "backup" and args.out:
        return [("Backup file", Path(args.out).expanduser())]
    if args.command == "report" and not isinstance(exc, NotFoundError):
        return [("Report file", Path(args.out).expanduser())]
    return []
