"""``confide identity show|export-cert|rotate`` and ``confide verify-report FILE.pdf``.

pyHanko and the report modules are imported when a command runs, not when the command
line is parsed, so other commands start as fast as before.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.signing.identity import IdentityView

EXIT_OK, EXIT_FAILED = 0, 1


def cmd_identity(args: argparse.Namespace) -> int:
    from desktop.cli_vault import open_vault
    from desktop.services.signing.identity import SigningIdentityService

    with open_vault(args) as vault:
        service = SigningIdentityService(vault)
        if args.action == "export-cert":
            return _export_certificate(service.ensure(), args.out)
        if args.action == "rotate":
            identity = service.rotate(args.reason or "")
            print("A new signing identity replaces the old one. Give counsel its fingerprint:")
            _print_identity(identity)
            return EXIT_OK
        service.ensure()
        history = service.history()
    _print_identity(history[0])
    for earlier in history[1:]:
        print()
        print("Earlier identity (reports it signed still verify with this vault):")
        _print_identity(earlier)
    return EXIT_OK


def _export_certificate(identity: IdentityView, out: str | None) -> int:
    if not out:
        print("confide: say where to write the certificate: --out FILE")
        return EXIT_FAILED
    from desktop.storage.certificates import certificate_pem
    from desktop.storage.files import atomic_write_bytes

    path = Path(out).expanduser()
    atomic_write_bytes(path, certificate_pem(identity.certificate_der))
    print(f"Certificate written to {path}")
    print(f"Its fingerprint (SHA-256): {identity.spaced_fingerprint}")
    return EXIT_OK


def _print_identity(identity: IdentityView) -> None:
    from desktop.local_time import format_moment

    print(f"Signing identity:  {identity.subject}")
    print(f"Key:               ECDSA P-256, created {format_moment(identity.created_at)}")
    print(f"Fingerprint (SHA-256 of the certificate): {identity.spaced_fingerprint}")
    if identity.retired_at is not None:
        print(f"Replaced:          {format_moment(identity.retired_at)}: {identity.retired_reason}")


def cmd_verify_report(args: argparse.Namespace) -> int:
    from desktop.reports.checking import (
        certificate_from_file,
        check_with_certificate,
        read_report_file,
    )
    from desktop.reports.output import read_password_file

    data = read_report_file(Path(args.file).expanduser())
    password = read_password_file(Path(args.password_file)) if args.password_file else None
    if args.cert:
        check = check_with_certificate(data, certificate_from_file(Path(args.cert)), password)
    else:
        from desktop.cli_vault import open_vault
        from desktop.services.signing.report_check import check_with_vault

        with open_vault(args) as vault:
            check = check_with_vault(vault, data, password)
    for line in check.lines():
        print(line)
    return EXIT_OK if check.ok else EXIT_FAILED


def add_signing_arguments(
    identity: argparse.ArgumentParser, verify: argparse.ArgumentParser
) -> None:
    identity.add_argument(
        "action",
        choices=["show", "export-cert", "rotate"],
        help="show the certificate, export it (--out), or replace the key (--reason)",
    )
    identity.add_argument("--out", metavar="FILE", help="export-cert: where to write the PEM file")
    identity.add_argument("--reason", metavar="TEXT", help="rotate: why the identity is replaced")
    verify.add_argument("file", metavar="FILE.pdf", help="the report to check")
    verify.add_argument(
        "--cert", metavar="FILE", help="check against this certificate instead of the vault"
    )
    verify.add_argument("--password-file", metavar="FILE", help="the report's password")
