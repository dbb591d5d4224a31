"""``confide report KIND ID --out FILE``: the command line's way to every report.

The consent and accounting reports are imported only when asked for, so this module works
(and the incident report exports) whichever report modules are installed.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.errors import UserInputError
from desktop.reports.output import read_password_file
from desktop.services import validation as v
from desktop.storage.vault import Vault


def run_report_command(vault: Vault, args: argparse.Namespace) -> Path:
    """Export the report ``args.kind`` for ``args.id`` to ``args.out``; returns the path."""
    out = Path(args.out).expanduser()
    password = read_password_file(Path(args.password_file)) if args.password_file else None
    if args.kind == "incident":
        from desktop.reports.incident_report import export_incident_report

        return export_incident_report(vault, args.id, out, password)
    if args.kind == "consent":
        from desktop.reports.consent_report import export_consent_report

        return export_consent_report(vault, args.id, out, password)
    if args.kind == "disclosures":
        from desktop.reports.accounting_report import export_accounting

        return export_accounting(
            vault,
            args.id,
            out,
            since=_since(args.since),
            full_log=bool(args.all),
            password=password,
        )
    raise UserInputError(
        f"There is no '{args.kind}' report.", "Use incident, consent or disclosures."
    )


def _since(text: str | None) -> date | None:
    return None if text is None else v.parse_date(text, "--since")
