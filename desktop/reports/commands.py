"""``confide report KIND ID --out FILE``: the command line's way to every report.

The consent and accounting reports are imported only when asked for, so this module works
(and the incident report exports) whichever report modules are installed.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain import LegalBasis, RecipientRole
from desktop.errors import UserInputError
from desktop.reports.output import read_password_file
from desktop.services import validation as v
from desktop.storage.vault import Vault

if TYPE_CHECKING:
    from desktop.services.chart import ChartRecipient


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
    if args.kind == "chart":
        return _chart(vault, args, out, password)
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
        f"There is no '{args.kind}' report.", "Use incident, consent, disclosures or chart."
    )


def _chart(vault: Vault, args: argparse.Namespace, out: Path, password: str | None) -> Path:
    from desktop.reports.chart_report import export_chart_report
    from desktop.services.chart import (
        chart_disclosure,
        check_chart_disclosure,
        record_chart_disclosure,
    )

    recipient = _chart_recipient(args)
    notes = bool(args.include_psychotherapy_notes)
    if recipient is not None:  # refuse a bad disclosure before any file is written
        check_chart_disclosure(
            vault, chart_disclosure(args.id, recipient, "(not yet computed)", notes)
        )
    exported = export_chart_report(
        vault,
        args.id,
        out,
        include_psychotherapy_notes=notes,
        since=_since(args.since),
        password=password,
    )
    if recipient is not None:
        data = chart_disclosure(
            args.id, recipient, exported.fingerprint, exported.psychotherapy_notes_included
        )
        record_chart_disclosure(vault, data)
        print(f"Recorded as a disclosure to {recipient.name}.")
    else:
        print(
            "If this chart goes to anyone but the client, record the disclosure: give "
            "--disclosed-to, --legal-basis and --purpose, or use the client's Disclosures tab."
        )
    return exported.path


def _chart_recipient(args: argparse.Namespace) -> ChartRecipient | None:
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


def _since(text: str | None) -> date | None:
    return None if text is None else v.parse_date(text, "--since")
